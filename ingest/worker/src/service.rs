//! `tipwatch.v1.IngestService`: documents from other systems, parsed here
//! and forwarded to the query service's RecordWriter. Extraction stops
//! between stages when the call's deadline passes or its client goes
//! away; a stream works on up to `concurrency` documents at once and
//! answers in order.

use std::{
    pin::Pin,
    sync::{atomic::AtomicBool, Arc},
    time::{Duration, Instant},
};

use futures::{Stream, StreamExt};
use tipwatch_proto::pb::{self, ingest_service_server::IngestService};
use tonic::{Request, Response, Status, Streaming};

use crate::client::{self, Writer};
use crate::error::IngestError;
use crate::pipeline::{self, Cancel, CancelOnDrop};

/// The ingest service, forwarding to one query service.
#[derive(Clone)]
pub(crate) struct IngestApi {
    writer: Writer,
    retries: u32,
    concurrency: usize,
}

impl IngestApi {
    /// Returns a service that writes through `writer`, retrying writes
    /// `retries` times and working on `concurrency` documents of a stream
    /// at once.
    pub(crate) fn new(writer: Writer, retries: u32, concurrency: usize) -> Self {
        Self {
            writer,
            retries,
            concurrency: concurrency.max(1),
        }
    }
}

/// The deadline a client set with `grpc-timeout` (`<digits><unit>`).
fn deadline<T>(req: &Request<T>) -> Option<Instant> {
    let v = req.metadata().get("grpc-timeout")?.to_str().ok()?;
    let (n, unit) = v.split_at(v.len().checked_sub(1)?);
    let n: u64 = n.parse().ok()?;
    let d = match unit {
        "H" => Duration::from_secs(n.saturating_mul(3600)),
        "M" => Duration::from_secs(n.saturating_mul(60)),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => return None,
    };
    Instant::now().checked_add(d)
}

async fn parse(
    req: &pb::SubmitDocumentRequest,
    cancel: Cancel,
) -> Result<pb::Extraction, IngestError> {
    if req.source.trim().is_empty() {
        return Err(IngestError::InvalidArgument {
            field: "source",
            reason: "must name the document's file or URI".into(),
        });
    }
    if req.content.is_empty() {
        return Err(IngestError::InvalidArgument {
            field: "content",
            reason: "is empty".into(),
        });
    }
    let media = pipeline::parse_media_type(&req.media_type)?;
    pipeline::extract(req.source.clone(), req.content.clone(), media, cancel).await
}

async fn submit(
    api: &IngestApi,
    req: pb::SubmitDocumentRequest,
    cancel: Cancel,
) -> Result<pb::SubmitDocumentResponse, IngestError> {
    let result = async {
        let x = parse(&req, cancel).await?;
        client::store(&api.writer, x, api.retries).await
    }
    .await;
    let out = match result {
        Ok(out) => out,
        Err(e) => {
            metrics::counter!("tipwatch_ingest_documents_total", "outcome" => "failed")
                .increment(1);
            return Err(e);
        }
    };
    let outcome = if out.created { "created" } else { "unchanged" };
    metrics::counter!("tipwatch_ingest_documents_total", "outcome" => outcome).increment(1);
    tracing::info!(source = %req.source, document = %out.document, created = out.created, "document stored");
    Ok(pb::SubmitDocumentResponse {
        source: req.source,
        document: out.document,
        created: out.created,
        counts: out.counts,
        error: String::new(),
    })
}

type ResponseStream =
    Pin<Box<dyn Stream<Item = Result<pb::SubmitDocumentResponse, Status>> + Send>>;

#[tonic::async_trait]
impl IngestService for IngestApi {
    async fn submit_document(
        &self,
        req: Request<pb::SubmitDocumentRequest>,
    ) -> Result<Response<pb::SubmitDocumentResponse>, Status> {
        let guard = CancelOnDrop(Arc::new(AtomicBool::new(false)));
        let cancel = pipeline::until(guard.0.clone(), deadline(&req));
        Ok(Response::new(submit(self, req.into_inner(), cancel).await?))
    }

    type SubmitDocumentsStream = ResponseStream;

    async fn submit_documents(
        &self,
        req: Request<Streaming<pb::SubmitDocumentRequest>>,
    ) -> Result<Response<Self::SubmitDocumentsStream>, Status> {
        let until = deadline(&req);
        let input = req.into_inner();
        let api = self.clone();
        let (tx, rx) = tokio::sync::mpsc::channel(api.concurrency);
        tokio::spawn(async move {
            // The client going away (the answer channel closing) or the
            // deadline passing cancels the extractions in flight.
            let gone = tx.clone();
            let flag = Arc::new(AtomicBool::new(false));
            let cancel: Cancel = {
                let inner = pipeline::until(flag.clone(), until);
                Arc::new(move || gone.is_closed() || inner())
            };
            let concurrency = api.concurrency;
            let mut replies = input
                .map(|item| {
                    let api = api.clone();
                    let cancel = cancel.clone();
                    async move {
                        let r = item?;
                        let source = r.source.clone();
                        Ok(match submit(&api, r, cancel).await {
                            Ok(ok) => ok,
                            Err(e) => {
                                tracing::warn!(source = %source, error = %e, "document refused");
                                pb::SubmitDocumentResponse {
                                    source,
                                    error: e.to_string(),
                                    ..Default::default()
                                }
                            }
                        })
                    }
                })
                .buffered(concurrency);
            while let Some(reply) = replies.next().await {
                let stop = reply.is_err();
                if tx.send(reply).await.is_err() || stop {
                    break;
                }
            }
            drop(CancelOnDrop(flag));
        });
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        )))
    }

    async fn extract_document(
        &self,
        req: Request<pb::SubmitDocumentRequest>,
    ) -> Result<Response<pb::Extraction>, Status> {
        let guard = CancelOnDrop(Arc::new(AtomicBool::new(false)));
        let cancel = pipeline::until(guard.0.clone(), deadline(&req));
        Ok(Response::new(parse(req.get_ref(), cancel).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeouts_become_deadlines() {
        let mut req = Request::new(());
        assert!(deadline(&req).is_none());
        req.metadata_mut()
            .insert("grpc-timeout", "250m".parse().unwrap());
        let d = deadline(&req).unwrap();
        let left = d - Instant::now();
        assert!(left <= Duration::from_millis(250) && left > Duration::from_millis(100));
        req.metadata_mut()
            .insert("grpc-timeout", "5x".parse().unwrap());
        assert!(deadline(&req).is_none());
    }
}
