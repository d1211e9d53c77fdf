//! The calls the load generator can make: `grpc.health.v1.Health/Check`
//! and every unary method of `tipwatch.v1.QueryService`, each with a
//! request written as proto3 JSON (as `grpcurl -d` takes it).

use prost::{bytes::Bytes, Message};
use prost_reflect::DynamicMessage;
use tipwatch_proto::pb;
use tonic::{
    client::Grpc, codegen::http::uri::PathAndQuery, metadata::MetadataValue, transport::Channel,
    Request, Status,
};
use tonic_health::pb::{HealthCheckRequest, HealthCheckResponse};

use crate::{codec::RawCodec, error::ToolError};

/// Largest response accepted, in bytes (the servers' own limit).
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// The client of one connection.
#[derive(Clone)]
pub struct Clients {
    grpc: Grpc<Channel>,
    authorization: Option<MetadataValue<tonic::metadata::Ascii>>,
}

impl Clients {
    /// A client over `channel`, sending `token` as a bearer token when given.
    pub fn new(channel: Channel, token: Option<&str>) -> Result<Self, ToolError> {
        let authorization = token
            .map(|t| {
                MetadataValue::try_from(format!("Bearer {t}"))
                    .map_err(|_| ToolError::Flag("--token", "is not valid in a header".into()))
            })
            .transpose()?;
        Ok(Self {
            grpc: Grpc::new(channel).max_decoding_message_size(MAX_MESSAGE_BYTES),
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

/// One call with its request, encoded once: every run sends the same
/// bytes and takes the response's bytes back undecoded (see
/// [`crate::codec`]); [`Call::check`] decodes one response to prove that
/// it is the method's response message.
#[derive(Clone, Debug)]
pub struct Call {
    method: &'static str,
    path: PathAndQuery,
    request: Bytes,
    check: fn(&[u8]) -> Result<(), prost::DecodeError>,
}

/// Decodes `bytes` as an `M`.
fn decodes<M: Message + Default>(bytes: &[u8]) -> Result<(), prost::DecodeError> {
    M::decode(bytes).map(drop)
}

macro_rules! query_calls {
    ($($method:ident => $req:ident, $resp:ty;)*) => {
        /// Method names the load generator knows, besides Health.
        const METHODS: &[&str] = &[$(stringify!($method)),*];

        impl Call {
            /// Parses `Method` or `Method=JSON` (`GetOrganisation={"name":"IOM"}`).
            pub fn parse(spec: &str) -> Result<Self, ToolError> {
                let (method, json) = spec.split_once('=').unwrap_or((spec, "{}"));
                match method.trim() {
                    "Health" | "Check" | "Health/Check" => Ok(Self {
                        method: "Health/Check",
                        path: PathAndQuery::from_static("/grpc.health.v1.Health/Check"),
                        request: HealthCheckRequest { service: String::new() }
                            .encode_to_vec()
                            .into(),
                        check: decodes::<HealthCheckResponse>,
                    }),
                    $(stringify!($method) => Ok(Self {
                        method: stringify!($method),
                        path: PathAndQuery::from_static(concat!(
                            "/tipwatch.v1.QueryService/",
                            stringify!($method)
                        )),
                        request: from_json::<pb::$req>(
                            concat!("tipwatch.v1.", stringify!($req)),
                            json,
                        )?
                        .encode_to_vec()
                        .into(),
                        check: decodes::<$resp>,
                    }),)*
                    other => Err(ToolError::Flag(
                        "call",
                        format!(
                            "unknown method {other:?}; one of Health, {}",
                            METHODS.join(", ")
                        ),
                    )),
                }
            }
        }
    };
}

query_calls! {
    GetOrganisation => GetOrganisationRequest, pb::Organisation;
    ListOrganisations => ListOrganisationsRequest, pb::ListOrganisationsResponse;
    ListFundingFlows => ListFundingFlowsRequest, pb::ListFundingFlowsResponse;
    ListEvents => ListEventsRequest, pb::ListEventsResponse;
    ListPeople => ListPeopleRequest, pb::ListPeopleResponse;
    GetDocument => GetDocumentRequest, pb::Document;
    ListDocuments => ListDocumentsRequest, pb::ListDocumentsResponse;
    ListMentions => ListMentionsRequest, pb::ListMentionsResponse;
    SummariseFunding => SummariseFundingRequest, pb::SummariseFundingResponse;
    GetOrganisationNetwork => GetOrganisationNetworkRequest, pb::OrganisationNetwork;
}

impl Call {
    /// `grpc.health.v1.Health/Check` for the whole server.
    pub fn health() -> Self {
        Self::parse("Health").expect("Health takes no request")
    }

    /// The method name.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// Makes the call; returns the response's bytes (the gRPC message,
    /// undecoded). A status other than OK is an error.
    pub async fn run(&self, c: &mut Clients) -> Result<Bytes, Status> {
        c.grpc
            .ready()
            .await
            .map_err(|e| Status::unavailable(format!("connection not ready: {e}")))?;
        let req = c.request(self.request.clone());
        Ok(c.grpc
            .unary(req, self.path.clone(), RawCodec)
            .await?
            .into_inner())
    }

    /// Checks that `response` decodes as this method's response message.
    pub fn check(&self, response: &[u8]) -> Result<(), String> {
        (self.check)(response).map_err(|e| {
            format!(
                "{}: the response is not the method's message: {e}",
                self.method
            )
        })
    }
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
        let c = Call::parse(r#"ListFundingFlows={"pageSize":50,"funder":"IOM"}"#).unwrap();
        assert_eq!(c.method(), "ListFundingFlows");
        assert_eq!(
            c.path.as_str(),
            "/tipwatch.v1.QueryService/ListFundingFlows"
        );
        let r = pb::ListFundingFlowsRequest::decode(c.request.clone()).unwrap();
        assert_eq!(r.page_size, 50);
        assert_eq!(r.funder, "IOM");
        let h = Call::parse("Health").unwrap();
        assert_eq!(h.path.as_str(), "/grpc.health.v1.Health/Check");
        assert_eq!(Call::parse("ListEvents").unwrap().method(), "ListEvents");
    }

    #[test]
    fn checks_responses_against_the_method() {
        let c = Call::parse("ListFundingFlows").unwrap();
        let page = pb::ListFundingFlowsResponse {
            funding_flows: vec![pb::FundingFlow {
                id: "funding-flows/x".into(),
                ..Default::default()
            }],
            next_page_token: "01ab".into(),
        };
        assert!(c.check(&page.encode_to_vec()).is_ok());
        // A field 1 that claims more bytes than follow is no message.
        assert!(c.check(&[0x0a, 0x40, 1, 2]).is_err());
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
