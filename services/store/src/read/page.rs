//! Paging: the key range of one index a list reads (`Scan`) and the
//! reader of one page of it (`Store::page`).
//!
//! A page token is the index tag and the last index key returned (see
//! [`crate::keys::encode_token`]); the next page starts after it, so pages
//! neither repeat nor skip records while the store only grows.

use std::ops::Bound;

use crate::error::{Result, StoreError};
use crate::keys::{decode_token, encode_token};
use crate::{Store, T};

/// Default number of results in a page.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest number of results in a page.
pub const MAX_PAGE_SIZE: usize = 1000;

/// Paging arguments of a List request.
#[derive(Clone, Debug, Default)]
pub struct PageRequest {
    /// Maximum results; 0 means [`DEFAULT_PAGE_SIZE`].
    pub page_size: i32,
    /// Token from a previous page, or empty.
    pub page_token: String,
}

/// One page of results.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<R> {
    /// The results.
    pub items: Vec<R>,
    /// Token for the next page; empty on the last.
    pub next_page_token: String,
}

impl<R> Default for Page<R> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            next_page_token: String::new(),
        }
    }
}

/// Page token tags, one per index a list can read.
pub(crate) mod tag {
    pub(in crate::read) const ORGS: u8 = 1;
    pub(in crate::read) const ORG_KIND: u8 = 2;
    pub(in crate::read) const ORG_WORD: u8 = 3;
    pub(in crate::read) const FLOWS: u8 = 4;
    pub(in crate::read) const FLOW_FUNDER: u8 = 5;
    pub(in crate::read) const FLOW_RECIPIENT: u8 = 6;
    pub(in crate::read) const FLOW_DATE: u8 = 7;
    pub(in crate::read) const EVENTS: u8 = 8;
    pub(in crate::read) const EVENT_PARTICIPANT: u8 = 9;
    pub(in crate::read) const EVENT_KIND_DATE: u8 = 10;
    pub(in crate::read) const EVENT_DATE: u8 = 11;
    pub(in crate::read) const PEOPLE: u8 = 12;
    pub(in crate::read) const PERSON_ORG: u8 = 13;
    pub(in crate::read) const DOCUMENTS: u8 = 14;
    pub(in crate::read) const FLOW_PARTY: u8 = 15;
    pub(in crate::read) const FLOW_AMOUNT: u8 = 16;
    pub(in crate::read) const FLOW_FAMILY: u8 = 17;
    pub(in crate::read) const EVENT_FAMILY: u8 = 18;
    pub(crate) const MENTIONS: u8 = 19;
    /// Added to a tag for a scan read backwards.
    pub(super) const REVERSED: u8 = 0x80;
}

/// Most index keys one page reads: a page whose filters reject many keys
/// ends early with a token to go on, so no request's work grows with the
/// store.
pub const MAX_KEYS_READ: usize = 2000;

/// The key range of one index that a list reads.
pub(crate) struct Scan {
    /// The tree read.
    pub(super) tree: T,
    tag: u8,
    lower: Vec<u8>,
    /// Exclusive upper bound; `None` for the end of the tree.
    upper: Option<Vec<u8>>,
    /// Read from the upper end down.
    reverse: bool,
    /// Several sorted, disjoint prefixes read one after the other instead
    /// of `lower..upper` (an organisation and its offices).
    pub(super) prefixes: Vec<Vec<u8>>,
}

impl Scan {
    /// Reads the keys starting with `prefix`, in key order.
    pub(crate) fn prefix(tree: T, tag: u8, prefix: Vec<u8>) -> Self {
        let upper = prefix_end(&prefix);
        Self {
            tree,
            tag,
            lower: prefix,
            upper,
            reverse: false,
            prefixes: Vec::new(),
        }
    }

    /// Reads the keys under each of `prefixes` (sorted, none a prefix of
    /// another), in key order.
    pub(super) fn prefixes(tree: T, tag: u8, mut prefixes: Vec<Vec<u8>>) -> Self {
        prefixes.sort();
        prefixes.dedup();
        let lower = prefixes.first().cloned().unwrap_or_default();
        let upper = prefixes.last().and_then(|p| prefix_end(p));
        Self {
            tree,
            tag,
            lower,
            upper,
            reverse: false,
            prefixes,
        }
    }

    /// Reads the whole tree, in key order.
    pub(super) fn all(tree: T, tag: u8) -> Self {
        Self {
            tree,
            tag,
            lower: Vec::new(),
            upper: None,
            reverse: false,
            prefixes: Vec::new(),
        }
    }

    /// Reads the keys from `lower` (inclusive) to `upper` (exclusive;
    /// `None` for the end of the tree), in key order.
    pub(super) fn range(tree: T, tag: u8, lower: Vec<u8>, upper: Option<Vec<u8>>) -> Self {
        Self {
            tree,
            tag,
            lower,
            upper,
            reverse: false,
            prefixes: Vec::new(),
        }
    }

    /// The same range read from the top down (its own page tokens).
    pub(super) fn reversed(self, yes: bool) -> Self {
        if yes {
            Self {
                reverse: true,
                tag: self.tag | tag::REVERSED,
                ..self
            }
        } else {
            self
        }
    }
}

/// Returns the smallest key greater than every key starting with `prefix`.
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// Returns the page size a request asks for, capped at [`MAX_PAGE_SIZE`].
fn page_size(req: &PageRequest) -> Result<usize> {
    match req.page_size {
        n if n < 0 => Err(StoreError::InvalidArgument {
            field: "page_size",
            reason: "must not be negative".into(),
        }),
        0 => Ok(DEFAULT_PAGE_SIZE),
        n => Ok((n as usize).min(MAX_PAGE_SIZE)),
    }
}

impl Store {
    /// Reads one page of `scan`, keeping what `accept` returns for a key.
    pub(crate) fn page<R>(
        &self,
        scan: Scan,
        req: &PageRequest,
        mut accept: impl FnMut(&[u8]) -> Result<Option<R>>,
    ) -> Result<Page<R>> {
        self.page_entries(scan, req, |k, _| accept(k))
    }

    /// Reads one page of `scan`, keeping what `accept` returns for a key
    /// and its value (a record itself when `scan` reads a record tree:
    /// no second look-up).
    pub(crate) fn page_entries<R>(
        &self,
        scan: Scan,
        req: &PageRequest,
        mut accept: impl FnMut(&[u8], &[u8]) -> Result<Option<R>>,
    ) -> Result<Page<R>> {
        let size = page_size(req)?;
        let after = decode_token(scan.tag, &req.page_token)?;
        if let Some(k) = &after {
            let inside = *k >= scan.lower && scan.upper.as_ref().is_none_or(|u| k < u);
            if !inside {
                return Err(StoreError::InvalidArgument {
                    field: "page_token",
                    reason: "the token belongs to a query with other filters".into(),
                });
            }
        }
        let ranges: Vec<(Vec<u8>, Option<Vec<u8>>)> = if scan.prefixes.is_empty() {
            vec![(scan.lower.clone(), scan.upper.clone())]
        } else {
            scan.prefixes
                .iter()
                .map(|p| (p.clone(), prefix_end(p)))
                .collect()
        };
        let mut items = Vec::with_capacity(size.min(DEFAULT_PAGE_SIZE));
        let mut last: Option<sled::IVec> = None;
        let mut read = 0usize;
        let budget = MAX_KEYS_READ.max(size * 2);
        for (lower, upper) in ranges {
            let (start, end) = if scan.reverse {
                let end = match &after {
                    Some(k) => Bound::Excluded(k.clone()),
                    None => upper.map_or(Bound::Unbounded, Bound::Excluded),
                };
                (Bound::Included(lower), end)
            } else {
                if let (Some(k), Some(u)) = (&after, &upper) {
                    if k >= u {
                        continue;
                    }
                }
                let start = match &after {
                    Some(k) if *k >= lower => Bound::Excluded(k.clone()),
                    _ => Bound::Included(lower),
                };
                (start, upper.map_or(Bound::Unbounded, Bound::Excluded))
            };
            let range = self.tree(scan.tree).range::<Vec<u8>, _>((start, end));
            let keys: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> =
                if scan.reverse {
                    Box::new(range.rev())
                } else {
                    Box::new(range)
                };
            for kv in keys {
                let (k, v) = kv?;
                if read >= budget {
                    // Out of budget: go on from the last key read.
                    return Ok(Page {
                        items,
                        next_page_token: encode_token(scan.tag, last.as_deref().unwrap_or(&k)),
                    });
                }
                read += 1;
                match accept(&k, &v)? {
                    Some(r) => {
                        if items.len() == size {
                            let last = last.expect("a full page has a last key");
                            return Ok(Page {
                                items,
                                next_page_token: encode_token(scan.tag, &last),
                            });
                        }
                        items.push(r);
                        last = Some(k);
                    }
                    None => last = Some(k),
                }
            }
        }
        Ok(Page {
            items,
            next_page_token: String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_end_is_the_next_key() {
        assert_eq!(prefix_end(b"ab\0"), Some(b"ab\x01".to_vec()));
        assert_eq!(prefix_end(&[1, 255]), Some(vec![2]));
        assert_eq!(prefix_end(&[255]), None);
    }
}
