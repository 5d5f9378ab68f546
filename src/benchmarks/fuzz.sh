#!/usr/bin/env bash
# fuzz.sh [MINUTES]: fuzzes every decoder that takes outside input (Jazzer, JAZZER_FUZZ=1) for MINUTES per
# fuzz test method (default 10), one at a time. A fuzz test stops at its @FuzzTest(maxDuration) (10 min)
# or when MINUTES are up (its process group then gets SIGINT from timeout(1): libFuzzer stops cleanly; a
# SIGTERM would make it save the input in flight as a crash). A crash or a hang fails the run; Jazzer
# saves its input as crash-*/timeout-* in the test's *Inputs/METHOD/ directory: fix the decoder and commit
# the input there, a regression input from then on. Jazzer's
# last status line per method (executions, exec/s, coverage, corpus) is printed for docs/performance.md.
# ONLY=REGEX picks some of the targets (matched against "module class#method").
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MINUTES=${1:-10}
# module  class#method
TESTS=(
  "src/vrrp   AdvertCodecFuzzTest#anIpv4DatagramDecodesOrIsDropped"
  "src/vrrp   AdvertCodecFuzzTest#anIpv6AdvertDecodesOrIsDropped"
  "src/model  DocumentCodecFuzzTest#anyTextIsADocumentOrRefusedWithFieldErrors"
  "src/wire   DesiredStatesFuzzTest#aControlMessageIsAppliedOrRefused"
  "src/netlink  NetlinkReplyFuzzTest#attributesAreReadOrMalformed"
  "src/netlink  NetlinkReplyFuzzTest#aReplyDatagramIsReadOrRefused"
  "src/netlink  IpvsReplyFuzzTest#anIpvsReplyIsReadOrRefused"
  "src/netlink  RouteReplyFuzzTest#aRouteReplyIsReadOrRefused"
  "src/control-plane  AgentReportsFuzzTest#anAgentMessageIsReadOrRefused"
  "src/keepalived  KeepalivedReaderFuzzTest#anyFilesAreImportedOrRefusedWithFileAndLine"
)
# ONLY=PATTERN: only the methods whose "module class#method" matches PATTERN (grep -E), e.g. ONLY=netlink
if [[ -n ${ONLY:-} ]]; then
  mapfile -t TESTS < <(printf '%s\n' "${TESTS[@]}" | grep -E -- "$ONLY")
fi
cd "$ROOT"
status=0
for t in "${TESTS[@]}"; do
  read -r module test <<<"$t"
  log=$(mktemp --suffix=.fuzz.log)
  echo "== $test ($module): fuzzing for up to $MINUTES min; log $log" >&2
  # the build and JVM start come on top of the fuzzing time
  before=$(find src -path '*FuzzTestInputs*' \( -name 'crash-*' -o -name 'timeout-*' \) | sort)
  timeout -s INT -k 30 $((MINUTES * 60 + 90)) env JAZZER_FUZZ=1 ./mvnw -B -o test -pl "$module" -am \
    -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  rc=$?
  if grep -qE "== Java Exception|FuzzTest.*FAIL|Tests run:.*(Failures: [1-9]|Errors: [1-9])|ERROR\] COMPILATION" "$log"; then
    status=1
    echo "== $test: FAILED (a crash, a hang or a build error)" >&2
  elif [[ $(find src -path '*FuzzTestInputs*' \( -name 'crash-*' -o -name 'timeout-*' \) | sort) != "$before" ]]; then
    status=1
    echo "== $test: FAILED: a new crash or timeout input under src/*/src/test/resources" >&2
  elif [[ $rc -ne 0 && $rc -ne 124 && $rc -ne 137 ]]; then
    status=1
    echo "== $test: the build failed (exit $rc)" >&2
  fi
  grep -E "^#[0-9]+" "$log" | tail -1
  grep -E "INFO: Loaded [0-9]+|Done [0-9]+ runs" "$log" | tail -2 || true
done
exit $status
