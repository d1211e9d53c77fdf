//! The pair tried as an attacker would: writes without or with a wrong
//! token, reads behind --require-read-auth, garbage and oversized fields,
//! network depth, deadlines, stream caps; and as an operator would:
//! metrics, reflection, error details in grpcurl, worker health.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use tipwatch_e2e::{
    grpcurl, ingest_client, push, push_with, query_client, repo_root, start_ingest, start_query,
    start_query_with, writer_client, TOKEN,
};
use tipwatch_proto::pb::{self, record_writer_client::RecordWriterClient};
use tonic::{transport::Channel, Code, Request, Status};
use tonic_types::StatusExt;

const TEXT: &str = "Bangkok, 5 May 2023 - The Government of Australia and the International \
    Organization for Migration (IOM) signed a AUD 3 million agreement to protect migrant \
    workers at a conference in Bangkok with the Ministry of Labour.\n";

/// A valid extraction, made by the worker's ExtractDocument.
async fn extraction(ingest_addr: &str) -> pb::Extraction {
    ingest_client(ingest_addr)
        .await
        .extract_document(pb::SubmitDocumentRequest {
            source: "forged.txt".into(),
            content: TEXT.as_bytes().to_vec(),
            media_type: String::new(),
        })
        .await
        .expect("the sample extracts")
        .into_inner()
}

async fn document_count(addr: &str) -> usize {
    query_client(addr)
        .await
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .documents
        .len()
}

fn write(x: &pb::Extraction) -> pb::WriteExtractionRequest {
    pb::WriteExtractionRequest {
        extraction: Some(x.clone()),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_without_the_right_token_store_nothing() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query(data.path());
    let ingest = start_ingest(&query.url());
    let x = extraction(&ingest.addr).await;
    let channel = Channel::from_shared(query.url())
        .unwrap()
        .connect()
        .await
        .unwrap();

    let mut anonymous = RecordWriterClient::new(channel.clone());
    let e = anonymous.write_extraction(write(&x)).await.unwrap_err();
    assert_eq!(e.code(), Code::Unauthenticated, "{e:?}");

    let wrong = |mut r: Request<()>| -> Result<Request<()>, Status> {
        let v = "Bearer not-the-token-0123456789".parse().unwrap();
        r.metadata_mut().insert("authorization", v);
        Ok(r)
    };
    let mut forger = RecordWriterClient::with_interceptor(channel, wrong);
    let e = forger.write_extraction(write(&x)).await.unwrap_err();
    assert_eq!(e.code(), Code::Unauthenticated, "{e:?}");
    assert_eq!(document_count(&query.addr).await, 0);

    // push without a token, or with a wrong one, fails and says why.
    let dir = tempfile::tempdir().unwrap();
    let doc = tipwatch_e2e::write_doc(dir.path(), "a.txt", TEXT);
    let out = push_with(&query.url(), &[], &[&doc]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("credentials"), "{err}");
    let out = push_with(
        &query.url(),
        &[("TIPWATCH_TOKEN", "not-the-token-0123456789")],
        &[&doc],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not accepted"));
    assert_eq!(document_count(&query.addr).await, 0);

    // The worker's IngestService refuses anonymous submissions too.
    let ch = Channel::from_shared(format!("http://{}", ingest.addr))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let e = pb::ingest_service_client::IngestServiceClient::new(ch)
        .submit_document(pb::SubmitDocumentRequest {
            source: "a".into(),
            content: TEXT.as_bytes().to_vec(),
            media_type: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unauthenticated);
    assert_eq!(document_count(&query.addr).await, 0);

    // The right token stores it.
    let mut writer = writer_client(&query.addr).await;
    assert!(
        writer
            .write_extraction(write(&x))
            .await
            .unwrap()
            .into_inner()
            .created
    );
    assert_eq!(document_count(&query.addr).await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_can_require_a_token() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query_with(data.path(), &["--require-read-auth"]);
    let mut q = query_client(&query.addr).await;
    let e = q
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::Unauthenticated);
    let ch = Channel::from_shared(query.url())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut authed = pb::query_service_client::QueryServiceClient::with_interceptor(
        ch,
        tipwatch_e2e::with_token as fn(_) -> _,
    );
    assert!(authed
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .is_ok());
}

/// Sends `x` and returns the field paths of the BadRequest violations.
async fn refused_fields(
    w: &mut RecordWriterClient<tipwatch_e2e::Authed>,
    x: &pb::Extraction,
) -> Vec<String> {
    let e = w.write_extraction(write(x)).await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
    assert!(
        e.message().len() < 1_000,
        "message of {} bytes",
        e.message().len()
    );
    e.get_error_details()
        .bad_request()
        .expect("a BadRequest detail")
        .field_violations
        .iter()
        .map(|v| v.field.clone())
        .collect()
}

/// One way to spoil a valid extraction.
type Mutation = Box<dyn Fn(&mut pb::Extraction)>;

#[tokio::test(flavor = "multi_thread")]
async fn garbage_and_oversized_fields_are_refused_by_name() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query(data.path());
    let ingest = start_ingest(&query.url());
    let good = extraction(&ingest.addr).await;
    let mut w = writer_client(&query.addr).await;
    let flow = good
        .funding_flows
        .iter()
        .position(|f| f.amount.is_some())
        .expect("the sample reports an amount");

    let cases: Vec<(&str, Mutation)> = vec![
        (
            "extraction.published",
            Box::new(|x| {
                x.published = Some(pb::Date {
                    year: 2023,
                    month: 13,
                    day: 0,
                })
            }),
        ),
        (
            "extraction.published",
            Box::new(|x| {
                x.published = Some(pb::Date {
                    year: 99999,
                    month: 1,
                    day: 1,
                })
            }),
        ),
        (
            "extraction.funding_flows[F].amount.currency_code",
            Box::new(move |x| {
                x.funding_flows[flow].amount.as_mut().unwrap().currency_code = "ZZZZ".into()
            }),
        ),
        (
            "extraction.funding_flows[F].amount.units",
            Box::new(move |x| x.funding_flows[flow].amount.as_mut().unwrap().units = -9),
        ),
        (
            "extraction.funding_flows[F].amount.nanos",
            Box::new(move |x| x.funding_flows[flow].amount.as_mut().unwrap().nanos = 2_000_000_000),
        ),
        (
            "extraction.organisations[0].kind",
            Box::new(|x| x.organisations[0].kind = 300),
        ),
        (
            "extraction.organisations[0].evidence[0]",
            Box::new(|x| x.organisations[0].evidence[0].end = 1_000_000),
        ),
        (
            "extraction.content_sha256",
            Box::new(|x| x.content_sha256 = x.content_sha256.to_uppercase()),
        ),
        (
            "extraction.content_sha256",
            Box::new(|x| x.content_sha256.truncate(16)),
        ),
        // Poison growth: megabytes of aliases on one organisation.
        (
            "extraction.organisations[0].aliases[0]",
            Box::new(|x| x.organisations[0].aliases = vec!["A".repeat(4 << 20)]),
        ),
        (
            "extraction.organisations[0].aliases",
            Box::new(|x| {
                x.organisations[0].aliases = (0..5000).map(|i| format!("alias {i}")).collect()
            }),
        ),
        // One write of 50,000 organisations.
        (
            "extraction",
            Box::new(|x| {
                let o = x.organisations[0].clone();
                x.organisations = vec![o; 50_000]
            }),
        ),
    ];
    for (field, mutate) in cases {
        let mut x = good.clone();
        mutate(&mut x);
        let field = field.replace("[F]", &format!("[{flow}]"));
        let fields = refused_fields(&mut w, &x).await;
        assert_eq!(fields, std::slice::from_ref(&field), "{field}");
    }
    assert_eq!(document_count(&query.addr).await, 0, "nothing was stored");
    assert!(w.write_extraction(write(&good)).await.is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn network_depth_is_capped_and_links_page() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query(data.path());
    assert!(push(&query.url(), &[&repo_root().join("samples")])
        .status
        .success());
    let mut q = query_client(&query.addr).await;
    let req = |depth, page_size, page_token: &str| pb::GetOrganisationNetworkRequest {
        name: "IOM".into(),
        depth,
        page_size,
        page_token: page_token.into(),
    };
    let e = q.get_organisation_network(req(3, 0, "")).await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(
        e.get_error_details()
            .bad_request()
            .unwrap()
            .field_violations[0]
            .field,
        "depth"
    );

    let all = q
        .get_organisation_network(req(2, 0, ""))
        .await
        .unwrap()
        .into_inner();
    assert!(all.links.len() >= 2, "{:?}", all.links);
    assert!(all.next_page_token.is_empty());
    let mut paged = Vec::new();
    let mut token = String::new();
    loop {
        let p = q
            .get_organisation_network(req(2, 1, &token))
            .await
            .unwrap()
            .into_inner();
        assert!(p.links.len() <= 1);
        paged.extend(p.links);
        if p.next_page_token.is_empty() {
            break;
        }
        token = p.next_page_token;
    }
    assert_eq!(paged, all.links);
    // Strongest links first within a depth.
    let depth1: Vec<u32> = all
        .links
        .iter()
        .filter(|l| l.depth == 1)
        .map(|l| l.funding_flows + l.shared_events)
        .collect();
    assert!(depth1.windows(2).all(|w| w[0] >= w[1]), "{depth1:?}");
    let e = q
        .get_organisation_network(req(1, 1, "garbage"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
}

#[tokio::test(flavor = "multi_thread")]
async fn client_deadlines_end_extraction_calls() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query(data.path());
    let ingest = start_ingest(&query.url());
    let mut c = ingest_client(&ingest.addr).await;
    // About 4 MB of news-like text that we wrote.
    let big = TEXT.repeat(4 << 20 >> 8);
    let mut req = Request::new(pb::SubmitDocumentRequest {
        source: "big.txt".into(),
        content: big.into_bytes(),
        media_type: String::new(),
    });
    req.set_timeout(Duration::from_millis(50));
    let started = Instant::now();
    let e = c.submit_document(req).await.unwrap_err();
    assert!(
        matches!(e.code(), Code::DeadlineExceeded | Code::Cancelled),
        "{e:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    // The worker still answers promptly afterwards.
    let started = Instant::now();
    c.extract_document(pb::SubmitDocumentRequest {
        source: "small.txt".into(),
        content: TEXT.as_bytes().to_vec(),
        media_type: String::new(),
    })
    .await
    .unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(document_count(&query.addr).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_streams_are_capped() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query_with(data.path(), &["--max-watch-streams", "1"]);
    let mut q = query_client(&query.addr).await;
    let first = q
        .watch_records(pb::WatchRecordsRequest { after_sequence: 0 })
        .await
        .expect("one stream is allowed");
    let e = q
        .watch_records(pb::WatchRecordsRequest { after_sequence: 0 })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::ResourceExhausted, "{e:?}");
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match q
            .watch_records(pb::WatchRecordsRequest { after_sequence: 0 })
            .await
        {
            Ok(_) => break,
            Err(e) if Instant::now() < deadline => {
                assert_eq!(e.code(), Code::ResourceExhausted);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("the closed stream's slot was not freed: {e:?}"),
        }
    }
}

/// `GET /metrics` over plain HTTP/1.0.
fn scrape(addr: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).expect("the metrics port accepts");
    s.write_all(b"GET /metrics HTTP/1.0\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    assert!(
        body.starts_with("HTTP/1.0 200") || body.starts_with("HTTP/1.1 200"),
        "{body}"
    );
    body
}

#[tokio::test(flavor = "multi_thread")]
async fn operators_get_metrics_exact_reflection_and_printable_details() {
    let data = tempfile::tempdir().unwrap();
    let mut query = start_query_with(data.path(), &["--metrics-listen", "127.0.0.1:0"]);
    let metrics = query.next_line();
    let metrics = metrics.rsplit(' ').next().unwrap().to_owned();
    assert!(push(&query.url(), &[&repo_root().join("samples")])
        .status
        .success());
    query_client(&query.addr)
        .await
        .get_organisation(pb::GetOrganisationRequest {
            name: "nobody at all".into(),
        })
        .await
        .unwrap_err();
    let text = scrape(&metrics);
    for needle in [
        "grpc_server_handled_total{method=\"/tipwatch.v1.RecordWriter/WriteExtraction\",code=\"Ok\"}",
        "code=\"NotFound\"",
        "grpc_server_handling_seconds_bucket",
        "tipwatch_store_bytes",
        "tipwatch_documents_written_total{outcome=\"created\"} 4",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }

    let ingest = start_ingest(&query.url());
    let list = |addr: &str| {
        let out = grpcurl(&[addr, "list"]);
        assert!(out.status.success());
        let mut l: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect();
        l.sort();
        l
    };
    assert_eq!(
        list(&query.addr),
        [
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection",
            "tipwatch.v1.QueryService",
            "tipwatch.v1.RecordWriter"
        ]
    );
    assert_eq!(
        list(&ingest.addr),
        [
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection",
            "tipwatch.v1.IngestService"
        ]
    );
    // grpcurl prints the BadRequest detail (its descriptor is registered).
    let out = grpcurl(&[
        "-H",
        &format!("authorization: Bearer {TOKEN}"),
        "-d",
        r#"{"extraction":{"source":"x","text":"some text","contentSha256":"ABC"}}"#,
        &query.addr,
        "tipwatch.v1.RecordWriter/WriteExtraction",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("google.rpc.BadRequest"), "{err}");
    assert!(err.contains("extraction.content_sha256"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn worker_health_follows_its_query_service() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query(data.path());
    let ingest = start_ingest(&query.url());
    let status = |want_serving: bool| {
        let addr = ingest.addr.clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let r = tipwatch_proto::health::probe(
                    &addr,
                    "tipwatch.v1.IngestService",
                    Duration::from_secs(2),
                )
                .await;
                if r.is_ok() == want_serving {
                    return;
                }
                assert!(
                    Instant::now() < deadline,
                    "health never became {want_serving}: {r:?}"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    status(true).await;
    query.stop();
    status(false).await;
}
