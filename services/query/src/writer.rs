//! `tipwatch.v1.RecordWriter`: the ingest workers' write API.

use std::sync::Arc;

use tipwatch_proto::pb::{self, record_writer_server::RecordWriter};
use tipwatch_store::Store;
use tonic::{Request, Response, Status};

use crate::{blocking, status::invalid_argument};

/// The write API over a shared store.
#[derive(Clone)]
pub struct WriterApi {
    store: Arc<Store>,
}

impl WriterApi {
    /// Returns a write API for `store`.
    pub fn new(store: Arc<Store>) -> Self {
        Self { store }
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
