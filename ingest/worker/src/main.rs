//! `tipwatch-ingest`: parse documents, push them to the query service, or
//! serve `tipwatch.v1.IngestService` for other systems.
#![forbid(unsafe_code)]

mod error;
mod files;
mod pipeline;
mod service;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tipwatch_proto::pb::{self, ingest_service_server::IngestServiceServer};
use tokio_stream::wrappers::TcpListenerStream;

use crate::error::IngestError;

/// The tipwatch ingest worker.
#[derive(Parser)]
#[command(name = "tipwatch-ingest", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One line of proto3 JSON (`Extraction`) per file.
    Json,
    /// A readable summary per file.
    Text,
}

#[derive(Subcommand)]
enum Command {
    /// Parses files and prints what they say, storing nothing.
    Extract {
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Files to parse.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Parses files and directories and stores them through the query
    /// service's write API.
    Push {
        /// Query service URL, e.g. http://127.0.0.1:50051.
        #[arg(
            long,
            env = "TIPWATCH_SERVER",
            default_value = "http://127.0.0.1:50051"
        )]
        server: String,
        /// Files and directories to push.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Serves tipwatch.v1.IngestService, health and reflection, forwarding
    /// to the query service, until SIGINT or SIGTERM.
    Serve {
        /// Address to listen on.
        #[arg(
            long,
            env = "TIPWATCH_INGEST_LISTEN",
            default_value = "127.0.0.1:50052"
        )]
        listen: String,
        /// Query service URL.
        #[arg(
            long,
            env = "TIPWATCH_SERVER",
            default_value = "http://127.0.0.1:50051"
        )]
        server: String,
    },
    /// Asks a running server whether it is serving (grpc.health.v1
    /// Health/Check); exit status 0 only when it is. For container and
    /// orchestrator health checks.
    Health {
        /// Server address, HOST:PORT or an http:// URL.
        #[arg(long, default_value = "127.0.0.1:50052")]
        addr: String,
        /// Service to ask about; empty for the whole server.
        #[arg(long, default_value = "tipwatch.v1.IngestService")]
        service: String,
        /// Seconds allowed for connecting and for the call, each.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=300))]
        timeout: u64,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match Cli::parse().command {
        Command::Extract { format, files } => extract(format, &files).await,
        Command::Push { server, paths } => push(&server, &paths).await,
        Command::Serve { listen, server } => serve(&listen, &server).await,
        Command::Health {
            addr,
            service,
            timeout,
        } => health(&addr, &service, timeout).await,
    }
}

/// Runs one health probe; exit status 0 only for SERVING.
async fn health(addr: &str, service: &str, timeout: u64) -> ExitCode {
    let timeout = std::time::Duration::from_secs(timeout);
    match tipwatch_proto::health::probe(addr, service, timeout).await {
        Ok(()) => {
            println!("{addr}: {service} is SERVING");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tipwatch-ingest health: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn extract(format: Format, files: &[PathBuf]) -> ExitCode {
    let mut failed = 0;
    for entry in files::expand(files) {
        let result = match entry {
            Ok(path) => match files::read(&path) {
                Ok(bytes) => {
                    let name = path.display().to_string();
                    pipeline::extract(name.clone(), bytes, pipeline::media_type_of(&name)).await
                }
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        match result {
            Ok(x) => match format {
                Format::Json => match tipwatch_proto::json::to_json("tipwatch.v1.Extraction", &x) {
                    Ok(line) => println!("{line}"),
                    Err(e) => {
                        eprintln!("tipwatch-ingest: {}: {e}", x.source);
                        failed += 1;
                    }
                },
                Format::Text => print!("{}", summary(&x)),
            },
            Err(e) => {
                eprintln!("tipwatch-ingest: {e}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn date(d: Option<&pb::Date>) -> String {
    match d {
        Some(d) if d.day > 0 => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        Some(d) if d.month > 0 => format!("{:04}-{:02}", d.year, d.month),
        Some(d) if d.year > 0 => format!("{:04}", d.year),
        _ => "-".into(),
    }
}

/// A readable summary of one extraction.
fn summary(x: &pb::Extraction) -> String {
    let name = |id: &str| {
        x.organisations
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_owned(), |o| o.name.clone())
    };
    let mut s = format!(
        "== {} (published {})\n",
        x.source,
        date(x.published.as_ref())
    );
    for o in &x.organisations {
        let kind = pb::OrganisationKind::try_from(o.kind).map_or("?", |k| k.as_str_name());
        s += &format!(
            "  org    {} [{}] {}",
            o.name,
            o.acronym,
            kind.trim_start_matches("ORGANISATION_KIND_")
        );
        if !o.aliases.is_empty() {
            s += &format!(" aka {}", o.aliases.join("; "));
        }
        s += "\n";
    }
    for p in &x.people {
        s += &format!(
            "  person {} ({}) for {}\n",
            p.name,
            p.title,
            name(&p.organisation)
        );
    }
    for f in &x.funding_flows {
        let amount = f.amount.as_ref().map_or("-".to_owned(), |m| {
            format!("{} {}.{:09}", m.currency_code, m.units, m.nanos)
        });
        s += &format!(
            "  flow   {} -> {} {}\n",
            name(&f.funder),
            name(&f.recipient),
            amount
        );
    }
    for e in &x.events {
        let kind = pb::EventKind::try_from(e.kind).map_or("?", |k| k.as_str_name());
        let parts: Vec<String> = e.participants.iter().map(|p| name(p)).collect();
        s += &format!(
            "  event  {} {}..{} at {:?} with {}\n",
            kind.trim_start_matches("EVENT_KIND_"),
            date(e.date.as_ref()),
            date(e.end_date.as_ref()),
            e.location,
            parts.join(", ")
        );
    }
    s
}

async fn push(server: &str, paths: &[PathBuf]) -> ExitCode {
    let mut client = match pipeline::connect(server, false).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tipwatch-ingest: {e}");
            return ExitCode::FAILURE;
        }
    };
    let entries = files::expand(paths);
    let bar = ProgressBar::new(entries.len() as u64);
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut created, mut unchanged, mut failed) = (0u32, 0u32, 0u32);
    let mut totals = pb::RecordCounts::default();
    for entry in entries {
        let result: Result<pb::WriteExtractionResponse, IngestError> = async {
            let path = entry?;
            bar.set_message(path.display().to_string());
            let bytes = files::read(&path)?;
            let name = path.display().to_string();
            let x = pipeline::extract(name.clone(), bytes, pipeline::media_type_of(&name)).await?;
            pipeline::store(&mut client, x).await
        }
        .await;
        match result {
            Ok(r) => {
                if r.created {
                    created += 1;
                } else {
                    unchanged += 1;
                }
                if let Some(c) = r.counts {
                    totals.organisations += c.organisations;
                    totals.people += c.people;
                    totals.funding_flows += c.funding_flows;
                    totals.events += c.events;
                }
            }
            Err(e) => {
                bar.suspend(|| eprintln!("tipwatch-ingest: {e}"));
                failed += 1;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "pushed {} documents: {created} new, {unchanged} unchanged, {failed} failed; {} organisations, {} people, {} funding flows, {} events",
        created + unchanged + failed,
        totals.organisations,
        totals.people,
        totals.funding_flows,
        totals.events
    );
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn serve(listen: &str, server: &str) -> ExitCode {
    let writer = match pipeline::connect(server, true).await {
        Ok(w) => w,
        Err(e) => {
            eprintln!("tipwatch-ingest: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("tipwatch-ingest: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| listen.to_owned());
    println!("tipwatch-ingest listening on {addr}");
    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_serving::<IngestServiceServer<service::IngestApi>>()
        .await;
    let reflection = |v1: bool| {
        let b = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(tipwatch_proto::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET);
        (v1, b)
    };
    let (_, b1) = reflection(true);
    let (_, b2) = reflection(false);
    let (Ok(r1), Ok(r2)) = (b1.build_v1(), b2.build_v1alpha()) else {
        eprintln!("tipwatch-ingest: the API descriptor set is invalid");
        return ExitCode::FAILURE;
    };
    let api = IngestServiceServer::new(service::IngestApi::new(writer))
        .max_decoding_message_size(pipeline::MAX_MESSAGE_BYTES)
        .max_encoding_message_size(pipeline::MAX_MESSAGE_BYTES);
    let result = tonic::transport::Server::builder()
        .trace_fn(|req| tracing::info_span!("grpc", method = %req.uri().path()))
        .add_service(health_service)
        .add_service(r1)
        .add_service(r2)
        .add_service(api)
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown())
        .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tipwatch-ingest: server failed: {e}");
            ExitCode::FAILURE
        }
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
