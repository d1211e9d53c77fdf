//! The worker's error type and its one mapping to gRPC statuses.

use std::path::PathBuf;

use tipwatch_extract::ExtractError;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// What went wrong while ingesting one document.
#[derive(Debug, thiserror::Error)]
pub(crate) enum IngestError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The content is not a readable document.
    #[error("{source_name}: {error}")]
    Extract {
        /// File name or URI.
        source_name: String,
        /// Why it could not be read.
        error: ExtractError,
    },
    /// A request field is invalid.
    #[error("invalid {field}: {reason}")]
    InvalidArgument {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The query service refused or failed the write.
    #[error("{source_name}: the query service answered {}: {}", .status.code(), .status.message())]
    Store {
        /// File name or URI.
        source_name: String,
        /// Its answer.
        status: Box<Status>,
    },
    /// The query service could not be reached.
    #[error("cannot reach the query service at {url}: {reason}")]
    Connect {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
}

fn bad_request(field: &str, reason: &str) -> Status {
    let mut d = ErrorDetails::new();
    d.add_bad_request_violation(field, reason);
    Status::with_error_details(
        Code::InvalidArgument,
        format!("invalid {field}: {reason}"),
        d,
    )
}

impl From<IngestError> for Status {
    fn from(e: IngestError) -> Self {
        match e {
            IngestError::Read { .. } => Status::internal(e.to_string()),
            IngestError::Extract {
                error: ExtractError::Cancelled,
                ..
            } => Status::deadline_exceeded(e.to_string()),
            IngestError::Extract { ref error, .. } => bad_request("content", &error.to_string()),
            IngestError::InvalidArgument { field, ref reason } => bad_request(field, reason),
            IngestError::Store { status, .. } => *status,
            IngestError::Connect { .. } => Status::unavailable(e.to_string()),
        }
    }
}
