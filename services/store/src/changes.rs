//! The change log behind WatchRecords: every document written appends one
//! key, a strictly increasing log number (8 bytes, big-endian), whose value
//! lists the ids of the records it created or changed, one per line (one
//! key a document instead of one a record: fewer writes). The change at
//! position `i` of log entry `n` has the sequence number
//! `n << SEQ_SHIFT | i`: sequences are strictly increasing and never
//! reused, and readers page through them after the last one they saw.

use tipwatch_proto::pb::{self, record_change::Record};

use crate::error::{Result, StoreError};
use crate::overlay::Tx;
use crate::{Store, T};

/// Bits of a sequence number that count the changes within one log entry.
const SEQ_SHIFT: u32 = 16;
/// Most record ids in one log entry; a document that changed more takes
/// several entries.
const PER_ENTRY: usize = 1 << SEQ_SHIFT;

fn corrupt(key: &[u8], reason: &str) -> StoreError {
    StoreError::Corrupt {
        tree: "changes",
        key: format!("{key:?}"),
        reason: reason.into(),
    }
}

fn entry_number(k: &[u8]) -> Result<u64> {
    k.try_into()
        .map(u64::from_be_bytes)
        .map_err(|_| corrupt(k, "key is not 8 bytes"))
}

impl Store {
    /// Appends the ids of the records one document created or changed to
    /// the change log, through `tx`.
    pub(crate) fn log_changes(&self, tx: &mut Tx<'_>, changed: &[String]) -> Result<()> {
        for chunk in changed.chunks(PER_ENTRY) {
            // Entry numbers start at 1: sequence 0 means "before everything".
            let n = self.db.generate_id()? + 1;
            tx.put(
                T::Changes,
                n.to_be_bytes().to_vec(),
                chunk.join("\n").into_bytes(),
            );
        }
        Ok(())
    }

    /// Returns up to `limit` changes with a sequence above `after`, each
    /// with the record as stored now, in sequence order.
    pub fn changes_after(&self, after: u64, limit: usize) -> Result<Vec<pb::RecordChange>> {
        let start = (after >> SEQ_SHIFT).to_be_bytes();
        let mut out = Vec::new();
        for kv in self.tree(T::Changes).range(start..) {
            let (k, v) = kv?;
            let n = entry_number(&k)?;
            for (i, id) in v.split(|b| *b == b'\n').enumerate() {
                let seq = n << SEQ_SHIFT | i as u64;
                if seq <= after {
                    continue;
                }
                if out.len() >= limit {
                    return Ok(out);
                }
                let id = String::from_utf8_lossy(id);
                if let Some(record) = self.record(&id)? {
                    out.push(pb::RecordChange {
                        sequence: seq,
                        record: Some(record),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Returns the sequence number of the newest change (0 when none).
    pub fn last_sequence(&self) -> Result<u64> {
        Ok(match self.tree(T::Changes).last()? {
            Some((k, v)) => {
                let lines = v.iter().filter(|b| **b == b'\n').count() as u64;
                entry_number(&k)? << SEQ_SHIFT | lines
            }
            None => 0,
        })
    }

    fn record(&self, id: &str) -> Result<Option<Record>> {
        let kind = id.split('/').next().unwrap_or("");
        Ok(match kind {
            "documents" => self
                .load::<pb::Document>(T::Documents, id)?
                .map(Record::Document),
            "organisations" => self.load(T::Organisations, id)?.map(Record::Organisation),
            "people" => self.load(T::People, id)?.map(Record::Person),
            "funding-flows" => self.load(T::Flows, id)?.map(Record::FundingFlow),
            "events" => self.load(T::Events, id)?.map(Record::Event),
            _ => None,
        })
    }
}
