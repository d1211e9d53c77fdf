//! Group commit under kill -9: many writers at once, the server killed
//! while they write; after a restart every acknowledged document is there
//! (a document is acknowledged only after the flush that holds it), and
//! the batch path refuses bad documents one by one.

use std::sync::{Arc, Mutex};

use tipwatch_e2e::{query_client, start_query, writer_client};
use tipwatch_proto::pb;

/// A generated extraction: a donor, a recipient and a grant, all our own
/// words, distinct for each `i`.
fn extraction(i: usize) -> pb::Extraction {
    let org = |id: &str, name: String| pb::Organisation {
        id: id.into(),
        name,
        kind: pb::OrganisationKind::Ngo as i32,
        ..Default::default()
    };
    pb::Extraction {
        source: format!("generated-{i}.txt"),
        content_sha256: format!("{:064x}", 0xabc0_0000_u64 + i as u64),
        text: format!("Donor Fund {} gives to Relief Group {}.", i % 37, i % 11),
        organisations: vec![
            org("l/d", format!("Donor Fund {}", i % 37)),
            org("l/r", format!("Relief Group {}", i % 11)),
        ],
        funding_flows: vec![pb::FundingFlow {
            funder: "l/d".into(),
            recipient: "l/r".into(),
            amount: Some(pb::Money {
                currency_code: "EUR".into(),
                units: 1_000 + i as i64,
                nanos: 0,
            }),
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_acknowledged_document_is_lost_under_kill_9() {
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut tasks = Vec::new();
    for w in 0..32 {
        let addr = server.addr.clone();
        let acked = acked.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = writer_client(&addr).await;
            for n in 0..1000 {
                let x = extraction(w * 1000 + n);
                match c
                    .write_extraction(pb::WriteExtractionRequest {
                        extraction: Some(x),
                    })
                    .await
                {
                    Ok(r) => acked.lock().unwrap().push(r.into_inner().document),
                    Err(_) => return,
                }
            }
        }));
    }
    // Kill the server while the writers are busy.
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        if acked.lock().unwrap().len() >= 400 {
            break;
        }
    }
    server.kill();
    for t in tasks {
        let _ = t.await;
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 400);
    let server = start_query(data.path());
    let mut q = query_client(&server.addr).await;
    let mut lost = Vec::new();
    for doc in &acked {
        let got = q
            .get_document(pb::GetDocumentRequest { name: doc.clone() })
            .await;
        if got.is_err() {
            lost.push(doc.clone());
        }
    }
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged documents lost",
        lost.len(),
        acked.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_writes_are_answered_one_by_one() {
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let mut tasks = Vec::new();
    for i in 0..64 {
        let addr = server.addr.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = writer_client(&addr).await;
            let mut x = extraction(i);
            if i % 8 == 0 {
                x.content_sha256 = x.content_sha256.to_uppercase();
            }
            c.write_extraction(pb::WriteExtractionRequest {
                extraction: Some(x),
            })
            .await
        }));
    }
    let mut ok = 0;
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(r) => {
                assert!(r.get_ref().created);
                ok += 1;
            }
            Err(s) => {
                assert_eq!(i % 8, 0, "{s:?}");
                assert_eq!(s.code(), tonic::Code::InvalidArgument);
                assert!(s.message().contains("content_sha256"));
            }
        }
    }
    assert_eq!(ok, 56);
}
