//! Limits in front of the handlers: a cap on open WatchRecords streams
//! (each holds a task and a buffer until its client goes away), and the
//! truncation of client input echoed in error messages.

use std::{
    convert::Infallible,
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tonic::{body::Body, server::NamedService, Status};

/// The path of the streaming call that is capped.
pub const WATCH_PATH: &str = "/tipwatch.v1.QueryService/WatchRecords";

/// Longest piece of client input echoed in an error message, in
/// characters.
pub const MAX_ECHO_CHARS: usize = 120;

/// `s`, cut to [`MAX_ECHO_CHARS`] characters with an ellipsis and the
/// full length when it was longer.
pub fn truncate(s: &str) -> String {
    match s.char_indices().nth(MAX_ECHO_CHARS) {
        None => s.to_owned(),
        Some((cut, _)) => format!("{}… ({} bytes)", &s[..cut], s.len()),
    }
}

/// Wraps a service so that at most `max` streams of [`WATCH_PATH`] are
/// open at once: the permit travels with the response body and is
/// released when the stream ends or its client disconnects.
#[derive(Clone, Debug)]
pub struct StreamLimit<S> {
    inner: S,
    permits: Arc<Semaphore>,
    max: u32,
}

impl<S> StreamLimit<S> {
    /// Caps `inner`'s WatchRecords streams at `max`.
    pub fn new(inner: S, max: u32) -> Self {
        Self {
            inner,
            permits: Arc::new(Semaphore::new(max as usize)),
            max,
        }
    }
}

impl<S: NamedService> NamedService for StreamLimit<S> {
    const NAME: &'static str = S::NAME;
}

impl<S, B, RB> tower::Service<http::Request<B>> for StreamLimit<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<RB>, Error = Infallible>,
    S::Future: Send + 'static,
    RB: http_body::Body<Data = tonic::codegen::Bytes> + Send + 'static,
    RB::Error: Into<tonic::codegen::StdError>,
{
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        if req.uri().path() != WATCH_PATH {
            let fut = self.inner.call(req);
            return Box::pin(async move { Ok(fut.await?.map(Body::new)) });
        }
        let Ok(permit) = self.permits.clone().try_acquire_owned() else {
            metrics::counter!("tipwatch_watch_streams_refused_total").increment(1);
            let status = Status::resource_exhausted(format!(
                "{} WatchRecords streams are open, the most this server allows; retry later",
                self.max
            ));
            return Box::pin(async move { Ok(status.into_http()) });
        };
        let fut = self.inner.call(req);
        Box::pin(async move {
            let res = fut.await?;
            Ok(res.map(|body| {
                Body::new(Held {
                    body: Body::new(body),
                    _permit: permit,
                })
            }))
        })
    }
}

/// A response body that holds a permit until it is dropped.
struct Held {
    body: Body,
    _permit: OwnedSemaphorePermit,
}

impl http_body::Body for Held {
    type Data = <Body as http_body::Body>::Data;
    type Error = <Body as http_body::Body>::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_input_is_cut_on_a_character_boundary() {
        assert_eq!(truncate("short"), "short");
        let long = "é".repeat(1000);
        let t = truncate(&long);
        assert!(t.starts_with(&"é".repeat(MAX_ECHO_CHARS)));
        assert!(t.ends_with("(2000 bytes)"), "{t}");
        assert!(t.chars().count() < MAX_ECHO_CHARS + 20);
    }
}
