#!/usr/bin/env bash
# Benchmark (not a test), issue 4: convergence latency from a REST commit to the ACK of every
# affected director, for 1, 10 and 100 agents (real gRPC clients over TLS, see ConvergenceBench)
# with 1,000 virtual servers, and the control plane's CPU and memory while doing it. The packaged
# control plane runs on its embedded PostgreSQL; everything stays on loopback. Bounded: CHANGES
# changes per run, after WARMUP unmeasured ones (default 500: a new JVM's JIT compiles the control
# plane's code over the first hundreds of changes, a one-time cost that would swamp the cost per
# change; WARMUP=0 measures a cold JVM). CP_JAVA_OPTS: extra JVM options of the control plane, e.g.
# CP_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/cp.jfr,settings=profile. PG_STATEMENTS=FILE: the
# embedded PostgreSQL logs every statement (log_statement = all) and its log is kept in FILE.AGENTS.
#   [WARMUP=N] src/benchmarks/agent-convergence.sh [CHANGES] [AGENTS...]   (or bin/fulcrum bench agents)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CHANGES=${1:-300}
shift || true
if [[ $# -gt 0 ]]; then RUNS=("$@"); else RUNS=(1 10 100); fi
APP=$ROOT/src/control-plane/target/quarkus-app/quarkus-run.jar
[[ -f $APP ]] || { echo "build first: bin/fulcrum build" >&2; exit 2; }
cd "$ROOT"
./mvnw -q -B -pl src/control-plane -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
CPATH="src/control-plane/target/test-classes:src/control-plane/target/classes:$(cat src/control-plane/target/bench.cp)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
echo "load before: $(cat /proc/loadavg)   cores: $(nproc)   $(date -u +%FT%TZ)"
for agents in "${RUNS[@]}"; do
  WORK=$(mktemp -d /tmp/fulcrum-conv.XXXXXX)
  HTTP=$(free_port); GRPC=$(free_port)
  TOKEN=bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
  FULCRUM_DATA_DIR=$WORK/data FULCRUM_HTTP_PORT=$HTTP FULCRUM_HTTPS_PORT=0 FULCRUM_HTTP_HOST=127.0.0.1 FULCRUM_GRPC_PORT=$GRPC FULCRUM_GRPC_HOST=127.0.0.1 \
    FULCRUM_ADMIN_TOKEN=$TOKEN java -Xmx512m ${CP_JAVA_OPTS:-} -jar "$APP" > "$WORK/control-plane.log" 2>&1 &
  CP=$!
  trap 'kill $CP 2>/dev/null; wait $CP 2>/dev/null; rm -rf "$WORK"' EXIT
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$HTTP/q/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$HTTP/q/health/ready" >/dev/null || { cat "$WORK/control-plane.log"; exit 1; }
  if [[ -n ${PG_STATEMENTS:-} ]]; then
    CONF=$(find "$WORK/data" -name postgresql.conf | head -1)
    printf "\nlog_statement = 'all'\nlog_line_prefix = '%%m [%%p] '\n" >> "$CONF"
    kill -HUP "$(head -1 "$(dirname "$CONF")/postmaster.pid")"
  fi
  java -Xmx1g -cp "$CPATH" io.fulcrum.controlplane.bench.ConvergenceBench "$HTTP" "$GRPC" "$WORK/data/tls/grpc-cert.pem" "$TOKEN" "$CP" "$agents" "$CHANGES" "${WARMUP:-500}"
  kill $CP; wait $CP 2>/dev/null || true
  [[ -z ${PG_STATEMENTS:-} ]] || cp "$(find "$WORK/data" -name server.log | head -1)" "$PG_STATEMENTS.$agents"
  rm -rf "$WORK"
  trap - EXIT
done
