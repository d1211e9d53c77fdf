//! Messages sent as protobuf bytes encoded beforehand.
//!
//! The store keeps every record as its protobuf encoding, so a server can
//! answer a `Get` with the stored bytes and build a `List` page by
//! splicing stored records into the response, field by field as protobuf
//! lays a repeated message out, instead of decoding each record into
//! structs and encoding them again. [`Encoded`] carries such bytes
//! through tonic: its [`prost::Message`] implementation writes them as
//! they are. [`query_service_server`] is `tipwatch.v1.QueryService`'s
//! server trait with these types as the answers of its `Get*` and
//! `List*` methods; on the wire nothing differs from the generated
//! messages (clients decode them as usual).

use std::{fmt, marker::PhantomData};

use prost::{
    bytes::{Buf, BufMut},
    encoding::{self, DecodeContext, WireType},
    DecodeError, Message,
};

use crate::pb;

/// The protobuf encoding of one `M`, as bytes.
///
/// Whoever builds one vouches that the bytes are an `M`; the type
/// parameter only says which message they stand for.
pub struct Encoded<M> {
    bytes: Vec<u8>,
    message: PhantomData<fn() -> M>,
}

impl<M> Encoded<M> {
    /// Wraps the encoding of an `M`.
    pub fn from_encoded(bytes: Vec<u8>) -> Self {
        Self {
            bytes,
            message: PhantomData,
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl<M: Message> Encoded<M> {
    /// Encodes `message`.
    pub fn encode(message: &M) -> Self {
        Self::from_encoded(message.encode_to_vec())
    }
}

impl<M: Message + Default> Encoded<M> {
    /// Decodes the bytes as an `M`.
    pub fn to_message(&self) -> Result<M, DecodeError> {
        M::decode(self.bytes.as_slice())
    }
}

impl<M> Default for Encoded<M> {
    fn default() -> Self {
        Self::from_encoded(Vec::new())
    }
}

impl<M> Clone for Encoded<M> {
    fn clone(&self) -> Self {
        Self::from_encoded(self.bytes.clone())
    }
}

impl<M> fmt::Debug for Encoded<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Encoded<{}>({} bytes)",
            std::any::type_name::<M>(),
            self.bytes.len()
        )
    }
}

impl<M> Message for Encoded<M> {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        buf.put_slice(&self.bytes);
    }

    /// Keeps each field as it was encoded (groups, absent from proto3,
    /// are dropped).
    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        copy_field(tag, wire_type, buf, ctx, &mut self.bytes)
    }

    fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    fn clear(&mut self) {
        self.bytes.clear();
    }
}

/// Appends one field being decoded from `buf` to `out` as it was
/// encoded: for a [`prost::Message::merge_field`] that keeps a message's
/// bytes instead of decoding it (groups, absent from proto3, are
/// dropped).
pub fn copy_field(
    tag: u32,
    wire_type: WireType,
    buf: &mut impl Buf,
    ctx: DecodeContext,
    out: &mut Vec<u8>,
) -> Result<(), DecodeError> {
    match wire_type {
        WireType::Varint => {
            let mut v = 0u64;
            encoding::uint64::merge(wire_type, &mut v, buf, ctx)?;
            encoding::uint64::encode(tag, &v, out);
        }
        WireType::SixtyFourBit => {
            let mut v = 0u64;
            encoding::fixed64::merge(wire_type, &mut v, buf, ctx)?;
            encoding::fixed64::encode(tag, &v, out);
        }
        WireType::ThirtyTwoBit => {
            let mut v = 0u32;
            encoding::fixed32::merge(wire_type, &mut v, buf, ctx)?;
            encoding::fixed32::encode(tag, &v, out);
        }
        WireType::LengthDelimited => {
            let len = encoding::decode_varint(buf)?;
            if len > buf.remaining() as u64 {
                // Let prost's own check name the error: the length alone,
                // with none of the bytes it announces.
                let mut probe = Vec::new();
                encoding::encode_varint(len, &mut probe);
                return encoding::skip_field(wire_type, tag, &mut probe.as_slice(), ctx);
            }
            encoding::encode_key(tag, wire_type, out);
            encoding::encode_varint(len, out);
            let len = len as usize;
            out.reserve(len);
            let mut left = len;
            while left > 0 {
                let chunk = buf.chunk();
                let n = chunk.len().min(left);
                out.extend_from_slice(&chunk[..n]);
                buf.advance(n);
                left -= n;
            }
        }
        WireType::StartGroup | WireType::EndGroup => {
            encoding::skip_field(wire_type, tag, buf, ctx)?;
        }
    }
    Ok(())
}

/// A `List*` response: a repeated message field of results (field 1) and
/// the next page's token (field 2).
pub trait ListResponse {
    /// The message of one result.
    type Item;
}

macro_rules! list_responses {
    ($($resp:ident => $item:ident),* $(,)?) => {
        $(
            impl ListResponse for pb::$resp {
                type Item = pb::$item;
            }
            #[doc = concat!("`tipwatch.v1.", stringify!($resp), "`, encoded.")]
            pub type $resp = Encoded<pb::$resp>;
        )*
    };
}

list_responses! {
    ListOrganisationsResponse => Organisation,
    ListFundingFlowsResponse => FundingFlow,
    ListEventsResponse => Event,
    ListPeopleResponse => Person,
    ListDocumentsResponse => Document,
    ListMentionsResponse => Mention,
}

/// `tipwatch.v1.Organisation`, encoded.
pub type Organisation = Encoded<pb::Organisation>;
/// `tipwatch.v1.Document`, encoded.
pub type Document = Encoded<pb::Document>;

/// Field number of the results in every `List*` response.
const ITEMS: u32 = 1;
/// Field number of `next_page_token` in every `List*` response.
const TOKEN: u32 = 2;

/// Builds a `List*` response from encoded results.
pub struct PageBuilder<R> {
    bytes: Vec<u8>,
    response: PhantomData<fn() -> R>,
}

impl<R: ListResponse> PageBuilder<R> {
    /// An empty page with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(capacity),
            response: PhantomData,
        }
    }

    /// Appends one result: the encoding of an `R::Item`.
    pub fn push(&mut self, item: &[u8]) {
        encoding::encode_key(ITEMS, WireType::LengthDelimited, &mut self.bytes);
        encoding::encode_varint(item.len() as u64, &mut self.bytes);
        self.bytes.extend_from_slice(item);
    }

    /// Number of bytes so far.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether nothing was appended.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The response, with `next_page_token` (empty on the last page).
    pub fn finish(mut self, next_page_token: &str) -> Encoded<R> {
        if !next_page_token.is_empty() {
            encoding::string::encode(TOKEN, &next_page_token.to_owned(), &mut self.bytes);
        }
        Encoded::from_encoded(self.bytes)
    }
}

/// `tipwatch.v1.QueryService`'s server, answering `GetOrganisation`,
/// `GetDocument` and every `List*` method with [`Encoded`] messages.
#[allow(missing_docs, unreachable_pub, clippy::all, clippy::pedantic)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/raw/tipwatch.v1.rs"));
}
pub use generated::query_service_server;

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(id: &str, evidence: usize) -> pb::FundingFlow {
        pb::FundingFlow {
            id: id.into(),
            funder: "organisations/a".into(),
            recipient: "organisations/b".into(),
            amount: Some(pb::Money {
                currency_code: "USD".into(),
                units: 5,
                nanos: 0,
            }),
            evidence: (0..evidence)
                .map(|i| pb::Evidence {
                    document: format!("documents/{i}"),
                    sentence: "A gave B five dollars.".into(),
                    ..Default::default()
                })
                .collect(),
            documents: vec!["documents/0".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_spliced_page_is_the_typed_page() {
        let flows = vec![flow("funding-flows/1", 2), flow("funding-flows/2", 0)];
        let mut b = PageBuilder::<pb::ListFundingFlowsResponse>::with_capacity(64);
        for f in &flows {
            b.push(&f.encode_to_vec());
        }
        let page = b.finish("0701");
        let typed = pb::ListFundingFlowsResponse {
            funding_flows: flows,
            next_page_token: "0701".into(),
        };
        assert_eq!(page.as_bytes(), typed.encode_to_vec().as_slice());
        assert_eq!(page.to_message().unwrap(), typed);
        assert_eq!(page.encoded_len(), page.as_bytes().len());
    }

    #[test]
    fn a_truncated_field_is_a_decode_error() {
        // Field 1, length 64, two bytes follow.
        assert!(<Encoded<pb::FundingFlow> as Message>::decode(&[0x0a, 0x40, 1, 2][..]).is_err());
    }

    #[test]
    fn decoding_into_encoded_keeps_every_field() {
        let f = flow("funding-flows/1", 2);
        let bytes = f.encode_to_vec();
        let e = Encoded::<pb::FundingFlow>::decode_from(&bytes);
        assert_eq!(e.to_message().unwrap(), f);
    }

    impl<M> Encoded<M> {
        fn decode_from(bytes: &[u8]) -> Self {
            <Self as Message>::decode(bytes).unwrap()
        }
    }
}
