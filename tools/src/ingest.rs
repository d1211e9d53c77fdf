//! Ingest load: documents (generated, or read from a directory) sent to
//! a worker's `IngestService/SubmitDocument` with many requests in
//! flight. A document counts when the worker answers, that is after the
//! query service has stored and flushed it: the rate is end to end and
//! durable.

use std::{
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
};

use serde::Serialize;
use tipwatch_proto::pb::{self, ingest_service_client::IngestServiceClient};
use tonic::{metadata::MetadataValue, transport::Channel, Request};

use crate::{
    calls::MAX_MESSAGE_BYTES,
    connect::connect,
    docgen,
    error::ToolError,
    runner::{self, Limit, Summary},
};

/// Where the documents come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Documents `start..start + count` of the generated series `seed`.
    Generated {
        /// Series seed.
        seed: u64,
        /// First index.
        start: u64,
        /// How many.
        count: u64,
    },
    /// Every file of a directory, in name order.
    Dir(PathBuf),
}

/// How to send them.
#[derive(Clone, Debug)]
pub struct IngestPlan {
    /// Worker URL.
    pub target: String,
    /// HTTP/2 connections.
    pub connections: usize,
    /// Documents in flight on each connection.
    pub concurrency: usize,
    /// Bearer token.
    pub token: Option<String>,
    /// CA certificate for TLS.
    pub tls_ca: Option<PathBuf>,
}

/// What a fill did.
#[derive(Clone, Debug, Serialize)]
pub struct IngestReport {
    /// Documents the store did not hold before.
    pub created: u64,
    /// Bytes of document text sent.
    pub text_bytes: u64,
    /// Documents per second, latency per document, errors.
    #[serde(flatten)]
    pub summary: Summary,
}

/// Sends every document of `source`; fails only when nothing could start.
pub async fn run(plan: &IngestPlan, source: &Source) -> Result<IngestReport, ToolError> {
    if plan.connections == 0 || plan.concurrency == 0 {
        return Err(ToolError::Flag(
            "--connections/--concurrency",
            "must be at least 1".into(),
        ));
    }
    let files: Arc<Vec<PathBuf>> = Arc::new(match source {
        Source::Dir(d) => list(d)?,
        Source::Generated { .. } => Vec::new(),
    });
    let count = match source {
        Source::Dir(_) => files.len() as u64,
        Source::Generated { count, .. } => *count,
    };
    let authorization = plan
        .token
        .as_deref()
        .map(|t| {
            MetadataValue::try_from(format!("Bearer {t}"))
                .map_err(|_| ToolError::Flag("--token", "is not valid in a header".into()))
        })
        .transpose()?;
    let mut workers = Vec::new();
    for _ in 0..plan.connections {
        let channel = connect(&plan.target, plan.tls_ca.as_deref()).await?;
        let client = IngestServiceClient::new(channel)
            .max_decoding_message_size(MAX_MESSAGE_BYTES)
            .max_encoding_message_size(MAX_MESSAGE_BYTES);
        workers.extend(std::iter::repeat_n(client, plan.concurrency));
    }
    let created = Arc::new(AtomicU64::new(0));
    let text_bytes = Arc::new(AtomicU64::new(0));
    let (c2, t2, source2) = (created.clone(), text_bytes.clone(), source.clone());
    let measured = runner::run(
        workers,
        Limit::Requests(count),
        move |mut client: IngestServiceClient<Channel>, n| {
            let (created, text_bytes, files) = (c2.clone(), t2.clone(), files.clone());
            let source = source2.clone();
            let authorization = authorization.clone();
            async move {
                let doc = match document(&source, &files, n) {
                    Ok(d) => d,
                    Err(e) => return (client, Err(e.to_string())),
                };
                text_bytes.fetch_add(doc.content.len() as u64, Ordering::Relaxed);
                let mut req = Request::new(doc);
                if let Some(v) = authorization {
                    req.metadata_mut().insert("authorization", v);
                }
                let out = match client.submit_document(req).await {
                    Ok(r) => {
                        if r.get_ref().created {
                            created.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(0)
                    }
                    Err(s) => Err(format!("{}: {}", s.code().description(), s.message())),
                };
                (client, out)
            }
        },
    )
    .await;
    Ok(IngestReport {
        created: created.load(Ordering::Relaxed),
        text_bytes: text_bytes.load(Ordering::Relaxed),
        summary: measured.summary("IngestService/SubmitDocument", None),
    })
}

fn document(
    source: &Source,
    files: &[PathBuf],
    n: u64,
) -> Result<pb::SubmitDocumentRequest, ToolError> {
    match source {
        Source::Generated { seed, start, .. } => {
            let d = docgen::document(*seed, start + n);
            Ok(pb::SubmitDocumentRequest {
                source: d.name,
                content: d.text.into_bytes(),
                media_type: "text/plain".into(),
            })
        }
        Source::Dir(_) => {
            let path = &files[n as usize];
            let content = std::fs::read(path).map_err(|source| ToolError::Io {
                path: path.display().to_string(),
                source,
            })?;
            Ok(pb::SubmitDocumentRequest {
                source: path.display().to_string(),
                content,
                media_type: String::new(),
            })
        }
    }
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, ToolError> {
    let io = |source| ToolError::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        if entry.file_type().map_err(io)?.is_file() {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}
