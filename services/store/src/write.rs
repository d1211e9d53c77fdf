//! The write path: resolve each document's extraction against the store
//! and write it, with every index entry, through a batch that commits many
//! documents in one transaction and one flush (group commit).
//!
//! Look-ups read a bounded number of keys, whatever the store holds:
//! organisations by point reads of their name forms' alias keys in their
//! scope (a national body never joins a namesake of another or of an
//! unknown country); people by normalised name; flows by the composite key
//! funder family ++ recipient family ++ year, events by kind ++
//! participant (or place) ++ year, each candidate range read to at most
//! [`CANDIDATES`] keys and tested with the merge rule of its kind
//! ([`crate::same`]).

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use sled::transaction::{ConflictableTransactionError, Transactional};
use tipwatch_proto::pb;

use crate::entries::{self, scope, Entries};
use crate::error::{Result, StoreError};
use crate::ids::{short_hash, slug};
use crate::keys::{alias_key, norm_alias, trailing_id};
use crate::overlay::{Ops, Tx};
use crate::{merge, naming};
use crate::{Store, T};

/// Most candidate keys read from one merge-key range.
pub const CANDIDATES: usize = 16;
/// Most documents committed in one batch.
pub const MAX_BATCH: usize = 256;

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

fn invalid(field: &'static str, reason: String) -> StoreError {
    StoreError::InvalidArgument { field, reason }
}

/// True for a SHA-256 as tipwatch writes it: 64 lower-case hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn validate(x: &pb::Extraction) -> Result<()> {
    if x.source.trim().is_empty() {
        return Err(invalid(
            "extraction.source",
            "must name the document's file or URI".into(),
        ));
    }
    if !is_sha256_hex(&x.content_sha256) {
        return Err(invalid(
            "extraction.content_sha256",
            "must be 64 lower-case hex digits".into(),
        ));
    }
    for (i, o) in x.organisations.iter().enumerate() {
        if o.id.is_empty() || norm_alias(&o.name).is_empty() {
            return Err(invalid(
                "extraction.organisations",
                format!("organisation {i} needs an id and a name"),
            ));
        }
    }
    for (i, p) in x.people.iter().enumerate() {
        if norm_alias(&p.name).is_empty() {
            return Err(invalid(
                "extraction.people",
                format!("person {i} needs a name"),
            ));
        }
    }
    Ok(())
}

/// Replaces a record's index entries in `tx`: stale ones removed, new ones
/// set, entries the record already had left alone (no write). Alias keys
/// are owned: one that resolves to another organisation is neither taken
/// over nor removed.
fn reindex(tx: &mut Tx<'_>, id: &str, old: Entries, new: Entries) -> Result<()> {
    let owner_ok = |tx: &Tx<'_>, t: T, k: &[u8]| -> Result<bool> {
        if t != T::OrgAlias {
            return Ok(true);
        }
        Ok(tx.get(t, k)?.is_none_or(|v| v == id.as_bytes()))
    };
    for (t, k, _) in &old {
        if !new.iter().any(|(nt, nk, _)| nt == t && nk == k) && owner_ok(tx, *t, k)? {
            tx.del(*t, k.clone());
        }
    }
    for (t, k, v) in new {
        if old
            .iter()
            .any(|(ot, ok, ov)| *ot == t && *ok == k && *ov == v)
        {
            continue;
        }
        if owner_ok(tx, t, &k)? {
            tx.put(t, k, v);
        }
    }
    Ok(())
}

/// One document's records as they stand before and after it, by id.
type Staged<R> = BTreeMap<String, (Option<R>, R)>;

/// Returns the staged copy of record `id`: loaded from `t` the first time
/// (or made by `base` when nothing is stored), remembered with its stored
/// version so that its index entries can be rewritten once per batch.
fn staged<'s, R: prost::Message + Default + Clone>(
    tx: &Tx<'_>,
    staged: &'s mut Staged<R>,
    t: T,
    id: &str,
    base: impl FnOnce() -> R,
) -> Result<&'s mut R> {
    if !staged.contains_key(id) {
        let stored: Option<R> = tx.load(t, id)?;
        let rec = stored.clone().unwrap_or_else(base);
        staged.insert(id.to_owned(), (stored, rec));
    }
    Ok(&mut staged.get_mut(id).expect("inserted above").1)
}

/// Mentions of one document, by record id.
type Mentions = BTreeMap<String, pb::Mention>;

fn mention<'m>(m: &'m mut Mentions, record: &str, doc: &str) -> &'m mut pb::Mention {
    m.entry(record.to_owned()).or_insert_with(|| pb::Mention {
        record: record.to_owned(),
        document: doc.to_owned(),
        ..Default::default()
    })
}

fn note(m: &mut pb::Mention, evidence: &[pb::Evidence], agreed: &[&str]) {
    for e in evidence {
        if m.evidence.len() < merge::MAX_EVIDENCE && !m.evidence.contains(e) {
            m.evidence.push(e.clone());
        }
    }
    for a in agreed {
        if !m.agreed.iter().any(|x| x == a) {
            m.agreed.push((*a).to_owned());
        }
    }
}

fn decision(doc: &str, agreed: &[&str]) -> Vec<pb::MergeDecision> {
    if agreed.is_empty() {
        return Vec::new();
    }
    vec![pb::MergeDecision {
        document: doc.to_owned(),
        agreed: agreed.iter().map(|a| (*a).to_owned()).collect(),
    }]
}

impl Store {
    /// Stores one document's extraction (a batch of one). Returns
    /// `created: false` and changes nothing when a document with the same
    /// content hash exists.
    pub fn write_extraction(&self, x: &pb::Extraction) -> Result<WriteOutcome> {
        self.write_batch(std::slice::from_ref(x))
            .pop()
            .expect("one result per document")
    }

    /// Stores several documents' extractions in one transaction and one
    /// flush, in order, each seeing the records of those before it.
    /// Returns one result per document; a document that fails changes
    /// nothing and the others are still written. When this returns, every
    /// `Ok` document is on disk: nothing is acknowledged before the flush
    /// that holds it. Batches above [`MAX_BATCH`] are committed in chunks.
    pub fn write_batch(&self, xs: &[pb::Extraction]) -> Vec<Result<WriteOutcome>> {
        let mut out = Vec::with_capacity(xs.len());
        for chunk in xs.chunks(MAX_BATCH) {
            out.extend(self.write_chunk(chunk));
        }
        out
    }

    fn write_chunk(&self, xs: &[pb::Extraction]) -> Vec<Result<WriteOutcome>> {
        let _guard = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut batch = Ops::new();
        let mut outs = Vec::with_capacity(xs.len());
        for x in xs {
            let staged = validate(x).and_then(|()| {
                let mut tx = Tx::new(self, &batch);
                let out = self.write_doc(&mut tx, x)?;
                Ok((out, tx.doc))
            });
            match staged {
                Ok((out, ops)) => {
                    batch.extend(ops);
                    outs.push(Ok(out));
                }
                Err(e) => outs.push(Err(e)),
            }
        }
        if batch.is_empty() {
            return outs;
        }
        if let Err(e) = self.commit(batch).and_then(|()| self.flush()) {
            let reason = e.to_string();
            tracing::error!(error = %reason, documents = xs.len(), "batch commit failed");
            return outs
                .into_iter()
                .map(|o| {
                    o.and_then(|_| {
                        Err(StoreError::Sled(sled::Error::Io(std::io::Error::other(
                            reason.clone(),
                        ))))
                    })
                })
                .collect();
        }
        outs
    }

    /// Finds the stored organisation that an incoming one is, by its name
    /// forms' alias keys in its own scope (this document's pending aliases
    /// first). Returns the id and which form matched.
    fn resolve_org(
        &self,
        tx: &Tx<'_>,
        o: &pb::Organisation,
        pending: &HashMap<Vec<u8>, String>,
    ) -> Result<Option<(String, &'static str)>> {
        let sc = scope(o);
        let forms = [(&o.name, "name"), (&o.acronym, "acronym")]
            .into_iter()
            .chain(o.aliases.iter().map(|a| (a, "alias")))
            .take(2 + merge::MAX_ALIASES);
        for (form, what) in forms {
            if norm_alias(form).is_empty() {
                continue;
            }
            let k = alias_key(form, sc);
            if let Some(id) = pending.get(&k) {
                return Ok(Some((id.clone(), what)));
            }
            if let Some(v) = tx.get(T::OrgAlias, &k)? {
                return Ok(Some((String::from_utf8_lossy(&v).into_owned(), what)));
            }
        }
        Ok(None)
    }

    /// Picks an unused id for a new organisation.
    fn new_org_id(
        &self,
        tx: &Tx<'_>,
        o: &pb::Organisation,
        taken: &Staged<pb::Organisation>,
    ) -> Result<String> {
        let short = !o.acronym.is_empty() && o.acronym.chars().any(char::is_alphabetic);
        let mut base = slug(if short { &o.acronym } else { &o.name });
        let sc = scope(o);
        if !sc.is_empty() && !norm_alias(&o.name).contains(&norm_alias(sc)) {
            base = format!("{base}-{}", slug(sc));
        }
        let mut id = format!("organisations/{base}");
        let mut n = 2;
        while taken.contains_key(&id) || tx.contains(T::Organisations, id.as_bytes())? {
            id = format!("organisations/{base}-{n}");
            n += 1;
        }
        Ok(id)
    }

    /// Picks an unused id `{kind}/{hash}` for a new flow or event.
    fn new_record_id(&self, tx: &Tx<'_>, t: T, kind: &str, parts: &[&str]) -> Result<String> {
        let mut n = 0u32;
        loop {
            let salt = n.to_string();
            let mut p = parts.to_vec();
            p.push(&salt);
            let id = format!("{kind}/{}", short_hash(&p));
            if !tx.contains(t, id.as_bytes())? {
                return Ok(id);
            }
            n += 1;
        }
    }

    /// Merges `incoming` into the record `id` of this document (read
    /// through `tx`, or started from `incoming`), dropping any alias that
    /// already resolves to another organisation, and remembers the
    /// record's alias keys for the organisations that follow.
    fn upsert_org(
        &self,
        tx: &Tx<'_>,
        id: &str,
        incoming: &pb::Organisation,
        orgs: &mut Staged<pb::Organisation>,
        pending_alias: &mut HashMap<Vec<u8>, String>,
    ) -> Result<()> {
        if !orgs.contains_key(id) {
            let stored: Option<pb::Organisation> = tx.load(T::Organisations, id)?;
            let base = stored.clone().unwrap_or_else(|| pb::Organisation {
                id: id.to_owned(),
                name: incoming.name.clone(),
                acronym: incoming.acronym.clone(),
                kind: incoming.kind,
                country: incoming.country.clone(),
                parent: incoming.parent.clone(),
                ..Default::default()
            });
            orgs.insert(id.to_owned(), (stored, base));
        }
        let (_, rec) = orgs.get_mut(id).expect("inserted above");
        merge::organisation(rec, incoming);
        let sc = scope(rec).to_owned();
        let mut kept = Vec::with_capacity(rec.aliases.len());
        for a in std::mem::take(&mut rec.aliases) {
            let k = alias_key(&a, &sc);
            let owner = match pending_alias.get(&k) {
                Some(o) => Some(o.clone()),
                None => tx
                    .get(T::OrgAlias, &k)?
                    .map(|v| String::from_utf8_lossy(&v).into_owned()),
            };
            match owner {
                Some(o) if o != id => {
                    tracing::warn!(organisation = %id, alias = %a, owner = %o, "alias already names another organisation; not taken over");
                }
                _ => kept.push(a),
            }
        }
        rec.aliases = kept;
        for (_, k, v) in entries::organisation(rec) {
            if v == id.as_bytes() {
                pending_alias.entry(k).or_insert_with(|| id.to_owned());
            }
        }
        Ok(())
    }

    /// The funding family of an organisation: `country:{country}` for a
    /// national government or its bodies when the country is known, the
    /// organisation's own id otherwise.
    fn family(&self, tx: &Tx<'_>, id: &str, orgs: &Staged<pb::Organisation>) -> String {
        let rec = match orgs.get(id) {
            Some((_, r)) => Some(r.clone()),
            None => tx
                .load::<pb::Organisation>(T::Organisations, id)
                .ok()
                .flatten(),
        };
        match rec {
            Some(o) if naming::national(o.kind) && !o.country.is_empty() => {
                format!("country:{}", norm_alias(&o.country))
            }
            _ => id.to_owned(),
        }
    }

    /// Returns the ids under merge-key prefixes, at most [`CANDIDATES`]
    /// from each, in first-seen order.
    fn candidates(&self, tx: &Tx<'_>, t: T, prefixes: &[Vec<u8>]) -> Result<Vec<String>> {
        let mut ids: Vec<String> = Vec::new();
        for p in prefixes {
            for (k, _) in tx.prefix(t, p, CANDIDATES)? {
                if let Some(id) = trailing_id(&k) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        Ok(ids)
    }
}

#[path = "write_doc.rs"]
mod write_doc;

impl Store {
    /// Applies pending writes to every tree in one transaction.
    fn commit(&self, ops: Ops) -> Result<()> {
        let mut batches: Vec<sled::Batch> = (0..self.trees.len())
            .map(|_| sled::Batch::default())
            .collect();
        for ((t, k), v) in ops {
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

/// The current time as a protobuf timestamp.
fn now() -> prost_types::Timestamp {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    prost_types::Timestamp {
        seconds: now.as_secs() as i64,
        nanos: now.subsec_nanos() as i32,
    }
}
