//! The tipwatch query service: owns the sled store, answers
//! `tipwatch.v1.QueryService` and takes writes from ingest workers through
//! `tipwatch.v1.RecordWriter`, with health and server reflection beside.
#![forbid(unsafe_code)]

mod funding;
pub mod limits;
pub mod options;
mod query;
mod requests;
pub mod server;
pub mod status;
pub mod validate;
mod writer;

use std::sync::Arc;

use tipwatch_store::Store;

pub use options::ServeOptions;
pub use query::QueryApi;
pub use server::{serve, ServeError};
pub use writer::WriterApi;

/// Largest request or response message accepted, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

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

/// Runs a bounded store read on the calling task: a read touches at most
/// [`tipwatch_store::MAX_KEYS_READ`] index keys and one page of records,
/// mostly from sled's cache, which costs less than handing the work to
/// the blocking pool and back (two thread wake-ups per call).
pub(crate) async fn read<R, F>(store: &Arc<Store>, f: F) -> Result<R, tonic::Status>
where
    F: FnOnce(&Store) -> tipwatch_store::Result<R>,
{
    f(store).map_err(status::from_store)
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
