#!/usr/bin/env bash
# The tests proper; test/all.sh runs this inside pg_virtualenv, which points
# the PG* environment variables at a throwaway cluster.
set -uo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
passed=0
failed=0

# count(suite, passed, failed, exit status): add a suite's results; a suite
# that failed without reporting a failed test counts as one failure
count() {
  echo "-- $1: $2 passed, $3 failed"
  passed=$((passed + $2))
  failed=$((failed + $3))
  if [ "$4" -ne 0 ] && [ "$3" -eq 0 ]; then failed=$((failed + 1)); fi
}

echo "== pg_regress"
make -s installcheck PG_CONFIG="$PG_CONFIG" > regression.log 2>&1
status=$?
cat regression.log
[ $status -ne 0 ] && [ -s regression.diffs ] && cat regression.diffs
count pg_regress "$(grep -c '\.\.\. ok' regression.log)" "$(grep -c '\.\.\. FAILED' regression.log)" $status
rm -f regression.log

echo "== inflect: the pluralizer of relationship names"
bash test/inflect/run.sh > inflect.log 2>&1
status=$?
tail -n 1 inflect.log
[ $status -ne 0 ] && cat inflect.log
summary=$(grep -E '^inflect: [0-9]+ passed, [0-9]+ failed$' inflect.log | tail -1)
count inflect "$(echo "$summary" | sed -nE 's/.* ([0-9]+) passed.*/\1/p' | grep . || echo 0)" \
  "$(echo "$summary" | sed -nE 's/.* ([0-9]+) failed.*/\1/p' | grep . || echo 0)" $status
rm -f inflect.log

echo "== differential: graphql.parse against graphql-js"
node test/parse_diff/run.js > parse_diff.log 2>&1
status=$?
cat parse_diff.log
summary=$(grep -E '^parse_diff: [0-9]+ passed, [0-9]+ failed$' parse_diff.log | tail -1)
count parse_diff "$(echo "$summary" | sed -nE 's/.* ([0-9]+) passed.*/\1/p' | grep . || echo 0)" \
  "$(echo "$summary" | sed -nE 's/.* ([0-9]+) failed.*/\1/p' | grep . || echo 0)" $status
rm -f parse_diff.log

echo "== valgrind: the pg_regress suite on a server under memcheck"
bash test/valgrind.sh > valgrind.log 2>&1
status=$?
tail -n 3 valgrind.log
[ $status -ne 0 ] && cat valgrind.log
count valgrind "$([ $status -eq 0 ] && echo 1 || echo 0)" "$([ $status -eq 0 ] && echo 0 || echo 1)" $status
rm -f valgrind.log

echo
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
