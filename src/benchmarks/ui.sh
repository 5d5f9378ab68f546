#!/usr/bin/env bash
# Benchmark (not a test), issue 14: the dashboard with 10,000 virtual servers x 10 real servers stored,
# in Debian's headless Chromium (UiBench, in the control plane's test sources, in-process with its
# embedded PostgreSQL and the built web-ui/): the virtual servers list's first render, a filter
# keystroke to the updated list, and the bundle's gzipped size. Goals: <= 1.5 s, <= 100 ms, <= 300 kB.
#   src/benchmarks/ui.sh   (or bin/fulcrum bench ui)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
echo "load before: $(cat /proc/loadavg)   cores: $(nproc)   $(date -u +%FT%TZ)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 ./mvnw -B -q -pl src/control-plane -am verify -Dtest=none -Dit.test=UiBench \
  -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false 2>&1 \
  | grep -E '^(stored|list|filter|bundle)|ERROR|FAIL' || true
