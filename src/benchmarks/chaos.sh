#!/usr/bin/env bash
# Benchmark (not a test), issue 18: the fault-injection run. Two packaged control-plane replicas on one
# PostgreSQL (the embedded binaries started as a plain server), AGENTS simulated agents (real gRPC clients
# over TLS through a proxy per replica, applying every message as the agent does), REST writes at RATE/s,
# and seeded faults one after another for MINUTES: kill -9 of a replica, kill -9 of PostgreSQL's
# postmaster, kill -9 of agents, gRPC connections cut, a replica paused (SIGSTOP) past the agents'
# keepalive; each undone after its hold. Then the verdict: acknowledged writes missing from the export
# (0), their audit records, no agent applying an uncommitted revision, every agent at the final state
# within 10 s, and per fault type the count survived and the time to converge (ChaosBench, ChaosRun).
#   src/benchmarks/chaos.sh [MINUTES] [AGENTS] [RATE] [SEED]   (or bin/fulcrum bench chaos)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
echo "load before: $(cat /proc/loadavg)   cores: $(nproc)   $(date -u +%FT%TZ)"
./mvnw -B -o -pl src/control-plane -am verify -Dtest=none -Dit.test=ChaosBench \
  -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
  -Dchaos.minutes="${1:-5}" -Dchaos.agents="${2:-50}" -Dchaos.rate="${3:-5}" -Dchaos.seed="${4:-18}" \
  | sed -n 's/^chaos| //p; /Tests run:.*Fail/p; /BUILD/p'
