#!/usr/bin/env bash
# Benchmark (not a test): REST reads (GET one virtual server) and writes (create a real server, with
# its audit record) per second and their latency, against the packaged control plane on its embedded
# PostgreSQL, with wrk on loopback. Bounded: each phase runs DURATION seconds.
# The JIT needs about half a minute of load before the figures settle: each phase is preceded by
# WARMUP seconds of the same load (not measured).
#   src/benchmarks/control-plane-rest.sh [DURATION] [CONNECTIONS] [WARMUP]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${1:-20}
CONNECTIONS=${2:-32}
WARMUP=${3:-30}
APP=$ROOT/src/control-plane/target/quarkus-app/quarkus-run.jar
[[ -f $APP ]] || { echo "build first: bin/fulcrum build" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

WORK=$(mktemp -d /tmp/fulcrum-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TOKEN=bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
B=http://127.0.0.1:$PORT/api/v1
H="Authorization: Bearer $TOKEN"

FULCRUM_DATA_DIR=$WORK/data FULCRUM_HTTP_PORT=$PORT FULCRUM_HTTPS_PORT=0 FULCRUM_HTTP_HOST=127.0.0.1 FULCRUM_ADMIN_TOKEN=$TOKEN \
  java -Xmx512m -jar "$APP" > "$WORK/control-plane.log" 2>&1 &
CP=$!
trap 'kill $CP 2>/dev/null; wait $CP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { cat "$WORK/control-plane.log"; exit 1; }

curl -sf -H "$H" -H 'Content-Type: application/json' -X POST "$B/virtual-servers" \
  -d '{"name":"bench-vs","address":"10.200.0.1","port":80,"scheduler":"wrr","realServers":[{"name":"rs1","address":"10.201.0.1"},{"name":"rs2","address":"10.201.0.2"}]}' >/dev/null

cat > "$WORK/write.lua" <<'LUA'
-- each request creates a new real server (unique name and address per thread and request)
local counter = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) tid = tid or 0 end
request = function()
  counter = counter + 1
  local n = tid * 1000000 + counter
  local body = string.format('{"name":"w%d","address":"10.%d.%d.%d","weight":1}', n, 100 + tid, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", nil, nil, body)
end
LUA

# CPU time (clock ticks) of the control plane's JVM and of its PostgreSQL (the postmaster and its backends)
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { # this cluster's postmaster and its backends (not another PostgreSQL on the machine, e.g. a test's)
  local t=0 p pm
  pm=$(head -1 "$WORK/data/postgres/cluster/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  for p in $pm $(pgrep -P "$pm"); do t=$((t + $(ticks "$p"))); done
  echo $t
}
HZ=$(getconf CLK_TCK)
mark() { JVM0=$(ticks $CP); PG0=$(pg_ticks); }

# wrk's --latency table: "99%" row; throughput: "Requests/sec:"; CPU per request since mark()
report() { # name file
  local rps p99 p50 non2xx n jvm pg
  rps=$(awk '/Requests\/sec/ {print $2}' "$2")
  p50=$(awk '$1=="50%" {print $2}' "$2")
  p99=$(awk '$1=="99%" {print $2}' "$2")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$2"); non2xx=${non2xx:-0}
  n=$(awk '/requests in/ {print $1}' "$2")
  jvm=$(( ($(ticks $CP) - JVM0) * 1000000 / HZ / n )); pg=$(( ($(pg_ticks) - PG0) * 1000000 / HZ / n ))
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   non-2xx %s   CPU per request: JVM %d us, PostgreSQL %d us\n' \
    "$1" "$rps" "$p50" "$p99" "$non2xx" "$jvm" "$pg"
}

echo "fulcrum control-plane REST benchmark: $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s warm-up, embedded PostgreSQL"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "$H" "$B/virtual-servers/bench-vs" >/dev/null # warm-up
mark
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$H" "$B/virtual-servers/bench-vs" > "$WORK/read.txt"
report "read: GET /virtual-servers/{name}" "$WORK/read.txt"
curl -sf -H "$H" -H 'Content-Type: application/json' -X POST "$B/virtual-servers" \
  -d '{"name":"warm-vs","address":"10.200.0.2","port":80}' >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$WORK/write.lua" -H "$H" -H 'Content-Type: application/json' \
  "$B/virtual-servers/warm-vs/real-servers" >/dev/null # warm-up
mark
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/write.lua" -H "$H" -H 'Content-Type: application/json' \
  "$B/virtual-servers/bench-vs/real-servers" > "$WORK/write.txt"
report "write: POST .../real-servers" "$WORK/write.txt"
echo "revision after the run: $(curl -s -H "$H" "$B/revision")"
echo "control plane RSS: $(ps -o rss= -p $CP | awk '{printf "%.0f MB", $1/1024}')"
