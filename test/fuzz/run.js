#!/usr/bin/env node
'use strict';
/*
 * The fuzzer of the graphql extension.  run.sh starts a server with the
 * extension built with ASan and UBSan and the fixture loaded in three
 * databases (UTF8, SQL_ASCII, LATIN1), then runs this script; see
 * docs/testing.md.
 *
 * Inputs, each a "case" (lib/server.js) run in a transaction rolled back:
 *   - documents generated from the schema each role sees (lib/generate.js):
 *     queries and mutations, valid and almost valid, with variables;
 *   - mutations (lib/mutate.js) of real documents (lib/corpus.js: the
 *     parse corpus, the pg_regress suite, query_diff's and mutation_diff's
 *     generated requests) and of generated ones;
 *   - graphql.explain, graphql.parse, graphql.sdl(), graphql._plan,
 *     graphql._token_count, graphql.session_var, graphql.cache_stats;
 *   - settings: the role (superuser, fz_user under row-level security,
 *     fz_anon), graphql.schemas, claims, JWT mode (graphql.jwt_secret with
 *     a request.headers token), the plan cache and token limit, plan cache
 *     mode, search_path, date and number styles.
 *
 * A crash is a backend that died (the postmaster's log line) or a
 * sanitizer report.  The fuzzer waits for the server to come back, finds
 * the case that was running in the dead backend, shrinks it (and the cases
 * run before it on that connection, if it needs them: lib/minimize.js),
 * writes it as a case file and an SQL reproducer, and goes on.
 *
 * Not crashes, but reported as findings: a response that is not valid JSON
 * (or has a duplicate key), an "unexpected" error (the extension's SQL was
 * refused by PostgreSQL or an internal error), graphql.resolve raising an
 * SQL error (it must answer every bad request with a GraphQL error), a call
 * that ignores a cancel for longer than --hang-seconds.
 *
 *   node run.js --host DIR --port N --server-log FILE --asan-log PREFIX --out DIR
 *               [--seed N] [--seconds N] [--count N] [--workers N] [--dbs utf8,sql_ascii,latin1]
 *               [--minimize-seconds N] [--max-minimized N] [--max-findings-shrunk N]
 *               [--seeds FILE.sql]... [--replay FILE.json]... [--no-regress] [--verbose]
 *
 * --minimize-seconds bounds the shrinking of each new crash (and, at most 10 s
 * each, of each finding); --max-minimized and --max-findings-shrunk how many
 * are shrunk.  With --workers 1 a run is reproducible from its seed (with
 * more, which case runs after which on a connection depends on timing).
 *
 * First replays every case file of test/fuzz/regress/ (crashes found
 * before), then fuzzes until --seconds or --count is reached.  Prints
 * "fuzz: N passed, M failed" last: one test passed per regression case
 * that did not crash and per database fuzzed without a crash, one failure
 * per distinct crash (by signature).  Exits 1 if there was a crash.
 */

const fs = require('fs');
const path = require('path');
const { graphql, makeUsage, mulberry32, parseJsonStrict } = require('../lib/diffkit');
const { loadCorpus } = require('./lib/corpus');
const { mutateText, mutateJson, oddJson } = require('./lib/mutate');
const { Generator, jwtSecret, jwtToken, jwtClaims } = require('./lib/generate');
const { connect, runCase, LogWatcher, signature, stackTop } = require('./lib/server');
const { minimize, reproducerSql } = require('./lib/minimize');

const ROOT = path.join(__dirname, '../..');

// ---------------------------------------------------------------- options

const usage = makeUsage('usage: node run.js --host DIR --port N --server-log FILE --asan-log PREFIX --out DIR ' +
  '[--seed N] [--seconds N] [--count N] [--workers N] [--dbs LIST] [--minimize-seconds N] [--seeds FILE]... ' +
  '[--replay FILE]... [--no-regress] [--verbose]');
const opts = {
  host: process.env.PGHOST || '/tmp', port: Number(process.env.PGPORT || 5432), user: process.env.PGUSER || 'postgres',
  serverLog: null, asanLog: null, out: null, seed: null, seconds: 60, count: 0, workers: 2,
  dbs: ['utf8', 'sql_ascii', 'latin1'], dbPrefix: 'fuzz_', minimizeSeconds: 60, maxMinimized: 6, maxFindingsShrunk: 8, seeds: [],
  replay: [], regress: true, verbose: false, statementTimeoutMs: 5000, hangSeconds: 20,
};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    const eq = /^(--[a-z-]+)=(.*)$/s.exec(a);
    if (eq) [, a, v] = eq;
    const val = () => {
      if (v !== undefined) return v;
      i++;
      if (i >= argv.length) usage(`${a} needs a value`);
      return argv[i];
    };
    const int = () => {
      const s = val();
      if (!/^\d+$/.test(s)) usage(`${a} needs a non-negative integer`);
      return Number(s);
    };
    switch (a) {
      case '--host': opts.host = val(); break;
      case '--port': opts.port = int(); break;
      case '--user': opts.user = val(); break;
      case '--server-log': opts.serverLog = val(); break;
      case '--asan-log': opts.asanLog = val(); break;
      case '--out': opts.out = val(); break;
      case '--seed': opts.seed = int(); break;
      case '--seconds': opts.seconds = int(); break;
      case '--count': opts.count = int(); break;
      case '--workers': opts.workers = Math.max(1, int()); break;
      case '--dbs': opts.dbs = val().split(',').filter(Boolean); break;
      case '--db-prefix': opts.dbPrefix = val(); break;
      case '--minimize-seconds': opts.minimizeSeconds = int(); break;
      case '--max-minimized': opts.maxMinimized = int(); break;
      case '--max-findings-shrunk': opts.maxFindingsShrunk = int(); break;
      case '--seeds': opts.seeds.push(val()); break;
      case '--replay': opts.replay.push(val()); break;
      case '--no-regress': opts.regress = false; break;
      case '--hang-seconds': opts.hangSeconds = Math.max(1, int()); break;
      case '--verbose': case '-v': opts.verbose = true; break;
      case '--help': case '-h': usage(); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!opts.serverLog || !opts.out) usage('--server-log and --out are required');
  for (const d of opts.dbs) if (!['utf8', 'sql_ascii', 'latin1'].includes(d)) usage(`unknown database kind ${d}`);
  if (opts.seed === null) opts.seed = Math.floor(Math.random() * 1e9);
}

const conn = { host: opts.host, port: opts.port, user: opts.user };
const dbName = (kind) => `${opts.dbPrefix}${kind}`;
const DB_DESCRIPTION = {
  utf8: 'a UTF8 database',
  sql_ascii: "a SQL_ASCII database (CREATE DATABASE ... ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C')",
  latin1: "a LATIN1 database (CREATE DATABASE ... ENCODING 'LATIN1' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'), client_encoding LATIN1",
};
const FIXTURE_NOTE = 'with test/query_diff/fixture.sql, test/mutation_diff/fixture.sql and test/fuzz/fixture.sql loaded (as test/fuzz/run.sh does)';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(...a);

// ---------------------------------------------------------------- state

const stats = {
  cases: 0, byFn: {}, byDb: {}, byKind: {}, outcomes: {}, kindOutcomes: {}, sqlErrors: {}, setupRejected: 0, lost: 0, crashes: 0,
  crashCases: 0, reproduced: 0, ms: 0,
};
const bump = (o, k, n = 1) => { o[k] = (o[k] || 0) + n; };
const crashes = new Map(); // signature -> {signature, how, report, steps, minimized, sql, count, first}
const findings = new Map(); // key -> {kind, key, message, case, count}
let watcher;
let paused = null; // a promise while a crash is handled
let epoch = 0; // bumped after a crash: connections made before are gone
let stopping = false;
const crashedDbs = new Set(); // databases in which fuzzing crashed a backend

// ---------------------------------------------------------------- server

async function waitReady(timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const c = await connect(conn, 'postgres', 'utf8', 10000);
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`the server did not come back within ${timeoutMs / 1000} s: ${e.message}`);
      await sleep(200);
    }
  }
}

// ---------------------------------------------------------------- the schemas

// The roles and settings documents are generated for: each sees its own schema.
const CONTEXTS = [
  { name: 'super', weight: 5, role: null, settings: [] },
  { name: 'other', weight: 1, role: null, settings: [['graphql.schemas', 'public,fz_other']] },
  { name: 'mdiff', weight: 1, role: null, settings: [['graphql.schemas', 'mdiff_a']] },
  { name: 'user', weight: 2, role: 'fz_user', settings: [] },
  { name: 'anon', weight: 1, role: 'fz_anon', settings: [] },
];

// Introspect each context in each database: gens[kind][context] = Generator.
// A database whose introspection fails (a bug: reported as a finding) gets
// the first database's schemas (the fixture is the same).
async function loadSchemas() {
  const gens = {};
  for (const kind of opts.dbs) {
    gens[kind] = {};
    const c = await connect(conn, dbName(kind), kind, 60000);
    for (const ctx of CONTEXTS) {
      const q = { db: kind, fn: 'resolve', query: graphql.getIntrospectionQuery(), variables: {}, settings: ctx.settings, role: ctx.role };
      const r = await runCase(c, q);
      if (r.lost) throw new Error(`introspection of ${kind}/${ctx.name}: the connection was lost (a crash?)`);
      let resp = null;
      try {
        resp = r.value ? JSON.parse(r.value) : null;
      } catch (e) {
        resp = null;
      }
      if (resp && resp.data) {
        gens[kind][ctx.name] = new Generator(graphql.buildClientSchema(resp.data));
        continue;
      }
      const why = r.error || r.setupError ? (r.error || r.setupError).message : String(r.value).slice(0, 300);
      const fallback = gens[opts.dbs[0]] && gens[opts.dbs[0]][ctx.name];
      if (!fallback) throw new Error(`introspection of ${kind}/${ctx.name} failed: ${why}`);
      addFinding('introspection failed', `${kind}/${ctx.name}: ${why}`, q);
      log(`schemas: introspection of ${kind}/${ctx.name} failed (a finding), generating from ${opts.dbs[0]}'s: ${why.slice(0, 200)}`);
      gens[kind][ctx.name] = fallback;
    }
    await c.end();
  }
  return gens;
}

// ---------------------------------------------------------------- cases

// A 32-bit seed for case n of the run's seed.
function caseSeed(n) {
  let h = (opts.seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ n, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

// Settings beyond a context's: occasional odd ones.
function extraSettings(rng, ctx) {
  const s = [];
  if (ctx.role === 'fz_user' || rng.chance(0.1)) {
    s.push(['request.jwt.claims', rng.chance(0.9)
      ? JSON.stringify({ sub: 'u1', 'https://hasura.io/jwt/claims': { 'x-hasura-user-id': rng.pick(['u1', 'u2', 'u3', 'nobody']) }, role: rng.pick(['fz_user', 'nobody']) })
      : rng.pick(['', 'nope', '[1]', '{"https://hasura.io/jwt/claims": "{\\"x-hasura-user-id\\": \\"u1\\"}"}', JSON.stringify(mutateJson(rng, { sub: 'u1' }))])]);
  }
  if (rng.chance(0.03)) s.push(['graphql.introspection', 'off']);
  if (rng.chance(0.03)) s.push(['graphql.max_tokens', rng.pick(['1', '5', '50', '1000', '100000'])]);
  if (rng.chance(0.04)) s.push(['graphql.plan_cache_size', rng.pick(['0', '1', '2', '10000'])]);
  if (rng.chance(0.02)) s.push(['graphql.plan_cache_memory', rng.pick(['64kB', '256kB', '1MB'])]);
  for (const limit of ['graphql.max_depth', 'graphql.max_nodes', 'graphql.max_batch', 'graphql.max_input_size']) {
    if (rng.chance(0.015)) s.push([limit, rng.pick(['1', '2', '3', '10', '100', '2147483647', rng.chance(0.1) ? '0' : '5'])]);
  }
  if (rng.chance(0.04)) s.push(['plan_cache_mode', rng.pick(['force_generic_plan', 'force_custom_plan'])]);
  if (rng.chance(0.02)) s.push(['search_path', rng.pick(['fz_other, public', '', 'pg_temp, public', 'graphql'])]);
  if (rng.chance(0.02)) s.push(['graphql.schemas', rng.pick(['', 'nope', 'public,public', 'pg_catalog', 'graphql', 'fz_other', ' public , fz_other ', 'public,mdiff_a,mdiff_b'])]);
  if (rng.chance(0.03)) {
    s.push(rng.pick([['DateStyle', 'SQL, DMY'], ['TimeZone', 'America/New_York'], ['extra_float_digits', '3'],
      ['IntervalStyle', 'iso_8601'], ['bytea_output', 'escape'], ['lc_monetary', 'C'], ['work_mem', '64kB']]));
  }
  return s;
}

// JWT mode: the secret and a request with a token (the caller is the superuser,
// a member of every role a token may name).
function jwtSettings(rng) {
  const s = [['graphql.jwt_secret', jwtSecret(rng)]];
  const headers = {};
  if (rng.chance(0.9)) headers[rng.pick(['authorization', 'Authorization', 'AUTHORIZATION'])] = rng.weighted([[8, `Bearer ${jwtToken(rng)}`], [1, jwtToken(rng)], [1, 'Bearer '], [1, 'Basic x']]);
  if (rng.chance(0.3)) headers['x-hasura-role'] = rng.pick(['fz_user', 'fz_anon', 'postgres', 'nope', 5]);
  s.push(['request.headers', rng.chance(0.95) ? JSON.stringify(headers) : rng.pick(['', 'nope', '[]', JSON.stringify(mutateJson(rng, headers))])]);
  if (rng.chance(0.3)) s.push(['graphql.anon_role', rng.pick(['fz_anon', 'fz_user', 'nope', ''])]);
  if (rng.chance(0.2)) s.push(['graphql.allow_privileged_roles', 'on']);
  return s;
}

const genPools = {}; // kind -> recent generated cases (for mutation and repeats)
let corpus;
let gens;

function pickContext(rng) {
  return rng.weighted(CONTEXTS.map((c) => [c.weight, c]));
}

// Raw bytes for a SQL_ASCII database: the text's UTF-8 bytes with some
// bytes 0x80-0xff put in (never 0).
function rawBytes(rng, text) {
  const b = [...Buffer.from(text, 'utf8')];
  for (let k = rng.int(1, 8); k > 0; k--) b.splice(rng.int(0, b.length), 0, rng.int(0x80, 0xff));
  return Buffer.from(b.filter((x) => x !== 0)).toString('hex');
}

// text padded with ignored characters to about len bytes: inputs bigger than
// PostgreSQL's allocation chunk limit get a malloc block of their own, so
// that ASan sees reads past their end.
function padTo(rng, text, len) {
  const pad = rng.pick([' ', '\n', ',', '\t']);
  const n = Math.max(0, len - Buffer.byteLength(text, 'utf8'));
  return rng.chance(0.5) ? text + pad.repeat(n) : pad.repeat(n) + text;
}

// Case number n: {case, kind}.
function makeCase(n) {
  const rng = mulberry32(caseSeed(n));
  const db = rng.weighted(opts.dbs.map((d) => [d === 'utf8' ? 6 : 2, d]));
  const ctx = pickContext(rng);
  const gen = gens[db][ctx.name];
  const pool = genPools[db] || (genPools[db] = []);
  const kind = rng.weighted([
    [40, 'gen'], [26, 'mutate'], [8, 'repeat'], [5, 'explain'], [6, 'parse'], [3, 'plan'], [1, 'tokens'],
    [1, 'sdl'], [2, 'session_var'], [0.3, 'cache_stats'], [4, 'jwt'], [db === 'sql_ascii' ? 4 : 0, 'raw'], [2, 'big'],
    [0.3, 'directive'],
  ]);
  let c = { db, fn: 'resolve', settings: [...ctx.settings], role: ctx.role };
  const seedDoc = () => {
    if (pool.length && rng.chance(0.4)) {
      const p = rng.pick(pool);
      return { text: p.query, variables: p.variables };
    }
    const d = rng.pick(corpus.documents);
    return { text: d.text, variables: rng.chance(0.3) && corpus.variables.length ? rng.pick(corpus.variables) : {} };
  };
  const mutated = () => {
    const s = seedDoc();
    const other = rng.pick(corpus.documents).text;
    const text = mutateText(rng, s.text, rng.weighted([[6, 1], [3, 2], [1, 4], [0.5, 8]]), gen.names, other);
    const variables = rng.chance(0.2) ? mutateJson(rng, s.variables || {}) : s.variables;
    return { text, variables };
  };
  switch (kind) {
    case 'gen': case 'jwt': case 'explain': case 'plan': {
      const g = gen.gen(rng, kind === 'gen' ? {} : { chaos: rng.weighted([[3, 0], [1, 1]]) });
      c = { ...c, fn: kind === 'explain' || kind === 'plan' ? kind : 'resolve', query: g.query, variables: g.variables, operationName: g.operationName };
      if (kind === 'gen' || kind === 'jwt') {
        pool.push({ query: g.query, variables: g.variables, varTypes: g.varTypes, ctx, operationName: g.operationName });
        if (pool.length > 500) pool.splice(0, pool.length - 500);
      }
      if (kind === 'jwt') {
        c.role = null;
        c.settings = [...ctx.settings.filter(([k]) => k !== 'graphql.schemas'), ...jwtSettings(rng)];
      }
      if (rng.chance(0.05)) c.extensions = rng.pick([{ persistedQuery: { version: 1, sha256Hash: 'x' } }, oddJson(rng), {}]);
      break;
    }
    case 'repeat': {
      const same = pool.filter((p) => p.varTypes && p.varTypes.length);
      if (!same.length) return makeCaseOf(rng, c, 'mutate', mutated);
      const p = rng.chance(0.7) ? same[same.length - 1] : rng.pick(same);
      const pg = gens[db][p.ctx.name];
      const variables = rng.chance(0.8) ? pg.regenVariables(rng, p.varTypes, rng.weighted([[3, 0], [1, 1]])) : mutateJson(rng, p.variables);
      c = { ...c, settings: [...p.ctx.settings], role: p.ctx.role, query: p.query, variables, operationName: p.operationName };
      break;
    }
    case 'mutate': case 'big': {
      const m = mutated();
      c = { ...c, query: kind === 'big' ? padTo(rng, m.text, rng.int(8100, 40000)) : m.text, variables: m.variables };
      if (rng.chance(0.1)) c.operationName = rng.pick(['Op0', 'Q', '', 'x'.repeat(100)]);
      break;
    }
    case 'raw': {
      const m = mutated();
      const text = rng.chance(0.3) ? padTo(rng, m.text, rng.int(8100, 20000)) : m.text;
      c = { ...c, fn: rng.pick(['resolve', 'resolve', 'parse', 'explain']), queryHex: rawBytes(rng, text), variables: m.variables };
      break;
    }
    case 'parse': case 'tokens': {
      const m = rng.chance(0.7) ? mutated() : seedDoc();
      c = { ...c, fn: kind, query: rng.chance(0.05) ? padTo(rng, m.text, rng.int(8100, 20000)) : m.text, settings: rng.chance(0.1) ? [['graphql.max_tokens', rng.pick(['1', '10', '200'])]] : [] };
      c.role = null;
      break;
    }
    case 'sdl': c.fn = 'sdl'; break;
    case 'session_var': {
      c.fn = 'session_var';
      c.query = rng.pick(['x-hasura-user-id', 'X-HASURA-USER-ID', 'sub', 'x-hasura-role', '', 'role', 'x-hasura-allowed-roles', 'a'.repeat(rng.int(1, 5000)), '\u00e9', 'x-hasura-\u00c9']);
      const claims = jwtClaims(rng);
      c.settings = [['request.jwt.claims', rng.chance(0.85) ? JSON.stringify(claims) : rng.pick(['', 'nope', '[]', '{"a":', JSON.stringify(oddJson(rng))])]];
      if (rng.chance(0.2)) c.settings.push(['graphql.session_variables', JSON.stringify(claims)]);
      break;
    }
    case 'cache_stats': c.fn = 'cache_stats'; break;
    case 'directive': {
      // a comment directive changed, and a DDL statement so that the schema
      // is built again (COMMENT ON invalidates nothing); rolled back
      const [target, base] = rng.pick(DIRECTIVE_TARGETS);
      let json = JSON.stringify(rng.chance(0.7) ? mutateJson(rng, base) : base);
      if (rng.chance(0.3)) json = mutateText(rng, json, rng.int(1, 3), gen.names);
      const text = `${rng.pick(['', 'A description. ', '"""quoted""" \\ '])}@graphql(${json})${rng.pick(['', ' trailing', ' @graphql({"name": "second"})'])}`;
      c.role = null;
      c.settings = [];
      c.ddl = [`COMMENT ON ${target} IS '${text.replace(/'/g, "''")}'`, 'ALTER TABLE fz_renamed ADD COLUMN fz_fuzz_tmp int'];
      if (rng.chance(0.5)) {
        c.fn = 'sdl';
      } else {
        c.query = rng.chance(0.5) ? '{ __schema { types { name fields { name type { name ofType { name } } } } } }' : mutated().text;
        c.variables = {};
      }
      break;
    }
    default: break;
  }
  if (c.fn === 'resolve' || c.fn === 'explain' || c.fn === 'sdl' || c.fn === 'plan') c.settings.push(...extraSettings(rng, ctx));
  // variables: sometimes as null, or as raw JSON text that is not an object
  if (c.fn === 'resolve' && rng.chance(0.02)) c.varsText = rng.pick(['null', '[]', '1', '"x"', '{"a": 1, "a": 2}', '{}']);
  // at most 1 MB of variables (huge lists inside huge lists reached jsonb's
  // own size limit in its input function, before the call)
  if (c.variables !== undefined && JSON.stringify(c.variables).length > 1 << 20) c.variables = {};
  return { c, kind };
}

// Where comment directives go, and a valid directive for each.
const DIRECTIVE_TARGETS = [
  ['TABLE fz_renamed', { name: 'Renamed', description: 'renamed' }],
  ['TABLE fz_a', { name: 'fz_b' }],
  ['TABLE fz_b', { name: 'query_root' }],
  ['COLUMN fz_typed.c_text', { name: 'textRenamed' }],
  ['COLUMN fz_typed.c_int4', { name: 'id' }],
  ['COLUMN fz_node.label', { name: '__typename' }],
  ['CONSTRAINT fz_node_org_parent_fkey ON fz_node', { local_name: 'up', foreign_name: 'children' }],
  ['CONSTRAINT fz_b_a_id_fkey ON fz_b', { local_name: 'name', foreign_name: 'fz_bs' }],
  ['VIEW fz_view_keyed', { primary_key_columns: ['org', 'id'], foreign_keys: [{ local_columns: ['org', 'parent'], foreign_table: 'fz_node', foreign_columns: ['org', 'id'], local_name: 'parent_node', foreign_name: 'view_children' }] }],
  ['VIEW fz_view_plain', { primary_key_columns: ['id'], foreign_keys: [{ local_columns: ['id', 'org'], foreign_schema: 'public', foreign_table: 'fz_node', foreign_columns: ['id', 'org'] }] }],
  ['MATERIALIZED VIEW fz_matview', { primary_key_columns: ['org'], foreign_keys: [{ local_columns: ['org'], foreign_table: 'fz_matview', foreign_columns: ['org'] }] }],
  ['FUNCTION fz_add(int, int)', { name: 'fzAdd' }],
  ['FUNCTION fz_node_path(fz_node)', { name: 'label' }],
];

function makeCaseOf(rng, c, kind, mutated) {
  const m = mutated();
  return { c: { ...c, query: m.text, variables: m.variables }, kind };
}

// ---------------------------------------------------------------- findings

// The key findings are told apart by: the kind and the message without its values.
function findingKey(kind, message) {
  return `${kind}: ${message.replace(/"[^"]*"|'[^']*'/g, 'X').replace(/\d+/g, 'N').slice(0, 200)}`;
}

function addFinding(kind, message, c, extra) {
  const key = findingKey(kind, message);
  const f = findings.get(key);
  if (f) {
    f.count++;
    if (JSON.stringify(c).length < JSON.stringify(f.case).length) f.case = c;
    return;
  }
  findings.set(key, { kind, key, message, case: c, count: 1, extra });
  if (opts.verbose) log(`finding: ${key}`);
}

// SQL errors graphql.resolve may raise: cancel and timeouts, resources.
// (Errors of the jsonb arguments' input function come before resolve runs:
// beforeCall below.  Invalid bytes cannot reach the server but in the
// SQL_ASCII database, where client_encoding SQL_ASCII passes them through.)
const RESOLVE_MAY_RAISE = new Set(['57014', '53200', '53100', '54001', '40P01', '40001', '55P03', '25P02']);

// Check the result of case c against what must always hold; report(kind,
// message, case, extra) what does not.
function checkResult(c, r, report = addFinding) {
  const counting = report === addFinding;
  if (r.setupError) {
    if (counting) stats.setupRejected++;
    return 'setting refused';
  }
  if (r.error) {
    const code = r.error.code || 'client';
    if (counting) bump(stats.sqlErrors, `${c.fn} ${code}`);
    const beforeCall = /json_ereport_error|report_invalid_encoding|report_untranslatable_char/.test(r.error.routine || '');
    if (c.fn === 'resolve' && !RESOLVE_MAY_RAISE.has(code) && !beforeCall) {
      report('resolve raised an SQL error', `${code} ${r.error.message}`, c);
    }
    if (code === 'XX000' || code === 'XX001' || code === 'XX002') report(`${c.fn} raised an internal error`, `${code} ${r.error.message}`, c);
    return `sql error ${code}`;
  }
  if (c.fn !== 'resolve' || r.value === null) return 'ok';
  let resp;
  try {
    resp = parseJsonStrict(r.value);
  } catch (e) {
    report('response is not valid JSON', e.message, c, { response: r.value.slice(0, 2000) });
    return 'bad json';
  }
  if (resp && Array.isArray(resp.errors)) {
    const e0 = resp.errors[0] || {};
    const code = (e0.extensions && e0.extensions.code) || 'none';
    // (an error a function or trigger raised is the function's: P0001)
    const sqlstate = (e0.extensions && e0.extensions.sqlstate) || '';
    if (code === 'unexpected' && !sqlstate.startsWith('P0')) report('unexpected error', `${sqlstate} ${e0.message}`, c);
    return resp.data === undefined ? `request error ${code}` : `execution error ${code}`;
  }
  return 'data';
}


// The kinds of findings worth shrinking (the others need no input, or are
// the setting's own).
const SHRINK_FINDINGS = new Set(['unexpected error', 'resolve raised an SQL error', 'response is not valid JSON',
  'resolve raised an internal error', 'explain raised an internal error', 'parse raised an internal error']);

// Shrink the input of each finding (one case, on a reused connection).
async function minimizeFindings() {
  const clients = {};
  const budget = Math.max(1, Math.min(10, opts.minimizeSeconds)) * 1000;
  let n = 0;
  for (const f of findings.values()) {
    if (!f.case || !SHRINK_FINDINGS.has(f.kind) || n >= opts.maxFindingsShrunk) continue;
    n++;
    const holds = async (steps) => {
      const c = steps[steps.length - 1];
      let client = clients[c.db];
      if (!client) client = clients[c.db] = await connect(conn, dbName(c.db), c.db, opts.statementTimeoutMs);
      const r = await runCase(client, c);
      if (r.lost) {
        // shrinking found a crash
        delete clients[c.db];
        await waitReady();
        const events = watcher.collect();
        for (let k = 0; watcher.pending && k < 300; k++) {
          await sleep(100);
          events.push(...watcher.collect());
        }
        for (const e of events) {
          stats.crashes++;
          await recordCrash(e, [c], `shrinking the finding "${f.key.slice(0, 80)}"`);
        }
        return false;
      }
      const keys = [];
      checkResult(c, r, (kind, message) => keys.push(findingKey(kind, message)));
      return keys.includes(f.key);
    };
    try {
      if (!(await holds([f.case]))) {
        f.reproducible = false;
        continue;
      }
      const m = await minimize([f.case], holds, budget);
      f.minimized = m.steps[0];
      f.complete = m.complete;
    } catch (e) {
      log(`  shrinking "${f.key.slice(0, 80)}" failed: ${e.message}`);
    }
  }
  for (const c of Object.values(clients)) await c.end().catch(() => {});
}

// ---------------------------------------------------------------- crashes

/*
 * Run steps (cases) on a fresh connection (with reuse: on the connection
 * the last call that did not crash used, which saves building the schemas
 * again while shrinking); if the connection is lost, return the crash
 * ({pid, how, report, sig}) its backend had, else null.
 */
let reusable = null;
async function reproduce(steps, reuse) {
  const kind = steps[steps.length - 1].db;
  let client = reuse && reusable && reusable.kind === kind ? reusable : null;
  if (!reuse && reusable) {
    reusable.end().catch(() => {});
    reusable = null;
  }
  if (!client) {
    try {
      client = await connect(conn, dbName(kind), kind, opts.statementTimeoutMs);
    } catch (e) {
      await waitReady();
      client = await connect(conn, dbName(kind), kind, opts.statementTimeoutMs);
    }
  }
  const pid = client.processID;
  let lost = false;
  for (const s of steps) {
    const r = await runCase(client, s);
    if (r.lost) {
      lost = true;
      break;
    }
    if (r.setupError) await resetRefusedSettings(client);
  }
  if (reusable && reusable !== client) reusable.end().catch(() => {});
  reusable = null;
  if (!lost) {
    if (reuse) reusable = client;
    else await client.end().catch(() => {});
    // a report without a dead backend cannot happen (halt_on_error), but look
    const events = watcher.collect();
    if (!events.length) return null;
    const e = events.find((x) => x.pid === pid) || events[0];
    return { ...e, sig: signature(e) };
  }
  await waitReady();
  const events = watcher.collect();
  for (let k = 0; watcher.pending && k < 300; k++) {
    await sleep(100);
    await waitReady();
    events.push(...watcher.collect());
  }
  const e = events.find((x) => x.pid === pid);
  if (!e) return events.length ? { ...events[0], sig: signature(events[0]) } : { pid, how: 'connection lost', report: '', sig: 'connection lost' };
  return { ...e, sig: signature(e) };
}

// Record a crash of steps (the last one ran in the dead backend); shrink it
// if its signature is new.
async function recordCrash(event, steps, origin) {
  let sig = signature(event);
  // a report without a stack: the backend was killed while writing it (the
  // postmaster ends every backend when one crashes, and two crashed at once)
  let note = '';
  if (!/ at /.test(sig) && steps.length) {
    const again = await reproduce(steps.slice(-1)) || (steps.length > 1 ? await reproduce(steps) : null);
    if (again && / at /.test(again.sig)) {
      note = ` (the first report was cut short; this is a re-run's: ${sig})`;
      event = again;
      sig = again.sig;
    }
  }
  stats.crashCases++;
  let k = crashes.get(sig);
  if (k) {
    k.count++;
    return;
  }
  k = { signature: sig, how: event.how + note, report: event.report, steps, count: 1, origin, minimized: null, reproducible: null };
  crashes.set(sig, k);
  log(`CRASH (${origin}): ${sig}`);
  for (const l of stackTop(event.report)) log(`    ${l}`);
  if (!steps.length) return;
  if (opts.minimizeSeconds === 0 || [...crashes.values()].filter((x) => x.minimized).length >= opts.maxMinimized) return;
  const t0 = Date.now();
  // does it reproduce alone, or with the cases before it on its connection?
  const last = steps.slice(-1);
  let base = null;
  const again = await reproduce(last);
  if (again && again.sig === sig) base = last;
  else if (steps.length > 1) {
    const all = await reproduce(steps);
    if (all && all.sig === sig) base = steps;
  }
  k.reproducible = !!base;
  if (!base) {
    log(`    did not reproduce on a fresh connection (${again ? again.sig : 'no crash'}); recorded as it happened`);
    return;
  }
  stats.reproduced++;
  const m = await minimize(base, async (s) => {
    const r = await reproduce(s, true);
    return !!r && r.sig === sig;
  }, opts.minimizeSeconds * 1000);
  // the result must crash on a fresh connection too
  const final = await reproduce(m.steps);
  if (final && final.sig === sig) {
    k.minimized = m.steps;
    k.report = final.report || k.report;
  } else {
    k.minimized = base;
    log(`    the shrunk input did not crash on a fresh connection; keeping the input as it was`);
  }
  k.tries = m.tries;
  k.complete = m.complete;
  log(`    minimized in ${((Date.now() - t0) / 1000).toFixed(1)} s (${m.tries} tries${m.complete ? '' : ', time budget spent'}):`);
  for (const l of reproducerSql(m.steps, `${DB_DESCRIPTION[m.steps[0].db]} ${FIXTURE_NOTE}`).split('\n')) log(`    | ${l.length > 300 ? `${l.slice(0, 300)}...` : l}`);
}

/*
 * A refused graphql.jwt_secret, with none configured before, leaves the
 * session denying every request until a value is accepted (by design:
 * docs/security.md): accept one and roll it back, so that the connection
 * keeps serving the cases after it.
 */
async function resetRefusedSettings(client) {
  try {
    await client.query('BEGIN');
    await client.query('SELECT set_config(\'graphql.jwt_secret\', $1, true)', [JSON.stringify({ type: 'HS256', key: 'x'.repeat(32) })]);
    await client.query('ROLLBACK');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
  }
}

// ---------------------------------------------------------------- workers

class Worker {
  constructor(id) {
    this.id = id;
    this.clients = {}; // kind -> client
    this.current = null;
    this.started = 0;
    this.history = {}; // kind -> recent cases on this connection
  }

  async client(kind) {
    let c = this.clients[kind];
    if (c && c.epoch === epoch) return c;
    if (c) c.end().catch(() => {});
    c = await connect(conn, dbName(kind), kind, opts.statementTimeoutMs);
    c.epoch = epoch;
    this.clients[kind] = c;
    this.history[kind] = [];
    return c;
  }
}

let nextCase = 0;
let deadline;
const done = () => stopping || Date.now() >= deadline || (opts.count && nextCase >= opts.count);

// After a lost connection: wait for the server, find the dead backends and
// the cases they ran, record the crashes.  One at a time.
async function handleLost() {
  if (paused) return paused;
  paused = (async () => {
    stats.lost++;
    await sleep(50);
    await waitReady();
    await sleep(100);
    const events = watcher.collect();
    // a backend still writing its sanitizer report
    for (let k = 0; watcher.pending && k < 300; k++) {
      await sleep(100);
      await waitReady();
      events.push(...watcher.collect());
    }
    if (!events.length) {
      addFinding('lost connection without a crash in the log', 'lost connection', null);
    }
    for (const e of events) {
      stats.crashes++;
      const w = workers.find((x) => Object.values(x.clients).some((c) => c && c.processID === e.pid));
      let steps = [];
      if (w && w.current) {
        const h = w.history[w.current.db] || [];
        steps = h.concat([w.current]);
        crashedDbs.add(w.current.db);
      }
      await recordCrash(e, steps, w ? 'fuzzing' : 'unknown backend');
    }
    epoch++;
  })();
  try {
    await paused;
  } finally {
    paused = null;
  }
  return null;
}

async function workerLoop(w) {
  while (!done()) {
    if (paused) await paused;
    const n = nextCase++;
    const { c, kind } = makeCase(n);
    let client;
    try {
      client = await w.client(c.db);
    } catch (e) {
      await handleLost();
      continue;
    }
    w.current = c;
    w.started = Date.now();
    w.cancelled = false;
    const r = await runCase(client, c);
    w.started = 0;
    stats.cases++;
    stats.ms += r.ms;
    bump(stats.byFn, c.fn);
    bump(stats.byDb, c.db);
    bump(stats.byKind, kind);
    if (r.lost) {
      if (opts.verbose) log(`  worker ${w.id}: connection lost (${r.error && r.error.message})`);
      // (a connection made before the last crash was handled: that crash ended it)
      if (client.epoch !== epoch) continue;
      await handleLost();
      w.current = null;
      continue;
    }
    if (w.cancelled) addFinding('a call ignored cancel requests', `${c.fn} ran for over ${opts.hangSeconds} s`, c);
    if (r.setupError) await resetRefusedSettings(client);
    let outcome;
    try {
      outcome = checkResult(c, r);
    } catch (e) {
      outcome = `unchecked (${e.message.slice(0, 40)})`;
    }
    bump(stats.outcomes, outcome);
    bump(stats.kindOutcomes[kind] || (stats.kindOutcomes[kind] = {}), outcome);
    const h = w.history[c.db];
    h.push(c);
    if (h.length > 20) h.shift();
    w.current = null;
  }
}

// Cancel calls that run too long (statement_timeout should have stopped them).
function watchdog() {
  return setInterval(async () => {
    for (const w of workers) {
      if (!w.started || !w.current) continue;
      const age = (Date.now() - w.started) / 1000;
      const client = w.clients[w.current.db];
      if (!client || age < opts.hangSeconds) continue;
      try {
        const a = await connect(conn, 'postgres', 'utf8', 10000);
        await a.query(age > opts.hangSeconds + 15 ? 'SELECT pg_terminate_backend($1)' : 'SELECT pg_cancel_backend($1)', [client.processID]);
        await a.end();
        w.cancelled = true;
      } catch (e) {
        // the server is restarting
      }
    }
  }, 2000);
}

let workers = [];

// ---------------------------------------------------------------- regression cases

// The case files to replay: test/fuzz/regress/*.json and --replay files.
function regressFiles() {
  const dir = path.join(__dirname, 'regress');
  const files = opts.regress && fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f)) : [];
  return files.concat(opts.replay);
}

async function replayRegress() {
  let passed = 0;
  for (const f of regressFiles()) {
    const spec = JSON.parse(fs.readFileSync(f, 'utf8'));
    const name = path.basename(f, '.json');
    if (!opts.dbs.includes(spec.steps[spec.steps.length - 1].db)) {
      log(`regress ${name}: skipped (database ${spec.steps[spec.steps.length - 1].db} not fuzzed)`);
      continue;
    }
    const r = await reproduce(spec.steps);
    if (!r) {
      passed++;
      log(`regress ${name}: ok`);
      continue;
    }
    log(`regress ${name}: CRASH ${r.sig}${spec.signature && spec.signature !== r.sig ? ` (recorded: ${spec.signature})` : ''}`);
    for (const l of stackTop(r.report)) log(`    ${l}`);
    stats.crashes++;
    if (!crashes.has(r.sig)) {
      crashes.set(r.sig, { signature: r.sig, how: r.how, report: r.report, steps: spec.steps, minimized: spec.steps, count: 1, origin: `regress/${name}`, reproducible: true });
    } else crashes.get(r.sig).count++;
  }
  return passed;
}

// ---------------------------------------------------------------- reports

// An SQL reproducer for a report: whole up to 100 kB, else its head (the
// case file holds all of it).
function clipped(sql, file) {
  if (sql.length <= 100000) return sql;
  return `${sql.slice(0, 100000)}\n-- ... (${sql.length} characters; all of it is in ${file})`;
}

function writeReports(elapsed) {
  fs.mkdirSync(path.join(opts.out, 'crashes'), { recursive: true });
  fs.mkdirSync(path.join(opts.out, 'findings'), { recursive: true });
  const md = [`# Crashes (seed ${opts.seed})`, ''];
  let i = 0;
  for (const k of crashes.values()) {
    i++;
    const steps = k.minimized || k.steps;
    const slug = k.signature.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
    const file = path.join(opts.out, 'crashes', `${String(i).padStart(2, '0')}-${slug}.json`);
    if (steps.length) fs.writeFileSync(file, `${JSON.stringify({ signature: k.signature, note: k.how, steps }, null, 2)}\n`);
    md.push(`## ${i}. ${k.signature}`, '');
    md.push(`- seen ${k.count} time(s), first while ${k.origin}; ${k.how}`);
    md.push(`- ${k.minimized ? `minimized (${k.tries || 0} tries${k.complete === false ? ', time budget spent' : ''})` : k.reproducible === false ? 'NOT reproduced on a fresh connection (as it happened)' : 'not minimized'}`);
    if (steps.length) md.push(`- case file: ${path.relative(opts.out, file)} (copy it to test/fuzz/regress/ to replay it in every run)`);
    md.push('', '```sql', steps.length ? clipped(reproducerSql(steps, `${DB_DESCRIPTION[steps[0].db]} ${FIXTURE_NOTE}`), path.relative(opts.out, file)) : '-- (no input: the backend was not one of the fuzzer\'s)', '```', '');
    md.push('Stack top:', '', '```', ...stackTop(k.report, 10), '```', '');
    md.push('<details><summary>report</summary>', '', '```', (k.report || '').slice(0, 20000), '```', '</details>', '');
  }
  fs.writeFileSync(path.join(opts.out, 'crashes.md'), `${md.join('\n')}\n`);
  const fmd = ['# Findings (not crashes)', ''];
  let j = 0;
  for (const f of [...findings.values()].sort((a, b) => b.count - a.count)) {
    j++;
    fmd.push(`## ${f.key} (${f.count})`, '', f.message, '');
    const fc = f.minimized || f.case;
    const ffile = path.join('findings', `${String(j).padStart(2, '0')}.json`);
    if (fc) fs.writeFileSync(path.join(opts.out, ffile), `${JSON.stringify({ finding: f.key, steps: [fc] }, null, 2)}\n`);
    if (f.minimized) fmd.push(`shrunk${f.complete ? '' : ' (time budget spent)'}:`, '');
    else if (f.reproducible === false) fmd.push('(did not happen again on its own: it needs what ran before it on the connection)', '');
    if (fc) fmd.push(`case file: ${ffile}`, '', '```sql', clipped(reproducerSql([fc], `${DB_DESCRIPTION[fc.db]} ${FIXTURE_NOTE}`), ffile), '```', '');
    if (f.extra) fmd.push('```', JSON.stringify(f.extra).slice(0, 3000), '```', '');
  }
  fs.writeFileSync(path.join(opts.out, 'findings.md'), `${fmd.join('\n')}\n`);
  fs.writeFileSync(path.join(opts.out, 'stats.json'), `${JSON.stringify({ seed: opts.seed, elapsed, ...stats, crashes: [...crashes.keys()], findings: [...findings.keys()] }, null, 2)}\n`);
}

// ---------------------------------------------------------------- main

async function main() {
  fs.mkdirSync(opts.out, { recursive: true });
  log(`fuzz: seed ${opts.seed}; ${opts.seconds ? `${opts.seconds} s` : ''}${opts.count ? ` ${opts.count} cases` : ''}; ` +
    `${opts.workers} workers; databases ${opts.dbs.join(', ')}; output in ${opts.out}`);
  watcher = new LogWatcher(opts.serverLog, opts.asanLog);
  await waitReady();
  const t0 = Date.now();
  corpus = loadCorpus(ROOT, opts.seeds);
  log(`corpus: ${Object.entries(corpus.counts).map(([k, v]) => `${v} from ${k}`).join(', ')}; ${corpus.variables.length} variables objects`);
  gens = await loadSchemas();
  log(`schemas: ${opts.dbs.map((d) => `${d}: ${CONTEXTS.map((c) => `${c.name} ${gens[d][c.name].typeNames.length} types`).join(', ')}`).join('; ')}`);
  const regressPassed = await replayRegress();

  deadline = Date.now() + opts.seconds * 1000;
  if (!opts.seconds) deadline = Infinity;
  if (!opts.seconds && !opts.count) deadline = Date.now();
  const fuzzStart = Date.now();
  workers = Array.from({ length: opts.workers }, (_, i) => new Worker(i));
  const dog = watchdog();
  const progress = setInterval(() => {
    const s = (Date.now() - fuzzStart) / 1000;
    log(`  ${s.toFixed(0)} s: ${stats.cases} cases (${(stats.cases / s).toFixed(0)}/s), ${crashes.size} crashes, ${findings.size} findings`);
  }, opts.verbose ? 10000 : 60000);
  await Promise.all(workers.map(workerLoop));
  clearInterval(progress);
  clearInterval(dog);
  for (const w of workers) for (const c of Object.values(w.clients)) if (c) await c.end().catch(() => {});
  // a crash that the last cases caused
  await sleep(200);
  await waitReady();
  for (const e of watcher.collect()) await recordCrash(e, [], 'the end of the run');
  const fuzzSeconds = (Date.now() - fuzzStart) / 1000;
  if (opts.minimizeSeconds) await minimizeFindings();

  const elapsed = (Date.now() - t0) / 1000;
  writeReports(elapsed);
  const rate = stats.cases / Math.max(0.001, fuzzSeconds);
  log('');
  log(`inputs: ${stats.cases} in ${fuzzSeconds.toFixed(1)} s (${rate.toFixed(1)}/s; mean call ${(stats.ms / Math.max(1, stats.cases)).toFixed(1)} ms)`);
  log(`  by kind: ${Object.entries(stats.byKind).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  log(`  by database: ${Object.entries(stats.byDb).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  log(`  outcomes: ${Object.entries(stats.outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (stats.setupRejected) log(`  settings refused: ${stats.setupRejected}`);
  log(`crashes: ${crashes.size} distinct (${stats.crashes} backend deaths)${crashes.size ? `; see ${path.join(opts.out, 'crashes.md')}` : ''}`);
  for (const k of crashes.values()) log(`  ${k.signature} (${k.count}x, ${k.origin})`);
  log(`findings (not crashes): ${findings.size}${findings.size ? `; see ${path.join(opts.out, 'findings.md')}` : ''}`);
  for (const f of findings.values()) log(`  ${f.key.slice(0, 160)} (${f.count}x)`);

  const cleanDbs = opts.dbs.filter((d) => stats.byDb[d] && !crashedDbs.has(d)).length;
  const passed = regressPassed + cleanDbs;
  const failed = crashes.size;
  log(`fuzz: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

// exit once stdout is written (connections of a failed run may stay open)
const exit = (code) => process.stdout.write('', () => process.exit(code));
main().then(exit, (e) => {
  log(`run.js: ${e && e.stack}`);
  try {
    writeReports(0);
  } catch (e2) {
    // nothing more to do
  }
  log('fuzz: 0 passed, 1 failed');
  exit(1);
});
