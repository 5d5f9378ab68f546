#!/usr/bin/env bash
# Health checker benchmark (issue 6): one HealthMonitor checking 1,000 and 10,000 real servers every
# second over TCP and HTTP (keep-alive off), inside a network namespace that has only a loopback
# (so every listener and every check stays on loopback). The real servers are one Java process
# (BenchServer) listening on ports 10000 (tcp) and 10080 (http) of all 127.1.0.0/16 addresses.
#
#   src/benchmarks/health-checks.sh [SECONDS] [IO_THREADS]   (root: it creates the namespace fh-bench)
#   (or bin/fulcrum bench health [SECONDS] [IO_THREADS])
set -euo pipefail
SECONDS_MEASURED=${1:-20}
THREADS=${2:-1}
# A small fixed heap with a young generation whose survivors hold what lives one interval (each check's
# next-round timer and last result), so that it dies young instead of filling the old generation;
# C1 only: less compiler memory and CPU, and no slower here (the work is system calls and allocation).
HEAP=${HEAP:-"-Xms64m -Xmx64m -Xmn32m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90 -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"}
cd "$(dirname "$0")/../.."
NS=fh-bench

# no install: the reactor resolves the modules from this checkout (nothing of it goes to ~/.m2)
./mvnw -q -B -pl src/health -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
CP="src/health/target/classes:src/health/target/test-classes:$(cat src/health/target/bench.cp)"

ip netns del $NS 2>/dev/null || true
ip netns add $NS
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; ip netns del $NS 2>/dev/null || true; }
trap cleanup EXIT
ip -n $NS link set lo up

ip netns exec $NS java -Xmx128m -XX:+UseSerialGC -cp "$CP" io.fulcrum.health.bench.BenchServer 1 > /tmp/fh-bench-server.log 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q ready /tmp/fh-bench-server.log 2>/dev/null && break; sleep 0.1; done
grep -q ready /tmp/fh-bench-server.log || { echo "bench server did not start"; cat /tmp/fh-bench-server.log; exit 1; }

echo "load before: $(cat /proc/loadavg)   cores: $(nproc)   $(date -u +%FT%TZ)"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # one descriptor per check in flight
for run in "tcp 1000" "tcp 10000" "http 1000" "http 10000"; do
  # shellcheck disable=SC2086
  ip netns exec $NS java $HEAP -Xlog:gc:file=/tmp/fh-bench-gc.log -cp "$CP" io.fulcrum.health.bench.HealthBenchmark $run "$SECONDS_MEASURED" "$THREADS"
  echo "  gc (whole run, warm-up included): $(grep -c 'Pause Young' /tmp/fh-bench-gc.log) young, $(grep -c 'Pause Full' /tmp/fh-bench-gc.log) full"
  echo "  load: $(cat /proc/loadavg)"
done
