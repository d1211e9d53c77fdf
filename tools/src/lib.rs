//! Instruments for scale runs of tipwatch: a generator of news-like
//! documents written from our own word pools ([`docgen`]), a gRPC load
//! generator that runs any query beside `grpc.health.v1.Health/Check` on
//! the same connections and reports QPS and latency percentiles
//! ([`load`]), and a filler that sends documents to a worker's
//! `IngestService` with many requests in flight ([`ingest`]).
#![forbid(unsafe_code)]

pub mod calls;
pub mod codec;
pub mod connect;
pub mod docgen;
pub mod error;
pub mod ingest;
pub mod load;
mod pools;
pub mod runner;
