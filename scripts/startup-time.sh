#!/usr/bin/env bash
# Start time of the runnable: milliseconds from `java` to the runtime's "running in ... mode" log line (producers
# created, connector initialized) and, optionally, to a later connector-specific line. Needs a broker on the TOML's
# danube_service_url (e.g. java -jar testkit/target/danube-testkit.jar --port 6650) and a built distribution.
#   scripts/startup-time.sh <connector-id> <connector.toml> [extra log pattern] [runs]
# docs/benchmarks.md ("Start time") shows the figures for source-file and source-postgres-cdc.
set -euo pipefail
cd "$(dirname "$0")/.."
id=$1 toml=$2 extra=${3:-} runs=${4:-3}
for run in $(seq 1 "$runs"); do
  log=$(mktemp)
  start=$(date +%s%N)
  DANUBE_CONNECTOR=$id CONNECTOR_CONFIG_PATH=$toml java -jar distribution/target/danube-connect-runtime.jar 2>"$log" &
  pid=$!
  running="" later=""
  for _ in $(seq 1 1200); do
    now=$(date +%s%N)
    [ -z "$running" ] && grep -q "running in .* mode" "$log" && running=$(( (now - start) / 1000000 ))
    [ -n "$extra" ] && [ -z "$later" ] && grep -q -- "$extra" "$log" && later=$(( (now - start) / 1000000 ))
    if [ -n "$running" ] && { [ -z "$extra" ] || [ -n "$later" ]; }; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo "run $run: exited early:"; tail -5 "$log"; break; }
    sleep 0.05
  done
  echo "$id run $run: running after ${running:-?} ms${extra:+, \"$extra\" after ${later:-?} ms}"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
done
