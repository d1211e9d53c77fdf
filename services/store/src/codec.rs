//! Stored values: a format byte followed by the record's protobuf
//! encoding, either as is ([`FORMAT_RAW`]) or compressed with zstd
//! ([`FORMAT_ZSTD`]: the encoding's length as 4 little-endian bytes, then
//! one zstd frame). sled's own page compression is off: it compressed
//! every page it wrote (a new compression context each time), so a value
//! was compressed again on every rewrite of its page; here a value is
//! compressed once, when it is written, with a compression context reused
//! by its thread. Small values, and values that zstd does not shrink, stay
//! raw. (A store created with sled's page compression, before this
//! format, still opens with it: see `Store::open`.) A value with an unknown format byte is reported as corrupt, never
//! guessed at.

use std::cell::RefCell;

use prost::Message;

use crate::error::{Result, StoreError};

/// Format byte of a value stored as its plain protobuf encoding.
pub(crate) const FORMAT_RAW: u8 = 1;
/// Format byte of a value stored as `len (u32 LE) ++ zstd frame`.
pub(crate) const FORMAT_ZSTD: u8 = 2;
/// Encodings shorter than this are stored raw (zstd's frame costs more
/// than it saves).
const COMPRESS_FROM: usize = 96;
/// zstd level: the fastest, compression runs once per value written.
const LEVEL: i32 = 1;
/// Largest decoded value accepted (a corrupt length never allocates more).
const MAX_DECODED: usize = 64 << 20;

thread_local! {
    static COMPRESSOR: RefCell<zstd::block::Compressor> = RefCell::new(zstd::block::Compressor::new());
    static DECOMPRESSOR: RefCell<zstd::block::Decompressor> = RefCell::new(zstd::block::Decompressor::new());
}

/// Encodes a record for storage.
pub(crate) fn encode<M: Message>(msg: &M) -> Vec<u8> {
    let raw = msg.encode_to_vec();
    if raw.len() >= COMPRESS_FROM {
        if let Some(v) = compress(&raw) {
            return v;
        }
    }
    let mut v = Vec::with_capacity(1 + raw.len());
    v.push(FORMAT_RAW);
    v.extend_from_slice(&raw);
    v
}

/// `FORMAT_ZSTD ++ len ++ frame` when that is shorter than the raw form.
fn compress(raw: &[u8]) -> Option<Vec<u8>> {
    let len = u32::try_from(raw.len()).ok()?;
    let mut out = Vec::with_capacity(5 + zstd::zstd_safe::compress_bound(raw.len()));
    out.push(FORMAT_ZSTD);
    out.extend_from_slice(&len.to_le_bytes());
    let frame = COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        let mut frame = Vec::with_capacity(zstd::zstd_safe::compress_bound(raw.len()));
        c.compress_to_buffer(raw, &mut frame, LEVEL).ok()?;
        Some(frame)
    })?;
    // Stored compressed only when shorter: 5 + frame < 1 + raw.
    if frame.len() + 4 >= raw.len() {
        return None;
    }
    out.extend_from_slice(&frame);
    Some(out)
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
        Some((&FORMAT_RAW, body)) => M::decode(body).map_err(|e| corrupt(e.to_string())),
        Some((&FORMAT_ZSTD, body)) => {
            let raw = decompress(body).map_err(corrupt)?;
            M::decode(raw.as_slice()).map_err(|e| corrupt(e.to_string()))
        }
        Some((v, _)) => Err(corrupt(format!("unknown format version {v}"))),
        None => Err(corrupt("empty value".into())),
    }
}

/// Decompresses `len (u32 LE) ++ zstd frame`.
fn decompress(body: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let (len, frame) = body
        .split_first_chunk::<4>()
        .ok_or_else(|| "compressed value shorter than its length".to_owned())?;
    let len = u32::from_le_bytes(*len) as usize;
    if len > MAX_DECODED {
        return Err(format!("compressed value claims {len} bytes"));
    }
    let mut out = Vec::with_capacity(len);
    let n = DECOMPRESSOR
        .with(|d| d.borrow_mut().decompress_to_buffer(frame, &mut out))
        .map_err(|e| format!("zstd: {e}"))?;
    if n != len {
        return Err(format!("decompressed to {n} bytes, expected {len}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use tipwatch_proto::pb;

    use super::{FORMAT_RAW, FORMAT_ZSTD};

    fn org(name: &str, words: usize) -> pb::Organisation {
        pb::Organisation {
            id: "organisations/x".into(),
            name: name.into(),
            evidence: (0..words)
                .map(|i| pb::Evidence {
                    document: format!("documents/{i:064x}"),
                    start: i as u32,
                    end: i as u32 + 5,
                    sentence: "The agency signed an agreement with the ministry.".into(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn round_trip_raw_and_compressed() {
        for o in [org("X", 0), org("Relief Network", 8)] {
            let bytes = super::encode(&o);
            let back: pb::Organisation = super::decode("organisations", b"k", &bytes).unwrap();
            assert_eq!(back, o);
        }
        let small = super::encode(&org("X", 0));
        assert_eq!(small[0], FORMAT_RAW);
        let big_org = org("Relief Network", 8);
        let big = super::encode(&big_org);
        assert_eq!(big[0], FORMAT_ZSTD);
        assert!(big.len() < prost::Message::encoded_len(&big_org) / 2);
    }

    #[test]
    fn bad_values_are_corrupt_not_guessed() {
        let bytes = super::encode(&org("Relief Network", 8));
        let mut bad = bytes.clone();
        bad[0] = 9;
        assert!(super::decode::<pb::Organisation>("organisations", b"k", &bad).is_err());
        assert!(super::decode::<pb::Organisation>("organisations", b"k", &[]).is_err());
        // A truncated frame, a wrong length and a huge length.
        let cut = &bytes[..bytes.len() - 3];
        assert!(super::decode::<pb::Organisation>("organisations", b"k", cut).is_err());
        let mut wrong = bytes.clone();
        wrong[1] = wrong[1].wrapping_add(1);
        assert!(super::decode::<pb::Organisation>("organisations", b"k", &wrong).is_err());
        let mut huge = bytes;
        huge[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(super::decode::<pb::Organisation>("organisations", b"k", &huge).is_err());
    }
}
