#!/usr/bin/env bash
# Benchmark (not a test), issues 13-15: delivery latency of the event source. The in-process control
# plane (EventsBench, a QuarkusTest on its embedded PostgreSQL) publishes agent events into its hub at
# RATE/s for SECONDS while SSE clients and gRPC Watch clients follow; each client measures publish ->
# received. The goal (issue 14): 100 clients, 1,000 changes/s, p99 <= 100 ms.
#   src/benchmarks/events.sh [SSE] [WATCH] [RATE] [SECONDS]   (or bin/fulcrum bench events)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
echo "load before: $(cat /proc/loadavg)   cores: $(nproc)   $(date -u +%FT%TZ)"
./mvnw -B -o -pl src/control-plane -am verify -Dtest=none -Dit.test=EventsBench \
  -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
  -Dbench.sse="${1:-50}" -Dbench.watch="${2:-50}" -Dbench.rate="${3:-1000}" -Dbench.seconds="${4:-10}" \
  | grep -E '^(watchers|SSE|gRPC Watch|published)'
