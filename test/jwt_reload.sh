#!/usr/bin/env bash
# graphql.jwt_secret from the server's configuration: set with ALTER SYSTEM,
# it applies after a reload to a session that is already open; a value the
# module refuses in the configuration file denies every request (fails
# closed) instead of leaving the caller's claims trusted.
#
# Runs in the cluster the PG* variables point at (test/in-cluster.sh runs it
# in the throwaway cluster of test/all.sh); it changes the cluster's
# configuration and puts it back when it ends.  Needs a superuser.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0
work=$(mktemp -d)
marker='# graphql jwt_reload.sh'

fixture() { sed -n "s/^\\\\set $1 '\\(.*\\)'\$/\\1/p" test/jwt/fixtures.sql; }
secret=$(fixture hs256_secret)
token=$(fixture tok_hs256)
conf=$(psql -X -At -c 'SHOW config_file')

cleanup() {
  sed -i "/$marker/d" "$conf"
  psql -X -q -c 'ALTER SYSTEM RESET graphql.jwt_secret' -c 'SELECT pg_reload_conf()' >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# check(name, expected, actual)
check() {
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1)); echo "ok - $1"
  else
    failed=$((failed + 1)); echo "not ok - $1"; echo "  expected: $2"; echo "  got:      $3"
  fi
}

reload() { psql -X -q -At -c 'SELECT pg_reload_conf()' >/dev/null; sleep 0.5; }

psql -X -q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS graphql' \
  -c 'DROP ROLE IF EXISTS regress_graphql_jwt_user' -c 'CREATE ROLE regress_graphql_jwt_user' \
  -c 'GRANT USAGE ON SCHEMA graphql TO regress_graphql_jwt_user' >/dev/null

# One session stays open across the changes: a request reads the settings
# of the moment.  The session reads commands from a fifo, answers to a file.
mkfifo "$work/in"
psql -X -q -At -v ON_ERROR_STOP=0 < "$work/in" > "$work/out" 2>&1 &
session=$!
exec 3> "$work/in"
ask() {
  local before
  before=$(wc -l < "$work/out")
  echo "$1" >&3
  echo "SELECT 'done';" >&3
  for _ in $(seq 100); do
    [ "$(tail -n 1 "$work/out")" = done ] && [ "$(wc -l < "$work/out")" -gt "$before" ] && break
    sleep 0.05
  done
  tail -n +"$((before + 1))" "$work/out" | grep -v '^done$'
}
typename='SELECT graphql.resolve($$ { __typename } $$);'
data='{"data": {"__typename": "query_root"}}'

check "PostgREST mode before any configuration" "$data" "$(ask "$typename")"

psql -X -q -c "LOAD 'graphql'" \
  -c "ALTER SYSTEM SET graphql.jwt_secret = '{\"type\": \"HS256\", \"key\": \"$secret\"}'"
reload
check "after ALTER SYSTEM and a reload, the open session is in JWT mode: no token, denied" \
  '{"errors": [{"message": "the request has no token (authorization header) and graphql.anon_role is not set", "extensions": {"code": "access-denied"}}]}' \
  "$(ask "$typename")"
ask "SELECT set_config('request.headers', '{\"authorization\": \"Bearer $token\"}', false) IS NULL;" >/dev/null
check "the token verifies with the configured key" "$data" "$(ask "$typename")"
check "a new session is in JWT mode too" \
  '{"errors": [{"message": "the request has no token (authorization header) and graphql.anon_role is not set", "extensions": {"code": "access-denied"}}]}' \
  "$(psql -X -At -c "$typename")"

# a value the module refuses, written in the configuration file
psql -X -q -c 'ALTER SYSTEM RESET graphql.jwt_secret'
echo "graphql.jwt_secret = '{\"type\": \"HS256\", \"key\": \"too short\"}'  $marker" >> "$conf"
reload
refused='{"errors": [{"message": "graphql.jwt_secret was given a value it refused (see the server log), so no request is answered until it is fixed", "extensions": {"code": "access-denied"}}]}'
check "a refused value in the file: the open session denies every request" "$refused" "$(ask "$typename")"
check "a refused value in the file: a new session denies every request, with a warning" \
  "WARNING:  invalid value for parameter \"graphql.jwt_secret\"
DETAIL:  graphql.jwt_secret: an HS256 key must have at least 32 bytes (it has 9).
$refused" "$(psql -X -At -c "$typename" 2>&1)"

# fixed: back to PostgREST mode
sed -i "/$marker/d" "$conf"
reload
check "the value removed: the open session answers again" "$data" "$(ask "$typename")"
check "the value removed: a new session answers" "$data" "$(psql -X -At -c "$typename")"

exec 3>&-
wait "$session"
psql -X -q -c 'REVOKE USAGE ON SCHEMA graphql FROM regress_graphql_jwt_user' -c 'DROP ROLE regress_graphql_jwt_user' >/dev/null
echo "jwt_reload: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
