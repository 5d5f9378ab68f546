#!/usr/bin/env bash
# Benchmark (not a test), on this host: the agent's CPU per one-real-server delta with a large state applied,
# from the DesiredState's bytes to the ACK, over a recorded stream (AgentDeltaBenchmark, DeltaStream), at
# 1,000 x REALS and SERVICES x REALS (to show it does not grow with the table); then the RSS of an agent
# JVM holding SERVICES x REALS.
#   src/benchmarks/agent-delta.sh [SERVICES] [REALS] [DELTAS]      (default: 10000 10 2000)
# Every JVM runs with the options bin/fulcrum gives the agent (AGENT_JAVA_OPTS there), or $AGENT_JAVA_OPTS;
# the CPU runs with the heap limit CPU_HEAP instead (default 1g): with every real server health-checked,
# 10,000 x 10 does not fit the launcher's -Xmx96m (the RSS run, with the options as they are, shows it).
# The stream is recorded once (a larger heap: the generator is not the agent) in BENCH_OUT (default
# target/agent-delta); DELTAS deltas are warm-up, DELTAS more are measured. SKIP_BUILD=1: use the classes built.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
services=${1:-10000}; reals=${2:-10}; deltas=${3:-2000}
if [[ -z ${SKIP_BUILD:-} ]]; then
  ./mvnw -q -B -o -pl src/agent -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
OUT=${BENCH_OUT:-$ROOT/target/agent-delta}
mkdir -p "$OUT"
# a private copy of the project's classes: a rebuild during the run must not change them under a running JVM
RUN=$(mktemp -d /tmp/agent-delta.XXXXXX)
trap 'rm -rf "$RUN"' EXIT
CP=""
n=0
for entry in src/agent/target/classes src/agent/target/test-classes $(tr ':' ' ' < src/agent/target/test-classpath.txt); do
  if [[ $entry == "$ROOT"/* || $entry != /* ]]; then
    n=$((n + 1)); cp -r "$entry" "$RUN/$n"; entry="$RUN/$n"
  fi
  CP="$CP${CP:+:}$entry"
done
JAVA=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
OPTS=${AGENT_JAVA_OPTS:-$(sed -n 's/^AGENT_JAVA_OPTS="\(.*\)"$/\1/p' bin/fulcrum)}
CPU_OPTS=$(echo "$OPTS" | sed "s/-Xmx[0-9]*[kmgKMG]*/-Xmx${CPU_HEAP:-1g}/")
MAIN=io.fulcrum.agent.bench.AgentDeltaBenchmark
echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); agent JVM options: $OPTS"
echo "CPU runs: $CPU_OPTS"
echo "CPU per delta: the threads that do the work (parse, control-plane client, agent loop), and the process"
echo "(GC and JIT included) over the measured series; health checks configured, their timer never moves (no probe)"
sizes=(1000); [[ $services -ne 1000 ]] && sizes+=("$services")
for s in "${sizes[@]}"; do
  stream=$("$JAVA" -Xmx2g -XX:-UsePerfData -cp "$CP" $MAIN --record "$OUT" "$s" "$reals" $((2 * deltas)))
  # shellcheck disable=SC2086
  "$JAVA" $CPU_OPTS -XX:-UsePerfData -cp "$CP" $MAIN --replay "$stream" "$deltas" 2>/dev/null
done
echo "RSS of an agent JVM holding $services x $reals (its IPVS kernel keeps nothing: the table is the kernel's):"
# a heap too small for the state does not end by itself (the collector runs on and on): bounded
# shellcheck disable=SC2086
timeout 120 "$JAVA" $OPTS -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -cp "$CP" $MAIN --hold "$stream" 2>/dev/null \
  || { echo "  not held with the launcher's options (out of memory, or still collecting after 2 minutes); with $CPU_OPTS:"
       # shellcheck disable=SC2086
       "$JAVA" $CPU_OPTS -XX:-UsePerfData -cp "$CP" $MAIN --hold "$stream" 2>/dev/null; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
