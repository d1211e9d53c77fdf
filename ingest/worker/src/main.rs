//! `tipwatch-ingest`: parse documents, push them to the query service, or
//! serve `tipwatch.v1.IngestService` for other systems.
#![forbid(unsafe_code)]

mod client;
mod error;
mod files;
mod pipeline;
mod push;
mod server;
mod service;

use std::{io::Write, path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand, ValueEnum};
use tipwatch_proto::pb;

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
        /// The query service and the credentials for it.
        #[command(flatten)]
        client: client::ClientOptions,
        /// Documents in flight at once (read, extracted or being written).
        #[arg(long, env = "TIPWATCH_CONCURRENCY", default_value_t = 64,
              value_parser = clap::value_parser!(u32).range(1..=4096))]
        concurrency: u32,
        /// Files and directories to push.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Serves tipwatch.v1.IngestService, health and reflection, forwarding
    /// to the query service, until SIGINT or SIGTERM.
    Serve(server::ServeArgs),
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
        Command::Serve(a) => a.log_format,
        _ => tipwatch_transport::logging::LogFormat::Text,
    };
    tipwatch_transport::logging::init(log_format, "warn");
    match cli.command {
        Command::Extract { format, files } => extract(format, &files).await,
        Command::Push {
            client,
            concurrency,
            paths,
        } => push::push(&client, concurrency as usize, &paths).await,
        Command::Serve(args) => server::serve(&args).await,
        Command::Health {
            addr,
            service,
            timeout,
            tls_ca,
            tls_domain,
        } => {
            let tls = tipwatch_proto::health::ProbeTls {
                ca_file: tls_ca.as_deref(),
                domain: tls_domain.as_deref(),
            };
            health(&addr, &service, timeout, tls).await
        }
    }
}

/// Runs one health probe; exit status 0 only for SERVING.
async fn health(
    addr: &str,
    service: &str,
    timeout: u64,
    tls: tipwatch_proto::health::ProbeTls<'_>,
) -> ExitCode {
    let timeout = std::time::Duration::from_secs(timeout);
    match tipwatch_proto::health::probe_with(addr, service, timeout, tls).await {
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

/// Parses files and prints them; a closed stdout (`… | head`) ends the
/// run quietly.
async fn extract(format: Format, files: &[PathBuf]) -> ExitCode {
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for entry in files::expand(files) {
        let result = match entry {
            Ok(path) => match files::read(&path) {
                Ok(bytes) => {
                    let name = path.display().to_string();
                    let media = pipeline::media_type_of(&name);
                    pipeline::extract(name, bytes, media, pipeline::never()).await
                }
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        let written = match result {
            Ok(x) => match format {
                Format::Json => match tipwatch_proto::json::to_json("tipwatch.v1.Extraction", &x) {
                    Ok(line) => writeln!(out, "{line}"),
                    Err(e) => {
                        eprintln!("tipwatch-ingest: {}: {e}", x.source);
                        failed += 1;
                        Ok(())
                    }
                },
                Format::Text => write!(out, "{}", summary(&x)),
            },
            Err(e) => {
                eprintln!("tipwatch-ingest: {e}");
                failed += 1;
                Ok(())
            }
        };
        match written.and_then(|()| out.flush()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("tipwatch-ingest: cannot write the output: {e}");
                return ExitCode::FAILURE;
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
