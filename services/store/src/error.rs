//! The store's error type.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled failed (I/O, corruption).
    #[error("storage failure: {0}")]
    Sled(#[from] sled::Error),
    /// A stored value did not decode.
    #[error("stored {tree} record {key} is corrupt: {reason}")]
    Corrupt {
        /// Tree the value was read from.
        tree: &'static str,
        /// Key of the value, printable.
        key: String,
        /// Why it did not decode.
        reason: String,
    },
    /// A request argument is invalid.
    #[error("invalid {field}: {reason}")]
    InvalidArgument {
        /// The request field, snake_case.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// No record has this name.
    #[error("{0} not found")]
    NotFound(String),
    /// A name matches several records.
    #[error("{field} {name:?} is ambiguous: it names {candidates}; use a resource name")]
    Ambiguous {
        /// The request field that held the name.
        field: &'static str,
        /// The name asked for.
        name: String,
        /// The matching resource names, comma-separated.
        candidates: String,
    },
}

impl From<sled::transaction::TransactionError<StoreError>> for StoreError {
    fn from(e: sled::transaction::TransactionError<StoreError>) -> Self {
        match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

/// Shorthand for results of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
