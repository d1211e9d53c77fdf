//! The links of an organisation: funding flows in either direction and
//! events it shares with others, read from the funder, recipient and
//! participant indexes (never a scan of all records).

use std::collections::BTreeMap;

use tipwatch_proto::pb;

use crate::error::Result;
use crate::keys::{index_key, trailing_id};
use crate::{Store, T};

/// Most linking records reported on one link.
const MAX_RECORDS: usize = 50;

/// How one organisation is linked to another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    /// Funding flows between them, either direction.
    pub flows: Vec<String>,
    /// Events both took part in.
    pub events: Vec<String>,
}

impl Store {
    fn ids_under(&self, t: T, field: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for kv in self.tree(t).scan_prefix(index_key(field.as_bytes(), "")) {
            let (k, _) = kv?;
            if let Some(id) = trailing_id(&k) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Returns the organisations linked to `id`, with their links.
    pub fn links(&self, id: &str) -> Result<BTreeMap<String, Link>> {
        let mut out: BTreeMap<String, Link> = BTreeMap::new();
        for t in [T::FlowFunder, T::FlowRecipient] {
            for flow_id in self.ids_under(t, id)? {
                if let Some(f) = self.load::<pb::FundingFlow>(T::Flows, &flow_id)? {
                    let other = if f.funder == id {
                        f.recipient
                    } else {
                        f.funder
                    };
                    if other != id {
                        let l = out.entry(other).or_default();
                        if !l.flows.contains(&flow_id) {
                            l.flows.push(flow_id.clone());
                        }
                    }
                }
            }
        }
        for event_id in self.ids_under(T::EventParticipant, id)? {
            if let Some(e) = self.load::<pb::Event>(T::Events, &event_id)? {
                for other in e.participants.into_iter().filter(|p| p != id) {
                    out.entry(other).or_default().events.push(event_id.clone());
                }
            }
        }
        Ok(out)
    }

    /// Returns the network around the organisation `name` names, to `depth`
    /// 1 or 2.
    pub fn network(&self, name: &str, depth: i32) -> Result<pb::OrganisationNetwork> {
        if !(0..=2).contains(&depth) {
            return Err(crate::StoreError::InvalidArgument {
                field: "depth",
                reason: "must be 1 or 2".into(),
            });
        }
        let centre = self.get_organisation(name)?;
        let mut links: Vec<pb::NetworkLink> = Vec::new();
        let mut seen = vec![centre.id.clone()];
        let mut frontier = vec![centre.id.clone()];
        for level in 1..=depth.max(1) {
            let mut next = Vec::new();
            let mut level_links = Vec::new();
            for via in &frontier {
                for (other, link) in self.links(via)? {
                    if seen.contains(&other) {
                        continue;
                    }
                    seen.push(other.clone());
                    next.push(other.clone());
                    let display_name = self
                        .load::<pb::Organisation>(T::Organisations, &other)?
                        .map(|o| o.name)
                        .unwrap_or_default();
                    let records: Vec<String> = link
                        .flows
                        .iter()
                        .chain(&link.events)
                        .take(MAX_RECORDS)
                        .cloned()
                        .collect();
                    level_links.push(pb::NetworkLink {
                        organisation: other,
                        display_name,
                        depth: level,
                        via: via.clone(),
                        funding_flows: link.flows.len() as u32,
                        shared_events: link.events.len() as u32,
                        records,
                    });
                }
            }
            level_links.sort_by_key(|l| std::cmp::Reverse(l.funding_flows + l.shared_events));
            links.extend(level_links);
            frontier = next;
        }
        Ok(pb::OrganisationNetwork {
            organisation: Some(centre),
            links,
        })
    }
}
