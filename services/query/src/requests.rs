//! Request messages to store filters, validated at the top of a handler.

use tipwatch_proto::pb;
use tipwatch_store::{EventFilter, FlowFilter, Order, OrganisationFilter, PageRequest};
use tonic::Status;

use crate::status::invalid_argument;

fn page(page_size: i32, page_token: &str) -> Result<PageRequest, Status> {
    if page_size < 0 {
        return Err(invalid_argument("page_size", "must not be negative"));
    }
    Ok(PageRequest {
        page_size,
        page_token: page_token.to_owned(),
    })
}

fn enum_value<E: TryFrom<i32>>(field: &str, v: i32) -> Result<i32, Status> {
    E::try_from(v)
        .map(|_| v)
        .map_err(|_| invalid_argument(field, &format!("{v} is not a known value")))
}

/// Whether a List request asks for the FULL view of each record
/// (`RECORD_VIEW_UNSPECIFIED` and `RECORD_VIEW_BASIC` leave the heavy
/// repeated fields out).
pub(crate) fn full_view(view: i32) -> Result<bool, Status> {
    match pb::RecordView::try_from(view) {
        Ok(pb::RecordView::Full) => Ok(true),
        Ok(pb::RecordView::Unspecified | pb::RecordView::Basic) => Ok(false),
        Err(_) => Err(invalid_argument(
            "view",
            &format!("{view} is not a known value"),
        )),
    }
}

/// Parses `order_by`: "date", "date desc" and, where `amounts`, "amount"
/// and "amount desc".
fn order(s: &str, amounts: bool) -> Result<Order, Status> {
    let norm: Vec<String> = s.split_whitespace().map(str::to_ascii_lowercase).collect();
    let words: Vec<&str> = norm.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => Ok(Order::Index),
        ["date"] | ["date", "asc"] => Ok(Order::DateAsc),
        ["date", "desc"] => Ok(Order::DateDesc),
        ["amount"] | ["amount", "asc"] if amounts => Ok(Order::AmountAsc),
        ["amount", "desc"] if amounts => Ok(Order::AmountDesc),
        _ => Err(invalid_argument(
            "order_by",
            if amounts {
                "must be \"date\", \"date desc\", \"amount\" or \"amount desc\""
            } else {
                "must be \"date\" or \"date desc\""
            },
        )),
    }
}

/// Converts a ListOrganisations request.
pub(crate) fn organisations(
    r: &pb::ListOrganisationsRequest,
) -> Result<(OrganisationFilter, PageRequest), Status> {
    let kind = enum_value::<pb::OrganisationKind>("kind", r.kind)?;
    Ok((
        OrganisationFilter {
            kind,
            query: r.query.clone(),
        },
        page(r.page_size, &r.page_token)?,
    ))
}

/// Converts a ListFundingFlows request.
pub(crate) fn funding_flows(
    r: &pb::ListFundingFlowsRequest,
) -> Result<(FlowFilter, PageRequest), Status> {
    let currency = r.currency_code.trim();
    let valid = currency.is_empty()
        || currency.len() == 3 && currency.chars().all(|c| c.is_ascii_alphabetic());
    if !valid {
        return Err(invalid_argument(
            "currency_code",
            "must be a three-letter ISO 4217 code",
        ));
    }
    let filter = FlowFilter {
        funder: r.funder.clone(),
        recipient: r.recipient.clone(),
        start_date: r.start_date,
        end_date: r.end_date,
        currency_code: currency.to_owned(),
        organisation: r.organisation.clone(),
        include_children: r.include_children,
        order: order(&r.order_by, true)?,
    };
    Ok((filter, page(r.page_size, &r.page_token)?))
}

/// Converts a SummariseFunding request: the flow filter and the grouping.
pub(crate) fn funding_summary(
    r: &pb::SummariseFundingRequest,
) -> Result<(FlowFilter, pb::FundingGroupBy), Status> {
    let by = pb::FundingGroupBy::try_from(r.group_by).map_err(|_| {
        invalid_argument("group_by", &format!("{} is not a known value", r.group_by))
    })?;
    let list = pb::ListFundingFlowsRequest {
        funder: r.funder.clone(),
        recipient: r.recipient.clone(),
        start_date: r.start_date,
        end_date: r.end_date,
        currency_code: r.currency_code.clone(),
        ..Default::default()
    };
    Ok((funding_flows(&list)?.0, by))
}

/// Converts a ListEvents request.
pub(crate) fn events(r: &pb::ListEventsRequest) -> Result<(EventFilter, PageRequest), Status> {
    let kind = enum_value::<pb::EventKind>("kind", r.kind)?;
    let filter = EventFilter {
        kind,
        participant: r.participant.clone(),
        start_date: r.start_date,
        end_date: r.end_date,
        location: r.location.clone(),
        organisation: r.organisation.clone(),
        include_children: r.include_children,
        order: order(&r.order_by, false)?,
    };
    Ok((filter, page(r.page_size, &r.page_token)?))
}

/// Converts the paging fields of any list request.
pub(crate) fn paging(page_size: i32, page_token: &str) -> Result<PageRequest, Status> {
    page(page_size, page_token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_and_bad_currency_are_refused() {
        let r = pb::ListEventsRequest {
            kind: 99,
            ..Default::default()
        };
        assert_eq!(events(&r).unwrap_err().code(), tonic::Code::InvalidArgument);
        let r = pb::ListFundingFlowsRequest {
            currency_code: "dollars".into(),
            ..Default::default()
        };
        assert!(funding_flows(&r)
            .unwrap_err()
            .message()
            .contains("currency_code"));
        let r = pb::ListFundingFlowsRequest {
            currency_code: "usd".into(),
            ..Default::default()
        };
        assert_eq!(funding_flows(&r).unwrap().0.currency_code, "usd");
    }

    #[test]
    fn views_default_to_basic_and_unknown_views_are_refused() {
        assert!(!full_view(pb::RecordView::Unspecified as i32).unwrap());
        assert!(!full_view(pb::RecordView::Basic as i32).unwrap());
        assert!(full_view(pb::RecordView::Full as i32).unwrap());
        let e = full_view(7).unwrap_err();
        assert_eq!(e.code(), tonic::Code::InvalidArgument);
        assert!(e.message().contains("view"), "{}", e.message());
    }
}
