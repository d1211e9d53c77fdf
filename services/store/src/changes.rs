//! The change log behind WatchRecords: every write appends, under a
//! strictly increasing sequence number, the id of each record it created or
//! changed. Readers page through it after the last sequence they saw.

use tipwatch_proto::pb::{self, record_change::Record};

use crate::error::{Result, StoreError};
use crate::{Store, T};

impl Store {
    /// Returns up to `limit` changes with a sequence above `after`, each
    /// with the record as stored now, in sequence order.
    pub fn changes_after(&self, after: u64, limit: usize) -> Result<Vec<pb::RecordChange>> {
        let start = after.saturating_add(1).to_be_bytes();
        let mut out = Vec::new();
        for kv in self.tree(T::Changes).range(start..).take(limit) {
            let (k, v) = kv?;
            let seq =
                u64::from_be_bytes(k.as_ref().try_into().map_err(|_| StoreError::Corrupt {
                    tree: "changes",
                    key: format!("{k:?}"),
                    reason: "key is not 8 bytes".into(),
                })?);
            let id = String::from_utf8_lossy(&v).into_owned();
            if let Some(record) = self.record(&id)? {
                out.push(pb::RecordChange {
                    sequence: seq,
                    record: Some(record),
                });
            }
        }
        Ok(out)
    }

    /// Returns the sequence number of the newest change (0 when none).
    pub fn last_sequence(&self) -> Result<u64> {
        Ok(match self.tree(T::Changes).last()? {
            Some((k, _)) => k.as_ref().try_into().map(u64::from_be_bytes).unwrap_or(0),
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
