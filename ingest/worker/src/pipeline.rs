//! One document through the pipeline: bytes → Extraction (on the blocking
//! pool) → the query service's RecordWriter.

use tipwatch_extract::{Hints, MediaType};
use tipwatch_proto::pb::{self, record_writer_client::RecordWriterClient};
use tonic::transport::Channel;

use crate::error::IngestError;

/// Largest message sent to the query service, in bytes.
pub(crate) const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// Returns the media type a file name suggests.
pub(crate) fn media_type_of(name: &str) -> MediaType {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        MediaType::Html
    } else if lower.ends_with(".txt") || lower.ends_with(".text") || lower.ends_with(".md") {
        MediaType::Text
    } else {
        MediaType::Detect
    }
}

/// Parses a media type given in a request.
pub(crate) fn parse_media_type(s: &str) -> Result<MediaType, IngestError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" => Ok(MediaType::Detect),
        "text/plain" => Ok(MediaType::Text),
        "text/html" | "application/xhtml+xml" => Ok(MediaType::Html),
        other => Err(IngestError::InvalidArgument {
            field: "media_type",
            reason: format!("{other:?} is not text/plain or text/html"),
        }),
    }
}

/// Extracts one document on the blocking pool.
pub(crate) async fn extract(
    source: String,
    content: Vec<u8>,
    media: MediaType,
) -> Result<pb::Extraction, IngestError> {
    let name = source.clone();
    tokio::task::spawn_blocking(move || {
        tipwatch_extract::extract(
            &content,
            &Hints {
                source,
                media_type: media,
            },
        )
    })
    .await
    .map_err(|e| IngestError::InvalidArgument {
        field: "content",
        reason: format!("extraction failed: {e}"),
    })?
    .map_err(|error| IngestError::Extract {
        source_name: name,
        error,
    })
}

/// Connects to the query service; `lazy` defers the connection to the first call.
pub(crate) async fn connect(
    url: &str,
    lazy: bool,
) -> Result<RecordWriterClient<Channel>, IngestError> {
    let err = |reason: String| IngestError::Connect {
        url: url.to_owned(),
        reason,
    };
    let endpoint = Channel::from_shared(url.to_owned()).map_err(|e| err(e.to_string()))?;
    let channel = if lazy {
        endpoint.connect_lazy()
    } else {
        endpoint.connect().await.map_err(|e| err(e.to_string()))?
    };
    Ok(RecordWriterClient::new(channel)
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES))
}

/// Sends one extraction to the query service.
pub(crate) async fn store(
    client: &mut RecordWriterClient<Channel>,
    extraction: pb::Extraction,
) -> Result<pb::WriteExtractionResponse, IngestError> {
    let source_name = extraction.source.clone();
    client
        .write_extraction(pb::WriteExtractionRequest {
            extraction: Some(extraction),
        })
        .await
        .map(tonic::Response::into_inner)
        .map_err(|status| IngestError::Store {
            source_name,
            status: Box::new(status),
        })
}
