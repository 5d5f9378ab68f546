#!/bin/sh
# The demo's set-up, run once by docker-compose.yml's `setup` service: waits for the control plane,
# applies demo.json (directors lb1 and lb2, their VRRP group, the virtual server with two real servers)
# and issues each director an enrollment token into /enroll/NAME.token, where its agent reads it.
# The admin token is FULCRUM_ADMIN_TOKEN, the one the control plane was started with.
set -eu
URL=${FULCRUM_URL:-http://172.29.80.10:8080}
AUTH="Authorization: Bearer $FULCRUM_ADMIN_TOKEN"
i=0
until curl -fsS -o /dev/null "$URL/q/health/ready"; do
  i=$((i + 1)); [ $i -lt 300 ] || { echo "setup: the control plane at $URL is not ready" >&2; exit 1; }
  sleep 1
done
curl -fsS -X PUT -H "$AUTH" -H 'Content-Type: application/json' --data-binary @/demo/demo.json \
  "$URL/api/v1/config" >/dev/null
echo "setup: demo.json applied"
for name in lb1 lb2; do
  if [ -s "/enroll/$name.token" ]; then echo "setup: $name is enrolled already"; continue; fi
  curl -fsS -X POST -H "$AUTH" "$URL/api/v1/directors/$name/enrollment-tokens" \
    | sed -n 's/.*"secret" *: *"\([^"]*\)".*/\1/p' > "/enroll/$name.token.tmp"
  [ -s "/enroll/$name.token.tmp" ] || { echo "setup: no enrollment token for $name" >&2; exit 1; }
  mv "/enroll/$name.token.tmp" "/enroll/$name.token"
  echo "setup: enrollment token for $name issued"
done
