# Helpers for tests that keep one long-lived psql session, sourced after
#   coproc A { psql -X -q -At ... 2>&1; }
# and with counters passed=0 failed=0.  Call them in the script's own
# shell, not in a pipeline (the coprocess's descriptors are not there).

# in_a(sql): run SQL in session A and print its output (up to a marker)
in_a() {
  echo "$1" >&"${A[1]}"
  echo '\echo __done__' >&"${A[1]}"
  local line out=""
  while IFS= read -r line <&"${A[0]}"; do
    [ "$line" = "__done__" ] && break
    out+="$line"$'\n'
  done
  printf '%s' "$out"
}

# check(description, actual, expected)
check() {
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1)); echo "ok: $1"
  else
    failed=$((failed + 1)); echo "FAILED: $1"; echo "  expected: $3"; echo "  got:      $2"
  fi
}
