//! TLS for both servers and every client path (rustls through tonic).
//!
//! Servers take a PEM certificate chain and key (`--tls-cert`,
//! `--tls-key`); clients take an optional PEM CA bundle (`--tls-ca`) and
//! otherwise trust the system's roots. A `https://` URL always uses TLS;
//! a `http://` URL with a CA given is refused rather than sent in plain
//! text.

use std::path::Path;

use tonic::transport::{Certificate, ClientTlsConfig, Endpoint, Identity, ServerTlsConfig};

use crate::{read_file, ConfigError};

/// The server TLS configuration for `cert` and `key`; `None` when neither
/// is given (plain HTTP/2), an error when only one is.
pub fn server(
    cert: Option<&Path>,
    key: Option<&Path>,
) -> Result<Option<ServerTlsConfig>, ConfigError> {
    match (cert, key) {
        (None, None) => Ok(None),
        (Some(cert), Some(key)) => {
            let cert = read_file("TLS certificate", cert)?;
            let key = read_file("TLS key", key)?;
            Ok(Some(
                ServerTlsConfig::new().identity(Identity::from_pem(cert, key)),
            ))
        }
        _ => Err(ConfigError::Invalid {
            what: "TLS configuration",
            reason: "--tls-cert and --tls-key go together".into(),
        }),
    }
}

/// An endpoint for `url`: TLS (with the CA in `ca`, or the system roots)
/// when the scheme is `https`, plain HTTP/2 when it is `http`.
pub fn endpoint(url: &str, ca: Option<&Path>) -> Result<Endpoint, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid {
        what: "server URL",
        reason,
    };
    let uri: http::Uri = url.parse().map_err(|e| invalid(format!("{url:?}: {e}")))?;
    let endpoint = Endpoint::from(uri.clone());
    match uri.scheme_str() {
        Some("https") => {
            let host = uri
                .host()
                .ok_or_else(|| invalid(format!("{url:?} names no host")))?;
            let mut tls = ClientTlsConfig::new().domain_name(host.trim_matches(['[', ']']));
            tls = match ca {
                Some(path) => tls.ca_certificate(Certificate::from_pem(read_file("TLS CA", path)?)),
                None => tls.with_native_roots(),
            };
            endpoint
                .tls_config(tls)
                .map_err(|e| invalid(format!("TLS for {url:?}: {e}")))
        }
        Some("http") if ca.is_some() => Err(invalid(format!(
            "{url:?} is plain http but a TLS CA is configured; use https://"
        ))),
        Some("http") => Ok(endpoint),
        _ => Err(invalid(format!(
            "{url:?} is not an http:// or https:// URL"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_tls_or_fail_clearly() {
        assert!(endpoint("http://127.0.0.1:50051", None).is_ok());
        assert!(endpoint("https://localhost:50051", None).is_ok());
        let e = endpoint("ftp://x", None).unwrap_err().to_string();
        assert!(e.contains("not an http"), "{e}");
        let e = endpoint("http://127.0.0.1:1", Some(Path::new("/nonexistent")))
            .unwrap_err()
            .to_string();
        assert!(e.contains("use https"), "{e}");
        let e = endpoint(
            "https://localhost:1",
            Some(Path::new("/nonexistent/ca.pem")),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("/nonexistent/ca.pem"), "{e}");
        assert!(server(Some(Path::new("c")), None).is_err());
        assert!(server(None, None).unwrap().is_none());
    }
}
