//! Bearer-token authentication: the tokens a server accepts (several, so
//! they can be rotated), the server-side check as a tonic interceptor, and
//! the client-side interceptor that sends one.
//!
//! Tokens travel as `authorization: Bearer <token>`. The server keeps only
//! SHA-256 digests and compares the digest of what it is sent with every
//! accepted digest in constant time, so neither a token's content nor its
//! length leaks through timing.

use std::{path::Path, sync::Arc};

use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use tonic::{
    metadata::{Ascii, MetadataValue},
    service::Interceptor,
    Request, Status,
};

use crate::{read_file, ConfigError};

/// Shortest token accepted, in bytes.
pub const MIN_TOKEN_LEN: usize = 16;

/// The tokens a server accepts, kept as digests.
#[derive(Clone, Default)]
pub struct Tokens {
    digests: Arc<[[u8; 32]]>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tokens({} configured)", self.digests.len())
    }
}

fn check_token(what: &'static str, t: &str) -> Result<(), ConfigError> {
    if t.len() < MIN_TOKEN_LEN {
        return Err(ConfigError::Invalid {
            what,
            reason: format!("a token is shorter than {MIN_TOKEN_LEN} characters"),
        });
    }
    if !t.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ConfigError::Invalid {
            what,
            reason: "a token holds characters other than printable ASCII".into(),
        });
    }
    Ok(())
}

/// The non-empty, non-comment lines of a token file.
fn file_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Tokens {
    /// Loads the tokens of `file` (one per line; blank lines and `#`
    /// comments skipped) and of `list` (comma-separated).
    pub fn load(file: Option<&Path>, list: Option<&str>) -> Result<Self, ConfigError> {
        let mut tokens: Vec<String> = Vec::new();
        if let Some(path) = file {
            let bytes = read_file("token file", path)?;
            let text = String::from_utf8(bytes).map_err(|_| ConfigError::Invalid {
                what: "token file",
                reason: format!("{} is not UTF-8", path.display()),
            })?;
            for t in file_lines(&text) {
                check_token("token file", t)?;
                tokens.push(t.to_owned());
            }
        }
        for t in list.unwrap_or_default().split(',').map(str::trim) {
            if !t.is_empty() {
                check_token("TIPWATCH_TOKENS", t)?;
                tokens.push(t.to_owned());
            }
        }
        Ok(Self::from_tokens(tokens.iter().map(String::as_str)))
    }

    /// The given tokens, as accepted tokens.
    pub fn from_tokens<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Self {
        let digests: Vec<[u8; 32]> = tokens
            .into_iter()
            .map(|t| Sha256::digest(t.as_bytes()).into())
            .collect();
        Self {
            digests: digests.into(),
        }
    }

    /// How many tokens are accepted.
    pub fn len(&self) -> usize {
        self.digests.len()
    }

    /// True when no token is accepted (every guarded call is refused).
    pub fn is_empty(&self) -> bool {
        self.digests.is_empty()
    }

    /// True when `presented` is one of the accepted tokens. Every accepted
    /// token is compared, each in constant time.
    pub fn accepts(&self, presented: &[u8]) -> bool {
        let d: [u8; 32] = Sha256::digest(presented).into();
        let mut ok = Choice::from(0);
        for t in self.digests.iter() {
            ok |= t.ct_eq(&d);
        }
        bool::from(ok)
    }
}

/// The server-side check: a tonic interceptor that refuses calls without
/// an accepted bearer token with `UNAUTHENTICATED`, before the handler
/// runs (so nothing is read or stored).
#[derive(Clone, Debug)]
pub struct Gate {
    tokens: Tokens,
    required: bool,
}

impl Gate {
    /// A gate that always requires one of `tokens`.
    pub fn required(tokens: Tokens) -> Self {
        Self {
            tokens,
            required: true,
        }
    }

    /// A gate that requires one of `tokens` only when `required`.
    pub fn when(tokens: Tokens, required: bool) -> Self {
        Self { tokens, required }
    }

    /// Checks one request's metadata.
    pub fn check(&self, metadata: &tonic::metadata::MetadataMap) -> Result<(), Status> {
        if !self.required {
            return Ok(());
        }
        let refuse = |why: &str| {
            metrics::counter!("tipwatch_auth_refusals_total").increment(1);
            Err(Status::unauthenticated(why.to_owned()))
        };
        if self.tokens.is_empty() {
            return refuse(
                "this server has no token configured (--token-file, TIPWATCH_TOKEN_FILE or \
                 TIPWATCH_TOKENS), so it accepts no authenticated calls",
            );
        }
        let Some(value) = metadata.get("authorization") else {
            return refuse("missing credentials: send `authorization: Bearer <token>`");
        };
        let bytes = value.as_bytes();
        let token = match bytes.get(..7) {
            Some(scheme) if scheme.eq_ignore_ascii_case(b"bearer ") => &bytes[7..],
            _ => return refuse("the authorization header is not `Bearer <token>`"),
        };
        if self.tokens.accepts(token.trim_ascii()) {
            Ok(())
        } else {
            refuse("the bearer token is not accepted")
        }
    }
}

impl Interceptor for Gate {
    fn call(&mut self, req: Request<()>) -> Result<Request<()>, Status> {
        self.check(req.metadata())?;
        Ok(req)
    }
}

/// The client side: adds `authorization: Bearer <token>` to every call
/// when a token is configured.
#[derive(Clone, Debug, Default)]
pub struct Bearer {
    value: Option<MetadataValue<Ascii>>,
}

impl Bearer {
    /// Sends `token` (none: sends no credentials).
    pub fn new(token: Option<&str>) -> Result<Self, ConfigError> {
        let value = match token {
            None => None,
            Some(t) => {
                check_token("client token", t)?;
                let mut v: MetadataValue<Ascii> =
                    format!("Bearer {t}")
                        .parse()
                        .map_err(|_| ConfigError::Invalid {
                            what: "client token",
                            reason: "not a valid header value".into(),
                        })?;
                v.set_sensitive(true);
                Some(v)
            }
        };
        Ok(Self { value })
    }

    /// True when a token is sent.
    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }
}

impl Interceptor for Bearer {
    fn call(&mut self, mut req: Request<()>) -> Result<Request<()>, Status> {
        if let Some(v) = &self.value {
            req.metadata_mut().insert("authorization", v.clone());
        }
        Ok(req)
    }
}

/// The token a client sends: `token` if given, else the first token line
/// of `file`.
pub fn client_token(
    token: Option<&str>,
    file: Option<&Path>,
) -> Result<Option<String>, ConfigError> {
    if let Some(t) = token.map(str::trim).filter(|t| !t.is_empty()) {
        return Ok(Some(t.to_owned()));
    }
    let Some(path) = file else { return Ok(None) };
    let bytes = read_file("token file", path)?;
    let text = String::from_utf8_lossy(&bytes);
    let first = file_lines(&text).next().map(str::to_owned);
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic::metadata::MetadataMap;

    fn with_auth(v: &str) -> MetadataMap {
        let mut m = MetadataMap::new();
        m.insert("authorization", v.parse().unwrap());
        m
    }

    #[test]
    fn any_configured_token_is_accepted_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tokens");
        std::fs::write(
            &file,
            "# current\nold-token-0123456789\n\nnew-token-0123456789\n",
        )
        .unwrap();
        let tokens = Tokens::load(Some(&file), Some("env-token-0123456789")).unwrap();
        assert_eq!(tokens.len(), 3);
        let gate = Gate::required(tokens);
        for ok in [
            "old-token-0123456789",
            "new-token-0123456789",
            "env-token-0123456789",
        ] {
            assert!(
                gate.check(&with_auth(&format!("Bearer {ok}"))).is_ok(),
                "{ok}"
            );
        }
        assert!(gate
            .check(&with_auth("bearer new-token-0123456789"))
            .is_ok());
        for bad in [
            "Bearer new-token-012345678",
            "Bearer ",
            "Basic new-token-0123456789",
            "new-token-0123456789",
        ] {
            let e = gate.check(&with_auth(bad)).unwrap_err();
            assert_eq!(e.code(), tonic::Code::Unauthenticated, "{bad}");
        }
        assert_eq!(
            gate.check(&MetadataMap::new()).unwrap_err().code(),
            tonic::Code::Unauthenticated
        );
    }

    #[test]
    fn no_tokens_refuses_everything_guarded_and_optional_gates_pass() {
        let gate = Gate::required(Tokens::default());
        assert!(gate
            .check(&with_auth("Bearer anything-at-all-0123"))
            .is_err());
        assert!(Gate::when(Tokens::default(), false)
            .check(&MetadataMap::new())
            .is_ok());
    }

    #[test]
    fn short_tokens_are_refused_and_clients_read_the_first_line() {
        assert!(Tokens::load(None, Some("short")).is_err());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t");
        std::fs::write(
            &file,
            "\n# c\nfirst-token-0123456789\nsecond-token-0123456789\n",
        )
        .unwrap();
        assert_eq!(
            client_token(None, Some(&file)).unwrap().as_deref(),
            Some("first-token-0123456789")
        );
        assert_eq!(
            client_token(Some("given-token-0123456789"), Some(&file))
                .unwrap()
                .as_deref(),
            Some("given-token-0123456789")
        );
        assert!(Bearer::new(Some("short")).is_err());
    }
}
