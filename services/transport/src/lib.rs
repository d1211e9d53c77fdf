//! What both tipwatch servers and their clients share on the wire:
//! bearer-token authentication ([`auth`]), TLS configuration ([`tls`]),
//! log output ([`logging`]) and Prometheus metrics ([`metrics`]).
#![forbid(unsafe_code)]

pub mod auth;
pub mod logging;
pub mod metrics;
pub mod tls;

use std::path::PathBuf;

/// A configuration file or value that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file named by a flag or variable could not be read.
    #[error("cannot read {what} {path}: {source}")]
    Read {
        /// What the file is for (`token file`, `TLS certificate`, …).
        what: &'static str,
        /// The path given.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A value is present but unusable.
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// What the value is for.
        what: &'static str,
        /// Why it cannot be used.
        reason: String,
    },
}

/// Reads a configuration file, naming it in the error.
pub(crate) fn read_file(
    what: &'static str,
    path: &std::path::Path,
) -> Result<Vec<u8>, ConfigError> {
    std::fs::read(path).map_err(|source| ConfigError::Read {
        what,
        path: path.to_owned(),
        source,
    })
}
