//! `tipwatch.v1.RecordWriter`: the ingest workers' write API, with group
//! commit.
//!
//! Every `WriteExtraction` call hands its extraction to one batching task
//! through a bounded channel, with a oneshot for its answer. The task
//! takes every request that is waiting (up to [`tipwatch_store::MAX_BATCH`]),
//! writes them with [`Store::write_batch`] (one sled transaction, one
//! flush) and only then answers each caller. A call is therefore
//! acknowledged only after the flush that holds its document: a crash
//! before that loses nothing that was acknowledged. While one batch is
//! being written, the next one fills, so the batch size follows the load.

use std::sync::Arc;

use tipwatch_proto::pb::{self, record_writer_server::RecordWriter};
use tipwatch_store::{Store, WriteOutcome, MAX_BATCH};
use tokio::sync::{mpsc, oneshot, watch};
use tonic::{Request, Response, Status};

use crate::status::{from_store, invalid_argument};

/// Requests waiting for the batching task, at most.
const QUEUE: usize = 4 * MAX_BATCH;

type Ack = oneshot::Sender<Result<WriteOutcome, Status>>;

/// The write API over a shared store.
#[derive(Clone)]
pub struct WriterApi {
    queue: mpsc::Sender<(pb::Extraction, Ack)>,
}

impl WriterApi {
    /// Returns a write API for `store` that announces writes on `changes`,
    /// and starts its batching task (it ends when the last handle drops).
    pub fn new(store: Arc<Store>, changes: Arc<watch::Sender<u64>>) -> Self {
        let (queue, rx) = mpsc::channel(QUEUE);
        tokio::spawn(batcher(store, changes, rx));
        Self { queue }
    }
}

/// Writes waiting requests in batches and answers each after its flush.
async fn batcher(
    store: Arc<Store>,
    changes: Arc<watch::Sender<u64>>,
    mut rx: mpsc::Receiver<(pb::Extraction, Ack)>,
) {
    let mut waiting = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut waiting, MAX_BATCH).await > 0 {
        let (docs, acks): (Vec<pb::Extraction>, Vec<Ack>) =
            std::mem::take(&mut waiting).into_iter().unzip();
        let store2 = store.clone();
        let written = tokio::task::spawn_blocking(move || {
            let outs = store2.write_batch(&docs);
            let last = store2.last_sequence();
            (outs, last)
        })
        .await;
        match written {
            Ok((outs, last)) => {
                if outs.iter().any(|o| matches!(o, Ok(w) if w.created)) {
                    if let Ok(last) = last {
                        changes.send_replace(last);
                    }
                }
                tracing::debug!(documents = outs.len(), "batch written and flushed");
                for (ack, out) in acks.into_iter().zip(outs) {
                    let _ = ack.send(out.map_err(from_store));
                }
            }
            Err(e) => {
                for ack in acks {
                    let _ = ack.send(Err(Status::internal(format!("store task failed: {e}"))));
                }
            }
        }
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
        // Every field is checked before the store sees it (issue 9).
        let x = crate::validate::Checked::try_from(x)
            .map_err(crate::status::from_invalid)?
            .into_inner();
        let source = x.source.clone();
        let (ack, answer) = oneshot::channel();
        self.queue
            .send((x, ack))
            .await
            .map_err(|_| Status::unavailable("the writer is shutting down"))?;
        let out = answer
            .await
            .map_err(|_| Status::unavailable("the writer stopped before answering"))??;
        tracing::info!(document = %out.document, source = %source, created = out.created, "extraction written");
        let outcome = if out.created { "created" } else { "unchanged" };
        metrics::counter!("tipwatch_documents_written_total", "outcome" => outcome).increment(1);
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
