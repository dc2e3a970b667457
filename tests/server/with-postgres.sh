#!/bin/bash
# with-postgres.sh CMD [ARGS...]
#
# Runs CMD against a throwaway PostgreSQL cluster in a temporary directory:
# unix socket only, fsync off, removed on exit.  CMD sees PGHOST, PGPORT,
# PGUSER and PGDATABASE (libpq's PQconnectdb("") picks them up) and
# HEEYU_TEST_PGDIR (the temporary directory, for its own files).
#
# As root, the cluster runs as the postgres user (initdb refuses root);
# otherwise as the calling user.
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres.sh: no PostgreSQL server binaries (install postgresql)" >&2
  exit 1
fi

D=$(mktemp -d "${TMPDIR:-/tmp}/heeyu-pg.XXXXXX")
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$D"
  as_pg() { runuser -u postgres -- "$@"; }
  DBUSER=postgres
else
  as_pg() { "$@"; }
  DBUSER=$(id -un)
fi
chmod 711 "$D"

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$D/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$D"
}
trap cleanup EXIT INT TERM

as_pg "$PGBIN/initdb" -D "$D/data" -U "$DBUSER" -A trust -E UTF8 --no-locale --no-sync \
  >"$D/initdb.log" 2>&1 || { cat "$D/initdb.log" >&2; exit 1; }
# Port only names the socket file; nothing listens on TCP.
PORT=$(( 20000 + RANDOM % 20000 ))
if ! as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/postgres.log" -w -t 60 \
     -o "-k $D -p $PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
     start >/dev/null; then
  cat "$D/postgres.log" >&2
  exit 1
fi

# The test's own files go in a directory it owns.
W="$D/work"
mkdir -p "$W"
export PGHOST=$D PGPORT=$PORT PGUSER=$DBUSER PGDATABASE=postgres HEEYU_TEST_PGDIR=$W
set +e
"$@"
rc=$?
set -e
exit $rc
