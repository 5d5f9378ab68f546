#!/bin/sh
# A first start creates the cluster with the given database, user and password; every start runs it.
set -eu
BIN=/usr/lib/postgresql/15/bin
DATA=/var/lib/postgresql/data
mkdir -p "$DATA" /run/postgresql
chown postgres:postgres "$DATA" /run/postgresql
chmod 0700 "$DATA"
if [ ! -s "$DATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
  chown postgres /tmp/pwfile
  su postgres -s /bin/sh -c "$BIN/initdb -D $DATA -U '$POSTGRES_USER' --pwfile=/tmp/pwfile -A scram-sha-256" >/dev/null
  rm -f /tmp/pwfile
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$DATA/pg_hba.conf"
  su postgres -s /bin/sh -c "$BIN/postgres --single -D $DATA postgres" <<SQL >/dev/null
CREATE DATABASE "$POSTGRES_DB" OWNER "$POSTGRES_USER";
SQL
fi
exec setpriv --reuid postgres --regid postgres --init-groups "$BIN/postgres" -D "$DATA" -c listen_addresses='*'
