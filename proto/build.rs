//! Compiles `tipwatch/v1/*.proto` with protox (no system `protoc`) and
//! writes the descriptor set that reflection and JSON encoding read.

use std::{env, fs, path::PathBuf};

use prost::Message;

const PROTOS: &[&str] = &[
    "tipwatch/v1/common.proto",
    "tipwatch/v1/records.proto",
    "tipwatch/v1/query_service.proto",
    "tipwatch/v1/write_service.proto",
    "tipwatch/v1/ingest_service.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(env::var("OUT_DIR")?);
    let files: Vec<PathBuf> = PROTOS.iter().map(|p| root.join(p)).collect();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let fds = protox::compile(&files, [&root])?;
    fs::write(out.join("tipwatch_descriptor.bin"), fds.encode_to_vec())?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(fds)?;
    Ok(())
}
