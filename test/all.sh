#!/usr/bin/env bash
# Run every test of the extension on a throwaway PostgreSQL 15 cluster:
# the pg_regress suite and the differential tests against graphql-js.
# Installs what is missing first (test/setup.sh), so it works on a fresh
# Debian 12.  Ends with one line "all: N passed, M failed"; exits non-zero
# if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/setup.sh
bash test/build.sh
exec pg_virtualenv -t -v 15 bash test/in-cluster.sh
