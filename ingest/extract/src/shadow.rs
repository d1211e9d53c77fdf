//! An ASCII stand-in for a text, for whole-text regex searches. The regex
//! crate's fast engine (the lazy DFA) gives up on Unicode word boundaries
//! (`\b`) at the first non-ASCII byte and the search falls back to the
//! backtracker or the PikeVM, many times slower. A stand-in with the same
//! byte offsets, in which each non-ASCII character becomes `_` bytes (a
//! word character) or `\x01` bytes (not one), has the same word boundaries
//! and, for a pattern that can match none of those characters, the same
//! matches at the same offsets.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// True when `c` is a word character for `\b` (Unicode `\w`).
fn word_char(c: char) -> bool {
    static W: OnceLock<Regex> = OnceLock::new();
    let mut buf = [0u8; 4];
    W.get_or_init(|| Regex::new(r"\w").expect("word pattern"))
        .is_match(c.encode_utf8(&mut buf))
}

/// Characters a case-insensitive pattern of ASCII letters may match
/// although they are not ASCII ("K" Kelvin sign, long "ſ"): any whose
/// other case has an ASCII letter.
pub(crate) fn folds_to_ascii(c: char) -> bool {
    c.to_lowercase().any(|l| l.is_ascii()) || c.to_uppercase().any(|u| u.is_ascii())
}

/// The ASCII stand-in of `text`, or `None` when `text` holds a non-ASCII
/// character for which `risky` is true (one the pattern could match:
/// search `text` itself then). ASCII text is its own stand-in.
pub(crate) fn ascii(text: &str, risky: impl Fn(char) -> bool) -> Option<Cow<'_, str>> {
    if text.is_ascii() {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if risky(c) {
            return None;
        } else {
            let b = if word_char(c) { '_' } else { '\u{1}' };
            out.extend(std::iter::repeat_n(b, c.len_utf8()));
        }
    }
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_and_word_boundaries() {
        let text = "Zürich gave €5 to Ñandú";
        let s = ascii(text, |_| false).unwrap();
        assert_eq!(s.len(), text.len());
        let b = Regex::new(r"\b\w+\b").unwrap();
        let words = |t: &str| b.find_iter(t).map(|m| m.range()).collect::<Vec<_>>();
        assert_eq!(words(text), words(&s));
        let d = Regex::new(r"\d+").unwrap();
        assert_eq!(
            d.find(&s).map(|m| m.range()),
            d.find(text).map(|m| m.range())
        );
    }

    #[test]
    fn refuses_text_with_a_risky_character() {
        assert!(ascii("5\u{2003}million", char::is_whitespace).is_none());
        assert!(matches!(ascii("plain", |_| true), Some(Cow::Borrowed(_))));
        assert!(folds_to_ascii('\u{212A}') && folds_to_ascii('\u{17F}'));
        assert!(!folds_to_ascii('é') && !folds_to_ascii('€'));
    }
}
