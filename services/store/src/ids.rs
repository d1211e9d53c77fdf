//! Record ids: readable slugs for organisations and people, content-derived
//! hashes for documents, flows and events, so that ids survive re-ingest.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Returns a lowercase ASCII slug of `s` (accents folded, words joined by
/// `-`, at most 60 characters); "x" when nothing is left.
pub fn slug(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    let mut out = String::new();
    for w in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.len() + w.len() + 1 > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_ascii_lowercase());
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// Returns the first 16 hex digits of the SHA-256 of the parts, each
/// followed by a 0x1f separator.
pub fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(&h.finalize()[..8])
}

/// Returns the lowercase hex SHA-256 of raw bytes.
pub fn content_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(
            super::slug("Government of Denmark"),
            "government-of-denmark"
        );
        assert_eq!(super::slug("Türkiye's Ministry"), "turkiye-s-ministry");
        assert_eq!(super::slug("…"), "x");
    }

    #[test]
    fn hashes_separate_parts() {
        assert_ne!(
            super::short_hash(&["ab", "c"]),
            super::short_hash(&["a", "bc"])
        );
    }
}
