#!/bin/bash
# bench-server.sh [BUILD_DIR] [COMPANIES] [OBSERVATIONS]
#
# Load test of heeyu-server on loopback: a throwaway PostgreSQL, the
# datagen benchmark dataset (100,000 companies and 2,000,000 observations
# by default), a real HTTPS server, and bench-server (libcurl multi) as the
# second process simulating desktops.  Not a test: it prints figures for
# docs/performance.md.
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
B=$BUILD/bench/bench-server
DB="dbname=heeyu_bench"
psql -qc "CREATE DATABASE heeyu_bench"
echo "== dataset: $COMPANIES companies, $OBSERVATIONS observations"
t0=$(date +%s.%N)
"$BUILD/bench/heeyu-datagen" --companies "$COMPANIES" --observations "$OBSERVATIONS" --output "$W/bench.ndjson.gz"
t1=$(date +%s.%N)
echo "datagen: $(echo "$t1 - $t0" | bc) s, $(du -h "$W/bench.ndjson.gz" | cut -f1)"

"$S" --database "$DB" migrate
/usr/bin/time -f "import: %e s wall, %M KiB peak RSS (heeyu-server)" "$S" --database "$DB" import "$W/bench.ndjson.gz"
psql -d heeyu_bench -Atc "SELECT '\''records: '\'' || count(*) || '\'', table+indexes: '\'' || pg_size_pretty(pg_total_relation_size('\''records'\'')) FROM records"

: > "$W/tokens"
for i in $(seq 1 20); do "$S" --database "$DB" user add "bench$i" --role editor 2>/dev/null >> "$W/tokens"; done

"$SRC/tests/server/make-certs.sh" "$W/certs"
"$S" serve --database "$DB" --listen 127.0.0.1:0 --tls-cert "$W/certs/server.pem" --tls-key "$W/certs/server.key" \
  --access-log "$W/access.log" --workers "${WORKERS:-4}" --max-per-token 64 > "$W/serve.out" 2> "$W/serve.err" &
SERVER=$!
trap "kill $SERVER 2>/dev/null || true" EXIT
for _ in $(seq 1 100); do grep -q listening "$W/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n "s|.*https://127.0.0.1:\([0-9]*\).*|\1|p" "$W/serve.out" | head -1)
URL=https://localhost:$PORT
echo "== server on $URL ($(nproc) cores, shared by server, PostgreSQL and the client)"

run() { "$B" --url "$URL" --ca "$W/certs/ca.pem" --tokens "$W/tokens" "$@"; }
# Floor of a full pull: the same rows read straight from PostgreSQL, in the
# same run, so the pull is stated as a ratio to it.
N=$(psql -d heeyu_bench -Atc "SELECT count(*) FROM records WHERE NOT deleted")
for _ in 1 2 3; do
  t0=$(date +%s.%N)
  psql -d heeyu_bench -qc "\\copy (SELECT data FROM records ORDER BY seq) TO /dev/null"
  t1=$(date +%s.%N)
  echo "floor: psql \\copy of $N records (data, seq order): $(echo "$t1 - $t0" | bc) s = $(echo "$N / ($t1 - $t0)" | bc) records/s"
done
echo "-- full sync, 1 desktop, pages of 5000";   run --mode full --clients 1 --limit 5000 --cursor-file "$W/cursor"
echo "-- idle poll, 1 desktop, 304s";            run --mode poll --clients 1 --seconds 10 --etag --cursor-file "$W/cursor"
echo "-- 50 desktops pulling pages of 1000 (full syncs from scratch, again and again)"
run --mode pages --clients 50 --seconds 30 --limit 1000
echo "-- full sync, 4 desktops, pages of 1000";  run --mode full --clients 4 --limit 1000 --cursor-file "$W/cursor"
echo "-- floor: /v1/health, 100 desktops (TLS + HTTP, no database)"; run --mode health --clients 100 --seconds 15
echo "-- head polls, 100 desktops, 304s";        run --mode poll --clients 100 --seconds 15 --etag --cursor-file "$W/cursor"
echo "-- head polls, 100 desktops, no ETag";     run --mode poll --clients 100 --seconds 15 --cursor-file "$W/cursor"
echo "-- head polls while pushing";
run --mode push --clients 10 --seconds 15 > "$W/push-during.txt" &
PUSHER=$!
run --mode poll --clients 100 --seconds 15 --etag --cursor-file "$W/cursor"
wait $PUSHER
cat "$W/push-during.txt"
echo "-- pushes, 20 desktops, 1 note each";      run --mode push --clients 20 --seconds 15
ps -o rss=,cmd= -p $SERVER | awk "{print \"server RSS: \" \$1/1024 \" MiB\"}"
kill $SERVER; wait $SERVER 2>/dev/null || true
echo "access log lines: $(wc -l < "$W/access.log")"
'
