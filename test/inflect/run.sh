#!/usr/bin/env bash
# Build and run the unit tests of src/inflect.c (pluralization), outside the
# server.  Works from any directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"${CC:-gcc}" -std=c99 -Wall -Wextra -Werror -pedantic -I "$root/src" \
	-o "$tmp/test_inflect" "$root/test/inflect/test_inflect.c" "$root/src/inflect.c"
"$tmp/test_inflect"
