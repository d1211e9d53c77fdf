//! Event reads: ListEvents, reading the one index its most selective
//! filter or its order names.

use tipwatch_proto::{pb, raw};

use super::filter::{check_date, date_bounds, Order};
use super::output::{encode_page, value_as, Basic, Output, Stored};
use super::page::{tag, Page, PageRequest, Scan};
use crate::entries::event_parties;
use crate::error::{Result, StoreError};
use crate::keys::{date_num, index_key, trailing_id};
use crate::{Store, T};

/// Filters of ListEvents.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// `EventKind` value; 0 for any.
    pub kind: i32,
    /// Participant name or resource name; empty for any.
    pub participant: String,
    /// Earliest start date, inclusive.
    pub start_date: Option<pb::Date>,
    /// Latest start date, inclusive.
    pub end_date: Option<pb::Date>,
    /// Text the location must contain (case-insensitive); empty for any.
    pub location: String,
    /// An organisation that took part; empty for any.
    pub organisation: String,
    /// With `organisation`: its offices and wings too.
    pub include_children: bool,
    /// Result order (dates only).
    pub order: Order,
}

impl Store {
    /// Lists events by kind, participant, date range and location.
    pub fn list_events(&self, f: &EventFilter, req: &PageRequest) -> Result<Page<pb::Event>> {
        self.events_page(f, req)
    }

    /// [`Store::list_events`], encoded as stored: every field when
    /// `full`, otherwise without `documents`, `evidence` and `merges`.
    pub fn list_events_encoded(
        &self,
        f: &EventFilter,
        req: &PageRequest,
        full: bool,
    ) -> Result<raw::ListEventsResponse> {
        Ok(if full {
            encode_page(&self.events_page::<Stored>(f, req)?)
        } else {
            encode_page(&self.events_page::<Basic>(f, req)?)
        })
    }

    fn events_page<O: Output<pb::Event>>(
        &self,
        f: &EventFilter,
        req: &PageRequest,
    ) -> Result<Page<O>> {
        check_date("start_date", f.start_date.as_ref())?;
        check_date("end_date", f.end_date.as_ref())?;
        if !(0..=u8::MAX as i32).contains(&f.kind) {
            return Err(StoreError::InvalidArgument {
                field: "kind",
                reason: format!("{} is not an event kind", f.kind),
            });
        }
        let named = if f.participant.trim().is_empty() {
            f.organisation.trim()
        } else {
            f.participant.trim()
        };
        let also = match (f.participant.trim().is_empty(), f.organisation.trim()) {
            (false, o) if !o.is_empty() => match self.filter_org("organisation", o)? {
                Some(id) => Some(id),
                None => return Ok(Page::default()),
            },
            _ => None,
        };
        let participant = match named {
            "" => None,
            n => match self.filter_org("participant", n)? {
                Some(id) => Some(id),
                None => return Ok(Page::default()),
            },
        };
        let (lo, hi) = date_bounds(f.start_date.as_ref(), f.end_date.as_ref());
        let dated =
            f.start_date.is_some_and(|d| d.year > 0) || f.end_date.is_some_and(|d| d.year > 0);
        let location = f.location.trim().to_lowercase();
        let accept = |e: &pb::Event| {
            (f.kind == 0 || e.kind == f.kind)
                && (!dated || (lo..=hi).contains(&date_num(e.date.as_ref())))
                && (location.is_empty() || e.location.to_lowercase().contains(&location))
        };
        let members = match participant.as_ref().filter(|_| f.include_children) {
            Some(id) => Some(self.family_members(id)?),
            None => None,
        };
        let kind_range = |k: u8| {
            let mut lower = vec![k];
            lower.extend_from_slice(&lo.to_be_bytes());
            let upper = match hi.checked_add(1) {
                Some(h) => [vec![k], h.to_be_bytes().to_vec()].concat(),
                None => vec![k + 1],
            };
            Scan::range(T::EventKindDate, tag::EVENT_KIND_DATE, lower, Some(upper))
        };
        let date_range = || {
            let upper = hi.checked_add(1).map(|h| h.to_be_bytes().to_vec());
            Scan::range(
                T::EventDate,
                tag::EVENT_DATE,
                lo.to_be_bytes().to_vec(),
                upper,
            )
        };
        let by_date = matches!(f.order, Order::DateAsc | Order::DateDesc);
        let scan = if by_date {
            let s = if f.kind != 0 {
                kind_range(f.kind as u8)
            } else {
                date_range()
            };
            s.reversed(f.order == Order::DateDesc)
        } else if let Some(m) = &members {
            Scan::prefixes(
                T::EventParticipant,
                tag::EVENT_FAMILY,
                m.iter().map(|id| index_key(id.as_bytes(), "")).collect(),
            )
        } else if let Some(id) = &participant {
            Scan::prefix(
                T::EventParticipant,
                tag::EVENT_PARTICIPANT,
                index_key(id.as_bytes(), ""),
            )
        } else if f.kind != 0 {
            kind_range(f.kind as u8)
        } else if dated {
            date_range()
        } else {
            Scan::all(T::Events, tag::EVENTS)
        };
        let family_scan = !scan.prefixes.is_empty();
        let accept = |e: &pb::Event| {
            accept(e)
                && also
                    .as_ref()
                    .is_none_or(|o| event_parties(e).any(|p| p == o))
                && match &members {
                    Some(m) => event_parties(e).any(|p| m.contains(p)),
                    None => participant
                        .as_ref()
                        .is_none_or(|o| event_parties(e).any(|p| p == o)),
                }
        };
        // Without a filter every event of the index is listed: none is
        // decoded to be checked.
        let filtered =
            f.kind != 0 || dated || !location.is_empty() || participant.is_some() || also.is_some();
        let primary = scan.tree == T::Events;
        self.page_entries(scan, req, |k, v| {
            let id = if primary {
                String::from_utf8_lossy(k).into_owned()
            } else {
                trailing_id(k).unwrap_or_default()
            };
            // An event with several members of a family is listed once:
            // under the smallest of them.
            let keep = |x: &pb::Event| {
                accept(x)
                    && (!family_scan
                        || members.as_ref().is_none_or(|m| {
                            let first = event_parties(x).filter(|p| m.contains(p)).min();
                            first.is_some_and(|p| k.starts_with(&index_key(p.as_bytes(), "")))
                        }))
            };
            let keep: Option<&dyn Fn(&pb::Event) -> bool> = filtered.then_some(&keep);
            if primary {
                value_as::<pb::Event, O>(v, T::Events, &id, keep)
            } else {
                self.load_as::<pb::Event, O>(T::Events, &id, keep)
            }
        })
    }
}
