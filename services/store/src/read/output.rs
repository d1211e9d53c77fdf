//! What a read hands back for a record: the decoded message, or its
//! stored protobuf encoding ([`Stored`]) to be spliced into an answer as
//! it is (see `tipwatch_proto::raw`), so a page that no filter needs to
//! look into is read without decoding a record.

use prost::Message;
use tipwatch_proto::raw::{Encoded, ListResponse, PageBuilder};

use super::page::Page;
use crate::error::{Result, StoreError};
use crate::{Store, T, TREE_NAMES};

/// One record's protobuf encoding, as read from the store (after the
/// value's format byte, decompressed if need be), never decoded.
#[derive(Clone, Debug)]
pub(crate) struct Stored(Vec<u8>);

impl Stored {
    /// The message's encoding.
    pub(crate) fn message(&self) -> &[u8] {
        &self.0
    }

    /// The message's encoding, owned.
    pub(crate) fn into_message(self) -> Vec<u8> {
        self.0
    }
}

/// A record kind with heavy repeated fields that the BASIC view leaves
/// out: `documents`, `evidence` and `merges`, by field number.
pub(crate) trait Heavy {
    /// Their field numbers.
    const HEAVY: [u32; 3];
}

impl Heavy for tipwatch_proto::pb::Organisation {
    const HEAVY: [u32; 3] = [8, 9, 10];
}
impl Heavy for tipwatch_proto::pb::Person {
    const HEAVY: [u32; 3] = [5, 6, 7];
}
impl Heavy for tipwatch_proto::pb::FundingFlow {
    const HEAVY: [u32; 3] = [9, 10, 11];
}
impl Heavy for tipwatch_proto::pb::Event {
    const HEAVY: [u32; 3] = [10, 11, 12];
}

/// The fields of an `M` that a list leaves out: none when `full`, the
/// heavy ones otherwise (the API's BASIC view).
pub(crate) fn omitted<M: Heavy>(full: bool) -> &'static [u32] {
    if full {
        &[]
    } else {
        &M::HEAVY
    }
}

/// A read's output for a record of message `M`.
pub(crate) trait Output<M>: Sized {
    /// Builds the output from the stored value of record `id` in tree
    /// `t` and, when a filter had already decoded it, the decoded message.
    fn make(value: &[u8], decoded: Option<M>, t: T, id: &str) -> Result<Self>;
}

macro_rules! outputs {
    ($($m:ident),*) => {$(
        impl Output<tipwatch_proto::pb::$m> for tipwatch_proto::pb::$m {
            fn make(value: &[u8], decoded: Option<Self>, t: T, id: &str) -> Result<Self> {
                match decoded {
                    Some(m) => Ok(m),
                    None => crate::codec::decode(TREE_NAMES[t as usize], id.as_bytes(), value),
                }
            }
        }
        impl Output<tipwatch_proto::pb::$m> for Stored {
            fn make(
                value: &[u8],
                _: Option<tipwatch_proto::pb::$m>,
                t: T,
                id: &str,
            ) -> Result<Self> {
                // Decoding into `Encoded` reads the value's format (and
                // decompresses) but keeps each field's bytes as they are.
                let e: Encoded<tipwatch_proto::pb::$m> =
                    crate::codec::decode(TREE_NAMES[t as usize], id.as_bytes(), value)?;
                Ok(Stored(e.into_bytes()))
            }
        }
    )*};
}

outputs!(Organisation, FundingFlow, Event, Person, Document);

impl Store {
    /// Reads the record `id` of tree `t` as `O`; with `keep`, decodes it
    /// and returns `None` when `keep` refuses it, otherwise does not
    /// decode it unless `O` is the message itself.
    pub(crate) fn load_as<M, O>(
        &self,
        t: T,
        id: &str,
        keep: Option<&dyn Fn(&M) -> bool>,
    ) -> Result<Option<O>>
    where
        M: Message + Default,
        O: Output<M>,
    {
        match self.tree(t).get(id.as_bytes())? {
            Some(value) => value_as(&value, t, id, keep),
            None => Ok(None),
        }
    }
}

/// [`Store::load_as`] for a stored value already read (a scan of the
/// record tree itself).
pub(crate) fn value_as<M, O>(
    value: &[u8],
    t: T,
    id: &str,
    keep: Option<&dyn Fn(&M) -> bool>,
) -> Result<Option<O>>
where
    M: Message + Default,
    O: Output<M>,
{
    let decoded = match keep {
        Some(keep) => {
            let m: M = crate::codec::decode(TREE_NAMES[t as usize], id.as_bytes(), value)?;
            if !keep(&m) {
                return Ok(None);
            }
            Some(m)
        }
        None => None,
    };
    O::make(value, decoded, t, id).map(Some)
}

/// Encodes a page of stored records as the `List*` response `R`, each
/// record without its fields numbered in `omit`.
pub(crate) fn encode_page<R: ListResponse>(
    page: &Page<Stored>,
    omit: &[u32],
) -> Result<Encoded<R>> {
    let size: usize = page.items.iter().map(|s| s.message().len() + 4).sum();
    let mut b = PageBuilder::<R>::with_capacity(size + page.next_page_token.len() + 4);
    for s in &page.items {
        b.push_without(s.message(), omit)
            .map_err(|e| StoreError::Corrupt {
                tree: "page",
                key: String::new(),
                reason: e.to_string(),
            })?;
    }
    Ok(b.finish(&page.next_page_token))
}

#[cfg(test)]
mod tests {
    use tipwatch_proto::pb;

    use super::Heavy;

    /// The numbers are those of the fields named documents, evidence and
    /// merges in the API's descriptors.
    #[test]
    fn heavy_field_numbers_match_the_proto() {
        fn check<M: Heavy>(name: &str) {
            let m = tipwatch_proto::json::pool()
                .get_message_by_name(name)
                .unwrap();
            let want: Vec<u32> = ["documents", "evidence", "merges"]
                .iter()
                .map(|f| m.get_field_by_name(f).unwrap().number())
                .collect();
            assert_eq!(M::HEAVY.to_vec(), want, "{name}");
        }
        check::<pb::Organisation>("tipwatch.v1.Organisation");
        check::<pb::Person>("tipwatch.v1.Person");
        check::<pb::FundingFlow>("tipwatch.v1.FundingFlow");
        check::<pb::Event>("tipwatch.v1.Event");
    }
}
