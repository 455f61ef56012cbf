#!/usr/bin/env bash
# The schema cache across sessions: DDL committed in one session is seen by
# graphql.resolve in another on its next call; DDL that is not committed, or
# rolled back, is not.  Needs a server (PG* environment) with the extension
# installed.  Ends with "schema_cache_sessions: N passed, M failed".
set -uo pipefail
db=graphql_cache_test
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || exit 1
export PGDATABASE=$db
passed=0
failed=0

# session A: one long-lived psql, fed line by line
coproc A { psql -X -q -At 2>&1; }
. "$(dirname "$0")/lib/session_a.sh"		# in_a, check
# run SQL in a new session B
in_b() { psql -X -q -At -c "$1" 2>&1; }

in_b "CREATE EXTENSION graphql; CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);" >/dev/null
check "A sees the table" "$(in_a "SELECT graphql.resolve('{ t { id } }');")" \
  '{"data": {"t": [{"id":1}]}}'

in_b "ALTER TABLE t ADD COLUMN x int DEFAULT 7;" >/dev/null
check "a column added in B is seen by A" "$(in_a "SELECT graphql.resolve('{ t { id x } }');")" \
  '{"data": {"t": [{"id":1,"x":7}]}}'

# B adds a column in a transaction it has not committed yet: A must not see it
exec 3>&2 2>/dev/null			# bash warns that coprocess A still exists
coproc B { psql -X -q -At 2>&1; }
exec 2>&3 3>&-
echo "BEGIN; ALTER TABLE t ADD COLUMN y int DEFAULT 8; SELECT 'altered';" >&"${B[1]}"
read -r line <&"${B[0]}"
check "B's uncommitted column" "$line" "altered"
check "is not seen by A" "$(in_a "SELECT graphql.resolve('{ t { y } }')::jsonb -> 'errors' -> 0 ->> 'message';" )" \
  "field 'y' not found in type: 't'"
echo "ROLLBACK; SELECT 'rolled back';" >&"${B[1]}"
read -r line <&"${B[0]}"
check "B rolls back" "$line" "rolled back"
check "A still does not see it" "$(in_a "SELECT graphql.resolve('{ t { y } }')::jsonb -> 'errors' -> 0 ->> 'message';" )" \
  "field 'y' not found in type: 't'"
echo '\q' >&"${B[1]}"

in_b "ALTER TABLE t DROP COLUMN x;" >/dev/null
check "a column dropped in B is gone for A" "$(in_a "SELECT graphql.resolve('{ t { x } }')::jsonb -> 'errors' -> 0 ->> 'message';" )" \
  "field 'x' not found in type: 't'"

in_b "CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES t(id)); INSERT INTO u VALUES (5, 1);" >/dev/null
check "a table and foreign key created in B give A relationships" \
  "$(in_a "SELECT graphql.resolve('{ t { id us { id } } }');")" \
  '{"data": {"t": [{"id":1,"us":[{"id":5}]}]}}'

in_b "CREATE ROLE graphql_cache_reader; GRANT SELECT ON t TO graphql_cache_reader;" >/dev/null
check "a role sees only what it was granted" \
  "$(in_a "SET ROLE graphql_cache_reader; SELECT graphql.resolve('{ u { id } }')::jsonb -> 'errors' -> 0 ->> 'message'; RESET ROLE;")" \
  "field 'u' not found in type: 'query_root'"
in_b "GRANT SELECT ON u TO graphql_cache_reader;" >/dev/null
check "a GRANT in B is seen by A" \
  "$(in_a "SET ROLE graphql_cache_reader; SELECT graphql.resolve('{ u { id } }'); RESET ROLE;")" \
  '{"data": {"u": [{"id":5}]}}'

echo '\q' >&"${A[1]}"
wait
psql -X -q -d postgres -c "DROP DATABASE $db" -c "DROP ROLE graphql_cache_reader" >/dev/null
echo "schema_cache_sessions: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
