#!/bin/bash
# bench-sync.sh [BUILD_DIR] [COMPANIES] [OBSERVATIONS]
#
# Full sync of the benchmark dataset (100,000 companies and 2,000,000
# observations by default) from heeyu-server on loopback into a new cache,
# with `heeyu --sync` as a desktop would run it: records per second, peak
# RSS, time per phase; then an idle sync (304).  Not a test: it prints
# figures for docs/performance.md, "## Sync".
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
COMPANIES=${2:-100000}
OBSERVATIONS=${3:-2000000}
export BUILD COMPANIES OBSERVATIONS SRC

exec "$SRC/tests/server/with-postgres.sh" bash -c '
set -euo pipefail
W=$HEEYU_TEST_PGDIR
S=$BUILD/server/heeyu-server
DB="dbname=heeyu_bench"
psql -qc "CREATE DATABASE heeyu_bench"
"$BUILD/bench/heeyu-datagen" --companies "$COMPANIES" --observations "$OBSERVATIONS" --output "$W/bench.ndjson.gz"
"$S" --database "$DB" migrate >/dev/null
/usr/bin/time -f "server import: %e s" "$S" --database "$DB" import "$W/bench.ndjson.gz" >/dev/null
TOKEN=$("$S" --database "$DB" user add bench --role editor 2>/dev/null)
"$SRC/tests/server/make-certs.sh" "$W/certs"
"$S" serve --database "$DB" --listen 127.0.0.1:0 --tls-cert "$W/certs/server.pem" --tls-key "$W/certs/server.key" \
  --workers 2 > "$W/serve.out" 2> "$W/serve.err" &
SERVER=$!
trap "kill $SERVER 2>/dev/null || true" EXIT
for _ in $(seq 1 100); do grep -q listening "$W/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n "s|.*https://127.0.0.1:\([0-9]*\).*|\1|p" "$W/serve.out" | head -1)
URL=https://localhost:$PORT
RECORDS=$(psql -d heeyu_bench -Atc "SELECT count(*) FROM records WHERE NOT deleted")
echo "== $RECORDS records on $URL ($(nproc) cores shared by server, PostgreSQL and client)"

export HEEYU_TOKEN=$TOKEN XDG_DATA_HOME=$W/desktop GSETTINGS_BACKEND=memory
stamp() { while IFS= read -r line; do printf "%8.2f %s\n" "$(echo "$(date +%s.%N) - $T0" | bc)" "$line"; done; }
T0=$(date +%s.%N)
/usr/bin/time -f "full sync: %e s wall, %U s user, %S s sys, %M KiB peak RSS (heeyu --sync)" \
  "$BUILD/app/heeyu" --sync --server "$URL" --ca-file "$W/certs/ca.pem" 2>&1 | stamp | \
  awk "{ phase = \$3 \" \" \$4; if (\$0 !~ /: [0-9]*\/[0-9]*\$/ || phase != last) print; last = phase }" || true
T1=$(date +%s.%N)
echo "records/s: $(echo "$RECORDS / ($T1 - $T0)" | bc)"
ls -l "$W/desktop/heeyu/heeyu.db" | awk "{print \"cache size: \" \$5/1048576 \" MiB\"}"
# The floor beside it, same run: the same records through the file import
# (one parse and one write per record, no network, no staging).
XDG_DATA_HOME=$W/import /usr/bin/time -f "floor, heeyu --import of the same records: %e s wall, %U s user, %S s sys, %M KiB peak RSS" \
  "$BUILD/app/heeyu" --import "$W/bench.ndjson.gz" 2>&1 | tail -1
T0=$(date +%s.%N)
"$BUILD/app/heeyu" --sync --server "$URL" --ca-file "$W/certs/ca.pem" 2>&1 | tail -1
"$BUILD/app/heeyu" --sync --server "$URL" --ca-file "$W/certs/ca.pem" 2>&1 | tail -2 | head -1
T1=$(date +%s.%N)
echo "two idle syncs: $(echo "$T1 - $T0" | bc) s"
# An incremental sync of 1,000 changed companies (the server import bumps
# their revs), end to end: the process start, the pull and the apply.
psql -d heeyu_bench -Atc "SELECT json_build_object ('"'"'kind'"'"', kind, '"'"'id'"'"', id, '"'"'data'"'"',
  data || jsonb_build_object ('"'"'name_en'"'"', (data->>'"'"'name_en'"'"') || '"'"' (changed)'"'"'))
  FROM records WHERE kind = '"'"'company'"'"' AND NOT deleted ORDER BY id LIMIT 1000" > "$W/changed.ndjson"
"$S" --database "$DB" import "$W/changed.ndjson" >/dev/null
# Its phases come from the sync'"'"'s debug timings.
T0=$(date +%s.%N)
G_MESSAGES_DEBUG=all /usr/bin/time -f "incremental sync of 1,000 changed records: %e s wall, %U s user, %S s sys, %M KiB peak RSS" \
  "$BUILD/app/heeyu" --sync --server "$URL" --ca-file "$W/certs/ca.pem" 2>&1 | \
  grep -E "DEBUG.*sync:|incremental sync of" | sed "s/.*DEBUG: [0-9:.]*: //"
T1=$(date +%s.%N)
echo "incremental sync, end to end: $(echo "$T1 - $T0" | bc) s"
'
