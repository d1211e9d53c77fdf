//! The extraction error type.

/// Why a document could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    /// The bytes are not text (NUL bytes or mostly control characters).
    #[error("the content is binary, not text ({0})")]
    Binary(&'static str),
    /// The content is larger than the documented limit
    /// ([`crate::MAX_DOCUMENT_BYTES`]).
    #[error("the document is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Nothing readable is left after decoding and cleaning.
    #[error("the document holds no text")]
    Empty,
    /// The caller cancelled the extraction (deadline passed, client gone).
    #[error("extraction cancelled: the deadline passed or the client went away")]
    Cancelled,
}
