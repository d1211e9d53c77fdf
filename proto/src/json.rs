//! Proto3 JSON (lowerCamelCase field names, enum names, RFC 3339
//! timestamps) for the messages of the API, read from the descriptor set.

use std::sync::OnceLock;

use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, SerializeOptions};

/// Returns the descriptor pool of the API, decoded once.
pub fn pool() -> &'static DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        DescriptorPool::decode(crate::FILE_DESCRIPTOR_SET)
            .expect("the build script writes a valid descriptor set")
    })
}

/// Encodes `msg`, whose full protobuf name is `full_name`
/// (e.g. `tipwatch.v1.Extraction`), as one line of proto3 JSON.
///
/// Fields at their default value are left out, as proto3 JSON does.
pub fn to_json<M: Message>(full_name: &str, msg: &M) -> Result<String, JsonError> {
    let desc = pool()
        .get_message_by_name(full_name)
        .ok_or_else(|| JsonError::UnknownMessage(full_name.to_owned()))?;
    let dynamic = DynamicMessage::decode(desc, msg.encode_to_vec().as_slice())
        .map_err(|e| JsonError::Encode(e.to_string()))?;
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::new(&mut out);
    dynamic
        .serialize_with_options(&mut ser, &SerializeOptions::new())
        .map_err(|e| JsonError::Encode(e.to_string()))?;
    String::from_utf8(out).map_err(|e| JsonError::Encode(e.to_string()))
}

/// Why a message could not be encoded as JSON.
#[derive(Debug)]
pub enum JsonError {
    /// The name is not a message of the API.
    UnknownMessage(String),
    /// The message did not encode.
    Encode(String),
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownMessage(n) => write!(f, "no message named {n} in the API"),
            Self::Encode(e) => write!(f, "cannot encode message as JSON: {e}"),
        }
    }
}

impl std::error::Error for JsonError {}

#[cfg(test)]
mod tests {
    use crate::pb;

    #[test]
    fn extraction_json_is_lower_camel_case_with_enum_names() {
        let x = pb::Extraction {
            source: "a.txt".into(),
            published: Some(pb::Date {
                year: 2021,
                month: 8,
                day: 31,
            }),
            funding_flows: vec![pb::FundingFlow {
                funder: "organisations/a".into(),
                amount: Some(pb::Money {
                    currency_code: "USD".into(),
                    units: 1_600_000,
                    nanos: 0,
                }),
                ..Default::default()
            }],
            events: vec![pb::Event {
                kind: pb::EventKind::Agreement as i32,
                ..Default::default()
            }],
            ..Default::default()
        };
        let j = super::to_json("tipwatch.v1.Extraction", &x).unwrap();
        assert!(j.contains("\"fundingFlows\""), "{j}");
        assert!(j.contains("\"currencyCode\":\"USD\""), "{j}");
        assert!(j.contains("\"EVENT_KIND_AGREEMENT\""), "{j}");
        assert!(!j.contains('\n'));
    }
}
