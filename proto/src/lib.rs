//! Generated protobuf messages and gRPC stubs of the `tipwatch.v1` API,
//! the descriptor set that server reflection serves, and proto3 JSON
//! encoding of any message of the API, and the client side of
//! `grpc.health.v1` that the binaries' `health` subcommands use.
#![forbid(unsafe_code)]

pub mod health;
pub mod json;
pub mod names;
pub mod raw;

/// Messages and services of package `tipwatch.v1`.
#[allow(missing_docs, unreachable_pub, clippy::all, clippy::pedantic)]
pub mod pb {
    tonic::include_proto!("tipwatch.v1");
}

/// Encoded `google.protobuf.FileDescriptorSet` of every file of the API
/// and every file it imports.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/tipwatch_descriptor.bin"));

#[cfg(test)]
mod tests {
    use prost::Message;

    #[test]
    fn descriptor_set_holds_services_and_imports() {
        let fds = prost_types::FileDescriptorSet::decode(super::FILE_DESCRIPTOR_SET).unwrap();
        let names: Vec<&str> = fds.file.iter().map(|f| f.name()).collect();
        assert!(
            names.contains(&"google/protobuf/timestamp.proto"),
            "{names:?}"
        );
        let services: Vec<&str> = fds
            .file
            .iter()
            .flat_map(|f| f.service.iter().map(|s| s.name()))
            .collect();
        for s in ["QueryService", "RecordWriter", "IngestService"] {
            assert!(services.contains(&s), "{s} missing from {services:?}");
        }
    }
}
