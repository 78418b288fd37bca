#!/usr/bin/env bash
# Static and behavioural checks of the Dockerfile, for machines without a Docker engine:
#  - the targets runtime (last stage, so the default), operator and testkit exist, run as uid 1000,
#    expose 9090 / 8080 / 6650 and copy the agreed build artifacts;
#  - the build stage uses the Maven wrapper; no credentials in ENV/ARG; .dockerignore keeps build output and .git out;
#  - each launcher script embedded as a heredoc is extracted and run with a stub `java` that prints its
#    arguments, proving the JVM flag order (image defaults, then JAVA_OPTS), the main class / jar and the
#    pass-through of container arguments.
# Usage: helm/test/dockerfile-check.sh [REPO_DIR]
set -euo pipefail

repo="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
dockerfile="$repo/Dockerfile"
dockerignore="$repo/.dockerignore"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

[ -f "$dockerfile" ] || { echo "FAIL: $dockerfile is missing" >&2; exit 1; }

# stage_body NAME -> the lines of stage NAME (from its FROM to the next FROM)
stage_body() {
  awk -v stage="$1" '
    /^FROM / { inside = (tolower($NF) == stage) }
    inside { print }
  ' "$dockerfile"
}

stages="$(awk '/^FROM / { print tolower($NF) }' "$dockerfile")"
for stage in build runtime operator testkit; do
  grep -qx "$stage" <<<"$stages" || fail "stage '$stage' is missing"
done
[ "$(tail -n 1 <<<"$stages")" = "runtime" ] || fail "the last stage (the default target) must be 'runtime', not '$(tail -n 1 <<<"$stages")'"

stage_body build | grep -q -- './mvnw -B -DskipTests package' || fail "build stage must run './mvnw -B -DskipTests package'"
stage_body build | grep -Eq '^FROM .*(JDK_IMAGE|temurin:17-jdk)' || fail "build stage must start from the Temurin 17 JDK"

check_target() { # stage port artifact...
  local stage=$1 port=$2
  shift 2
  local body
  body="$(stage_body "$stage")"
  grep -qx 'USER 1000:1000' <<<"$body" || fail "$stage: must switch to USER 1000:1000"
  grep -qx "EXPOSE $port" <<<"$body" || fail "$stage: must EXPOSE $port"
  grep -q '^ENTRYPOINT \[' <<<"$body" || fail "$stage: needs an exec-form ENTRYPOINT"
  local artifact
  for artifact in "$@"; do
    grep -q "COPY --from=build /workspace/$artifact" <<<"$body" || fail "$stage: does not copy $artifact from the build stage"
  done
}
check_target runtime 9090 distribution/target/danube-connect-runtime.jar distribution/target/lib/
check_target operator 8080 operator/target/quarkus-app/lib/ operator/target/quarkus-app/quarkus-run.jar \
  operator/target/quarkus-app/app/ operator/target/quarkus-app/quarkus/
check_target testkit 6650 testkit/target/danube-testkit.jar

if grep -Eiq '^(ENV|ARG)[^#]*(TOKEN|PASSWORD|SECRET|PRIVATE_KEY|API_KEY)' "$dockerfile"; then
  fail "credentials-like names in ENV/ARG: images must not carry secrets"
fi
for pattern in '**/target/' '**/target-*/' '.git/'; do
  grep -qxF "$pattern" "$dockerignore" 2>/dev/null || fail ".dockerignore must exclude $pattern"
done

# ---- launcher scripts
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cat >"$work/bin/java" <<'EOF'
#!/bin/sh
for argument in "$@"; do printf '%s\n' "$argument"; done
EOF
chmod +x "$work/bin/java"

# extract_launcher TARGET_PATH -> writes the heredoc that the Dockerfile copies to TARGET_PATH
extract_launcher() {
  awk -v target="$1" '
    $0 ~ "^COPY .*<<.EOF. " target "$" { inside = 1; next }
    inside && /^EOF$/ { exit }
    inside { print }
  ' "$dockerfile" >"$work/launcher"
  [ -s "$work/launcher" ] || { fail "no launcher heredoc for $1"; return 1; }
  head -n 1 "$work/launcher" | grep -qx '#!/bin/sh' || fail "launcher $1 must start with #!/bin/sh"
}

# expect_launch TARGET_PATH "EXPECTED ARGS, one per line" [container args...]
expect_launch() {
  local target=$1 expected=$2
  shift 2
  extract_launcher "$target" || return 0
  local actual
  actual="$(PATH="$work/bin:$PATH" JAVA_DEFAULT_OPTS="-XX:MaxRAMPercentage=75.0 -Dimage.default=1" \
    JAVA_OPTS="-Xmx256m -Duser.flag=2" sh "$work/launcher" "$@")"
  if [ "$actual" != "$expected" ]; then
    fail "launcher $target ran java with unexpected arguments:"
    diff <(echo "$expected") <(echo "$actual") >&2 || true
  fi
  # Without JAVA_OPTS (and with `set -u` in the script) it must still start.
  PATH="$work/bin:$PATH" env -u JAVA_OPTS -u JAVA_DEFAULT_OPTS sh "$work/launcher" >/dev/null \
    || fail "launcher $target fails when JAVA_OPTS is unset"
}

expect_launch /opt/danube-connect/bin/danube-connect "$(printf '%s\n' \
  -XX:MaxRAMPercentage=75.0 -Dimage.default=1 -Xmx256m -Duser.flag=2 \
  -cp /opt/danube-connect/danube-connect-runtime.jar \
  com.danubemessaging.connect.runtime.app.ConnectorMain --connector source-mqtt)" --connector source-mqtt
expect_launch /opt/danube-connect-operator/bin/danube-connect-operator "$(printf '%s\n' \
  -XX:MaxRAMPercentage=75.0 -Dimage.default=1 -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Xmx256m -Duser.flag=2 -jar /opt/danube-connect-operator/quarkus-run.jar)"
expect_launch /opt/danube-testkit/bin/danube-testkit "$(printf '%s\n' \
  -XX:MaxRAMPercentage=75.0 -Dimage.default=1 -Xmx256m -Duser.flag=2 \
  -jar /opt/danube-testkit/danube-testkit.jar --port 6650)" --port 6650

if [ "$failures" -gt 0 ]; then
  echo "Dockerfile: $failures check(s) failed" >&2
  exit 1
fi
echo "Dockerfile: targets, users, ports, artifacts and launchers OK"
