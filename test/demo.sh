#!/usr/bin/env bash
# A short demonstration on a throwaway PostgreSQL 15 cluster: installs what is
# missing, builds and installs the extension, and runs a few calls in psql.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/setup.sh
bash test/build.sh
exec pg_virtualenv -t -v 15 psql -X -v ON_ERROR_STOP=0 -f test/demo.sql
