//! WatchRecords: a consumer started before a push receives every record of
//! it exactly once, and one that reconnects with the last sequence it saw
//! resumes without gaps or repeats.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use tipwatch_e2e::{push, query_client, repo_root, start_query, write_doc};
use tipwatch_proto::pb::{self, record_change::Record};

fn id_of(change: &pb::RecordChange) -> String {
    match change.record.as_ref().expect("a change carries its record") {
        Record::Document(d) => d.id.clone(),
        Record::Organisation(o) => o.id.clone(),
        Record::Person(p) => p.id.clone(),
        Record::FundingFlow(f) => f.id.clone(),
        Record::Event(e) => e.id.clone(),
    }
}

async fn stored_ids(
    q: &mut pb::query_service_client::QueryServiceClient<tonic::transport::Channel>,
) -> BTreeSet<String> {
    let page = |n| pb::ListDocumentsRequest {
        page_size: n,
        ..Default::default()
    };
    let mut ids = BTreeSet::new();
    ids.extend(
        q.list_documents(page(1000))
            .await
            .unwrap()
            .into_inner()
            .documents
            .into_iter()
            .map(|d| d.id),
    );
    let orgs = pb::ListOrganisationsRequest {
        page_size: 1000,
        ..Default::default()
    };
    ids.extend(
        q.list_organisations(orgs)
            .await
            .unwrap()
            .into_inner()
            .organisations
            .into_iter()
            .map(|o| o.id),
    );
    let people = pb::ListPeopleRequest {
        page_size: 1000,
        ..Default::default()
    };
    ids.extend(
        q.list_people(people)
            .await
            .unwrap()
            .into_inner()
            .people
            .into_iter()
            .map(|p| p.id),
    );
    let flows = pb::ListFundingFlowsRequest {
        page_size: 1000,
        ..Default::default()
    };
    ids.extend(
        q.list_funding_flows(flows)
            .await
            .unwrap()
            .into_inner()
            .funding_flows
            .into_iter()
            .map(|f| f.id),
    );
    let events = pb::ListEventsRequest {
        page_size: 1000,
        ..Default::default()
    };
    ids.extend(
        q.list_events(events)
            .await
            .unwrap()
            .into_inner()
            .events
            .into_iter()
            .map(|e| e.id),
    );
    ids
}

/// Reads changes until every id in `want` has been seen (bounded wait).
async fn read_until(
    stream: &mut tonic::Streaming<pb::RecordChange>,
    want: &BTreeSet<String>,
    seen: &mut Vec<pb::RecordChange>,
) {
    let mut ids: HashSet<String> = seen.iter().map(id_of).collect();
    while !want.iter().all(|id| ids.contains(id)) {
        let next = tokio::time::timeout(Duration::from_secs(20), stream.message()).await;
        let change = next
            .expect("changes arrive")
            .expect("stream healthy")
            .expect("stream open");
        ids.insert(id_of(&change));
        seen.push(change);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consumer_sees_every_change_once_and_resumes_after_reconnect() {
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let mut q = query_client(&server.addr).await;

    let mut stream = q
        .watch_records(pb::WatchRecordsRequest { after_sequence: 0 })
        .await
        .unwrap()
        .into_inner();
    assert!(push(&server.url(), &[&repo_root().join("samples")])
        .status
        .success());
    let want = stored_ids(&mut q).await;
    let mut seen = Vec::new();
    read_until(&mut stream, &want, &mut seen).await;
    let seqs: Vec<u64> = seen.iter().map(|c| c.sequence).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "sequences increase: {seqs:?}"
    );
    assert!(seqs[0] >= 1);
    // Each document's write lists each of its records once.
    let docs = seen
        .iter()
        .filter(|c| matches!(c.record, Some(Record::Document(_))))
        .count();
    assert_eq!(docs, 4);
    let last = *seqs.last().unwrap();
    drop(stream);

    // Another document while disconnected; resume after the last one seen.
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(
        dir.path(),
        "late.txt",
        "Quito, 2 June 2024 - The Government of Germany has signed a EUR 2 million agreement with UNHCR to protect refugees.\n",
    );
    assert!(push(&server.url(), &[&doc]).status.success());
    let mut resumed = q
        .watch_records(pb::WatchRecordsRequest {
            after_sequence: last,
        })
        .await
        .unwrap()
        .into_inner();
    let want_new: BTreeSet<String> = stored_ids(&mut q)
        .await
        .difference(&want)
        .cloned()
        .collect();
    assert!(!want_new.is_empty());
    let mut more = Vec::new();
    read_until(&mut resumed, &want_new, &mut more).await;
    assert!(more.iter().all(|c| c.sequence > last), "nothing seen twice");
    assert!(more.iter().any(|c| matches!(&c.record, Some(Record::FundingFlow(f)) if f.amount.as_ref().is_some_and(|m| m.units == 2_000_000))));

    // A replay from 0 holds everything, in order, each sequence once.
    let mut replay = q
        .watch_records(pb::WatchRecordsRequest { after_sequence: 0 })
        .await
        .unwrap()
        .into_inner();
    let all = stored_ids(&mut q).await;
    let mut again = Vec::new();
    read_until(&mut replay, &all, &mut again).await;
    let mut uniq: Vec<u64> = again.iter().map(|c| c.sequence).collect();
    uniq.dedup();
    assert_eq!(uniq.len(), again.len());
    drop(replay);
    server.stop();
}
