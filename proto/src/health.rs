//! Client side of `grpc.health.v1.Health/Check`: the `health` subcommand
//! of both binaries, which container and orchestrator health checks run so
//! that an image needs no separate probe tool.

use std::time::Duration;

use tonic::transport::{Channel, Endpoint};
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

/// [`check`] of the plaintext [`endpoint`] for `addr`.
pub async fn probe(addr: &str, service: &str, timeout: Duration) -> Result<(), ProbeError> {
    check(endpoint(addr)?, service, timeout).await
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
    fn bad_addresses_are_refused() {
        for addr in ["", "   ", "127.0.0.1", "http://[::1", "host:port"] {
            assert!(
                matches!(endpoint(addr), Err(ProbeError::InvalidAddress { .. })),
                "{addr:?}"
            );
        }
    }
}
