// HTTP tests of graphql-server, run by test/server/run.sh (which builds
// the server with sanitizers and gives it a cluster of its own, described
// by the GS_* environment variables).  Each test starts the servers it
// needs on a free loopback port and stops them.  Ends with
// "server: N passed, M failed"; a sanitizer report is a failure.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const assert = require('node:assert/strict');
const { serverAudits } = require('graphql-http');

const env = {
  bin: process.env.GS_BIN,
  pghost: process.env.GS_PGHOST,
  pgport: process.env.GS_PGPORT,
  pgdata: process.env.GS_PGDATA,
  pgbin: process.env.GS_PGBIN,
  asanLog: process.env.GS_ASAN_LOG,
  pglog: process.env.GS_PGLOG,
  consoleDir: process.env.GS_CONSOLE_DIR,
  replicaData: process.env.GS_REPLICA_DATA,
  replicaPort: process.env.GS_REPLICA_PORT,
  replicaLog: process.env.GS_REPLICA_LOG,
  outDir: process.env.GS_OUT_DIR,
};
const SECRET = 'graphql-server-test-secret-0123456789';
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

const dbUrl = (user) => `postgresql://${user}@/gs?host=${encodeURIComponent(env.pghost)}&port=${env.pgport}`;

function asPostgres(cmd, args) {
  const full = process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(full[0], full[1], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}
const pgCtl = (...args) => asPostgres(path.join(env.pgbin, 'pg_ctl'), ['-D', env.pgdata, '-l', env.pglog, ...args]);
const replicaCtl = (...args) => asPostgres(path.join(env.pgbin, 'pg_ctl'), ['-D', env.replicaData, '-l', env.replicaLog, ...args]);
// psql -c for each statement, in one session; the output of the last
function psql(...sql) {
  return execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', env.pghost, '-p', env.pgport,
    '-U', 'postgres', '-d', 'gs', ...sql.flatMap((q) => ['-c', q])]).toString().trim();
}

// JWT mode on or off for the whole cluster (graphql.jwt_secret is set only in
// the configuration files); servers started afterwards check it at start
let jwtOn = null;
function jwtMode(on) {
  if (jwtOn === on) return;
  psql("LOAD 'graphql'", on ? `ALTER SYSTEM SET graphql.jwt_secret = '{"type": "HS256", "key": "${SECRET}"}'`
    : 'ALTER SYSTEM RESET graphql.jwt_secret');
  psql('SELECT pg_reload_conf()');
  jwtOn = on;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A running graphql-server: its process, port, and what it printed.
class Server {
  static all = [];

  static async start({ user = 'gs_auth', args = [], envVars = {}, expectExit = false, port = null } = {}) {
    const s = new Server();
    jwtMode(user === 'gs_auth');
    s.port = port || await freePort();
    s.out = '';
    s.err = '';
    const e = { PATH: process.env.PATH, ASAN_OPTIONS: process.env.ASAN_OPTIONS,
      UBSAN_OPTIONS: process.env.UBSAN_OPTIONS, LSAN_OPTIONS: process.env.LSAN_OPTIONS, HASURA_GRAPHQL_DATABASE_URL: dbUrl(user),
      HASURA_GRAPHQL_SERVER_HOST: '127.0.0.1', HASURA_GRAPHQL_SERVER_PORT: String(s.port),
      HASURA_GRAPHQL_PG_CONNECTIONS: '4', ...envVars };
    for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
    s.proc = spawn(env.bin, args, { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    Server.all.push(s);
    s.exited = new Promise((resolve) => s.proc.on('exit', (code, signal) => resolve({ code, signal })));
    s.proc.stdout.on('data', (d) => { s.out += d; });
    s.proc.stderr.on('data', (d) => { s.err += d; });
    if (expectExit) {
      s.exit = await Promise.race([s.exited, sleep(10000).then(() => null)]);
      if (s.exit === null) { s.proc.kill('SIGKILL'); throw new Error('the server did not exit'); }
      return s;
    }
    const deadline = Date.now() + 10000;
    while (!s.out.includes('listening on')) {
      if (s.proc.exitCode !== null) throw new Error(`the server exited: ${s.out}${s.err}`);
      if (Date.now() > deadline) throw new Error(`the server did not start: ${s.out}${s.err}`);
      await sleep(20);
    }
    // the pool connects asynchronously: wait until the database answers
    for (;;) {
      const r = await fetch(s.url('/healthz')).catch(() => null);
      if (r && r.status === 200) break;
      if (Date.now() > deadline) throw new Error('the server never became healthy');
      await sleep(20);
    }
    return s;
  }

  url(p) { return `http://127.0.0.1:${this.port}${p}`; }

  logLines() {
    return this.out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }

  async stop() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGTERM');
      const r = await Promise.race([this.exited, sleep(10000).then(() => null)]);
      if (r === null) { this.proc.kill('SIGKILL'); throw new Error('the server did not stop on SIGTERM'); }
      return r;
    }
    return this.exited;
  }
}

// POST a GraphQL request; returns {status, headers, json, text}
async function post(server, body, headers = {}) {
  const r = await fetch(server.url('/v1/graphql'), {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, headers: r.headers, json, text };
}

function b64url(x) { return Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url'); }
function token(claims, { secret = SECRET, exp = Math.floor(Date.now() / 1000) + 3600 } = {}) {
  const head = b64url({ alg: 'HS256', typ: 'JWT' });
  const body = b64url({ exp, iat: Math.floor(Date.now() / 1000) - 10, ...claims });
  const sig = crypto.createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}
const userToken = (id, roles = ['gs_user', 'gs_editor'], def = 'gs_user', opts) => token({
  sub: id, 'https://hasura.io/jwt/claims': { 'x-hasura-allowed-roles': roles,
    'x-hasura-default-role': def, 'x-hasura-user-id': id } }, opts);

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// ---------------------------------------------------------------- settings

test('config_unknown_variable_refused', async () => {
  const s = await Server.start({ envVars: { HASURA_GRAPHQL_ENABLE_ALLOWLIST: 'true' }, expectExit: true });
  assert.equal(s.exit.code, 1);
  assert.match(s.err, /HASURA_GRAPHQL_ENABLE_ALLOWLIST is not supported by graphql-server, and is refused/);
});

test('config_bad_values_refused', async () => {
  for (const [vars, args, msg] of [
    [{ HASURA_GRAPHQL_SERVER_PORT: '80x' }, [], /HASURA_GRAPHQL_SERVER_PORT must be an integer from 1 to 65535/],
    [{ HASURA_GRAPHQL_ENABLE_CONSOLE: 'yes' }, [], /HASURA_GRAPHQL_ENABLE_CONSOLE must be true or false/],
    [{ HASURA_GRAPHQL_LOG_LEVEL: 'loud' }, [], /must be debug, info, warn or error/],
    [{}, ['--connections', '0'], /--connections must be an integer from 1 to 10000/],
    [{}, ['--no-such-flag'], /unknown argument "--no-such-flag"/],
  ]) {
    const s = await Server.start({ envVars: vars, args, expectExit: true });
    assert.equal(s.exit.code, 1);
    assert.match(s.err, msg);
  }
});

test('config_jwt_secret_variable_has_no_effect', async () => {
  const s = await Server.start({ envVars: { HASURA_GRAPHQL_JWT_SECRET: '{"type":"HS256","key":"x"}' } });
  try {
    assert.match(s.err, /HASURA_GRAPHQL_JWT_SECRET has no effect here: the database verifies tokens/);
    // the database's secret decides: a token signed with it works
    const r = await post(s, { query: '{ note { id } }' }, { authorization: `Bearer ${userToken('2')}` });
    assert.deepEqual(r.json, { data: { note: [{ id: 3 }] } });
  } finally { await s.stop(); }
});

test('config_unauthenticated_required_without_jwt_secret', async () => {
  const s = await Server.start({ user: 'gs_open', expectExit: true });
  assert.equal(s.exit.code, 1);
  assert.match(s.out, /the database verifies no tokens \(graphql.jwt_secret is unset\), so every request would run with the privileges of the database login \\"gs_open\\"/);
  const t = await Server.start({ user: 'gs_open', args: ['--unauthenticated'] });
  try {
    assert.match(t.out, /"level":"warn".*every request runs with the privileges of the database login/);
    const r = await post(t, { query: '{ item(order_by: {id: asc}) { name } }' });
    assert.deepEqual(r.json, { data: { item: [{ name: 'first' }, { name: 'second' }] } });
  } finally { await t.stop(); }
});

test('config_flags_and_help', async () => {
  const h = await Server.start({ args: ['--help'], expectExit: true });
  assert.equal(h.exit.code, 0);
  assert.match(h.out, /--server-port/);
  assert.match(h.out, /HASURA_GRAPHQL_SERVER_PORT/);
  const v = await Server.start({ args: ['--version'], expectExit: true });
  assert.match(v.out, /^graphql-server \d+\.\d+\.\d+/);
  // a flag wins over the variable
  const port = await freePort();
  const s = await Server.start({ args: [`--server-port=${port}`], envVars: { HASURA_GRAPHQL_SERVER_PORT: '1' }, port });
  try {
    assert.match(s.out, new RegExp(`listening on 127.0.0.1 port ${port}`));
  } finally { await s.stop(); }
});

test('config_no_database', async () => {
  const s = await Server.start({ envVars: { HASURA_GRAPHQL_DATABASE_URL: `postgresql://gs_auth@/nodb?host=${env.pghost}&port=${env.pgport}` }, expectExit: true });
  assert.equal(s.exit.code, 1);
  assert.match(s.out, /cannot connect to the database/);
  const t = await Server.start({ envVars: { HASURA_GRAPHQL_DATABASE_URL: `postgresql://postgres@/postgres?host=${env.pghost}&port=${env.pgport}` }, expectExit: true });
  assert.equal(t.exit.code, 1);
  assert.match(t.out, /the database has no usable graphql extension/);
});

// ---------------------------------------------------------------- endpoints

test('endpoints_healthz_version_not_found', async () => {
  const s = await Server.start();
  try {
    let r = await fetch(s.url('/healthz'));
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'OK');
    r = await fetch(s.url('/v1/version'));
    assert.deepEqual(await r.json(), { version: '0.1.0' });
    r = await fetch(s.url('/v2/query'));
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await r.json(), { errors: [{ message: 'resource does not exist', extensions: { code: 'not-found', path: '$' } }] });
    r = await fetch(s.url('/console'));
    assert.equal(r.status, 404, 'the console is off unless enabled');
    r = await fetch(s.url('/v1/graphql'), { method: 'DELETE' });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, POST');
    assert.equal((await r.json()).errors[0].extensions.code, 'bad-request');
  } finally { await s.stop(); }
});

test('request_id_echoed_or_generated', async () => {
  const s = await Server.start();
  try {
    let r = await post(s, { query: '{ __typename }' }, { 'x-request-id': 'req-42.a_b:c' });
    assert.equal(r.headers.get('x-request-id'), 'req-42.a_b:c');
    r = await post(s, { query: '{ __typename }' }, { 'x-request-id': 'no spaces <allowed>' });
    assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const a = (await post(s, { query: '{ __typename }' })).headers.get('x-request-id');
    const b = (await post(s, { query: '{ __typename }' })).headers.get('x-request-id');
    assert.notEqual(a, b);
  } finally { await s.stop(); }
});

test('post_get_and_batch', async () => {
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated'] });
  try {
    let r = await post(s, { query: 'query ($id: Int!) { item_by_pk(id: $id) { name } }', variables: { id: 2 } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(r.json, { data: { item_by_pk: { name: 'second' } } });
    // GET: the query string goes to the database as it is
    const q = encodeURIComponent('query ($id: Int!) { item_by_pk(id: $id) { name } }');
    r = await fetch(s.url(`/v1/graphql?query=${q}&variables=${encodeURIComponent('{"id":1}')}`));
    assert.deepEqual(await r.json(), { data: { item_by_pk: { name: 'first' } } });
    // a mutation from a GET: 405, nothing written
    r = await fetch(s.url(`/v1/graphql?query=${encodeURIComponent('mutation { delete_item(where: {}) { affected_rows } }')}`));
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, POST');
    assert.equal(psql('SELECT count(*) FROM item'), '2');
    // a batch: answered as an array in order; each request on its own
    r = await post(s, [
      { query: '{ item_by_pk(id: 1) { name } }' },
      { query: 'mutation { insert_item_one(object: {id: 1, name: "dup"}) { id } }' },
      { query: 'mutation { insert_item_one(object: {id: 3, name: "third"}) { id } }' },
      { query: '{ item_aggregate { aggregate { count } } }' },
    ]);
    assert.equal(r.status, 200);
    assert.equal(r.json.length, 4);
    assert.deepEqual(r.json[0], { data: { item_by_pk: { name: 'first' } } });
    assert.equal(r.json[1].errors[0].extensions.code, 'constraint-violation');
    assert.deepEqual(r.json[2], { data: { insert_item_one: { id: 3 } } });
    assert.deepEqual(r.json[3], { data: { item_aggregate: { aggregate: { count: 3 } } } });
    psql('DELETE FROM item WHERE id = 3');
    // the GraphQL response media type: a request error is 400
    r = await post(s, { query: '{ nope }' }, { accept: 'application/graphql-response+json' });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('content-type'), 'application/graphql-response+json; charset=utf-8');
    assert.match(r.json.errors[0].message, /field 'nope' not found in type: 'query_root'/);
  } finally { await s.stop(); }
});

// ---------------------------------------------------------------- auth

test('jwt_from_authorization_against_rls', async () => {
  const s = await Server.start();
  try {
    let r = await post(s, { query: '{ note(order_by: {id: asc}) { id body } }' }, { authorization: `Bearer ${userToken('1')}` });
    assert.deepEqual(r.json, { data: { note: [{ id: 1, body: 'one of user 1' }, { id: 2, body: 'two of user 1' }] } });
    r = await post(s, { query: '{ note { id } }' }, { Authorization: `Bearer ${userToken('2')}` });
    assert.deepEqual(r.json, { data: { note: [{ id: 3 }] } });
    // the role header picks an allowed role: gs_editor may insert, its check holds
    const editor = { authorization: `Bearer ${userToken('2')}`, 'x-hasura-role': 'gs_editor' };
    r = await post(s, { query: 'mutation { insert_note_one(object: {id: 4, owner: "2", body: "new"}) { id } }' }, editor);
    assert.deepEqual(r.json, { data: { insert_note_one: { id: 4 } } });
    r = await post(s, { query: 'mutation { insert_note_one(object: {id: 5, owner: "1", body: "forged"}) { id } }' }, editor);
    assert.match(r.json.errors[0].message, /row-level security|check constraint/);
    assert.equal(psql("SELECT count(*) FROM note WHERE id = 5"), '0');
    psql('DELETE FROM note WHERE id = 4');
    // gs_user may not insert: no mutation of note in its schema
    r = await post(s, { query: 'mutation { insert_note_one(object: {id: 6, owner: "2", body: "x"}) { id } }' },
      { authorization: `Bearer ${userToken('2')}` });
    assert.ok(r.json.errors, JSON.stringify(r.json));
    // a role the token does not allow
    r = await post(s, { query: '{ note { id } }' }, { authorization: `Bearer ${userToken('1')}`, 'x-hasura-role': 'gs_anon' });
    assert.deepEqual(r.json.errors[0], { message: 'Your requested role is not in allowed roles', extensions: { code: 'access-denied' } });
    // no token: graphql.anon_role (gs_anon sees item, not note)
    r = await post(s, { query: '{ item(order_by: {id: asc}) { id } }' });
    assert.deepEqual(r.json, { data: { item: [{ id: 1 }, { id: 2 }] } });
    r = await post(s, { query: '{ note { id } }' });
    assert.match(r.json.errors[0].message, /field 'note' not found in type: 'query_root'/);
    // expired, forged, malformed
    r = await post(s, { query: '{ note { id } }' }, { authorization: `Bearer ${userToken('1', undefined, undefined, { exp: 1000 })}` });
    assert.equal(r.json.errors[0].extensions.code, 'invalid-jwt');
    assert.match(r.json.errors[0].message, /JWTExpired/);
    r = await post(s, { query: '{ note { id } }' }, { authorization: `Bearer ${userToken('1', undefined, undefined, { secret: 'another-secret-of-at-least-32-chars!!' })}` });
    assert.equal(r.json.errors[0].extensions.code, 'invalid-jwt');
    r = await post(s, { query: '{ note { id } }' }, { authorization: 'Basic Zm9vOmJhcg==' });
    assert.equal(r.status, 200);
    assert.ok(r.json.errors);
    // with the GraphQL response media type, a refused request is 403
    r = await post(s, { query: '{ note { id } }' }, { authorization: `Bearer ${userToken('1')}`, 'x-hasura-role': 'postgres',
      accept: 'application/graphql-response+json' });
    assert.equal(r.status, 403);
    // an x-hasura-* header does not forge a session variable
    r = await post(s, { query: '{ note { id } }' }, { authorization: `Bearer ${userToken('2')}`, 'x-hasura-user-id': '1' });
    assert.deepEqual(r.json, { data: { note: [{ id: 3 }] } });
  } finally { await s.stop(); }
});

test('admin_secret', async () => {
  const ADMIN = 'admin-secret-of-the-server-tests';
  psql("LOAD 'graphql'", `ALTER SYSTEM SET graphql.admin_secret = '${ADMIN}'`, 'SELECT pg_reload_conf()');
  try {
    // HASURA_GRAPHQL_ADMIN_SECRET must be the database's
    const bad = await Server.start({ envVars: { HASURA_GRAPHQL_ADMIN_SECRET: 'not-the-one' }, expectExit: true });
    assert.equal(bad.exit.code, 1);
    assert.match(bad.out, /the database refuses HASURA_GRAPHQL_ADMIN_SECRET/);
    assert.ok(!bad.out.includes('not-the-one') && !bad.err.includes('not-the-one'), 'the secret is logged');
    const s = await Server.start({ envVars: { HASURA_GRAPHQL_ADMIN_SECRET: ADMIN } });
    try {
      // the admin picks a role and session variables; row-level security applies them
      let r = await post(s, { query: '{ note(order_by: {id: asc}) { id } }' },
        { 'x-hasura-admin-secret': ADMIN, 'x-hasura-role': 'gs_user', 'x-hasura-user-id': '1' });
      assert.deepEqual(r.json, { data: { note: [{ id: 1 }, { id: 2 }] } });
      r = await post(s, { query: '{ note { id } }' },
        { 'x-hasura-admin-secret': ADMIN, 'x-hasura-role': 'gs_user', 'x-hasura-user-id': '2' });
      assert.deepEqual(r.json, { data: { note: [{ id: 3 }] } });
      // without a role, the login role itself (gs_auth may read no table)
      r = await post(s, { query: '{ item_aggregate { aggregate { count } } }' }, { 'x-hasura-admin-secret': ADMIN });
      assert.equal(r.json.errors[0].message, "field 'item_aggregate' not found in type: 'query_root'");
      r = await post(s, { query: '{ note { id } }' }, { 'x-hasura-admin-secret': 'wrong' });
      assert.deepEqual(r.json, { errors: [{ message: 'invalid x-hasura-admin-secret/x-hasura-access-key', extensions: { code: 'access-denied' } }] });
      // a token still works beside it
      r = await post(s, { query: '{ note { id } }' }, { authorization: `Bearer ${userToken('2')}` });
      assert.deepEqual(r.json, { data: { note: [{ id: 3 }] } });
      assert.ok(!s.out.includes(ADMIN), 'the admin secret is logged');
    } finally { await s.stop(); }
    // without a JWT secret, the admin secret alone: no --unauthenticated needed,
    // and a request without it runs as graphql.anon_role (none for gs_open: denied)
    const o = await Server.start({ user: 'gs_open', envVars: { HASURA_GRAPHQL_ADMIN_SECRET: ADMIN } });
    try {
      assert.match(o.out, /verifies the admin secret \(graphql.admin_secret\) and no tokens/);
      let r = await post(o, { query: '{ item_by_pk(id: 1) { name } }' });
      assert.equal(r.json.errors[0].extensions.code, 'access-denied');
      r = await post(o, { query: '{ item_by_pk(id: 1) { name } }' }, { 'x-hasura-admin-secret': ADMIN });
      assert.deepEqual(r.json, { data: { item_by_pk: { name: 'first' } } });
    } finally { await o.stop(); }
  } finally {
    psql("LOAD 'graphql'", 'ALTER SYSTEM RESET graphql.admin_secret', 'SELECT pg_reload_conf()');
  }
});

test('unauthorized_role', async () => {
  // HASURA_GRAPHQL_UNAUTHORIZED_ROLE must be the database's graphql.anon_role (gs_anon for gs_auth)
  const bad = await Server.start({ envVars: { HASURA_GRAPHQL_UNAUTHORIZED_ROLE: 'anonymous' }, expectExit: true });
  assert.equal(bad.exit.code, 1);
  assert.match(bad.out, /HASURA_GRAPHQL_UNAUTHORIZED_ROLE is \\"anonymous\\" but the database's graphql.anon_role is \\"gs_anon\\"/);
  const s = await Server.start({ envVars: { HASURA_GRAPHQL_UNAUTHORIZED_ROLE: 'gs_anon' } });
  try {
    const r = await post(s, { query: '{ item(order_by: {id: asc}) { id } }' });
    assert.deepEqual(r.json, { data: { item: [{ id: 1 }, { id: 2 }] } });
  } finally { await s.stop(); }
});

// ---------------------------------------------------------------- errors

test('errors_malformed_requests', async () => {
  const s = await Server.start({ args: ['--max-body-size', '10000'] });
  try {
    let r = await post(s, '{"query": ');
    assert.equal(r.status, 400);
    assert.equal(r.json.errors[0].extensions.code, 'invalid-json');
    r = await post(s, '{"query": "{ __typename }\u0000"}');
    assert.equal(r.status, 400);
    assert.match(r.json.errors[0].message, /NUL byte/);
    r = await post(s, '{"query": "{ __typename }", "variables": "x"}');
    assert.equal(r.status, 400);
    assert.equal(r.json.errors[0].message, 'the variables must be an object, not a string');
    r = await post(s, '{"query": "{ __typename }"}', { 'content-type': 'text/plain' });
    assert.equal(r.status, 415);
    r = await fetch(s.url('/v1/graphql'), { method: 'POST', headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d]) });
    assert.equal(r.status, 400);
    assert.match((await r.json()).errors[0].message, /invalid byte sequence for encoding "UTF8"/);
    // a body over the limit: 413 with a GraphQL error, whether its length is declared or chunked
    r = await post(s, { query: `{ __typename } # ${'x'.repeat(20000)}` });
    assert.equal(r.status, 413);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(r.json.errors[0], { message: 'the request body is larger than 10000 bytes', extensions: { code: 'payload-too-large', path: '$' } });
    // chunked: h2o answers once a chunk passes the limit, and closes (a raw
    // socket that then waits: a client still sending would get a reset)
    const answer = await new Promise((resolve, reject) => {
      let got = '';
      const c = net.connect(s.port, '127.0.0.1', () => {
        c.write('POST /v1/graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
        c.write(`2ee0\r\n${'x'.repeat(12000)}\r\n`);
      });
      c.on('data', (d) => { got += d; });
      c.on('error', () => resolve(got));
      c.on('close', () => resolve(got));
      setTimeout(() => { c.destroy(); reject(new Error(`no answer: ${got}`)); }, 5000);
    });
    assert.match(answer, /^HTTP\/1.1 413 /);
    assert.match(answer, /"code": "payload-too-large"/);
    // the server still answers
    r = await post(s, { query: '{ __typename }' });
    assert.deepEqual(r.json, { data: { __typename: 'query_root' } });
  } finally { await s.stop(); }
});

test('errors_statement_timeout', async () => {
  psql("ALTER ROLE gs_open SET statement_timeout = '300ms'");
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated'] });
  try {
    const r = await post(s, { query: '{ slow(args: {s: 5}) }' });
    assert.equal(r.status, 504);
    assert.deepEqual(r.json.errors[0], { message: 'canceling statement due to statement timeout',
      extensions: { code: 'timeout', path: '$', sqlstate: '57014' } });
    assert.deepEqual((await post(s, { query: '{ slow(args: {s: 0}) }' })).json, { data: { slow: 1 } });
  } finally {
    psql('ALTER ROLE gs_open RESET statement_timeout');
    await s.stop();
  }
});

test('errors_request_timeout', async () => {
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated', '--request-timeout', '1', '--connections', '1'] });
  let stopped = 0;
  try {
    const t0 = Date.now();
    // one connection, held by a slow request; its backend is stopped
    // (SIGSTOP) so that the cancel sent at its deadline cannot free the
    // connection before the second request's deadline: the second request
    // waits for the connection and times out waiting (without the stop, which
    // of the two reached the server first, and whether the cancel finished
    // before the second deadline, were up to the scheduler)
    const slow = post(s, { query: '{ slow(args: {s: 10}) }' });
    for (let i = 0; i < 100 && !stopped; i++) {
      stopped = Number(psql("SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE usename = 'gs_open' AND query LIKE '%graphql.http%' AND state = 'active'"));
      if (!stopped) await sleep(20);
    }
    assert.ok(stopped > 0, 'the slow request is running');
    process.kill(stopped, 'SIGSTOP');
    const b = await post(s, { query: '{ __typename }' });
    assert.equal(b.status, 504);
    assert.equal(b.json.errors[0].message, 'the request timed out waiting for a database connection');
    process.kill(stopped, 'SIGCONT');
    stopped = 0;
    const a = await slow;
    const took = Date.now() - t0;
    assert.equal(a.status, 504);
    assert.equal(a.json.errors[0].message, 'the request took longer than 1 seconds (GRAPHQL_SERVER_REQUEST_TIMEOUT) and was cancelled');
    assert.ok(took < 4000, `took ${took} ms`);
    assert.equal(psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%graphql.http%' AND state = 'active' AND pid <> pg_backend_pid()"), '0');
    assert.deepEqual((await post(s, { query: '{ __typename }' })).json, { data: { __typename: 'query_root' } });
  } finally {
    if (stopped) process.kill(stopped, 'SIGCONT');
    await s.stop();
  }
});

test('errors_cancelled_query', async () => {
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated'] });
  try {
    const pending = post(s, { query: '{ slow(args: {s: 10}) }' });
    let cancelled = '0';
    for (let i = 0; i < 100 && cancelled !== '1'; i++) {
      await sleep(50);
      cancelled = psql("SELECT count(*) FILTER (WHERE pg_cancel_backend(pid)) FROM pg_stat_activity WHERE usename = 'gs_open' AND query LIKE '%graphql.http%' AND state = 'active'");
    }
    assert.equal(cancelled, '1');
    const r = await pending;
    assert.equal(r.status, 504);
    assert.deepEqual(r.json.errors[0], { message: 'canceling statement due to user request', extensions: { code: 'timeout', path: '$', sqlstate: '57014' } });
  } finally { await s.stop(); }
});

test('errors_database_gone_and_restart', async () => {
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated'] });
  try {
    const pending = post(s, { query: '{ slow(args: {s: 10}) }' });
    await sleep(300);
    pgCtl('stop', '-m', 'fast', '-w');
    const lost = await pending;
    assert.equal(lost.status, 503);
    assert.equal(lost.json.errors[0].extensions.code, 'database-unavailable');
    await sleep(1200);
    let r = await post(s, { query: '{ __typename }' });
    assert.equal(r.status, 503);
    assert.deepEqual(r.json.errors[0], { message: 'the database is unavailable: no connection to it could be made',
      extensions: { code: 'database-unavailable', path: '$', sqlstate: '08006' } });
    r = await fetch(s.url('/healthz'));
    assert.equal(r.status, 500);
    assert.equal(await r.text(), 'ERROR');
    pgCtl('start', '-w');
    // the pool connects again within a second or two
    let ok = null;
    for (let i = 0; i < 50 && !ok; i++) {
      await sleep(100);
      const t = await post(s, { query: '{ item_by_pk(id: 1) { name } }' });
      if (t.status === 200) ok = t;
    }
    assert.ok(ok, 'no answer after the restart');
    assert.deepEqual(ok.json, { data: { item_by_pk: { name: 'first' } } });
    assert.match(s.out, /primary connection \d is up again/);
  } finally {
    try { pgCtl('start', '-w'); } catch { /* running */ }
    await s.stop();
  }
});

// ---------------------------------------------------------------- replicas

test('read_replicas', async () => {
  const replicaUrl = `postgresql://gs_open@/gs?host=${encodeURIComponent(env.pghost)}&port=${env.replicaPort}`;
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated'],
    envVars: { HASURA_GRAPHQL_READ_REPLICA_URLS: replicaUrl } });
  try {
    // the replica's connections come up (the server waited only for the primary's)
    for (let i = 0; i < 100; i++) {
      if ((await post(s, { query: '{ where_am_i }' })).json.data.where_am_i === 'replica') break;
      await sleep(50);
    }
    // queries go to the replica (every one: it is the only one)
    for (let i = 0; i < 3; i++) {
      const r = await post(s, { query: '{ where_am_i }' });
      assert.deepEqual(r.json, { data: { where_am_i: 'replica' } });
    }
    const q = await fetch(s.url(`/v1/graphql?query=${encodeURIComponent('{ where_am_i }')}`));
    assert.deepEqual(await q.json(), { data: { where_am_i: 'replica' } });
    // a mutation goes to the primary (the replica sends it back), and its row
    // shows through the replica once replayed
    let r = await post(s, { query: 'mutation { insert_item_one(object: {id: 10, name: "tenth"}) { id } }' });
    assert.deepEqual(r.json, { data: { insert_item_one: { id: 10 } } });
    assert.equal(psql('SELECT name FROM item WHERE id = 10'), 'tenth');
    let seen = null;
    for (let i = 0; i < 100 && !seen; i++) {
      r = await post(s, { query: '{ item_by_pk(id: 10) { name } where_am_i }' });
      if (r.json.data && r.json.data.item_by_pk) seen = r.json;
      else await sleep(50);
    }
    assert.deepEqual(seen, { data: { item_by_pk: { name: 'tenth' }, where_am_i: 'replica' } });
    // a batch with a mutation goes to the primary whole
    r = await post(s, [{ query: '{ where_am_i }' }, { query: 'mutation { delete_item_by_pk(id: 10) { id } }' }]);
    assert.deepEqual(r.json, [{ data: { where_am_i: 'primary' } }, { data: { delete_item_by_pk: { id: 10 } } }]);
    assert.equal(psql('SELECT count(*) FROM item WHERE id = 10'), '0');
    // a stopped replica is skipped: queries go to the primary
    replicaCtl('stop', '-m', 'fast', '-w');
    r = await post(s, { query: '{ where_am_i }' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { data: { where_am_i: 'primary' } });
    for (let i = 0; i < 3; i++) {
      r = await post(s, { query: '{ where_am_i }' });
      assert.deepEqual(r.json, { data: { where_am_i: 'primary' } });
    }
    // until it answers again
    replicaCtl('start', '-w');
    let back = false;
    for (let i = 0; i < 60 && !back; i++) {
      await sleep(100);
      r = await post(s, { query: '{ where_am_i }' });
      back = r.json.data.where_am_i === 'replica';
    }
    assert.ok(back, 'the replica was not used again after it came back');
    assert.match(s.out, /replica 1 connection \d is up again/);
  } finally {
    try { replicaCtl('start', '-w'); } catch { /* running */ }
    psql('DELETE FROM item WHERE id = 10');
    await s.stop();
  }
});

// ---------------------------------------------------------------- CORS

test('cors', async () => {
  let s = await Server.start();
  try {
    let r = await post(s, { query: '{ __typename }' }, { origin: 'https://app.example.com' });
    assert.equal(r.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(r.headers.get('vary'), 'Origin');
    r = await fetch(s.url('/v1/graphql'), { method: 'OPTIONS', headers: { origin: 'https://app.example.com',
      'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
    assert.equal(r.headers.get('access-control-allow-headers'), 'authorization, content-type');
    assert.equal(r.headers.get('access-control-allow-origin'), 'https://app.example.com');
    r = await post(s, { query: '{ __typename }' });
    assert.equal(r.headers.get('access-control-allow-origin'), null, 'no Origin, no CORS headers');
  } finally { await s.stop(); }
  s = await Server.start({ envVars: { HASURA_GRAPHQL_CORS_DOMAIN: 'https://app.example.com, https://*.example.org' } });
  try {
    for (const [origin, allowed] of [['https://app.example.com', true], ['https://a.example.org', true],
      ['https://evil.com', false], ['https://app.example.com.evil.com', false], ['http://app.example.com', false]]) {
      const r = await post(s, { query: '{ __typename }' }, { origin });
      assert.equal(r.headers.get('access-control-allow-origin'), allowed ? origin : null, origin);
      assert.deepEqual(r.json, { data: { __typename: 'query_root' } });
    }
  } finally { await s.stop(); }
  s = await Server.start({ args: ['--disable-cors'] });
  try {
    const r = await post(s, { query: '{ __typename }' }, { origin: 'https://app.example.com' });
    assert.equal(r.headers.get('access-control-allow-origin'), null);
  } finally { await s.stop(); }
});

// ---------------------------------------------------------------- operations

test('log_lines', async () => {
  const s = await Server.start();
  try {
    const tok = userToken('1');
    const r = await post(s, { query: 'query Q($secret: String) { item(where: {name: {_eq: $secret}}) { id } }',
      variables: { secret: 'hunter2-variable' } }, { authorization: `Bearer ${tok}`, 'x-request-id': 'log-test-1' });
    assert.deepEqual(r.json, { data: { item: [] } });
    await fetch(s.url('/missing'), { headers: { 'x-request-id': 'log-test-2' } });
    await sleep(100);
    const lines = s.logLines();
    const http = lines.filter((l) => l.type === 'http-log');
    const one = http.find((l) => l.detail.request_id === 'log-test-1');
    assert.ok(one, s.out);
    assert.equal(one.level, 'info');
    assert.equal(one.detail.http_info.status, 200);
    assert.equal(one.detail.http_info.method, 'POST');
    assert.equal(one.detail.http_info.url, '/v1/graphql');
    assert.equal(one.detail.http_info.ip, '127.0.0.1');
    assert.equal(typeof one.detail.operation.query_execution_time, 'number');
    // from the database: the role the request ran as, its operation, the query's hash
    assert.deepEqual(one.detail.operation.user_vars, { 'x-hasura-role': 'gs_user' });
    assert.equal(one.detail.operation.operation_name, 'Q');
    assert.equal(one.detail.operation.parameterized_query_hash,
      crypto.createHash('sha1').update('query Q($secret: String) { item(where: {name: {_eq: $secret}}) { id } }').digest('hex'));
    assert.equal(http.find((l) => l.detail.request_id === 'log-test-2').detail.http_info.status, 404);
    assert.ok(!s.out.includes(tok.split('.')[2]), 'a token is logged');
    assert.ok(!s.out.includes('hunter2-variable'), 'a variable is logged');
    for (const l of lines) assert.match(l.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  } finally { await s.stop(); }
});

test('slow_clients_never_block_others', async () => {
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated'] });
  const socks = [];
  try {
    // clients that send half a request, or half a body, and stall
    for (let i = 0; i < 20; i++) {
      const c = net.connect(s.port, '127.0.0.1');
      c.on('error', () => {});
      c.write(i % 2 ? 'POST /v1/graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"query":' : 'POST /v1/gra');
      socks.push(c);
    }
    // and one that reads nothing of a large answer
    const big = net.connect(s.port, '127.0.0.1');
    big.on('error', () => {});
    big.pause();
    const q = JSON.stringify({ query: '{ a: item { name } b: item { name } }' });
    big.write(`POST /v1/graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(q)}\r\n\r\n${q}`.repeat(200));
    socks.push(big);
    await sleep(200);
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      const r = await post(s, { query: '{ item_by_pk(id: 1) { name } }' });
      assert.deepEqual(r.json, { data: { item_by_pk: { name: 'first' } } });
    }
    assert.ok(Date.now() - t0 < 2000, `20 requests took ${Date.now() - t0} ms`);
  } finally {
    for (const c of socks) c.destroy();
    await s.stop();
  }
});

test('graceful_shutdown', async () => {
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated'] });
  const pending = post(s, { query: '{ slow(args: {s: 1}) }' });
  await sleep(200);
  s.proc.kill('SIGTERM');
  await sleep(200);
  // no new connections
  await assert.rejects(new Promise((resolve, reject) => {
    const c = net.connect(s.port, '127.0.0.1', () => { c.destroy(); resolve(); });
    c.on('error', reject);
  }), /ECONNREFUSED/);
  // the request in flight finishes
  const r = await pending;
  assert.deepEqual(r.json, { data: { slow: 1 } });
  const exit = await s.exited;
  assert.equal(exit.code, 0);
  assert.match(s.out, /shutting down: no new connections; 1 requests in flight/);
  assert.match(s.out, /stopped with 0 requests in flight/);
  // past HASURA_GRAPHQL_GRACEFUL_SHUTDOWN_TIMEOUT the server stops anyway
  const t = await Server.start({ user: 'gs_open', args: ['--unauthenticated'], envVars: { HASURA_GRAPHQL_GRACEFUL_SHUTDOWN_TIMEOUT: '1' } });
  const stuck = post(t, { query: '{ slow(args: {s: 5}) }' }).catch((e) => e);
  await sleep(200);
  const t0 = Date.now();
  t.proc.kill('SIGTERM');
  const e2 = await t.exited;
  assert.equal(e2.code, 0);
  assert.ok(Date.now() - t0 < 3000);
  assert.match(t.out, /stopped with 1 requests in flight/);
  await stuck;
});

// ---------------------------------------------------------------- console

test('console_in_a_browser', async () => {
  const { chromium } = require('playwright-core');
  const s = await Server.start({ args: ['--enable-console', '--console-assets-dir', env.consoleDir] });
  let browser = null;
  try {
    // the files, with no CDN: every script and style is the server's own
    let r = await fetch(s.url('/console/'));
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /graphiql.min.js/);
    assert.ok(!/https?:\/\//.test(html), 'the page loads something from elsewhere');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    const outside = [];
    page.on('request', (q) => { if (!q.url().startsWith(s.url('/'))) outside.push(q.url()); });
    const query = '{ item(order_by: {id: asc}) { id name } }';
    await page.goto(s.url(`/console?query=${encodeURIComponent(query)}`));
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20000 });
    await page.click('.graphiql-execute-button');
    // the result pane shows the anonymous role's rows
    await page.waitForFunction(() => {
      const el = document.querySelector('.result-window');
      return el && el.textContent.includes('second');
    }, null, { timeout: 20000 });
    const text = await page.textContent('.result-window');
    assert.match(text.replace(/\s+/g, ''), /"item":\[\{"id":1,"name":"first"\},\{"id":2,"name":"second"\}\]/);
    const shot = path.join(env.outDir, 'console.png');
    await page.screenshot({ path: shot });
    console.log(`   screenshot: ${shot}`);
    assert.deepEqual(outside, []);
  } finally {
    if (browser) await browser.close();
    await s.stop();
  }
  // off unless enabled
  const off = await Server.start();
  try {
    assert.equal((await fetch(off.url('/console/'))).status, 404);
  } finally { await off.stop(); }
});

// ---------------------------------------------------------------- compliance

test('graphql_http_audit', async () => {
  const s = await Server.start({ user: 'gs_open', args: ['--unauthenticated'] });
  try {
    const audits = serverAudits({ url: s.url('/v1/graphql'), fetchFn: fetch });
    const failedMust = [];
    const notes = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status === 'ok') continue;
      if (audit.name.startsWith('MUST')) failedMust.push(`${audit.name}: ${result.reason}`);
      else notes.push(`${result.status}: ${audit.name}: ${result.reason}`);
    }
    console.log(`   ${audits.length} audits; not passed (none of them a MUST):`);
    for (const n of notes) console.log(`     ${n}`);
    assert.deepEqual(failedMust, []);
  } finally { await s.stop(); }
});

// ---------------------------------------------------------------- run

(async () => {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (only && t.name !== only) continue;
    try {
      await t.fn();
      console.log(`ok ${t.name}`);
      passed++;
    } catch (e) {
      console.log(`FAILED ${t.name}: ${e && e.stack ? e.stack : e}`);
      failed++;
    }
  }
  // a server a failed test left running
  for (const s of Server.all) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
  // a sanitizer report from any server run is a failure
  const dir = path.dirname(env.asanLog);
  const reports = fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(env.asanLog)));
  for (const f of reports) {
    console.log(`FAILED sanitizer report ${f}:\n${fs.readFileSync(path.join(dir, f), 'utf8')}`);
    failed++;
  }
  console.log(`server: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
