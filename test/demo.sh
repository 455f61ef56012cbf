#!/usr/bin/env bash
# The main job, on a throwaway PostgreSQL 15 cluster: installs what is
# missing, builds and installs the extension and graphql-server, loads a
# small sample database (test/demo/schema.sql), starts the server, prints
# how to call it, and serves until Ctrl-C.
#
#   bash test/demo.sh [--port N]    serve on port N (default 8080)
#   bash test/demo.sh --check       make a few requests, check them, and exit
#                                   ("demo: N passed, M failed"; test/all.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
check=
http_port=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --port) http_port=$2; shift ;;
    *) echo "usage: bash test/demo.sh [--port N] [--check]" >&2; exit 2 ;;
  esac
  shift
done
bash test/setup.sh
bash test/build.sh

pgbin=/usr/lib/postgresql/15/bin
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
work=$(mktemp -d /tmp/graphql-demo.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
pg_port=$((30000 + RANDOM % 20000))
[ -n "$check" ] && http_port=$((30000 + RANDOM % 20000))
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  run_pg "$pgbin/pg_ctl" -D "$work/data" stop -m fast >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

secret="demo-secret-for-the-graphql-demo-only"
run_pg "$pgbin/initdb" -D "$work/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
cat >> "$work/data/postgresql.conf" <<CONF
port = $pg_port
unix_socket_directories = '$work'
listen_addresses = ''
graphql.jwt_secret = '{"type": "HS256", "key": "$secret"}'
graphql.anon_role = 'demo_anon'
CONF
run_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w start >/dev/null
psql -X -q -h "$work" -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE demo" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -h "$work" -p "$pg_port" -U postgres -d demo -f test/demo/schema.sql >/dev/null

# a token for demo_editor, user 2 (Bob), valid for a day
token=$(SECRET=$secret node -e '
  const c = require("crypto"); const b = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const p = b({alg: "HS256", typ: "JWT"}) + "." + b({sub: "2", iat: now, exp: now + 86400,
    "https://hasura.io/jwt/claims": {"x-hasura-allowed-roles": ["demo_editor"],
      "x-hasura-default-role": "demo_editor", "x-hasura-user-id": "2"}});
  console.log(p + "." + c.createHmac("sha256", process.env.SECRET).update(p).digest("base64url"));')

HASURA_GRAPHQL_DATABASE_URL="postgresql://demo_server@/demo?host=$work&port=$pg_port" \
HASURA_GRAPHQL_SERVER_HOST=127.0.0.1 HASURA_GRAPHQL_SERVER_PORT=$http_port HASURA_GRAPHQL_PG_CONNECTIONS=4 \
  "$pgbin/graphql-server" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
url=http://127.0.0.1:$http_port/v1/graphql

if [ -n "$check" ]; then
  passed=0 failed=0
  expect() {  # expect NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "ok $1"; passed=$((passed + 1))
    else echo "FAILED $1: got $3, expected $2"; failed=$((failed + 1)); fi
  }
  expect "a query without a token (demo_anon)" \
    '{"data": {"author": [{"name":"Ann","articles":[{"title":"Tables","rating":4.5}, {"title":"Views","rating":3}]}]}}' \
    "$(curl -s "$url" -H 'content-type: application/json' \
        -d '{"query": "query ($min: numeric!) { author(where: {articles: {rating: {_gte: $min}}}) { name articles(order_by: {rating: desc_nulls_last}) { title rating } } }", "variables": {"min": 4}}')"
  expect "a mutation without a token is not in demo_anon's schema" \
    '{"errors": [{"message": "no mutations exist", "locations": [{"line": 1, "column": 1}], "extensions": {"code": "validation-failed"}}]}' \
    "$(curl -s "$url" -H 'content-type: application/json' -d '{"query": "mutation { insert_article_one(object: {id: 9, title: \"x\", author_id: 2}) { id } }"}')"
  expect "an insert with the token, as its own author" \
    '{"data": {"insert_article_one": {"id":4,"author":{"name":"Bob"}}}}' \
    "$(curl -s "$url" -H 'content-type: application/json' -H "authorization: Bearer $token" \
        -d '{"query": "mutation { insert_article_one(object: {id: 4, title: \"Locks\", author_id: 2}) { id author { name } } }"}')"
  expect "row-level security refuses another author" \
    'permission-error' \
    "$(curl -s "$url" -H 'content-type: application/json' -H "authorization: Bearer $token" \
        -d '{"query": "mutation { insert_article_one(object: {id: 5, title: \"Forged\", author_id: 1}) { id } }"}' \
        | sed -nE 's/.*"code": "([a-z-]+)".*/\1/p')"
  expect "a GET query" '{"data": {"article_aggregate": {"aggregate":{"count":4}}}}' \
    "$(curl -s "$url?query=%7Barticle_aggregate%7Baggregate%7Bcount%7D%7D%7D")"
  expect "healthz" OK "$(curl -s "http://127.0.0.1:$http_port/healthz")"
  echo "demo: $passed passed, $failed failed"
  [ $failed = 0 ]
  exit
fi

cat <<MSG

graphql-server is serving the sample database (authors and articles) at
  $url
Requests without a token run as demo_anon (read only):
  curl -s $url -H 'content-type: application/json' \\
       -d '{"query": "{ author { name articles { title rating } } }"}'
A token for role demo_editor, user 2 (Bob), who may add his own articles:
  TOKEN=$token
  curl -s $url -H 'content-type: application/json' -H "authorization: Bearer \$TOKEN" \\
       -d '{"query": "mutation { insert_article_one(object: {id: 4, title: \\"Locks\\", author_id: 2}) { id } }"}'
The database: psql -h $work -p $pg_port -U postgres demo
Logs: $work/server.log.  Ctrl-C stops the server and removes the cluster.
MSG
wait "$server_pid"
