#!/usr/bin/env bash
# The tests proper; test/all.sh runs this inside pg_virtualenv, which points
# the PG* environment variables at a throwaway cluster.
set -uo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# count(suite, passed, failed, exit status): add a suite's results; a suite
# that failed without reporting a failed test counts as one failure
count() {
  echo "-- $1: $2 passed, $3 failed"
  passed=$((passed + $2))
  failed=$((failed + $3))
  if [ "$4" -ne 0 ] && [ "$3" -eq 0 ]; then failed=$((failed + 1)); fi
}

# suite(name, title, command...): run a suite that ends with the line
# "name: N passed, M failed", in a database of its own; show its output
suite() {
  local name=$1 title=$2 status summary
  shift 2
  echo "== $name: $title"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS suite_$name" -c "CREATE DATABASE suite_$name" > /dev/null
  PGDATABASE=suite_$name "$@" > "$log" 2>&1
  status=$?
  cat "$log"
  summary=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed\$" "$log" | tail -1)
  count "$name" "$(echo "$summary" | sed -nE 's/.* ([0-9]+) passed.*/\1/p' | grep . || echo 0)" \
    "$(echo "$summary" | sed -nE 's/.* ([0-9]+) failed.*/\1/p' | grep . || echo 0)" $status
}

echo "== pg_regress"
make -s installcheck PG_CONFIG="$PG_CONFIG" > "$log" 2>&1
status=$?
cat "$log"
[ $status -ne 0 ] && [ -s regression.diffs ] && cat regression.diffs
count pg_regress "$(grep -c '\.\.\. ok' "$log")" "$(grep -c '\.\.\. FAILED' "$log")" $status

suite inflect "the pluralizer of relationship names" bash test/inflect/run.sh
suite source_layout "the C sources: no include cycle among src/ modules, no file over 1,000 lines, no function over 150" node test/source_layout.js
suite parse_diff "graphql.parse against graphql-js" node test/parse_diff/run.js
suite schema_cache_sessions "DDL in one session seen by another" bash test/schema_cache_sessions.sh
suite cache_invalidation "the schema and plan caches survive VACUUM, ANALYZE, temporary tables and changes elsewhere, and drop on each relevant change" bash test/cache_invalidation.sh
suite query_diff "graphql.resolve against hand-written SQL" node test/query_diff/run.js
suite mutation_diff "mutations through graphql.resolve against hand-written SQL" node test/mutation_diff/run.js
# graphql.check_reuse: every re-run is also compiled afresh, and must be the same
suite query_reuse "query_diff, each case after the same query with other values (compiled statements re-run, checked against a fresh compile)" \
  env PGOPTIONS="${PGOPTIONS:-} -c graphql.check_reuse=on" node test/query_diff/run.js --reuse
suite mutation_reuse "mutation_diff, each step after the same request with other values (compiled statements re-run, checked against a fresh compile)" \
  env PGOPTIONS="${PGOPTIONS:-} -c graphql.check_reuse=on" node test/mutation_diff/run.js --reuse
suite jwt_reload "graphql.jwt_secret from ALTER SYSTEM and the configuration file, after a reload" bash test/jwt_reload.sh
suite client_settings "connection options cannot change the settings that guard requests (library loaded late, per session, preloaded)" bash test/client_settings.sh
suite jwt_fixtures "the JWT test tokens verified by Node's crypto, an independent implementation" node test/jwt/check_tokens.js
suite introspection "graphql-js's buildClientSchema and validate against our introspection" node test/introspection/run.js
suite concurrency "answers while another session changes the schema (issue 12; 25 s of test/concurrency/run.js)" \
  node test/concurrency/run.js --seconds 25
suite jwk_url "keys fetched from a jwk_url by the background worker: rotation, rate limit, max-age, an issuer that fails" \
  bash test/jwk_url/run.sh
suite remote "remote schemas: definitions added, checked, introspected, reloaded and removed; merged into the schema; against services on loopback" \
  node test/remote/run.js
suite demo "the README's first command, with --check: the server on a sample database" bash test/demo.sh --check
suite server "graphql-server over HTTP (built with ASan and UBSan): endpoints, auth, errors, CORS, shutdown, restart, the graphql-http audit" \
  bash test/server/run.sh
suite fuzz "the fuzzer, 2 minutes, on a server of its own with the extension built with ASan and UBSan" \
  bash test/fuzz/run.sh --seconds 120 --minimize-seconds 10 --max-minimized 3 --max-findings-shrunk 6

echo "== valgrind: the pg_regress suite on a server under memcheck"
bash test/valgrind.sh > "$log" 2>&1
status=$?
tail -n 3 "$log"
[ $status -ne 0 ] && cat "$log"
count valgrind "$([ $status -eq 0 ] && echo 1 || echo 0)" "$([ $status -eq 0 ] && echo 0 || echo 1)" $status

echo
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
