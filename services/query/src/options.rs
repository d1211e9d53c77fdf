//! The query service's security and operations settings (flags and
//! `TIPWATCH_*` variables of `tipwatch-query serve`).

use std::{path::PathBuf, time::Duration};

use tipwatch_transport::{auth::Tokens, logging::LogFormat, ConfigError};

/// Authentication, TLS, limits, metrics and logging of one server.
#[derive(clap::Args, Clone, Debug)]
pub struct ServeOptions {
    /// File of accepted bearer tokens, one per line (several for
    /// rotation). Writes need one of these or of `TIPWATCH_TOKENS`
    /// (comma-separated); with none configured every write is refused.
    #[arg(long, env = "TIPWATCH_TOKEN_FILE")]
    pub token_file: Option<PathBuf>,
    /// Require a token for reads (QueryService) too.
    #[arg(long, env = "TIPWATCH_REQUIRE_READ_AUTH")]
    pub require_read_auth: bool,
    /// PEM certificate chain: serve TLS (with --tls-key).
    #[arg(long, env = "TIPWATCH_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "TIPWATCH_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Serve Prometheus metrics on http://ADDR/metrics.
    #[arg(long, env = "TIPWATCH_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,
    /// Log line format on stderr.
    #[arg(long, env = "TIPWATCH_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// Longest any call may run, in seconds (a shorter client deadline
    /// wins).
    #[arg(long, env = "TIPWATCH_REQUEST_TIMEOUT", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,
    /// Most WatchRecords streams open at once; more are refused with
    /// RESOURCE_EXHAUSTED.
    #[arg(long, env = "TIPWATCH_MAX_WATCH_STREAMS", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_watch_streams: u32,
}

impl ServeOptions {
    /// The accepted tokens: `--token-file` and `TIPWATCH_TOKENS`.
    pub fn tokens(&self) -> Result<Tokens, ConfigError> {
        let list = std::env::var("TIPWATCH_TOKENS").ok();
        Tokens::load(self.token_file.as_deref(), list.as_deref())
    }

    /// The request timeout.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout.max(1))
    }
}
