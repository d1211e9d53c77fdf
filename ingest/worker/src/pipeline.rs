//! One document through the pipeline: bytes → Extraction (on the blocking
//! pool) → the query service's RecordWriter.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Instant,
};

use tipwatch_extract::{Hints, MediaType};
use tipwatch_proto::pb;

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

/// Asked between extraction stages; `true` stops the work.
pub(crate) type Cancel = Arc<dyn Fn() -> bool + Send + Sync>;

/// A [`Cancel`] that never cancels (the command line).
pub(crate) fn never() -> Cancel {
    Arc::new(|| false)
}

/// Sets its flag when dropped: a handler's future that is dropped (its
/// deadline passed or its client went away) cancels the extraction it
/// started.
pub(crate) struct CancelOnDrop(pub(crate) Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A [`Cancel`] that fires when `flag` is set or `deadline` passes.
pub(crate) fn until(flag: Arc<AtomicBool>, deadline: Option<Instant>) -> Cancel {
    Arc::new(move || flag.load(Ordering::Relaxed) || deadline.is_some_and(|d| Instant::now() >= d))
}

/// Extracts one document on the blocking pool, giving up between stages
/// once `cancel` answers true.
pub(crate) async fn extract(
    source: String,
    content: Vec<u8>,
    media: MediaType,
    cancel: Cancel,
) -> Result<pb::Extraction, IngestError> {
    let name = source.clone();
    let started = Instant::now();
    let result = tokio::task::spawn_blocking(move || {
        tipwatch_extract::extract_cancellable(
            &content,
            &Hints {
                source,
                media_type: media,
            },
            &*cancel,
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
    });
    metrics::histogram!("tipwatch_extract_seconds").record(started.elapsed().as_secs_f64());
    result
}
