#!/usr/bin/env bash
# Run the pg_regress suite against a server running under valgrind (memcheck)
# and fail if valgrind reports an error whose stack passes through the
# extension (graphql.so).  PostgreSQL itself is not built for valgrind here,
# so its own known reports (uninitialised padding written to files and
# sockets) are ignored; palloc'd chunks are not checked individually, but
# reads of uninitialised memory and accesses outside malloc'd blocks are.
#
#   bash test/valgrind.sh        (needs the extension installed: test/build.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
bin=/usr/lib/postgresql/15/bin
command -v valgrind >/dev/null || { echo "valgrind: not installed" >&2; exit 1; }

dir=$(mktemp -d /tmp/graphql-valgrind.XXXXXX)
chmod 755 "$dir"
chown postgres "$dir" 2>/dev/null || true
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port=$((20000 + RANDOM % 10000))

cleanup() {
  run_pg "$bin/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1
  [ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT

run_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null || exit 1
# autovacuum off: under valgrind the suite runs long enough for autovacuum
# to analyze its tables, whose statistics invalidate the schema and plan
# caches between two statements (an extra plan-cache miss, a comment
# directive's warning again), which the expected output cannot show
run_pg valgrind --quiet --trace-children=yes --track-origins=yes --error-exitcode=0 \
  --log-file="$dir/valgrind.%p.log" \
  "$bin/postgres" -D "$dir/data" -p "$port" -k "$dir" -c listen_addresses= -c autovacuum=off \
  > "$dir/server.log" 2>&1 &
for _ in $(seq 1 120); do
  PGHOST="$dir" PGPORT=$port "$bin/pg_isready" -q -U postgres && break
  sleep 1
done

PGHOST="$dir" PGPORT=$port PGUSER=postgres make -s installcheck PG_CONFIG="$bin/pg_config" > "$dir/regress.log" 2>&1
status=$?
cat "$dir/regress.log"
run_pg "$bin/pg_ctl" -D "$dir/data" stop -m fast >/dev/null 2>&1

# print every valgrind error report whose stack passes through the extension:
# graphql.so without debug information, its source files with it
ours="graphql\\.so|\\(($(cd src && ls *.c | sed 's/\.c$//' | paste -sd'|'))\\.c:[0-9]+\\)"
reports=$(cat "$dir"/valgrind.*.log 2>/dev/null | awk -v ours="$ours" '
  /^==[0-9]+== [A-Z]/ && blk == "" { blk = $0; next }
  blk != "" { blk = blk "\n" $0 }
  /^==[0-9]+== $/ { if (blk ~ ours) print blk; blk = "" }')
if [ -n "$reports" ]; then
  echo "$reports"
  echo "valgrind: errors in the extension's code"
  exit 1
fi
if [ $status -ne 0 ]; then
  [ -s regression.diffs ] && cat regression.diffs
  echo "valgrind: the regression suite failed under valgrind"
  exit 1
fi
echo "valgrind: no errors in the extension's code"
