//! The worker's connection to the query service's RecordWriter: the URL
//! (TLS for `https://`), the bearer token, connect and request timeouts,
//! and retries with exponential backoff while the service is UNAVAILABLE.

use std::{path::PathBuf, time::Duration};

use tipwatch_proto::pb::{self, record_writer_client::RecordWriterClient};
use tipwatch_transport::auth::{self, Bearer};
use tonic::{service::interceptor::InterceptedService, transport::Channel, Code};

use crate::{error::IngestError, pipeline::MAX_MESSAGE_BYTES};

/// Where the query service is and how to reach it.
#[derive(clap::Args, Clone, Debug)]
pub(crate) struct ClientOptions {
    /// Query service URL; `https://` uses TLS.
    #[arg(
        long,
        env = "TIPWATCH_SERVER",
        default_value = "http://127.0.0.1:50051"
    )]
    pub(crate) server: String,
    /// Bearer token sent with every write.
    #[arg(long, env = "TIPWATCH_TOKEN", hide_env_values = true)]
    pub(crate) token: Option<String>,
    /// Token file: its first token is sent when --token is not given
    /// (for `serve`, all its tokens are also accepted from clients).
    #[arg(long, env = "TIPWATCH_TOKEN_FILE")]
    pub(crate) token_file: Option<PathBuf>,
    /// PEM CA bundle that signs the query service's certificate (default:
    /// the system's roots).
    #[arg(long, env = "TIPWATCH_TLS_CA")]
    pub(crate) tls_ca: Option<PathBuf>,
    /// Seconds allowed to connect.
    #[arg(long, env = "TIPWATCH_CONNECT_TIMEOUT", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub(crate) connect_timeout: u64,
    /// Seconds allowed for one call.
    #[arg(long, env = "TIPWATCH_REQUEST_TIMEOUT", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) request_timeout: u64,
    /// Retries of a write the query service answers UNAVAILABLE.
    #[arg(long, env = "TIPWATCH_RETRIES", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(0..=20))]
    pub(crate) retries: u32,
}

/// The authenticated write client.
pub(crate) type Writer = RecordWriterClient<InterceptedService<Channel, Bearer>>;

/// A connected (or, with `lazy`, connect-on-first-call) write client and
/// its raw channel (for health checks).
pub(crate) async fn connect(
    o: &ClientOptions,
    lazy: bool,
) -> Result<(Writer, Channel), IngestError> {
    let err = |reason: String| IngestError::Connect {
        url: o.server.clone(),
        reason,
    };
    let token = auth::client_token(o.token.as_deref(), o.token_file.as_deref())
        .map_err(|e| err(e.to_string()))?;
    let bearer = Bearer::new(token.as_deref()).map_err(|e| err(e.to_string()))?;
    let endpoint = tipwatch_transport::tls::endpoint(&o.server, o.tls_ca.as_deref())
        .map_err(|e| err(e.to_string()))?
        .connect_timeout(Duration::from_secs(o.connect_timeout))
        .timeout(Duration::from_secs(o.request_timeout))
        .tcp_keepalive(Some(Duration::from_secs(30)));
    let channel = if lazy {
        endpoint.connect_lazy()
    } else {
        endpoint.connect().await.map_err(|e| err(chain(&e)))?
    };
    let writer = RecordWriterClient::with_interceptor(channel.clone(), bearer)
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES);
    Ok((writer, channel))
}

/// An error and its causes on one line.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s += &format!(": {c}");
        cur = c.source();
    }
    s
}

/// Backoff before retry `n` (0-based): 200 ms doubling, at most 5 s.
fn backoff(n: u32) -> Duration {
    Duration::from_millis(200u64.saturating_mul(1 << n.min(5))).min(Duration::from_secs(5))
}

/// Sends one extraction, retrying `retries` times with backoff while the
/// query service answers UNAVAILABLE.
pub(crate) async fn store(
    client: &Writer,
    extraction: pb::Extraction,
    retries: u32,
) -> Result<pb::WriteExtractionResponse, IngestError> {
    let source_name = extraction.source.clone();
    let mut attempt = 0;
    loop {
        let mut c = client.clone();
        let req = pb::WriteExtractionRequest {
            extraction: Some(extraction.clone()),
        };
        match c.write_extraction(req).await {
            Ok(r) => return Ok(r.into_inner()),
            Err(status) if status.code() == Code::Unavailable && attempt < retries => {
                tracing::warn!(source = %source_name, attempt, message = status.message(), "query service unavailable; retrying");
                tokio::time::sleep(backoff(attempt)).await;
                attempt += 1;
            }
            Err(status) => {
                return Err(IngestError::Store {
                    source_name,
                    status: Box::new(status),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_ceiling() {
        assert_eq!(backoff(0), Duration::from_millis(200));
        assert_eq!(backoff(1), Duration::from_millis(400));
        assert_eq!(backoff(10), Duration::from_secs(5));
    }
}
