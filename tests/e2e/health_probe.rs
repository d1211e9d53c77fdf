//! The `health` subcommand of both binaries, as container health checks
//! and orchestrators run it: exit status 0 only when the server answers
//! `SERVING`, otherwise non-zero with a message naming the address.

use std::process::{Command, Output};

use tipwatch_e2e::{bin, start_ingest, start_query};

fn health(binary: &str, args: &[&str]) -> Output {
    Command::new(bin(binary))
        .arg("health")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn serving_servers_pass_and_stopped_ones_fail() {
    let data = tempfile::tempdir().unwrap();
    let query = start_query(data.path());
    let ingest = start_ingest(&query.url());

    let out = health("tipwatch-query", &["--addr", &query.addr]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("SERVING"));
    let out = health("tipwatch-ingest", &["--addr", &ingest.addr]);
    assert!(out.status.success(), "{}", stderr(&out));

    // A service the server does not serve is not healthy.
    let out = health(
        "tipwatch-query",
        &[
            "--addr",
            &query.addr,
            "--service",
            "tipwatch.v1.IngestService",
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("NotFound"), "{}", stderr(&out));

    let addr = query.addr.clone();
    drop(ingest);
    query.stop();
    let out = health("tipwatch-query", &["--addr", &addr, "--timeout", "2"]);
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("cannot connect"), "{message}");
    assert!(message.contains(&addr), "{message}");
}

#[test]
fn bad_arguments_are_refused_with_a_message() {
    let out = health("tipwatch-ingest", &["--addr", "no-port-here"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no port"), "{}", stderr(&out));
    let out = health("tipwatch-query", &["--timeout", "0"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--timeout"), "{}", stderr(&out));
}
