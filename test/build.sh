#!/usr/bin/env bash
# Build the extension (warnings are errors) and install it into PostgreSQL 15.
set -euo pipefail
cd "$(dirname "$0")/.."
export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
make -s PG_CONFIG="$PG_CONFIG"
if [ "$(id -u)" = 0 ]; then make -s install PG_CONFIG="$PG_CONFIG" >/dev/null
else sudo make -s install PG_CONFIG="$PG_CONFIG" >/dev/null; fi
