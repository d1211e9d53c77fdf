//! The read path: point lookups and paged lists, each list reading the
//! one index that its most selective filter names, never a full scan of
//! another kind's records.
//!
//! Paging: a page token is the index tag and the last index key returned
//! (see [`crate::keys::encode_token`]); the next page starts after it, so
//! pages neither repeat nor skip records while the store only grows.

use std::ops::Bound;

use tipwatch_proto::pb;

use crate::error::{Result, StoreError};
use crate::keys::{
    alias_prefix, date_num, decode_token, encode_token, id_of, index_key, norm_alias, trailing_id,
    SEP,
};
use crate::merge::name_forms;
use crate::{Store, T};

/// Default number of results in a page.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest number of results in a page.
pub const MAX_PAGE_SIZE: usize = 1000;

/// Paging arguments of a List request.
#[derive(Clone, Debug, Default)]
pub struct PageRequest {
    /// Maximum results; 0 means [`DEFAULT_PAGE_SIZE`].
    pub page_size: i32,
    /// Token from a previous page, or empty.
    pub page_token: String,
}

/// One page of results.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page<R> {
    /// The results.
    pub items: Vec<R>,
    /// Token for the next page; empty on the last.
    pub next_page_token: String,
}

/// Filters of ListOrganisations.
#[derive(Clone, Debug, Default)]
pub struct OrganisationFilter {
    /// `OrganisationKind` value; 0 for any.
    pub kind: i32,
    /// Word prefixes that a name form must start with; empty for any.
    pub query: String,
}

/// The order a list returns its results in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// The order of the index the filters choose.
    #[default]
    Index,
    /// Oldest first (undated first).
    DateAsc,
    /// Newest first.
    DateDesc,
    /// Smallest amount first (face value; no amount first).
    AmountAsc,
    /// Largest amount first.
    AmountDesc,
}

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

/// Page token tags, one per index a list can read.
pub(crate) mod tag {
    pub(super) const ORGS: u8 = 1;
    pub(super) const ORG_KIND: u8 = 2;
    pub(super) const ORG_WORD: u8 = 3;
    pub(super) const FLOWS: u8 = 4;
    pub(super) const FLOW_FUNDER: u8 = 5;
    pub(super) const FLOW_RECIPIENT: u8 = 6;
    pub(super) const FLOW_DATE: u8 = 7;
    pub(super) const EVENTS: u8 = 8;
    pub(super) const EVENT_PARTICIPANT: u8 = 9;
    pub(super) const EVENT_KIND_DATE: u8 = 10;
    pub(super) const EVENT_DATE: u8 = 11;
    pub(super) const PEOPLE: u8 = 12;
    pub(super) const PERSON_ORG: u8 = 13;
    pub(super) const DOCUMENTS: u8 = 14;
    pub(super) const FLOW_PARTY: u8 = 15;
    pub(super) const FLOW_AMOUNT: u8 = 16;
    pub(super) const FLOW_FAMILY: u8 = 17;
    pub(super) const EVENT_FAMILY: u8 = 18;
    pub(crate) const MENTIONS: u8 = 19;
    /// Added to a tag for a scan read backwards.
    pub(super) const REVERSED: u8 = 0x80;
}

/// Most organisations (itself, offices, their offices) that
/// `include_children` reads.
pub const MAX_FAMILY: usize = 64;

/// Most index keys one page reads: a page whose filters reject many keys
/// ends early with a token to go on, so no request's work grows with the
/// store.
pub const MAX_KEYS_READ: usize = 2000;

/// The key range of one index that a list reads.
pub(crate) struct Scan {
    tree: T,
    tag: u8,
    lower: Vec<u8>,
    /// Exclusive upper bound; `None` for the end of the tree.
    upper: Option<Vec<u8>>,
    /// Read from the upper end down.
    reverse: bool,
    /// Several sorted, disjoint prefixes read one after the other instead
    /// of `lower..upper` (an organisation and its offices).
    prefixes: Vec<Vec<u8>>,
}

impl Scan {
    pub(crate) fn prefix(tree: T, tag: u8, prefix: Vec<u8>) -> Self {
        let upper = prefix_end(&prefix);
        Self {
            tree,
            tag,
            lower: prefix,
            upper,
            reverse: false,
            prefixes: Vec::new(),
        }
    }

    /// Reads the keys under each of `prefixes` (sorted, none a prefix of
    /// another), in key order.
    fn prefixes(tree: T, tag: u8, mut prefixes: Vec<Vec<u8>>) -> Self {
        prefixes.sort();
        prefixes.dedup();
        let lower = prefixes.first().cloned().unwrap_or_default();
        let upper = prefixes.last().and_then(|p| prefix_end(p));
        Self {
            tree,
            tag,
            lower,
            upper,
            reverse: false,
            prefixes,
        }
    }

    fn all(tree: T, tag: u8) -> Self {
        Self {
            tree,
            tag,
            lower: Vec::new(),
            upper: None,
            reverse: false,
            prefixes: Vec::new(),
        }
    }

    fn range(tree: T, tag: u8, lower: Vec<u8>, upper: Option<Vec<u8>>) -> Self {
        Self {
            tree,
            tag,
            lower,
            upper,
            reverse: false,
            prefixes: Vec::new(),
        }
    }

    /// The same range read from the top down (its own page tokens).
    fn reversed(self, yes: bool) -> Self {
        if yes {
            Self {
                reverse: true,
                tag: self.tag | tag::REVERSED,
                ..self
            }
        } else {
            self
        }
    }
}

/// Returns the smallest key greater than every key starting with `prefix`.
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

fn page_size(req: &PageRequest) -> Result<usize> {
    match req.page_size {
        n if n < 0 => Err(StoreError::InvalidArgument {
            field: "page_size",
            reason: "must not be negative".into(),
        }),
        0 => Ok(DEFAULT_PAGE_SIZE),
        n => Ok((n as usize).min(MAX_PAGE_SIZE)),
    }
}

fn check_date(field: &'static str, d: Option<&pb::Date>) -> Result<()> {
    if let Some(d) = d {
        let ok = (0..=9999).contains(&d.year)
            && (0..=12).contains(&d.month)
            && (0..=31).contains(&d.day)
            && !(d.year == 0 && (d.month != 0 || d.day != 0))
            && !(d.month == 0 && d.day != 0);
        if !ok {
            return Err(StoreError::InvalidArgument {
                field,
                reason: format!(
                    "{}-{}-{} is not a date (year 1-9999, month 0-12, day 0-31)",
                    d.year, d.month, d.day
                ),
            });
        }
    }
    Ok(())
}

/// Returns the inclusive `YYYYMMDD` bounds of a date range filter; an end
/// date of month or year grain covers its whole month or year.
fn date_bounds(start: Option<&pb::Date>, end: Option<&pb::Date>) -> (u32, u32) {
    let lo = date_num(start);
    let hi = match end {
        Some(d) if d.year > 0 => {
            let month = if d.month == 0 { 12 } else { d.month };
            let day = if d.day == 0 { 31 } else { d.day };
            date_num(Some(&pb::Date {
                year: d.year,
                month,
                day,
            }))
        }
        _ => u32::MAX,
    };
    (lo, hi)
}

impl Store {
    /// Reads one page of `scan`, keeping what `accept` returns for a key.
    pub(crate) fn page<R>(
        &self,
        scan: Scan,
        req: &PageRequest,
        mut accept: impl FnMut(&[u8]) -> Result<Option<R>>,
    ) -> Result<Page<R>> {
        let size = page_size(req)?;
        let after = decode_token(scan.tag, &req.page_token)?;
        if let Some(k) = &after {
            let inside = *k >= scan.lower && scan.upper.as_ref().is_none_or(|u| k < u);
            if !inside {
                return Err(StoreError::InvalidArgument {
                    field: "page_token",
                    reason: "the token belongs to a query with other filters".into(),
                });
            }
        }
        let ranges: Vec<(Vec<u8>, Option<Vec<u8>>)> = if scan.prefixes.is_empty() {
            vec![(scan.lower.clone(), scan.upper.clone())]
        } else {
            scan.prefixes
                .iter()
                .map(|p| (p.clone(), prefix_end(p)))
                .collect()
        };
        let mut items = Vec::new();
        let mut last: Option<sled::IVec> = None;
        let mut read = 0usize;
        let budget = MAX_KEYS_READ.max(size * 2);
        for (lower, upper) in ranges {
            let (start, end) = if scan.reverse {
                let end = match &after {
                    Some(k) => Bound::Excluded(k.clone()),
                    None => upper.map_or(Bound::Unbounded, Bound::Excluded),
                };
                (Bound::Included(lower), end)
            } else {
                if let (Some(k), Some(u)) = (&after, &upper) {
                    if k >= u {
                        continue;
                    }
                }
                let start = match &after {
                    Some(k) if *k >= lower => Bound::Excluded(k.clone()),
                    _ => Bound::Included(lower),
                };
                (start, upper.map_or(Bound::Unbounded, Bound::Excluded))
            };
            let range = self.tree(scan.tree).range::<Vec<u8>, _>((start, end));
            let keys: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> =
                if scan.reverse {
                    Box::new(range.rev())
                } else {
                    Box::new(range)
                };
            for kv in keys {
                let (k, _) = kv?;
                if read >= budget {
                    // Out of budget: go on from the last key read.
                    return Ok(Page {
                        items,
                        next_page_token: encode_token(scan.tag, last.as_deref().unwrap_or(&k)),
                    });
                }
                read += 1;
                match accept(&k)? {
                    Some(r) => {
                        if items.len() == size {
                            let last = last.expect("a full page has a last key");
                            return Ok(Page {
                                items,
                                next_page_token: encode_token(scan.tag, &last),
                            });
                        }
                        items.push(r);
                        last = Some(k);
                    }
                    None => last = Some(k),
                }
            }
        }
        Ok(Page {
            items,
            next_page_token: String::new(),
        })
    }

    /// Returns the ids of the organisations that `name` names: a resource
    /// name, or any name, acronym or alias (case-insensitive).
    pub fn find_organisations(&self, name: &str) -> Result<Vec<String>> {
        let name = name.trim();
        if name.starts_with("organisations/") {
            let exists = self.tree(T::Organisations).contains_key(name.as_bytes())?;
            return Ok(if exists {
                vec![name.to_owned()]
            } else {
                Vec::new()
            });
        }
        let mut ids = Vec::new();
        // The name as given, then its canonical name when it is a known
        // variant ("UN Migration Agency").
        let forms = std::iter::once(name).chain(crate::naming::canonical(name));
        for form in forms {
            for kv in self
                .tree(T::OrgAlias)
                .scan_prefix(alias_prefix(form))
                .take(MAX_FAMILY)
            {
                let (_, v) = kv?;
                let id = String::from_utf8_lossy(&v).into_owned();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if !ids.is_empty() {
                break;
            }
        }
        Ok(ids)
    }

    /// Returns an organisation and its offices and wings, to two levels
    /// and at most [`MAX_FAMILY`] ids, read from the parent index at query
    /// time (so a parent learnt from a later document counts at once).
    fn family_members(&self, id: &str) -> Result<Vec<String>> {
        let mut out = vec![id.to_owned()];
        let mut i = 0;
        while i < out.len() && i <= MAX_FAMILY {
            let parent = out[i].clone();
            let depth_ok = i == 0 || self.parent_of(&parent)?.as_deref() == Some(id);
            if depth_ok {
                let prefix = index_key(parent.as_bytes(), "");
                for kv in self.tree(T::OrgParent).scan_prefix(&prefix) {
                    if out.len() >= MAX_FAMILY {
                        break;
                    }
                    let (k, _) = kv?;
                    if let Some(child) = trailing_id(&k) {
                        if !out.contains(&child) {
                            out.push(child);
                        }
                    }
                }
            }
            i += 1;
        }
        Ok(out)
    }

    fn parent_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .load::<pb::Organisation>(T::Organisations, id)?
            .map(|o| o.parent)
            .filter(|p| !p.is_empty()))
    }

    /// Resolves a name filter to one organisation id; `Ok(None)` when it
    /// names none (the list is then empty).
    fn filter_org(&self, field: &'static str, name: &str) -> Result<Option<String>> {
        let mut ids = self.find_organisations(name)?;
        match ids.len() {
            0 => Ok(None),
            1 => Ok(ids.pop()),
            _ => Err(StoreError::Ambiguous {
                field,
                name: name.to_owned(),
                candidates: ids.join(", "),
            }),
        }
    }

    /// Returns one organisation by resource name or any of its names.
    pub fn get_organisation(&self, name: &str) -> Result<pb::Organisation> {
        if norm_alias(name).is_empty() {
            return Err(StoreError::InvalidArgument {
                field: "name",
                reason: "must name an organisation".into(),
            });
        }
        let id = self
            .filter_org("name", name)?
            .ok_or_else(|| StoreError::NotFound(format!("organisation {name:?}")))?;
        self.load(T::Organisations, &id)?
            .ok_or_else(|| StoreError::NotFound(id))
    }

    /// Returns one document by resource name.
    pub fn get_document(&self, name: &str) -> Result<pb::Document> {
        if !name.starts_with("documents/") {
            return Err(StoreError::InvalidArgument {
                field: "name",
                reason: "must be documents/{id}".into(),
            });
        }
        self.load(T::Documents, name)?
            .ok_or_else(|| StoreError::NotFound(name.to_owned()))
    }

    /// Lists documents by id, without their text.
    pub fn list_documents(&self, req: &PageRequest) -> Result<Page<pb::Document>> {
        self.page(Scan::all(T::Documents, tag::DOCUMENTS), req, |k| {
            let id = String::from_utf8_lossy(k);
            let doc: Option<pb::Document> = self.load(T::Documents, &id)?;
            Ok(doc.map(|d| pb::Document {
                text: String::new(),
                ..d
            }))
        })
    }

    /// Lists organisations by kind and name query.
    pub fn list_organisations(
        &self,
        f: &OrganisationFilter,
        req: &PageRequest,
    ) -> Result<Page<pb::Organisation>> {
        let words: Vec<String> = norm_alias(&f.query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let kind_ok = |o: &pb::Organisation| f.kind == 0 || o.kind == f.kind;
        if let Some(first) = words.first() {
            let scan = Scan::prefix(T::OrgWord, tag::ORG_WORD, first.as_bytes().to_vec());
            return self.page(scan, req, |k| {
                let Some(sep) = k.iter().position(|b| *b == SEP) else {
                    return Ok(None);
                };
                let word = &k[..sep];
                let Some(id) = id_of(k, sep) else {
                    return Ok(None);
                };
                let Some(o) = self.load::<pb::Organisation>(T::Organisations, &id)? else {
                    return Ok(None);
                };
                let own: Vec<String> = name_forms(&o)
                    .flat_map(|n| {
                        norm_alias(n)
                            .split(' ')
                            .map(str::to_owned)
                            .collect::<Vec<_>>()
                    })
                    .collect();
                let all_match = words
                    .iter()
                    .all(|w| own.iter().any(|x| x.starts_with(w.as_str())));
                // Each organisation is listed once: under its smallest word
                // that matches the first query word.
                let smallest = own.iter().filter(|x| x.starts_with(first.as_str())).min();
                let first_hit = smallest.is_some_and(|s| s.as_bytes() == word);
                Ok((kind_ok(&o) && all_match && first_hit).then_some(o))
            });
        }
        if f.kind != 0 {
            let scan = Scan::prefix(T::OrgKind, tag::ORG_KIND, vec![f.kind as u8, SEP]);
            return self.page(scan, req, |k| {
                self.load(T::Organisations, &trailing_id(k).unwrap_or_default())
            });
        }
        self.page(Scan::all(T::Organisations, tag::ORGS), req, |k| {
            self.load(T::Organisations, &String::from_utf8_lossy(k))
        })
    }

    /// Lists funding flows by funder, recipient, date range and currency.
    pub fn list_funding_flows(
        &self,
        f: &FlowFilter,
        req: &PageRequest,
    ) -> Result<Page<pb::FundingFlow>> {
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
            funder.as_ref().is_none_or(|x| *x == flow.funder)
                && recipient.as_ref().is_none_or(|x| *x == flow.recipient)
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
            Some(m) => accept(flow) && (m.contains(&flow.funder) || m.contains(&flow.recipient)),
            None => {
                accept(flow)
                    && organisation
                        .as_ref()
                        .is_none_or(|o| flow.funder == *o || flow.recipient == *o)
            }
        };
        let primary = scan.tree == T::Flows;
        self.page(scan, req, |k| {
            let id = if primary {
                String::from_utf8_lossy(k).into_owned()
            } else {
                trailing_id(k).unwrap_or_default()
            };
            let flow = self
                .load::<pb::FundingFlow>(T::Flows, &id)?
                .filter(|x| accept(x));
            // A flow between two members of a family is listed once: under
            // the smaller of the two.
            Ok(flow.filter(|x| {
                !family_scan
                    || members.as_ref().is_none_or(|m| {
                        let first = [&x.funder, &x.recipient]
                            .into_iter()
                            .filter(|p| m.contains(p))
                            .min();
                        first.is_some_and(|p| k.starts_with(&index_key(p.as_bytes(), "")))
                    })
            }))
        })
    }

    /// Lists events by kind, participant, date range and location.
    pub fn list_events(&self, f: &EventFilter, req: &PageRequest) -> Result<Page<pb::Event>> {
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
                && also.as_ref().is_none_or(|o| e.participants.contains(o))
                && match &members {
                    Some(m) => e.participants.iter().any(|p| m.contains(p)),
                    None => participant
                        .as_ref()
                        .is_none_or(|p| e.participants.contains(p)),
                }
        };
        let primary = scan.tree == T::Events;
        self.page(scan, req, |k| {
            let id = if primary {
                String::from_utf8_lossy(k).into_owned()
            } else {
                trailing_id(k).unwrap_or_default()
            };
            let event = self
                .load::<pb::Event>(T::Events, &id)?
                .filter(|x| accept(x));
            // An event with several members of a family is listed once:
            // under the smallest of them.
            Ok(event.filter(|x| {
                !family_scan
                    || members.as_ref().is_none_or(|m| {
                        let first = x.participants.iter().filter(|p| m.contains(p)).min();
                        first.is_some_and(|p| k.starts_with(&index_key(p.as_bytes(), "")))
                    })
            }))
        })
    }

    /// Lists people, optionally those acting for one organisation.
    pub fn list_people(&self, organisation: &str, req: &PageRequest) -> Result<Page<pb::Person>> {
        let scan = match organisation.trim() {
            "" => Scan::all(T::People, tag::PEOPLE),
            n => match self.filter_org("organisation", n)? {
                Some(id) => {
                    Scan::prefix(T::PersonOrg, tag::PERSON_ORG, index_key(id.as_bytes(), ""))
                }
                None => return Ok(Page::default()),
            },
        };
        let primary = scan.tree == T::People;
        self.page(scan, req, |k| {
            let id = if primary {
                String::from_utf8_lossy(k).into_owned()
            } else {
                trailing_id(k).unwrap_or_default()
            };
            self.load(T::People, &id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_end_is_the_next_key() {
        assert_eq!(prefix_end(b"ab\0"), Some(b"ab\x01".to_vec()));
        assert_eq!(prefix_end(&[1, 255]), Some(vec![2]));
        assert_eq!(prefix_end(&[255]), None);
    }

    #[test]
    fn month_grain_end_covers_the_month() {
        let (lo, hi) = date_bounds(
            Some(&pb::Date {
                year: 2021,
                month: 8,
                day: 0,
            }),
            Some(&pb::Date {
                year: 2021,
                month: 8,
                day: 0,
            }),
        );
        assert!((lo..=hi).contains(&20210830));
        assert!(!(lo..=hi).contains(&20210901));
    }
}
