//! Stored values: a format-version byte followed by the record's protobuf
//! encoding. A value with an unknown version is reported as corrupt, never
//! guessed at.

use prost::Message;

use crate::error::{Result, StoreError};

/// Format version of every value written by this build.
pub(crate) const FORMAT_V1: u8 = 1;

/// Encodes a record for storage.
pub(crate) fn encode<M: Message>(msg: &M) -> Vec<u8> {
    let mut v = Vec::with_capacity(1 + msg.encoded_len());
    v.push(FORMAT_V1);
    msg.encode(&mut v).expect("a Vec grows as needed");
    v
}

/// Decodes a stored record read from `tree` under `key`.
pub(crate) fn decode<M: Message + Default>(
    tree: &'static str,
    key: &[u8],
    bytes: &[u8],
) -> Result<M> {
    let corrupt = |reason: String| StoreError::Corrupt {
        tree,
        key: String::from_utf8_lossy(key).into_owned(),
        reason,
    };
    match bytes.split_first() {
        Some((&FORMAT_V1, body)) => M::decode(body).map_err(|e| corrupt(e.to_string())),
        Some((v, _)) => Err(corrupt(format!("unknown format version {v}"))),
        None => Err(corrupt("empty value".into())),
    }
}

#[cfg(test)]
mod tests {
    use tipwatch_proto::pb;

    #[test]
    fn round_trip_and_version_check() {
        let o = pb::Organisation {
            id: "organisations/x".into(),
            name: "X".into(),
            ..Default::default()
        };
        let bytes = super::encode(&o);
        let back: pb::Organisation = super::decode("organisations", b"k", &bytes).unwrap();
        assert_eq!(back, o);
        let mut bad = bytes.clone();
        bad[0] = 9;
        assert!(super::decode::<pb::Organisation>("organisations", b"k", &bad).is_err());
        assert!(super::decode::<pb::Organisation>("organisations", b"k", &[]).is_err());
    }
}
