#!/usr/bin/env bash
# Benchmark (not a test): the same configuration given to Debian's keepalived and to Fulcrum's agent, in the
# kernel lab (keepalived's checker needs IPVS, which the build machines' kernel lacks). Prints, per case, the
# figures of both and the ratios Fulcrum / keepalived (issue 20; docs/performance.md).
#   src/benchmarks/keepalived.sh [--cases nat-tcp,dr-http] [--interval S] [--steady S] [--changes N]
#                                [--agent-interval S] [--timeout S] [--series-budget S] [SIZES...]
#   (or bin/fulcrum bench keepalived ...; SIZES default: 1000x10 2300x16 10000x10)
# The real servers are one responder in the VM (port 80 of 10.192.0.0/10, routed to its loopback). The agent's
# JVM runs with the options bin/fulcrum gives it (AGENT_JAVA_OPTS there), or $AGENT_JAVA_OPTS. The packaged
# control plane runs on this host (embedded PostgreSQL, loopback ports, gRPC certificate for 10.0.2.2, which is
# this host's loopback seen from the VM) for the agent connected to it in the VM and the changes through REST.
# SKIP_BUILD=1: use the classes and the control plane already built. BENCH_CONTROL_PLANE=0: no control plane
# (those figures are left out). LAB_TIMEOUT: the VM's limit in seconds (default 14400).
# BENCH_OUT=DIR: keep the processes' logs, configurations and report.md there.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
CONTROL_PLANE=${BENCH_CONTROL_PLANE:-1}
if [[ -z ${SKIP_BUILD:-} ]]; then
  # no install: the reactor resolves the modules from this checkout
  ./mvnw -q -B -o -pl src/agent -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-keepalived.cp -Dmdep.includeScope=test >/dev/null
  if [[ $CONTROL_PLANE != 0 ]]; then
    ./mvnw -q -B -o -pl src/control-plane -am package -DskipTests >/dev/null
  fi
fi
command -v keepalived >/dev/null || { echo "bench keepalived: keepalived is not installed (apt-get install keepalived)" >&2; exit 1; }
keepalived --version 2>&1 | head -1 >&2
# a private copy of the classes and jars from this checkout, served to the VM page-cached: a rebuild during
# the run must not change them, and uncached class loading over 9p is slow; Maven's repository is cached anyway
RUN=$(mktemp -d /tmp/keepalived-bench.XXXXXX)
CPDIR=""
CPPID=""
cleanup() {
  if [[ -n $CPPID ]]; then kill "$CPPID" 2>/dev/null || true; wait "$CPPID" 2>/dev/null || true; fi
  rm -rf "$RUN"
  if [[ -n $CPDIR ]]; then rm -rf "$CPDIR"; fi
}
trap cleanup EXIT
CP=""
i=0
IFS=: read -r -a entries <<< "src/agent/target/test-classes:src/agent/target/classes:$(cat src/agent/target/bench-keepalived.cp)"
for e in "${entries[@]}"; do
  [[ -n $e ]] || continue
  case "$e" in
    "$ROOT"/*|src/*) i=$((i + 1)); cp -r "$e" "$RUN/$i-$(basename "$e")"; e="$RUN/$i-$(basename "$e")";;
  esac
  CP="$CP${CP:+:}$e"
done
OUT=${BENCH_OUT:-/dev/shm/bench-keepalived}
JAVA=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
if [[ $CONTROL_PLANE != 0 ]]; then
  APP=$ROOT/src/control-plane/target/quarkus-app/quarkus-run.jar
  [[ -f $APP ]] || { echo "bench keepalived: no packaged control plane ($APP): build it, or BENCH_CONTROL_PLANE=0" >&2; exit 1; }
  CPDIR=$(mktemp -d /tmp/keepalived-bench-cp.XXXXXX)
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  HTTP=$(free_port); GRPC=$(free_port)
  ADMIN=bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
  FULCRUM_DATA_DIR=$CPDIR/data FULCRUM_HTTP_PORT=$HTTP FULCRUM_HTTPS_PORT=0 FULCRUM_HTTP_HOST=127.0.0.1 \
    FULCRUM_GRPC_PORT=$GRPC FULCRUM_GRPC_HOST=127.0.0.1 FULCRUM_GRPC_TLS_NAMES=10.0.2.2 FULCRUM_ADMIN_TOKEN=$ADMIN \
    "$JAVA" -Xmx1g -jar "$APP" >"$CPDIR/control-plane.log" 2>&1 &
  CPPID=$!
  for _ in $(seq 1 360); do curl -sf "http://127.0.0.1:$HTTP/q/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$HTTP/q/health/ready" >/dev/null \
    || { echo "bench keepalived: the control plane did not start:" >&2; tail -40 "$CPDIR/control-plane.log" >&2; exit 1; }
  rest() { curl -sf --max-time 30 -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$@"; }
  # the director as the fleet's document has it, and its enrollment token for the agent in the VM
  rest -X PUT "http://127.0.0.1:$HTTP/api/v1/directors/lb1" -d '{"name":"lb1","managementAddress":"192.0.2.1"}' >/dev/null
  rest -X POST "http://127.0.0.1:$HTTP/api/v1/directors/lb1/enrollment-tokens" -d '{"description":"bench keepalived"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])' >"$CPDIR/token"
  export BENCH_CP_HTTP=http://10.0.2.2:$HTTP BENCH_CP_GRPC=https://10.0.2.2:$GRPC BENCH_CP_CA=$CPDIR/data/tls/grpc-cert.pem \
    BENCH_CP_TOKEN_FILE=$CPDIR/token BENCH_CP_ADMIN=$ADMIN
  echo "control plane on this host: REST 127.0.0.1:$HTTP, gRPC 127.0.0.1:$GRPC (log: $CPDIR/control-plane.log while it runs)" >&2
fi
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$(sed -n 's/^AGENT_JAVA_OPTS="\(.*\)"$/\1/p' bin/fulcrum)}
export AGENT_JAVA_OPTS
echo "kernel lab: $(nproc) host cores, 2 vCPUs under TCG emulation (no KVM): absolute figures are emulated, compare ratios" >&2
echo "host: $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)" >&2
# the bench's own JVM: C1 only and a serial collector, so that it takes as little of the two vCPUs as it can
src/kernel-lab/run --mem 3072 --timeout "${LAB_TIMEOUT:-14400}" --cached "$RUN" -- bash -c '
  ip route add local 10.192.0.0/10 dev lo
  ulimit -n 1048576 2>/dev/null || ulimit -n 65536
  exec "$@"' bench "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx768m -XX:-UsePerfData \
  -Dbench.dir="$OUT" -cp "$CP" io.fulcrum.agent.bench.keepalived.KeepalivedBenchmark "$@"
