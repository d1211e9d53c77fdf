//! Prometheus metrics: a recorder, a tower layer that counts every gRPC
//! call by method and status code and times it, and a small HTTP server
//! that serves the text exposition on `/metrics` on its own port.

use std::{
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::{Duration, Instant},
};

use metrics_exporter_prometheus::{BuildError, Matcher, PrometheusBuilder, PrometheusHandle};

/// Latency buckets, in seconds, for every `*_seconds` histogram.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Installs the process-wide Prometheus recorder and returns the handle
/// that renders it.
pub fn install() -> Result<PrometheusHandle, BuildError> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)?
        .install_recorder()?;
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            upkeep.run_upkeep();
        }
    });
    Ok(handle)
}

/// Serves `GET /metrics` on `listener` until the process ends; `on_scrape`
/// runs before each rendering (to refresh gauges such as the store size).
pub async fn serve(
    listener: tokio::net::TcpListener,
    handle: PrometheusHandle,
    on_scrape: Arc<dyn Fn() + Send + Sync>,
) -> std::io::Result<()> {
    let app = axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let handle = handle.clone();
            let on_scrape = on_scrape.clone();
            async move {
                on_scrape();
                (
                    [(http::header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                    handle.render(),
                )
            }
        }),
    );
    axum::serve(listener, app).await
}

/// Binds `addr`, prints `<name> metrics on ADDR` on stdout and serves
/// the metrics there in the background. Returns the bound address.
pub async fn start(
    name: &str,
    addr: &str,
    on_scrape: Arc<dyn Fn() + Send + Sync>,
) -> Result<std::net::SocketAddr, String> {
    let handle = install().map_err(|e| format!("cannot install the metrics recorder: {e}"))?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen for metrics on {addr}: {e}"))?;
    let bound = listener
        .local_addr()
        .map_err(|e| format!("metrics listener: {e}"))?;
    tracing::info!(addr = %bound, "{name} metrics on /metrics");
    tokio::spawn(async move {
        if let Err(e) = serve(listener, handle, on_scrape).await {
            tracing::error!(error = %e, "metrics server failed");
        }
    });
    Ok(bound)
}

/// A tower layer that records `grpc_server_handled_total{method,code}` and
/// `grpc_server_handling_seconds{method}` (time to the response headers).
#[derive(Clone, Copy, Debug, Default)]
pub struct GrpcMetricsLayer;

impl<S> tower::Layer<S> for GrpcMetricsLayer {
    type Service = GrpcMetrics<S>;

    fn layer(&self, inner: S) -> Self::Service {
        GrpcMetrics { inner }
    }
}

/// The service [`GrpcMetricsLayer`] wraps around the server's routes.
#[derive(Clone, Debug)]
pub struct GrpcMetrics<S> {
    inner: S,
}

/// The status code name of a response's `grpc-status` header (`Ok` when
/// it is absent: the status then follows in the trailers of a success).
fn code_of(headers: &http::HeaderMap) -> tonic::Code {
    headers
        .get("grpc-status")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i32>().ok())
        .map_or(tonic::Code::Ok, tonic::Code::from)
}

impl<S, B, R> tower::Service<http::Request<B>> for GrpcMetrics<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<R>>,
    S::Future: Send + 'static,
    S::Error: 'static,
    R: 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let path = req.uri().path().to_owned();
        let start = Instant::now();
        let fut = self.inner.call(req);
        Box::pin(async move {
            let res = fut.await;
            let code = match &res {
                Ok(r) => format!("{:?}", code_of(r.headers())),
                Err(_) => "TransportError".to_owned(),
            };
            // Unknown paths are answered UNIMPLEMENTED; one label for all
            // keeps the label set bounded whatever clients send.
            let method = if code == "Unimplemented" {
                "unknown".to_owned()
            } else {
                path
            };
            metrics::counter!("grpc_server_handled_total", "method" => method.clone(), "code" => code)
                .increment(1);
            metrics::histogram!("grpc_server_handling_seconds", "method" => method)
                .record(start.elapsed().as_secs_f64());
            res
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_come_from_the_headers() {
        let mut h = http::HeaderMap::new();
        assert_eq!(code_of(&h), tonic::Code::Ok);
        h.insert("grpc-status", "16".parse().unwrap());
        assert_eq!(code_of(&h), tonic::Code::Unauthenticated);
    }
}
