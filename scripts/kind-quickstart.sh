#!/usr/bin/env bash
# Danube Connect Kubernetes quickstart on kind, from a clone: a file source and a file sink move lines
# between two volumes through the in-memory testkit broker, managed by the operator.
#
#   1. build the runtime, operator and testkit images with the Dockerfile targets (needs BuildKit);
#   2. create a kind cluster (unless it exists) and `kind load` the three images into it;
#   3. `helm install` the operator with the image values that match the built tags;
#   4. apply examples/testkit-broker.yaml, examples/sink-file.yaml, then examples/source-file.yaml;
#   5. append lines to the source's input file and show them in the sink's output file, then
#      `kubectl get dsrc,dsink` and the connectors' logs.
#
# Usage: scripts/kind-quickstart.sh [--cluster NAME] [--namespace NS] [--lines N] [--no-build]
#        scripts/kind-quickstart.sh --print-helm-args   # the helm arguments only (helm/check.sh renders them)
# Needs: docker (with BuildKit), kind, kubectl, helm. Where one is missing it says which and exits 3.
# Env: QUICKSTART_TIMEOUT_S (longest wait for each step, default 300).
set -euo pipefail

ROOT="$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)"
CHART="$ROOT/helm/danube-connect-operator"
CLUSTER=danube-connect
NAMESPACE=demo
LINES=5
BUILD=1
TIMEOUT_S="${QUICKSTART_TIMEOUT_S:-300}"

# The one set of image names; the tag is the chart's appVersion (ImageReferencesTest keeps the Dockerfile,
# the chart, examples/ and docs/ on the same values).
REGISTRY=ghcr.io/danube-messaging
VERSION=""
while IFS= read -r line; do
  case "$line" in appVersion:*) VERSION="${line#appVersion:}"; VERSION="${VERSION//[\" ]/}" ;; esac
done <"$CHART/Chart.yaml"
RUNTIME_IMAGE="$REGISTRY/danube-connect-runtime:$VERSION"
OPERATOR_IMAGE="$REGISTRY/danube-connect-operator:$VERSION"
TESTKIT_IMAGE="$REGISTRY/danube-connect-testkit:$VERSION"

helm_args() {
  printf '%s\n' --namespace danube-system --create-namespace \
    --set "image.repository=$REGISTRY/danube-connect-operator" --set "image.tag=$VERSION" \
    --set image.pullPolicy=IfNotPresent \
    --set "runtimeImage.repository=$REGISTRY/danube-connect-runtime" --set "runtimeImage.tag=$VERSION" \
    --set "watchAnyNamespace=false" --set "watchNamespaces={$NAMESPACE}"
}

usage() { local line; while IFS= read -r line; do case "$line" in '#!'*) ;; '#'*) line="${line#\#}"; echo "${line# }" ;; *) return ;; esac; done <"$0"; }
die() { echo "kind-quickstart: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) CLUSTER="$2"; shift 2 ;;
    --namespace) NAMESPACE="$2"; shift 2 ;;
    --lines) LINES="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --print-helm-args) helm_args; exit 0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "kind-quickstart: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$VERSION" ] || die "no appVersion in $CHART/Chart.yaml"

missing=()
for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "kind-quickstart: cannot run here: ${missing[*]} not installed (needs docker with BuildKit, kind, kubectl and helm)." >&2
  echo "kind-quickstart: nothing was built or changed. Install them, or follow docs/kubernetes.md by hand." >&2
  exit 3
fi
docker info >/dev/null 2>&1 || { echo "kind-quickstart: cannot run here: the Docker daemon is not reachable (docker info failed)." >&2; exit 3; }
docker buildx version >/dev/null 2>&1 || { echo "kind-quickstart: cannot run here: BuildKit (docker buildx) is missing; the Dockerfile uses heredocs and cache mounts." >&2; exit 3; }

step() { printf '\n== %s\n' "$*"; }

if [ "$BUILD" = 1 ]; then
  step "build the images with BuildKit (Dockerfile targets runtime, operator, testkit)"
  for target in runtime operator testkit; do
    image_var="$(echo "$target" | tr '[:lower:]' '[:upper:]')_IMAGE"
    DOCKER_BUILDKIT=1 docker build --target "$target" -t "${!image_var}" "$ROOT"
  done
fi

step "kind cluster '$CLUSTER' with the images loaded"
kind get clusters 2>/dev/null | grep -qx "$CLUSTER" || kind create cluster --name "$CLUSTER" --wait 120s
kubectl config use-context "kind-$CLUSTER" >/dev/null
kind load docker-image --name "$CLUSTER" "$RUNTIME_IMAGE" "$OPERATOR_IMAGE" "$TESTKIT_IMAGE"

step "install the operator (watching namespace $NAMESPACE)"
mapfile -t args < <(helm_args)
helm upgrade --install danube-connect-operator "$CHART" "${args[@]}" --wait --timeout "${TIMEOUT_S}s"
kubectl -n danube-system rollout status deployment/danube-connect-operator --timeout "${TIMEOUT_S}s"

step "the testkit broker and the file sink, then the file source"
kubectl get namespace "$NAMESPACE" >/dev/null 2>&1 || kubectl create namespace "$NAMESPACE"
kubectl -n "$NAMESPACE" apply -f "$ROOT/examples/testkit-broker.yaml"
kubectl -n "$NAMESPACE" rollout status deployment/danube-testkit --timeout "${TIMEOUT_S}s"
# The sink subscribes (and creates the topic) before it reports ready: a new subscription starts at the latest
# message, so the source comes second and nothing it publishes is missed.
kubectl -n "$NAMESPACE" apply -f "$ROOT/examples/sink-file.yaml"
kubectl -n "$NAMESPACE" wait --for=condition=Ready dsink/file-out --timeout "${TIMEOUT_S}s"
kubectl -n "$NAMESPACE" apply -f "$ROOT/examples/source-file.yaml"
kubectl -n "$NAMESPACE" wait --for=condition=Ready dsrc/file-in --timeout "${TIMEOUT_S}s"
kubectl -n "$NAMESPACE" get dsrc,dsink

step "append $LINES lines to /data/in/input.txt on the source's volume"
expected=()
for i in $(seq 1 "$LINES"); do expected+=("hello danube $i"); done
kubectl -n "$NAMESPACE" exec deploy/file-in-source -- sh -c "printf '%s\n' \"\$@\" >> /data/in/input.txt" sh "${expected[@]}"

step "wait for them in /data/out/output.txt on the sink's volume"
deadline=$((SECONDS + TIMEOUT_S))
while :; do
  output="$(kubectl -n "$NAMESPACE" exec deploy/file-out-sink -- sh -c 'cat /data/out/output.txt 2>/dev/null' || true)"
  arrived=0
  for line in "${expected[@]}"; do grep -qxF "$line" <<<"$output" && arrived=$((arrived + 1)); done
  [ "$arrived" -eq "$LINES" ] && break
  [ "$SECONDS" -lt "$deadline" ] || die "only $arrived of $LINES lines reached the sink within ${TIMEOUT_S}s"
  sleep 2
done
echo "$output"

step "status and logs"
kubectl -n "$NAMESPACE" get dsrc,dsink
kubectl -n "$NAMESPACE" logs deploy/file-in-source --tail 20
kubectl -n "$NAMESPACE" logs deploy/file-out-sink --tail 20
echo
echo "kind-quickstart: $LINES lines moved from the file-input volume to the file-output volume through Danube."
echo "Append more:  kubectl -n $NAMESPACE exec deploy/file-in-source -- sh -c 'echo more >> /data/in/input.txt'"
echo "Clean up:     kind delete cluster --name $CLUSTER"
