//! The one place where errors become gRPC statuses.

use tipwatch_store::StoreError;

use crate::validate::Invalid;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// Returns an `INVALID_ARGUMENT` status with a `google.rpc.BadRequest`
/// field violation for `field`. Client input echoed in `reason` is cut to
/// a bounded length.
pub fn invalid_argument(field: &str, reason: &str) -> Status {
    let reason = truncate(reason);
    let mut details = ErrorDetails::new();
    details.add_bad_request_violation(field, reason.clone());
    Status::with_error_details(
        Code::InvalidArgument,
        format!("invalid {field}: {reason}"),
        details,
    )
}

/// Maps a refused extraction to `INVALID_ARGUMENT` with one
/// `google.rpc.BadRequest` violation per bad field.
pub fn from_invalid(e: Invalid) -> Status {
    let mut details = ErrorDetails::new();
    for v in &e.violations {
        details.add_bad_request_violation(v.field.clone(), truncate(&v.reason));
    }
    let first = &e.violations[0];
    Status::with_error_details(
        Code::InvalidArgument,
        format!("invalid {}: {}", first.field, truncate(&first.reason)),
        details,
    )
}

/// Cuts echoed input in a message to a bounded length.
fn truncate(s: &str) -> String {
    // Reasons quote at most a name or two; a whole reason is allowed a
    // few echoes' worth.
    match s.char_indices().nth(4 * crate::limits::MAX_ECHO_CHARS) {
        None => s.to_owned(),
        Some((cut, _)) => format!("{}… ({} bytes)", &s[..cut], s.len()),
    }
}

/// Maps a store error to its status.
pub fn from_store(e: StoreError) -> Status {
    match e {
        StoreError::InvalidArgument { field, reason } => invalid_argument(field, &reason),
        StoreError::Ambiguous {
            field,
            ref name,
            ref candidates,
        } => invalid_argument(
            field,
            &format!(
                "{:?} names several organisations: {candidates}; use a resource name",
                crate::limits::truncate(name)
            ),
        ),
        StoreError::NotFound(what) => {
            Status::not_found(format!("{} not found", crate::limits::truncate(&what)))
        }
        e @ StoreError::Corrupt { .. } => {
            tracing::error!(error = %e, "corrupt record");
            Status::data_loss(e.to_string())
        }
        StoreError::Sled(e) => {
            tracing::error!(error = %e, "storage failure");
            Status::unavailable(format!("storage failure: {e}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_arguments_name_the_field() {
        let s = from_store(StoreError::InvalidArgument {
            field: "page_token",
            reason: "bad".into(),
        });
        assert_eq!(s.code(), Code::InvalidArgument);
        let details = s.get_error_details();
        let v = &details.bad_request().unwrap().field_violations[0];
        assert_eq!(v.field, "page_token");
        assert_eq!(
            from_store(StoreError::NotFound("x".into())).code(),
            Code::NotFound
        );
    }
}
