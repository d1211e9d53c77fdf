//! `tipwatch-ingest push`: files and directories through extraction and
//! the query service's RecordWriter, `concurrency` documents in flight
//! (extraction on at most one blocking thread per core), with a progress
//! bar and one summary line.

use std::{path::PathBuf, process::ExitCode, sync::Arc};

use futures::StreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tipwatch_proto::pb;
use tokio::sync::Semaphore;

use crate::client::{self, ClientOptions, Writer};
use crate::error::IngestError;
use crate::{files, pipeline};

/// Reads, extracts and stores one file.
async fn one(
    entry: Result<PathBuf, IngestError>,
    writer: &Writer,
    cores: &Semaphore,
    retries: u32,
) -> Result<pb::WriteExtractionResponse, IngestError> {
    let path = entry?;
    let x = {
        let _core = cores
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let bytes = files::read(&path)?;
        let name = path.display().to_string();
        let media = pipeline::media_type_of(&name);
        pipeline::extract(name, bytes, media, pipeline::never()).await?
    };
    client::store(writer, x, retries).await
}

/// Pushes `paths`; exit status 1 when any document failed.
pub(crate) async fn push(o: &ClientOptions, concurrency: usize, paths: &[PathBuf]) -> ExitCode {
    let (writer, _) = match client::connect(o, false).await {
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
    let cores = Arc::new(Semaphore::new(
        std::thread::available_parallelism().map_or(2, |n| n.get()),
    ));
    let (mut created, mut unchanged, mut failed) = (0u32, 0u32, 0u32);
    let mut totals = pb::RecordCounts::default();
    let mut results = futures::stream::iter(entries)
        .map(|entry| {
            let (writer, cores) = (writer.clone(), cores.clone());
            async move { one(entry, &writer, &cores, o.retries).await }
        })
        .buffer_unordered(concurrency.max(1));
    while let Some(result) = results.next().await {
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
