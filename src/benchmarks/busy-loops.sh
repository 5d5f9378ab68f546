#!/usr/bin/env bash
# busy-loops.sh COMMAND [ARGS...]: runs COMMAND next to a CPU-saturating neighbour, one busy loop per
# core (as another user's work would load the machine), and stops the loops when COMMAND ends.
# Its exit status is COMMAND's. The tests must hold like this: real time asserts order and windows,
# timing is asserted with fake clocks. Used by `bin/fulcrum test --busy`; any command works:
#   src/benchmarks/busy-loops.sh ./mvnw -B verify -pl src/health -am
set -uo pipefail
[[ $# -gt 0 ]] || { echo "usage: busy-loops.sh COMMAND [ARGS...]" >&2; exit 2; }
cores=${FULCRUM_BUSY_LOOPS:-$(nproc)}
pids=()
stop() { [[ ${#pids[@]} -gt 0 ]] && kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null; pids=(); }
trap stop EXIT
trap 'stop; exit 130' INT TERM
for ((i = 0; i < cores; i++)); do
  bash -c 'while :; do :; done' &
  pids+=($!)
done
echo "busy-loops: $cores busy loop(s) running next to: $*" >&2
"$@"
status=$?
stop
echo "busy-loops: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
exit $status
