//! The sled store of tipwatch: one tree per record kind and one per index,
//! one transaction per document, flushed before a write is acknowledged.
//!
//! Trees and key shapes (every index key is `field ++ 0x00 ++ id` unless
//! stated; dates are big-endian `YYYYMMDD`, see [`keys`]):
//!
//! | tree | key | value |
//! |---|---|---|
//! | `documents` | `documents/{id}` | version byte ++ `Document` |
//! | `organisations` | `organisations/{id}` | version byte ++ `Organisation` |
//! | `people` | `people/{id}` | version byte ++ `Person` |
//! | `funding_flows` | `funding-flows/{id}` | version byte ++ `FundingFlow` |
//! | `events` | `events/{id}` | version byte ++ `Event` |
//! | `idx_document_hash` | content SHA-256 (hex) | document id |
//! | `idx_organisation_alias` | norm(alias) ++ 0x00 ++ norm(scope) | organisation id |
//! | `idx_organisation_kind` | kind (1 byte) ++ 0x00 ++ id | empty |
//! | `idx_organisation_word` | word of a name ++ 0x00 ++ id | empty |
//! | `idx_person_organisation` | organisation id ++ 0x00 ++ person id | empty |
//! | `idx_flow_funder` | funder id ++ 0x00 ++ flow id | empty |
//! | `idx_flow_recipient` | recipient id ++ 0x00 ++ flow id | empty |
//! | `idx_flow_date` | date (4 bytes) ++ 0x00 ++ flow id | empty |
//! | `idx_event_participant` | organisation id ++ 0x00 ++ event id | empty |
//! | `idx_event_kind_date` | kind (1 byte) ++ date (4 bytes) ++ 0x00 ++ event id | empty |
//! | `idx_event_date` | date (4 bytes) ++ 0x00 ++ event id | empty |
//! | `idx_flow_party` | funder or recipient id ++ 0x00 ++ flow id | empty |
//! | `idx_flow_amount` | amount in billionths (16 bytes, big-endian; 0 without amount) ++ 0x00 ++ flow id | empty |
//! | `idx_organisation_parent` | parent id ++ 0x00 ++ child id (offices, wings) | empty |
//! | `idx_flow_family` | top parent of funder or recipient ++ 0x00 ++ flow id | empty |
//! | `idx_event_family` | top parent of a participant ++ 0x00 ++ event id | empty |
//! | `changes` | sequence number (8 bytes, big-endian) | record id |
//!
//! Invariants: a record and all its index entries change in one
//! transaction; an index entry exists exactly when its record holds the
//! indexed value; the same bytes ingested twice change nothing.
#![forbid(unsafe_code)]

mod changes;
mod codec;
mod error;
pub mod ids;
pub mod keys;
mod merge;
mod network;
mod read;
mod write;

pub use error::{Result, StoreError};
pub use network::Link;
pub use read::{
    EventFilter, FlowFilter, Order, OrganisationFilter, Page, PageRequest, DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
};
pub use write::WriteOutcome;

use std::{path::Path, sync::Mutex};

/// Names of the trees, in the order [`Store::trees`] holds them.
const TREE_NAMES: [&str; 22] = [
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
    "idx_flow_family",
    "idx_event_family",
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
    FlowFamily,
    EventFamily,
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
        let db = sled::Config::new().path(dir).open()?;
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
