#!/usr/bin/env bash
# Fuzz the extension on a server of its own, with the extension built with
# AddressSanitizer and UndefinedBehaviorSanitizer (test/fuzz/build.sh: a
# private copy of PostgreSQL, never the system installation).  See
# docs/testing.md.
#
#   bash test/fuzz/run.sh [--seconds N] [--count N] [--seed N] [other run.js options]
#
# Steps: build (cached in $FUZZ_DIR, default /tmp/graphql-fuzz); a new
# cluster in a temporary directory, listening on a Unix socket only, its
# server started with libasan preloaded; three databases (UTF8, SQL_ASCII,
# LATIN1) with the fixtures of test/query_diff, test/mutation_diff and
# test/fuzz; the requests test/query_diff and test/mutation_diff generate
# (--print-sql, in a scratch database) as seeds; then test/fuzz/run.js.
# The output (log, crashes.md, findings.md, crash case files, stats) goes
# to $FUZZ_OUT (default: a new directory under $FUZZ_DIR), and the cluster
# is removed, unless KEEP=1: then the server keeps running (to try
# reproducers in it) and the end says how to reach and stop it.  Ends with run.js's "fuzz: N passed, M failed";
# exits non-zero on a crash.
#
# Runs as root (the server as user postgres, with runuser) or as the user
# that owns the server.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

fail() { echo "fuzz: $*" >&2; echo "fuzz: 0 passed, 1 failed"; exit 1; }

dir=${FUZZ_DIR:-/tmp/graphql-fuzz}
mkdir -p "$dir" && chmod 755 "$dir" || fail "cannot create $dir"
out=${FUZZ_OUT:-$dir/out-$(date +%Y%m%d-%H%M%S)-$$}
mkdir -p "$out" || fail "cannot create $out"

# the sanitized build, one at a time
bin=$(flock "$dir/.build-lock" bash test/fuzz/build.sh "$dir") || fail "the sanitized build failed"
asan=$(gcc -print-file-name=libasan.so)
[ -f "$asan" ] || fail "gcc's libasan.so not found (install build-essential)"

run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
SUDO_PG=$([ "$(id -u)" = 0 ] && echo "runuser -u postgres -- ")
cluster=$(mktemp -d "$dir/cluster.XXXXXX")
chmod 755 "$cluster"
[ "$(id -u)" = 0 ] && chown postgres "$cluster" "$out"
chmod 777 "$out"
port=$((30000 + RANDOM % 20000))

cleanup() {
  if [ -n "${KEEP:-}" ]; then
    echo "fuzz: the server is still running (KEEP): PGHOST=$cluster PGPORT=$port PGUSER=postgres psql -d fuzz_utf8;" \
      "stop it with: ${SUDO_PG}$bin/pg_ctl -D $cluster/data stop" >&2
  else
    run_pg "$bin/pg_ctl" -D "$cluster/data" stop -m immediate >/dev/null 2>&1
    rm -rf "$cluster"
  fi
}
trap cleanup EXIT

run_pg "$bin/initdb" -D "$cluster/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null \
  || fail "initdb failed"
# ASan: reports to files $out/asan.<pid>; no leak checks (PostgreSQL frees by
# deleting memory contexts, and exits without freeing); abort so that the
# postmaster logs the signal; a quarantine of freed blocks of 32 MB, not
# 256 (with the default, building a schema took three times as long).  UBSan: a stack with each report (to the
# server's stderr, the log), abort.  preload.so first (see its header).
asan_options="detect_leaks=0:abort_on_error=1:verify_asan_link_order=0:log_path=$out/asan:quarantine_size_mb=32"
ubsan_options="print_stacktrace=1:abort_on_error=1:halt_on_error=1"
run_pg env LD_PRELOAD="$dir/preload.so:$asan" ASAN_OPTIONS="$asan_options" UBSAN_OPTIONS="$ubsan_options" \
  "$bin/pg_ctl" -D "$cluster/data" -l "$out/server.log" -w -t 120 \
  -o "-p $port -k $cluster -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_connections=30 -c lc_messages=C -c log_min_messages=warning" \
  start >/dev/null || { tail -20 "$out/server.log" >&2; fail "the server did not start"; }

export PGHOST=$cluster PGPORT=$port PGUSER=postgres
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_q -d postgres \
  -c "CREATE DATABASE fuzz_utf8 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" \
  -c "CREATE DATABASE fuzz_sql_ascii TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'" \
  -c "CREATE DATABASE fuzz_latin1 TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'" \
  -c "CREATE DATABASE fuzz_seeds TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null \
  || fail "could not create the databases"

fixture() { cat test/query_diff/fixture.sql test/mutation_diff/fixture.sql test/fuzz/fixture.sql; }
for db in fuzz_utf8 fuzz_sql_ascii; do
  { echo "SET client_min_messages = warning; CREATE EXTENSION graphql;"; fixture; } \
    | psql_q -d "$db" >"$out/fixture-$db.log" 2>&1 || { cat "$out/fixture-$db.log" >&2; fail "the fixture did not load into $db"; }
done
# LATIN1 holds no emoji, Greek, Cyrillic or Chinese: those become "?"
{ echo "SET client_min_messages = warning; CREATE EXTENSION graphql;"; fixture | iconv -f UTF-8 -t LATIN1//TRANSLIT; } \
  | PGCLIENTENCODING=LATIN1 psql_q -d fuzz_latin1 >"$out/fixture-fuzz_latin1.log" 2>&1 \
  || { cat "$out/fixture-fuzz_latin1.log" >&2; fail "the fixture did not load into fuzz_latin1"; }

# seeds: the requests the differential tests generate
seeds=()
psql_q -d fuzz_seeds -c "SET client_min_messages = warning" -c "CREATE EXTENSION graphql" >/dev/null
for t in query_diff mutation_diff; do
  if PGDATABASE=fuzz_seeds node "test/$t/run.js" --print-sql >"$out/seeds-$t.sql" 2>"$out/seeds-$t.err"; then
    seeds+=(--seeds "$out/seeds-$t.sql")
  else
    echo "fuzz: test/$t/run.js --print-sql failed (its requests are not seeds this run):" >&2
    tail -5 "$out/seeds-$t.err" >&2
  fi
done
psql_q -d postgres -c "DROP DATABASE fuzz_seeds" >/dev/null

node test/fuzz/run.js --host "$cluster" --port "$port" --server-log "$out/server.log" --asan-log "$out/asan" \
  --out "$out" "${seeds[@]}" "$@" 2>&1 | tee "$out/fuzz.log"
status=${PIPESTATUS[0]}
exit "$status"
