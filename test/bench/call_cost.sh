#!/usr/bin/env bash
# The cost of one graphql.resolve call without pgbench or client round
# trips: calls made inside one SQL statement (generate_series), timed with
# clock_timestamp(), on the music-store dataset of query_speed.sh.
#
#   cached q1, q3, q5   query_speed.sh's queries 1 (by primary key), 3 (three
#                       levels nested) and 5 (a filter through a
#                       relationship), new variable values on every call:
#                       plan-cache hits that re-run the compiled statements
#   compile 2 KB        query_speed.sh's 2 KB request with the cache off:
#                       parse + validate + plan + write SQL (graphql._plan
#                       with planning by PostgreSQL off)
#
# Each figure is the best of 3 runs, in microseconds per call.  With
# --builds, each build directory (a checkout where `make` has run) is
# installed in turn (`make install`) and measured, --rounds times,
# alternating, on one cluster: an A/B that the machine's drift affects
# alike.  Without it, the installed build is measured --rounds times.
#
#   pg_virtualenv -t -v 15 bash test/bench/call_cost.sh [--rounds N] [--builds "DIR DIR ..."]
#
# Installs into the system's PostgreSQL when --builds is given: run it on a
# machine where nothing else uses the extension meanwhile.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds=3
builds=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --builds) builds="$2"; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--builds \"DIR DIR ...\"]" >&2; exit 2 ;;
  esac
done

export PGOPTIONS="${PGOPTIONS:-} -c graphql.schemas=music_store"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS graphql"
psql -X -q -v ON_ERROR_STOP=1 -v scale=1 -f "$here/music_store.sql"
trap 'psql -X -q -c "DROP SCHEMA IF EXISTS music_store CASCADE" >/dev/null 2>&1 || true' EXIT

# the queries, from query_speed.sh, so that both scripts measure the same
q1=$(grep -o "'query Q1[^']*'" "$here/query_speed.sh" | tr -d "'")
q3=$(grep -o "'query Q3[^']*'" "$here/query_speed.sh" | tr -d "'")
q5=$(grep -o "'query Q5[^']*'" "$here/query_speed.sh" | tr -d "'")
big=$(sed -n "/^big='/,/^}'/p" "$here/query_speed.sh" | sed "1s/^big='//; \$s/'\$//")
bigvars=$(sed -n "s/^bigvars='\(.*\)'$/\1/p" "$here/query_speed.sh")
for q in "$q1" "$q3" "$q5" "$big"; do
  [ -n "$q" ] || { echo "call_cost: a query was not found in query_speed.sh" >&2; exit 1; }
done

# per_call QUERY VARIABLES-EXPRESSION(i) N [SETTING]: microseconds per call, best of 3
per_call() {
  local best="" t
  for _ in 1 2 3; do
    t=$(psql -X -At -v ON_ERROR_STOP=1 -v q="$1" <<SQL | tail -1
${4:-}
SELECT count(graphql.resolve(:'q', $2)) FROM generate_series(1, 3) AS i;
CREATE TEMP TABLE clock AS SELECT clock_timestamp() AS t0;
SELECT count(graphql.resolve(:'q', $2)) FROM generate_series(1, $3) AS i;
SELECT round(extract(epoch FROM clock_timestamp() - t0) * 1e6 / $3, 1) FROM clock;
SQL
)
    best=$(printf '%s\n' $best "$t" | sort -g | head -1)
  done
  echo "$best"
}
compile_2kb() {
  local best="" t
  for _ in 1 2 3; do
    t=$(psql -X -At -v ON_ERROR_STOP=1 -v q="$big" -v v="$bigvars" <<SQL | tail -1
SET graphql.plan_cache_size = 0;
CREATE TEMP TABLE clock AS SELECT clock_timestamp() AS t0;
SELECT count(graphql._plan(:'q', :'v', false)) FROM generate_series(1, 2000);
SELECT round(extract(epoch FROM clock_timestamp() - t0) * 1e6 / 2000, 1) FROM clock;
SQL
)
    best=$(printf '%s\n' $best "$t" | sort -g | head -1)
  done
  echo "$best"
}
measure() {
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" \
    "$(per_call "$q1" "jsonb_build_object('id', 1 + i * 7 % 50000)" 3000)" \
    "$(per_call "$q3" "jsonb_build_object('from', 1 + i * 13 % 990)" 300)" \
    "$(per_call "$q5" "jsonb_build_object('artist', 'Artist ' || (100 + i % 900) || '%')" 1000)" \
    "$(compile_2kb)"
}

echo "| round | build | cached q1 us | cached q3 us | cached q5 us | compile 2 KB us |"
echo "|---|---|---:|---:|---:|---:|"
for r in $(seq 1 "$rounds"); do
  if [ -z "$builds" ]; then
    measure "$r" installed
  else
    for b in $builds; do
      (cd "$b" && make -s install >/dev/null 2>&1)
      measure "$r" "$(cd "$b" && git rev-parse --short HEAD 2>/dev/null || basename "$b")"
    done
  fi
done
