#!/usr/bin/env bash
# fuzz.sh [MINUTES]: fuzzes every decoder that takes outside input (Jazzer, JAZZER_FUZZ=1), MINUTES each
# (default 10), one fuzz test class at a time. A crash or hang fails the run and leaves its input in
# the module's directory (crash-*, timeout-*): commit it under the test's *Inputs directory as a
# regression input once fixed. Jazzer's last status line per test (executions, exec/s, coverage,
# corpus) is printed at the end for docs/performance.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MINUTES=${1:-10}
# module  class (its @FuzzTest methods each run MINUTES)
TESTS=(
  "src/vrrp   io.fulcrum.vrrp.packet.AdvertCodecFuzzTest"
  "src/model  io.fulcrum.model.codec.DocumentCodecFuzzTest"
  "src/wire   io.fulcrum.wire.agent.DesiredStatesFuzzTest"
)
cd "$ROOT"
status=0
for t in "${TESTS[@]}"; do
  read -r module class <<<"$t"
  log=$(mktemp)
  echo "== $class: fuzzing each method for $MINUTES min" >&2
  # libFuzzer takes the last of repeated flags: this overrides @FuzzTest(maxDuration)
  if ! JAZZER_FUZZ=1 ./mvnw -B -o test -pl "$module" -am -Dtest="${class##*.}" \
      -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.internal.arg.0="-max_total_time=$((MINUTES * 60))" \
      >"$log" 2>&1; then
    status=1
    echo "== $class: FAILED (a crash, a hang or a build error): $log" >&2
  fi
  grep -E "^#[0-9]+\s+(DONE|pulse)|Done [0-9]+ runs|cov: " "$log" | tail -4 || true
  grep -E "Tests run:.*Fail" "$log" | tail -1 || true
done
exit $status
