//! The calls the load generator can make: `grpc.health.v1.Health/Check`
//! and every unary method of `tipwatch.v1.QueryService`, each with a
//! request written as proto3 JSON (as `grpcurl -d` takes it).

use prost::Message;
use prost_reflect::DynamicMessage;
use tipwatch_proto::pb::{self, query_service_client::QueryServiceClient};
use tonic::{metadata::MetadataValue, transport::Channel, Request};
use tonic_health::pb::{health_client::HealthClient, HealthCheckRequest};

use crate::error::ToolError;

/// Largest response accepted, in bytes (the servers' own limit).
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// The clients of one connection.
#[derive(Clone)]
pub struct Clients {
    query: QueryServiceClient<Channel>,
    health: HealthClient<Channel>,
    authorization: Option<MetadataValue<tonic::metadata::Ascii>>,
}

impl Clients {
    /// Clients over `channel`, sending `token` as a bearer token when given.
    pub fn new(channel: Channel, token: Option<&str>) -> Result<Self, ToolError> {
        let authorization = token
            .map(|t| {
                MetadataValue::try_from(format!("Bearer {t}"))
                    .map_err(|_| ToolError::Flag("--token", "is not valid in a header".into()))
            })
            .transpose()?;
        Ok(Self {
            query: QueryServiceClient::new(channel.clone())
                .max_decoding_message_size(MAX_MESSAGE_BYTES),
            health: HealthClient::new(channel),
            authorization,
        })
    }

    fn request<T>(&self, msg: T) -> Request<T> {
        let mut req = Request::new(msg);
        if let Some(v) = &self.authorization {
            req.metadata_mut().insert("authorization", v.clone());
        }
        req
    }
}

macro_rules! query_calls {
    ($($method:ident => $req:ident, $fn:ident;)*) => {
        /// One call with its request.
        #[derive(Clone, Debug)]
        pub enum Call {
            /// `grpc.health.v1.Health/Check` (whole server).
            Health,
            $(
                #[doc = concat!("`tipwatch.v1.QueryService/", stringify!($method), "`.")]
                $method(pb::$req),
            )*
        }

        impl Call {
            /// Parses `Method` or `Method=JSON` (`GetOrganisation={"name":"IOM"}`).
            pub fn parse(spec: &str) -> Result<Self, ToolError> {
                let (method, json) = spec.split_once('=').unwrap_or((spec, "{}"));
                match method.trim() {
                    "Health" | "Check" | "Health/Check" => Ok(Self::Health),
                    $(stringify!($method) => Ok(Self::$method(from_json(
                        concat!("tipwatch.v1.", stringify!($req)),
                        json,
                    )?)),)*
                    other => Err(ToolError::Flag(
                        "call",
                        format!(
                            "unknown method {other:?}; one of Health, {}",
                            [$(stringify!($method)),*].join(", ")
                        ),
                    )),
                }
            }

            /// The method name.
            pub fn method(&self) -> &'static str {
                match self {
                    Self::Health => "Health/Check",
                    $(Self::$method(_) => stringify!($method),)*
                }
            }

            /// Makes the call; returns the response's encoded size in bytes.
            pub async fn run(&self, c: &mut Clients) -> Result<usize, tonic::Status> {
                match self {
                    Self::Health => {
                        let req = c.request(HealthCheckRequest { service: String::new() });
                        Ok(c.health.check(req).await?.get_ref().encoded_len())
                    }
                    $(Self::$method(r) => {
                        let req = c.request(r.clone());
                        Ok(c.query.$fn(req).await?.get_ref().encoded_len())
                    })*
                }
            }
        }
    };
}

query_calls! {
    GetOrganisation => GetOrganisationRequest, get_organisation;
    ListOrganisations => ListOrganisationsRequest, list_organisations;
    ListFundingFlows => ListFundingFlowsRequest, list_funding_flows;
    ListEvents => ListEventsRequest, list_events;
    ListPeople => ListPeopleRequest, list_people;
    GetDocument => GetDocumentRequest, get_document;
    ListDocuments => ListDocumentsRequest, list_documents;
    SummariseFunding => SummariseFundingRequest, summarise_funding;
    GetOrganisationNetwork => GetOrganisationNetworkRequest, get_organisation_network;
}

/// Reads proto3 JSON into the message `full_name`.
fn from_json<M: Message + Default>(full_name: &str, json: &str) -> Result<M, ToolError> {
    let bad = |reason: String| ToolError::Flag("call", format!("{full_name}: {reason}"));
    let desc = tipwatch_proto::json::pool()
        .get_message_by_name(full_name)
        .ok_or_else(|| bad("not in the API".into()))?;
    let mut de = serde_json::Deserializer::from_str(json);
    let dynamic = DynamicMessage::deserialize(desc, &mut de).map_err(|e| bad(e.to_string()))?;
    de.end().map_err(|e| bad(e.to_string()))?;
    M::decode(dynamic.encode_to_vec().as_slice()).map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_json_requests() {
        match Call::parse(r#"ListFundingFlows={"pageSize":50,"funder":"IOM"}"#).unwrap() {
            Call::ListFundingFlows(r) => {
                assert_eq!(r.page_size, 50);
                assert_eq!(r.funder, "IOM");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(Call::parse("Health").unwrap(), Call::Health));
        assert_eq!(Call::parse("ListEvents").unwrap().method(), "ListEvents");
    }

    #[test]
    fn refuses_unknown_methods_and_fields() {
        let e = Call::parse("DropEverything").unwrap_err().to_string();
        assert!(e.contains("GetOrganisation"), "{e}");
        let e = Call::parse(r#"ListEvents={"pageSise":5}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("pageSise"), "{e}");
    }
}
