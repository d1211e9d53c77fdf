//! Stage 1: bytes to normalised text. UTF-8 with invalid bytes replaced,
//! binary refused, HTML reduced to its paragraphs (script, style and
//! navigation dropped), quotes, dashes and spaces normalised (NFC).

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::error::ExtractError;

/// The largest document [`decode`] reads, in bytes (8 MiB: a very long
/// report; news pages are tens of kilobytes). Larger content is refused
/// with [`ExtractError::TooLarge`] before any work is done on it.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// How the caller says the content is encoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MediaType {
    /// Detect from the content.
    #[default]
    Detect,
    /// Plain text.
    Text,
    /// HTML.
    Html,
}

/// Returns the document's text: decoded, HTML removed, normalised.
pub fn decode(bytes: &[u8], media: MediaType) -> Result<String, ExtractError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    refuse_binary(bytes)?;
    let raw = String::from_utf8_lossy(bytes);
    let is_html = match media {
        MediaType::Html => true,
        MediaType::Text => false,
        MediaType::Detect => looks_like_html(&raw),
    };
    let text = if is_html {
        crate::html::to_text(&raw)
    } else {
        raw.into_owned()
    };
    let text = normalise(&text);
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(text)
}

fn refuse_binary(bytes: &[u8]) -> Result<(), ExtractError> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(ExtractError::Binary("it holds NUL bytes"));
    }
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if !head.is_empty() && control * 10 > head.len() {
        return Err(ExtractError::Binary("it is mostly control characters"));
    }
    Ok(())
}

fn looks_like_html(s: &str) -> bool {
    let head: String = s
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || ["<body", "<p>", "<p ", "<div", "<article", "<head"]
            .iter()
            .any(|t| head.contains(t))
}

/// Normalises Unicode (NFC), quotes, dashes, spaces and line ends.
pub fn normalise(s: &str) -> String {
    // Text the quick check finds in NFC already (all ASCII text is) skips
    // the composing pass, which buffers every character.
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        map_chars(s.chars(), s.len())
    } else {
        map_chars(s.nfc(), s.len())
    }
}

/// Maps quotes, dashes, spaces and line ends of NFC characters.
fn map_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    for c in chars {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => out.push('"'),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => {
                out.push(' ')
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\u{2026}' => out.push_str("..."),
            '\u{2022}' | '\u{25CF}' | '\u{25AA}' => out.push('\u{2022}'),
            '\r' => {}
            '\t' | '\u{0C}' => out.push(' '),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_paragraphs_and_drops_scripts_and_navigation() {
        let html = "<html><head><title>T</title><script>var x = 1;</script></head><body>\
            <nav><a>Home</a> <a>News</a></nav><article><h1>Big  news</h1>\
            <p>First <b>para</b>.</p><p>Second<br>line.</p></article><footer>(c) site</footer></body></html>";
        let t = decode(html.as_bytes(), MediaType::Detect).unwrap();
        assert!(t.contains("Big news"), "{t}");
        assert!(t.contains("First para."));
        assert!(t.contains("Second\nline."));
        assert!(!t.contains("var x"));
        assert!(!t.contains("Home"));
        assert!(!t.contains("(c) site"));
        assert!(t.contains("First para.\n\n"));
    }

    #[test]
    fn quotes_dashes_and_spaces_are_normalised() {
        assert_eq!(
            normalise("\u{201C}Hi\u{201D} \u{2013} it\u{2019}s\u{00A0}ok\r\n"),
            "\"Hi\" - it's ok\n"
        );
    }

    #[test]
    fn content_over_the_limit_is_refused() {
        let big = vec![b'a'; MAX_DOCUMENT_BYTES + 1];
        assert_eq!(
            decode(&big, MediaType::Text),
            Err(ExtractError::TooLarge {
                size: MAX_DOCUMENT_BYTES + 1,
                limit: MAX_DOCUMENT_BYTES
            })
        );
        assert!(decode(&big[..MAX_DOCUMENT_BYTES], MediaType::Text).is_ok());
    }

    #[test]
    fn invalid_utf8_is_replaced_and_binary_refused() {
        let t = decode(b"caf\xe9 ok", MediaType::Text).unwrap();
        assert!(t.contains('\u{FFFD}'));
        assert!(matches!(
            decode(b"\x7fELF\0\0\x01", MediaType::Detect),
            Err(ExtractError::Binary(_))
        ));
        assert_eq!(
            decode(b"  \n ", MediaType::Detect),
            Err(ExtractError::Empty)
        );
    }
}
