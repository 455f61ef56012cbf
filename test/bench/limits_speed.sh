#!/usr/bin/env bash
# How fast hostile requests are refused, and how fast a request stops when
# cancelled.  Prints two Markdown tables:
#
#  1. the time graphql.resolve takes to refuse each "bomb" with the default
#     limits (a 2,000-alias query, an 80-level query, a fragment fan-out of
#     10^10 fields, 25,000 aliases, a 300,000-item _or and a 1,000,000-item
#     _in in the variables, a 1.6 MB request.headers), the median of --runs
#     calls measured inside the server (clock_timestamp around the call; the
#     variables are built before the clock starts);
#  2. the time from statement_timeout (and from pg_cancel_backend, sent by a
#     second session) to the end of the request, with it in the parser (a
#     document of millions of tokens, graphql.max_tokens raised), in the
#     compiler and PostgreSQL's planner (a 30,000-item _or, within the
#     default limits) and in the executor (a function sleeping in
#     pg_sleep): the median and the longest of five cancels at different
#     points of the stage.
#
#   bash test/bench/limits_speed.sh [--runs N (default 5)]
#
# Runs on the cluster the PG* variables lead to (a superuser), e.g.
#   pg_virtualenv -t -v 15 bash test/bench/limits_speed.sh
set -euo pipefail
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
  esac
done
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS graphql' \
  -c 'DROP TABLE IF EXISTS ls_node' \
  -c 'CREATE TABLE ls_node (id int PRIMARY KEY, parent_id int REFERENCES ls_node (id), name text)' \
  -c "INSERT INTO ls_node SELECT i, NULLIF(i - 1, 0), 'n' || i FROM generate_series(1, 1000) i" \
  -c 'CREATE OR REPLACE FUNCTION ls_sleep() RETURNS SETOF ls_node LANGUAGE sql STABLE
        AS $$ SELECT n.* FROM ls_node n, pg_sleep(60) $$' >/dev/null

# bomb(label, query SQL expression, variables SQL expression, headers SQL expression)
echo "| hostile request | refused with | median time (ms) |"
echo "|---|---|---:|"
bomb() {
  q <<SQL
SELECT set_config('graphql.plan_cache_size', '0', false) IS NULL;
DO \$\$
DECLARE
  doc text := $2;
  vars jsonb := $3;
  t timestamptz;
  ms float8[] := '{}';
  answer jsonb;
BEGIN
  PERFORM set_config('request.headers', $4, false);
  IF $4 <> '' THEN
    PERFORM set_config('graphql.jwt_secret', '{"type": "HS256", "key": "limits-speed-hs256-secret-32char"}', false);
  END IF;
  FOR i IN 1..$runs LOOP
    t := clock_timestamp();
    answer := graphql.resolve(doc, vars)::jsonb;
    ms := ms || (extract(epoch FROM clock_timestamp() - t) * 1000)::float8;
  END LOOP;
  RAISE NOTICE '| % | % | % |', $1, answer -> 'errors' -> 0 ->> 'message',
    round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(ms) x)::numeric, 2);
END \$\$;
SQL
}
aliases() { echo "'{ ls_node { ' || (SELECT string_agg('a' || i || ': id', ' ') FROM generate_series(1, $1) i) || ' } }'"; }
bomb "'2,000 aliases'" "$(aliases 2000)" "'{}'" "''" 2>&1 | sed -n 's/^NOTICE:  //p'
bomb "'25,000 aliases (graphql.max_tokens refuses first)'" "$(aliases 25000)" "'{}'" "''" 2>&1 | sed -n 's/^NOTICE:  //p'
bomb "'80 nested relationships'" "'{ ls_node { ' || repeat('parent { ', 79) || 'id' || repeat(' }', 79) || ' } }'" "'{}'" "''" 2>&1 | sed -n 's/^NOTICE:  //p'
bomb "'fragment fan-out (10 fragments, each spreading the next 10 times)'" \
  "'{ ls_node { ...F0 } } ' || (SELECT string_agg(format('fragment F%s on ls_node { %s }', i, CASE WHEN i = 9 THEN 'id' ELSE repeat(format('...F%s ', i + 1), 10) END), ' ') FROM generate_series(0, 9) i)" \
  "'{}'" "''" 2>&1 | sed -n 's/^NOTICE:  //p'
bomb "'300,000-item _or in a variable'" "'query (\$w: ls_node_bool_exp) { ls_node(where: \$w) { id } }'" \
  "jsonb_build_object('w', jsonb_build_object('_or', (SELECT jsonb_agg(jsonb_build_object('id', jsonb_build_object('_eq', i))) FROM generate_series(1, 300000) i)))" \
  "''" 2>&1 | sed -n 's/^NOTICE:  //p'
bomb "'1,000,000-item _in in a variable'" "'query (\$ids: [Int!]) { ls_node(where: {id: {_in: \$ids}}) { id } }'" \
  "jsonb_build_object('ids', (SELECT jsonb_agg(i) FROM generate_series(1, 1000000) i))" "''" 2>&1 | sed -n 's/^NOTICE:  //p'
bomb "'1.6 MB of request.headers (JWT mode)'" "'{ ls_node { id } }'" "'{}'" \
  "'{' || (SELECT string_agg(format('\"h%s\": \"%s\"', i, repeat('x', 30)), ',') FROM generate_series(1, 40000) i) || '}'" \
  2>&1 | sed -n 's/^NOTICE:  //p'

# The time from a cancel to the error, in each stage.  The victim is one
# SELECT: a sub-select builds or reads the input (x), the next one
# announces that the input is ready (application_name 'ls_go'), and the
# outer one calls graphql.resolve.  Building a 46 MB document is hundreds
# of milliseconds of PostgreSQL's own work that no cancel interrupts, so
# the cancels come after the announcement: a pg_cancel_backend sent by a
# second session a delay after it, or a statement_timeout of the time the
# input took in a first run, plus 100 ms, plus the delay.  Five delays per
# stage land at different points of it; the median and the longest time
# from the cancel to the end of the statement are shown.
echo
echo "| stage | request | cancelled by | time to the error after the cancel (ms): median | longest |"
echo "|---|---|---|---:|---:|"
# victim(setup SQL, input SELECT giving x, call of graphql.resolve using
# i.x, statement_timeout in ms or '')
victim() {
  q -c "SELECT set_config('application_name', 'ls_victim', false)" -c "$1" \
    -c "${4:+SET statement_timeout = '$4ms';}" \
    -c "SELECT $3 IS NULL
          FROM (SELECT x, set_config('application_name', 'ls_go', false) AS go
                  FROM ($2 OFFSET 0) i0 OFFSET 0) i" >/dev/null 2>&1
}
# stop(setup, input, call, how, delay in ms, input time in ms): a second
# session watches the victim in pg_stat_activity (every millisecond) and
# prints, on the server's clock, the time from the cancel to the moment
# the victim is no longer running
stop() {
  local how=$4 delay=$5 input=$6 pid timeout=''
  [ "$how" = statement_timeout ] && timeout=$((input + 100 + delay))
  victim "$1" "$2" "$3" "$timeout" &
  pid=$!
  q 2>&1 <<SQL | sed -n "s/^NOTICE:  //p"
DO \$\$
DECLARE
  p int;
  started timestamptz;
  go timestamptz;
  cancelled timestamptz;
BEGIN
  LOOP
    PERFORM pg_stat_clear_snapshot();
    SELECT pid, query_start INTO p, started FROM pg_stat_activity
     WHERE application_name IN ('ls_victim', 'ls_go') AND state = 'active'
       AND query LIKE '%graphql.resolve%';
    EXIT WHEN p IS NOT NULL;
    PERFORM pg_sleep(0.001);
  END LOOP;
  LOOP
    PERFORM pg_stat_clear_snapshot();
    EXIT WHEN NOT EXISTS (SELECT FROM pg_stat_activity WHERE pid = p AND state = 'active')
           OR EXISTS (SELECT FROM pg_stat_activity WHERE pid = p AND application_name = 'ls_go');
    PERFORM pg_sleep(0.001);
  END LOOP;
  go := clock_timestamp();
  IF '$how' = 'pg_cancel_backend' THEN
    PERFORM pg_sleep($delay / 1000.0);
    cancelled := clock_timestamp();
    PERFORM pg_cancel_backend(p);
  ELSE
    cancelled := started + interval '$timeout ms';
  END IF;
  LOOP
    PERFORM pg_stat_clear_snapshot();
    EXIT WHEN NOT EXISTS (SELECT FROM pg_stat_activity WHERE pid = p AND state = 'active');
    PERFORM pg_sleep(0.001);
  END LOOP;
  IF cancelled < go THEN
    RAISE EXCEPTION 'the timeout came before the input was ready: raise the margin';
  END IF;
  RAISE NOTICE '%', round((extract(epoch FROM clock_timestamp() - cancelled) * 1000)::numeric, 1);
END \$\$;
SQL
  wait "$pid" || true
}
q -c "CREATE TABLE ls_vars (v jsonb)" -c "ALTER TABLE ls_vars ALTER v SET STORAGE EXTERNAL" \
  -c "INSERT INTO ls_vars SELECT jsonb_build_object('w', jsonb_build_object('_or', (SELECT jsonb_agg(jsonb_build_object('id', jsonb_build_object('_eq', i))) FROM generate_series(1, 30000) i)))" >/dev/null
# measure(label, delays, setup, input, call, how): one table row
measure() {
  local label=$1 delays=$2 how=$6 input times=()
  shift 2
  input=$(q -c "SELECT (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::int
                  FROM ($2 OFFSET 0) i0")
  for delay in $delays; do
    times+=("$(stop "$@" "$delay" "$input")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v how="$how" \
    '{ t[NR] = $1 } END { printf "| %s | %s | %s | %s |\n", label, how, t[int((NR + 1) / 2)], t[NR] }'
}
# parsing the document takes seconds; compiling and planning the _or about
# 0.6 s of the request's 0.8 s (the rest is running it)
for how in statement_timeout pg_cancel_backend; do
  measure "parser | a document of 16 million tokens (graphql.max_tokens raised)" "0 100 200 300 400" \
    "SET graphql.max_tokens = 100000000" \
    "SELECT '{ ' || repeat('a: ls_node_by_pk(id: 1) { id } ', 1500000 + (random() * 0)::int) || '}' AS x" \
    "graphql.resolve(i.x)" $how
  measure "compiler and PostgreSQL's planner | a 30,000-item _or (90,000 values, within the default limits)" "0 100 200 300 400" \
    "SET graphql.plan_cache_size = 0" "SELECT v AS x FROM ls_vars" \
    "graphql.resolve('query (\$w: ls_node_bool_exp) { ls_node(where: \$w) { id } }', i.x)" $how
  measure "executor | a function in pg_sleep" "100 200 300 400 500" "SET graphql.plan_cache_size = 0" "SELECT 1 AS x" \
    "graphql.resolve('{ ls_sleep { id } }')" $how
done
q -c 'DROP TABLE ls_node, ls_vars CASCADE' -c 'DROP FUNCTION IF EXISTS ls_sleep()' >/dev/null 2>&1 || true
