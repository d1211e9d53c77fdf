//! Query load: every call, and `Health/Check` as the baseline, in
//! alternating phases on the same connections with the same number of
//! requests in flight, so each call's QPS can be read as a fraction of
//! what the server does for the cheapest request it has.

use std::path::PathBuf;

use crate::{
    calls::{Call, Clients},
    connect::connect,
    error::ToolError,
    runner::{self, Limit, Measured, Summary},
};

/// How to load the server.
#[derive(Clone, Debug)]
pub struct LoadPlan {
    /// Server URL.
    pub target: String,
    /// HTTP/2 connections.
    pub connections: usize,
    /// Requests in flight on each connection.
    pub concurrency: usize,
    /// Length of each measured phase.
    pub phase: Limit,
    /// Unmeasured phase before the first round, per call.
    pub warmup: Option<Limit>,
    /// Rounds: each runs Health then every call once.
    pub rounds: usize,
    /// Bearer token.
    pub token: Option<String>,
    /// CA certificate for TLS.
    pub tls_ca: Option<PathBuf>,
}

/// Runs the plan; returns Health's summary first, then each call's (with
/// its ratio to Health).
pub async fn run(plan: &LoadPlan, calls: &[Call]) -> Result<Vec<Summary>, ToolError> {
    if plan.connections == 0 || plan.concurrency == 0 || plan.rounds == 0 {
        return Err(ToolError::Flag(
            "--connections/--concurrency/--rounds",
            "must be at least 1".into(),
        ));
    }
    let mut clients = Vec::with_capacity(plan.connections);
    for _ in 0..plan.connections {
        let channel = connect(&plan.target, plan.tls_ca.as_deref()).await?;
        clients.push(Clients::new(channel, plan.token.as_deref())?);
    }
    let all: Vec<Call> = std::iter::once(Call::health())
        .chain(calls.iter().cloned())
        .collect();
    if let Some(w) = plan.warmup {
        for call in &all {
            phase(&clients, plan.concurrency, call, w).await;
        }
    }
    let mut measured = vec![Measured::default(); all.len()];
    for _ in 0..plan.rounds {
        for (call, m) in all.iter().zip(measured.iter_mut()) {
            m.merge(&phase(&clients, plan.concurrency, call, plan.phase).await);
        }
    }
    let health = measured[0].qps();
    Ok(all
        .iter()
        .zip(&measured)
        .enumerate()
        .map(|(i, (call, m))| m.summary(call.method(), (i > 0).then_some(health)))
        .collect())
}

async fn phase(clients: &[Clients], concurrency: usize, call: &Call, limit: Limit) -> Measured {
    let workers: Vec<(Clients, Call, bool)> = clients
        .iter()
        .flat_map(|c| std::iter::repeat_n(c, concurrency))
        .map(|c| (c.clone(), call.clone(), false))
        .collect();
    runner::run(workers, limit, |(mut c, call, checked), _| async move {
        let out = call.run(&mut c).await.map_err(|s| {
            format!(
                "{} {}: {}",
                call.method(),
                s.code().description(),
                s.message()
            )
        });
        // Each worker decodes its first response (only): the rest are
        // counted as bytes, as h2load counts them.
        let out = match out {
            Ok(bytes) if !checked => call.check(&bytes).map(|()| bytes.len()),
            Ok(bytes) => Ok(bytes.len()),
            Err(e) => Err(e),
        };
        let checked = checked || out.is_ok();
        ((c, call, checked), out)
    })
    .await
}

/// Formats summaries as a table.
pub fn table(rows: &[Summary]) -> String {
    let mut s = format!(
        "{:<24} {:>9} {:>10} {:>9} {:>9} {:>9} {:>10} {:>8} {:>7}\n",
        "method", "requests", "qps", "p50 ms", "p99 ms", "p999 ms", "resp B", "errors", "/health"
    );
    for r in rows {
        s += &format!(
            "{:<24} {:>9} {:>10.1} {:>9.2} {:>9.2} {:>9.2} {:>10} {:>8} {:>7}\n",
            r.method,
            r.requests,
            r.qps,
            r.p50_ms,
            r.p99_ms,
            r.p999_ms,
            r.mean_response_bytes,
            r.errors,
            r.ratio_to_health
                .map_or("-".to_owned(), |x| format!("{x:.2}"))
        );
        if let Some(e) = &r.first_error {
            s += &format!("  first error: {e}\n");
        }
    }
    s
}
