//! The service-to-service hop: other systems submit documents to the
//! worker's IngestService, which stores them through the query service.

use tipwatch_e2e::{ingest_client, query_client, start_ingest, start_query};
use tipwatch_proto::pb;
use tonic::Code;

fn doc(source: &str, text: &str) -> pb::SubmitDocumentRequest {
    pb::SubmitDocumentRequest {
        source: source.into(),
        content: text.as_bytes().to_vec(),
        media_type: String::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn submitted_documents_reach_the_store() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query(data.path());
    let ingest = start_ingest(&query.url());
    let mut client = ingest_client(&ingest.addr).await;

    let one = client
        .submit_document(doc(
            "https://example.org/a",
            "Bangkok, 5 May 2023 - The Government of Australia and the International Organization for Migration (IOM) \
             signed a AUD 3 million agreement to protect migrant workers.\n",
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(one.created);
    assert!(one.document.starts_with("documents/"));
    assert!(one.counts.unwrap().funding_flows >= 1);

    // A stream: a bad document is answered with its error, the rest stored.
    let requests = vec![
        doc("b", "Hanoi - The Ministry of Labour opened a new shelter with support from UNICEF on Friday.\n"),
        pb::SubmitDocumentRequest { source: "c".into(), content: vec![0, 1, 2, 0, 3], media_type: String::new() },
        doc("d", "<html><body><p>Manila - IOM held a training for 20 social workers with funding from the European Union.</p></body></html>"),
    ];
    let mut replies = client
        .submit_documents(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let mut out = Vec::new();
    while let Some(r) = replies.message().await.unwrap() {
        out.push(r);
    }
    assert_eq!(out.len(), 3);
    assert!(out[0].error.is_empty() && out[0].created);
    assert!(out[1].error.contains("binary"), "{:?}", out[1]);
    assert!(out[2].error.is_empty() && out[2].created);

    // Parse-only, and refusals with the field named.
    let x = client
        .extract_document(doc(
            "e",
            "Quito - UNHCR met the Ministry of Interior on Monday.\n",
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(x.organisations.iter().any(|o| o.acronym == "UNHCR"));
    let err = client.submit_document(doc("", "text")).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().contains("source"));
    let err = client
        .submit_document(pb::SubmitDocumentRequest {
            source: "x".into(),
            content: b"hi".to_vec(),
            media_type: "image/png".into(),
        })
        .await
        .unwrap_err();
    assert!(err.message().contains("media_type"));

    let mut q = query_client(&query.addr).await;
    let docs = q
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(docs.documents.len(), 3);
    let flows = q
        .list_funding_flows(pb::ListFundingFlowsRequest {
            funder: "Australia".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(flows.funding_flows.len(), 1);
    ingest.stop();
    query.stop();
}
