#!/usr/bin/env bash
# Parsing speed against graphql-js's parse (document to JavaScript AST) on the
# same generated documents, in one run.  Two numbers for us: the parser alone
# (graphql._token_count: document to the C syntax tree that resolve uses) and
# graphql.parse (the same, then the tree rendered as a jsonb AST).  Prints a
# Markdown table of MB/s of query text and the ratios.
#
#   bash test/bench/parse_speed.sh [seconds per measurement, default 3]
#
# Needs the extension installed (bash test/build.sh) and test/node_modules
# (bash test/setup.sh).  Runs on its own throwaway cluster unless PGHOST is
# already set.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-3}"

if [ -z "${PGHOST:-}" ]; then
  exec pg_virtualenv -t -v 15 bash "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION IF NOT EXISTS graphql;
CREATE OR REPLACE FUNCTION public.bench_parse(doc text, seconds float8, jsonb_ast bool) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  n int := 0;
  started timestamptz;
  elapsed float8;
BEGIN
  FOR i IN 1..3 LOOP PERFORM graphql.parse(doc); END LOOP;   -- warm up
  started := clock_timestamp();
  LOOP
    IF jsonb_ast THEN
      PERFORM graphql.parse(doc);
    ELSE
      PERFORM graphql._token_count(doc);
    END IF;
    n := n + 1;
    elapsed := extract(epoch FROM clock_timestamp() - started);
    EXIT WHEN elapsed >= seconds;
  END LOOP;
  RETURN jsonb_build_object('iterations', n,
                            'mb_per_s', octet_length(doc) * n / elapsed / 1e6);
END $$;
SQL

echo "| document | tokens | our parser | graphql.parse (jsonb AST) | graphql-js noLocation | graphql-js with locations | parser / graphql-js noLocation | graphql.parse / graphql-js noLocation |"
echo "|---|---|---|---|---|---|---|---|"
for size in 10000 100000 1000000; do
  doc="$tmp/doc.graphql"
  node "$here/gen_document.js" "$size" > "$doc"
  js=$(node "$here/parse_js.js" "$doc" "$seconds")
  ours=$(psql -X -q -At -v ON_ERROR_STOP=1 -v seconds="$seconds" <<SQL
\set doc \`cat $doc\`
SET graphql.max_tokens = 100000000;
SELECT json_build_object('parser', bench_parse(:'doc', :seconds, false),
                         'jsonb', bench_parse(:'doc', :seconds, true),
                         'tokens', graphql._token_count(:'doc'))::text;
SQL
)
  tokens=$(node -e '
    const {Lexer, Source, TokenKind} = require(process.argv[1]);
    const lx = new Lexer(new Source(require("fs").readFileSync(process.argv[2], "utf8")));
    let n = 0; while (lx.advance().kind !== TokenKind.EOF) n++; console.log(n);' \
    "$here/../node_modules/graphql" "$doc")
  node -e '
    const [js, ours, tokens] = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2]), Number(process.argv[4])];
    if (ours.tokens !== tokens) throw new Error(`token counts differ: ours ${ours.tokens}, graphql-js ${tokens}`);
    const f = (x) => x.toFixed(1);
    const r = (x) => (x / js.no_location.mb_per_s).toFixed(2) + "x";
    console.log(`| ${(js.bytes / 1024).toFixed(0)} KiB | ${tokens} | ${f(ours.parser.mb_per_s)} MB/s | ${f(ours.jsonb.mb_per_s)} MB/s | ${f(js.no_location.mb_per_s)} MB/s | ${f(js.with_locations.mb_per_s)} MB/s | ${r(ours.parser.mb_per_s)} | ${r(ours.jsonb.mb_per_s)} |`);
  ' "$js" "$ours" "$size" "$tokens"
done
