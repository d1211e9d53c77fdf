//! The tipwatch query service: owns the sled store, answers
//! `tipwatch.v1.QueryService` and takes writes from ingest workers through
//! `tipwatch.v1.RecordWriter`, with health and server reflection beside.
#![forbid(unsafe_code)]

mod funding;
mod query;
mod requests;
pub mod status;
mod writer;

use std::{future::Future, sync::Arc};

use tipwatch_proto::pb::{
    query_service_server::QueryServiceServer, record_writer_server::RecordWriterServer,
};
use tipwatch_store::Store;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::Server;

pub use query::QueryApi;
pub use writer::WriterApi;

/// Largest request or response message accepted, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// Serves the query service, the record writer, health and reflection on
/// an already-bound listener until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    store: Arc<Store>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), tonic::transport::Error> {
    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_serving::<QueryServiceServer<QueryApi>>().await;
    health.set_serving::<RecordWriterServer<WriterApi>>().await;
    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(tipwatch_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .expect("the API descriptor set is valid");
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(tipwatch_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
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
    let writer = RecordWriterServer::new(WriterApi::new(store, changes))
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES);
    Server::builder()
        .trace_fn(|req| tracing::info_span!("grpc", method = %req.uri().path()))
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(query)
        .add_service(writer)
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
}

/// Completes on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received");
}

/// Runs a store operation on the blocking pool.
pub(crate) async fn blocking<R, F>(store: &Arc<Store>, f: F) -> Result<R, tonic::Status>
where
    R: Send + 'static,
    F: FnOnce(&Store) -> tipwatch_store::Result<R> + Send + 'static,
{
    let store = store.clone();
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .map_err(|e| tonic::Status::internal(format!("store task failed: {e}")))?
        .map_err(status::from_store)
}
