// Keys from a jwk_url, fetched by the database's background worker
// (src/jwks_fetch.c).  Run by test/jwk_url/run.sh, which gives a cluster
// with the library preloaded (JW_PGHOST, JW_PGPORT).  A loopback HTTP
// server here plays the issuer: it serves a JWKS, counts the fetches, and
// can rotate its keys, change max-age, or fail.
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');
const assert = require('node:assert/strict');
const { Client } = require('pg');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

function keyPair(kid) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}
function token(pair, kid = pair.kid) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid });
  const body = b64url({ sub: '1', iat: now - 5, exp: now + 600, 'https://hasura.io/jwt/claims': {
    'x-hasura-allowed-roles': ['jw_user'], 'x-hasura-default-role': 'jw_user', 'x-hasura-user-id': '1' } });
  const sig = crypto.sign('RSA-SHA256', Buffer.from(`${head}.${body}`), pair.privateKey).toString('base64url');
  return `${head}.${body}.${sig}`;
}

const issuer = { keys: [], maxAge: 3600, status: 200, fetches: 0 };
const server = http.createServer((req, res) => {
  issuer.fetches++;
  if (issuer.status !== 200) { res.writeHead(issuer.status); res.end('down'); return; }
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': `public, max-age=${issuer.maxAge}` });
  res.end(JSON.stringify({ keys: issuer.keys.map((k) => k.jwk) }));
});

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let db;
let url;

async function ask(tok) {
  const r = await db.query('SELECT response FROM graphql.http($1, $2, $3)',
    ['POST', '{"query": "{ jw_note { id } }"}', JSON.stringify({ authorization: `Bearer ${tok}` })]);
  return JSON.parse(r.rows[0].response);
}
async function status() {
  return (await db.query('SELECT * FROM graphql.jwks_status()')).rows[0];
}
async function until(what, fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const A = keyPair('a');
const B = keyPair('b');

test('jwk_url_fetched_at_configuration', async () => {
  issuer.keys = [A];
  await db.query(`ALTER SYSTEM SET graphql.jwt_secret = '{"jwk_url": "${url}"}'`);
  await db.query('SELECT pg_reload_conf()');
  const st = await until('the first fetch', async () => { const s = await status(); return s.generation >= 1 && s; });
  assert.equal(st.url, url);
  assert.equal(st.error, null);
  await until('the new configuration in this session', async () => (await ask(token(A))).data);
  assert.deepEqual(await ask(token(A)), { data: { jw_note: [{ id: 1 }] } });
  // a token signed by a key the issuer never published
  const forged = keyPair('a');
  assert.equal((await ask(token(forged))).errors[0].extensions.code, 'invalid-jwt');
});

test('jwk_url_rotation_found_by_unknown_kid', async () => {
  issuer.keys = [B];
  const before = issuer.fetches;
  const first = await ask(token(B));
  assert.equal(first.errors[0].message, 'Could not verify JWT: no key of the JWKS has the token\'s kid');
  // the worker fetches again, at most 10 s after its last fetch
  await until('the rotated key', async () => (await ask(token(B))).data, 15000);
  assert.ok(issuer.fetches > before);
  assert.equal((await ask(token(A))).errors[0].extensions.code, 'invalid-jwt', 'a key withdrawn still works');
});

test('jwk_url_rate_limited', async () => {
  const before = issuer.fetches;
  for (let i = 0; i < 50; i++) {
    const r = await ask(token(B, `forged-${i}`));
    assert.equal(r.errors[0].extensions.code, 'invalid-jwt');
    await sleep(40);
  }
  // 50 unknown kids in 2 seconds: at most one fetch
  assert.ok(issuer.fetches - before <= 1, `${issuer.fetches - before} fetches`);
  await sleep(11000);
  assert.ok(issuer.fetches - before <= 2, `${issuer.fetches - before} fetches`);
});

test('jwk_url_max_age', async () => {
  issuer.maxAge = 2;
  issuer.keys = [B, A];
  await ask(token(A, 'unknown'));	// one fetch, which learns max-age 2
  const gen = (await until('a fetch with max-age 2', async () => { const s = await status(); return Number(s.fetches) > 0 && (new Date(s.expires) - new Date(s.last_fetch)) <= 2500 && s; })).generation;
  const before = issuer.fetches;
  await sleep(5000);
  // nobody asked, and the document expired twice
  assert.ok(issuer.fetches - before >= 2, `${issuer.fetches - before} fetches in 5 s with max-age 2`);
  assert.ok(Number((await status()).generation) > Number(gen));
});

test('jwk_url_issuer_down_keeps_keys', async () => {
  issuer.status = 500;
  await until('a failed fetch', async () => { const s = await status(); return s.error && s; }, 8000);
  assert.match((await status()).error, /HTTP status 500/);
  assert.deepEqual(await ask(token(B)), { data: { jw_note: [{ id: 1 }] } });
  issuer.status = 200;
  issuer.maxAge = 3600;
  await until('a good fetch again', async () => (await status()).error === null, 15000);
});

test('jwk_url_hmac_keys_never_used', async () => {
  // a document at a URL is public: an HMAC key in it would let anyone sign
  const secret = crypto.randomBytes(32);
  const oct = { jwk: { kty: 'oct', kid: 'h', alg: 'HS256', k: secret.toString('base64url') } };
  const now = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'HS256', typ: 'JWT', kid: 'h' });
  const body = b64url({ sub: '1', iat: now - 5, exp: now + 600, 'https://hasura.io/jwt/claims': {
    'x-hasura-allowed-roles': ['jw_user'], 'x-hasura-default-role': 'jw_user' } });
  const hs = `${head}.${body}.${crypto.createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
  issuer.keys = [B, oct];
  const before = Number((await status()).fetches);
  assert.equal((await ask(hs)).errors[0].extensions.code, 'invalid-jwt');	// asks for a fetch
  await until('the fetch of the document with an HMAC key', async () => Number((await status()).fetches) > before, 15000);
  assert.equal((await status()).error, null);
  assert.deepEqual(await ask(hs), { errors: [{ message: 'Could not verify JWT: no key of the JWKS has the token\'s kid',
    extensions: { code: 'invalid-jwt' } }] });
  assert.deepEqual(await ask(token(B)), { data: { jw_note: [{ id: 1 }] } });
  // only HMAC keys: the document is refused, the last keys kept
  issuer.keys = [oct];
  const next = Number((await status()).fetches);
  await ask(token(B, 'unknown-2'));
  await until('the refused document', async () => Number((await status()).fetches) > next, 15000);
  assert.match((await status()).error, /no public key/);
  assert.deepEqual(await ask(token(B)), { data: { jw_note: [{ id: 1 }] } });
});

(async () => {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${server.address().port}/jwks.json`;
  db = new Client({ host: process.env.JW_PGHOST, port: Number(process.env.JW_PGPORT), user: 'postgres', database: 'postgres' });
  await db.connect();
  await db.query(`SET client_min_messages = warning;
    CREATE EXTENSION IF NOT EXISTS graphql;
    CREATE ROLE jw_user; GRANT USAGE ON SCHEMA graphql TO jw_user;
    CREATE TABLE jw_note (id int PRIMARY KEY); INSERT INTO jw_note VALUES (1);
    GRANT SELECT ON jw_note TO jw_user;`);
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    try {
      await t.fn();
      console.log(`ok ${t.name}`);
      passed++;
    } catch (e) {
      console.log(`FAILED ${t.name}: ${e.stack}`);
      failed++;
    }
  }
  await db.query('ALTER SYSTEM RESET graphql.jwt_secret').catch(() => {});
  await db.end();
  server.close();
  console.log(`jwk_url: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
