//! The real client other engineers use: grpcurl against the running
//! binaries, with no proto files (server reflection only).

use tipwatch_e2e::{grpcurl, grpcurl_call, push, repo_root, start_ingest, start_query};

fn stdout(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "grpcurl failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn grpcurl_lists_describes_and_calls_with_filters_and_paging() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query(data.path());
    let ingest = start_ingest(&query.url());
    assert!(push(&query.url(), &[&repo_root().join("samples")])
        .status
        .success());

    let list = stdout(&grpcurl(&[&query.addr, "list"]));
    for service in [
        "tipwatch.v1.QueryService",
        "tipwatch.v1.RecordWriter",
        "grpc.health.v1.Health",
    ] {
        assert!(
            list.lines().any(|l| l == service),
            "{service} not in {list}"
        );
    }
    let list = stdout(&grpcurl(&[&ingest.addr, "list"]));
    assert!(
        list.lines().any(|l| l == "tipwatch.v1.IngestService"),
        "{list}"
    );
    assert!(list.lines().any(|l| l == "grpc.health.v1.Health"), "{list}");

    let described = stdout(&grpcurl(&[
        &query.addr,
        "describe",
        "tipwatch.v1.QueryService",
    ]));
    assert!(described.contains("rpc ListFundingFlows"), "{described}");
    let message = stdout(&grpcurl(&[&query.addr, "describe", "tipwatch.v1.Document"]));
    assert!(
        message.contains("google.protobuf.Timestamp ingest_time"),
        "{message}"
    );

    let health = grpcurl_call(&query.addr, "grpc.health.v1.Health/Check", "{}");
    assert_eq!(health["status"], "SERVING");

    let org = grpcurl_call(
        &query.addr,
        "tipwatch.v1.QueryService/GetOrganisation",
        r#"{"name":"IOM"}"#,
    );
    assert_eq!(org["name"], "International Organization for Migration");

    let page = grpcurl_call(
        &query.addr,
        "tipwatch.v1.QueryService/ListEvents",
        r#"{"pageSize":1,"startDate":{"year":2018}}"#,
    );
    assert_eq!(page["events"].as_array().map(Vec::len), Some(1));
    let token = page["nextPageToken"]
        .as_str()
        .expect("more than one event")
        .to_owned();
    let next = grpcurl_call(
        &query.addr,
        "tipwatch.v1.QueryService/ListEvents",
        &format!(r#"{{"pageSize":1,"startDate":{{"year":2018}},"pageToken":"{token}"}}"#),
    );
    assert_ne!(next["events"][0]["id"], page["events"][0]["id"]);

    let flows = grpcurl_call(
        &query.addr,
        "tipwatch.v1.QueryService/ListFundingFlows",
        r#"{"funder":"Government of Japan","currencyCode":"PHP"}"#,
    );
    assert_eq!(flows["fundingFlows"][0]["amount"]["units"], "12000000");

    let bad = grpcurl(&[
        "-d",
        r#"{"pageToken":"zz"}"#,
        &query.addr,
        "tipwatch.v1.QueryService/ListOrganisations",
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("InvalidArgument") && err.contains("page_token"),
        "{err}"
    );
    ingest.stop();
    query.stop();
}
