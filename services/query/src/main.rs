//! `tipwatch-query`: the query service binary.
#![forbid(unsafe_code)]

use std::{path::PathBuf, process::ExitCode, sync::Arc};

use clap::{Parser, Subcommand};
use tipwatch_store::Store;

/// mimalloc instead of glibc malloc: see BENCHMARKS.md, "Store write path".
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The tipwatch query service: typed gRPC queries over the embedded store.
#[derive(Parser)]
#[command(name = "tipwatch-query", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Opens the store and serves QueryService, RecordWriter, health and
    /// reflection until SIGINT or SIGTERM.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "TIPWATCH_LISTEN", default_value = "127.0.0.1:50051")]
        listen: String,
        /// Directory of the sled store (created if missing).
        #[arg(long, env = "TIPWATCH_DATA", default_value = "tipwatch-data")]
        data: PathBuf,
        /// Tokens, TLS, limits, metrics and log format.
        #[command(flatten)]
        options: tipwatch_query::ServeOptions,
    },
    /// Asks a running server whether it is serving (grpc.health.v1
    /// Health/Check); exit status 0 only when it is. For container and
    /// orchestrator health checks.
    Health {
        /// Server address, HOST:PORT or an http:// URL.
        #[arg(long, default_value = "127.0.0.1:50051")]
        addr: String,
        /// Service to ask about; empty for the whole server.
        #[arg(long, default_value = "tipwatch.v1.QueryService")]
        service: String,
        /// Seconds allowed for connecting and for the call, each.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=300))]
        timeout: u64,
        /// PEM CA bundle that signs the server's certificate: probe over
        /// TLS (as an https:// address or --tls-domain also do).
        #[arg(long)]
        tls_ca: Option<PathBuf>,
        /// Name the server's certificate carries, when not the address's
        /// host (a container probing itself on 127.0.0.1): probe over TLS.
        #[arg(long)]
        tls_domain: Option<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let log_format = match &cli.command {
        Command::Serve { options, .. } => options.log_format,
        _ => tipwatch_transport::logging::LogFormat::Text,
    };
    tipwatch_transport::logging::init(log_format, "info");
    let (listen, data, options) = match cli.command {
        Command::Serve {
            listen,
            data,
            options,
        } => (listen, data, options),
        Command::Health {
            addr,
            service,
            timeout,
            tls_ca,
            tls_domain,
        } => {
            let timeout = std::time::Duration::from_secs(timeout);
            let tls = tipwatch_proto::health::ProbeTls {
                ca_file: tls_ca.as_deref(),
                domain: tls_domain.as_deref(),
            };
            return match tipwatch_proto::health::probe_with(&addr, &service, timeout, tls).await {
                Ok(()) => {
                    println!("{addr}: {service} is SERVING");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("tipwatch-query health: {e}");
                    ExitCode::FAILURE
                }
            };
        }
    };
    let store = match Store::open(&data) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!(
                "tipwatch-query: cannot open store at {}: {e}",
                data.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("tipwatch-query: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or(listen);
    tracing::info!(%addr, data = %data.display(), "tipwatch-query listening");
    // One line on stdout that scripts and tests read to find the port.
    println!("tipwatch-query listening on {addr}");
    if let Some(metrics) = &options.metrics_listen {
        match tipwatch_query::server::start_metrics(metrics, data.clone()).await {
            Ok(bound) => println!("tipwatch-query metrics on {bound}"),
            Err(e) => {
                eprintln!("tipwatch-query: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let result = tipwatch_query::serve(
        listener,
        store.clone(),
        &options,
        tipwatch_query::shutdown_signal(),
    )
    .await;
    if let Err(e) = store.flush() {
        eprintln!("tipwatch-query: flush on shutdown failed: {e}");
        return ExitCode::FAILURE;
    }
    match result {
        Ok(()) => {
            tracing::info!("tipwatch-query stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tipwatch-query: server failed: {e}");
            ExitCode::FAILURE
        }
    }
}
