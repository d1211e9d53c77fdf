//! One document's write inside a batch: organisations, offices, people,
//! flows and events resolved and merged, their index, merge and mention
//! entries, the document and the change log.

use std::collections::HashMap;

use tipwatch_proto::pb;

use super::{decision, mention, note, reindex, staged, Mentions, Staged, WriteOutcome};
use crate::entries::{self, year_key};
use crate::error::Result;
use crate::ids::slug;
use crate::keys::date_num;
use crate::offices::ActingOffices;
use crate::overlay::Tx;
use crate::{codec, merge, naming, same};
use crate::{Store, T};

/// Puts a record if it changed, logging it in the change log.
fn put_record<M: prost::Message + PartialEq>(
    tx: &mut Tx<'_>,
    t: T,
    id: &str,
    old: Option<&M>,
    rec: &M,
    changed: &mut Vec<String>,
) {
    if old != Some(rec) {
        tx.put(t, id.as_bytes().to_vec(), codec::encode(rec));
        changed.push(id.to_owned());
    }
}

impl Store {
    /// Writes one validated document through `tx`.
    pub(super) fn write_doc(&self, tx: &mut Tx<'_>, x: &pb::Extraction) -> Result<WriteOutcome> {
        let doc_id = format!("documents/{}", x.content_sha256);
        if tx.contains(T::Documents, doc_id.as_bytes())? {
            return Ok(WriteOutcome {
                document: doc_id,
                created: false,
                counts: [0; 4],
            });
        }
        let with_doc = |ev: &[pb::Evidence]| -> Vec<pb::Evidence> {
            ev.iter()
                .take(merge::MAX_EVIDENCE)
                .map(|e| pb::Evidence {
                    document: doc_id.clone(),
                    sentence: merge::short_sentence(&e.sentence),
                    ..e.clone()
                })
                .collect()
        };
        let mut mentions = Mentions::new();
        let mut changed: Vec<String> = Vec::new();

        // Organisations: refuse junk, normalise, resolve, merge.
        let mut org_ids: HashMap<String, String> = HashMap::new();
        let mut orgs: Staged<pb::Organisation> = Staged::new();
        let mut pending_alias: HashMap<Vec<u8>, String> = HashMap::new();
        for o in &x.organisations {
            if naming::is_junk(&o.name) {
                tracing::debug!(name = %o.name, "not an organisation; refused");
                continue;
            }
            let mut incoming = o.clone();
            incoming.aliases.truncate(merge::MAX_ALIASES);
            naming::prepare(&mut incoming);
            incoming.documents = vec![doc_id.clone()];
            incoming.evidence = with_doc(&o.evidence);
            incoming.parent = String::new();
            incoming.merges = Vec::new();
            let (id, agreed) = match self.resolve_org(tx, &incoming, &pending_alias)? {
                Some((id, what)) => (id, vec![what]),
                None => (self.new_org_id(tx, &incoming, &orgs)?, Vec::new()),
            };
            incoming.merges = decision(&doc_id, &agreed);
            self.upsert_org(tx, &id, &incoming, &mut orgs, &mut pending_alias)?;
            note(
                mention(&mut mentions, &id, &doc_id),
                &incoming.evidence,
                &agreed,
            );
            org_ids.insert(o.id.clone(), id);
        }
        // Parents, once every local id is known.
        for o in &x.organisations {
            if let (Some(id), Some(parent)) = (org_ids.get(&o.id), org_ids.get(&o.parent)) {
                if id != parent {
                    if let Some((_, rec)) = orgs.get_mut(id) {
                        if rec.parent.is_empty() {
                            rec.parent = parent.clone();
                        }
                    }
                }
            }
        }
        // Offices: their own records, linked to the body they belong to.
        for o in &x.offices {
            let Some(parent) = org_ids.get(&o.parent).cloned() else {
                continue;
            };
            if naming::is_junk(&o.name) {
                continue;
            }
            let mut incoming = pb::Organisation {
                parent: parent.clone(),
                documents: vec![doc_id.clone()],
                evidence: with_doc(&o.evidence),
                merges: Vec::new(),
                ..o.clone()
            };
            incoming.aliases.truncate(merge::MAX_ALIASES);
            if let Some(c) = naming::country(&incoming.country) {
                incoming.country = c.to_owned();
            }
            let (id, agreed) = match self.resolve_org(tx, &incoming, &pending_alias)? {
                Some((id, what)) if id != parent => (id, vec![what]),
                _ => {
                    let bare = pb::Organisation {
                        acronym: String::new(),
                        ..incoming.clone()
                    };
                    (self.new_org_id(tx, &bare, &orgs)?, Vec::new())
                }
            };
            incoming.merges = decision(&doc_id, &agreed);
            self.upsert_org(tx, &id, &incoming, &mut orgs, &mut pending_alias)?;
            note(
                mention(&mut mentions, &id, &doc_id),
                &incoming.evidence,
                &agreed,
            );
            org_ids.insert(o.id.clone(), id);
        }
        let acting = ActingOffices::new(&x.offices, &org_ids);
        for (id, (old, rec)) in &orgs {
            let old_entries = old.as_ref().map(entries::organisation).unwrap_or_default();
            reindex(tx, id, old_entries, entries::organisation(rec))?;
            put_record(tx, T::Organisations, id, old.as_ref(), rec, &mut changed);
        }
        let map_org = |local: &str| org_ids.get(local).cloned().unwrap_or_default();

        // People.
        let mut people: Staged<pb::Person> = Staged::new();
        for person in &x.people {
            let id = format!("people/{}", slug(&person.name));
            if !people.contains_key(&id) {
                let stored: Option<pb::Person> = tx.load(T::People, &id)?;
                let base = stored.clone().unwrap_or_else(|| pb::Person {
                    id: id.clone(),
                    name: person.name.clone(),
                    ..Default::default()
                });
                people.insert(id.clone(), (stored, base));
            }
            let (stored, rec) = people.get_mut(&id).expect("inserted above");
            let agreed: Vec<&str> = if stored.is_some() {
                vec!["name"]
            } else {
                vec![]
            };
            let incoming = pb::Person {
                id: id.clone(),
                organisation: map_org(&person.organisation),
                documents: vec![doc_id.clone()],
                evidence: with_doc(&person.evidence),
                merges: decision(&doc_id, &agreed),
                ..person.clone()
            };
            merge::person(rec, &incoming);
            note(
                mention(&mut mentions, &id, &doc_id),
                &incoming.evidence,
                &agreed,
            );
        }
        for (id, (old, rec)) in &people {
            let old_entries = old.as_ref().map(entries::person).unwrap_or_default();
            reindex(tx, id, old_entries, entries::person(rec))?;
            put_record(tx, T::People, id, old.as_ref(), rec, &mut changed);
        }

        // Funding flows.
        let mut flows: Staged<pb::FundingFlow> = Staged::new();
        for (i, f) in x.funding_flows.iter().enumerate() {
            let (funder, recipient) = (map_org(&f.funder), map_org(&f.recipient));
            if funder.is_empty() || recipient.is_empty() || funder == recipient {
                continue;
            }
            // Offices are the store's to set (an extraction's are ignored).
            let mut probe = pb::FundingFlow {
                funder,
                recipient,
                funder_office: String::new(),
                recipient_office: String::new(),
                ..f.clone()
            };
            acting.mark_flow(&mut probe);
            let (id, agreed) = match self.matching_flow(tx, &probe, &flows, &orgs)? {
                Some(hit) => hit,
                None => {
                    let id = self.new_record_id(
                        tx,
                        T::Flows,
                        "funding-flows",
                        &[&doc_id, "flow", &i.to_string()],
                    )?;
                    (id, Vec::new())
                }
            };
            let incoming = pb::FundingFlow {
                id: id.clone(),
                documents: vec![doc_id.clone()],
                evidence: with_doc(&f.evidence),
                merges: decision(&doc_id, &agreed),
                ..probe
            };
            let rec = staged(tx, &mut flows, T::Flows, &id, || pb::FundingFlow {
                id: id.clone(),
                funder: incoming.funder.clone(),
                recipient: incoming.recipient.clone(),
                ..Default::default()
            })?;
            merge::funding_flow(rec, &incoming);
            note(
                mention(&mut mentions, &id, &doc_id),
                &incoming.evidence,
                &agreed,
            );
        }
        for (id, (old, rec)) in &flows {
            let old_entries = old.as_ref().map(entries::flow).unwrap_or_default();
            reindex(tx, id, old_entries, entries::flow(rec))?;
            let pair = entries::flow_pair(
                &self.family(tx, &rec.funder, &orgs),
                &self.family(tx, &rec.recipient, &orgs),
            );
            let mut k = entries::with_year(&pair, year_key(rec.date.as_ref()));
            k.extend_from_slice(id.as_bytes());
            tx.put_absent(T::FlowMerge, k)?;
            put_record(tx, T::Flows, id, old.as_ref(), rec, &mut changed);
        }

        // Events.
        let person_ids: HashMap<&str, String> = x
            .people
            .iter()
            .map(|q| (q.id.as_str(), format!("people/{}", slug(&q.name))))
            .collect();
        let mut events: Staged<pb::Event> = Staged::new();
        for (i, e) in x.events.iter().enumerate() {
            let mut participants: Vec<String> = Vec::new();
            for part in e.participants.iter().map(|q| map_org(q)) {
                if !part.is_empty()
                    && !participants.contains(&part)
                    && participants.len() < merge::MAX_PARTICIPANTS
                {
                    participants.push(part);
                }
            }
            let mut probe = pb::Event {
                participants,
                offices: Vec::new(),
                ..e.clone()
            };
            acting.mark_event(&mut probe);
            let (id, agreed) = match self.matching_event(tx, &probe, &events)? {
                Some(hit) => hit,
                None => {
                    let id = self.new_record_id(
                        tx,
                        T::Events,
                        "events",
                        &[&doc_id, "event", &i.to_string()],
                    )?;
                    (id, Vec::new())
                }
            };
            let incoming = pb::Event {
                id: id.clone(),
                people: e
                    .people
                    .iter()
                    .filter_map(|q| person_ids.get(q.as_str()).cloned())
                    .take(merge::MAX_PARTICIPANTS)
                    .collect(),
                documents: vec![doc_id.clone()],
                evidence: with_doc(&e.evidence),
                merges: decision(&doc_id, &agreed),
                ..probe
            };
            let rec = staged(tx, &mut events, T::Events, &id, || pb::Event {
                id: id.clone(),
                kind: incoming.kind,
                date: incoming.date,
                ..Default::default()
            })?;
            merge::event(rec, &incoming);
            note(
                mention(&mut mentions, &id, &doc_id),
                &incoming.evidence,
                &agreed,
            );
        }
        for (id, (old, rec)) in &events {
            let old_entries = old.as_ref().map(entries::event).unwrap_or_default();
            reindex(tx, id, old_entries, entries::event(rec))?;
            for k in entries::event_merge_keys(rec) {
                tx.put_absent(T::EventMerge, k)?;
            }
            put_record(tx, T::Events, id, old.as_ref(), rec, &mut changed);
        }

        // Mentions, the document itself and the change log.
        for (record, m) in &mentions {
            tx.put(
                T::Mention,
                entries::mention_key(record, &doc_id),
                crate::mentions::encode(m),
            );
        }
        let doc = pb::Document {
            id: doc_id.clone(),
            source: x.source.clone(),
            title: x.title.clone(),
            published: x.published,
            content_sha256: x.content_sha256.clone(),
            ingest_time: Some(super::now()),
            stories: x.stories.clone(),
            text: x.text.clone(),
        };
        tx.put(
            T::Documents,
            doc_id.as_bytes().to_vec(),
            codec::encode(&doc),
        );
        changed.push(doc_id.clone());
        self.log_changes(tx, &changed)?;
        let counts = [orgs.len(), people.len(), flows.len(), events.len()].map(|n| n as u32);
        Ok(WriteOutcome {
            document: doc_id,
            created: true,
            counts,
        })
    }

    /// Returns the flow (of this document, or stored) that `f` reports
    /// again, and the fields that agreed: candidates are read from the
    /// merge keys of its parties' families in its year and undated (or
    /// every year when it is undated).
    fn matching_flow(
        &self,
        tx: &Tx<'_>,
        f: &pb::FundingFlow,
        pending: &Staged<pb::FundingFlow>,
        orgs: &Staged<pb::Organisation>,
    ) -> Result<Option<(String, Vec<&'static str>)>> {
        let family = |id: &str| self.family(tx, id, orgs);
        for (id, (_, rec)) in pending {
            if let Some(agreed) = same::same_flow(rec, f, &family) {
                return Ok(Some((id.clone(), agreed)));
            }
        }
        let pair = entries::flow_pair(&family(&f.funder), &family(&f.recipient));
        let year = year_key(f.date.as_ref());
        let prefixes = if year == [0; 4] {
            vec![pair]
        } else {
            vec![
                entries::with_year(&pair, year),
                entries::with_year(&pair, [0; 4]),
            ]
        };
        for id in self.candidates(tx, T::FlowMerge, &prefixes)? {
            if let Some(rec) = tx.load::<pb::FundingFlow>(T::Flows, &id)? {
                if let Some(agreed) = same::same_flow(&rec, f, &family) {
                    return Ok(Some((id, agreed)));
                }
            }
        }
        Ok(None)
    }

    /// Returns the event (of this document, or stored) that `e` reports
    /// again, and the fields that agreed: candidates are read from the
    /// merge keys of its kind with each participant (and its place), in
    /// its year and undated (or every year when it is undated).
    fn matching_event(
        &self,
        tx: &Tx<'_>,
        e: &pb::Event,
        pending: &Staged<pb::Event>,
    ) -> Result<Option<(String, Vec<&'static str>)>> {
        for (id, (_, rec)) in pending {
            if let Some(agreed) = same::same_event(rec, e) {
                return Ok(Some((id.clone(), agreed)));
            }
        }
        let year = year_key(e.date.as_ref());
        let mut bases: Vec<Vec<u8>> = e
            .participants
            .iter()
            .take(8)
            .map(|p| entries::event_participant(e.kind, p))
            .collect();
        bases.extend(entries::event_place(e.kind, &e.location));
        let dated = date_num(e.date.as_ref()) > 0;
        let prefixes: Vec<Vec<u8>> = bases
            .iter()
            .flat_map(|b| {
                if dated {
                    vec![entries::with_year(b, year), entries::with_year(b, [0; 4])]
                } else {
                    vec![b.clone()]
                }
            })
            .collect();
        for id in self.candidates(tx, T::EventMerge, &prefixes)? {
            if let Some(rec) = tx.load::<pb::Event>(T::Events, &id)? {
                if let Some(agreed) = same::same_event(&rec, e) {
                    return Ok(Some((id, agreed)));
                }
            }
        }
        Ok(None)
    }
}
