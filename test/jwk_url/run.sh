#!/usr/bin/env bash
# Keys from a jwk_url (src/jwks_fetch.c), on a cluster of its own with the
# library in shared_preload_libraries (the fetcher is a background worker):
# test/jwk_url/run.js serves a JWKS over loopback HTTP and checks the
# fetch, a rotation found by an unknown kid, the rate limit, max-age, and
# an issuer that fails.  Ends with "jwk_url: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "jwk_url: $*" >&2; echo "jwk_url: 0 passed, 1 failed"; exit 1; }
pgbin=/usr/lib/postgresql/15/bin
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
work=$(mktemp -d /tmp/graphql-jwk-url.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
port=$((30000 + RANDOM % 20000))
cleanup() {
  run_pg "$pgbin/pg_ctl" -D "$work/data" stop -m immediate >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
run_pg "$pgbin/initdb" -D "$work/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null || fail "initdb failed"
cat >> "$work/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$work'
listen_addresses = ''
fsync = off
shared_preload_libraries = 'graphql'
lc_messages = 'C'
CONF
run_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w start >/dev/null \
  || { tail -20 "$work/server.log" >&2; fail "PostgreSQL did not start"; }
JW_PGHOST=$work JW_PGPORT=$port JW_LOG="$work/server.log" node test/jwk_url/run.js "$@"
