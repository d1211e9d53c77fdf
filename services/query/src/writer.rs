//! `tipwatch.v1.RecordWriter`: the ingest workers' write API.

use std::sync::Arc;

use tipwatch_proto::pb::{self, record_writer_server::RecordWriter};
use tipwatch_store::Store;
use tokio::sync::watch;
use tonic::{Request, Response, Status};

use crate::{blocking, status::invalid_argument};

/// The write API over a shared store.
#[derive(Clone)]
pub struct WriterApi {
    store: Arc<Store>,
    /// Announces the newest change's sequence number to WatchRecords.
    changes: Arc<watch::Sender<u64>>,
}

impl WriterApi {
    /// Returns a write API for `store` that announces writes on `changes`.
    pub fn new(store: Arc<Store>, changes: Arc<watch::Sender<u64>>) -> Self {
        Self { store, changes }
    }
}

#[tonic::async_trait]
impl RecordWriter for WriterApi {
    async fn write_extraction(
        &self,
        req: Request<pb::WriteExtractionRequest>,
    ) -> Result<Response<pb::WriteExtractionResponse>, Status> {
        let x = req
            .into_inner()
            .extraction
            .ok_or_else(|| invalid_argument("extraction", "is required"))?;
        let source = x.source.clone();
        let out = blocking(&self.store, move |s| s.write_extraction(&x)).await?;
        if out.created {
            let last = blocking(&self.store, |s| s.last_sequence()).await?;
            self.changes.send_replace(last);
        }
        tracing::info!(document = %out.document, source = %source, created = out.created, "extraction written");
        let [organisations, people, funding_flows, events] = out.counts;
        Ok(Response::new(pb::WriteExtractionResponse {
            document: out.document,
            created: out.created,
            counts: Some(pb::RecordCounts {
                organisations,
                people,
                funding_flows,
                events,
            }),
        }))
    }
}
