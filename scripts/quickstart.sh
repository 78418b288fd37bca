#!/usr/bin/env bash
# Danube Connect local quickstart: one command shows records flowing
#   file --source-file--> Danube (testkit broker) --sink-file--> file
#
# Usage: scripts/quickstart.sh [--no-build] [--follow] [--lines N] [--port P] [--help]
#   --no-build   skip the Maven build when the jars already exist
#   --follow     keep everything running until Ctrl-C (append lines to the input file and watch them arrive)
#   --lines N    demo lines to send (default 100)
#   --port P     broker port (default 6650; the next free port is used when it is taken)
# Env: JAVA (default: java on PATH), DANUBE_BUILD_DIR (Maven output folder, default target),
#      QUICKSTART_TIMEOUT_S (longest wait for each step, default 60)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
BUILD_DIR="${DANUBE_BUILD_DIR:-target}"
TIMEOUT_S="${QUICKSTART_TIMEOUT_S:-60}"
RUNTIME_JAR="$ROOT/distribution/$BUILD_DIR/danube-connect-runtime.jar"
TESTKIT_JAR="$ROOT/testkit/$BUILD_DIR/danube-testkit.jar"
TOPIC="/default/quickstart"

BUILD=1
FOLLOW=0
LINES=100
BROKER_PORT=6650

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
die() { echo "quickstart: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --follow) FOLLOW=1 ;;
    --lines) [ $# -ge 2 ] || die "--lines needs a number"; LINES="$2"; shift ;;
    --port) [ $# -ge 2 ] || die "--port needs a number"; BROKER_PORT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
  shift
done
[[ "$LINES" =~ ^[1-9][0-9]*$ ]] || die "--lines must be a positive number (got '$LINES')"
[[ "$BROKER_PORT" =~ ^[1-9][0-9]*$ ]] || die "--port must be a port number (got '$BROKER_PORT')"
command -v "$JAVA" >/dev/null 2>&1 || die "java not found; install a JDK 17+ or set JAVA=/path/to/java"

# ---------------------------------------------------------------- helpers
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port_from() {
  local p="$1"
  while port_in_use "$p"; do
    p=$((p + 1))
    [ "$p" -lt $(( $1 + 200 )) ] || die "no free port found from $1"
  done
  echo "$p"
}

# HTTP status of a local URL path, without needing curl
http_status() {
  ( exec 4<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&4
    IFS= read -r -t 5 line <&4 || true
    echo "$line" | awk '{print $2}' ) 2>/dev/null
}

http_body() {
  ( exec 4<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&4
    sed '1,/^\r\{0,1\}$/d' <&4 ) 2>/dev/null
}

# wait_for <description> <pid> <command...>: polls the command every 0.2 s for TIMEOUT_S seconds
wait_for() {
  local what="$1" pid="$2"; shift 2
  local deadline=$(( $(date +%s) + TIMEOUT_S ))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      die "$what: the process exited early; see its log above"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || die "$what: not done within ${TIMEOUT_S}s"
    sleep 0.2
  done
}

is_ready() { [ "$(http_status "$1" /health/ready)" = "200" ]; }

PIDS=()
NAMES=()
stop_one() { # stop_one <index>: SIGTERM, wait up to 30 s, then SIGKILL
  local pid="${PIDS[$1]}" name="${NAMES[$1]}" deadline
  kill -0 "$pid" 2>/dev/null || return 0
  echo "Stopping $name (SIGTERM to pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + 30 ))
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  $name did not stop within 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local i
  # the connectors in start order (source, then sink, so the sink acks what the source sent), the broker last
  for (( i=1; i<${#PIDS[@]}; i++ )); do stop_one "$i"; done
  [ "${#PIDS[@]}" -gt 0 ] && stop_one 0
  PIDS=()
  NAMES=()
}

on_exit() {
  local code=$?
  trap - EXIT INT TERM
  if [ "${#PIDS[@]}" -gt 0 ]; then
    stop_all
  fi
  if [ "$code" -ne 0 ] && [ -n "${WORK:-}" ]; then
    echo "quickstart failed (exit $code). Logs: $WORK/*.log" >&2
    for log in "$WORK"/*.log; do
      [ -f "$log" ] || continue
      echo "----- tail of $log" >&2
      tail -n 15 "$log" >&2
    done
  fi
  exit "$code"
}
trap on_exit EXIT
trap 'echo; echo "Interrupted."; exit 0' INT TERM

start_bg() { # start_bg <name> <log> <command...>
  local name="$1" log="$2"; shift 2
  "$@" >"$log" 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
  LAST_PID="$!"
}

# ---------------------------------------------------------------- 1. build
if [ "$BUILD" -eq 1 ] || [ ! -f "$RUNTIME_JAR" ] || [ ! -f "$TESTKIT_JAR" ]; then
  if [ "$BUILD" -eq 0 ]; then
    echo "--no-build given, but $RUNTIME_JAR or $TESTKIT_JAR is missing: building"
  fi
  echo "Building the runtime and the testkit broker (./mvnw -B -q -DskipTests package) ..."
  ( cd "$ROOT" && ./mvnw -B -q -DskipTests -Ddanube.build.dir="$BUILD_DIR" -pl distribution,testkit -am package )
fi
[ -f "$RUNTIME_JAR" ] || die "missing $RUNTIME_JAR after the build"
[ -f "$TESTKIT_JAR" ] || die "missing $TESTKIT_JAR after the build"

# ---------------------------------------------------------------- 2. work dir, ports, configs
WORK="$(mktemp -d "${TMPDIR:-/tmp}/danube-quickstart.XXXXXX")"
INPUT="$WORK/input.txt"
OUTPUT="$WORK/output.txt"
: >"$INPUT"
WANTED_PORT="$BROKER_PORT"
BROKER_PORT="$(free_port_from "$BROKER_PORT")"
SOURCE_METRICS="$(free_port_from 9090)"
SINK_METRICS="$(free_port_from $((SOURCE_METRICS + 1)))"
SERVICE_URL="http://127.0.0.1:$BROKER_PORT"

cat >"$WORK/source.toml" <<TOML
danube_service_url = "$SERVICE_URL"
connector_name = "quickstart-file-source"

[processing]
batch_size = 50
poll_interval_ms = 100
metrics_port = $SOURCE_METRICS

[file]
path = "$INPUT"
topic = "$TOPIC"
format = "text"
TOML

cat >"$WORK/sink.toml" <<TOML
danube_service_url = "$SERVICE_URL"
connector_name = "quickstart-file-sink"

# Danube dispatches at most 10 unacked messages per subscription (dispatch.max_unacked_messages), so a sink batch
# larger than 10 could only fill up by waiting batch_timeout_ms.
[processing]
batch_size = 10
batch_timeout_ms = 100
metrics_port = $SINK_METRICS

[file]
path = "$OUTPUT"
topic = "$TOPIC"
subscription = "quickstart"
subscription_type = "Shared"
format = "text"
TOML

echo "Working directory: $WORK"

# ---------------------------------------------------------------- 3. broker
start_bg "testkit broker" "$WORK/broker.log" "$JAVA" -jar "$TESTKIT_JAR" --port "$BROKER_PORT"
wait_for "testkit broker on port $BROKER_PORT" "$LAST_PID" grep -q "listening on" "$WORK/broker.log"
echo "Danube testkit broker: $SERVICE_URL$([ "$BROKER_PORT" = "$WANTED_PORT" ] || echo " (port $WANTED_PORT was taken)")"

# ---------------------------------------------------------------- 4. connectors
# The source starts first: its producer creates the topic. The sink subscribes before any line is written, because
# a new Danube subscription starts at the latest message.
start_bg "source-file" "$WORK/source.log" env DANUBE_CONNECTOR=source-file \
  CONNECTOR_CONFIG_PATH="$WORK/source.toml" DANUBE_CONNECT_INSTANCE_ID=quickstart "$JAVA" -jar "$RUNTIME_JAR"
wait_for "source-file ready on :$SOURCE_METRICS" "$LAST_PID" is_ready "$SOURCE_METRICS"
echo "source-file ready   (metrics and health on :$SOURCE_METRICS, log $WORK/source.log)"

start_bg "sink-file" "$WORK/sink.log" env DANUBE_CONNECTOR=sink-file \
  CONNECTOR_CONFIG_PATH="$WORK/sink.toml" DANUBE_CONNECT_INSTANCE_ID=quickstart "$JAVA" -jar "$RUNTIME_JAR"
wait_for "sink-file ready on :$SINK_METRICS" "$LAST_PID" is_ready "$SINK_METRICS"
echo "sink-file ready     (metrics and health on :$SINK_METRICS, log $WORK/sink.log)"

# ---------------------------------------------------------------- 5. records
for i in $(seq 1 "$LINES"); do
  echo "hello danube $i"
done >>"$INPUT"
echo "Wrote $LINES lines to $INPUT; waiting for them in $OUTPUT ..."

arrived() { [ -f "$OUTPUT" ] && [ "$(wc -l <"$OUTPUT")" -ge "$LINES" ]; }
wait_for "all $LINES lines in $OUTPUT" "" arrived
if ! diff <(sort "$INPUT") <(sort "$OUTPUT") >/dev/null; then
  die "$OUTPUT does not hold exactly the lines of $INPUT"
fi
echo "All $LINES lines arrived in $OUTPUT:"
head -n 3 "$OUTPUT" | sed 's/^/  /'
[ "$LINES" -gt 3 ] && echo "  ..."

echo
echo "Source metrics (http://localhost:$SOURCE_METRICS/metrics):"
http_body "$SOURCE_METRICS" /metrics | grep -E '^danube_connector_messages_(processed|failed)_total' | sed 's/^/  /' || true
echo "Sink metrics (http://localhost:$SINK_METRICS/metrics):"
http_body "$SINK_METRICS" /metrics | grep -E '^danube_connector_messages_(received|processed)_total' | sed 's/^/  /' || true
echo "Committed source offset ($INPUT.offset): $(cat "$INPUT.offset" 2>/dev/null || echo none)"

if [ "$FOLLOW" -eq 1 ]; then
  cat <<TEXT

Running until Ctrl-C. Try, in another shell:
  echo "my own line" >> $INPUT        # appears in $OUTPUT
  tail -f $OUTPUT
  curl -s localhost:$SOURCE_METRICS/metrics | grep danube_connector_
  curl -s localhost:$SINK_METRICS/health/ready
TEXT
  while true; do
    for i in "${!PIDS[@]}"; do
      kill -0 "${PIDS[$i]}" 2>/dev/null || die "${NAMES[$i]} exited; see $WORK/*.log"
    done
    sleep 1
  done
fi

echo
echo "While it runs, 'curl localhost:$SOURCE_METRICS/metrics' shows the source's metrics (use --follow to keep it running)."
stop_all
echo "Done. Input, output, offset file, configs and logs are in $WORK"
