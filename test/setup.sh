#!/usr/bin/env bash
# Install what building and testing the extension needs, on Debian 12
# (Chromium: the console's test in a real browser; PostGIS: test postgis).
# Idempotent: installs only what is missing.  Runs apt-get as root (or
# through sudo), then the pinned npm packages of test/ (package-lock.json:
# graphql-js, and the pg client for test/concurrency).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(build-essential pkg-config valgrind postgresql-15 postgresql-server-dev-15 postgresql-15-postgis-3
          postgresql-common libjwt-dev libssl-dev libcurl4-openssl-dev libpq-dev libh2o-evloop-dev nodejs npm
          chromium)
missing=()
for p in "${packages[@]}"; do
  case "$p" in
    nodejs|npm) command -v "${p/nodejs/node}" >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci again whenever a package-lock.json changed since the last one (its
# checksum is kept in node_modules), not only when a version did: test/
# (graphql-js, pg, graphql-http, playwright-core) and server/console
# (GraphiQL and React, installed with graphql-server)
for dir in test server/console; do
  lock=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  installed=$(cat "$dir/node_modules/.package-lock.sha256" 2>/dev/null || true)
  if [ "$lock" != "$installed" ]; then
    echo "setup: installing the pinned npm packages of $dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock" > "$dir/node_modules/.package-lock.sha256"
  fi
done
