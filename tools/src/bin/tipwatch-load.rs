//! `tipwatch-load`: loads a tipwatch server. `query` runs calls beside
//! `Health/Check` and prints QPS, p50/p99/p999 and each call's ratio to
//! Health; `ingest` sends documents to a worker and prints the durable
//! ingest rate.
#![forbid(unsafe_code)]

use std::{path::PathBuf, process::ExitCode, time::Duration};

use clap::{Args, Parser, Subcommand};
use tipwatch_tools::{
    calls::Call,
    error::ToolError,
    ingest::{self, IngestPlan, Source},
    load::{self, LoadPlan},
    runner::Limit,
};

/// Load generator for tipwatch servers.
#[derive(Parser)]
#[command(name = "tipwatch-load", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Common {
    /// Server URL.
    #[arg(long, default_value = "http://127.0.0.1:50051")]
    target: String,
    /// HTTP/2 connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Requests in flight on each connection.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Bearer token sent with every request.
    #[arg(long, env = "TIPWATCH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// File holding the bearer token (first line).
    #[arg(long, env = "TIPWATCH_TOKEN_FILE", conflicts_with = "token")]
    token_file: Option<PathBuf>,
    /// CA certificate (PEM) to connect over TLS.
    #[arg(long, env = "TIPWATCH_TLS_CA")]
    tls_ca: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Runs calls and Health/Check in alternating phases on the same
    /// connections. A call is `Method` or `Method=JSON`, e.g.
    /// `GetOrganisation='{"name":"IOM"}'` or `ListFundingFlows='{"pageSize":50}'`.
    Query {
        #[command(flatten)]
        common: Common,
        /// Seconds of each measured phase.
        #[arg(long, default_value_t = 2.0, conflicts_with = "requests")]
        duration: f64,
        /// Requests in each measured phase (instead of --duration).
        #[arg(long)]
        requests: Option<u64>,
        /// Rounds; each runs Health then every call once.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Seconds of unmeasured warm-up per call (0 for none).
        #[arg(long, default_value_t = 0.5)]
        warmup: f64,
        /// Calls to measure.
        #[arg(required = true)]
        calls: Vec<String>,
    },
    /// Sends documents to a worker's IngestService/SubmitDocument, each
    /// counted when stored and flushed.
    Ingest {
        #[command(flatten)]
        common: Common,
        /// Generated documents to send (series --seed, from --start).
        #[arg(long, required_unless_present = "dir", conflicts_with = "dir")]
        count: Option<u64>,
        /// Index of the first generated document.
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// Seed of the generated series.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Send every file of this directory instead.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse().command).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("tipwatch-load: {e}");
            ExitCode::FAILURE
        }
    }
}

fn token(c: &Common) -> Result<Option<String>, ToolError> {
    if let Some(path) = &c.token_file {
        let text = std::fs::read_to_string(path).map_err(|source| ToolError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let first = text.lines().map(str::trim).find(|l| !l.is_empty());
        return first.map(|t| Some(t.to_owned())).ok_or_else(|| {
            ToolError::Flag("--token-file", format!("{} is empty", path.display()))
        });
    }
    Ok(c.token.clone())
}

fn seconds(flag: &'static str, s: f64) -> Result<Duration, ToolError> {
    Duration::try_from_secs_f64(s)
        .map_err(|_| ToolError::Flag(flag, format!("{s} is not a duration")))
}

/// Returns whether every request succeeded.
async fn run(command: Command) -> Result<bool, ToolError> {
    match command {
        Command::Query {
            common,
            duration,
            requests,
            rounds,
            warmup,
            calls,
        } => {
            let calls = calls
                .iter()
                .map(|c| Call::parse(c))
                .collect::<Result<Vec<_>, _>>()?;
            let phase = match requests {
                Some(n) => Limit::Requests(n),
                None => Limit::Time(seconds("--duration", duration)?),
            };
            let warmup = seconds("--warmup", warmup)?;
            let plan = LoadPlan {
                target: common.target.clone(),
                connections: common.connections,
                concurrency: common.concurrency,
                phase,
                warmup: (!warmup.is_zero()).then_some(Limit::Time(warmup)),
                rounds,
                token: token(&common)?,
                tls_ca: common.tls_ca.clone(),
            };
            let rows = load::run(&plan, &calls).await?;
            if common.json {
                let out = serde_json::json!({
                    "target": plan.target,
                    "connections": plan.connections,
                    "concurrency": plan.concurrency,
                    "rounds": plan.rounds,
                    "results": rows,
                });
                println!("{out}");
            } else {
                println!(
                    "{} connections x {} in flight, {} rounds of alternating phases",
                    plan.connections, plan.concurrency, plan.rounds
                );
                print!("{}", load::table(&rows));
            }
            Ok(rows.iter().all(|r| r.errors == 0 && r.requests > 0))
        }
        Command::Ingest {
            common,
            count,
            start,
            seed,
            dir,
        } => {
            let source = match (dir, count) {
                (Some(d), _) => Source::Dir(d),
                (None, Some(count)) => Source::Generated { seed, start, count },
                (None, None) => {
                    return Err(ToolError::Flag("--count", "or --dir is required".into()))
                }
            };
            let plan = IngestPlan {
                target: common.target.clone(),
                connections: common.connections,
                concurrency: common.concurrency,
                token: token(&common)?,
                tls_ca: common.tls_ca.clone(),
            };
            let r = ingest::run(&plan, &source).await?;
            if common.json {
                println!(
                    "{}",
                    serde_json::to_string(&r)
                        .map_err(|e| ToolError::Flag("--json", e.to_string()))?
                );
            } else {
                let s = &r.summary;
                println!(
                    "ingested {} documents ({} new, {} failed) in {:.2} s: {:.1} docs/s, {:.2} MB/s of text; per document p50 {:.1} ms, p99 {:.1} ms",
                    s.requests,
                    r.created,
                    s.errors,
                    s.seconds,
                    s.qps,
                    r.text_bytes as f64 / s.seconds.max(1e-9) / 1e6,
                    s.p50_ms,
                    s.p99_ms
                );
                if let Some(e) = &s.first_error {
                    println!("  first error: {e}");
                }
            }
            Ok(r.summary.errors == 0)
        }
    }
}
