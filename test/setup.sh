#!/usr/bin/env bash
# Install what building and testing the extension needs, on Debian 12.
# Idempotent: installs only what is missing.  Runs apt-get as root (or
# through sudo), then the pinned npm packages of test/ (package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(build-essential pkg-config valgrind postgresql-15 postgresql-server-dev-15
          postgresql-common libjwt-dev libssl-dev nodejs npm)
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

# npm ci again whenever test/package-lock.json differs from the one last
# installed (its hash is kept in test/node_modules/.lock-sha256)
want=$(sha256sum test/package-lock.json | cut -d' ' -f1)
have=$(cat test/node_modules/.lock-sha256 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  echo "setup: installing the pinned npm packages of test/"
  (cd test && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > test/node_modules/.lock-sha256
fi
