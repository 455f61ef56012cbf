#!/usr/bin/env bash
# HTTP tests of graphql-server (test/server/run.js) on a cluster of their
# own, which the tests stop and start (a database that goes away, a
# restart).  The server is built here with AddressSanitizer and
# UndefinedBehaviorSanitizer (into a temporary directory; the installed
# one is untouched) and run by the tests; any sanitizer report fails them.
# Ends with "server: N passed, M failed".
#
#   bash test/server/run.sh [run.js options: --only NAME]
#
# Runs as root (PostgreSQL as user postgres, with runuser) or as the user
# that owns the server.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "server: $*" >&2; echo "server: 0 passed, 1 failed"; exit 1; }

pgbin=$(/usr/lib/postgresql/15/bin/pg_config --bindir)
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
work=$(mktemp -d /tmp/graphql-server-test.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
port=$((30000 + RANDOM % 20000))
# what outlives the run: the console's screenshot
out=${SERVER_TEST_OUT:-/tmp/graphql-server-test-output}
mkdir -p "$out"
cleanup() {
  run_pg "$pgbin/pg_ctl" -D "$work/replica" stop -m immediate >/dev/null 2>&1
  run_pg "$pgbin/pg_ctl" -D "$work/data" stop -m immediate >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# the sanitized server
make -s -C server PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config OUT="$work/bin" \
  EXTRA_CFLAGS="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
  EXTRA_LDFLAGS="-fsanitize=address,undefined" "$work/bin/graphql-server" "$work/bin/console-assets/index.html" >/dev/null \
  || fail "the sanitized build of graphql-server failed"

run_pg "$pgbin/initdb" -D "$work/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null \
  || fail "initdb failed"
cat >> "$work/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$work'
listen_addresses = ''
fsync = off
max_connections = 60
lc_messages = 'C'
CONF
run_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w start >/dev/null \
  || { tail -20 "$work/server.log" >&2; fail "PostgreSQL did not start"; }
PGHOST=$work PGPORT=$port PGUSER=postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres \
  -c "CREATE DATABASE gs" >/dev/null || fail "could not create the database"
PGHOST=$work PGPORT=$port PGUSER=postgres psql -X -q -v ON_ERROR_STOP=1 -d gs -f test/server/fixture.sql \
  > "$work/fixture.log" 2>&1 || { cat "$work/fixture.log" >&2; fail "the fixture did not load"; }

# a hot standby streaming from it, for the read replica tests
rport=$((port + 1))
run_pg "$pgbin/pg_basebackup" -h "$work" -p "$port" -U postgres -D "$work/replica" -R -X stream >/dev/null \
  || fail "pg_basebackup failed"
echo "port = $rport" >> "$work/replica/postgresql.conf"
run_pg "$pgbin/pg_ctl" -D "$work/replica" -l "$work/replica.log" -w start >/dev/null \
  || { tail -20 "$work/replica.log" >&2; fail "the replica did not start"; }

# leaks are checked at exit, except of what h2o's loop and configuration
# hold until then (the program ends without taking them apart)
echo "leak:libh2o-evloop.so" > "$work/lsan.supp"
LSAN_OPTIONS="suppressions=$work/lsan.supp:print_suppressions=0" \
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99:log_path=$work/asan" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$work/asan" \
GS_BIN="$work/bin/graphql-server" GS_PGHOST="$work" GS_PGPORT="$port" GS_PGDATA="$work/data" \
GS_PGBIN="$pgbin" GS_ASAN_LOG="$work/asan" GS_PGLOG="$work/server.log" \
GS_CONSOLE_DIR="$work/bin/console-assets" GS_OUT_DIR="$out" \
GS_REPLICA_DATA="$work/replica" GS_REPLICA_PORT="$rport" GS_REPLICA_LOG="$work/replica.log" \
  node test/server/run.js "$@"
