//! `tipwatch-ingest serve`: IngestService behind its token gate, health
//! that follows the query service, reflection of exactly the services
//! served (with the `google.rpc` error details), TLS, deadlines and
//! metrics.

use std::{path::PathBuf, process::ExitCode, sync::Arc, time::Duration};

use tipwatch_proto::pb::ingest_service_server::IngestServiceServer;
use tipwatch_transport::{
    auth::{Gate, Tokens},
    logging::LogFormat,
    metrics::GrpcMetricsLayer,
};
use tonic::{service::interceptor::InterceptedService, transport::Channel};
use tonic_health::{
    pb::{health_check_response::ServingStatus, health_client::HealthClient, HealthCheckRequest},
    server::HealthReporter,
};

use crate::client::{self, ClientOptions};
use crate::{pipeline, service::IngestApi};

/// The services this process lists through reflection.
const SERVICES: [&str; 4] = [
    "tipwatch.v1.IngestService",
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
];

/// How often the query service's health is checked.
const HEALTH_EVERY: Duration = Duration::from_secs(2);

/// Flags of `tipwatch-ingest serve`.
#[derive(clap::Args, Clone, Debug)]
pub(crate) struct ServeArgs {
    /// Address to listen on.
    #[arg(
        long,
        env = "TIPWATCH_INGEST_LISTEN",
        default_value = "127.0.0.1:50052"
    )]
    pub(crate) listen: String,
    /// The query service and the credentials for it.
    #[command(flatten)]
    pub(crate) client: ClientOptions,
    /// PEM certificate chain: serve TLS (with --tls-key).
    #[arg(long, env = "TIPWATCH_TLS_CERT", requires = "tls_key")]
    pub(crate) tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "TIPWATCH_TLS_KEY", requires = "tls_cert")]
    pub(crate) tls_key: Option<PathBuf>,
    /// Serve Prometheus metrics on http://ADDR/metrics.
    #[arg(long, env = "TIPWATCH_METRICS_LISTEN")]
    pub(crate) metrics_listen: Option<String>,
    /// Log line format on stderr.
    #[arg(long, env = "TIPWATCH_LOG_FORMAT", value_enum, default_value = "text")]
    pub(crate) log_format: LogFormat,
    /// Documents of one SubmitDocuments stream worked on at once.
    #[arg(long, env = "TIPWATCH_CONCURRENCY", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub(crate) concurrency: u32,
}

/// Asks the query service for its RecordWriter's health every
/// [`HEALTH_EVERY`] and reports IngestService (and the whole server) as
/// SERVING only while it answers SERVING.
async fn follow(health: HealthReporter, channel: Channel) {
    let mut client = HealthClient::new(channel);
    let mut last = None;
    loop {
        let mut req = tonic::Request::new(HealthCheckRequest {
            service: "tipwatch.v1.RecordWriter".into(),
        });
        req.set_timeout(HEALTH_EVERY);
        let serving = matches!(
            client.check(req).await.map(|r| r.into_inner().status()),
            Ok(ServingStatus::Serving)
        );
        if last != Some(serving) {
            let status = if serving {
                tonic_health::ServingStatus::Serving
            } else {
                tracing::warn!("the query service is not serving; reporting NOT_SERVING");
                tonic_health::ServingStatus::NotServing
            };
            health.set_service_status("", status).await;
            if serving {
                health.set_serving::<IngestServiceServer<IngestApi>>().await;
            } else {
                health
                    .set_not_serving::<IngestServiceServer<IngestApi>>()
                    .await;
            }
            last = Some(serving);
        }
        tokio::time::sleep(HEALTH_EVERY).await;
    }
}

/// Serves until SIGINT or SIGTERM.
pub(crate) async fn serve(a: &ServeArgs) -> ExitCode {
    let fail = |e: String| {
        eprintln!("tipwatch-ingest: {e}");
        ExitCode::FAILURE
    };
    let list = std::env::var("TIPWATCH_TOKENS").ok();
    let tokens = match Tokens::load(a.client.token_file.as_deref(), list.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(e.to_string()),
    };
    if tokens.is_empty() {
        tracing::warn!(
            "no token configured (--token-file, TIPWATCH_TOKENS): every call is refused"
        );
    }
    let tls = match tipwatch_transport::tls::server(a.tls_cert.as_deref(), a.tls_key.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(e.to_string()),
    };
    let (writer, channel) = match client::connect(&a.client, true).await {
        Ok(w) => w,
        Err(e) => return fail(e.to_string()),
    };
    let listener = match tokio::net::TcpListener::bind(&a.listen).await {
        Ok(l) => l,
        Err(e) => return fail(format!("cannot listen on {}: {e}", a.listen)),
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| a.listen.clone());
    println!("tipwatch-ingest listening on {addr}");
    if let Some(m) = &a.metrics_listen {
        match tipwatch_transport::metrics::start("tipwatch-ingest", m, Arc::new(|| {})).await {
            Ok(bound) => println!("tipwatch-ingest metrics on {bound}"),
            Err(e) => return fail(e),
        }
    }
    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_not_serving::<IngestServiceServer<IngestApi>>()
        .await;
    tokio::spawn(follow(health, channel));
    let reflection = || {
        let mut b = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(tipwatch_proto::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET);
        for s in SERVICES {
            b = b.with_service_name(s);
        }
        b
    };
    let (Ok(r1), Ok(r2)) = (reflection().build_v1(), reflection().build_v1alpha()) else {
        return fail("the API descriptor set is invalid".into());
    };
    let api = IngestServiceServer::new(IngestApi::new(
        writer,
        a.client.retries,
        a.concurrency as usize,
    ))
    .max_decoding_message_size(pipeline::MAX_MESSAGE_BYTES)
    .max_encoding_message_size(pipeline::MAX_MESSAGE_BYTES);
    let api = InterceptedService::new(api, Gate::required(tokens));
    let mut builder = tonic::transport::Server::builder()
        .timeout(Duration::from_secs(a.client.request_timeout))
        .max_concurrent_streams(256);
    if let Some(tls) = tls {
        builder = match builder.tls_config(tls) {
            Ok(b) => b,
            Err(e) => return fail(format!("TLS: {}", client::chain(&e))),
        };
    }
    let result = builder
        .trace_fn(|req| tracing::info_span!("grpc", method = %req.uri().path()))
        .layer(GrpcMetricsLayer)
        .add_service(health_service)
        .add_service(r1)
        .add_service(r2)
        .add_service(api)
        .serve_with_incoming_shutdown(
            tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true)),
            shutdown(),
        )
        .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("server failed: {}", client::chain(&e))),
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
