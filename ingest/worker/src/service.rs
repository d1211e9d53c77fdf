//! `tipwatch.v1.IngestService`: documents from other systems, parsed here
//! and forwarded to the query service's RecordWriter.

use std::pin::Pin;

use futures::Stream;
use tipwatch_proto::pb::{
    self, ingest_service_server::IngestService, record_writer_client::RecordWriterClient,
};
use tokio_stream::StreamExt;
use tonic::{transport::Channel, Request, Response, Status, Streaming};

use crate::error::IngestError;
use crate::pipeline;

/// The ingest service, forwarding to one query service.
#[derive(Clone)]
pub(crate) struct IngestApi {
    writer: RecordWriterClient<Channel>,
}

impl IngestApi {
    /// Returns a service that writes through `writer`.
    pub(crate) fn new(writer: RecordWriterClient<Channel>) -> Self {
        Self { writer }
    }
}

async fn parse(req: &pb::SubmitDocumentRequest) -> Result<pb::Extraction, IngestError> {
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
    pipeline::extract(req.source.clone(), req.content.clone(), media).await
}

async fn submit(
    writer: &mut RecordWriterClient<Channel>,
    req: pb::SubmitDocumentRequest,
) -> Result<pb::SubmitDocumentResponse, IngestError> {
    let x = parse(&req).await?;
    let out = pipeline::store(writer, x).await?;
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
        let mut writer = self.writer.clone();
        Ok(Response::new(submit(&mut writer, req.into_inner()).await?))
    }

    type SubmitDocumentsStream = ResponseStream;

    async fn submit_documents(
        &self,
        req: Request<Streaming<pb::SubmitDocumentRequest>>,
    ) -> Result<Response<Self::SubmitDocumentsStream>, Status> {
        let mut input = req.into_inner();
        let mut writer = self.writer.clone();
        let output = async_stream(move |tx| async move {
            while let Some(item) = input.next().await {
                let reply = match item {
                    Ok(r) => {
                        let source = r.source.clone();
                        match submit(&mut writer, r).await {
                            Ok(ok) => Ok(ok),
                            Err(e) => {
                                tracing::warn!(source = %source, error = %e, "document refused");
                                Ok(pb::SubmitDocumentResponse {
                                    source,
                                    error: e.to_string(),
                                    ..Default::default()
                                })
                            }
                        }
                    }
                    Err(status) => Err(status),
                };
                let stop = reply.is_err();
                if tx.send(reply).await.is_err() || stop {
                    break;
                }
            }
        });
        Ok(Response::new(Box::pin(output)))
    }

    async fn extract_document(
        &self,
        req: Request<pb::SubmitDocumentRequest>,
    ) -> Result<Response<pb::Extraction>, Status> {
        Ok(Response::new(parse(req.get_ref()).await?))
    }
}

/// Runs `f` with a channel sender and returns the receiver as a stream.
fn async_stream<F, Fut>(f: F) -> impl Stream<Item = Result<pb::SubmitDocumentResponse, Status>>
where
    F: FnOnce(tokio::sync::mpsc::Sender<Result<pb::SubmitDocumentResponse, Status>>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    tokio::spawn(f(tx));
    tokio_stream::wrappers::ReceiverStream::new(rx)
}
