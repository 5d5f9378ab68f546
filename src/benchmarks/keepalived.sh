#!/usr/bin/env bash
# Benchmark (not a test): the same configuration given to Debian's keepalived and to Fulcrum's agent, in the
# kernel lab (keepalived's checker needs IPVS, which the build machines' kernel lacks). Prints, per case, the
# figures of both and the ratios Fulcrum / keepalived (issue 20; docs/performance.md).
#   src/benchmarks/keepalived.sh [--cases nat-tcp,dr-http] [--interval S] [--steady S] [--changes N]
#                                [--agent-interval S] [--timeout S] [SIZES...]
#   (or bin/fulcrum bench keepalived ...; SIZES default: 1000x10 2300x16 10000x10)
# The real servers are one responder in the VM (port 80 of 10.192.0.0/10, routed to its loopback). The agent's
# JVM runs with the options bin/fulcrum gives it (AGENT_JAVA_OPTS there), or $AGENT_JAVA_OPTS.
# SKIP_BUILD=1: use the classes already built. LAB_TIMEOUT: the VM's limit in seconds (default 14400).
# BENCH_OUT=DIR: keep the processes' logs, configurations and report.md there.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
if [[ -z ${SKIP_BUILD:-} ]]; then
  # no install: the reactor resolves the modules from this checkout
  ./mvnw -q -B -o -pl src/agent -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-keepalived.cp -Dmdep.includeScope=test >/dev/null
fi
command -v keepalived >/dev/null || { echo "bench keepalived: keepalived is not installed (apt-get install keepalived)" >&2; exit 1; }
keepalived --version 2>&1 | head -1 >&2
# a private copy of the classes and jars from this checkout, served to the VM page-cached: a rebuild during
# the run must not change them, and uncached class loading over 9p is slow; Maven's repository is cached anyway
RUN=$(mktemp -d /tmp/keepalived-bench.XXXXXX)
trap 'rm -rf "$RUN"' EXIT
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
