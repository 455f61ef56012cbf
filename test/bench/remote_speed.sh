#!/usr/bin/env bash
# Remote speed (issue 15): what delegating to a remote schema costs, through
# graphql-server, against calling the database and the service separately.
#
# The ordering service of test/remote/services.js (graphql-js served by
# graphql-http, Node) runs on loopback, merged as remote schema "ordering";
# a table request(id, order_id, note) of 1,000 rows has a remote
# relationship "order" to it.  Closed loop, wrk --connections clients,
# --seconds each after a 2-second warm-up, new values from a fixed sequence
# each request:
#   D  graphql-server, a database field only:  request_by_pk(id) { id note }
#   R  the service directly:                   order(id) { id status total }
#   M  graphql-server, both in one request:    request_by_pk(id) { id note } order(id) { ... }
#   J  graphql-server, a relationship:         request_by_pk(id) { id note order { ... } }
# and a Markdown table of requests/s, p50 and p99 latency; the overhead of
# delegation is M's p50 against D's plus R's (the client calling both in
# turn), and against the larger of the two (calling both at once).
# Every side is first checked to give the answer expected.
#
#   pg_virtualenv -t -v 15 bash test/bench/remote_speed.sh [--seconds N] [--connections N]
#
# Runs on the cluster the PG* variables lead to, as a superuser
# (graphql-server --unauthenticated); needs the extension and
# graphql-server installed (bash test/build.sh), wrk, and test/node_modules
# (npm ci in test/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds=10
conns=8
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --connections) conns="$2"; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--connections N]" >&2; exit 2 ;;
  esac
done
bindir=$(/usr/lib/postgresql/15/bin/pg_config --bindir)
command -v wrk >/dev/null || { echo "remote_speed: wrk is missing (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -X -q -c "DELETE FROM graphql.remote_relationship WHERE name = 'order' AND table_name = 'bench_request'" \
    -c "DELETE FROM graphql.remote_schema WHERE name = 'ordering'" -c "DROP TABLE IF EXISTS bench_request" \
    >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_http() {  # url, pid
  for _ in $(seq 300); do
    curl -s -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# the ordering service, in a process of its own
svc_port=$(free_port)
node -e '
  const { startOrdering } = require(process.argv[1]);
  startOrdering(+process.argv[2]).then((o) => {
    console.log("listening");
    // forget the requests it records: the load would fill memory
    setInterval(() => { o.requests.length = 0; }, 1000);
  });
' "$here/../remote/services.js" "$svc_port" > "$tmp/svc.log" 2>&1 &
svc_pid=$!
pids+=("$svc_pid")
svc_url="http://127.0.0.1:$svc_port/graphql"
for _ in $(seq 100); do grep -q listening "$tmp/svc.log" && break; sleep 0.1; done

psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
DROP TABLE IF EXISTS bench_request;
CREATE TABLE bench_request (id int PRIMARY KEY, order_id int, note text);
INSERT INTO bench_request SELECT i, 1 + i % 3, 'note ' || i FROM generate_series(1, 1000) i;
VACUUM ANALYZE bench_request;
SELECT graphql.add_remote_schema('ordering', jsonb_build_object('url', '$svc_url'));
SELECT graphql.add_remote_relationship('bench_request', 'order',
  '{"to_remote_schema": {"remote_schema": "ordering", "lhs_fields": ["order_id"],
    "remote_field": {"order": {"arguments": {"id": "\$order_id"}}}}}');
SQL

# request bodies: 1,000 of each, the same ids on every side
node -e '
  const fs = require("fs"); const dir = process.argv[1];
  const lines = { D: [], R: [], M: [], J: [] };
  for (let i = 0; i < 1000; i++) {
    const id = 1 + (i * 7919) % 1000; const oid = 1 + id % 3;
    const q = (query, variables) => JSON.stringify({ query, variables });
    lines.D.push(q("query($id: Int!) { bench_request_by_pk(id: $id) { id note } }", { id }));
    lines.R.push(q("query($oid: Int!) { order(id: $oid) { id status total } }", { oid }));
    lines.M.push(q("query($id: Int!, $oid: Int!) { bench_request_by_pk(id: $id) { id note } order(id: $oid) { id status total } }", { id, oid }));
    lines.J.push(q("query($id: Int!) { bench_request_by_pk(id: $id) { id note order { id status total } } }", { id }));
  }
  for (const k of Object.keys(lines)) fs.writeFileSync(`${dir}/${k}.bodies`, lines[k].join("\n") + "\n");
' "$tmp"

port=$(free_port)
HASURA_GRAPHQL_DATABASE_URL="" "$bindir/graphql-server" --unauthenticated --server-host 127.0.0.1 \
  --server-port "$port" --connections "$conns" --log-level warn > "$tmp/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
wait_http "http://127.0.0.1:$port/healthz" "$server_pid" || { cat "$tmp/server.log" >&2; exit 1; }
server="http://127.0.0.1:$port/v1/graphql"

# every side answers as expected
check() {  # url, body, expected answer
  local got
  got=$(curl -s "$1" -H 'content-type: application/json' --data-binary "$2" | tr -d ' \n')
  [ "$got" = "$3" ] || { echo "remote_speed: $2 answered $got, expected $3" >&2; exit 1; }
}
check "$server" "$(head -1 "$tmp/D.bodies")" '{"data":{"bench_request_by_pk":{"id":1,"note":"note1"}}}'
check "$svc_url" "$(head -1 "$tmp/R.bodies")" '{"data":{"order":{"id":2,"status":"SHIPPED","total":40}}}'
check "$server" "$(head -1 "$tmp/M.bodies")" \
  '{"data":{"bench_request_by_pk":{"id":1,"note":"note1"},"order":{"id":2,"status":"SHIPPED","total":40}}}'
check "$server" "$(head -1 "$tmp/J.bodies")" \
  '{"data":{"bench_request_by_pk":{"id":1,"note":"note1","order":{"id":2,"status":"SHIPPED","total":40}}}}'
echo "every side answers as expected" >&2

threads=$(( conns < 2 ? conns : 2 ))
load() {  # url, bodies file: "req/s p50 p99 errors requests", after a 2-second warm-up
  BODIES="$2" wrk -t"$threads" -c "$conns" -d 2s -s "$here/wrk_bodies.lua" "$1" >/dev/null
  BODIES="$2" wrk -t"$threads" -c "$conns" -d "${seconds}s" -s "$here/wrk_bodies.lua" "$1" | sed -n 's/^RESULT //p'
}
declare -A rps p50 p99
echo "| request | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|"
for k in D R M J; do
  url=$server
  [ "$k" = R ] && url=$svc_url
  read -r r a b e n <<< "$(load "$url" "$tmp/$k.bodies")"
  [ "$e" = 0 ] || echo "remote_speed: $k: $e failed requests" >&2
  rps[$k]=$r; p50[$k]=$a; p99[$k]=$b
  case $k in
    D) name="D database field (graphql-server)" ;;
    R) name="R remote field (the service directly)" ;;
    M) name="M both in one request (graphql-server)" ;;
    J) name="J remote relationship (graphql-server)" ;;
  esac
  printf '| %s | %.0f | %s | %s |\n' "$name" "$r" "$a" "$b"
done
echo
awk -v d="${p50[D]}" -v r="${p50[R]}" -v m="${p50[M]}" -v j="${p50[J]}" 'BEGIN {
  printf "Delegation overhead at p50: M - (D + R) = %.3f ms (the client calling both in turn); ", m - (d + r)
  printf "M - max(D, R) = %.3f ms (calling both at once); J - (D + R) = %.3f ms.\n", m - (d > r ? d : r), j - (d + r)
}'
