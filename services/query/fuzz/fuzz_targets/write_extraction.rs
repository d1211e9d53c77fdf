//! Arbitrary bytes as a `WriteExtractionRequest`: decoding and validation
//! never panic, and every refusal names at least one field and maps to an
//! INVALID_ARGUMENT status with a bounded message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prost::Message;
use tipwatch_proto::pb;
use tipwatch_query::{status, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(req) = pb::WriteExtractionRequest::decode(data) else {
        return;
    };
    let Some(x) = req.extraction else {
        return;
    };
    if let Err(e) = validate::Checked::try_from(x) {
        assert!(!e.violations.is_empty());
        let s = status::from_invalid(e);
        assert_eq!(s.code(), tonic::Code::InvalidArgument);
        assert!(s.message().len() < 2_000);
    }
});
