//! The one place where errors become gRPC statuses.

use tipwatch_store::StoreError;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// Returns an `INVALID_ARGUMENT` status with a `google.rpc.BadRequest`
/// field violation for `field`.
pub fn invalid_argument(field: &str, reason: &str) -> Status {
    let mut details = ErrorDetails::new();
    details.add_bad_request_violation(field, reason);
    Status::with_error_details(
        Code::InvalidArgument,
        format!("invalid {field}: {reason}"),
        details,
    )
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
            &format!("{name:?} names several organisations: {candidates}; use a resource name"),
        ),
        StoreError::NotFound(what) => Status::not_found(format!("{what} not found")),
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
