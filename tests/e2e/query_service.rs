//! The pair end to end: documents pushed with `tipwatch-ingest push`,
//! answers read through the generated QueryService client.

use tipwatch_e2e::{organisation, push, query_client, repo_root, start_query, write_doc};
use tipwatch_proto::pb;
use tonic::Code;

fn samples() -> std::path::PathBuf {
    repo_root().join("samples")
}

#[tokio::test(flavor = "multi_thread")]
async fn pushed_samples_answer_typed_queries_with_paging() {
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let out = push(&server.url(), &[&samples()]);
    assert!(
        out.status.success(),
        "push failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("4 new, 0 unchanged, 0 failed"),
        "{summary}"
    );

    let mut q = query_client(&server.addr).await;
    // One organisation under every spelling and its acronym.
    let iom = organisation(&mut q, "iom").await;
    assert_eq!(iom.name, "International Organization for Migration");
    // A spelling that folds to a known form is not stored as an alias.
    assert!(
        !iom.aliases
            .iter()
            .any(|a| a == "International Organisation for Migration"),
        "{:?}",
        iom.aliases
    );
    assert!(iom.documents.len() >= 3, "{:?}", iom.documents);
    // Every document that names it, page by page, from the mention index.
    let mut docs = Vec::new();
    let mut token = String::new();
    loop {
        let page = q
            .list_mentions(pb::ListMentionsRequest {
                name: "IOM".into(),
                page_size: 2,
                page_token: token,
            })
            .await
            .unwrap()
            .into_inner();
        assert!(page.mentions.len() <= 2);
        for m in page.mentions {
            assert_eq!(m.record, iom.id);
            assert!(!m.evidence.is_empty());
            assert!(!docs.contains(&m.document));
            docs.push(m.document);
        }
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    docs.sort();
    let mut on_record = iom.documents.clone();
    on_record.sort();
    assert_eq!(docs, on_record);
    let same = organisation(&mut q, "International Organisation for Migration").await;
    assert_eq!(same.id, iom.id);

    // Funding by a funder named by its short form, every field asked for.
    let flows = q
        .list_funding_flows(pb::ListFundingFlowsRequest {
            funder: "Japan".into(),
            view: pb::RecordView::Full as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(flows.funding_flows.len(), 1, "{flows:?}");
    // By default a list leaves out documents, evidence and merges (the
    // BASIC view); the rest of the record is the same.
    let basic = q
        .list_funding_flows(pb::ListFundingFlowsRequest {
            funder: "Japan".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let full = &flows.funding_flows[0];
    assert_eq!(
        basic.funding_flows,
        vec![pb::FundingFlow {
            documents: Vec::new(),
            evidence: Vec::new(),
            merges: Vec::new(),
            ..full.clone()
        }]
    );
    let bad_view = q
        .list_funding_flows(pb::ListFundingFlowsRequest {
            view: 9,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(bad_view.code(), Code::InvalidArgument);
    assert!(bad_view.message().contains("view"), "{bad_view:?}");
    let f = &flows.funding_flows[0];
    assert_eq!(f.recipient, iom.id);
    let amount = f.amount.as_ref().unwrap();
    assert_eq!(
        (amount.currency_code.as_str(), amount.units),
        ("PHP", 12_000_000)
    );
    assert!(!f.evidence.is_empty() && f.evidence[0].document.starts_with("documents/"));

    // Events by kind and by date range, paged one at a time.
    let mut kinds = Vec::new();
    let mut token = String::new();
    loop {
        let page = q
            .list_events(pb::ListEventsRequest {
                page_size: 1,
                page_token: token.clone(),
                start_date: Some(pb::Date {
                    year: 2023,
                    month: 1,
                    day: 1,
                }),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert!(page.events.len() <= 1);
        kinds.extend(page.events.iter().map(|e| e.kind));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert!(
        kinds.contains(&(pb::EventKind::Agreement as i32)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(pb::EventKind::Handover as i32)),
        "{kinds:?}"
    );
    let handovers = q
        .list_events(pb::ListEventsRequest {
            kind: pb::EventKind::Handover as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(handovers.events.len(), 1);
    assert_eq!(
        handovers.events[0].date,
        Some(pb::Date {
            year: 2024,
            month: 6,
            day: 20
        })
    );

    // Documents list without text; one document with it.
    let docs = q
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(docs.documents.len(), 4);
    assert!(docs.documents.iter().all(|d| d.text.is_empty()));
    let doc = q
        .get_document(pb::GetDocumentRequest {
            name: docs.documents[0].id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!doc.text.is_empty());
    assert!(doc.source.contains("samples"));

    // Bad input: a clear INVALID_ARGUMENT naming the field.
    let err = q
        .list_events(pb::ListEventsRequest {
            page_token: "not-a-token".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().contains("page_token"), "{}", err.message());
    let err = q
        .list_funding_flows(pb::ListFundingFlowsRequest {
            end_date: Some(pb::Date {
                year: 2024,
                month: 13,
                day: 1,
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().contains("end_date"));
    let err = q
        .get_organisation(pb::GetOrganisationRequest {
            name: "Nobody At All".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn reingest_adds_nothing_and_restart_keeps_everything() {
    let data = tempfile::tempdir().unwrap();
    let docs = tempfile::tempdir().unwrap();
    let path = write_doc(
        docs.path(),
        "grant.txt",
        "Lusaka, 3 May 2022 - The Government of Ireland has signed a EUR 750,000 agreement with the International \
         Organization for Migration (IOM) to support survivors of trafficking in Zambia.\n",
    );
    let server = start_query(data.path());
    assert!(push(&server.url(), &[&path]).status.success());
    let mut q = query_client(&server.addr).await;
    let count = |q: &mut tipwatch_proto::pb::query_service_client::QueryServiceClient<
        tonic::transport::Channel,
    >| {
        let mut q = q.clone();
        async move {
            let o = q
                .list_organisations(pb::ListOrganisationsRequest::default())
                .await
                .unwrap()
                .into_inner();
            let f = q
                .list_funding_flows(pb::ListFundingFlowsRequest::default())
                .await
                .unwrap()
                .into_inner();
            let e = q
                .list_events(pb::ListEventsRequest::default())
                .await
                .unwrap()
                .into_inner();
            (o.organisations.len(), f.funding_flows.len(), e.events.len())
        }
    };
    let before = count(&mut q).await;
    assert_eq!(before.1, 1, "one flow: {before:?}");
    let again = push(&server.url(), &[&path]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 new, 1 unchanged"));
    assert_eq!(count(&mut q).await, before);
    server.stop();

    let server = start_query(data.path());
    let mut q = query_client(&server.addr).await;
    assert_eq!(count(&mut q).await, before);
    let flows = q
        .list_funding_flows(pb::ListFundingFlowsRequest {
            funder: "Ireland".into(),
            recipient: "IOM".into(),
            currency_code: "EUR".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        flows.funding_flows[0].amount.as_ref().unwrap().units,
        750_000
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_files_are_reported_and_the_batch_goes_on() {
    let data = tempfile::tempdir().unwrap();
    let docs = tempfile::tempdir().unwrap();
    let good = write_doc(
        docs.path(),
        "good.txt",
        "Dakar - The Ministry of Justice held a workshop on trafficking with UNODC on Monday.\n",
    );
    std::fs::write(
        docs.path().join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2],
    )
    .unwrap();
    let missing = docs.path().join("missing.txt");
    let server = start_query(data.path());
    let out = push(&server.url(), &[docs.path(), &missing]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("binary.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(stderr.contains("missing.txt"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 new, 0 unchanged, 2 failed"));
    let mut q = query_client(&server.addr).await;
    let docs_now = q
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(docs_now.documents.len(), 1);
    assert!(docs_now.documents[0].source.ends_with("good.txt"));
    let _ = good;
}
