//! TLS on both servers and every client path, with a CA and a
//! `localhost` certificate generated at test time: `https://` works with
//! the CA, and is never silently sent in plain text.

use std::path::{Path, PathBuf};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tipwatch_e2e::{push_with, start_ingest_with, start_query_with, write_doc, TOKEN};
use tipwatch_proto::pb;
use tonic::transport::{Certificate, Channel, ClientTlsConfig};

/// Writes `ca.pem`, `cert.pem` (for localhost, signed by the CA) and
/// `key.pem` into `dir`.
fn make_certs(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "tipwatch test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&paths.0, ca.pem()).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    paths
}

const TEXT: &str = "Manila - IOM held a training for 20 social workers with funding from \
                    the European Union on 3 March 2024.\n";

#[tokio::test(flavor = "multi_thread")]
async fn https_uses_tls_or_fails_never_plaintext() {
    let tmp = tempfile::tempdir().unwrap();
    let (ca, cert, key) = make_certs(tmp.path());
    let data = tmp.path().join("data");
    let (cert_s, key_s, ca_s) = (
        cert.to_str().unwrap(),
        key.to_str().unwrap(),
        ca.to_str().unwrap(),
    );
    let query = start_query_with(&data, &["--tls-cert", cert_s, "--tls-key", key_s]);
    let port = query.addr.rsplit(':').next().unwrap().to_owned();
    let https = format!("https://localhost:{port}");
    let doc = write_doc(tmp.path(), "a.txt", TEXT);

    let ok = push_with(
        &https,
        &[("TIPWATCH_TOKEN", TOKEN), ("TIPWATCH_TLS_CA", ca_s)],
        &[&doc],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // Without the CA the server's certificate is not trusted.
    let untrusted = push_with(&https, &[("TIPWATCH_TOKEN", TOKEN)], &[&doc]);
    assert!(!untrusted.status.success());
    // Plain text to a TLS server fails; a CA with an http:// URL is refused.
    let plain = push_with(
        &format!("http://127.0.0.1:{port}"),
        &[("TIPWATCH_TOKEN", TOKEN)],
        &[&doc],
    );
    assert!(!plain.status.success());
    let mixed = push_with(
        &format!("http://127.0.0.1:{port}"),
        &[("TIPWATCH_TOKEN", TOKEN), ("TIPWATCH_TLS_CA", ca_s)],
        &[&doc],
    );
    assert!(!mixed.status.success());
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("use https"));

    // The worker: TLS towards the query service and on its own port.
    let ingest = start_ingest_with(
        &https,
        &["--tls-ca", ca_s, "--tls-cert", cert_s, "--tls-key", key_s],
    );
    let iport = ingest.addr.rsplit(':').next().unwrap().to_owned();
    let tls = ClientTlsConfig::new()
        .domain_name("localhost")
        .ca_certificate(Certificate::from_pem(std::fs::read(&ca).unwrap()));
    let channel = Channel::from_shared(format!("https://localhost:{iport}"))
        .unwrap()
        .tls_config(tls.clone())
        .unwrap()
        .connect()
        .await
        .expect("TLS to the worker");
    let mut client = pb::ingest_service_client::IngestServiceClient::with_interceptor(
        channel,
        tipwatch_e2e::with_token as fn(_) -> _,
    );
    let r = client
        .submit_document(pb::SubmitDocumentRequest {
            source: "b".into(),
            content: b"Hanoi - UNICEF opened a shelter with the Ministry of Labour on Friday.\n"
                .to_vec(),
            media_type: String::new(),
        })
        .await
        .expect("stored through TLS on both hops")
        .into_inner();
    assert!(r.created);

    let qchannel = Channel::from_shared(https.clone())
        .unwrap()
        .tls_config(tls)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let docs = pb::query_service_client::QueryServiceClient::new(qchannel)
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .documents;
    assert_eq!(docs.len(), 2);
}
