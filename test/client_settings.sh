#!/usr/bin/env bash
# A client cannot change the settings that guard requests with a connection
# option (PGOPTIONS='-c graphql.jwt_secret=' and the like), whether the
# library is loaded on first use, at session start (session_preload_libraries)
# or by the postmaster (shared_preload_libraries).  Before the library is
# loaded such an option is held by a placeholder that replaces the
# configured value; PostgreSQL refuses it when the library defines the
# setting, and the extension reads the configured value again from the
# configuration files (or, for graphql.jwt_secret, denies every request of
# the session if there is none).
#
# Runs in the cluster the PG* variables point at (test/in-cluster.sh runs it
# in the throwaway cluster of test/all.sh), connecting over TCP as a role
# with a password; it changes the cluster's configuration (and restarts it
# once) and puts everything back when it ends.  Needs a superuser.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0

fixture() { sed -n "s/^\\\\set $1 '\\(.*\\)'\$/\\1/p" test/jwt/fixtures.sql; }
secret=$(fixture hs256_secret)
role=regress_graphql_tamper
password=tamper-password

# check(name, expected substring, actual)
check() {
  if [[ "$3" == *"$2"* ]]; then
    passed=$((passed + 1)); echo "ok - $1"
  else
    failed=$((failed + 1)); echo "not ok - $1"; echo "  expected to contain: $2"; echo "  got: $3"
  fi
}

su() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
reload() { su -c 'SELECT pg_reload_conf()' >/dev/null; sleep 0.5; }
# as_client(options, sql): the SQL's output as the role, with connection options
as_client() { PGUSER=$role PGPASSWORD=$password PGOPTIONS="$1" psql -X -At -c "$2" 2>&1; }

# a token signed with a secret of the attacker's choosing
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
attacker_secret=attacker-chosen-secret-32-bytes!
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"1","role":"%s","exp":4102444800}' "$role" | b64url)
forged="$header.$payload.$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$attacker_secret" -binary | b64url)"

restart() { pg_ctlcluster "$PGVERSION" regress restart; sleep 1; }
cleanup() {
  su -c 'ALTER SYSTEM RESET graphql.jwt_secret' -c 'ALTER SYSTEM RESET graphql.max_depth' \
     -c 'ALTER SYSTEM RESET session_preload_libraries' >/dev/null 2>&1
  if [ "$(su -c 'SHOW shared_preload_libraries')" = graphql ]; then
    su -c 'ALTER SYSTEM RESET shared_preload_libraries' >/dev/null
    restart
  fi
  reload
  su -c "DROP TABLE IF EXISTS tamper_note" -c "REVOKE USAGE ON SCHEMA graphql FROM $role" \
     -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
}
trap cleanup EXIT

su -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS graphql' \
   -c "DROP ROLE IF EXISTS $role" -c "CREATE ROLE $role LOGIN PASSWORD '$password'" \
   -c "GRANT USAGE ON SCHEMA graphql TO $role" \
   -c 'CREATE TABLE tamper_note (id int PRIMARY KEY)' -c 'INSERT INTO tamper_note VALUES (1)' \
   -c "GRANT SELECT ON tamper_note TO $role" >/dev/null || exit 1

query='SELECT graphql.resolve($${ tamper_note { id } }$$)'
deep='SELECT graphql.resolve($${ __schema { types { fields { type { ofType { name } } } } } }$$)'
bearer="SELECT set_config('request.headers', '{\"authorization\": \"Bearer $forged\"}', false) IS NULL;"

# Configured: JWT mode and max_depth 3, in postgresql.auto.conf.
su -c "LOAD 'graphql'" \
   -c "ALTER SYSTEM SET graphql.jwt_secret = '{\"type\": \"HS256\", \"key\": \"$secret\"}'" \
   -c 'ALTER SYSTEM SET graphql.max_depth = 3' >/dev/null
reload

for mode in "loaded on first use" "session_preload_libraries"; do
  if [ "$mode" = session_preload_libraries ]; then
    su -c "ALTER SYSTEM SET session_preload_libraries = 'graphql'" >/dev/null
    reload
  fi
  check "$mode: no option: JWT mode, a request without a token is denied" \
    'access-denied' "$(as_client '' "$query")"
  check "$mode: an empty graphql.jwt_secret option is refused" \
    'permission denied to set parameter "graphql.jwt_secret"' "$(as_client '-c graphql.jwt_secret=' "$query")"
  check "$mode: ... and JWT mode stays: a request without a token is denied" \
    '"code": "access-denied"' "$(as_client '-c graphql.jwt_secret=' "$query")"
  check "$mode: a secret of the client's choosing is refused, its token too" \
    'JWSInvalidSignature' "$(as_client "-c graphql.jwt_secret={\"type\":\"HS256\",\"key\":\"$attacker_secret\"}" "$bearer $query")"
  check "$mode: SHOW graphql.max_depth after the option" \
    $'t\n3' "$(as_client '-c graphql.max_depth=1000' 'SELECT graphql.resolve($${ __typename }$$) IS NOT NULL; SHOW graphql.max_depth')"
done
su -c 'ALTER SYSTEM RESET session_preload_libraries' >/dev/null
reload

# Nothing configured (PostgREST mode): a client's graphql.jwt_secret cannot
# switch JWT mode on with its own key; its session is denied.
su -c 'ALTER SYSTEM RESET graphql.jwt_secret' >/dev/null
reload
check "PostgREST mode: no option answers" '{"data": {"tamper_note": [{"id":1}]}}' "$(as_client '' "$query")"
check "PostgREST mode: a raised graphql.max_depth is refused, the configured 3 holds" \
  'deeper than 3 levels (graphql.max_depth)' "$(as_client '-c graphql.max_depth=1000' "$deep")"
su -c "ALTER SYSTEM SET session_preload_libraries = 'graphql'" >/dev/null
reload
check "PostgREST mode, session_preload_libraries: a raised graphql.max_depth is refused" \
  'deeper than 3 levels (graphql.max_depth)' "$(as_client '-c graphql.max_depth=1000' "$deep")"
su -c 'ALTER SYSTEM RESET session_preload_libraries' >/dev/null
reload
check "PostgREST mode: a client's secret and token are not taken" \
  'no request is answered' "$(as_client "-c graphql.jwt_secret={\"type\":\"HS256\",\"key\":\"$attacker_secret\"}" "$bearer $query")"

# Loaded by the postmaster: PostgreSQL refuses the option when connecting.
su -c "ALTER SYSTEM SET graphql.jwt_secret = '{\"type\": \"HS256\", \"key\": \"$secret\"}'" \
   -c "ALTER SYSTEM SET shared_preload_libraries = 'graphql'" >/dev/null
restart
check "shared_preload_libraries: the library is loaded" 'graphql' "$(su -c 'SHOW shared_preload_libraries')"
check "shared_preload_libraries: an empty graphql.jwt_secret option ends the connection" \
  'permission denied to set parameter "graphql.jwt_secret"' "$(as_client '-c graphql.jwt_secret=' "$query")"
check "shared_preload_libraries: without it, JWT mode" '"code": "access-denied"' "$(as_client '' "$query")"

echo "client_settings: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
