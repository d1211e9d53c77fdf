//! Fuzzes the one entry point with arbitrary bytes, as text and as HTML:
//! `extract` must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tipwatch_extract::{extract, Hints, MediaType};

fuzz_target!(|data: &[u8]| {
    for media_type in [MediaType::Detect, MediaType::Text, MediaType::Html] {
        let _ = extract(data, &Hints { source: "fuzz".into(), media_type });
    }
});
