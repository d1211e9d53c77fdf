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
        .compile_fds(fds.clone())?;
    raw_server(fds, &out.join("raw"))?;
    Ok(())
}

/// Generates `QueryService`'s server a second time, into `out`, with
/// `raw::Encoded` messages as the answers of the methods that send
/// stored records (see `src/raw.rs`); every other type is `pb`'s.
fn raw_server(
    mut fds: prost_types::FileDescriptorSet,
    out: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    fs::create_dir_all(out)?;
    for f in &mut fds.file {
        if f.name() != "tipwatch/v1/query_service.proto" {
            f.service.clear();
        }
    }
    let mut config = tonic_prost_build::configure()
        .build_client(false)
        .build_server(true)
        .out_dir(out)
        .extern_path(".tipwatch.v1", "crate::pb");
    for message in [
        "Organisation",
        "Document",
        "ListOrganisationsResponse",
        "ListFundingFlowsResponse",
        "ListEventsResponse",
        "ListPeopleResponse",
        "ListDocumentsResponse",
        "ListMentionsResponse",
    ] {
        config = config.extern_path(
            format!(".tipwatch.v1.{message}"),
            format!("crate::raw::{message}"),
        );
    }
    config.compile_fds(fds)?;
    Ok(())
}
