//! The query service's server: QueryService and RecordWriter behind their
//! token gates, health, reflection (exactly the services served, with the
//! `google.rpc` error details), TLS, deadlines, stream caps and metrics.

use std::{future::Future, path::PathBuf, sync::Arc};

use tipwatch_proto::{
    pb::record_writer_server::RecordWriterServer, raw::query_service_server::QueryServiceServer,
};
use tipwatch_store::Store;
use tipwatch_transport::{auth::Gate, metrics::GrpcMetricsLayer, ConfigError};
use tokio::net::TcpListener;
use tonic::{service::interceptor::InterceptedService, transport::Server};

use crate::{limits::StreamLimit, options::ServeOptions, QueryApi, WriterApi, MAX_MESSAGE_BYTES};

/// Most concurrent calls on one HTTP/2 connection.
const MAX_STREAMS_PER_CONNECTION: u32 = 256;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A token, certificate or key could not be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The transport failed.
    #[error("{0}")]
    Transport(#[from] tonic::transport::Error),
}

/// The services each process lists through reflection.
const SERVICES: [&str; 5] = [
    "tipwatch.v1.QueryService",
    "tipwatch.v1.RecordWriter",
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
];

/// A reflection builder listing `services`, with the API, health and
/// `google.rpc` error-detail descriptors registered.
pub fn reflection<'a>(services: &[&str]) -> tonic_reflection::server::Builder<'a> {
    let mut b = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(tipwatch_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET);
    for s in services {
        b = b.with_service_name(*s);
    }
    b
}

/// Serves the query service, the record writer, health and reflection on
/// an already-bound listener until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    store: Arc<Store>,
    options: &ServeOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let tokens = options.tokens()?;
    if tokens.is_empty() {
        tracing::warn!(
            "no write token configured (--token-file, TIPWATCH_TOKEN_FILE, TIPWATCH_TOKENS): \
             every write is refused"
        );
    }
    let tls =
        tipwatch_transport::tls::server(options.tls_cert.as_deref(), options.tls_key.as_deref())?;
    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_serving::<QueryServiceServer<QueryApi>>().await;
    health.set_serving::<RecordWriterServer<WriterApi>>().await;
    let reflection_v1 = reflection(&SERVICES)
        .build_v1()
        .expect("the API descriptor set is valid");
    let reflection_v1alpha = reflection(&SERVICES)
        .build_v1alpha()
        .expect("the API descriptor set is valid");
    let (changes, changes_rx) = tokio::sync::watch::channel(store.last_sequence().unwrap_or(0));
    let changes = Arc::new(changes);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    // Open WatchRecords streams end when the server starts shutting down.
    let shutdown = async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    };
    let query = QueryServiceServer::new(QueryApi::new(store.clone(), changes_rx, stop_rx))
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES);
    let query = StreamLimit::new(
        InterceptedService::new(query, Gate::when(tokens.clone(), options.require_read_auth)),
        options.max_watch_streams,
    );
    let writer = RecordWriterServer::new(WriterApi::new(store, changes))
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES);
    let writer = InterceptedService::new(writer, Gate::required(tokens));
    let mut builder = Server::builder()
        .timeout(options.timeout())
        .max_concurrent_streams(MAX_STREAMS_PER_CONNECTION);
    if let Some(tls) = tls {
        builder = builder.tls_config(tls)?;
    }
    builder
        .trace_fn(|req| tracing::info_span!("grpc", method = %req.uri().path()))
        .layer(GrpcMetricsLayer)
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(query)
        .add_service(writer)
        .serve_with_incoming_shutdown(
            tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true)),
            shutdown,
        )
        .await?;
    Ok(())
}

/// Starts the Prometheus endpoint on `addr`: the gRPC metrics of the
/// layer above plus `tipwatch_store_bytes`, the size of `data` on disk.
pub async fn start_metrics(addr: &str, data: PathBuf) -> Result<std::net::SocketAddr, String> {
    let on_scrape = Arc::new(move || {
        metrics::gauge!("tipwatch_store_bytes").set(dir_size(&data) as f64);
    });
    tipwatch_transport::metrics::start("tipwatch-query", addr, on_scrape).await
}

/// Bytes of the files under `dir` (sled keeps a handful of files).
fn dir_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
