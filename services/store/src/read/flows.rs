//! Funding flow reads: ListFundingFlows, reading the one index its most
//! selective filter or its order names.

use tipwatch_proto::{pb, raw};

use super::filter::{check_date, date_bounds, Order};
use super::output::{encode_page, value_as, Basic, Output, Stored};
use super::page::{tag, Page, PageRequest, Scan};
use crate::entries::{flow_funders, flow_parties, flow_recipients};
use crate::error::Result;
use crate::keys::{date_num, index_key, trailing_id};
use crate::{Store, T};

/// Filters of ListFundingFlows.
#[derive(Clone, Debug, Default)]
pub struct FlowFilter {
    /// Funder name or resource name; empty for any.
    pub funder: String,
    /// Recipient name or resource name; empty for any.
    pub recipient: String,
    /// Earliest date, inclusive.
    pub start_date: Option<pb::Date>,
    /// Latest date, inclusive.
    pub end_date: Option<pb::Date>,
    /// ISO 4217 code; empty for any.
    pub currency_code: String,
    /// An organisation on either side; empty for any.
    pub organisation: String,
    /// With `organisation`: its offices and wings too.
    pub include_children: bool,
    /// Result order.
    pub order: Order,
}

impl Store {
    /// Lists funding flows by funder, recipient, date range and currency.
    pub fn list_funding_flows(
        &self,
        f: &FlowFilter,
        req: &PageRequest,
    ) -> Result<Page<pb::FundingFlow>> {
        self.flows_page(f, req)
    }

    /// [`Store::list_funding_flows`], encoded as stored: every field when
    /// `full`, otherwise without `documents`, `evidence` and `merges`.
    pub fn list_funding_flows_encoded(
        &self,
        f: &FlowFilter,
        req: &PageRequest,
        full: bool,
    ) -> Result<raw::ListFundingFlowsResponse> {
        Ok(if full {
            encode_page(&self.flows_page::<Stored>(f, req)?)
        } else {
            encode_page(&self.flows_page::<Basic>(f, req)?)
        })
    }

    fn flows_page<O: Output<pb::FundingFlow>>(
        &self,
        f: &FlowFilter,
        req: &PageRequest,
    ) -> Result<Page<O>> {
        check_date("start_date", f.start_date.as_ref())?;
        check_date("end_date", f.end_date.as_ref())?;
        let funder = match f.funder.trim() {
            "" => None,
            n => match self.filter_org("funder", n)? {
                Some(id) => Some(id),
                None => return Ok(Page::default()),
            },
        };
        let recipient = match f.recipient.trim() {
            "" => None,
            n => match self.filter_org("recipient", n)? {
                Some(id) => Some(id),
                None => return Ok(Page::default()),
            },
        };
        let (lo, hi) = date_bounds(f.start_date.as_ref(), f.end_date.as_ref());
        let dated =
            f.start_date.is_some_and(|d| d.year > 0) || f.end_date.is_some_and(|d| d.year > 0);
        let currency = f.currency_code.trim().to_ascii_uppercase();
        let accept = |flow: &pb::FundingFlow| {
            funder
                .as_ref()
                .is_none_or(|x| flow_funders(flow).any(|p| p == x))
                && recipient
                    .as_ref()
                    .is_none_or(|x| flow_recipients(flow).any(|p| p == x))
                && (!dated || (lo..=hi).contains(&date_num(flow.date.as_ref())))
                && (currency.is_empty()
                    || flow
                        .amount
                        .as_ref()
                        .is_some_and(|m| m.currency_code == currency))
        };
        let organisation = match f.organisation.trim() {
            "" => None,
            n => match self.filter_org("organisation", n)? {
                Some(id) => Some(id),
                None => return Ok(Page::default()),
            },
        };
        let members = match organisation.as_ref().filter(|_| f.include_children) {
            Some(id) => Some(self.family_members(id)?),
            None => None,
        };
        let date_range = || {
            let upper = hi.checked_add(1).map(|h| h.to_be_bytes().to_vec());
            Scan::range(
                T::FlowDate,
                tag::FLOW_DATE,
                lo.to_be_bytes().to_vec(),
                upper,
            )
        };
        let scan = match f.order {
            Order::DateAsc | Order::DateDesc => date_range().reversed(f.order == Order::DateDesc),
            Order::AmountAsc | Order::AmountDesc => {
                Scan::all(T::FlowAmount, tag::FLOW_AMOUNT).reversed(f.order == Order::AmountDesc)
            }
            Order::Index => {
                if let Some(id) = &funder {
                    Scan::prefix(
                        T::FlowFunder,
                        tag::FLOW_FUNDER,
                        index_key(id.as_bytes(), ""),
                    )
                } else if let Some(id) = &recipient {
                    Scan::prefix(
                        T::FlowRecipient,
                        tag::FLOW_RECIPIENT,
                        index_key(id.as_bytes(), ""),
                    )
                } else if let Some(m) = &members {
                    Scan::prefixes(
                        T::FlowParty,
                        tag::FLOW_FAMILY,
                        m.iter().map(|id| index_key(id.as_bytes(), "")).collect(),
                    )
                } else if let Some(id) = &organisation {
                    Scan::prefix(T::FlowParty, tag::FLOW_PARTY, index_key(id.as_bytes(), ""))
                } else if dated {
                    date_range()
                } else {
                    Scan::all(T::Flows, tag::FLOWS)
                }
            }
        };
        let family_scan = !scan.prefixes.is_empty();
        let accept = |flow: &pb::FundingFlow| match &members {
            Some(m) => accept(flow) && flow_parties(flow).any(|p| m.contains(p)),
            None => {
                accept(flow)
                    && organisation
                        .as_ref()
                        .is_none_or(|o| flow_parties(flow).any(|p| p == o))
            }
        };
        // Without a filter every flow of the index is listed: none is
        // decoded to be checked.
        let filtered = funder.is_some()
            || recipient.is_some()
            || dated
            || !currency.is_empty()
            || organisation.is_some();
        let primary = scan.tree == T::Flows;
        self.page_entries(scan, req, |k, v| {
            let id = if primary {
                String::from_utf8_lossy(k).into_owned()
            } else {
                trailing_id(k).unwrap_or_default()
            };
            // A flow between two members of a family is listed once: under
            // the smaller of the two.
            let keep = |x: &pb::FundingFlow| {
                accept(x)
                    && (!family_scan
                        || members.as_ref().is_none_or(|m| {
                            let first = flow_parties(x).filter(|p| m.contains(p)).min();
                            first.is_some_and(|p| k.starts_with(&index_key(p.as_bytes(), "")))
                        }))
            };
            let keep: Option<&dyn Fn(&pb::FundingFlow) -> bool> = filtered.then_some(&keep);
            if primary {
                value_as::<pb::FundingFlow, O>(v, T::Flows, &id, keep)
            } else {
                self.load_as::<pb::FundingFlow, O>(T::Flows, &id, keep)
            }
        })
    }
}
