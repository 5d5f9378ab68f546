#!/bin/sh
# Enrolls this node's agent once: creates (or updates) the director FULCRUM_AGENT_NAME with its
# management address and writes an enrollment token into the agent's state directory. Later starts
# find the token there and do nothing. FULCRUM_ADMIN_TOKEN: an admin token (Secret fulcrum-admin).
set -eu
TOKEN_FILE=/var/lib/fulcrum/agent/enrollment-token
if [ -s "$TOKEN_FILE" ]; then echo "enroll: $FULCRUM_AGENT_NAME is enrolled"; exit 0; fi
AUTH="Authorization: Bearer $FULCRUM_ADMIN_TOKEN"
i=0
until curl -fsS -o /dev/null "$FULCRUM_URL/q/health/ready"; do
  i=$((i + 1)); [ $i -lt 300 ] || { echo "enroll: $FULCRUM_URL is not ready" >&2; exit 1; }
  sleep 2
done
# keep what an operator set on an existing director (labels, description): create it only when missing
if ! curl -fsS -o /dev/null -H "$AUTH" "$FULCRUM_URL/api/v1/directors/$FULCRUM_AGENT_NAME"; then
  curl -fsS -X PUT -H "$AUTH" -H 'Content-Type: application/json' -H 'If-None-Match: *' \
    -d "{\"name\":\"$FULCRUM_AGENT_NAME\",\"managementAddress\":\"$FULCRUM_MANAGEMENT_ADDRESS\"}" \
    "$FULCRUM_URL/api/v1/directors/$FULCRUM_AGENT_NAME" >/dev/null
fi
curl -fsS -X POST -H "$AUTH" "$FULCRUM_URL/api/v1/directors/$FULCRUM_AGENT_NAME/enrollment-tokens" \
  | sed -n 's/.*"secret" *: *"\([^"]*\)".*/\1/p' > "$TOKEN_FILE.tmp"
[ -s "$TOKEN_FILE.tmp" ] || { echo "enroll: no enrollment token issued" >&2; exit 1; }
chmod 0600 "$TOKEN_FILE.tmp"
mv "$TOKEN_FILE.tmp" "$TOKEN_FILE"
echo "enroll: $FULCRUM_AGENT_NAME enrolled"
