#!/usr/bin/env bash
# Build the extension with AddressSanitizer and UndefinedBehaviorSanitizer
# and install it into a private copy of PostgreSQL 15 (test/lib/pg_tree.sh),
# never into the system one.  The sources are copied to a build directory of
# their own, so the sanitized objects never mix with the normal build's
# objects in src/.  Rebuilds only when the sources changed.
#
#   bash test/fuzz/build.sh DIR      prints the tree's bin directory
#
# DIR/pg is the PostgreSQL tree, DIR/build the build directory, DIR/preload.so
# the library the server is started with (test/fuzz/preload.c).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:?usage: build.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pg_config=$(bash test/lib/pg_tree.sh "$dir/pg")
bin=$(dirname "$pg_config")

# -fno-sanitize-recover: every UBSan report ends the backend (a crash the
# fuzzer sees); -O1 keeps stacks readable and the build fast enough
copt='-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1'
sources=(Makefile graphql.control graphql--0.1.0.sql src test/fuzz/preload.c)
stamp=$( (echo "$copt"; find "${sources[@]}" -type f | sort | xargs sha256sum) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$dir/build/.stamp" 2>/dev/null || true)" != "$stamp" ] || [ ! -f "$dir/pg/usr/lib/postgresql/15/lib/graphql.so" ]; then
  rm -rf "$dir/build"
  mkdir -p "$dir/build"
  cp -a "${sources[@]}" "$dir/build/"
  make -s -C "$dir/build" -j2 PG_CONFIG="$pg_config" COPT="$copt" >&2
  make -s -C "$dir/build" install PG_CONFIG="$pg_config" COPT="$copt" >/dev/null
  gcc -shared -fPIC -O2 -Wall -Wextra -Werror -Wno-unused-parameter -o "$dir/preload.so" \
    test/fuzz/preload.c -ldl
  echo "$stamp" > "$dir/build/.stamp"
fi
echo "$bin"
