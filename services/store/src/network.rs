//! The links of an organisation: funding flows in either direction and
//! events it shares with others, read from the funder, recipient and
//! participant indexes (never a scan of all records).
//!
//! The work of one call is bounded whatever is stored: at most
//! [`MAX_INDEX_READ`] entries of each index are read per organisation,
//! each organisation keeps its [`MAX_LINKS_PER_NODE`] strongest links
//! (most flows and shared events first), depth 2 expands only the
//! [`MAX_FANOUT`] strongest links of the centre, and the answer pages
//! ([`crate::PageRequest`]; the token is an offset into that bounded list).

use std::collections::{BTreeMap, HashSet};

use tipwatch_proto::pb;

use crate::entries::flow_funders;
use crate::error::{Result, StoreError};
use crate::keys::{index_key, trailing_id};
use crate::{PageRequest, Store, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, T};

/// Most linking records reported on one link.
const MAX_RECORDS: usize = 50;
/// Most index entries read per organisation and index.
pub(crate) const MAX_INDEX_READ: usize = 2_000;
/// Most links kept per organisation (the strongest).
pub(crate) const MAX_LINKS_PER_NODE: usize = 200;
/// Most depth-1 organisations whose own links are added at depth 2.
pub(crate) const MAX_FANOUT: usize = 20;
/// Deepest network served.
pub(crate) const MAX_DEPTH: i32 = 2;

/// How one organisation is linked to another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    /// Funding flows between them, either direction.
    pub flows: Vec<String>,
    /// Events both took part in.
    pub events: Vec<String>,
}

impl Link {
    fn strength(&self) -> usize {
        self.flows.len() + self.events.len()
    }
}

impl Store {
    /// The first [`MAX_INDEX_READ`] ids filed under `field` in index `t`.
    fn ids_under(&self, t: T, field: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for kv in self
            .tree(t)
            .scan_prefix(index_key(field.as_bytes(), ""))
            .take(MAX_INDEX_READ)
        {
            let (k, _) = kv?;
            if let Some(id) = trailing_id(&k) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Returns the organisations linked to `id` with their links, the
    /// [`MAX_LINKS_PER_NODE`] strongest first (ties by id).
    pub fn links(&self, id: &str) -> Result<Vec<(String, Link)>> {
        let mut out: BTreeMap<String, Link> = BTreeMap::new();
        let mut seen_flows = HashSet::new();
        // An office's records name its body as the party: the body is
        // itself, not a partner.
        let body = self
            .load::<pb::Organisation>(T::Organisations, id)?
            .map(|o| o.parent)
            .unwrap_or_default();
        let partner = |p: &String| p != id && *p != body && !p.is_empty();
        for t in [T::FlowFunder, T::FlowRecipient] {
            for flow_id in self.ids_under(t, id)? {
                if !seen_flows.insert(flow_id.clone()) {
                    continue;
                }
                if let Some(f) = self.load::<pb::FundingFlow>(T::Flows, &flow_id)? {
                    let other = if flow_funders(&f).any(|p| p == id) {
                        f.recipient
                    } else {
                        f.funder
                    };
                    if partner(&other) {
                        out.entry(other).or_default().flows.push(flow_id);
                    }
                }
            }
        }
        for event_id in self.ids_under(T::EventParticipant, id)? {
            if let Some(e) = self.load::<pb::Event>(T::Events, &event_id)? {
                let others: HashSet<String> =
                    e.participants.into_iter().filter(|p| partner(p)).collect();
                for other in others {
                    out.entry(other).or_default().events.push(event_id.clone());
                }
            }
        }
        let mut links: Vec<(String, Link)> = out.into_iter().collect();
        links.sort_by(|a, b| b.1.strength().cmp(&a.1.strength()).then(a.0.cmp(&b.0)));
        links.truncate(MAX_LINKS_PER_NODE);
        Ok(links)
    }

    /// Returns one page of the network around the organisation `name`
    /// names, to `depth` 1 or 2 (0 means 1): depth-1 links strongest
    /// first, then the depth-2 links of the strongest depth-1 ones.
    pub fn network(
        &self,
        name: &str,
        depth: i32,
        page: &PageRequest,
    ) -> Result<pb::OrganisationNetwork> {
        if !(0..=MAX_DEPTH).contains(&depth) {
            return Err(StoreError::InvalidArgument {
                field: "depth",
                reason: format!("must be 1 or {MAX_DEPTH}"),
            });
        }
        let (offset, size) = page_window(page)?;
        let centre = self.get_organisation(name)?;
        let mut links: Vec<pb::NetworkLink> = Vec::new();
        let mut seen = HashSet::from([centre.id.clone()]);
        let mut frontier = vec![centre.id.clone()];
        for level in 1..=depth.max(1) {
            let mut next = Vec::new();
            for via in &frontier {
                for (other, link) in self.links(via)? {
                    if !seen.insert(other.clone()) {
                        continue;
                    }
                    if next.len() < MAX_FANOUT {
                        next.push(other.clone());
                    }
                    let records: Vec<String> = link
                        .flows
                        .iter()
                        .chain(&link.events)
                        .take(MAX_RECORDS)
                        .cloned()
                        .collect();
                    links.push(pb::NetworkLink {
                        organisation: other,
                        display_name: String::new(),
                        depth: level,
                        via: via.clone(),
                        funding_flows: link.flows.len() as u32,
                        shared_events: link.events.len() as u32,
                        records,
                    });
                }
            }
            frontier = next;
        }
        let total = links.len();
        let mut page_links: Vec<pb::NetworkLink> =
            links.into_iter().skip(offset).take(size).collect();
        for l in &mut page_links {
            l.display_name = self
                .load::<pb::Organisation>(T::Organisations, &l.organisation)?
                .map(|o| o.name)
                .unwrap_or_default();
        }
        let end = offset + page_links.len();
        Ok(pb::OrganisationNetwork {
            organisation: Some(centre),
            links: page_links,
            next_page_token: if end < total {
                format!("n{end}")
            } else {
                String::new()
            },
        })
    }
}

/// The offset and size of the page `page` asks for.
fn page_window(page: &PageRequest) -> Result<(usize, usize)> {
    let size = match page.page_size {
        n if n < 0 => {
            return Err(StoreError::InvalidArgument {
                field: "page_size",
                reason: "must not be negative".into(),
            })
        }
        0 => DEFAULT_PAGE_SIZE,
        n => (n as usize).min(MAX_PAGE_SIZE),
    };
    if page.page_token.is_empty() {
        return Ok((0, size));
    }
    let offset = page
        .page_token
        .strip_prefix('n')
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| *n <= MAX_LINKS_PER_NODE * (MAX_FANOUT + 1))
        .ok_or_else(|| StoreError::InvalidArgument {
            field: "page_token",
            reason: "is not a token from a previous GetOrganisationNetwork answer".into(),
        })?;
    Ok((offset, size))
}
