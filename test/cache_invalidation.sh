#!/usr/bin/env bash
# Invalidation by what changed (issue 14): a backend's cached schema, and the
# requests compiled against it, survive catalog changes that do not touch
# what the schema reflects (VACUUM, ANALYZE, TRUNCATE, another session's
# temporary table, objects outside graphql.schemas) and are dropped by each
# kind of change that does.  Session A keeps one request cached; each step
# makes a change (in session B, or in A itself) and counts the plan-cache
# misses of A's next request (graphql.cache_stats()): 0 or 1.  Needs a
# server (PG* environment) with the extension installed.  Ends with
# "cache_invalidation: N passed, M failed".
set -uo pipefail
db=${PGDATABASE:-graphql_cache_invalidation}
[ "$db" = postgres ] && db=graphql_cache_invalidation
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" \
  -c "DROP ROLE IF EXISTS graphql_inval_unrelated, graphql_inval_user, graphql_inval_grp, graphql_inval_holder" \
  >/dev/null || exit 1
export PGDATABASE=$db
passed=0
failed=0

# session A: one long-lived psql, fed line by line
coproc A { psql -X -q -At -v ON_ERROR_STOP=0 2>&1; }
. "$(dirname "$0")/lib/session_a.sh"		# in_a, check
# session B: a new connection per call (one transaction)
in_b() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1" 2>&1; }

request='{ t { id mood } }'
# A's request, then its plan-cache misses so far
probe() { in_a "SELECT graphql.resolve('$request') IS NOT NULL; SELECT misses FROM graphql.cache_stats();"; }
# misses(where, sql): sets delta to the misses of A's request after sql ran
# in session where (a or b; sh: a shell command); the request is cached first (not called in a
# subshell: the coprocess's descriptors are not there)
misses() {
  local before after out
  probe >/dev/null
  before=$(probe); before=${before##*$'\n'}
  case $1 in
    a) out=$(in_a "$2") ;;
    b) out=$(in_b "$2") ;;
    sh) eval "$2" >/dev/null; out= ;;		# not in a subshell (the coprocess)
  esac
  if printf '%s' "$out" | grep -q 'ERROR'; then echo "setup failed: $out"; fi
  after=$(probe); after=${after##*$'\n'}
  delta=$((after - before))
}
# unchanged(description, where, sql): the change causes no miss
unchanged() { misses "$2" "$3"; check "$1: no miss" "$delta" 0; }
# changed(description, where, sql): the change causes one miss
changed() { misses "$2" "$3"; check "$1: a miss" "$delta" 1; }

in_b "CREATE EXTENSION graphql;
      CREATE TYPE mood AS ENUM ('sad', 'ok');
      CREATE TABLE t (id int PRIMARY KEY, mood mood, note text);
      INSERT INTO t SELECT g, 'ok', 'n' || g FROM generate_series(1, 100) g;
      CREATE SCHEMA other;
      CREATE TYPE other.colour AS ENUM ('red');
      CREATE TABLE other.x (id int PRIMARY KEY);
      CREATE FUNCTION other.g() RETURNS int LANGUAGE sql AS 'SELECT 1';" >/dev/null
check "A answers" "$(in_a "SELECT graphql.resolve('{ t(limit: 1) { id mood } }');")" \
  '{"data": {"t": [{"id":1,"mood":"ok"}]}}'
misses b "SELECT 1"; check "the request is cached" "$delta" 0

echo "-- changes that touch nothing the schema reflects"
unchanged "VACUUM of an exposed table (session B)" b "VACUUM t"
unchanged "VACUUM of an exposed table (session A)" a "VACUUM t;"
unchanged "ANALYZE of an exposed table" b "ANALYZE t"
unchanged "VACUUM ANALYZE of the whole database" b "VACUUM ANALYZE"
unchanged "VACUUM FULL of an exposed table" b "VACUUM FULL t"
unchanged "TRUNCATE of an exposed table" b "BEGIN; TRUNCATE t; ROLLBACK"
unchanged "a plain index on an exposed table" b "CREATE INDEX t_note ON t (note)"
unchanged "ALTER COLUMN SET STATISTICS" b "ALTER TABLE t ALTER COLUMN note SET STATISTICS 500"
unchanged "another session's temporary table" b "CREATE TEMP TABLE tmp (id int PRIMARY KEY, m mood); INSERT INTO tmp VALUES (1, 'ok'); DROP TABLE tmp"
unchanged "another session's temporary table, kept to its end" b "CREATE TEMP TABLE tmp2 (id int PRIMARY KEY)"
unchanged "A's own temporary table" a "CREATE TEMP TABLE mine (id int);"
unchanged "a table created outside graphql.schemas" b "CREATE TABLE other.y (id int PRIMARY KEY, t_id int)"
unchanged "a column added outside graphql.schemas" b "ALTER TABLE other.y ADD COLUMN z text"
unchanged "a GRANT outside graphql.schemas" b "GRANT SELECT ON other.y TO PUBLIC"
unchanged "a table dropped outside graphql.schemas" b "DROP TABLE other.y"
unchanged "a function created outside graphql.schemas" b "CREATE FUNCTION other.h(a int) RETURNS int LANGUAGE sql AS 'SELECT a'"
unchanged "a function replaced outside graphql.schemas" b "CREATE OR REPLACE FUNCTION other.h(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1'"
unchanged "an enum value added outside graphql.schemas" b "ALTER TYPE other.colour ADD VALUE 'blue'"
unchanged "a type created outside graphql.schemas" b "CREATE TYPE other.pair AS (a int, b int)"
unchanged "a schema created" b "CREATE SCHEMA unrelated"
unchanged "a role created" b "CREATE ROLE graphql_inval_unrelated"
# many(schema): 1,100 tables created by B in 11 transactions, A taking in
# the invalidations after each without a request (so they pile up unjudged,
# more than the 1,024 relations listed, and never overflow PostgreSQL's own
# queue, which would flush everything)
many() {
  for k in $(seq 0 10); do
    in_b "DO \$\$ BEGIN FOR i IN $((k * 100 + 1))..$((k * 100 + 100)) LOOP
            EXECUTE format('CREATE TABLE $1.many%s ()', i); END LOOP; END \$\$" >/dev/null
    in_a "SELECT 1;" >/dev/null
  done
}
unchanged "more relations invalidated than are listed (1,100 tables created outside)" sh "many other"
unchanged "and all of them vacuumed" b "VACUUM ANALYZE"
unchanged "a change rolled back in A" a "BEGIN; ALTER TABLE t ADD COLUMN gone int; ROLLBACK;"
unchanged "a change rolled back in B" b "BEGIN; ALTER TABLE t ADD COLUMN gone int; ROLLBACK"

echo "-- changes to what the schema reflects"
changed "a column added" b "ALTER TABLE t ADD COLUMN extra int DEFAULT 5"
check "  and answered" "$(in_a "SELECT graphql.resolve('{ t(limit: 1) { extra } }');")" \
  '{"data": {"t": [{"extra":5}]}}'
changed "a column renamed" b "ALTER TABLE t RENAME COLUMN extra TO more"
changed "a column's type changed" b "ALTER TABLE t ALTER COLUMN more TYPE bigint"
changed "a column made NOT NULL" b "ALTER TABLE t ALTER COLUMN more SET NOT NULL"
changed "a column dropped" b "ALTER TABLE t DROP COLUMN more"
in_b "CREATE SCHEMA other2" >/dev/null
changed "a table created among more relations than are listed" sh "many other2; in_b 'CREATE TABLE public.among (id int)'"
changed "a table created" b "CREATE TABLE n (id int PRIMARY KEY)"
check "  and answered" "$(in_a "SELECT graphql.resolve('{ n { id } }');")" '{"data": {"n": []}}'
changed "a foreign key added" b "ALTER TABLE n ADD COLUMN t_id int REFERENCES t (id)"
changed "a unique constraint added" b "ALTER TABLE n ADD CONSTRAINT n_t_key UNIQUE (t_id)"
changed "a constraint renamed" b "ALTER TABLE n RENAME CONSTRAINT n_t_key TO n_t_unique"
changed "a constraint dropped" b "ALTER TABLE n DROP CONSTRAINT n_t_unique"
changed "a table renamed" b "ALTER TABLE n RENAME TO n2"
changed "a table dropped" b "DROP TABLE n2"
changed "a view created" b "CREATE VIEW v AS SELECT id FROM t"
changed "a view replaced with another column" b "CREATE OR REPLACE VIEW v AS SELECT id, note FROM t"
changed "a table moved into graphql.schemas" b "ALTER TABLE other.x SET SCHEMA public"
changed "a privilege granted" b "GRANT SELECT ON t TO PUBLIC"
changed "a column privilege granted" b "GRANT UPDATE (note) ON t TO PUBLIC"
changed "row-level security enabled" b "ALTER TABLE t ENABLE ROW LEVEL SECURITY"
changed "row-level security disabled" b "ALTER TABLE t DISABLE ROW LEVEL SECURITY"
changed "an enum value added" b "ALTER TYPE mood ADD VALUE 'glad'"
check "  and answered" "$(in_a "SELECT graphql.resolve('{ t(where: {mood: {_eq: glad}}) { id } }');")" \
  '{"data": {"t": []}}'
changed "an enum value renamed" b "ALTER TYPE mood RENAME VALUE 'glad' TO 'happy'"
changed "a function created" b "CREATE FUNCTION answer() RETURNS int LANGUAGE sql STABLE AS 'SELECT 42'"
check "  and answered" "$(in_a "SELECT graphql.resolve('{ answer }');")" '{"data": {"answer": 42}}'
changed "a function replaced" b "CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql STABLE AS 'SELECT 43'"
changed "a function moved into graphql.schemas" b "ALTER FUNCTION other.g() SET SCHEMA public"
changed "a function dropped" b "DROP FUNCTION answer()"
changed "a role given a membership" b "GRANT pg_read_all_data TO graphql_inval_unrelated"
in_b "CREATE SCHEMA ext; CREATE TYPE ext.size AS ENUM ('s', 'm'); ALTER TABLE t ADD COLUMN size ext.size" >/dev/null
changed "a schema outside graphql.schemas holding a type a column uses renamed" b "ALTER SCHEMA ext RENAME TO ext2"
check "  and answered" "$(in_a "SELECT graphql.resolve('{ t(limit: 1) { size } }');")" '{"data": {"t": [{"size":null}]}}'
unchanged "another schema outside graphql.schemas renamed" b "ALTER SCHEMA unrelated RENAME TO unrelated2"
unchanged "a foreign key from a table outside to an exposed table" b "CREATE TABLE other.refs (t_id int REFERENCES public.t (id))"
# privileges through a chain of roles: user -> grp -> holder (SELECT on held)
in_b "CREATE ROLE graphql_inval_holder NOLOGIN; CREATE ROLE graphql_inval_grp NOLOGIN;
      CREATE ROLE graphql_inval_user NOLOGIN; GRANT graphql_inval_holder TO graphql_inval_grp;
      GRANT graphql_inval_grp TO graphql_inval_user; CREATE TABLE held (id int PRIMARY KEY);
      GRANT SELECT ON held TO graphql_inval_holder" >/dev/null
in_a "SET ROLE graphql_inval_user;" >/dev/null
request='{ held { id } }'
check "a role sees a table through two memberships" "$(in_a "SELECT graphql.resolve('$request');")" '{"data": {"held": []}}'
unchanged "  another role altered" b "ALTER ROLE graphql_inval_unrelated NOINHERIT"
changed "  the role in the middle made NOINHERIT" b "ALTER ROLE graphql_inval_grp NOINHERIT"
check "  and the table is gone for it" "$(in_a "SELECT graphql.resolve('$request')::jsonb -> 'errors' -> 0 ->> 'message';")" \
  "field 'held' not found in type: 'query_root'"
in_a "RESET ROLE;" >/dev/null
request='{ t { id mood } }'
changed "a change in A's own transaction" a "BEGIN; ALTER TABLE t ADD COLUMN mine int;"
check "  seen by A's request" "$(in_a "SELECT graphql.resolve('{ t(limit: 1) { mine } }');")" \
  '{"data": {"t": [{"mine":null}]}}'
changed "  and rolled back" a "ROLLBACK;"
in_a "SET graphql.schemas = 'public, later';" >/dev/null
changed "a schema named in graphql.schemas created" b "CREATE SCHEMA later"
changed "a table created in it" b "CREATE TABLE later.l (id int PRIMARY KEY)"
check "  and answered" "$(in_a "SELECT graphql.resolve('{ later_l { id } }');")" '{"data": {"later_l": []}}'
changed "that schema renamed" b "ALTER SCHEMA later RENAME TO later_gone"

echo '\q' >&"${A[1]}"
wait
psql -X -q -d postgres -c "DROP DATABASE $db" \
  -c "DROP ROLE graphql_inval_unrelated, graphql_inval_user, graphql_inval_grp, graphql_inval_holder" >/dev/null
echo "cache_invalidation: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
