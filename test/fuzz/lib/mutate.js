'use strict';
/*
 * Mutations of document text, at the level of characters and of tokens,
 * and of JSON values (variables).  Everything draws from a seeded rng
 * (diffkit's mulberry32), so a case is reproducible from its seed.
 *
 * The output never holds U+0000 (PostgreSQL text cannot); it may hold any
 * other character, lone surrogates included (the client sends them as
 * U+FFFD).
 */

// A rough GraphQL tokenizer that never fails: names, numbers, strings,
// block strings, comments, whitespace, punctuators, any other character.
const TOKEN = /"""[\s\S]*?(?:"""|$)|"(?:[^"\\\n]|\\.)*"?|#[^\n]*|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.\.|\s+|[\s\S]/gu;

function tokenize(text) {
  return text.match(TOKEN) || [];
}

// Tokens worth inserting anywhere.
const PUNCT = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '=', '...', ',', '|', '&', '"', '"""', '#', ' ', '\n'];
const KEYWORDS = ['query', 'mutation', 'subscription', 'fragment', 'on', 'true', 'false', 'null', 'type', 'schema',
  'extend', 'directive', 'scalar', 'input', 'enum', 'interface', 'union', 'repeatable',
  '__typename', '__schema', '__type', '__Type', '@skip(if: true)', '@include(if: false)', '@deprecated',
  '__typename @skip(if: $x)', 'query_root', 'mutation_root'];
const NUMBERS = ['0', '-0', '1', '-1', '2147483647', '2147483648', '-2147483649', '9223372036854775807',
  '9223372036854775808', '99999999999999999999999999999999999999', '1.5', '1e308', '1e309', '-1e-400',
  '0.000000000000000000001', '1E+1', '00', '01', '1.', '.5', '0x10', '1_000', 'NaN', 'Infinity'];
const STRINGS = ['""', '"x"', '"\\u0041"', '"\\u00e9"', '"\\uD83D\\uDE00"', '"\\uD800"', '"\\uDC00x"', '"\\u{10FFFF}"',
  '"\\u{110000}"', '"\\u0000"', '"\\x"', '"\\"', '"%_\\\\"', '"\'; drop table author; --"', '"$1"', '"""block"""',
  '""" \\""" """', '"""\n  indented\n    more\n"""', `"${'a'.repeat(300)}"`, '"\u2028\u2029"', '"\uFEFF"',
  '"\u00e9\u00e8\u00ff"', '"\u4e2d\u6587"', '"\ud83d\ude00"', '"\ud800"', '"(((((("', '"[a-"', '"\\\\x00ff"'];
const ODD_CHARS = ['\u00a0', '\u00e9', '\u2028', '\ufeff', '\ufffd', '\ud83d\ude00', '\ud800', '\udc00', '\u0001',
  '\u001f', '\u007f', '\u0085', '\r', '\r\n', '\t', '\u00ff', '\u4e2d', '\\', '\'', '`', '"', '$$', '$q$'];

// A random insertable token; names come from pool (schema names) when given.
function randomToken(rng, pool) {
  return rng.weighted([
    [4, () => rng.pick(PUNCT)],
    [3, () => (pool && pool.length ? rng.pick(pool) : 'x')],
    [2, () => rng.pick(KEYWORDS)],
    [2, () => rng.pick(NUMBERS)],
    [2, () => rng.pick(STRINGS)],
    [1, () => rng.pick(ODD_CHARS)],
    [1, () => String.fromCharCode(rng.int(1, 0xffff))],
  ])();
}

// A random character-level edit of text.
function mutateChars(rng, text, other) {
  const n = text.length;
  const pos = () => rng.int(0, n);
  const span = () => {
    const a = pos();
    return [a, Math.min(n, a + rng.weighted([[6, rng.int(1, 4)], [3, rng.int(1, 40)], [1, rng.int(1, 1000)]]))];
  };
  return rng.weighted([
    [3, () => { const [a, b] = span(); return text.slice(0, a) + text.slice(b); }], // delete
    [2, () => { const [a, b] = span(); return text.slice(0, b) + text.slice(a, b) + text.slice(b); }], // duplicate
    [2, () => { const a = pos(); return text.slice(0, a) + rng.pick(ODD_CHARS) + text.slice(a); }], // odd character
    [2, () => { const a = pos(); return text.slice(0, a) + String.fromCharCode(rng.int(1, 127)) + text.slice(a); }],
    [1, () => { const a = pos(); return text.slice(0, a) + String.fromCodePoint(rng.int(0x80, 0x10ffff)) + text.slice(a); }],
    [2, () => text.slice(0, pos())], // truncate
    [1, () => text.slice(pos())], // cut the head
    [2, () => { // splice with another document
      if (!other) return text;
      const a = pos();
      const b = rng.int(0, other.length);
      return rng.chance(0.5) ? text.slice(0, a) + other.slice(b) : other.slice(0, b) + text.slice(a);
    }],
    [1, () => { const [a, b] = span(); return text.slice(0, a) + text.slice(a, b).repeat(rng.int(2, 200)) + text.slice(b); }],
    [1, () => { // flip a character's case or value
      const a = rng.int(0, Math.max(0, n - 1));
      const c = text.charCodeAt(a) || 65;
      return text.slice(0, a) + String.fromCharCode(Math.max(1, c ^ (1 << rng.int(0, 6)))) + text.slice(a + 1);
    }],
  ])();
}

// A random token-level edit of text.
function mutateTokens(rng, text, pool, other) {
  const t = tokenize(text);
  if (!t.length) return randomToken(rng, pool);
  const i = rng.int(0, t.length - 1);
  const op = rng.weighted([[3, 'delete'], [2, 'dup'], [2, 'swap'], [3, 'replace'], [3, 'insert'], [1, 'splice'], [1, 'move']]);
  switch (op) {
    case 'delete': t.splice(i, rng.int(1, 3)); break;
    case 'dup': t.splice(i, 0, ...t.slice(i, i + rng.int(1, 8))); break;
    case 'swap': { const j = rng.int(0, t.length - 1); [t[i], t[j]] = [t[j], t[i]]; break; }
    case 'replace': t[i] = randomToken(rng, pool); break;
    case 'insert': t.splice(i, 0, rng.chance(0.3) ? ' ' : '', randomToken(rng, pool), rng.chance(0.5) ? ' ' : ''); break;
    case 'splice': {
      if (!other) break;
      const o = tokenize(other);
      const a = rng.int(0, o.length);
      t.splice(i, rng.int(0, 5), ...o.slice(a, a + rng.int(1, 30)));
      break;
    }
    case 'move': { const j = rng.int(0, t.length - 1); const [x] = t.splice(i, 1); t.splice(j, 0, x); break; }
    default: break;
  }
  return t.join('');
}

// A structural stress edit: deep nesting, many repetitions, huge literals.
function mutateStructure(rng, text, pool) {
  const t = tokenize(text);
  const braces = [];
  t.forEach((x, i) => { if (x === '{' || x === '(' || x === '[') braces.push(i); });
  const depth = rng.weighted([[3, rng.int(10, 100)], [2, rng.int(100, 1100)], [1, rng.int(1100, 20000)]]);
  return rng.weighted([
    [2, () => { // nest a selection set deeply
      const name = pool && pool.length ? rng.pick(pool) : 'a';
      return `{ ${`${name} { `.repeat(depth)}__typename${' }'.repeat(depth)} }`;
    }],
    [2, () => { // nest a value deeply (list or object)
      const open = rng.chance(0.5) ? '[' : '{a: ';
      const close = open === '[' ? ']' : '}';
      const val = `${open.repeat(depth)}1${close.repeat(depth)}`;
      if (!braces.length) return `{ a(x: ${val}) }`;
      const i = rng.pick(braces);
      t.splice(i + 1, 0, ` x: ${val} `);
      return t.join('');
    }],
    [1, () => { // unbalanced opening
      const i = braces.length ? rng.pick(braces) : 0;
      t.splice(i, 0, t[i] === undefined ? '{' : t[i].repeat(depth));
      return t.join('');
    }],
    [2, () => { // repeat a part many times (aliases, fields, arguments, definitions)
      if (!t.length) return text;
      const a = rng.int(0, t.length - 1);
      const part = t.slice(a, a + rng.int(1, 12)).join('');
      t.splice(a, 0, `${part} `.repeat(rng.weighted([[3, rng.int(2, 50)], [1, rng.int(50, 3000)]])));
      return t.join('');
    }],
    [1, () => { // a huge literal
      const lit = rng.pick([
        () => `"${'x'.repeat(rng.int(1000, 200000))}"`,
        () => '9'.repeat(rng.int(20, 5000)),
        () => `1.${'0'.repeat(rng.int(10, 5000))}1e-${rng.int(0, 999999)}`,
        () => `[${Array.from({ length: rng.int(100, 20000) }, (_, k) => k).join(',')}]`,
        () => `"""${'\n'.repeat(rng.int(100, 10000))}"""`,
      ])();
      const i = rng.int(0, t.length);
      t.splice(i, 0, lit);
      return t.join('');
    }],
    [1, () => { // a fragment cycle or self-spread
      const name = `F${rng.int(0, 3)}`;
      return `${text}\nfragment ${name} on query_root { ...${name} ...F${rng.int(0, 3)} }\nfragment F${rng.int(0, 3)} on query_root { ...${name} }`;
    }],
    [1, () => `${text}\n${text}`], // two copies: duplicate operation names, anonymous + named
  ])();
}

// text mutated n times by a mix of the edits above.
function mutateText(rng, text, n, pool, other) {
  let s = text;
  for (let k = 0; k < n; k++) {
    s = rng.weighted([
      [5, () => mutateTokens(rng, s, pool, other)],
      [3, () => mutateChars(rng, s, other)],
      [1, () => mutateStructure(rng, s, pool)],
    ])();
    if (s.length > 2000000) s = s.slice(0, 2000000);
  }
  return s.replace(/\u0000/g, '');
}

// Odd JSON values: wrong types, extremes, deep nesting.
function oddJson(rng) {
  return rng.weighted([
    [2, () => null],
    [1, () => true],
    [2, () => rng.pick([0, -1, 1.5, 2147483648, -2147483649, 1e308, -0, 9007199254740993, 1e-320])],
    [2, () => rng.pick(['', 'x', 'null', '1', '1e1000', 'NaN', '\u00e9', '\ud83d\ude00', '\ud800', '\\u0000', '{}', '%', '(', '2020-02-30', 'true'])],
    [1, () => []],
    [1, () => ({})],
    [1, () => [null]],
    [1, () => ({ _eq: null })],
    [1, () => { let v = 1; for (let k = rng.int(10, 3000); k > 0; k--) v = rng.chance(0.5) ? [v] : { a: v }; return v; }],
    [1, () => Array.from({ length: rng.int(100, 50000) }, (_, k) => k)],
    [1, () => 'x'.repeat(rng.int(1000, 100000))],
  ])();
}

// A copy of JSON value v with one random part changed.
function mutateJson(rng, v, depth = 0) {
  if (depth > 20 || rng.chance(0.25)) return oddJson(rng);
  if (Array.isArray(v)) {
    const a = v.slice();
    if (!a.length || rng.chance(0.2)) {
      a.push(oddJson(rng));
      return a;
    }
    const i = rng.int(0, a.length - 1);
    const op = rng.int(0, 3);
    if (op === 0) a.splice(i, 1);
    else if (op === 1) a.push(a[i]);
    else a[i] = mutateJson(rng, a[i], depth + 1);
    return a;
  }
  if (v !== null && typeof v === 'object') {
    const o = { ...v };
    const keys = Object.keys(o);
    if (!keys.length || rng.chance(0.15)) {
      o[rng.pick(['_eq', '_in', 'id', 'where', 'x', '', 'constructor', 'a b', rng.pick(keys.length ? keys : ['k'])])] = oddJson(rng);
      return o;
    }
    const k = rng.pick(keys);
    if (rng.chance(0.2)) delete o[k];
    else o[k] = mutateJson(rng, o[k], depth + 1);
    return o;
  }
  return oddJson(rng);
}

module.exports = { tokenize, mutateText, mutateJson, oddJson, randomToken, STRINGS, NUMBERS };
