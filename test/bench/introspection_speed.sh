#!/usr/bin/env bash
# Introspection speed: graphql-js's standard introspection query
# (getIntrospectionQuery(), what GraphiQL and code generators send) through
# graphql.resolve, on a generated schema of N tables (default 200), each with
# 9 columns of mixed types and a foreign key to the previous table.
#
#   bash test/bench/introspection_speed.sh [tables, default 200] [warm calls, default 20]
#
# Prints, in milliseconds:
#   - cold: the first call of a new session (the schema cache is empty, so it
#     includes reflecting the catalog and building the schema), for
#     `{ __typename }` (schema build alone) and for the introspection query;
#   - warm: the mean, minimum and maximum of the next calls in that session;
#   - graphql.sdl() warm, and graphql-js 16.11 executing the same
#     introspection query on buildSchema(graphql.sdl()) in Node, for scale.
# Each cold figure is the median of 3 fresh sessions.
#
# Needs the extension installed (bash test/build.sh) and test/node_modules
# (bash test/setup.sh).  Runs on its own throwaway cluster unless PGHOST is
# already set; its tables live in schema introspection_bench, dropped at the
# end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tables="${1:-200}"
repeat="${2:-20}"

if [ -z "${PGHOST:-}" ]; then
  exec pg_virtualenv -t -v 15 bash "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; psql -X -q -c "DROP SCHEMA IF EXISTS introspection_bench CASCADE" >/dev/null 2>&1 || true' EXIT

node -e '
  const g = require(process.argv[1]);
  process.stdout.write(g.getIntrospectionQuery());' "$here/../node_modules/graphql" > "$tmp/query.graphql"

# the schema: t001 .. tNNN
psql -X -q -v ON_ERROR_STOP=1 -v tables="$tables" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
DROP SCHEMA IF EXISTS introspection_bench CASCADE;
CREATE SCHEMA introspection_bench;
SELECT format($f$CREATE TABLE introspection_bench.t%1$s (
    id int PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2),
    qty int,
    created timestamptz NOT NULL DEFAULT now(),
    active bool,
    tags text[],
    data jsonb,
    prev_id int %2$s)$f$,
    lpad(i::text, 3, '0'),
    CASE WHEN i > 1 THEN format('REFERENCES introspection_bench.t%s (id)', lpad((i - 1)::text, 3, '0')) ELSE '' END)
  FROM generate_series(1, :tables) i ORDER BY i \gexec
SELECT format('COMMENT ON TABLE introspection_bench.t%s IS %L', lpad(i::text, 3, '0'), 'Table number ' || i)
  FROM generate_series(1, :tables) i ORDER BY i \gexec
SQL

# one fresh session: the first call (cold), then $repeat warm calls
measure() {
  local what=$1
  psql -X -q -At -v ON_ERROR_STOP=1 -v repeat="$repeat" -v what="$what" <<SQL
\\set q \`cat $tmp/query.graphql\`
SET graphql.schemas = 'introspection_bench';
SELECT graphql.parse('{ a }') IS NOT NULL AS loaded \\gset
CREATE FUNCTION pg_temp.bench(q text, n int, what text) RETURNS json LANGUAGE plpgsql AS \$\$
DECLARE
  t0 timestamptz;
  cold float8;
  times float8[] := '{}';
  r json;
  doc text := CASE what WHEN 'typename' THEN '{ __typename }' ELSE q END;
  sdl_ms float8;
BEGIN
  t0 := clock_timestamp();
  r := graphql.resolve(doc);
  cold := extract(epoch FROM clock_timestamp() - t0) * 1000;
  IF r::text NOT LIKE '{"data"%' THEN RAISE EXCEPTION 'not data: %', left(r::text, 200); END IF;
  IF what = 'typename' THEN RETURN json_build_object('cold_ms', cold); END IF;
  FOR i IN 1..n LOOP
    t0 := clock_timestamp();
    r := graphql.resolve(doc);
    times := times || extract(epoch FROM clock_timestamp() - t0) * 1000;
  END LOOP;
  t0 := clock_timestamp();
  PERFORM graphql.sdl();
  sdl_ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
  RETURN json_build_object('cold_ms', cold,
    'warm_mean_ms', (SELECT avg(x) FROM unnest(times) x),
    'warm_min_ms', (SELECT min(x) FROM unnest(times) x),
    'warm_max_ms', (SELECT max(x) FROM unnest(times) x),
    'sdl_ms', sdl_ms,
    'bytes', octet_length(r::text),
    'types', json_array_length(r #> '{data,__schema,types}'));
END \$\$;
SELECT pg_temp.bench(:'q', :repeat, :'what');
SQL
}

runs=()
for i in 1 2 3; do runs+=("$(measure typename)"); done
for i in 1 2 3; do runs+=("$(measure introspection)"); done
psql -X -q -At -c "SET graphql.schemas = 'introspection_bench'; SELECT graphql.sdl()" > "$tmp/schema.graphql"

node -e '
  const g = require(process.argv[1]);
  const fs = require("fs");
  const [sdlFile, queryFile, tables, repeat, ...runs] = process.argv.slice(2);
  const r = runs.map((x) => JSON.parse(x));
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const typename = r.slice(0, 3), intro = r.slice(3);
  const f = (x) => x.toFixed(1);
  // graphql-js on the same schema, for scale
  let t = process.hrtime.bigint();
  const schema = g.buildSchema(fs.readFileSync(sdlFile, "utf8"));
  const buildMs = Number(process.hrtime.bigint() - t) / 1e6;
  const doc = g.parse(fs.readFileSync(queryFile, "utf8"));
  t = process.hrtime.bigint();
  const first = g.executeSync({ schema, document: doc });
  const jsCold = Number(process.hrtime.bigint() - t) / 1e6;
  if (first.errors) throw new Error(JSON.stringify(first.errors));
  const times = [];
  for (let i = 0; i < Number(repeat); i++) {
    t = process.hrtime.bigint();
    g.executeSync({ schema, document: doc });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const jsMean = times.reduce((a, b) => a + b, 0) / times.length;
  const i0 = intro[0];
  console.log(`introspection of ${tables} tables: ${i0.types} types, response ${(i0.bytes / 1024).toFixed(0)} KiB`);
  console.log("| measurement | ms |");
  console.log("|---|---|");
  console.log(`| cold { __typename } (first call of a session: reflection + schema build), median of 3 | ${f(median(typename.map((x) => x.cold_ms)))} |`);
  console.log(`| cold introspection query (first call of a session), median of 3 | ${f(median(intro.map((x) => x.cold_ms)))} |`);
  console.log(`| warm introspection query, mean of ${repeat} (min, max) | ${f(median(intro.map((x) => x.warm_mean_ms)))} (${f(Math.min(...intro.map((x) => x.warm_min_ms)))}, ${f(Math.max(...intro.map((x) => x.warm_max_ms)))}) |`);
  console.log(`| warm graphql.sdl() | ${f(median(intro.map((x) => x.sdl_ms)))} |`);
  console.log(`| graphql-js: buildSchema(sdl) | ${f(buildMs)} |`);
  console.log(`| graphql-js: execute introspection, first (mean of ${repeat} after) | ${f(jsCold)} (${f(jsMean)}) |`);
' "$here/../node_modules/graphql" "$tmp/schema.graphql" "$tmp/query.graphql" "$tables" "$repeat" "${runs[@]}"
