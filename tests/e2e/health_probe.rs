//! The `health` subcommand of both binaries, as container health checks
//! and orchestrators run it: exit status 0 only when the server answers
//! `SERVING`, otherwise non-zero with a message naming the address.

use std::process::{Command, Output};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tipwatch_e2e::{bin, start_ingest, start_query, start_query_with};

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

/// A CA and a certificate for the name `query` (a service name, as in
/// compose or Kubernetes) signed by it, written into `dir`.
fn service_certs(dir: &std::path::Path) -> [String; 3] {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "tipwatch probe test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["query".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let files = [
        ("ca.pem", ca.pem()),
        ("cert.pem", cert.pem()),
        ("key.pem", key.serialize_pem()),
    ];
    files.map(|(name, pem)| {
        let path = dir.join(name);
        std::fs::write(&path, pem).unwrap();
        path.to_str().unwrap().to_owned()
    })
}

#[test]
fn tls_servers_are_probed_over_tls_with_the_service_name() {
    let tmp = tempfile::tempdir().unwrap();
    let [ca, cert, key] = service_certs(tmp.path());
    let query = start_query_with(
        &tmp.path().join("data"),
        &["--tls-cert", &cert, "--tls-key", &key],
    );
    // As a container probes itself: 127.0.0.1, certificate issued to `query`.
    let ok = health(
        "tipwatch-query",
        &[
            "--addr",
            &query.addr,
            "--tls-ca",
            &ca,
            "--tls-domain",
            "query",
        ],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));

    // The certificate does not name 127.0.0.1; plaintext gets no answer.
    let https = format!("https://{}", query.addr);
    let wrong_name = health("tipwatch-query", &["--addr", &https, "--tls-ca", &ca]);
    assert!(!wrong_name.status.success());
    let plaintext = health("tipwatch-query", &["--addr", &query.addr, "--timeout", "2"]);
    assert!(!plaintext.status.success());
    let missing_ca = health(
        "tipwatch-ingest",
        &["--addr", &query.addr, "--tls-ca", "/nonexistent/ca.pem"],
    );
    assert!(
        stderr(&missing_ca).contains("/nonexistent/ca.pem"),
        "{}",
        stderr(&missing_ca)
    );
}
