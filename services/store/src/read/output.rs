//! What a read hands back for a record: the decoded message, or its
//! stored protobuf encoding ([`Stored`]) to be spliced into an answer as
//! it is (see `tipwatch_proto::raw`), so a page that no filter needs to
//! look into is read without decoding a record.

use std::marker::PhantomData;

use prost::{
    bytes::{Buf, BufMut},
    encoding::{skip_field, DecodeContext, WireType},
    DecodeError, Message,
};
use tipwatch_proto::raw::{copy_field, Encoded, ListResponse, PageBuilder};

use super::page::Page;
use crate::error::Result;
use crate::{Store, T, TREE_NAMES};

/// One record's protobuf encoding, as read from the store (after the
/// value's format byte, decompressed if need be), never decoded.
#[derive(Clone, Debug)]
pub(crate) struct Stored(Vec<u8>);

impl Stored {
    /// The message's encoding, owned.
    pub(crate) fn into_message(self) -> Vec<u8> {
        self.0
    }
}

/// A record kind with heavy fields that a list's default view leaves
/// out: `documents`, `evidence` and `merges` (the API's BASIC view), a
/// document's `text`; by field number.
pub(crate) trait Heavy {
    /// Their field numbers.
    const HEAVY: &'static [u32];
}

impl Heavy for tipwatch_proto::pb::Organisation {
    const HEAVY: &'static [u32] = &[8, 9, 10];
}
impl Heavy for tipwatch_proto::pb::Person {
    const HEAVY: &'static [u32] = &[5, 6, 7];
}
impl Heavy for tipwatch_proto::pb::FundingFlow {
    const HEAVY: &'static [u32] = &[9, 10, 11];
}
impl Heavy for tipwatch_proto::pb::Event {
    const HEAVY: &'static [u32] = &[10, 11, 12];
}
impl Heavy for tipwatch_proto::pb::Document {
    const HEAVY: &'static [u32] = &[8];
}

/// One record's protobuf encoding without its heavy fields, read from the
/// store in one pass (the heavy fields are skipped, never copied).
#[derive(Clone, Debug)]
pub(crate) struct Basic(Vec<u8>);

/// Decodes an `M`'s encoding into its bytes without the fields of
/// [`Heavy::HEAVY`].
struct Trimmed<M> {
    bytes: Vec<u8>,
    message: PhantomData<fn() -> M>,
}

impl<M> Default for Trimmed<M> {
    fn default() -> Self {
        Self {
            bytes: Vec::new(),
            message: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for Trimmed<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Trimmed({} bytes)", self.bytes.len())
    }
}

impl<M: Heavy> Message for Trimmed<M> {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        buf.put_slice(&self.bytes);
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        if M::HEAVY.contains(&tag) {
            skip_field(wire_type, tag, buf, ctx)
        } else {
            copy_field(tag, wire_type, buf, ctx, &mut self.bytes)
        }
    }

    fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    fn clear(&mut self) {
        self.bytes.clear();
    }
}

/// Bytes of one record to splice into a page.
pub(crate) trait Spliced {
    /// The record's (possibly trimmed) encoding.
    fn bytes(&self) -> &[u8];
}

impl Spliced for Stored {
    fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl Spliced for Basic {
    fn bytes(&self) -> &[u8] {
        &self.0
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
        impl Output<tipwatch_proto::pb::$m> for Basic {
            fn make(
                value: &[u8],
                _: Option<tipwatch_proto::pb::$m>,
                t: T,
                id: &str,
            ) -> Result<Self> {
                let e: Trimmed<tipwatch_proto::pb::$m> =
                    crate::codec::decode(TREE_NAMES[t as usize], id.as_bytes(), value)?;
                Ok(Basic(e.bytes))
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

/// Encodes a page of records' encodings as the `List*` response `R`.
pub(crate) fn encode_page<R: ListResponse, S: Spliced>(page: &Page<S>) -> Encoded<R> {
    let size: usize = page.items.iter().map(|s| s.bytes().len() + 4).sum();
    let mut b = PageBuilder::<R>::with_capacity(size + page.next_page_token.len() + 4);
    for s in &page.items {
        b.push(s.bytes());
    }
    b.finish(&page.next_page_token)
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
        let text = tipwatch_proto::json::pool()
            .get_message_by_name("tipwatch.v1.Document")
            .unwrap()
            .get_field_by_name("text")
            .unwrap()
            .number();
        assert_eq!(pb::Document::HEAVY, &[text]);
    }
}
