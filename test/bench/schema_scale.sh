#!/usr/bin/env bash
# Schema scale (issue 14): what the first request of a new backend costs,
# and what a backend then holds, as the database grows.  For N tables
# (default 50, 500 and 2000; each of 7 columns, a foreign key to the
# previous one), in new sessions (the library loaded first, so its loading
# is not counted):
#   - first request: `{ scale_bench_t0001 { id } }` (time of the call, inside the server);
#   - introspection: graphql-js's getIntrospectionQuery(), the first call of
#     a session;
#   - memory: after the first request, the bytes of the backend's graphql
#     memory contexts (the cached schema and its types) and of the whole
#     backend (pg_backend_memory_contexts);
#   - the same first request right after a VACUUM ANALYZE of every table
#     (the cache kept: a hit), for comparison with a rebuild.
# Each figure is the median of --runs sessions (default 3).
#
#   bash test/bench/schema_scale.sh [--tables "50 500 2000"] [--runs 3]
#
# Needs the extension installed (bash test/build.sh) and test/node_modules
# (bash test/setup.sh).  Runs on its own throwaway cluster unless PGHOST is
# already set; its tables live in schema scale_bench, dropped at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sizes="50 500 2000"
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --tables) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--tables \"50 500 2000\"] [--runs N]" >&2; exit 2 ;;
  esac
done

if [ -z "${PGHOST:-}" ]; then
  exec pg_virtualenv -t -v 15 bash "$0" "$@"
fi

# drop the tables one transaction each (one DROP SCHEMA of 2,000 tables
# takes more locks than a default server has), then the schema
drop_tables() {
  psql -X -q >/dev/null <<'SQL'
SET client_min_messages = warning;
SELECT format('DROP TABLE IF EXISTS scale_bench.%I CASCADE', c.relname)
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'scale_bench' AND c.relkind = 'r' ORDER BY c.relname DESC \gexec
DROP SCHEMA IF EXISTS scale_bench CASCADE;
SQL
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; drop_tables 2>/dev/null || true' EXIT
node -e '
  const g = require(process.argv[1]);
  process.stdout.write(g.getIntrospectionQuery());' "$here/../node_modules/graphql" > "$tmp/introspection.graphql"
export PGOPTIONS="${PGOPTIONS:-} -c graphql.schemas=scale_bench"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# one new session: load the library, then time a call of graphql.resolve
# with the request in file $1; prints "ms graphql_bytes backend_bytes"
session() {
  psql -X -q -At -v ON_ERROR_STOP=1 -v request="$(cat "$1")" <<'SQL'
LOAD 'graphql';
CREATE FUNCTION pg_temp.timed(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := pg_catalog.clock_timestamp(); r text;
BEGIN
  r := graphql.resolve(q);
  IF r NOT LIKE '{"data"%' THEN RAISE EXCEPTION 'not an answer: %', pg_catalog.left(r, 200); END IF;
  RETURN extract(epoch FROM pg_catalog.clock_timestamp() - t0) * 1000;
END $$;
SELECT pg_catalog.round(pg_temp.timed(:'request')::numeric, 1),
       (SELECT sum(total_bytes) FROM pg_backend_memory_contexts WHERE name LIKE 'graphql%'),
       (SELECT sum(total_bytes) FROM pg_backend_memory_contexts);
SQL
}

printf '{ scale_bench_t0001 { id } }' > "$tmp/first.graphql"
printf '| tables | first request ms | introspection ms | graphql contexts MB | backend MB | first request after VACUUM ANALYZE ms |\n'
printf '|---:|---:|---:|---:|---:|---:|\n'
for n in $sizes; do
  drop_tables
  psql -X -q -v ON_ERROR_STOP=1 -v tables="$n" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
CREATE SCHEMA scale_bench;
SELECT format($f$CREATE TABLE scale_bench.t%1$s (
    id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), qty int,
    created timestamptz NOT NULL DEFAULT now(), active bool, prev_id int %2$s)$f$,
    lpad(i::text, 4, '0'),
    CASE WHEN i > 1 THEN format('REFERENCES scale_bench.t%s (id)', lpad((i - 1)::text, 4, '0')) ELSE '' END)
  FROM generate_series(1, :tables) i ORDER BY i \gexec
SQL
  : > "$tmp/first"; : > "$tmp/intro"; : > "$tmp/gmem"; : > "$tmp/bmem"; : > "$tmp/after"
  for _ in $(seq "$runs"); do
    read -r ms gbytes bbytes <<<"$(session "$tmp/first.graphql" | tr '|' ' ')"
    echo "$ms" >> "$tmp/first"; echo "$gbytes" >> "$tmp/gmem"; echo "$bbytes" >> "$tmp/bmem"
    read -r ms _ _ <<<"$(session "$tmp/introspection.graphql" | tr '|' ' ')"
    echo "$ms" >> "$tmp/intro"
    # the cache survives VACUUM ANALYZE: a session builds, the tables are
    # vacuumed, and its next request is timed
    psql -X -q -At -v ON_ERROR_STOP=1 >> "$tmp/after" <<'SQL'
LOAD 'graphql';
SELECT graphql.resolve('{ scale_bench_t0001 { id } }') IS NULL;
\o /dev/null
VACUUM ANALYZE;
\o
CREATE FUNCTION pg_temp.timed(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := pg_catalog.clock_timestamp();
BEGIN
  PERFORM graphql.resolve(q);
  RETURN extract(epoch FROM pg_catalog.clock_timestamp() - t0) * 1000;
END $$;
SELECT pg_catalog.round(pg_temp.timed('{ scale_bench_t0001 { id } }')::numeric, 2);
SQL
  done
  sed -i '/^f$/d' "$tmp/after"
  printf '| %s | %s | %s | %.1f | %.1f | %s |\n' "$n" "$(median < "$tmp/first")" "$(median < "$tmp/intro")" \
    "$(echo "$(median < "$tmp/gmem") / 1048576" | bc -l)" "$(echo "$(median < "$tmp/bmem") / 1048576" | bc -l)" \
    "$(median < "$tmp/after")"
done
