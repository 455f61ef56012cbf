// Checks that PostGraphile 5 (server.mjs) and our extension answer the five
// benchmark queries of queries.mjs with the same data: each query with the
// two value sets of test/bench/query_speed.sh is sent to PostGraphile over
// HTTP and to our extension in SQL (SELECT graphql.resolve($1, $2) with
// graphql.schemas = 'music_store', through the `pg` package), and
// convert(PostGraphile's data) must equal our `data`: same keys in the
// same order, same values; numbers equal, or within a relative 1e-12 for
// non-integers (the averages of query 4).  Neither side may report errors;
// the two value sets must give different data (else the check proves
// little).  Prints a line per query and value set; exits 1 on any
// mismatch, 2 on bad usage or a failed connection.
//
//   PG_URL=postgres://user:pass@host:port/db \
//     node check.mjs [POSTGRAPHILE_URL (default http://127.0.0.1:5678/graphql)]
//
// (PG_URL unset: node-postgres' PG* variables; POSTGRAPHILE_URL can also be
// given in the environment.)  The database needs the music_store dataset
// (psql -v scale=1 -f test/bench/music_store.sql) and the extension
// (CREATE EXTENSION graphql); PostGraphile must serve the same database.
// Runs with Node 20 or 22 (only fetch and pg).
import pg from "pg";
import { queries } from "./queries.mjs";

const pgUrl = process.env.PG_URL || undefined;
const gqlUrl = process.argv[2] || process.env.POSTGRAPHILE_URL || "http://127.0.0.1:5678/graphql";

const client = new pg.Client(pgUrl ? { connectionString: pgUrl } : {});
try {
  await client.connect();
  const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'graphql'");
  if (rows[0].n !== 1) throw new Error("extension graphql is not created in this database (CREATE EXTENSION graphql)");
  await client.query("SET graphql.schemas = 'music_store'");
} catch (e) {
  console.error(`cannot use the database: ${e.message}`);
  process.exit(2);
}

async function ours(q, v) {
  // resolve returns json; take its text and parse it here
  const { rows } = await client.query("SELECT graphql.resolve($1, $2::jsonb)::text AS r", [
    q.ours,
    JSON.stringify(q.variables(v)),
  ]);
  return JSON.parse(rows[0].r);
}

async function postgraphile(q, v) {
  const res = await fetch(gqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: q.postgraphile, variables: q.variables(v) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

// null if a and b are the same JSON value (key order included), else a
// description of the first difference
function diff(a, b, path = "data") {
  if (typeof a === "number" && typeof b === "number") {
    if (a === b) return null;
    if (!(Number.isInteger(a) && Number.isInteger(b)) && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)))
      return null;
    return `${path}: ${a} != ${b}`;
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return a === b ? null : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${path}: ${a.length} items != ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join(",") !== kb.join(",")) return `${path}: keys ${ka.join(",")} != ${kb.join(",")}`;
  for (const k of ka) {
    const d = diff(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

let failed = 0;
for (const q of queries) {
  const seen = [];
  for (const [i, v] of q.values.entries()) {
    const label = `query ${q.name}, values ${JSON.stringify(v)}`;
    try {
      const [o, p] = await Promise.all([ours(q, v), postgraphile(q, v)]);
      if (o.errors || o.data == null) throw new Error(`our errors: ${JSON.stringify(o.errors ?? o).slice(0, 500)}`);
      if (p.errors || p.data == null)
        throw new Error(`PostGraphile errors: ${JSON.stringify(p.errors ?? p).slice(0, 500)}`);
      const converted = q.convert(p.data);
      const d = diff(converted, o.data);
      if (d) throw new Error(`differs at ${d}`);
      const text = JSON.stringify(o.data);
      if (i > 0 && seen.includes(text)) throw new Error("the two value sets give the same data");
      seen.push(text);
      console.log(`ok   ${label}: same data (${text.length} bytes as JSON)`);
    } catch (e) {
      failed++;
      const cause = e.cause ? ` (${e.cause.code || e.cause.message})` : "";
      console.log(`FAIL ${label}: ${e.message}${cause}`);
    }
  }
}
await client.end();
if (failed) {
  console.log(`${failed} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");
