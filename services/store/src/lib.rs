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
//! | `documents` | `documents/{sha256}` (64 lower-case hex) | version byte ++ `Document` (the only copy of the text) |
//! | `organisations` | `organisations/{slug}` | version byte ++ `Organisation` (bounded lists) |
//! | `people` | `people/{slug}` | version byte ++ `Person` |
//! | `funding_flows` | `funding-flows/{hash}` | version byte ++ `FundingFlow` |
//! | `events` | `events/{hash}` | version byte ++ `Event` |
//! | `idx_document_hash` | content SHA-256 (hex) | document id |
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
//! | `idx_mention` | record id ++ 0x00 ++ document id | version byte ++ `Mention` (spans, fields agreed) |
//! | `changes` | sequence number (8 bytes, big-endian) | record id |
//!
//! A funding family is `country:{norm(country)}` for a national
//! government or one of its bodies whose country is known, the
//! organisation id otherwise. Merge keys are only added (a record whose
//! year becomes known gains a key; the stale one costs one rejected
//! candidate), and every merge look-up reads at most
//! [`CANDIDATES`] keys per range.
//!
//! Invariants: a batch of documents, their records and all index entries
//! change in one transaction; an index entry (other than a merge key)
//! exists exactly when its record holds the indexed value; no record and
//! no list inside a record grows with the number of documents (the
//! `MAX_*` caps; every mention is in `idx_mention`); an alias key, once
//! set, is never re-pointed to another organisation; the same bytes
//! ingested twice change nothing.
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
const TREE_NAMES: [&str; 23] = [
    "documents",
    "organisations",
    "people",
    "funding_flows",
    "events",
    "idx_document_hash",
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
    DocHash,
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

impl Store {
    /// Opens (or creates) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        let db = sled::Config::new()
            .path(dir)
            .use_compression(true)
            .compression_factor(1)
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
