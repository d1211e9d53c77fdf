//! Turns one document (plain text as scraped from the web, or HTML) into a
//! `tipwatch.v1.Extraction`: organisations, people, funding flows and
//! events, each with the span and sentence it was read from.
//!
//! [`extract`] is the one entry point; it does no I/O. The stages, each
//! its own module: [`decode`] → [`clean`] (furniture, stories) →
//! [`sentences`] → [`orgs`] → [`people`] → [`money`] → [`flows`] →
//! [`events`], assembled with evidence by [`assemble`].
#![forbid(unsafe_code)]

mod assemble;
pub mod clean;
pub mod dates;
pub mod decode;
mod error;
pub mod events;
pub mod flows;
pub mod gazetteer;
mod html;
pub mod money;
pub mod orgs;
pub mod people;
pub mod sentences;
mod shadow;
pub mod tokens;

pub use decode::{MediaType, MAX_DOCUMENT_BYTES};
pub use error::ExtractError;

use sha2::{Digest, Sha256};
use tipwatch_proto::pb;

/// What the caller knows about a document.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    /// File name or URI, copied to `Extraction.source`.
    pub source: String,
    /// How the content is encoded.
    pub media_type: MediaType,
}

/// Reads one document. Never panics; refuses binary content and content
/// with no text left after cleaning.
pub fn extract(bytes: &[u8], hints: &Hints) -> Result<pb::Extraction, ExtractError> {
    extract_cancellable(bytes, hints, &|| false)
}

/// [`extract`] with cooperative cancellation: `cancelled` is asked between
/// stages, and a `true` answer ends the work with
/// [`ExtractError::Cancelled`].
pub fn extract_cancellable(
    bytes: &[u8],
    hints: &Hints,
    cancelled: &dyn Fn() -> bool,
) -> Result<pb::Extraction, ExtractError> {
    let stop = || {
        if cancelled() {
            Err(ExtractError::Cancelled)
        } else {
            Ok(())
        }
    };
    stop()?;
    let sha = hex::encode(Sha256::digest(bytes));
    let decoded = decode::decode(bytes, hints.media_type)?;
    stop()?;
    let cleaned = clean::clean(&decoded);
    if cleaned.text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    stop()?;
    Ok(assemble::assemble(&cleaned, &hints.source, &sha))
}
