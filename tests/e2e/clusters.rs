//! One fact, many reports: for every cluster in
//! `../shared/eval/clusters.json`, after the dev corpus is ingested the
//! members' reports are one stored record (`"same": true`) whose mentions
//! cite every member document, or stay apart (`"same": false`). Clusters
//! added to the file are tested too.

use std::collections::{BTreeMap, BTreeSet};

use tipwatch_e2e::{push, query_client, repo_root, shared_corpus, start_query};
use tipwatch_proto::pb;
use tonic::transport::Channel;

type Client = pb::query_service_client::QueryServiceClient<Channel>;

/// Every document id by its file name.
async fn documents(q: &mut Client) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut token = String::new();
    loop {
        let page = q
            .list_documents(pb::ListDocumentsRequest {
                page_size: 100,
                page_token: token,
            })
            .await
            .unwrap()
            .into_inner();
        for d in page.documents {
            let file = d.source.rsplit('/').next().unwrap_or("").to_owned();
            out.insert(file, d.id);
        }
        if page.next_page_token.is_empty() {
            return out;
        }
        token = page.next_page_token;
    }
}

/// The documents that mention one record, from ListMentions.
async fn mentioned_in(q: &mut Client, record: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut token = String::new();
    loop {
        let page = q
            .list_mentions(pb::ListMentionsRequest {
                name: record.into(),
                page_size: 100,
                page_token: token,
            })
            .await
            .unwrap()
            .into_inner();
        out.extend(page.mentions.into_iter().map(|m| m.document));
        if page.next_page_token.is_empty() {
            return out;
        }
        token = page.next_page_token;
    }
}

/// Every flow or event id of the store, with the documents citing it.
async fn records(q: &mut Client, kind: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut ids = Vec::new();
    let mut token = String::new();
    loop {
        let (page_ids, next) = if kind == "funding_flow" {
            let r = q
                .list_funding_flows(pb::ListFundingFlowsRequest {
                    page_size: 100,
                    page_token: token,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner();
            let ids: Vec<String> = r.funding_flows.into_iter().map(|f| f.id).collect();
            (ids, r.next_page_token)
        } else {
            let r = q
                .list_events(pb::ListEventsRequest {
                    page_size: 100,
                    page_token: token,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner();
            let ids: Vec<String> = r.events.into_iter().map(|e| e.id).collect();
            (ids, r.next_page_token)
        };
        ids.extend(page_ids);
        if next.is_empty() {
            break;
        }
        token = next;
    }
    let mut out = Vec::new();
    for id in ids {
        let docs = mentioned_in(q, &id).await;
        out.push((id, docs));
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn every_cluster_is_one_record_and_every_near_miss_two() {
    let Some(corpus) = shared_corpus() else {
        panic!("../shared/corpus is missing beside the checkout; CI provides it");
    };
    let file = repo_root().join("../shared/eval/clusters.json");
    let clusters: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("clusters.json beside the checkout"))
            .expect("clusters.json is JSON");
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let out = push(&server.url(), &[&corpus]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut q = query_client(&server.addr).await;
    let docs = documents(&mut q).await;
    let mut by_kind: BTreeMap<String, Vec<(String, BTreeSet<String>)>> = BTreeMap::new();
    let mut failures = Vec::new();
    for c in clusters["clusters"].as_array().expect("a clusters list") {
        let id = c["id"].as_str().unwrap_or("?");
        let kind = c["kind"].as_str().expect("a kind").to_owned();
        let same = c["same"].as_bool().expect("same: true or false");
        let members: Vec<String> = c["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                let f = m["document"].as_str().expect("a document file");
                docs.get(f)
                    .unwrap_or_else(|| panic!("{f} was not ingested"))
                    .clone()
            })
            .collect();
        if !by_kind.contains_key(&kind) {
            let recs = records(&mut q, &kind).await;
            by_kind.insert(kind.clone(), recs);
        }
        let recs = &by_kind[&kind];
        let all_in_one = recs
            .iter()
            .any(|(_, cited)| members.iter().all(|m| cited.contains(m)));
        if same && !all_in_one {
            let per_member: Vec<Vec<&String>> = members
                .iter()
                .map(|m| {
                    recs.iter()
                        .filter(|(_, cited)| cited.contains(m))
                        .map(|(r, _)| r)
                        .collect()
                })
                .collect();
            failures.push(format!(
                "{id}: no one {kind} cites every member; records per member: {per_member:?}"
            ));
        }
        if !same && all_in_one {
            failures.push(format!(
                "{id}: the near-miss members were merged into one {kind}"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
