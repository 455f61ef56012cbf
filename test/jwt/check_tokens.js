#!/usr/bin/env node
// Independent check (Node's crypto, not the Python `cryptography` used to mint
// them) of the JWT fixtures in test/jwt/fixtures.sql, written by
// test/jwt/make_tokens.py.
//
// Run from the repository root:   node test/jwt/check_tokens.js
//
// Verifies every good token's signature with the key it was made for, that
// tok_hs256_bad_sig, tok_hs256_tampered and tok_jwks_b_as_a do NOT verify with
// the key a server would use, that the JWKs describe the same keys as the PEMs,
// and a few header/claim details. Exits 1 on any failure.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, 'fixtures.sql');
const v = {};
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  const m = /^\\set (\w+) '([^']*)'$/.exec(line);
  if (m) v[m[1]] = m[2].replace(/\\n/g, '\n');
  else if (line !== '' && !line.startsWith('--')) throw new Error('unexpected line: ' + line);
}

const NS = 'https://hasura.io/jwt/claims';
const b64d = (s) => Buffer.from(s, 'base64url');
const pub = (name) => crypto.createPublicKey(v[name]);
const secret = (name) => Buffer.from(v[name], 'ascii');

// token -> [alg, key variable]; the key variable is a *_secret / *_pub / jwk_*.
const GOOD = {
  tok_hs256: ['HS256', 'hs256_secret'],
  tok_hs384: ['HS384', 'hs384_secret'],
  tok_hs512: ['HS512', 'hs512_secret'],
  tok_rs256: ['RS256', 'rsa_a_pub'],
  tok_rs384: ['RS384', 'rsa_a_pub'],
  tok_rs512: ['RS512', 'rsa_a_pub'],
  tok_es256: ['ES256', 'ec256_pub'],
  tok_es384: ['ES384', 'ec384_pub'],
  tok_es512: ['ES512', 'ec521_pub'],
  tok_hs256_rsa_confusion: ['HS256', 'rsa_a_pub:as-hmac-secret'],
  tok_expired: ['HS256', 'hs256_secret'],
  tok_nbf_future: ['HS256', 'hs256_secret'],
  tok_iat_future: ['HS256', 'hs256_secret'],
  tok_exp_string: ['HS256', 'hs256_secret'],
  tok_aud_iss: ['HS256', 'hs256_secret'],
  tok_aud_list: ['HS256', 'hs256_secret'],
  tok_aud_wrong: ['HS256', 'hs256_secret'],
  tok_iss_wrong: ['HS256', 'hs256_secret'],
  tok_no_allowed_roles: ['HS256', 'hs256_secret'],
  tok_no_default_role: ['HS256', 'hs256_secret'],
  tok_role_claim: ['HS256', 'hs256_secret'],
  tok_no_claims: ['HS256', 'hs256_secret'],
  tok_user2: ['HS256', 'hs256_secret'],
  tok_stringified: ['RS256', 'jwk_rsa_a'],
  tok_ns_path: ['HS256', 'hs256_secret'],
  tok_ns_custom: ['HS256', 'hs256_secret'],
  tok_claims_map: ['HS256', 'hs256_secret'],
  tok_jwks_a: ['RS256', 'jwk_rsa_a'],
  tok_jwks_b: ['RS256', 'jwk_rsa_b'],
  tok_jwks_e: ['ES256', 'jwk_ec256'],
  tok_jwks_unknown_kid: ['RS256', 'rsa_b_pub'],
  tok_jwks_no_kid: ['RS256', 'rsa_a_pub'],
  tok_crit: ['HS256', 'hs256_secret'],
  tok_rls_u1: ['HS256', 'hs256_secret'],
  tok_rls_u2: ['HS256', 'hs256_secret'],
};
// token -> [alg, key a server would check it with]: must NOT verify.
const BAD = {
  tok_hs256_bad_sig: ['HS256', 'hs256_secret'],
  tok_hs256_tampered: ['HS256', 'hs256_secret'],
  tok_jwks_b_as_a: ['RS256', 'jwk_rsa_a'],
};

function key(name) {
  if (name.endsWith(':as-hmac-secret')) return Buffer.from(v[name.split(':')[0]], 'ascii');
  if (name.endsWith('_secret')) return secret(name);
  if (name.startsWith('jwk_')) return crypto.createPublicKey({ key: JSON.parse(v[name]), format: 'jwk' });
  return pub(name);
}

function verify(token, alg, k) {
  const [h, p, s] = token.split('.');
  const input = Buffer.from(h + '.' + p, 'ascii');
  const sig = b64d(s);
  const md = 'sha' + alg.slice(2);
  if (alg.startsWith('HS')) {
    const mac = crypto.createHmac(md, k).update(input).digest();
    return mac.length === sig.length && crypto.timingSafeEqual(mac, sig);
  }
  if (alg.startsWith('RS')) return crypto.verify(md, input, { key: k, padding: crypto.constants.RSA_PKCS1_PADDING }, sig);
  if (alg.startsWith('ES')) return crypto.verify(md, input, { key: k, dsaEncoding: 'ieee-p1363' }, sig);
  throw new Error(alg);
}

let failures = 0, passes = 0;
function check(ok, what) {
  if (ok) passes++;
  else { failures++; console.log('FAIL: ' + what); }
}

const toks = Object.keys(v).filter((n) => n.startsWith('tok_'));
for (const n of toks) {
  if (!(n in GOOD) && !(n in BAD) && n !== 'tok_none') check(false, n + ': not classified in check_tokens.js');
}
for (const n of [...Object.keys(GOOD), ...Object.keys(BAD), 'tok_none']) check(n in v, n + ': missing from fixtures.sql');

for (const [n, [alg, k]] of Object.entries(GOOD)) {
  if (!(n in v)) continue;
  const hdr = JSON.parse(b64d(v[n].split('.')[0]));
  check(hdr.alg === alg && hdr.typ === 'JWT', n + ': header ' + JSON.stringify(hdr));
  check(verify(v[n], alg, key(k)), n + ': ' + alg + ' signature does not verify with ' + k);
}
for (const [n, [alg, k]] of Object.entries(BAD)) {
  if (!(n in v)) continue;
  check(!verify(v[n], alg, key(k)), n + ': verifies with ' + k + ' but must not');
}
// tok_jwks_b_as_a is genuinely signed by key B; tok_hs256_bad_sig by the other secret.
check(verify(v.tok_jwks_b_as_a, 'RS256', key('rsa_b_pub')), 'tok_jwks_b_as_a: not signed by key B');
check(verify(v.tok_hs256_bad_sig, 'HS256', key('hs256_other_secret')), 'tok_hs256_bad_sig: not signed by hs256_other_secret');
// The confusion token does not verify as RS256 with the RSA key.
check(!verify(v.tok_hs256_rsa_confusion, 'RS256', key('rsa_a_pub')), 'tok_hs256_rsa_confusion verifies as RS256');
// RS tokens do not verify with key B.
check(!verify(v.tok_rs256, 'RS256', key('rsa_b_pub')), 'tok_rs256 verifies with key B');

// tok_none: alg none, empty signature.
{
  const [h, p, s] = v.tok_none.split('.');
  check(s === '' && JSON.parse(b64d(h)).alg === 'none' && JSON.parse(b64d(p)).sub === '1', 'tok_none shape');
}

// Header kids / crit.
const hdrOf = (n) => JSON.parse(b64d(v[n].split('.')[0]));
const kids = { tok_jwks_a: 'a', tok_jwks_b: 'b', tok_jwks_e: 'e', tok_jwks_unknown_kid: 'c', tok_jwks_b_as_a: 'a', tok_stringified: 'a' };
for (const [n, kid] of Object.entries(kids)) check(hdrOf(n).kid === kid, n + ': kid');
for (const n of ['tok_jwks_no_kid', 'tok_rs256', 'tok_es256', 'tok_hs256']) check(!('kid' in hdrOf(n)), n + ': has a kid');
check(JSON.stringify(hdrOf('tok_crit').crit) === '["exp"]', 'tok_crit header');

// A few claims.
const claims = (n) => JSON.parse(b64d(v[n].split('.')[1]));
check(claims('tok_hs256')[NS]['x-hasura-user-id'] === '1', 'tok_hs256 user id');
check(claims('tok_hs256_tampered')[NS]['x-hasura-user-id'] === '2', 'tok_hs256_tampered user id');
check(typeof claims('tok_stringified')[NS] === 'string' && JSON.parse(claims('tok_stringified')[NS])['x-hasura-user-id'] === 'c0ffee', 'tok_stringified NS string');
check(claims('tok_exp_string').exp === '4102444800', 'tok_exp_string exp');
check(claims('tok_expired').exp === 1000000000, 'tok_expired exp');
check(JSON.stringify(claims('tok_aud_list').aud) === '["other","api"]', 'tok_aud_list aud');
check(claims('tok_rls_u2')[NS]['x-hasura-default-role'] === 'regress_graphql_rls_user', 'tok_rls_u2 role');

// JWKs describe the same keys as the PEMs.
const spki = (k) => k.export({ type: 'spki', format: 'der' });
for (const [j, p] of [['jwk_rsa_a', 'rsa_a_pub'], ['jwk_rsa_b', 'rsa_b_pub'], ['jwk_ec256', 'ec256_pub'], ['jwk_ec384', 'ec384_pub'], ['jwk_ec521', 'ec521_pub']]) {
  check(spki(key(j)).equals(spki(pub(p))), j + ' differs from ' + p);
}
// The certificate holds key A.
check(spki(new crypto.X509Certificate(v.rsa_a_cert).publicKey).equals(spki(pub('rsa_a_pub'))), 'rsa_a_cert key');
// Secret lengths.
for (const [n, len] of [['hs256_secret', 32], ['hs384_secret', 48], ['hs512_secret', 64], ['hs256_other_secret', 32], ['hs256_short_secret', 31]]) {
  check(v[n].length === len, n + ' length');
}

console.log(`${toks.length} tokens checked`);
console.log(`jwt_fixtures: ${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
