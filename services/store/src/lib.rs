//! The sled store of tipwatch: one tree per record kind and one per index.
//! Writes are grouped: many documents are resolved one after the other
//! into one batch ([`Store::write_batch`]), committed in one sled
//! transaction and made durable by one flush; a document is acknowledged
//! only when the flush that holds it has returned (the query service's
//! writer does the grouping, see `services/query/src/writer.rs`).
//!
//! Trees and key shapes (every index key is `field ++ 0x00 ++ id` unless
//! stated; dates are big-endian `YYYYMMDD`, years big-endian `u32`, 0 when
//! unknown, see [`keys`]):
//!
//! | tree | key | value |
//! |---|---|---|
//! | `documents` | `documents/{sha256}` (64 lower-case hex) | value of `Document` (the only copy of the text; a document is new when this key is absent) |
//! | `organisations` | `organisations/{slug}` | value of `Organisation` (bounded lists) |
//! | `people` | `people/{slug}` | value of `Person` |
//! | `funding_flows` | `funding-flows/{hash}` | value of `FundingFlow` |
//! | `events` | `events/{hash}` | value of `Event` |
//! | `idx_organisation_alias` | norm(alias) ++ 0x00 ++ norm(scope) | organisation id (first owner keeps it) |
//! | `idx_organisation_kind` | kind (1 byte) ++ 0x00 ++ id | empty |
//! | `idx_organisation_word` | word of a name ++ 0x00 ++ id | empty |
//! | `idx_organisation_parent` | parent id ++ 0x00 ++ child id (offices, wings) | empty |
//! | `idx_person_organisation` | organisation id ++ 0x00 ++ person id | empty |
//! | `idx_flow_funder` | funder id ++ 0x00 ++ flow id | empty |
//! | `idx_flow_recipient` | recipient id ++ 0x00 ++ flow id | empty |
//! | `idx_flow_party` | funder or recipient id ++ 0x00 ++ flow id | empty |
//! | `idx_flow_date` | date (4 bytes) ++ 0x00 ++ flow id | empty |
//! | `idx_flow_amount` | amount in billionths (16 bytes, big-endian; 0 without amount) ++ 0x00 ++ flow id | empty |
//! | `idx_flow_merge` | funder family ++ 0x00 ++ recipient family ++ 0x00 ++ year (4 bytes) ++ 0x00 ++ flow id | empty |
//! | `idx_event_participant` | organisation id ++ 0x00 ++ event id | empty |
//! | `idx_event_kind_date` | kind (1 byte) ++ date (4 bytes) ++ 0x00 ++ event id | empty |
//! | `idx_event_date` | date (4 bytes) ++ 0x00 ++ event id | empty |
//! | `idx_event_merge` | kind (1 byte) ++ participant id ++ 0x00 ++ year (4 bytes) ++ 0x00 ++ event id; and kind ++ `@` ++ norm(place) ++ 0x00 ++ year ++ 0x00 ++ event id | empty |
//! | `idx_mention` | record id ++ 0x00 ++ document id | value of `Mention` (spans, fields agreed; record, document and each span's own document left out: the key holds them) |
//! | `changes` | log entry number (8 bytes, big-endian), one a document | ids of the records it created or changed, one a line (change `i` of entry `n` has sequence `n << 16 \| i`) |
//!
//! A "value of" a message is a format byte and its protobuf encoding,
//! raw (1) or as `length (u32 LE) ++ zstd frame` (2) when that is shorter
//! (`codec`); sled's page compression is off.
//!
//! A funding family is `country:{norm(country)}` for a national
//! government or one of its bodies whose country is known, the
//! organisation id otherwise. Merge keys are only added (a record whose
//! year becomes known gains a key; the stale one costs one rejected
//! candidate), and every merge look-up reads at most
//! [`CANDIDATES`] keys per range.
//!
//! Invariants: a batch of documents, their records and all index entries
//! change in one transaction and are acknowledged only after the one
//! flush that follows it; an index entry (other than a merge key)
//! exists exactly when its record holds the indexed value; no record and
//! no list inside a record grows with the number of documents (the
//! `MAX_*` caps; every mention is in `idx_mention`); an alias key, once
//! set, is never re-pointed to another organisation; the same bytes
//! ingested twice change nothing; an index entry that a record already had
//! and keeps is not written again.
#![forbid(unsafe_code)]

mod changes;
mod codec;
mod entries;
mod error;
pub mod ids;
pub mod keys;
mod mentions;
mod merge;
mod naming;
mod network;
mod offices;
mod overlay;
pub mod rates;
mod read;
pub mod same;
mod write;

pub use error::{Result, StoreError};
pub use merge::{
    MAX_ALIASES, MAX_DOCUMENTS, MAX_EVIDENCE, MAX_MERGES, MAX_OFFICES, MAX_PARTICIPANTS,
    MAX_SENTENCE,
};
pub use network::Link;
pub use read::{
    EventFilter, FlowFilter, Order, OrganisationFilter, Page, PageRequest, DEFAULT_PAGE_SIZE,
    MAX_FAMILY, MAX_KEYS_READ, MAX_PAGE_SIZE,
};
pub use write::{is_sha256_hex, WriteOutcome, CANDIDATES, MAX_BATCH};

use std::{path::Path, sync::Mutex};

/// Names of the trees, in the order [`Store::trees`] holds them.
const TREE_NAMES: [&str; 22] = [
    "documents",
    "organisations",
    "people",
    "funding_flows",
    "events",
    "idx_organisation_alias",
    "idx_organisation_kind",
    "idx_organisation_word",
    "idx_person_organisation",
    "idx_flow_funder",
    "idx_flow_recipient",
    "idx_flow_date",
    "idx_event_participant",
    "idx_event_kind_date",
    "idx_event_date",
    "changes",
    "idx_flow_party",
    "idx_flow_amount",
    "idx_organisation_parent",
    "idx_flow_merge",
    "idx_event_merge",
    "idx_mention",
];

/// Positions of the trees in [`Store::trees`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(usize)]
enum T {
    Documents,
    Organisations,
    People,
    Flows,
    Events,
    OrgAlias,
    OrgKind,
    OrgWord,
    PersonOrg,
    FlowFunder,
    FlowRecipient,
    FlowDate,
    EventParticipant,
    EventKindDate,
    EventDate,
    Changes,
    FlowParty,
    FlowAmount,
    OrgParent,
    FlowMerge,
    EventMerge,
    Mention,
}

/// The embedded store. One process opens a data directory at a time.
pub struct Store {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    /// Serialises writers: resolution reads and the transaction that
    /// follows see the same state.
    write_lock: Mutex<()>,
}

/// True when the sled store in `dir` was created with sled's page
/// compression (stores written before values were compressed by `codec`).
fn created_with_page_compression(dir: &Path) -> bool {
    std::fs::read(dir.join("conf")).is_ok_and(|conf| {
        String::from_utf8_lossy(&conf)
            .lines()
            .any(|l| l.trim() == "use_compression: true")
    })
}

impl Store {
    /// Opens (or creates) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        // Values are compressed one by one in `codec`, so sled's page
        // compression is off, except in a store created with it (it
        // cannot change across restarts); every batch is flushed by its
        // writer, so no background flusher.
        let db = sled::Config::new()
            .path(dir)
            .use_compression(created_with_page_compression(dir))
            .compression_factor(1)
            .flush_every_ms(None)
            .open()?;
        let trees = TREE_NAMES
            .iter()
            .map(|n| db.open_tree(n))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            db,
            trees,
            write_lock: Mutex::new(()),
        })
    }

    fn tree(&self, t: T) -> &sled::Tree {
        &self.trees[t as usize]
    }

    /// Reads and decodes the record `id` of tree `t`.
    fn load<M: prost::Message + Default>(&self, t: T, id: &str) -> Result<Option<M>> {
        match self.tree(t).get(id.as_bytes())? {
            Some(v) => Ok(Some(codec::decode(
                TREE_NAMES[t as usize],
                id.as_bytes(),
                &v,
            )?)),
            None => Ok(None),
        }
    }

    /// Flushes every write to disk.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    /// Returns, for every tree, its name, number of keys, and the bytes of
    /// its keys and of its values as stored (before sled's own framing):
    /// what the store holds, to compare with its size on disk.
    pub fn tree_stats(&self) -> Result<Vec<(&'static str, u64, u64, u64)>> {
        let mut out = Vec::with_capacity(TREE_NAMES.len());
        for (name, tree) in TREE_NAMES.iter().zip(&self.trees) {
            let (mut n, mut kb, mut vb) = (0u64, 0u64, 0u64);
            for kv in tree.iter() {
                let (k, v) = kv?;
                n += 1;
                kb += k.len() as u64;
                vb += v.len() as u64;
            }
            out.push((*name, n, kb, vb));
        }
        Ok(out)
    }

    /// Returns the number of records of each kind: documents,
    /// organisations, people, funding flows, events.
    pub fn counts(&self) -> [usize; 5] {
        [
            self.tree(T::Documents).len(),
            self.tree(T::Organisations).len(),
            self.tree(T::People).len(),
            self.tree(T::Flows).len(),
            self.tree(T::Events).len(),
        ]
    }
}
