//! Connections to a server: one HTTP/2 connection per [`connect`] call,
//! plain or TLS (server certificate checked against a CA file).

use std::path::Path;

use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};

use crate::error::ToolError;

/// Opens one new connection to `url`; with `tls_ca`, over TLS trusting
/// that CA (PEM).
pub async fn connect(url: &str, tls_ca: Option<&Path>) -> Result<Channel, ToolError> {
    let err = |reason: String| ToolError::Connect {
        url: url.to_owned(),
        reason,
    };
    let mut endpoint = Endpoint::from_shared(url.to_owned())
        .map_err(|e| err(e.to_string()))?
        .tcp_nodelay(true);
    if let Some(ca) = tls_ca {
        let pem = std::fs::read(ca).map_err(|source| ToolError::Io {
            path: ca.display().to_string(),
            source,
        })?;
        endpoint = endpoint
            .tls_config(ClientTlsConfig::new().ca_certificate(Certificate::from_pem(pem)))
            .map_err(|e| err(e.to_string()))?;
    }
    endpoint.connect().await.map_err(|e| err(e.to_string()))
}
