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
#     compiler (a 30,000-item _or, graphql.max_input_size raised) and in
#     the executor (a function sleeping in pg_sleep).
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

# The time from a cancel to the error, in each stage.  The victim is a DO
# block that loads its input (built before, in a temporary table), sleeps
# half a second, then calls graphql.resolve; the cancel comes 900 ms after
# the block began (statement_timeout = 900ms, or a pg_cancel_backend sent
# then by a second session), while resolve is in the stage measured.
echo
echo "| stage | request | cancelled by | time to the error after the cancel (ms) |"
echo "|---|---|---|---:|"
# stop(label, setup SQL, DECLARE and load, call, how): a second session
# watches the victim in pg_stat_activity (every millisecond) and measures,
# on the server's clock, from the cancel to the moment the victim is no
# longer running
stop() {
  local label=$1 setup=$2 declare=$3 load=$4 call=$5 how=$6 victim timeout=''
  [ "$how" = statement_timeout ] && timeout="SET statement_timeout = '900ms';"
  q -c "SELECT set_config('application_name', 'ls_victim', false)" -c "$setup" \
    -c "$timeout DO \$v\$ DECLARE $declare BEGIN $load; PERFORM pg_sleep(0.5); PERFORM $call; END \$v\$" \
    >/dev/null 2>&1 &
  victim=$!
  q 2>&1 <<SQL | sed -n "s/^NOTICE:  //p"
DO \$\$
DECLARE
  p int;
  started timestamptz;
  cancelled timestamptz;
BEGIN
  LOOP
    PERFORM pg_stat_clear_snapshot();
    SELECT pid, query_start INTO p, started FROM pg_stat_activity
     WHERE application_name = 'ls_victim' AND state = 'active' AND query LIKE '%graphql.resolve%';
    EXIT WHEN p IS NOT NULL;
    PERFORM pg_sleep(0.001);
  END LOOP;
  cancelled := started + interval '900 ms';
  IF '$how' = 'pg_cancel_backend' THEN
    PERFORM pg_sleep(extract(epoch FROM cancelled - clock_timestamp()));
    cancelled := clock_timestamp();
    PERFORM pg_cancel_backend(p);
  END IF;
  LOOP
    PERFORM pg_stat_clear_snapshot();
    EXIT WHEN NOT EXISTS (SELECT FROM pg_stat_activity WHERE pid = p AND state = 'active'
                                                        AND query LIKE '%graphql.resolve%');
    PERFORM pg_sleep(0.001);
  END LOOP;
  RAISE NOTICE '| $label | $how | % |',
    round((extract(epoch FROM clock_timestamp() - cancelled) * 1000)::numeric, 1);
END \$\$;
SQL
  wait "$victim" || true
}
q -c "CREATE TABLE ls_doc AS SELECT '{ ' || repeat('a: ls_node_by_pk(id: 1) { id } ', 1500000) || '}' AS doc" \
  -c "CREATE TABLE ls_vars AS SELECT jsonb_build_object('w', jsonb_build_object('_or', (SELECT jsonb_agg(jsonb_build_object('id', jsonb_build_object('_eq', i))) FROM generate_series(1, 30000) i))) AS v" >/dev/null
for how in statement_timeout pg_cancel_backend; do
  stop "parser | a document of 16 million tokens" "SET graphql.max_tokens = 100000000" \
    "d text;" "d := (SELECT doc FROM ls_doc)" "graphql.resolve(d)" $how
  stop "compiler | a 30,000-item _or (90,000 values)" "SET graphql.max_input_size = 10000000; SET graphql.plan_cache_size = 0" \
    "w jsonb;" "w := (SELECT v FROM ls_vars)" \
    "graphql.resolve('query (\$w: ls_node_bool_exp) { ls_node(where: \$w) { id } }', w)" $how
  stop "executor | a function in pg_sleep" "SET graphql.plan_cache_size = 0" "x int;" "x := 0" \
    "graphql.resolve('{ ls_sleep { id } }')" $how
done
q -c 'DROP TABLE ls_node, ls_doc, ls_vars CASCADE' -c 'DROP FUNCTION IF EXISTS ls_sleep()' >/dev/null 2>&1 || true
