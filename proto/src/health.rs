//! Client side of `grpc.health.v1.Health/Check`: the `health` subcommand
//! of both binaries, which container and orchestrator health checks run so
//! that an image needs no separate probe tool.

use std::{path::Path, time::Duration};

use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};
use tonic_health::pb::{
    health_check_response::ServingStatus, health_client::HealthClient, HealthCheckRequest,
};

/// Why a probe did not find the service `SERVING`.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The address is neither `HOST:PORT` nor an `http(s)://` URL.
    #[error("invalid address {addr:?}: {reason}")]
    InvalidAddress {
        /// The address as given.
        addr: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The TLS CA file cannot be read.
    #[error("cannot read the TLS CA file {path}: {reason}")]
    ReadCa {
        /// The path given.
        path: String,
        /// The I/O error.
        reason: String,
    },
    /// No connection within the timeout, or the connection failed.
    #[error("cannot connect to {addr}: {reason}")]
    Connect {
        /// The address probed.
        addr: String,
        /// The transport error and its causes.
        reason: String,
    },
    /// The call itself failed (timeout, unknown service, refused).
    #[error("{addr}: Health/Check of {service:?} failed: {code:?}: {message}")]
    Rpc {
        /// The address probed.
        addr: String,
        /// The service name asked about.
        service: String,
        /// The gRPC status code.
        code: tonic::Code,
        /// The status message.
        message: String,
    },
    /// The server answered with a status other than `SERVING`.
    #[error("{addr}: {service:?} is {status}")]
    NotServing {
        /// The address probed.
        addr: String,
        /// The service name asked about.
        service: String,
        /// The status answered (`NOT_SERVING`, `UNKNOWN`, ...).
        status: &'static str,
    },
}

/// The URL for `addr`: an `http://` or `https://` URL as given, or
/// `HOST:PORT` with the scheme `tls` chooses.
pub fn url(addr: &str, tls: bool) -> String {
    if addr.contains("://") {
        addr.to_owned()
    } else if tls {
        format!("https://{addr}")
    } else {
        format!("http://{addr}")
    }
}

/// A plaintext endpoint for `HOST:PORT` or an `http://` URL. (Callers
/// that speak TLS build their endpoint from [`url`] with their TLS
/// settings.)
pub fn endpoint(addr: &str) -> Result<Endpoint, ProbeError> {
    let invalid = |reason: String| ProbeError::InvalidAddress {
        addr: addr.to_owned(),
        reason,
    };
    if addr.trim().is_empty() {
        return Err(invalid("empty".into()));
    }
    let endpoint = Endpoint::from_shared(url(addr, false)).map_err(|e| invalid(chain(&e)))?;
    if endpoint.uri().port_u16().is_none() {
        return Err(invalid("no port".into()));
    }
    Ok(endpoint)
}

/// A TLS endpoint for `HOST:PORT` or an `https://` URL: the server's
/// certificate must be signed by `ca_pem` (PEM; `None`: the system's
/// roots) and name `domain` (`None`: the address's host). `domain` lets a
/// container probe itself on 127.0.0.1 with a certificate issued to its
/// service name.
pub fn tls_endpoint(
    addr: &str,
    ca_pem: Option<Vec<u8>>,
    domain: Option<&str>,
) -> Result<Endpoint, ProbeError> {
    let invalid = |reason: String| ProbeError::InvalidAddress {
        addr: addr.to_owned(),
        reason,
    };
    let url = url(addr, true);
    if !url.starts_with("https://") {
        return Err(invalid(
            "TLS settings given for a plain http:// address".into(),
        ));
    }
    let endpoint = Endpoint::from_shared(url).map_err(|e| invalid(chain(&e)))?;
    let uri = endpoint.uri().clone();
    if uri.port_u16().is_none() {
        return Err(invalid("no port".into()));
    }
    let host = uri.host().unwrap_or_default().trim_matches(['[', ']']);
    let mut tls = ClientTlsConfig::new().domain_name(domain.unwrap_or(host));
    tls = match ca_pem {
        Some(pem) => tls.ca_certificate(Certificate::from_pem(pem)),
        None => tls.with_native_roots(),
    };
    endpoint.tls_config(tls).map_err(|e| invalid(chain(&e)))
}

/// Asks the server at `endpoint` whether `service` (empty: the whole
/// server) is serving; `Ok(())` only for `SERVING`. Connecting and the
/// call are each bounded by `timeout`.
pub async fn check(endpoint: Endpoint, service: &str, timeout: Duration) -> Result<(), ProbeError> {
    let addr = endpoint.uri().to_string();
    let channel: Channel = endpoint
        .connect_timeout(timeout)
        .timeout(timeout)
        .connect()
        .await
        .map_err(|e| ProbeError::Connect {
            addr: addr.clone(),
            reason: chain(&e),
        })?;
    let reply = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: service.to_owned(),
        })
        .await
        .map_err(|s| ProbeError::Rpc {
            addr: addr.clone(),
            service: service.to_owned(),
            code: s.code(),
            message: s.message().to_owned(),
        })?
        .into_inner();
    match ServingStatus::try_from(reply.status) {
        Ok(ServingStatus::Serving) => Ok(()),
        other => Err(ProbeError::NotServing {
            addr,
            service: service.to_owned(),
            status: other.map_or("an unknown status", |s| s.as_str_name()),
        }),
    }
}

/// How a probe speaks TLS: the CA file that signs the server's certificate
/// and the name that certificate must carry (see [`tls_endpoint`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct ProbeTls<'a> {
    /// PEM CA bundle; `None`: the system's roots.
    pub ca_file: Option<&'a Path>,
    /// Name to verify; `None`: the address's host.
    pub domain: Option<&'a str>,
}

impl ProbeTls<'_> {
    /// Whether any TLS setting is given.
    pub fn is_set(&self) -> bool {
        self.ca_file.is_some() || self.domain.is_some()
    }
}

/// [`probe_with`] no TLS settings: plaintext for `HOST:PORT` and
/// `http://`, TLS with the system's roots for `https://`.
pub async fn probe(addr: &str, service: &str, timeout: Duration) -> Result<(), ProbeError> {
    probe_with(addr, service, timeout, ProbeTls::default()).await
}

/// [`check`] of `addr`: over TLS when `addr` is an `https://` URL or
/// `tls` sets anything, plaintext otherwise.
pub async fn probe_with(
    addr: &str,
    service: &str,
    timeout: Duration,
    tls: ProbeTls<'_>,
) -> Result<(), ProbeError> {
    let endpoint = if tls.is_set() || addr.starts_with("https://") {
        let ca_pem = match tls.ca_file {
            Some(path) => Some(std::fs::read(path).map_err(|e| ProbeError::ReadCa {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?),
            None => None,
        };
        tls_endpoint(addr, ca_pem, tls.domain)?
    } else {
        endpoint(addr)?
    };
    check(endpoint, service, timeout).await
}

/// An error and its causes on one line (tonic's transport errors say
/// little at the top level).
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_stream::wrappers::TcpListenerStream;

    const SERVICE: &str = "tipwatch.v1.QueryService";
    const SECOND: Duration = Duration::from_secs(1);

    /// A health server on an ephemeral port: `SERVICE` serving or not.
    async fn server(serving: bool) -> String {
        let (reporter, service) = tonic_health::server::health_reporter();
        if serving {
            reporter.set_service_status(SERVICE, tonic_health::ServingStatus::Serving)
        } else {
            reporter.set_service_status(SERVICE, tonic_health::ServingStatus::NotServing)
        }
        .await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        tokio::spawn(async move {
            // Keeps the reporter alive as long as the server runs.
            let _reporter = reporter;
            tonic::transport::Server::builder()
                .add_service(service)
                .serve_with_incoming(TcpListenerStream::new(listener))
                .await
        });
        addr
    }

    #[tokio::test]
    async fn serving_service_passes() {
        let addr = server(true).await;
        probe(&addr, SERVICE, SECOND).await.unwrap();
        probe(&format!("http://{addr}"), "", SECOND).await.unwrap();
    }

    #[tokio::test]
    async fn not_serving_service_fails_naming_its_status() {
        let addr = server(false).await;
        let e = probe(&addr, SERVICE, SECOND).await.unwrap_err();
        assert!(matches!(e, ProbeError::NotServing { .. }), "{e:?}");
        assert!(e.to_string().contains("NOT_SERVING"), "{e}");
    }

    #[tokio::test]
    async fn unknown_service_fails_with_not_found() {
        let addr = server(true).await;
        let e = probe(&addr, "no.such.Service", SECOND).await.unwrap_err();
        assert!(
            matches!(
                e,
                ProbeError::Rpc {
                    code: tonic::Code::NotFound,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[tokio::test]
    async fn nothing_listening_fails_to_connect() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        drop(listener);
        let e = probe(&addr, "", SECOND).await.unwrap_err();
        assert!(matches!(e, ProbeError::Connect { .. }), "{e:?}");
        assert!(e.to_string().contains(&addr), "{e}");
    }

    #[tokio::test]
    async fn silent_server_times_out() {
        // Accepts connections but never speaks HTTP/2.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let started = std::time::Instant::now();
        let e = check(endpoint(&addr).unwrap(), "", Duration::from_millis(300))
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5), "{e:?}");
    }

    #[test]
    fn addresses_become_urls() {
        assert_eq!(url("query:50051", false), "http://query:50051");
        assert_eq!(url("query:50051", true), "https://query:50051");
        assert_eq!(url("https://q:1", false), "https://q:1");
    }

    #[test]
    fn tls_needs_an_https_address() {
        assert!(tls_endpoint("query:50051", None, Some("query")).is_ok());
        assert!(tls_endpoint("https://query:50051", None, None).is_ok());
        assert!(matches!(
            tls_endpoint("http://query:50051", None, None),
            Err(ProbeError::InvalidAddress { .. })
        ));
        assert!(matches!(
            tls_endpoint("https://query", None, None),
            Err(ProbeError::InvalidAddress { .. })
        ));
    }

    #[test]
    fn bad_addresses_are_refused() {
        for addr in ["", "   ", "127.0.0.1", "http://[::1", "host:port"] {
            assert!(
                matches!(endpoint(addr), Err(ProbeError::InvalidAddress { .. })),
                "{addr:?}"
            );
        }
    }
}
