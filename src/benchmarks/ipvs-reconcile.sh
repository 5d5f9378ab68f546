#!/usr/bin/env bash
# Benchmark (not a test): the agent's IPVS reconcile in the kernel lab, against ipvsadm -R restoring
# the same rules in the same VM. Prints one row per table size.
#   src/benchmarks/ipvs-reconcile.sh [SERVICES...]      (default: 1000 10000, 10 destinations each)
# The agent's JVM runs with the options bin/fulcrum gives it (AGENT_JAVA_OPTS there), or $AGENT_JAVA_OPTS.
# The kernel's replies to a no-change reconcile are recorded in the lab and replayed on this host (same JVM
# options): the Java side timed outside emulation, the lab's slowdown measured on the same code, and the
# no-change reconcile outside emulation estimated from both. SKIP_BUILD=1: use the classes already built;
# BENCH_OUT=DIR: keep the recordings and the VM's figures there (else a temporary directory).
# Last, on the host: a Prometheus scrape of the agent's metrics at each size (MetricsScrapeBenchmark, issue 16).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
sizes=("$@"); [[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000)
if [[ -z ${SKIP_BUILD:-} ]]; then
  # no install: the reactor resolves the modules from this checkout (nothing of it goes to ~/.m2);
  # package compiles the tests too (-DskipTests only skips running them)
  ./mvnw -q -B -o -pl src/agent -am package -DskipTests
fi
# a private copy of the classpath: a rebuild during the run must not change the classes under a running JVM
RUN=$(mktemp -d /tmp/ipvs-bench.XXXXXX)
# the recordings and the VM's figures: written by the guest, so not a --cached directory
if [[ -n ${BENCH_OUT:-} ]]; then
  OUT=$BENCH_OUT; mkdir -p "$OUT"
  trap 'rm -rf "$RUN"' EXIT
else
  OUT=$(mktemp -d /tmp/ipvs-bench-out.XXXXXX)
  trap 'rm -rf "$RUN" "$OUT"' EXIT
fi
cp -r src/agent/target/test-classes src/agent/target/fulcrum-agent.jar src/agent/target/lib "$RUN/"
CP="$RUN/test-classes:$RUN/fulcrum-agent.jar:$RUN/lib/*"
JAVA=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
echo "kernel lab: $(nproc) host cores, code in the VM runs ~10-15x slower than on the host; compare ratios"
# the heap is capped as a director's agent would run: RSS shows what 10k x 10 costs
OPTS=${AGENT_JAVA_OPTS:-$(sed -n 's/^AGENT_JAVA_OPTS="\(.*\)"$/\1/p' bin/fulcrum)}
echo "agent JVM options: $OPTS"
# shellcheck disable=SC2086
src/kernel-lab/run --mem 3072 --timeout 3000 --cached "$RUN" -- "$JAVA" $OPTS -XX:-UsePerfData -cp "$CP" \
  io.fulcrum.agent.bench.ReconcileBenchmark --out "$OUT" "${sizes[@]}"
echo
echo "on this host, outside emulation: the recorded no-change dumps replayed (Java side only, warm JIT, same JVM options)"
# shellcheck disable=SC2086
"$JAVA" $OPTS -XX:-UsePerfData -cp "$CP" io.fulcrum.agent.bench.ReconcileBenchmark --replay "$OUT"
echo
echo "on this host: a Prometheus scrape of the agent's metrics holding each table size (same JVM options)"
for n in "${sizes[@]}"; do
  # shellcheck disable=SC2086
  "$JAVA" $OPTS -XX:-UsePerfData -cp "$CP" io.fulcrum.agent.bench.MetricsScrapeBenchmark "$n" 10 20 2>/dev/null | grep -v '^INFO\|MetricsServer start'
done
