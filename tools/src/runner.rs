//! Closed-loop load: a fixed number of workers, each with one request in
//! flight at a time, until a deadline or a request count; latencies go
//! into an HDR histogram (microseconds, 3 significant digits).

use std::{
    future::Future,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use hdrhistogram::Histogram;
use serde::Serialize;

/// When a phase ends.
#[derive(Clone, Copy, Debug)]
pub enum Limit {
    /// After this long (requests in flight at the deadline still count).
    Time(Duration),
    /// After this many requests in all.
    Requests(u64),
}

/// What one phase (or several phases of the same call) measured.
#[derive(Clone, Debug)]
pub struct Measured {
    /// Successful requests.
    pub ok: u64,
    /// Failed requests.
    pub errors: u64,
    /// The first failure's message.
    pub first_error: Option<String>,
    /// Wall time, from the first request sent to the last answer.
    pub elapsed: Duration,
    /// Latency of successful requests, in microseconds.
    pub latency: Histogram<u64>,
    /// Total encoded size of the responses, in bytes.
    pub bytes: u64,
}

impl Default for Measured {
    fn default() -> Self {
        Self {
            ok: 0,
            errors: 0,
            first_error: None,
            elapsed: Duration::ZERO,
            latency: new_histogram(),
            bytes: 0,
        }
    }
}

fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("static histogram bounds are valid")
}

impl Measured {
    /// Adds another measurement of the same call.
    pub fn merge(&mut self, other: &Measured) {
        self.ok += other.ok;
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error.clone_from(&other.first_error);
        }
        self.elapsed += other.elapsed;
        // Both histograms have the same bounds, so adding cannot fail.
        let _ = self.latency.add(&other.latency);
        self.bytes += other.bytes;
    }

    /// Successful requests per second.
    pub fn qps(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.ok as f64 / s
        } else {
            0.0
        }
    }

    /// A summary for reports.
    pub fn summary(&self, method: &str, baseline_qps: Option<f64>) -> Summary {
        let ms = |q: f64| self.latency.value_at_quantile(q) as f64 / 1000.0;
        Summary {
            method: method.to_owned(),
            requests: self.ok,
            errors: self.errors,
            first_error: self.first_error.clone(),
            seconds: self.elapsed.as_secs_f64(),
            qps: self.qps(),
            p50_ms: ms(0.5),
            p99_ms: ms(0.99),
            p999_ms: ms(0.999),
            max_ms: self.latency.max() as f64 / 1000.0,
            mean_response_bytes: self.bytes.checked_div(self.ok).unwrap_or(0),
            ratio_to_health: baseline_qps.filter(|b| *b > 0.0).map(|b| self.qps() / b),
        }
    }
}

/// The figures of one call, as printed and as JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Method name.
    pub method: String,
    /// Successful requests.
    pub requests: u64,
    /// Failed requests.
    pub errors: u64,
    /// The first failure, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
    /// Measured wall time.
    pub seconds: f64,
    /// Successful requests per second.
    pub qps: f64,
    /// Median latency.
    pub p50_ms: f64,
    /// 99th percentile latency.
    pub p99_ms: f64,
    /// 99.9th percentile latency.
    pub p999_ms: f64,
    /// Slowest request.
    pub max_ms: f64,
    /// Mean encoded response size.
    pub mean_response_bytes: u64,
    /// QPS divided by Health/Check's QPS on the same connections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio_to_health: Option<f64>,
}

/// Runs one phase: every worker state in `workers` loops on `work`
/// (handing its state back with the outcome: the response's size or an
/// error message) until `limit`. `work` gets the request's number, from 0.
pub async fn run<S, F, Fut>(workers: Vec<S>, limit: Limit, work: F) -> Measured
where
    S: Send + 'static,
    F: Fn(S, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = (S, Result<usize, String>)> + Send,
{
    let work = Arc::new(work);
    let tickets = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = match limit {
        Limit::Time(d) => Some(start + d),
        Limit::Requests(_) => None,
    };
    let max = match limit {
        Limit::Requests(n) => n,
        Limit::Time(_) => u64::MAX,
    };
    let mut tasks = tokio::task::JoinSet::new();
    for state in workers {
        let (work, tickets) = (work.clone(), tickets.clone());
        tasks.spawn(async move {
            let mut m = Measured::default();
            let mut state = state;
            loop {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
                let ticket = tickets.fetch_add(1, Ordering::Relaxed);
                if ticket >= max {
                    break;
                }
                let t0 = Instant::now();
                let (s, outcome) = work(state, ticket).await;
                state = s;
                match outcome {
                    Ok(bytes) => {
                        m.ok += 1;
                        m.bytes += bytes as u64;
                        let us = t0.elapsed().as_micros().max(1) as u64;
                        let _ = m.latency.record(us.min(m.latency.high()));
                    }
                    Err(e) => {
                        m.errors += 1;
                        if m.first_error.is_none() {
                            m.first_error = Some(e);
                        }
                    }
                }
            }
            m
        });
    }
    let mut total = Measured::default();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(m) => total.merge(&m),
            Err(e) => {
                total.errors += 1;
                total.first_error.get_or_insert_with(|| e.to_string());
            }
        }
    }
    // The per-worker merge above summed nothing into `elapsed`.
    total.elapsed = start.elapsed();
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_requests_and_errors_up_to_the_limit() {
        let m = run(vec![(); 4], Limit::Requests(100), |s, n| async move {
            (
                s,
                if n % 10 == 0 {
                    Err(format!("no {n}"))
                } else {
                    Ok(7)
                },
            )
        })
        .await;
        assert_eq!(m.ok, 90);
        assert_eq!(m.errors, 10);
        assert_eq!(m.bytes, 630);
        assert!(m.first_error.is_some_and(|e| e.starts_with("no ")));
        assert_eq!(m.latency.len(), 90);
    }

    #[tokio::test]
    async fn stops_at_the_deadline() {
        let t = Instant::now();
        let m = run(
            vec![(); 2],
            Limit::Time(Duration::from_millis(200)),
            |s, _| async move {
                tokio::time::sleep(Duration::from_millis(10)).await;
                (s, Ok(0))
            },
        )
        .await;
        assert!(t.elapsed() < Duration::from_secs(2));
        assert!(m.ok >= 10 && m.ok <= 60, "{}", m.ok);
        let s = m.summary("x", Some(m.qps() * 2.0));
        assert!((s.ratio_to_health.unwrap() - 0.5).abs() < 1e-9);
        assert!(s.p50_ms >= 10.0, "{}", s.p50_ms);
    }
}
