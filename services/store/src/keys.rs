//! Key codecs of the index trees, alias normalisation and page tokens.
//!
//! Invariants:
//! - multi-valued index keys are `field ++ 0x00 ++ id`; the field never
//!   holds 0x00 (normalised text has no control characters);
//! - dates are big-endian `u32` `YYYYMMDD` with 0 for an unknown month or
//!   day, so byte order is time order; an undated record sorts first (0);
//! - alias keys are `normalised alias ++ 0x00 ++ scope`, scope being the
//!   normalised country for national bodies and empty otherwise.

use tipwatch_proto::pb;

use crate::error::{Result, StoreError};

/// Separator between a key's field and the id that follows it.
pub const SEP: u8 = 0;

/// Returns `YYYYMMDD` of a date (0 when absent or unknown).
pub fn date_num(d: Option<&pb::Date>) -> u32 {
    match d {
        Some(d) if d.year > 0 => {
            (d.year.clamp(0, 9999) as u32) * 10_000
                + (d.month.clamp(0, 12) as u32) * 100
                + d.day.clamp(0, 31) as u32
        }
        _ => 0,
    }
}

/// Returns the big-endian key bytes of a date.
pub fn date_key(d: Option<&pb::Date>) -> [u8; 4] {
    date_num(d).to_be_bytes()
}

/// Builds `field ++ 0x00 ++ id`.
pub fn index_key(field: &[u8], id: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(field.len() + 1 + id.len());
    k.extend_from_slice(field);
    k.push(SEP);
    k.extend_from_slice(id.as_bytes());
    k
}

/// Returns the id at the end of an index key whose field is `field_len`
/// bytes long.
pub fn id_of(key: &[u8], field_len: usize) -> Option<String> {
    let rest = key.get(field_len..)?;
    let rest = rest.strip_prefix(&[SEP])?;
    String::from_utf8(rest.to_vec()).ok()
}

/// Returns the id after the last separator of an index key.
pub fn trailing_id(key: &[u8]) -> Option<String> {
    let pos = key.iter().rposition(|b| *b == SEP)?;
    String::from_utf8(key[pos + 1..].to_vec()).ok()
}

pub use tipwatch_proto::names::norm_alias;

/// Builds an alias key: `norm(alias) ++ 0x00 ++ norm(scope)`.
pub fn alias_key(alias: &str, scope: &str) -> Vec<u8> {
    let mut k = norm_alias(alias).into_bytes();
    k.push(SEP);
    k.extend_from_slice(norm_alias(scope).as_bytes());
    k
}

/// Returns the prefix of every alias key of `alias`, whatever its scope.
pub fn alias_prefix(alias: &str) -> Vec<u8> {
    let mut k = norm_alias(alias).into_bytes();
    k.push(SEP);
    k
}

/// Encodes a page token: the index tag and the last key returned.
pub fn encode_token(tag: u8, last_key: &[u8]) -> String {
    let mut s = String::with_capacity(2 + last_key.len() * 2);
    s.push_str(&format!("{tag:02x}"));
    for b in last_key {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Decodes a page token made by [`encode_token`] for the index `tag`.
pub fn decode_token(tag: u8, token: &str) -> Result<Option<Vec<u8>>> {
    if token.is_empty() {
        return Ok(None);
    }
    let bad = |reason: &str| StoreError::InvalidArgument {
        field: "page_token",
        reason: reason.to_owned(),
    };
    if !token.len().is_multiple_of(2) || !token.is_ascii() {
        return Err(bad("not a token this service issued"));
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&token[i..i + 2], 16).ok())
        .collect();
    let bytes = bytes.ok_or_else(|| bad("not a token this service issued"))?;
    match bytes.split_first() {
        Some((t, rest)) if *t == tag => Ok(Some(rest.to_vec())),
        _ => Err(bad("the token belongs to another query")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spellings_fold_to_one_alias() {
        assert_eq!(
            norm_alias("International Organisation for Migration"),
            norm_alias("International Organization for Migration")
        );
        assert_eq!(
            norm_alias("the Ministry of the Interior"),
            "ministry of interior"
        );
        assert_eq!(norm_alias("FIA's"), "fia");
    }

    #[test]
    fn date_order_is_byte_order() {
        let a = date_key(Some(&pb::Date {
            year: 2021,
            month: 8,
            day: 30,
        }));
        let b = date_key(Some(&pb::Date {
            year: 2021,
            month: 9,
            day: 0,
        }));
        let c = date_key(None);
        assert!(c < a && a < b);
    }

    proptest! {
        #[test]
        fn index_key_round_trips(field in "[a-z ]{0,20}", id in "[a-z/0-9-]{1,30}") {
            let k = index_key(field.as_bytes(), &id);
            prop_assert_eq!(id_of(&k, field.len()), Some(id.clone()));
            prop_assert_eq!(trailing_id(&k), Some(id));
        }

        #[test]
        fn token_round_trips(tag in any::<u8>(), key in proptest::collection::vec(any::<u8>(), 0..40)) {
            let t = encode_token(tag, &key);
            prop_assert_eq!(decode_token(tag, &t).unwrap(), Some(key));
        }

        #[test]
        fn token_decoding_never_panics(tag in any::<u8>(), s in ".{0,40}") {
            let _ = decode_token(tag, &s);
        }
    }
}
