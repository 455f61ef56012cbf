#!/usr/bin/env bash
# Query speed: graphql.resolve against hand-written SQL that returns the very
# same JSON text, on a generated music-store dataset (schema music_store:
# artist, album, track, genre, customer, invoice, invoice_line, built by
# test/bench/music_store.sql; at scale 1: 1,000 artists, 5,000 albums,
# 50,000 tracks, 25 genres, 5,000 customers, 20,000 invoices, 100,000 invoice
# lines).  Five queries: a row by primary key, 50 rows filtered and ordered,
# three levels nested (artist -> albums -> tracks), an aggregate, and a filter
# through a relationship.  Each is first checked with two sets of values
# (the text of resolve's response must equal the SQL statement's output,
# cached or not, and the second values must re-run the statements compiled
# for the first; else the script fails), then measured with
# `pgbench -n -T <seconds> -c 1`, each call drawing new values (\set), as
# (a) graphql.resolve with the plan cache (the default), (b) the
# hand-written SQL and (c) graphql.resolve with the cache off
# (graphql.plan_cache_size = 0), all sent as text (pgbench's simple
# protocol: the SQL is parsed and planned per call), and (b') the SQL as a
# prepared statement (-M prepared).  Prints a
# Markdown table of mean latencies and the ratios, then the time to parse,
# validate, compile and plan a 2 KB request without the cache.
#
#   bash test/bench/query_speed.sh [--scale N (default 1)] [--seconds N (default 3)]
#                                  [--rounds N (default 3)]
#
# Each of (a), (b), (c) runs --rounds times for --seconds, in turn; the
# table shows the median latency of each.
#
# Runs on the cluster and database the PG* variables lead to, e.g. a
# throwaway one:
#
#   pg_virtualenv -t -v 15 bash test/bench/query_speed.sh
#
# Needs the extension installed (bash test/build.sh); creates it there if
# missing.  Its tables live in schema music_store, dropped at the end (and
# the extension, if this script created it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scale=1
seconds=3
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "usage: $0 [--scale N] [--seconds N] [--rounds N]" >&2; exit 2 ;;
  esac
done

tmp=$(mktemp -d)
created_ext=""
cleanup() {
  psql -X -q -c "DROP SCHEMA IF EXISTS music_store CASCADE" >/dev/null 2>&1 || true
  if [ -n "$created_ext" ]; then
    psql -X -q -c "DROP EXTENSION IF EXISTS graphql" >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$(psql -X -At -c "SELECT count(*) FROM pg_extension WHERE extname = 'graphql'")" = 0 ]; then
  created_ext=yes
  psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS graphql"
fi

echo "generating the dataset (scale $scale) ..." >&2
start=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -v scale="$scale" -f "$here/music_store.sql"
echo "generated in $(( $(date +%s) - start )) s" >&2

# every session (psql and pgbench) exposes schema music_store
export PGOPTIONS="${PGOPTIONS:-} -c graphql.schemas=music_store"

# The queries: name, GraphQL request, its variables (an SQL expression),
# the hand-written SQL, the pgbench \set line drawing the values of each
# call, and two sets of values for the checks (psql -v).  Both sides take
# the values as :name (pgbench and psql substitute them), so each call of
# (a), (b) and (c) asks for other rows, and a cached request re-runs its
# compiled statements with new values.  Responses are {"data": {"<field>":
# ...}} with ": " after the two outer keys; inside, rows are row_to_json's
# text and lists json_agg's.
names=()
checks=()
add_query() {  # name, graphql, variables, sql, \set line, check values 1, check values 2
  local n=${#names[@]}
  names+=("$1")
  printf 'SELECT graphql.resolve($gql$%s$gql$, %s);\n' "$2" "$3" > "$tmp/$n.resolve.sql"
  printf '%s;\n' "$4" > "$tmp/$n.sql.sql"
  printf '%s\n' "$5" | cat - "$tmp/$n.resolve.sql" > "$tmp/$n.resolve.bench"
  printf '%s\n' "$5" | cat - "$tmp/$n.sql.sql" > "$tmp/$n.sql.bench"
  checks+=("$6|$7")
}

add_query "1 by primary key" \
  'query Q1($id: Int!) { music_store_track_by_pk(track_id: $id) { track_id name composer milliseconds unit_price album { title } } }' \
  "jsonb_build_object('id', :id)" \
  "SELECT '{\"data\": {\"music_store_track_by_pk\": ' || coalesce((
     SELECT row_to_json(r)::text FROM (
       SELECT t.track_id, t.name, t.composer, t.milliseconds, t.unit_price,
              (SELECT row_to_json(a) FROM (SELECT al.title FROM music_store.album al
                                          WHERE al.album_id = t.album_id) a) AS album
       FROM music_store.track t WHERE t.track_id = :id) r), 'null') || '}}'" \
  "\\set id random(1, 50000 * $scale)" "id=123" "id=4567"

add_query "2 filter, order, 50 rows" \
  'query Q2($g: Int!) { music_store_track(where: {genre_id: {_eq: $g}, unit_price: {_lt: 1}}, order_by: [{milliseconds: desc}, {track_id: asc}], limit: 50) { track_id name composer milliseconds unit_price } }' \
  "jsonb_build_object('g', :g)" \
  "SELECT '{\"data\": {\"music_store_track\": ' || coalesce((
     SELECT json_agg(row_to_json(r))::text FROM (
       SELECT t.track_id, t.name, t.composer, t.milliseconds, t.unit_price
       FROM music_store.track t WHERE t.genre_id = :g AND t.unit_price < 1
       ORDER BY t.milliseconds DESC, t.track_id LIMIT 50) r), '[]') || '}}'" \
  "\\set g random(1, 25)" "g=3" "g=17"

add_query "3 nested artist>album>track" \
  'query Q3($from: Int!) { music_store_artist(where: {artist_id: {_gte: $from}}, order_by: {artist_id: asc}, limit: 10) { artist_id name music_store_albums(order_by: {album_id: asc}) { album_id title music_store_tracks(order_by: {track_id: asc}) { track_id name milliseconds } } } }' \
  "jsonb_build_object('from', :from)" \
  "SELECT '{\"data\": {\"music_store_artist\": ' || coalesce((
     SELECT json_agg(row_to_json(r))::text FROM (
       SELECT ar.artist_id, ar.name,
              (SELECT coalesce(json_agg(row_to_json(b)), '[]') FROM (
                 SELECT al.album_id, al.title,
                        (SELECT coalesce(json_agg(row_to_json(t)), '[]') FROM (
                           SELECT tr.track_id, tr.name, tr.milliseconds FROM music_store.track tr
                           WHERE tr.album_id = al.album_id ORDER BY tr.track_id) t) AS music_store_tracks
                 FROM music_store.album al WHERE al.artist_id = ar.artist_id
                 ORDER BY al.album_id) b) AS music_store_albums
       FROM music_store.artist ar WHERE ar.artist_id >= :from
       ORDER BY ar.artist_id LIMIT 10) r), '[]') || '}}'" \
  "\\set from random(1, 1000 * $scale - 10)" "from=100" "from=555"

add_query "4 aggregate count, avg" \
  'query Q4($g: Int!) { music_store_track_aggregate(where: {genre_id: {_eq: $g}}) { aggregate { count avg { unit_price milliseconds } } } }' \
  "jsonb_build_object('g', :g)" \
  "SELECT '{\"data\": {\"music_store_track_aggregate\": ' || row_to_json(r)::text || '}}'
   FROM (SELECT row_to_json(a) AS aggregate
         FROM (SELECT s.count, row_to_json(v) AS avg
               FROM (SELECT count(*) AS count, avg(t.unit_price) AS unit_price,
                            avg(t.milliseconds) AS milliseconds
                     FROM music_store.track t WHERE t.genre_id = :g) s,
                    LATERAL (SELECT s.unit_price, s.milliseconds) v) a) r" \
  "\\set g random(1, 25)" "g=3" "g=17"

# 'Artist <a>%' (a from 100 to 999): Artist <a>; from scale 10 on also
# Artist <a>0 .. <a>9, from scale 100 on also Artist <a>00 .. <a>99
add_query "5 filter via relationship" \
  'query Q5($artist: String!) { music_store_track(where: {album: {artist: {name: {_like: $artist}}}}, order_by: {track_id: asc}, limit: 50) { track_id name album { title artist { name } } } }' \
  "jsonb_build_object('artist', 'Artist ' || :a || '%')" \
  "SELECT '{\"data\": {\"music_store_track\": ' || coalesce((
     SELECT json_agg(row_to_json(r))::text FROM (
       SELECT t.track_id, t.name,
              (SELECT row_to_json(x) FROM (
                 SELECT al.title,
                        (SELECT row_to_json(y) FROM (SELECT ar.name FROM music_store.artist ar
                                                    WHERE ar.artist_id = al.artist_id) y) AS artist
                 FROM music_store.album al WHERE al.album_id = t.album_id) x) AS album
       FROM music_store.track t
       WHERE EXISTS (SELECT FROM music_store.album al JOIN music_store.artist ar USING (artist_id)
                     WHERE al.album_id = t.album_id AND ar.name LIKE 'Artist ' || :a || '%')
       ORDER BY t.track_id LIMIT 50) r), '[]') || '}}'" \
  "\\set a random(100, 999)" "a=420" "a=42"

# check, with two sets of values: the same JSON text, and data (not errors),
# from resolve with the cache off, and in one session with it on: the first
# values compile, the second re-run the compiled statements (one hit, one
# re-use)
failed=0
for i in "${!names[@]}"; do
  v1=${checks[$i]%|*}
  v2=${checks[$i]#*|}
  want1=$(psql -X -At -v ON_ERROR_STOP=1 -v "$v1" -f "$tmp/$i.sql.sql")
  want2=$(psql -X -At -v ON_ERROR_STOP=1 -v "$v2" -f "$tmp/$i.sql.sql")
  uncached=$(PGOPTIONS="$PGOPTIONS -c graphql.plan_cache_size=0" psql -X -At -v ON_ERROR_STOP=1 -v "$v1" -f "$tmp/$i.resolve.sql")
  got=$( { echo "\\set ${v1/=/ }"; cat "$tmp/$i.resolve.sql"; echo "\\set ${v2/=/ }"; cat "$tmp/$i.resolve.sql"
          echo "SELECT hits || ' ' || reuses FROM graphql.cache_stats();"; } | psql -X -At -v ON_ERROR_STOP=1)
  if [ "$got" != "$want1"$'\n'"$want2"$'\n1 1' ] || [ "$uncached" != "$want1" ] ||
     [[ "$want1" != '{"data": '* ]] || [[ "$want2" != '{"data": '* ]] || [ "$want1" = "$want2" ]; then
    failed=1
    echo "MISMATCH in query ${names[$i]}:" >&2
    echo "  resolve: ${got:0:600}" >&2
    echo "  SQL:     ${want1:0:300} / ${want2:0:300}" >&2
  else
    echo "query ${names[$i]}: same JSON (${#want1} and ${#want2} bytes)" >&2
  fi
done
if [ "$failed" != 0 ]; then
  echo "JSON comparison failed" >&2
  exit 1
fi

# pgbench: prints "tps = X (without initial connection time)" and
# "latency average = Y ms"
bench() {  # script [pgbench options]
  local out
  out=$(pgbench -n -T "$seconds" -c 1 "${@:2}" -f "$1" 2>&1) || { echo "$out" >&2; return 1; }
  local tps lat
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out" | head -1)
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<<"$out" | head -1)
  if [ -z "$tps" ] || [ -z "$lat" ]; then echo "$out" >&2; return 1; fi
  echo "$tps $lat"
}

echo "| query | (a) resolve, cached: ms | (b) SQL: ms | (c) resolve, no cache: ms | (a)/(b) | (c)/(b) | (b') SQL prepared: ms | (a)/(b') |"
echo "|---|---|---|---|---|---|---|---|"
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
for i in "${!names[@]}"; do
  # rounds of (b), (a), (c) in turn, so that a slow moment of the machine
  # does not fall on one column only; the median of each
  sl=(); rl=(); ul=(); pl=()
  for _ in $(seq "$rounds"); do
    read -r _ lat < <(bench "$tmp/$i.sql.bench"); sl+=("$lat")
    read -r _ lat < <(bench "$tmp/$i.sql.bench" -M prepared); pl+=("$lat")
    read -r _ lat < <(bench "$tmp/$i.resolve.bench"); rl+=("$lat")
    read -r _ lat < <(PGOPTIONS="$PGOPTIONS -c graphql.plan_cache_size=0" bench "$tmp/$i.resolve.bench"); ul+=("$lat")
  done
  sql_lat=$(median "${sl[@]}"); res_lat=$(median "${rl[@]}"); unc_lat=$(median "${ul[@]}")
  prep_lat=$(median "${pl[@]}")
  awk -v n="${names[$i]}" -v sl="$sql_lat" -v rl="$res_lat" -v ul="$unc_lat" -v pl="$prep_lat" \
    'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %.2f | %.2f | %.3f | %.2f |\n", n, rl, sl, ul, rl / sl, ul / sl, pl, rl / pl }'
done

# The work a cached request skips, for one request of about 2 KB (seven root
# fields, nested relationships, aggregates, variables): parsing alone, and
# parsing + validation + compiling to SQL + PostgreSQL's planning of each
# statement (graphql._plan, with the cache off), in microseconds per request,
# timed inside one statement (no client round trips); the best of three runs.
big='query Dashboard($genre: Int!, $artist: String!, $from: Int!, $country: String!, $limit: Int!) {
  longest: music_store_track(where: {_and: [{genre_id: {_eq: $genre}}, {unit_price: {_lt: 2}}, {milliseconds: {_gt: 60000}}]}, order_by: [{milliseconds: desc}, {track_id: asc}], limit: $limit) {
    track_id name composer milliseconds bytes unit_price
    album { album_id title artist { artist_id name } }
    genre { genre_id name }
  }
  by_artist: music_store_track(where: {album: {artist: {name: {_like: $artist}}}}, order_by: {track_id: asc}, limit: $limit) {
    track_id name album { title artist { name } }
  }
  artists: music_store_artist(where: {artist_id: {_gte: $from}}, order_by: {artist_id: asc}, limit: 5) {
    artist_id name
    music_store_albums(order_by: {album_id: asc}, limit: 3) {
      album_id title
      music_store_tracks_aggregate { aggregate { count sum { milliseconds } max { unit_price } } }
      music_store_tracks(order_by: {track_id: asc}, limit: 5) { track_id name milliseconds unit_price genre { name } }
    }
  }
  genre_stats: music_store_track_aggregate(where: {genre_id: {_eq: $genre}}) {
    aggregate { count avg { unit_price milliseconds } min { milliseconds } max { milliseconds } }
  }
  customers: music_store_customer(where: {country: {_eq: $country}}, order_by: {customer_id: asc}, limit: $limit) {
    customer_id first_name last_name email
    music_store_invoices(order_by: {invoice_date: desc}, limit: 3) {
      invoice_id invoice_date total
      music_store_invoice_lines(order_by: {invoice_line_id: asc}, limit: 5) { invoice_line_id quantity unit_price track { name } }
    }
  }
  recent: music_store_invoice(where: {total: {_gt: 5}, billing_country: {_eq: $country}}, order_by: [{invoice_date: desc}, {invoice_id: asc}], limit: $limit) {
    invoice_id invoice_date billing_country total
    customer { customer_id first_name last_name email country }
    music_store_invoice_lines_aggregate { aggregate { count sum { quantity unit_price } } }
  }
  genres: music_store_genre(order_by: {name: asc}) {
    genre_id name
    music_store_tracks_aggregate(where: {unit_price: {_gte: 1}}) { aggregate { count } }
  }
}'
bigvars='{"genre": 3, "artist": "Artist 4%", "from": 10, "country": "Norway", "limit": 20}'
per_call() {  # SQL expression -> microseconds per run: the best of 3 runs of 2000
  local best=""
  for _ in 1 2 3; do
    t=$(psql -X -At -v ON_ERROR_STOP=1 -v q="$big" -v v="$bigvars" <<SQL | tail -1
SET graphql.plan_cache_size = 0;
CREATE TEMP TABLE clock AS SELECT clock_timestamp() AS t0;
SELECT count($1) FROM generate_series(1, 2000);
SELECT round(extract(epoch FROM clock_timestamp() - t0) * 1e6 / 2000, 1) FROM clock;
SQL
)
    best=$(printf '%s\n' $best "$t" | sort -g | head -1)
  done
  echo "$best"
}
statements=$(psql -X -At -v ON_ERROR_STOP=1 -v q="$big" -v v="$bigvars" <<<"SELECT graphql._plan(:'q', :'v')")
if [ "$statements" -le 0 ]; then
  echo "the 2 KB query does not validate:" >&2
  psql -X -At -v q="$big" -v v="$bigvars" <<<"SELECT graphql.resolve(:'q', :'v')" >&2
  exit 1
fi
parse_us=$(per_call "graphql._token_count(:'q')")
compile_us=$(per_call "graphql._plan(:'q', :'v', false)")
plan_us=$(per_call "graphql._plan(:'q', :'v')")
echo
echo "2 KB request (${#big} bytes, $statements statements), cache off, per request:" \
  "parse ${parse_us} us; parse + validate + compile to SQL ${compile_us} us;" \
  "the same + PostgreSQL's planning of the statements ${plan_us} us"
