#!/usr/bin/env bash
# Scale run: starts tipwatch-query on a fresh temporary store and a worker
# in front of it, fills the store with generated documents
# (tipwatch-docgen's series) through the worker's IngestService, and at
# each size reports the durable ingest rate, the store's bytes on disk per
# document, and each query's QPS as a fraction of Health/Check plus its
# p99, measured with tipwatch-load.
#
#   scripts/scale.sh [options] SIZE...        e.g. scripts/scale.sh 1000 10000 100000
#
# Options (environment variables in brackets):
#   --debug                use target/debug binaries (CI's tiny run) instead of a release build
#   --no-build             use the binaries already built (under $CARGO_TARGET_DIR or target/)
#   --seconds S            length of each measured load phase [SCALE_SECONDS, 2]
#   --rounds R             alternating rounds of Health and every query [SCALE_ROUNDS, 2]
#   --connections C        HTTP/2 connections of the query load [SCALE_CONNECTIONS, 8]
#   --concurrency K        requests in flight per connection [SCALE_CONCURRENCY, 32]
#   --ingest-concurrency K documents in flight during the fill [SCALE_INGEST_CONCURRENCY, 64]
#   --keep DIR             keep the store and the JSON results in DIR
#
# Prints one table per size and a summary; exits non-zero if any request
# failed or a process did not start.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
seconds=${SCALE_SECONDS:-2}
rounds=${SCALE_ROUNDS:-2}
connections=${SCALE_CONNECTIONS:-8}
concurrency=${SCALE_CONCURRENCY:-32}
ingest_concurrency=${SCALE_INGEST_CONCURRENCY:-64}
seed=${SCALE_SEED:-1}
keep=
build=yes
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug ;;
    --no-build) build=no ;;
    --seconds) seconds=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --connections) connections=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --ingest-concurrency) ingest_concurrency=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    [0-9]*) sizes+=("$1") ;;
    *) echo "scale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

if [ "$build" = no ]; then
  :
elif [ "$profile" = release ]; then
  cargo build --release --locked -q -p tipwatch-query -p tipwatch-ingest -p tipwatch-tools
else
  cargo build --locked -q -p tipwatch-query -p tipwatch-ingest -p tipwatch-tools
fi
bin=${CARGO_TARGET_DIR:-target}/$profile

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "$keep" ]; then
    mkdir -p "$keep" && cp -r "$work"/. "$keep"/
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# One write token for every process: servers read TIPWATCH_TOKENS,
# clients send TIPWATCH_TOKEN.
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export TIPWATCH_TOKENS=$token TIPWATCH_TOKEN=$token
export RUST_LOG=${RUST_LOG:-warn}

# Starts a server in the background; waits for its "listening on ADDR" line.
start() {
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 300); do
    addr=$(sed -n 's/.* listening on \([^ ]*\).*/\1/p' "$work/$name.out" | head -n1)
    [ -n "$addr" ] && return 0
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "scale.sh: $name exited:" >&2; cat "$work/$name.err" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "scale.sh: $name did not start" >&2; exit 1
}

start query "$bin/tipwatch-query" serve --listen 127.0.0.1:0 --data "$work/store"
query_addr=$addr
start worker "$bin/tipwatch-ingest" serve --listen 127.0.0.1:0 --server "http://$query_addr"
worker_addr=$addr

# The queries measured at every size (List calls in their default BASIC
# view, and two in the FULL view with documents, evidence and merges).
calls=(
  'GetOrganisation={"name":"IOM"}'
  'ListFundingFlows={"pageSize":50}'
  'ListFundingFlows={"pageSize":50,"organisation":"IOM"}'
  'ListEvents={"pageSize":50}'
  'ListOrganisations={"pageSize":50}'
  'ListDocuments={"pageSize":50}'
  'ListFundingFlows={"pageSize":50,"view":"RECORD_VIEW_FULL"}'
  'ListOrganisations={"pageSize":50,"view":"RECORD_VIEW_FULL"}'
)

fill() { # fill FROM COUNT OUT.json
  "$bin/tipwatch-load" ingest --target "http://$worker_addr" --json \
    --connections 4 --concurrency $((ingest_concurrency / 4 > 0 ? ingest_concurrency / 4 : 1)) \
    --seed "$seed" --start "$1" --count "$2" >"$3"
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); profile $profile"
have=0
status=0
for n in "${sizes[@]}"; do
  # Fill to n; the last 10 % (at most 1,000 documents) is timed on its own
  # as the rate at this size.
  tail=$(( n - have < 10 ? n - have : ( (n - have) / 10 > 1000 ? 1000 : (n - have) / 10 ) ))
  bulk=$(( n - have - tail ))
  if [ "$bulk" -gt 0 ]; then
    fill "$have" "$bulk" "$work/fill-$n.json" || status=1
  else
    echo '{}' >"$work/fill-$n.json"
  fi
  fill $(( have + bulk )) "$tail" "$work/tail-$n.json" || status=1
  have=$n
  bytes=$(du -sb "$work/store" | cut -f1)
  "$bin/tipwatch-load" query --target "http://$query_addr" --json \
    --connections "$connections" --concurrency "$concurrency" \
    --duration "$seconds" --rounds "$rounds" "${calls[@]}" >"$work/query-$n.json" || status=1
  python3 - "$n" "$bytes" "$work/fill-$n.json" "$work/tail-$n.json" "$work/query-$n.json" "${calls[@]}" <<'EOF'
import json, sys
n, size = int(sys.argv[1]), int(sys.argv[2])
fill, tail, query = (json.load(open(p)) for p in sys.argv[3:6])
print(f"\n== {n} documents stored")
if fill.get("requests"):
    print(f"fill   {fill['requests']} docs in {fill['seconds']:.1f} s: {fill['qps']:.0f} docs/s ({fill['errors']} failed)")
print(f"ingest rate at this size (last {tail['requests']} docs): {tail['qps']:.0f} docs/s, "
      f"p50 {tail['p50_ms']:.1f} ms, p99 {tail['p99_ms']:.1f} ms per document ({tail['errors']} failed)")
print(f"store  {size / 1e6:.1f} MB on disk, {size / n / 1e3:.2f} KB per document")
print(f"query load: {query['connections']} connections x {query['concurrency']} in flight, {query['rounds']} rounds")
print(f"{'method':<56} {'qps':>9} {'p50 ms':>8} {'p99 ms':>8} {'p999 ms':>8} {'resp B':>8} {'/health':>7} {'err':>5}")
for r, label in zip(query["results"], ["Health/Check"] + sys.argv[6:]):
    ratio = r.get("ratio_to_health")
    print(f"{label[:56]:<56} {r['qps']:>9.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['p999_ms']:>8.2f} "
          f"{r['mean_response_bytes']:>8} {'-' if ratio is None else f'{ratio:.2f}':>7} {r['errors']:>5}")
    if r.get("first_error"):
        print(f"  first error: {r['first_error']}")
EOF
done
exit $status
