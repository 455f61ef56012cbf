// The five benchmark queries of test/bench/query_speed.sh, each written
// twice: as our extension's (Hasura-style) request, copied verbatim from
// query_speed.sh's add_query calls, and as the equivalent request for the
// PostGraphile 5 schema built by server.mjs (amber preset +
// simplify-inflection + connection-filter with relations +
// pg-aggregates, PgIndexBehaviorsPlugin off).  Both take the same
// variables.  For each, convert(pgData) turns PostGraphile's `data` into
// the very JSON value of our response's `data`: our field names, in our
// key order, lists instead of connections (`nodes`), numeric columns as
// JSON numbers (PostGraphile sends numeric, i.e. BigFloat, as strings).
//
// Exports:
//   queries      [{ name, ours, postgraphile, variables(v), values, draw, convert }]
//                 - ours / postgraphile: the GraphQL texts
//                 - variables(v): the variables object for the values v
//                   (the same object for both servers)
//                 - values: the two value sets of query_speed.sh's checks
//                 - draw(scale): random values, as query_speed.sh's \set
//                 - convert(data): PostGraphile `data` -> our `data`
//   requestBody(query, side, v)   the JSON body of a POST for one side
//
// Command line (e.g. for wrk or curl):
//   node queries.mjs list                     names of the queries
//   node queries.mjs body N [SET] [ours]      the POST body of query N
//                                             (1..5) with value set SET
//                                             (1 or 2, default 1), for
//                                             PostGraphile or, with
//                                             `ours`, for our server
//
// Notes on exactness (details at each query):
//   - query 4: PostGraphile has no `count` inside an aggregate, so count
//     comes from the connection's totalCount (count(*) over the same
//     filter, computed in the same SQL statement); the averages come from
//     @graphile/pg-aggregates' `aggregates.average` (avg() in PostgreSQL,
//     sent as strings like "0.99000000000000000000", parsed as numbers,
//     which is what our JSON numbers become too).
//   - numeric(10,2) unit_price: PostGraphile "0.99" -> 0.99.
//   Everything else is the same rows, order and values.

const num = (x) => (x == null ? null : Number(x));

export const queries = [
  {
    name: "1 by primary key",
    ours: 'query Q1($id: Int!) { music_store_track_by_pk(track_id: $id) { track_id name composer milliseconds unit_price album { title } } }',
    postgraphile:
      "query Q1($id: Int!) { track(trackId: $id) { trackId name composer milliseconds unitPrice album { title } } }",
    variables: (v) => ({ id: v.id }),
    values: [{ id: 123 }, { id: 4567 }],
    draw: (scale = 1) => ({ id: randInt(1, 50000 * scale) }),
    convert: (d) => ({
      music_store_track_by_pk:
        d.track == null
          ? null
          : {
              track_id: d.track.trackId,
              name: d.track.name,
              composer: d.track.composer,
              milliseconds: d.track.milliseconds,
              unit_price: num(d.track.unitPrice),
              album: d.track.album == null ? null : { title: d.track.album.title },
            },
    }),
  },
  {
    name: "2 filter, order, 50 rows",
    ours: 'query Q2($g: Int!) { music_store_track(where: {genre_id: {_eq: $g}, unit_price: {_lt: 1}}, order_by: [{milliseconds: desc}, {track_id: asc}], limit: 50) { track_id name composer milliseconds unit_price } }',
    // unit_price is numeric: its filter takes a BigFloat (a string)
    postgraphile:
      'query Q2($g: Int!) { tracks(filter: {genreId: {equalTo: $g}, unitPrice: {lessThan: "1"}}, orderBy: [MILLISECONDS_DESC, TRACK_ID_ASC], first: 50) { nodes { trackId name composer milliseconds unitPrice } } }',
    variables: (v) => ({ g: v.g }),
    values: [{ g: 3 }, { g: 17 }],
    draw: () => ({ g: randInt(1, 25) }),
    convert: (d) => ({
      music_store_track: d.tracks.nodes.map((t) => ({
        track_id: t.trackId,
        name: t.name,
        composer: t.composer,
        milliseconds: t.milliseconds,
        unit_price: num(t.unitPrice),
      })),
    }),
  },
  {
    name: "3 nested artist>album>track",
    ours: 'query Q3($from: Int!) { music_store_artist(where: {artist_id: {_gte: $from}}, order_by: {artist_id: asc}, limit: 10) { artist_id name music_store_albums(order_by: {album_id: asc}) { album_id title music_store_tracks(order_by: {track_id: asc}) { track_id name milliseconds } } } }',
    postgraphile:
      "query Q3($from: Int!) { artists(filter: {artistId: {greaterThanOrEqualTo: $from}}, orderBy: ARTIST_ID_ASC, first: 10) { nodes { artistId name albums(orderBy: ALBUM_ID_ASC) { nodes { albumId title tracks(orderBy: TRACK_ID_ASC) { nodes { trackId name milliseconds } } } } } } }",
    variables: (v) => ({ from: v.from }),
    values: [{ from: 100 }, { from: 555 }],
    draw: (scale = 1) => ({ from: randInt(1, 1000 * scale - 10) }),
    convert: (d) => ({
      music_store_artist: d.artists.nodes.map((ar) => ({
        artist_id: ar.artistId,
        name: ar.name,
        music_store_albums: ar.albums.nodes.map((al) => ({
          album_id: al.albumId,
          title: al.title,
          music_store_tracks: al.tracks.nodes.map((t) => ({
            track_id: t.trackId,
            name: t.name,
            milliseconds: t.milliseconds,
          })),
        })),
      })),
    }),
  },
  {
    name: "4 aggregate count, avg",
    ours: 'query Q4($g: Int!) { music_store_track_aggregate(where: {genre_id: {_eq: $g}}) { aggregate { count avg { unit_price milliseconds } } } }',
    // count: the connection's totalCount (pg-aggregates has no plain count);
    // avg: pg-aggregates' average, BigFloat strings
    postgraphile:
      "query Q4($g: Int!) { tracks(filter: {genreId: {equalTo: $g}}) { totalCount aggregates { average { unitPrice milliseconds } } } }",
    variables: (v) => ({ g: v.g }),
    values: [{ g: 3 }, { g: 17 }],
    draw: () => ({ g: randInt(1, 25) }),
    convert: (d) => ({
      music_store_track_aggregate: {
        aggregate: {
          count: d.tracks.totalCount,
          avg: {
            unit_price: num(d.tracks.aggregates?.average?.unitPrice),
            milliseconds: num(d.tracks.aggregates?.average?.milliseconds),
          },
        },
      },
    }),
  },
  {
    name: "5 filter via relationship",
    ours: 'query Q5($artist: String!) { music_store_track(where: {album: {artist: {name: {_like: $artist}}}}, order_by: {track_id: asc}, limit: 50) { track_id name album { title artist { name } } } }',
    // connection-filter's relation filters (connectionFilterRelations)
    postgraphile:
      "query Q5($artist: String!) { tracks(filter: {album: {artist: {name: {like: $artist}}}}, orderBy: TRACK_ID_ASC, first: 50) { nodes { trackId name album { title artist { name } } } } }",
    // query_speed.sh: jsonb_build_object('artist', 'Artist ' || :a || '%')
    variables: (v) => ({ artist: `Artist ${v.a}%` }),
    values: [{ a: 420 }, { a: 42 }],
    draw: () => ({ a: randInt(100, 999) }),
    convert: (d) => ({
      music_store_track: d.tracks.nodes.map((t) => ({
        track_id: t.trackId,
        name: t.name,
        album:
          t.album == null
            ? null
            : {
                title: t.album.title,
                artist: t.album.artist == null ? null : { name: t.album.artist.name },
              },
      })),
    }),
  },
];

function randInt(lo, hi) {
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}

/** The JSON text of a POST /graphql body; side: "postgraphile" or "ours". */
export function requestBody(query, side, v) {
  return JSON.stringify({ query: query[side], variables: query.variables(v) });
}

// command line
import { fileURLToPath } from "node:url";
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [cmd, n, set, side] = process.argv.slice(2);
  if (cmd === "list") {
    queries.forEach((q, i) => console.log(`${i + 1}\t${q.name}`));
  } else if (cmd === "body" && queries[Number(n) - 1]) {
    const q = queries[Number(n) - 1];
    const v = q.values[Number(set || 1) - 1];
    if (!v) throw new Error(`no value set ${set}`);
    process.stdout.write(requestBody(q, side === "ours" ? "ours" : "postgraphile", v) + "\n");
  } else {
    console.error("usage: node queries.mjs list | body N [SET] [ours]");
    process.exit(2);
  }
}
