//! `tipwatch-docgen`: writes generated news-like documents for scale runs,
//! one file per document, or streams them to stdout.
#![forbid(unsafe_code)]

use std::{
    io::{BufWriter, Write},
    path::PathBuf,
    process::ExitCode,
};

use clap::Parser;
use tipwatch_tools::docgen;

/// Generates news-like documents (deterministic by seed; every document distinct).
#[derive(Parser)]
#[command(name = "tipwatch-docgen", version)]
struct Cli {
    /// Number of documents.
    #[arg(long)]
    count: u64,
    /// Index of the first document (to extend an earlier series).
    #[arg(long, default_value_t = 0)]
    start: u64,
    /// Seed of the series.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory to write `doc-NNNNNNNN.txt` files into (created if
    /// missing); without it, documents go to stdout separated by form feeds.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tipwatch-docgen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let docs =
        (cli.start..cli.start.saturating_add(cli.count)).map(|i| docgen::document(cli.seed, i));
    match &cli.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            for d in docs {
                let path = dir.join(&d.name);
                std::fs::write(&path, d.text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            for d in docs {
                writeln!(out, "{}\u{c}", d.text).map_err(|e| format!("stdout: {e}"))?;
            }
            out.flush().map_err(|e| format!("stdout: {e}"))?;
        }
    }
    Ok(())
}
