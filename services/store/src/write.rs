//! The write path: resolve one document's extraction against the store and
//! write it, with every index entry, in one transaction.
//!
//! Resolution rules for organisations: an incoming organisation is the
//! stored one that has any of its name forms (name, acronym, alias) as an
//! alias in the same scope; a national body without a known country may
//! join the one stored body of that name, and one with a country may join
//! a stored body that had none. People are keyed by normalised name, flows
//! by [`same_flow`] (funder, recipient, compatible amount and year), events
//! by [`same_event`] (kind, compatible dates, a shared participant or place).

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use sled::transaction::{ConflictableTransactionError, Transactional};
use tipwatch_proto::pb;

use crate::codec;
use crate::error::{Result, StoreError};
use crate::ids::{short_hash, slug};
use crate::keys::{alias_key, alias_prefix, date_key, date_num, index_key, norm_alias};
use crate::merge;
use crate::{Store, T};

/// What one write did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteOutcome {
    /// Resource name of the document.
    pub document: String,
    /// False when the same bytes were stored before and nothing changed.
    pub created: bool,
    /// Records the document contributed: organisations, people, flows, events.
    pub counts: [u32; 4],
}

/// Returns the alias scope of an organisation: its country for national
/// bodies with generic names, empty otherwise.
pub(crate) fn scope(o: &pb::Organisation) -> &str {
    use pb::OrganisationKind as K;
    match K::try_from(o.kind).unwrap_or(K::Unspecified) {
        K::GovernmentBody | K::LawEnforcement => &o.country,
        _ => "",
    }
}

/// True when two reports are one funding flow: same funder and recipient,
/// amounts that agree (within 0.5 %, same currency) or one of them unstated,
/// and dates in the same year or one of them unknown. Two grants from one
/// donor in different years, or of different amounts, stay two flows.
pub(crate) fn same_flow(a: &pb::FundingFlow, b: &pb::FundingFlow) -> bool {
    let amounts = match (&a.amount, &b.amount) {
        (Some(x), Some(y)) => {
            let v = |m: &pb::Money| m.units as f64 + m.nanos as f64 / 1e9;
            x.currency_code == y.currency_code && (v(x) - v(y)).abs() <= 0.005 * v(x).max(v(y))
        }
        _ => true,
    };
    let years = match (a.date.map(|d| d.year), b.date.map(|d| d.year)) {
        (Some(x), Some(y)) if x > 0 && y > 0 => x == y,
        _ => true,
    };
    a.funder == b.funder && a.recipient == b.recipient && amounts && years
}

/// True when two reports are one event: same kind, dates known on both
/// sides and equal to the coarser precision (a month-grain report matches
/// any day of that month; a day inside the other's range matches), and at
/// least one participant in common or one place inside the other. Undated
/// reports never merge across documents: nothing says they are one event.
pub(crate) fn same_event(a: &pb::Event, b: &pb::Event) -> bool {
    let (Some(da), Some(db)) = (a.date.filter(|d| d.year > 0), b.date.filter(|d| d.year > 0))
    else {
        return false;
    };
    let grain = |x: &pb::Date, y: &pb::Date| {
        x.year == y.year
            && (x.month == 0
                || y.month == 0
                || x.month == y.month && (x.day == 0 || y.day == 0 || x.day == y.day))
    };
    let within = |d: &pb::Date, s: &pb::Date, e: Option<&pb::Date>| {
        e.is_some_and(|e| {
            date_num(Some(s)) <= date_num(Some(d)) && date_num(Some(d)) <= date_num(Some(e))
        })
    };
    let dates = grain(&da, &db)
        || within(&da, &db, b.end_date.as_ref())
        || within(&db, &da, a.end_date.as_ref());
    let shared = a.participants.iter().any(|p| b.participants.contains(p));
    let (la, lb) = (norm_alias(&a.location), norm_alias(&b.location));
    let place = !la.is_empty() && !lb.is_empty() && (la.contains(&lb) || lb.contains(&la));
    a.kind == b.kind && dates && (shared || place)
}

/// Index entries `(tree, key, value)` that a record implies.
type Entries = Vec<(T, Vec<u8>, Vec<u8>)>;

fn org_entries(o: &pb::Organisation) -> Entries {
    let mut out = Entries::new();
    let mut words: Vec<String> = Vec::new();
    for form in merge::name_forms(o) {
        out.push((
            T::OrgAlias,
            alias_key(form, scope(o)),
            o.id.as_bytes().to_vec(),
        ));
        for w in norm_alias(form).split(' ') {
            if !words.iter().any(|x| x == w) {
                words.push(w.to_owned());
            }
        }
    }
    for w in words {
        out.push((T::OrgWord, index_key(w.as_bytes(), &o.id), Vec::new()));
    }
    out.push((T::OrgKind, index_key(&[o.kind as u8], &o.id), Vec::new()));
    if !o.parent.is_empty() {
        out.push((
            T::OrgParent,
            index_key(o.parent.as_bytes(), &o.id),
            Vec::new(),
        ));
    }
    out
}

fn person_entries(p: &pb::Person) -> Entries {
    if p.organisation.is_empty() {
        return Entries::new();
    }
    vec![(
        T::PersonOrg,
        index_key(p.organisation.as_bytes(), &p.id),
        Vec::new(),
    )]
}

fn flow_entries(f: &pb::FundingFlow) -> Entries {
    let amount = f.amount.as_ref().map_or(0u128, |m| {
        (m.units.max(0) as u128) * 1_000_000_000 + m.nanos.max(0) as u128
    });
    vec![
        (
            T::FlowFunder,
            index_key(f.funder.as_bytes(), &f.id),
            Vec::new(),
        ),
        (
            T::FlowRecipient,
            index_key(f.recipient.as_bytes(), &f.id),
            Vec::new(),
        ),
        (
            T::FlowDate,
            index_key(&date_key(f.date.as_ref()), &f.id),
            Vec::new(),
        ),
        (
            T::FlowParty,
            index_key(f.funder.as_bytes(), &f.id),
            Vec::new(),
        ),
        (
            T::FlowParty,
            index_key(f.recipient.as_bytes(), &f.id),
            Vec::new(),
        ),
        (
            T::FlowAmount,
            index_key(&amount.to_be_bytes(), &f.id),
            Vec::new(),
        ),
    ]
}

fn event_entries(e: &pb::Event) -> Entries {
    let mut out: Entries = e
        .participants
        .iter()
        .map(|p| {
            (
                T::EventParticipant,
                index_key(p.as_bytes(), &e.id),
                Vec::new(),
            )
        })
        .collect();
    let date = date_key(e.date.as_ref());
    let mut kd = vec![e.kind as u8];
    kd.extend_from_slice(&date);
    out.push((T::EventKindDate, index_key(&kd, &e.id), Vec::new()));
    out.push((T::EventDate, index_key(&date, &e.id), Vec::new()));
    out
}

/// Writes gathered for one transaction: final value per (tree, key).
#[derive(Default)]
struct Pending {
    ops: BTreeMap<(T, Vec<u8>), Option<Vec<u8>>>,
    changed: Vec<String>,
}

impl Pending {
    fn put(&mut self, t: T, k: Vec<u8>, v: Vec<u8>) {
        self.ops.insert((t, k), Some(v));
    }

    /// Replaces a record's index entries: stale ones removed, new ones set.
    fn reindex(&mut self, old: Entries, new: Entries) {
        for (t, k, _) in old {
            self.ops.insert((t, k), None);
        }
        for (t, k, v) in new {
            self.ops.insert((t, k), Some(v));
        }
    }
}

fn invalid(field: &'static str, reason: &str) -> StoreError {
    StoreError::InvalidArgument {
        field,
        reason: reason.to_owned(),
    }
}

fn validate(x: &pb::Extraction) -> Result<()> {
    if x.source.trim().is_empty() {
        return Err(invalid(
            "extraction.source",
            "must name the document's file or URI",
        ));
    }
    if x.content_sha256.len() != 64 || !x.content_sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid(
            "extraction.content_sha256",
            "must be 64 hex digits",
        ));
    }
    for (i, o) in x.organisations.iter().enumerate() {
        if o.id.is_empty() || norm_alias(&o.name).is_empty() {
            return Err(StoreError::InvalidArgument {
                field: "extraction.organisations",
                reason: format!("organisation {i} needs an id and a name"),
            });
        }
    }
    for (i, p) in x.people.iter().enumerate() {
        if norm_alias(&p.name).is_empty() {
            return Err(StoreError::InvalidArgument {
                field: "extraction.people",
                reason: format!("person {i} needs a name"),
            });
        }
    }
    Ok(())
}

impl Store {
    /// Finds the stored organisation that an incoming one is (see the
    /// module doc), looking at this write's pending aliases first.
    fn resolve_org(
        &self,
        o: &pb::Organisation,
        pending: &HashMap<Vec<u8>, String>,
    ) -> Result<Option<String>> {
        let sc = scope(o);
        let alias = self.tree(T::OrgAlias);
        let lookup = |k: Vec<u8>| -> Result<Option<String>> {
            if let Some(id) = pending.get(&k) {
                return Ok(Some(id.clone()));
            }
            Ok(alias
                .get(&k)?
                .map(|v| String::from_utf8_lossy(&v).into_owned()))
        };
        for form in merge::name_forms(o) {
            if let Some(id) = lookup(alias_key(form, sc))? {
                return Ok(Some(id));
            }
        }
        for form in merge::name_forms(o) {
            if !sc.is_empty() {
                if let Some(id) = lookup(alias_key(form, ""))? {
                    return Ok(Some(id));
                }
                continue;
            }
            let prefix = alias_prefix(form);
            let mut found: Vec<String> = pending
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .map(|(_, id)| id.clone())
                .collect();
            for kv in alias.scan_prefix(&prefix) {
                let (_, v) = kv?;
                found.push(String::from_utf8_lossy(&v).into_owned());
            }
            found.sort();
            found.dedup();
            if found.len() == 1 {
                return Ok(found.pop());
            }
        }
        Ok(None)
    }

    /// Returns the stored (or pending) flow that `f` from `funder` to
    /// `recipient` reports again, if any (see [`same_flow`]).
    fn matching_flow(
        &self,
        funder: &str,
        recipient: &str,
        f: &pb::FundingFlow,
        pending: &BTreeMap<String, (Option<pb::FundingFlow>, pb::FundingFlow)>,
    ) -> Result<Option<String>> {
        let probe = pb::FundingFlow {
            funder: funder.to_owned(),
            recipient: recipient.to_owned(),
            ..f.clone()
        };
        if let Some((id, _)) = pending.iter().find(|(_, (_, rec))| same_flow(rec, &probe)) {
            return Ok(Some(id.clone()));
        }
        for kv in self
            .tree(T::FlowFunder)
            .scan_prefix(index_key(funder.as_bytes(), ""))
        {
            let (k, _) = kv?;
            let Some(id) = crate::keys::trailing_id(&k) else {
                continue;
            };
            if let Some(rec) = self.load::<pb::FundingFlow>(T::Flows, &id)? {
                if same_flow(&rec, &probe) {
                    return Ok(Some(id));
                }
            }
        }
        Ok(None)
    }

    /// Returns the stored (or pending) event that `e` reports again, if
    /// any (see [`same_event`]): candidates are read from the kind-and-date
    /// index over the month (or year) of its date.
    fn matching_event(
        &self,
        e: &pb::Event,
        pending: &BTreeMap<String, (Option<pb::Event>, pb::Event)>,
    ) -> Result<Option<String>> {
        let Some(d) = e.date.filter(|d| d.year > 0) else {
            return Ok(None);
        };
        if let Some((id, _)) = pending.iter().find(|(_, (_, rec))| same_event(rec, e)) {
            return Ok(Some(id.clone()));
        }
        let (lo, hi) = if d.month > 0 {
            (
                date_num(Some(&pb::Date {
                    year: d.year,
                    month: d.month,
                    day: 0,
                })),
                date_num(Some(&pb::Date {
                    year: d.year,
                    month: d.month,
                    day: 31,
                })),
            )
        } else {
            (
                date_num(Some(&pb::Date {
                    year: d.year,
                    month: 0,
                    day: 0,
                })),
                date_num(Some(&pb::Date {
                    year: d.year,
                    month: 12,
                    day: 31,
                })),
            )
        };
        let key = |n: u32| [vec![e.kind as u8], n.to_be_bytes().to_vec()].concat();
        for kv in self.tree(T::EventKindDate).range(key(lo)..key(hi + 1)) {
            let (k, _) = kv?;
            let Some(id) = crate::keys::trailing_id(&k) else {
                continue;
            };
            if let Some(rec) = self.load::<pb::Event>(T::Events, &id)? {
                if same_event(&rec, e) {
                    return Ok(Some(id));
                }
            }
        }
        Ok(None)
    }

    /// Merges `incoming` into the record `id` of this write (read from the
    /// store, or started from `incoming`), remembering the stored version
    /// and the record's alias keys for the organisations that follow.
    fn upsert_org(
        &self,
        id: &str,
        incoming: &pb::Organisation,
        orgs: &mut HashMap<String, pb::Organisation>,
        old_orgs: &mut HashMap<String, Option<pb::Organisation>>,
        pending_alias: &mut HashMap<Vec<u8>, String>,
    ) -> Result<()> {
        if !orgs.contains_key(id) {
            let stored: Option<pb::Organisation> = self.load(T::Organisations, id)?;
            old_orgs.insert(id.to_owned(), stored.clone());
            let base = stored.unwrap_or_else(|| pb::Organisation {
                id: id.to_owned(),
                name: incoming.name.clone(),
                acronym: incoming.acronym.clone(),
                kind: incoming.kind,
                country: incoming.country.clone(),
                parent: incoming.parent.clone(),
                ..Default::default()
            });
            orgs.insert(id.to_owned(), base);
        }
        let rec = orgs.get_mut(id).expect("inserted above");
        merge::organisation(rec, incoming);
        for (_, k, v) in org_entries(rec) {
            if v == id.as_bytes() {
                pending_alias.insert(k, id.to_owned());
            }
        }
        Ok(())
    }

    /// Returns the top of an organisation's parent chain (itself when it has
    /// no parent), looking at this write's records first.
    fn root_of(&self, id: &str, pending: &HashMap<String, pb::Organisation>) -> Result<String> {
        let mut cur = id.to_owned();
        for _ in 0..5 {
            let parent = match pending.get(&cur) {
                Some(o) => o.parent.clone(),
                None => self
                    .load::<pb::Organisation>(T::Organisations, &cur)?
                    .map(|o| o.parent)
                    .unwrap_or_default(),
            };
            if parent.is_empty() || parent == cur {
                break;
            }
            cur = parent;
        }
        Ok(cur)
    }

    /// Picks an unused id for a new organisation.
    fn new_org_id(
        &self,
        o: &pb::Organisation,
        taken: &HashMap<String, pb::Organisation>,
    ) -> Result<String> {
        let short = !o.acronym.is_empty() && o.acronym.chars().any(char::is_alphabetic);
        let mut base = slug(if short { &o.acronym } else { &o.name });
        let sc = scope(o);
        if !sc.is_empty() && !norm_alias(&o.name).contains(&norm_alias(sc)) {
            base = format!("{base}-{}", slug(sc));
        }
        let mut id = format!("organisations/{base}");
        let mut n = 2;
        while taken.contains_key(&id) || self.tree(T::Organisations).contains_key(id.as_bytes())? {
            id = format!("organisations/{base}-{n}");
            n += 1;
        }
        Ok(id)
    }

    /// Stores one document's extraction. Returns `created: false` and
    /// changes nothing when a document with the same content hash exists.
    pub fn write_extraction(&self, x: &pb::Extraction) -> Result<WriteOutcome> {
        validate(x)?;
        let _guard = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let doc_id = format!("documents/{}", &x.content_sha256[..16]);
        if self
            .tree(T::DocHash)
            .contains_key(x.content_sha256.as_bytes())?
        {
            return Ok(WriteOutcome {
                document: doc_id,
                created: false,
                counts: [0; 4],
            });
        }
        let mut p = Pending::default();
        let with_doc = |ev: &[pb::Evidence]| -> Vec<pb::Evidence> {
            ev.iter()
                .map(|e| pb::Evidence {
                    document: doc_id.clone(),
                    ..e.clone()
                })
                .collect()
        };

        // Organisations: resolve, merge, remember local id -> stored id.
        let mut org_ids: HashMap<String, String> = HashMap::new();
        let mut orgs: HashMap<String, pb::Organisation> = HashMap::new();
        let mut old_orgs: HashMap<String, Option<pb::Organisation>> = HashMap::new();
        let mut pending_alias: HashMap<Vec<u8>, String> = HashMap::new();
        for o in &x.organisations {
            let mut incoming = o.clone();
            incoming.documents = vec![doc_id.clone()];
            incoming.evidence = with_doc(&o.evidence);
            incoming.parent = String::new();
            let id = match self.resolve_org(&incoming, &pending_alias)? {
                Some(id) => id,
                None => self.new_org_id(&incoming, &orgs)?,
            };
            self.upsert_org(&id, &incoming, &mut orgs, &mut old_orgs, &mut pending_alias)?;
            org_ids.insert(o.id.clone(), id);
        }
        // Parents, once every local id is known.
        for o in &x.organisations {
            if let (Some(id), Some(parent)) = (org_ids.get(&o.id), org_ids.get(&o.parent)) {
                if id != parent {
                    if let Some(rec) = orgs.get_mut(id) {
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
            let incoming = pb::Organisation {
                parent: parent.clone(),
                documents: vec![doc_id.clone()],
                evidence: with_doc(&o.evidence),
                ..o.clone()
            };
            let id = match self.resolve_org(&incoming, &pending_alias)? {
                Some(id) if id != parent => id,
                _ => self.new_org_id(
                    &pb::Organisation {
                        acronym: String::new(),
                        ..incoming.clone()
                    },
                    &orgs,
                )?,
            };
            self.upsert_org(&id, &incoming, &mut orgs, &mut old_orgs, &mut pending_alias)?;
            org_ids.insert(o.id.clone(), id);
        }
        let map_org = |local: &str| org_ids.get(local).cloned().unwrap_or_default();
        for (id, rec) in &orgs {
            let old = old_orgs.get(id).cloned().flatten();
            p.reindex(
                old.as_ref().map(org_entries).unwrap_or_default(),
                org_entries(rec),
            );
            p.put(T::Organisations, id.as_bytes().to_vec(), codec::encode(rec));
            p.changed.push(id.clone());
        }

        // People.
        let mut people: BTreeMap<String, (Option<pb::Person>, pb::Person)> = BTreeMap::new();
        for person in &x.people {
            let id = format!("people/{}", slug(&person.name));
            let incoming = pb::Person {
                id: id.clone(),
                organisation: map_org(&person.organisation),
                documents: vec![doc_id.clone()],
                evidence: with_doc(&person.evidence),
                ..person.clone()
            };
            if !people.contains_key(&id) {
                let stored: Option<pb::Person> = self.load(T::People, &id)?;
                let base = stored.clone().unwrap_or_else(|| pb::Person {
                    id: id.clone(),
                    name: incoming.name.clone(),
                    ..Default::default()
                });
                people.insert(id.clone(), (stored, base));
            }
            let (_, rec) = people.get_mut(&id).expect("inserted above");
            merge::person(rec, &incoming);
        }
        for (id, (old, rec)) in &people {
            p.reindex(
                old.as_ref().map(person_entries).unwrap_or_default(),
                person_entries(rec),
            );
            p.put(T::People, id.as_bytes().to_vec(), codec::encode(rec));
            p.changed.push(id.clone());
        }

        // Funding flows.
        let mut flows: BTreeMap<String, (Option<pb::FundingFlow>, pb::FundingFlow)> =
            BTreeMap::new();
        for f in &x.funding_flows {
            let (funder, recipient) = (map_org(&f.funder), map_org(&f.recipient));
            if funder.is_empty() || recipient.is_empty() || funder == recipient {
                continue;
            }
            let id = match self.matching_flow(&funder, &recipient, f, &flows)? {
                Some(id) => id,
                None => {
                    let (cur, units, nanos) = f
                        .amount
                        .as_ref()
                        .map(|m| {
                            (
                                m.currency_code.clone(),
                                m.units.to_string(),
                                m.nanos.to_string(),
                            )
                        })
                        .unwrap_or_default();
                    let year = f.date.map(|d| d.year.to_string()).unwrap_or_default();
                    format!(
                        "funding-flows/{}",
                        short_hash(&[&funder, &recipient, &cur, &units, &nanos, &year])
                    )
                }
            };
            let incoming = pb::FundingFlow {
                id: id.clone(),
                funder,
                recipient,
                documents: vec![doc_id.clone()],
                evidence: with_doc(&f.evidence),
                ..f.clone()
            };
            if !flows.contains_key(&id) {
                let stored: Option<pb::FundingFlow> = self.load(T::Flows, &id)?;
                let base = stored.clone().unwrap_or_else(|| pb::FundingFlow {
                    id: id.clone(),
                    funder: incoming.funder.clone(),
                    recipient: incoming.recipient.clone(),
                    ..Default::default()
                });
                flows.insert(id.clone(), (stored, base));
            }
            let (_, rec) = flows.get_mut(&id).expect("inserted above");
            merge::funding_flow(rec, &incoming);
        }
        for (id, (old, rec)) in &flows {
            let fam = |f: &pb::FundingFlow| -> Result<Entries> {
                let mut out = flow_entries(f);
                for party in [&f.funder, &f.recipient] {
                    let root = self.root_of(party, &orgs)?;
                    out.push((T::FlowFamily, index_key(root.as_bytes(), &f.id), Vec::new()));
                }
                Ok(out)
            };
            let old_entries = match old.as_ref() {
                Some(o) => fam(o)?,
                None => Entries::new(),
            };
            p.reindex(old_entries, fam(rec)?);
            p.put(T::Flows, id.as_bytes().to_vec(), codec::encode(rec));
            p.changed.push(id.clone());
        }

        // Events.
        let person_ids: HashMap<&str, String> = x
            .people
            .iter()
            .map(|q| (q.id.as_str(), format!("people/{}", slug(&q.name))))
            .collect();
        let mut events: BTreeMap<String, (Option<pb::Event>, pb::Event)> = BTreeMap::new();
        for (i, e) in x.events.iter().enumerate() {
            let mut participants: Vec<String> = Vec::new();
            for part in e
                .participants
                .iter()
                .map(|q| map_org(q))
                .filter(|q| !q.is_empty())
            {
                if !participants.contains(&part) {
                    participants.push(part);
                }
            }
            let probe = pb::Event {
                participants: participants.clone(),
                ..e.clone()
            };
            let id = match self.matching_event(&probe, &events)? {
                Some(id) => id,
                None if date_num(e.date.as_ref()) > 0 => {
                    let date = date_num(e.date.as_ref()).to_string();
                    format!(
                        "events/{}",
                        short_hash(&[&e.kind.to_string(), &date, &norm_alias(&e.location)])
                    )
                }
                None => format!(
                    "events/{}",
                    short_hash(&[&e.kind.to_string(), &doc_id, &i.to_string()])
                ),
            };
            let incoming = pb::Event {
                id: id.clone(),
                participants,
                people: e
                    .people
                    .iter()
                    .filter_map(|q| person_ids.get(q.as_str()).cloned())
                    .collect(),
                documents: vec![doc_id.clone()],
                evidence: with_doc(&e.evidence),
                ..e.clone()
            };
            if !events.contains_key(&id) {
                let stored: Option<pb::Event> = self.load(T::Events, &id)?;
                let base = stored.clone().unwrap_or_else(|| pb::Event {
                    id: id.clone(),
                    kind: incoming.kind,
                    date: incoming.date,
                    ..Default::default()
                });
                events.insert(id.clone(), (stored, base));
            }
            let (_, rec) = events.get_mut(&id).expect("inserted above");
            merge::event(rec, &incoming);
        }
        for (id, (old, rec)) in &events {
            let fam = |e: &pb::Event| -> Result<Entries> {
                let mut out = event_entries(e);
                for part in &e.participants {
                    let root = self.root_of(part, &orgs)?;
                    out.push((
                        T::EventFamily,
                        index_key(root.as_bytes(), &e.id),
                        Vec::new(),
                    ));
                }
                Ok(out)
            };
            let old_entries = match old.as_ref() {
                Some(o) => fam(o)?,
                None => Entries::new(),
            };
            p.reindex(old_entries, fam(rec)?);
            p.put(T::Events, id.as_bytes().to_vec(), codec::encode(rec));
            p.changed.push(id.clone());
        }

        // The document itself.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let doc = pb::Document {
            id: doc_id.clone(),
            source: x.source.clone(),
            title: x.title.clone(),
            published: x.published,
            content_sha256: x.content_sha256.clone(),
            ingest_time: Some(prost_types::Timestamp {
                seconds: now.as_secs() as i64,
                nanos: now.subsec_nanos() as i32,
            }),
            stories: x.stories.clone(),
            text: x.text.clone(),
        };
        p.put(
            T::Documents,
            doc_id.as_bytes().to_vec(),
            codec::encode(&doc),
        );
        p.put(
            T::DocHash,
            x.content_sha256.as_bytes().to_vec(),
            doc_id.as_bytes().to_vec(),
        );
        p.changed.push(doc_id.clone());
        for id in std::mem::take(&mut p.changed) {
            // Sequence numbers start at 1: 0 means "before everything".
            let seq = self.db.generate_id()? + 1;
            p.put(T::Changes, seq.to_be_bytes().to_vec(), id.into_bytes());
        }

        self.commit(p)?;
        self.flush()?;
        let counts = [orgs.len(), people.len(), flows.len(), events.len()].map(|n| n as u32);
        Ok(WriteOutcome {
            document: doc_id,
            created: true,
            counts,
        })
    }

    /// Applies pending writes to every tree in one transaction.
    fn commit(&self, p: Pending) -> Result<()> {
        let mut batches: Vec<sled::Batch> = (0..self.trees.len())
            .map(|_| sled::Batch::default())
            .collect();
        for ((t, k), v) in p.ops {
            match v {
                Some(v) => batches[t as usize].insert(k, v),
                None => batches[t as usize].remove(k),
            }
        }
        self.trees
            .as_slice()
            .transaction(|views| {
                for (view, batch) in views.iter().zip(&batches) {
                    view.apply_batch(batch)?;
                }
                Ok::<(), ConflictableTransactionError<StoreError>>(())
            })
            .map_err(StoreError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::same_flow;
    use tipwatch_proto::pb;

    fn flow(units: Option<i64>, currency: &str, year: Option<i32>) -> pb::FundingFlow {
        pb::FundingFlow {
            funder: "organisations/eu".into(),
            recipient: "organisations/unodc".into(),
            amount: units.map(|units| pb::Money {
                currency_code: currency.into(),
                units,
                nanos: 0,
            }),
            date: year.map(|year| pb::Date {
                year,
                month: 0,
                day: 0,
            }),
            ..Default::default()
        }
    }

    fn event(kind: pb::EventKind, date: (i32, i32, i32), parts: &[&str], place: &str) -> pb::Event {
        pb::Event {
            kind: kind as i32,
            date: Some(pb::Date {
                year: date.0,
                month: date.1,
                day: date.2,
            }),
            participants: parts.iter().map(|p| p.to_string()).collect(),
            location: place.into(),
            ..Default::default()
        }
    }

    #[test]
    fn reports_of_one_event_merge_and_others_do_not() {
        use super::same_event;
        use pb::EventKind::{Agreement, Conference};
        let a = event(
            Agreement,
            (2021, 8, 30),
            &["organisations/iom"],
            "Islamabad",
        );
        assert!(same_event(
            &a,
            &event(Agreement, (2021, 8, 0), &["organisations/iom"], "")
        ));
        assert!(same_event(
            &a,
            &event(Agreement, (2021, 8, 30), &[], "Islamabad, Pakistan")
        ));
        assert!(!same_event(
            &a,
            &event(
                Agreement,
                (2021, 8, 31),
                &["organisations/iom"],
                "Islamabad"
            )
        ));
        assert!(!same_event(
            &a,
            &event(
                Conference,
                (2021, 8, 30),
                &["organisations/iom"],
                "Islamabad"
            )
        ));
        assert!(!same_event(
            &a,
            &event(Agreement, (2021, 8, 30), &["organisations/fia"], "Lahore")
        ));
        let mut undated = a.clone();
        undated.date = None;
        assert!(!same_event(&a, &undated));
        let mut two_days = event(Conference, (2024, 4, 26), &["organisations/eu"], "");
        two_days.end_date = Some(pb::Date {
            year: 2024,
            month: 4,
            day: 27,
        });
        assert!(same_event(
            &two_days,
            &event(Conference, (2024, 4, 27), &["organisations/eu"], "")
        ));
    }

    #[test]
    fn reports_of_one_grant_merge() {
        assert!(same_flow(
            &flow(None, "", None),
            &flow(Some(15_000_000), "EUR", Some(2019))
        ));
        assert!(same_flow(
            &flow(Some(15_000_000), "EUR", Some(2019)),
            &flow(Some(15_050_000), "EUR", None)
        ));
        assert!(same_flow(
            &flow(Some(1), "EUR", Some(2019)),
            &flow(Some(1), "EUR", Some(2019))
        ));
    }

    #[test]
    fn different_years_amounts_currencies_or_parties_do_not_merge() {
        assert!(!same_flow(
            &flow(Some(2_000_000), "USD", Some(2019)),
            &flow(Some(2_000_000), "USD", Some(2021))
        ));
        assert!(!same_flow(
            &flow(None, "", Some(2019)),
            &flow(None, "", Some(2020))
        ));
        assert!(!same_flow(
            &flow(Some(2_000_000), "USD", None),
            &flow(Some(3_000_000), "USD", None)
        ));
        assert!(!same_flow(
            &flow(Some(2_000_000), "USD", None),
            &flow(Some(2_000_000), "EUR", None)
        ));
        let mut other = flow(None, "", None);
        other.recipient = "organisations/iom".into();
        assert!(!same_flow(&flow(None, "", None), &other));
    }
}
