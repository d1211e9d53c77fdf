//! A write batch that reads its own writes: documents of one group commit
//! are resolved one after the other, each seeing the records that the
//! documents before it wrote, and all of them are committed in one sled
//! transaction at the end.
//!
//! Layers, newest first: the current document's writes, the batch's
//! writes, the trees. A document that fails leaves no trace: its layer is
//! dropped and the batch goes on.

use std::collections::BTreeMap;

use crate::codec;
use crate::error::Result;
use crate::{Store, T, TREE_NAMES};

/// Final value per (tree, key); `None` deletes.
pub(crate) type Ops = BTreeMap<(T, Vec<u8>), Option<Vec<u8>>>;

/// The view one document's write reads and writes through.
pub(crate) struct Tx<'a> {
    store: &'a Store,
    batch: &'a Ops,
    /// This document's writes.
    pub(crate) doc: Ops,
}

impl<'a> Tx<'a> {
    /// Starts a document's layer over `batch`.
    pub(crate) fn new(store: &'a Store, batch: &'a Ops) -> Self {
        Self {
            store,
            batch,
            doc: Ops::new(),
        }
    }

    /// Reads one key as this view sees it.
    pub(crate) fn get(&self, t: T, k: &[u8]) -> Result<Option<Vec<u8>>> {
        let key = (t, k.to_vec());
        if let Some(v) = self.doc.get(&key) {
            return Ok(v.clone());
        }
        if let Some(v) = self.batch.get(&key) {
            return Ok(v.clone());
        }
        Ok(self.store.tree(t).get(k)?.map(|v| v.to_vec()))
    }

    /// True when the key holds a value in this view.
    pub(crate) fn contains(&self, t: T, k: &[u8]) -> Result<bool> {
        Ok(self.get(t, k)?.is_some())
    }

    /// Reads and decodes the record `id` of tree `t`.
    pub(crate) fn load<M: prost::Message + Default>(&self, t: T, id: &str) -> Result<Option<M>> {
        match self.get(t, id.as_bytes())? {
            Some(v) => Ok(Some(codec::decode(
                TREE_NAMES[t as usize],
                id.as_bytes(),
                &v,
            )?)),
            None => Ok(None),
        }
    }

    /// Sets a key in this document's layer.
    pub(crate) fn put(&mut self, t: T, k: Vec<u8>, v: Vec<u8>) {
        self.doc.insert((t, k), Some(v));
    }

    /// Sets an index key with an empty value unless this view already
    /// holds it (a read is cheaper than a write that changes nothing).
    pub(crate) fn put_absent(&mut self, t: T, k: Vec<u8>) -> Result<()> {
        if !self.contains(t, &k)? {
            self.put(t, k, Vec::new());
        }
        Ok(())
    }

    /// Deletes a key in this document's layer.
    pub(crate) fn del(&mut self, t: T, k: Vec<u8>) {
        self.doc.insert((t, k), None);
    }

    /// Returns the first `limit` keys under `prefix` with their values, as
    /// this view sees them (so a look-up reads a bounded number of keys).
    pub(crate) fn prefix(
        &self,
        t: T,
        prefix: &[u8],
        limit: usize,
    ) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut merged: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        let mut overridden = 0;
        for ops in [self.batch, &self.doc] {
            for ((_, k), v) in ops
                .range((t, prefix.to_vec())..)
                .take_while(|((tt, k), _)| *tt == t && k.starts_with(prefix))
            {
                merged.insert(k.clone(), v.clone());
                overridden += 1;
            }
        }
        for kv in self
            .store
            .tree(t)
            .scan_prefix(prefix)
            .take(limit + overridden)
        {
            let (k, v) = kv?;
            merged.entry(k.to_vec()).or_insert(Some(v.to_vec()));
        }
        Ok(merged
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .take(limit)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_shadow_the_trees_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let t = store.tree(T::OrgWord);
        for k in [b"a\0x".as_ref(), b"a\0y", b"a\0z", b"b\0x"] {
            t.insert(k, b"tree".as_ref()).unwrap();
        }
        let mut batch = Ops::new();
        batch.insert((T::OrgWord, b"a\0x".to_vec()), None);
        batch.insert((T::OrgWord, b"a\0w".to_vec()), Some(b"batch".to_vec()));
        let mut tx = Tx::new(&store, &batch);
        tx.put(T::OrgWord, b"a\0y".to_vec(), b"doc".to_vec());
        let got = tx.prefix(T::OrgWord, b"a\0", 10).unwrap();
        let keys: Vec<(&[u8], &[u8])> = got
            .iter()
            .map(|(k, v)| (k.as_slice(), v.as_slice()))
            .collect();
        assert_eq!(
            keys,
            vec![
                (b"a\0w".as_ref(), b"batch".as_ref()),
                (b"a\0y", b"doc"),
                (b"a\0z", b"tree")
            ]
        );
        assert_eq!(tx.prefix(T::OrgWord, b"a\0", 2).unwrap().len(), 2);
        assert_eq!(tx.get(T::OrgWord, b"a\0x").unwrap(), None);
        assert!(tx.contains(T::OrgWord, b"b\0x").unwrap());
    }
}
