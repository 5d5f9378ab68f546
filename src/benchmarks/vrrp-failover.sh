#!/usr/bin/env bash
# Benchmark (not a test), issue 5: VRRP failover time, Fulcrum (VrrpMain, test code) against keepalived, in network
# namespaces of this host's kernel: kill -9 and graceful stop (SIGTERM) of the master, for VRRPv3 at
# 100 ms and VRRPv2 at 1 s adverts, timed to the first echo reply from the backup; and a soak next to a
# CPU-saturating neighbour counting false failovers. The measurement is src/benchmarks/vrrp-failover.py.
#   src/benchmarks/vrrp-failover.sh [--runs N] [--soak SECONDS] [--case v3|v2] [--only fulcrum|keepalived]
#   (or bin/fulcrum bench vrrp ...; root: it creates namespaces fvb-*)
# Defaults: 20 runs per case at v3 @ 100 ms, 10 at v2 @ 1 s (about 10 minutes), no soak.
# Fulcrum's JVM runs with the options bin/fulcrum gives the agent (AGENT_JAVA_OPTS there), or $VRRP_JAVA_OPTS.
# BUILD_LOCK=FILE runs Maven under flock FILE (machines where several builds share the local repository).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
[[ $(id -u) -eq 0 ]] || { echo "vrrp bench: needs root (network namespaces, raw sockets)" >&2; exit 2; }
mvn_() { if [[ -n ${BUILD_LOCK:-} ]]; then flock "$BUILD_LOCK" ./mvnw -q -B "$@"; else ./mvnw -q -B "$@"; fi; }
# VrrpMain is test code (io.fulcrum.vrrp.VrrpMain in src/vrrp/src/test): build the module and its test classes in one
# reactor, which also resolves the sibling modules to their target/classes (no install into ~/.m2)
mvn_ -pl src/vrrp -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=runtime >/dev/null
# a private copy of the classes: a rebuild during the run must not change them under the JVMs it restarts
RUN=$(mktemp -d /tmp/vrrp-bench-cp.XXXXXX)
trap 'rm -rf "$RUN"' EXIT
cp -r src/vrrp/target/classes "$RUN/classes"
cp -r src/vrrp/target/test-classes "$RUN/test-classes"
mkdir "$RUN/lib" "$RUN/modules"
CP="$RUN/classes:$RUN/test-classes"
while read -r entry; do
  [[ -n $entry ]] || continue
  if [[ -d $entry ]]; then # a sibling module's target/classes
    copy="$RUN/modules/$(basename "$(dirname "$(dirname "$entry")")")"
    cp -r "$entry" "$copy"
    CP="$CP:$copy"
  else
    cp "$entry" "$RUN/lib/"
  fi
done < <(tr ':' '\n' < src/vrrp/target/bench.cp)
CP="$CP:$RUN/lib/*"
JAVA=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
[[ -x $JAVA ]] || JAVA=$(command -v java)
OPTS=${VRRP_JAVA_OPTS:-$(sed -n 's/^AGENT_JAVA_OPTS="\(.*\)"$/\1/p' bin/fulcrum)}
PY=/usr/bin/python3; [[ -x $PY ]] || PY=$(command -v python3)
"$PY" src/benchmarks/vrrp-failover.py --java "$JAVA" --java-opts "$OPTS" --classpath "$CP" "$@"
