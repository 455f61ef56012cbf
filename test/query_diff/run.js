#!/usr/bin/env node
'use strict';
/*
 * Differential test of graphql.resolve (our PostgreSQL extension) against
 * hand-written SQL.
 *
 * fixture.sql creates a small schema in public (author, profile, article,
 * comment, tag, article_tag, tag_vote, the view published_article). With a
 * fixed seed this script generates random
 * but valid GraphQL queries over it (root lists and _by_pk, column subsets,
 * aliases, where trees, order_by, limit/offset, distinct_on, nested object
 * and array relationships with their own arguments up to depth 3,
 * __typename, merged fields, fragments, @skip/@include, variables, null
 * arguments), and for each query
 * builds, from the generated query's own description and never from the
 * extension's SQL, an SQL statement that must return the same response:
 * json_build_object with the keys in selection order, correlated subqueries
 * for relationships, coalesce(json_agg(... ORDER BY ...), '[]'), plain SQL
 * operators for the where clause, literals quoted here. Both run in the same
 * session; the two JSON texts are parsed (object key order kept, duplicate
 * keys refused) and compared: objects with their keys in the same order,
 * numbers as numbers, lists in order (lists without order_by as multisets).
 *
 * Every list is ordered by an order_by that ends with the primary key, so the
 * expected order is total.
 *
 *   pg_virtualenv -t -v 15 node test/query_diff/run.js
 *
 * Options:
 *   --seed N       the seed (default 1); case i uses a generator seeded by (N, i)
 *   --count N      number of cases (default 300)
 *   --only I       run only case I (repeatable)
 *   --show I       print case I (query, variables, expected SQL) and exit
 *   --print-sql    print the script fed to psql for the cases, and exit
 *   --verbose, -v  also list passing cases
 *   --reuse        before each case with variables, run its query twice with
 *                  other values (numbers changed, then strings changed), so
 *                  that the case itself finds its statements compiled for
 *                  those values in the plan cache and re-runs them with its
 *                  own (src/reuse.c); reports how many did, fails if none
 *                  did.  Prints "query_reuse: N passed, M failed".
 *
 * Connection from the PG* environment; PSQL overrides the psql executable.
 * Two psql processes: one loads the fixture and returns its rows and
 * graphql.sdl() (the generator draws values from the rows; graphql-js checks
 * every generated query against the SDL), one runs the cases, one result row
 * per case, hex-encoded (psql's printing can drop characters).
 * Prints each failure and, at the end, exactly one line
 * "query_diff: N passed, M failed". Exits 1 on any failure or error.
 */

const fs = require('fs');
const path = require('path');
const { graphql, exitOnEpipe, makeUsage, parseArgs, mulberry32, parseJsonStrict, firstDiff, trim, show, runPsql, unhex, HarnessError, otherValues, reportReuse } = require('../lib/diffkit');

exitOnEpipe();

// ---------------------------------------------------------------- options

const usage = makeUsage('usage: node run.js [--seed N] [--count N] [--only I]... [--show I | --print-sql] [--verbose]');

const opts = { seed: 1, count: 300, only: [], show: null, printSql: false, verbose: false, reuse: false };
parseArgs(opts, usage, (a, intArg) => {
  if (a === '--seed') opts.seed = intArg(a);
  else if (a === '--count') opts.count = intArg(a);
  else if (a === '--only') opts.only.push(intArg(a));
  else if (a === '--show') opts.show = intArg(a);
  else if (a === '--print-sql') opts.printSql = true;
  else if (a === '--reuse') opts.reuse = true;
  else return false;
  return true;
});

// ---------------------------------------------------------------- random numbers

// mulberry32, seeded per case from (seed, case number)
function makeRng(seed, caseNo) {
  return mulberry32((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(caseNo + 1, 0xc2b2ae35)) >>> 0);
}

// ---------------------------------------------------------------- the fixture's schema

// Column types: GraphQL scalar, operators of its comparison type (as
// graphql.sdl() shows them; _in/_nin on array columns are not built yet).
const BASE_OPS = ['_eq', '_neq', '_gt', '_gte', '_lt', '_lte', '_in', '_nin', '_is_null'];
const TEXT_OPS = ['_like', '_nlike', '_ilike', '_nilike', '_similar', '_nsimilar', '_regex', '_nregex', '_iregex', '_niregex'];
const JSONB_OPS = ['_contains', '_contained_in', '_has_key', '_has_keys_any', '_has_keys_all'];
const TYPES = {
  int2: { gql: 'Int', ops: BASE_OPS },
  int4: { gql: 'Int', ops: BASE_OPS },
  int8: { gql: 'bigint', ops: BASE_OPS },
  numeric: { gql: 'numeric', ops: BASE_OPS },
  float8: { gql: 'Float', ops: BASE_OPS },
  text: { gql: 'String', ops: BASE_OPS.concat(TEXT_OPS) },
  bool: { gql: 'Boolean', ops: BASE_OPS },
  date: { gql: 'date', ops: BASE_OPS },
  timestamp: { gql: 'timestamp', ops: BASE_OPS },
  timestamptz: { gql: 'timestamptz', ops: BASE_OPS },
  jsonb: { gql: 'jsonb', ops: BASE_OPS.concat(JSONB_OPS) },
  'text[]': { gql: '[String!]', ops: ['_eq', '_neq', '_gt', '_gte', '_lt', '_lte', '_is_null', '_contains', '_contained_in'] },
};

// Tables (and a view) by GraphQL name = SQL name: columns by GraphQL name
// with their SQL type (sqlNames: the SQL name where a comment directive
// renamed the column), primary key, relationships (`on`: pairs of SQL
// columns, [local, remote]).
const rel = (name, kind, target, on) => ({ name, kind, target, on });
const TABLES = {
  author: {
    pk: ['id'],
    cols: { id: 'int4', name: 'text', age: 'int4', rating: 'numeric', score: 'float8', born: 'date', active: 'bool', tags: 'text[]', meta: 'jsonb' },
    rels: [
      rel('profile', 'obj', 'profile', [['id', 'author_id']]),
      rel('articles_by_author_id', 'arr', 'article', [['id', 'author_id']]),
      rel('articles_by_editor_id', 'arr', 'article', [['id', 'editor_id']]),
      rel('comments', 'arr', 'comment', [['id', 'author_id']]),
      rel('published_articles', 'arr', 'published_article', [['id', 'author_id']]),
    ],
  },
  profile: {
    pk: ['author_id'],
    cols: { author_id: 'int4', bio: 'text', website: 'text' },
    rels: [rel('author', 'obj', 'author', [['author_id', 'id']])],
  },
  article: {
    pk: ['id'],
    cols: { id: 'int4', title: 'text', body: 'text', author_id: 'int4', editor_id: 'int4', published: 'bool', views: 'int4', created_at: 'timestamptz' },
    rels: [
      rel('author', 'obj', 'author', [['author_id', 'id']]),
      rel('editor', 'obj', 'author', [['editor_id', 'id']]),
      rel('comments', 'arr', 'comment', [['id', 'article_id']]),
      rel('article_tags', 'arr', 'article_tag', [['id', 'article_id']]),
    ],
  },
  comment: {
    pk: ['id'],
    cols: { id: 'int4', article_id: 'int4', author_id: 'int4', body: 'text', likes: 'int8', postedAt: 'timestamp', parent_id: 'int4' },
    sqlNames: { postedAt: 'created_at' },
    rels: [
      rel('article', 'obj', 'article', [['article_id', 'id']]),
      rel('author', 'obj', 'author', [['author_id', 'id']]),
      rel('parent', 'obj', 'comment', [['parent_id', 'id']]),
      rel('comments', 'arr', 'comment', [['id', 'parent_id']]),
    ],
  },
  tag: {
    pk: ['id'],
    cols: { id: 'int4', name: 'text', color: 'text', sortKey: 'int4', group: 'text' },
    rels: [rel('article_tags', 'arr', 'article_tag', [['id', 'tag_id']])],
  },
  article_tag: {
    pk: ['article_id', 'tag_id'],
    cols: { article_id: 'int4', tag_id: 'int4', weight: 'int2' },
    rels: [
      rel('article', 'obj', 'article', [['article_id', 'id']]),
      rel('tag', 'obj', 'tag', [['tag_id', 'id']]),
      rel('tag_votes', 'arr', 'tag_vote', [['article_id', 'article_id'], ['tag_id', 'tag_id']]),
    ],
  },
  tag_vote: {
    pk: ['id'],
    cols: { id: 'int4', article_id: 'int4', tag_id: 'int4', value: 'int4' },
    rels: [rel('article_tag', 'obj', 'article_tag', [['article_id', 'article_id'], ['tag_id', 'tag_id']])],
  },
  published_article: { // a view: primary key and FK from its comment directive
    pk: ['id'],
    cols: { id: 'int4', title: 'text', author_id: 'int4', views: 'int4', created_at: 'timestamptz' },
    rels: [rel('author', 'obj', 'author', [['author_id', 'id']])],
  },
};

const sqlCol = (table, col) => (TABLES[table].sqlNames && TABLES[table].sqlNames[col]) || col;
const TABLE_NAMES = Object.keys(TABLES);
// root tables, weighted (the wide ones more often)
const ROOT_WEIGHTS = { author: 5, profile: 1, article: 5, comment: 3, tag: 1.5, article_tag: 2, tag_vote: 1, published_article: 1.5 };
const JSON_KEYS = ['lang', 'level', 'langs', 'nested', 'quote', 'tags', 'a', 'zz', 's p'];

// ---------------------------------------------------------------- GraphQL values

class Enum {
  constructor(name) { this.name = name; }
}
class Var {
  constructor(name) { this.name = name; }
}

function gqlString(s) {
  return JSON.stringify(s); // JSON escapes are GraphQL escapes (no lone surrogates here)
}

function gqlNumber(n) {
  const s = JSON.stringify(n);
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s)) throw new Error(`cannot print number ${n}`);
  return s;
}

function printValue(v) {
  if (v instanceof Var) return `$${v.name}`;
  if (v instanceof Enum) return v.name;
  if (v === null) return 'null';
  if (typeof v === 'string') return gqlString(v);
  if (typeof v === 'number') return gqlNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(printValue).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${k}: ${printValue(x)}`).join(', ')}}`;
}

// Whether a value can be written as a GraphQL literal (object keys must be names).
function literalOk(v) {
  if (v === null || typeof v !== 'object' || v instanceof Enum || v instanceof Var) return true;
  if (Array.isArray(v)) return v.every(literalOk);
  return Object.entries(v).every(([k, x]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k) && literalOk(x));
}

function hasVar(v) {
  if (v instanceof Var) return true;
  if (v instanceof Enum || v === null || typeof v !== 'object') return false;
  return (Array.isArray(v) ? v : Object.values(v)).some(hasVar);
}

// A value as JSON (for the variables): enums become strings.
function toJson(v) {
  if (v instanceof Var) throw new Error('a variable inside a variable value');
  if (v instanceof Enum) return v.name;
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = toJson(x);
    return o;
  }
  return v;
}

// ---------------------------------------------------------------- SQL helpers

function sqlString(text) {
  return `'${text.replace(/'/g, "''")}'`; // standard_conforming_strings is on
}

const ident = (name) => `"${name.replace(/"/g, '""')}"`;
const colRef = (table, alias, col) => `${alias}.${ident(sqlCol(table, col))}`;

// A JSON value of a column's type as an SQL literal.
function sqlLit(type, v) {
  switch (type) {
    case 'int2': case 'int4': case 'int8': case 'numeric': case 'float8':
      return `${sqlString(JSON.stringify(v))}::${type}`;
    case 'text': return `${sqlString(v)}::text`;
    case 'bool': return v ? 'true' : 'false';
    case 'date': case 'timestamp': case 'timestamptz': return `${sqlString(v)}::${type}`;
    case 'jsonb': return `${sqlString(JSON.stringify(v))}::jsonb`;
    case 'text[]': return textArray(v);
    default: throw new Error(`no literal for ${type}`);
  }
}

function textArray(list) {
  return list.length ? `ARRAY[${list.map(sqlString).join(', ')}]::text[]` : `'{}'::text[]`;
}

// ---------------------------------------------------------------- case generation

// One case's state: the random numbers, the data, the variables and
// fragments of the operation being built, a counter for SQL aliases.
class Gen {
  constructor(rng, data) {
    this.rng = rng;
    this.data = data;
    // {name, type, json}; defaultText: declared with this default and not
    // given; omitted: not given (a nullable variable without default)
    this.vars = [];
    this.fragments = []; // text of fragment definitions
    this.nextVar = 1;
    this.nextFrag = 1;
    this.nextAlias = 1;
    this.features = new Set();
  }

  // A variable for value `value` (a GraphQL value without variables) of type `type`,
  // or the value itself.
  maybeVar(p, type, value) {
    if (!literalOk(value)) p = 1;
    if (!this.rng.chance(p)) return value;
    const name = `v${this.nextVar++}`;
    const json = toJson(value);
    // sometimes the value comes from the variable's default instead
    if (!type.endsWith('!') && literalOk(value) && this.rng.chance(0.2)) {
      this.vars.push({ name, type, json, defaultText: printValue(value) });
      this.features.add('variable default');
    } else {
      this.vars.push({ name, type, json });
    }
    this.features.add('variables');
    return new Var(name);
  }

  // the same generator, making no variables (for values that become one variable)
  noVars() {
    const g = Object.create(this);
    g.maybeVar = (p, type, value) => value;
    return g;
  }

  rows(table) { return this.data[table]; }

  // Non-null values of a column in the data, distinct by JSON text.
  pool(table, col) {
    const key = `${table}.${col}`;
    if (!this.data._pools) this.data._pools = {};
    if (!this.data._pools[key]) {
      const seen = new Map();
      for (const r of this.data[table]) {
        const v = r[sqlCol(table, col)];
        if (v === null || v === undefined) continue;
        // NaN and Infinity come as strings, which are no GraphQL numbers
        if (['int2', 'int4', 'int8', 'numeric', 'float8'].includes(TABLES[table].cols[col]) && typeof v !== 'number') continue;
        seen.set(JSON.stringify(v), v);
      }
      this.data._pools[key] = [...seen.values()];
    }
    return this.data._pools[key];
  }

  sqlAlias() { return `t${this.nextAlias++}`; }
}

// A plausible value of a column (JSON), mostly from the data.
function genColumnValue(g, table, col) {
  const type = TABLES[table].cols[col];
  const pool = g.pool(table, col);
  const r = g.rng;
  const fromData = pool.length && r.chance(0.8);
  switch (type) {
    case 'int2': case 'int4': {
      if (fromData) return r.pick(pool);
      const max = Math.max(10, ...pool);
      return r.int(-1, max + 2);
    }
    case 'int8':
      return fromData ? r.pick(pool) : r.pick([0, 1, 100000000, 4000000000, 123456789012]);
    case 'numeric':
      return fromData ? r.pick(pool) : r.pick([0, 1, 2.5, 3.1, 4.75, 10]);
    case 'float8':
      return fromData ? r.pick(pool) : r.pick([0, -1, 2.5, 6.5, 100.125, 1e9]);
    case 'text': {
      if (fromData) {
        const s = r.pick(pool);
        const chars = [...s];
        return r.chance(0.8) ? s : chars.slice(0, r.int(0, chars.length)).join('');
      }
      return r.pick(['', 'Nobody', 'ann', 'ZZZ', 'é', 'Intro 1', 'Ωmega 3', 'M']);
    }
    case 'bool': return r.chance(0.5);
    case 'date': return fromData ? r.pick(pool) : r.pick(['1990-01-01', '2000-01-01', '1983-07-15']);
    case 'timestamp': return fromData ? r.pick(pool) : r.pick(['2023-02-03T00:00:00', '2023-02-05 06:00']);
    case 'timestamptz': return fromData ? r.pick(pool) : r.pick(['2023-01-08T00:00:00Z', '2023-01-05 01:30:00+00', '2023-01-10T12:00:00+02:00']);
    case 'jsonb': {
      if (fromData && r.chance(0.7)) return r.pick(pool);
      return genJsonObject(g, table, col);
    }
    case 'text[]': {
      if (fromData && r.chance(0.6)) return r.pick(pool);
      return genTextList(g, table, col, 0, 3);
    }
    default: throw new Error(`no value for ${type}`);
  }
}

function allTags(g, table, col) {
  const set = new Set();
  for (const a of g.pool(table, col)) for (const t of a) set.add(t);
  return [...set, 'none'];
}

function genTextList(g, table, col, lo, hi) {
  return g.rng.sample(allTags(g, table, col), g.rng.int(lo, hi));
}

// A jsonb object: part of a row's object, or a union, or {}.
function genJsonObject(g, table, col) {
  const r = g.rng;
  const pool = g.pool(table, col).filter((v) => v && typeof v === 'object' && !Array.isArray(v));
  const base = r.pick(pool) || {};
  const kind = r.int(0, 3);
  if (kind === 0) return {};
  const out = {};
  for (const k of r.sample(Object.keys(base), r.int(1, 2))) {
    const v = base[k];
    out[k] = Array.isArray(v) && v.length > 1 && r.chance(0.5) ? r.sample(v, 1) : v;
  }
  if (kind === 3) {
    const other = r.pick(pool) || {};
    for (const k of Object.keys(other)) if (!(k in out)) out[k] = other[k];
  }
  return out;
}

function escapeRegex(s) {
  return s.replace(/[.^$*+?()[\]{}|\\]/g, '\\$&');
}

function randomCase(r, s) {
  return [...s].map((c) => (r.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

function substring(r, s) {
  const chars = [...s];
  if (chars.length === 0) return '';
  const start = r.int(0, chars.length - 1);
  const len = r.int(1, Math.min(4, chars.length - start));
  return chars.slice(start, start + len).join('');
}

// A pattern for a text operator, made from the column's data.
function genPattern(g, table, col, op) {
  const r = g.rng;
  const pool = g.pool(table, col);
  const s = pool.length ? r.pick(pool) : 'abc';
  let sub = substring(r, s);
  const insensitive = op === '_ilike' || op === '_nilike' || op === '_iregex' || op === '_niregex';
  if (insensitive && r.chance(0.7)) sub = randomCase(r, sub);
  switch (op) {
    case '_like': case '_nlike': case '_ilike': case '_nilike': {
      if (r.chance(0.1)) return r.pick(['%', '', '_%', '%_%_%']);
      if (r.chance(0.3) && sub.length > 1) {
        const chars = [...sub];
        chars[r.int(0, chars.length - 1)] = '_';
        sub = chars.join('');
      }
      // backslash is LIKE's escape character: \\ matches one backslash
      const esc = (x) => x.replace(/\\/g, '\\\\');
      return r.pick([`%${esc(sub)}%`, `${esc(sub)}%`, `%${esc(sub)}`, esc(sub), `${esc([...s].slice(0, 2).join(''))}%`, '%\\%']);
    }
    case '_similar': case '_nsimilar': {
      const clean = (x) => x.replace(/[|*+?{}()[\]\\]/g, '');
      const other = clean(substring(r, pool.length ? r.pick(pool) : 'xyz'));
      return r.pick([`%(${clean(sub)}|${other})%`, `${clean(sub)}%`, `%[aeiou]{2}%`, `(${clean(sub)})+%`, '%']);
    }
    default: { // regex family
      const esc = escapeRegex(sub);
      return r.pick([`^${esc}`, `${esc}$`, esc, `^(${esc}|${escapeRegex(substring(r, pool.length ? r.pick(pool) : 'q'))})`, '[aeiou]{2}', '\\d', '^[A-M]', 'é|ö|ü', '^.{3,5}$']);
    }
  }
}

// [op, GraphQL value, JSON of the value] of one comparison on a column.
function genComparison(g, table, col, op, pVar) {
  const r = g.rng;
  const type = TABLES[table].cols[col];
  const gqlType = TYPES[type].gql;
  let value;
  let varType;
  switch (op) {
    case '_is_null':
      value = r.chance(0.5);
      varType = 'Boolean!';
      break;
    case '_in': case '_nin': {
      const n = r.weighted([[1, 0], [3, 1], [4, 2], [3, 3], [1, 5]]);
      value = [];
      for (let i = 0; i < n; i++) value.push(genColumnValue(g, table, col));
      varType = `[${gqlType}!]!`;
      if (n === 1 && r.chance(0.2)) {
        // a single value where a list is expected (input coercion)
        g.features.add('list coercion');
        return { op, gql: value[0], json: value };
      }
      break;
    }
    case '_like': case '_nlike': case '_ilike': case '_nilike':
    case '_similar': case '_nsimilar': case '_regex': case '_nregex': case '_iregex': case '_niregex':
      value = genPattern(g, table, col, op);
      varType = 'String!';
      break;
    case '_has_key':
      value = r.pick(JSON_KEYS);
      varType = 'String!';
      break;
    case '_has_keys_any': case '_has_keys_all':
      value = r.sample(JSON_KEYS, r.weighted([[1, 0], [3, 1], [4, 2], [2, 3]]));
      varType = '[String!]!';
      break;
    case '_contains': case '_contained_in':
      if (type === 'jsonb') value = genJsonObject(g, table, col);
      else value = op === '_contains' ? genTextList(g, table, col, 0, 2) : genTextList(g, table, col, 1, 5);
      varType = `${gqlType}!`;
      break;
    default:
      value = genColumnValue(g, table, col);
      varType = `${gqlType}!`;
  }
  let gql = g.maybeVar(pVar, varType, value);
  if ((op === '_in' || op === '_nin') && !(gql instanceof Var)) {
    gql = value.map((x) => g.maybeVar(pVar / 2, `${gqlType}!`, x)); // variables inside the list
  }
  return { op, gql, json: value };
}

// A where (bool_exp) tree: {entries: [{key, kind, ...}]}, keys unique.
function genBoolExp(g, table, budget, relDepth, pVar) {
  const r = g.rng;
  const t = TABLES[table];
  const nEntries = budget.n <= 0 ? 0 : r.weighted([[1, 0], [8, 1], [4, 2], [2, 3]]);
  const entries = [];
  const used = new Set();
  for (let i = 0; i < nEntries && budget.n > 0; i++) {
    const relOk = relDepth < 2 && t.rels.length > 0;
    const kind = r.weighted([[10, 'col'], [1.5, '_and'], [2, '_or'], [1.5, '_not'], [relOk ? 3 : 0, 'rel']]);
    budget.n--;
    if (kind === 'col') {
      const col = r.pick(Object.keys(t.cols));
      if (used.has(col)) continue;
      used.add(col);
      const type = t.cols[col];
      const nOps = r.weighted([[1, 0], [12, 1], [3, 2]]);
      const ops = [];
      for (const op of r.sample(TYPES[type].ops, nOps)) ops.push(genComparison(g, table, col, op, pVar));
      entries.push({ key: col, kind: 'col', col, ops });
    } else if (kind === '_and' || kind === '_or') {
      if (used.has(kind)) continue;
      used.add(kind);
      const n = r.weighted([[1, 0], [3, 1], [5, 2], [2, 3]]);
      const items = [];
      for (let j = 0; j < n; j++) items.push(genBoolExp(g, table, budget, relDepth, pVar));
      // a single object where a list is expected (input coercion)
      const single = n === 1 && r.chance(0.2);
      if (single) g.features.add('list coercion');
      entries.push({ key: kind, kind, items, single });
    } else if (kind === '_not') {
      if (used.has(kind)) continue;
      used.add(kind);
      entries.push({ key: kind, kind, item: genBoolExp(g, table, budget, relDepth, pVar) });
    } else {
      const rl = r.pick(t.rels);
      if (used.has(rl.name)) continue;
      used.add(rl.name);
      g.features.add(`where ${rl.kind} relationship`);
      entries.push({ key: rl.name, kind: 'rel', rel: rl, item: genBoolExp(g, rl.target, budget, relDepth + 1, pVar) });
    }
  }
  return { table, entries };
}

// The GraphQL value of a bool_exp; a nested bool_exp may become a variable.
function boolExpGql(g, be) {
  const sub = (x) => {
    const v = boolExpGql(g, x);
    return hasVar(v) ? v : g.maybeVar(0.05, `${x.table}_bool_exp!`, v);
  };
  const o = {};
  for (const e of be.entries) {
    if (e.kind === 'col') {
      const c = {};
      for (const cmp of e.ops) c[cmp.op] = cmp.gql;
      o[e.key] = c;
    } else if (e.kind === '_and' || e.kind === '_or') {
      // (a variable in place of the single object would be of the wrong type)
      o[e.key] = e.single ? boolExpGql(g, e.items[0]) : e.items.map(sub);
    } else {
      o[e.key] = sub(e.item);
    }
  }
  return o;
}

function comparisonSql(colExpr, type, cmp) {
  const v = cmp.json;
  switch (cmp.op) {
    case '_eq': return `${colExpr} = ${sqlLit(type, v)}`;
    case '_neq': return `${colExpr} <> ${sqlLit(type, v)}`;
    case '_gt': return `${colExpr} > ${sqlLit(type, v)}`;
    case '_gte': return `${colExpr} >= ${sqlLit(type, v)}`;
    case '_lt': return `${colExpr} < ${sqlLit(type, v)}`;
    case '_lte': return `${colExpr} <= ${sqlLit(type, v)}`;
    case '_in': return v.length ? `${colExpr} IN (${v.map((x) => sqlLit(type, x)).join(', ')})` : 'false';
    case '_nin': return v.length ? `${colExpr} NOT IN (${v.map((x) => sqlLit(type, x)).join(', ')})` : 'true';
    case '_is_null': return v ? `${colExpr} IS NULL` : `${colExpr} IS NOT NULL`;
    case '_like': return `${colExpr} LIKE ${sqlString(v)}`;
    case '_nlike': return `${colExpr} NOT LIKE ${sqlString(v)}`;
    case '_ilike': return `${colExpr} ILIKE ${sqlString(v)}`;
    case '_nilike': return `${colExpr} NOT ILIKE ${sqlString(v)}`;
    case '_similar': return `${colExpr} SIMILAR TO ${sqlString(v)}`;
    case '_nsimilar': return `${colExpr} NOT SIMILAR TO ${sqlString(v)}`;
    case '_regex': return `${colExpr} ~ ${sqlString(v)}`;
    case '_nregex': return `${colExpr} !~ ${sqlString(v)}`;
    case '_iregex': return `${colExpr} ~* ${sqlString(v)}`;
    case '_niregex': return `${colExpr} !~* ${sqlString(v)}`;
    case '_contains': return `${colExpr} @> ${sqlLit(type, v)}`;
    case '_contained_in': return `${colExpr} <@ ${sqlLit(type, v)}`;
    case '_has_key': return `${colExpr} ? ${sqlString(v)}`;
    case '_has_keys_any': return `${colExpr} ?| ${textArray(v)}`;
    case '_has_keys_all': return `${colExpr} ?& ${textArray(v)}`;
    default: throw new Error(`no SQL for ${cmp.op}`);
  }
}

function joinSql(rl, outerAlias, innerAlias) {
  return rl.on.map(([local, remote]) => `${innerAlias}.${ident(remote)} = ${outerAlias}.${ident(local)}`).join(' AND ');
}

// The SQL condition of a bool_exp on the row `alias` of its table.
function boolExpSql(g, be, alias) {
  const t = TABLES[be.table];
  const parts = be.entries.map((e) => {
    switch (e.kind) {
      case 'col': {
        if (!e.ops.length) return 'true';
        return e.ops.map((cmp) => `(${comparisonSql(colRef(be.table, alias, e.col), t.cols[e.col], cmp)})`).join(' AND ');
      }
      case '_and': return e.items.length ? e.items.map((x) => boolExpSql(g, x, alias)).join(' AND ') : 'true';
      case '_or': return e.items.length ? e.items.map((x) => boolExpSql(g, x, alias)).join(' OR ') : 'false';
      case '_not': return `NOT ${boolExpSql(g, e.item, alias)}`;
      case 'rel': {
        const a2 = g.sqlAlias();
        return `EXISTS (SELECT 1 FROM public.${ident(e.rel.target)} ${a2} WHERE ${joinSql(e.rel, alias, a2)} AND ${boolExpSql(g, e.item, a2)})`;
      }
      default: throw new Error(e.kind);
    }
  });
  if (!parts.length) return '(true)';
  return `(${parts.map((p) => `(${p})`).join(' AND ')})`;
}

const DIRECTIONS = {
  asc: 'ASC NULLS LAST',
  asc_nulls_first: 'ASC NULLS FIRST',
  asc_nulls_last: 'ASC NULLS LAST',
  desc: 'DESC NULLS FIRST',
  desc_nulls_first: 'DESC NULLS FIRST',
  desc_nulls_last: 'DESC NULLS LAST',
};
const DIRECTION_NAMES = Object.keys(DIRECTIONS);

// An order_by path through object relationships: [rel..., column].
function genOrderPath(g, table, depth) {
  const r = g.rng;
  const t = TABLES[table];
  const objRels = t.rels.filter((x) => x.kind === 'obj');
  if (depth < 2 && objRels.length && r.chance(0.25)) {
    const rl = r.pick(objRels);
    g.features.add('order_by object relationship');
    return [rl.name, ...genOrderPath(g, rl.target, depth + 1)];
  }
  const cols = Object.keys(t.cols);
  return [r.weighted(cols.map((c) => [['jsonb', 'text[]'].includes(t.cols[c]) ? 0.3 : 1, c]))];
}

// List arguments of a root list field or an array relationship.
function genListArgs(g, table, isRoot) {
  const r = g.rng;
  const t = TABLES[table];
  const args = { where: null, orderBy: null, distinctOn: null, limit: null, offset: null };
  if (r.chance(isRoot ? 0.55 : 0.35)) args.where = genBoolExp(g, table, { n: r.int(1, 7) }, 0, 0.15);
  const ordered = r.chance(0.9);
  if (!ordered) return args; // no order_by: no limit, offset, distinct_on; compared as a multiset
  const items = [];
  const seen = new Set();
  const add = (p, dir) => {
    const k = p.join('.');
    if (seen.has(k)) return;
    seen.add(k);
    items.push({ path: p, dir: dir || r.pick(DIRECTION_NAMES) });
  };
  if (r.chance(0.15)) {
    const cols = Object.keys(t.cols);
    args.distinctOn = r.sample(cols, r.weighted([[4, 1], [1, 2]]));
    for (const c of args.distinctOn) add([c]);
    g.features.add('distinct_on');
  }
  const extra = r.weighted([[3, 0], [4, 1], [2, 2], [1, 3]]);
  for (let i = 0; i < extra; i++) add(genOrderPath(g, table, 0));
  for (const c of t.pk) add([c]);
  args.orderBy = items;
  if (r.chance(isRoot ? 0.6 : 0.4)) args.limit = r.weighted([[1, 0], [3, 1], [6, r.int(2, 5)], [3, r.int(6, 12)]]);
  if (r.chance(0.3)) args.offset = r.weighted([[1, 0], [4, r.int(1, 3)], [isRoot ? 2 : 0.5, r.int(4, 30)]]);
  return args;
}

function orderItemGql(g, item, pVar) {
  let v = g.maybeVar(pVar, g.rng.pick(['order_by', 'order_by!']), new Enum(item.dir));
  for (let i = item.path.length - 1; i >= 0; i--) v = { [item.path[i]]: v };
  return v;
}

function listArgsGql(g, table, args) {
  const r = g.rng;
  const out = [];
  if (args.where) {
    // the whole where as a variable, or variables inside
    const whole = r.chance(0.12);
    const v = boolExpGql(whole ? g.noVars() : g, args.where);
    out.push(['where', whole && !hasVar(v) ? g.maybeVar(1, `${table}_bool_exp`, v) : v]);
  }
  if (args.orderBy) {
    const whole = r.chance(0.1);
    let v = args.orderBy.map((it) => orderItemGql(g, it, whole ? 0 : 0.05));
    if (v.length === 1 && r.chance(0.5)) {
      v = v[0];
      g.features.add('list coercion');
    }
    out.push(['order_by', whole ? g.maybeVar(1, `[${table}_order_by!]`, v) : v]);
  }
  if (args.distinctOn) {
    let v = args.distinctOn.map((c) => new Enum(c));
    if (v.length === 1 && r.chance(0.3)) v = v[0];
    out.push(['distinct_on', g.maybeVar(0.15, `[${table}_select_column!]`, v)]);
  }
  if (args.limit !== null) out.push(['limit', g.maybeVar(0.2, r.pick(['Int', 'Int!']), args.limit)]);
  if (args.offset !== null) out.push(['offset', g.maybeVar(0.2, r.pick(['Int', 'Int!']), args.offset)]);
  // an absent argument given as null: a literal, a variable set to null, a variable not given
  const absent = { where: `${table}_bool_exp`, order_by: `[${table}_order_by!]`, distinct_on: `[${table}_select_column!]`, limit: 'Int', offset: 'Int' };
  for (const [name, type] of Object.entries(absent)) {
    if (out.some(([k]) => k === name) || !r.chance(0.04)) continue;
    const how = r.int(0, 2);
    if (how === 0) {
      out.push([name, null]);
    } else {
      const v = `v${g.nextVar++}`;
      g.vars.push(how === 1 ? { name: v, type, json: null } : { name: v, type, omitted: true });
      out.push([name, new Var(v)]);
      g.features.add('variables');
    }
    g.features.add('null argument');
  }
  return r.shuffle(out);
}

// The SQL of an order_by path's value on the row `alias`.
function orderExprSql(g, table, alias, p) {
  if (p.length === 1) return colRef(table, alias, p[0]);
  const rl = TABLES[table].rels.find((x) => x.name === p[0]);
  const a2 = g.sqlAlias();
  return `(SELECT ${orderExprSql(g, rl.target, a2, p.slice(1))} FROM public.${ident(rl.target)} ${a2} WHERE ${joinSql(rl, alias, a2)})`;
}

// The rows of a list as one json array: SQL of a scalar subquery.
function listSql(g, table, args, sel, joinCond) {
  const a = g.sqlAlias();
  const conds = [];
  if (joinCond) conds.push(joinCond(a));
  if (args.where) conds.push(boolExpSql(g, args.where, a));
  const order = args.orderBy
    ? args.orderBy.map((it) => `${orderExprSql(g, table, a, it.path)} ${DIRECTIONS[it.dir]}`).join(', ')
    : null;
  const distinct = args.distinctOn ? `DISTINCT ON (${args.distinctOn.map((c) => colRef(table, a, c)).join(', ')}) ` : '';
  let inner = `SELECT ${distinct}${objectSql(g, table, a, sel)} AS j, row_number() OVER (${order ? `ORDER BY ${order}` : ''}) AS n` +
    ` FROM public.${ident(table)} ${a}`;
  if (conds.length) inner += ` WHERE ${conds.join(' AND ')}`;
  if (order) inner += ` ORDER BY ${order}`;
  if (args.limit !== null) inner += ` LIMIT ${args.limit}`;
  if (args.offset !== null) inner += ` OFFSET ${args.offset}`;
  return `(SELECT coalesce(json_agg(s.j ORDER BY s.n), '[]'::json) FROM (${inner}) s)`;
}

// ---- selection sets

// A selection set: a list of items
//   {kind: 'col', key, name, col} | {kind: 'typename', key, name}
//   {kind: 'obj', key, name, rel, sel} | {kind: 'arr', key, name, rel, args, sel}
//   {kind: 'frag', inline: bool, items}        (fields inside a fragment)
// Any field item may carry `directive` {text, keep}.
function genSelection(g, table, depth) {
  const r = g.rng;
  const t = TABLES[table];
  const colNames = Object.keys(t.cols);
  const keys = new Set();
  const alias = (name) => {
    let key = name;
    const others = colNames.filter((c) => c !== name && !keys.has(c));
    if (others.length && r.chance(0.03)) {
      key = r.pick(others); // the name of another column as the alias
      g.features.add('alias named like another column');
    } else if (r.chance(0.2) || keys.has(name)) {
      const prefix = name.startsWith('__') ? 'tn' : name;
      do key = r.chance(0.5) ? `${prefix}_${g.nextAlias++}` : r.pick(['x', 'y', 'first', 'last_one', 'k']) + (g.nextAlias++);
      while (keys.has(key));
    }
    keys.add(key);
    return key;
  };
  const items = [];
  const cols = r.sample(colNames, r.weighted([[3, 1], [5, 2], [5, 3], [3, 4], [2, 6], [1, 9]]));
  for (const c of cols) items.push({ kind: 'col', name: c, col: c, key: alias(c) });
  if (r.chance(0.12)) {
    items.push({ kind: 'typename', name: '__typename', key: alias('__typename') });
    g.features.add('__typename');
  }
  if (depth < 3) {
    const nRels = r.weighted([[4, 0], [4, 1], [2, 2], [depth === 1 ? 1 : 0, 3]]);
    for (const rl of r.sample(t.rels, nRels)) {
      if (rl.kind === 'obj') {
        items.push({ kind: 'obj', name: rl.name, rel: rl, key: alias(rl.name), sel: genSelection(g, rl.target, depth + 1) });
        g.features.add('object relationship');
      } else {
        items.push({ kind: 'arr', name: rl.name, rel: rl, key: alias(rl.name), args: genListArgs(g, rl.target, false), sel: genSelection(g, rl.target, depth + 1) });
        g.features.add('array relationship');
      }
    }
  }
  let out = r.shuffle(items);
  // a relationship twice under one key, with other subfields (merged)
  const relItems = out.filter((x) => x.kind === 'obj' || x.kind === 'arr');
  if (relItems.length && r.chance(0.1)) {
    const orig = r.pick(relItems);
    const sub = genSelection(g, orig.rel.target, depth + 1);
    const taken = allKeys(orig.sel);
    // keys of the new subfields that would not merge with the old ones get new aliases
    const rekey = (its) => {
      for (const it of its) {
        if (it.kind === 'frag') rekey(it.items);
        else if (taken.has(it.key) && (it.kind === 'obj' || it.kind === 'arr' || taken.get(it.key) !== it.name)) it.key = `${it.name.replace(/^__/, 'tn')}_${g.nextAlias++}`;
      }
    };
    rekey(sub.items);
    out.splice(r.int(0, out.length), 0, { ...orig, sel: sub }); // the same args object: printed once
    g.features.add('merged relationship fields');
  }
  // the same column twice (merged into one key)
  const colItems = out.filter((x) => x.kind === 'col');
  if (colItems.length && r.chance(0.08)) {
    const dup = { ...r.pick(colItems) };
    out.splice(r.int(0, out.length), 0, dup);
    g.features.add('merged duplicate field');
  }
  // fields excluded or kept by @skip/@include
  if (r.chance(0.12)) {
    const c = r.pick(colNames);
    out.splice(r.int(0, out.length), 0, { kind: 'col', name: c, col: c, key: alias(c), directive: genDirective(g) });
    g.features.add('@skip/@include');
  }
  // runs of items inside fragments (the second may hold the first)
  for (let k = 0; k < 2; k++) {
    if (out.length < 1 || !r.chance(k === 0 ? 0.15 : 0.3)) break;
    const from = r.int(0, out.length - 1);
    const to = r.int(from + 1, out.length);
    const inline = r.chance(0.5);
    const frag = { kind: 'frag', inline, typed: !inline || r.chance(0.7), items: out.slice(from, to) };
    if (r.chance(0.15)) {
      frag.directive = genDirective(g);
      g.features.add('@skip/@include on a fragment');
    }
    out = out.slice(0, from).concat([frag], out.slice(to));
    g.features.add(inline ? 'inline fragment' : 'named fragment');
  }
  if (!flatFields({ table, items: out }).length) {
    // everything was excluded: a selection set needs a field
    out.push({ kind: 'col', name: colNames[0], col: colNames[0], key: alias(colNames[0]) });
  }
  return { table, items: out };
}

// @skip or @include with a literal or a variable; keep: whether the field stays.
function genDirective(g) {
  const r = g.rng;
  const keep = r.chance(0.5);
  const which = r.pick(['skip', 'include']);
  const cond = g.maybeVar(0.4, 'Boolean!', which === 'skip' ? !keep : keep);
  return { text: `@${which}(if: ${printValue(cond)})`, keep };
}

// Every response key of a selection set, at any fragment level: key -> field name.
function allKeys(sel) {
  const keys = new Map();
  const walk = (items) => {
    for (const it of items) {
      if (it.kind === 'frag') walk(it.items);
      else keys.set(it.key, it.name);
    }
  };
  walk(sel.items);
  return keys;
}

// The fields of a selection set in response order: [[key, item, sel]],
// fields excluded by directives dropped, fields of one key once (at the
// first position), the subfields of relationship fields of one key merged
// into `sel`.
function flatFields(sel) {
  const out = [];
  const byKey = new Map();
  const walk = (items) => {
    for (const it of items) {
      if (it.directive && !it.directive.keep) continue;
      if (it.kind === 'frag') {
        walk(it.items);
        continue;
      }
      const prev = byKey.get(it.key);
      if (prev) {
        if (prev[2]) prev[2] = { table: prev[2].table, items: prev[2].items.concat(it.sel.items) };
        continue;
      }
      const entry = [it.key, it, it.sel || null];
      byKey.set(it.key, entry);
      out.push(entry);
    }
  };
  walk(sel.items);
  return out;
}

function printSelection(g, sel) {
  const parts = [];
  for (const it of sel.items) {
    if (it.kind === 'frag') {
      const body = printSelection(g, { table: sel.table, items: it.items });
      const dir = it.directive ? ` ${it.directive.text}` : '';
      if (it.inline) {
        parts.push(`...${it.typed ? ` on ${sel.table}` : ''}${dir} ${body}`);
      } else {
        const name = `F${g.nextFrag++}`;
        g.fragments.push(`fragment ${name} on ${sel.table} ${body}`);
        parts.push(`...${name}${dir}`);
      }
      continue;
    }
    let s = it.key !== it.name ? `${it.key}: ${it.name}` : it.name;
    if (it.kind === 'arr') {
      if (!it.args.printed) it.args.printed = listArgsGql(g, it.rel.target, it.args);
      const args = it.args.printed;
      if (args.length) s += `(${args.map(([k, v]) => `${k}: ${printValue(v)}`).join(', ')})`;
    }
    if (it.directive) s += ` ${it.directive.text}`;
    if (it.sel) s += ` ${printSelection(g, it.sel)}`;
    parts.push(s);
  }
  return `{ ${parts.join(' ')} }`;
}

// The row `alias` of `sel.table` as a json object with the selection's keys.
function objectSql(g, table, alias, sel) {
  const args = [];
  for (const [key, it, sub] of flatFields(sel)) {
    let expr;
    switch (it.kind) {
      case 'col': expr = colRef(table, alias, it.col); break;
      case 'typename': expr = `${sqlString(table)}::text`; break;
      case 'obj': {
        const a2 = g.sqlAlias();
        expr = `(SELECT ${objectSql(g, it.rel.target, a2, sub)} FROM public.${ident(it.rel.target)} ${a2} WHERE ${joinSql(it.rel, alias, a2)})`;
        break;
      }
      case 'arr':
        expr = listSql(g, it.rel.target, it.args, sub, (a2) => joinSql(it.rel, alias, a2));
        break;
      default: throw new Error(it.kind);
    }
    args.push(`${sqlString(key)}, ${expr}`);
  }
  return `json_build_object(${args.join(', ')})`;
}

// How to compare: which lists are unordered. {obj: {key: spec}} | {list: spec, unordered} | null
function specOf(sel) {
  const obj = {};
  for (const [key, it, sub] of flatFields(sel)) {
    if (it.kind === 'obj') obj[key] = specOf(sub);
    else if (it.kind === 'arr') obj[key] = { list: specOf(sub), unordered: !it.args.orderBy };
    else obj[key] = null;
  }
  return { obj };
}

// ---- one case

function genCase(seed, caseNo, data) {
  const rng = makeRng(seed, caseNo);
  const g = new Gen(rng, data);
  const roots = [];
  const keys = new Set();
  const nRoots = rng.weighted([[6, 1], [3, 2], [1, 3]]);
  for (let i = 0; i < nRoots; i++) {
    const table = rng.weighted(Object.entries(ROOT_WEIGHTS).map(([tb, w]) => [w, tb]));
    const byPk = rng.chance(0.2);
    const name = byPk ? `${table}_by_pk` : table;
    let key = name;
    if (keys.has(key) || rng.chance(0.25)) {
      do key = `${rng.pick(['r', 'q', 'list', 'one', 'get'])}${g.nextAlias++}`; while (keys.has(key));
    }
    keys.add(key);
    if (byPk) {
      g.features.add('_by_pk');
      const t = TABLES[table];
      const rows = g.rows(table);
      const row = rng.chance(0.85) && rows.length ? rng.pick(rows) : null;
      const pk = t.pk.map((c) => [c, row ? row[sqlCol(table, c)] : rng.int(0, 70)]);
      roots.push({ kind: 'pk', key, name, table, pk, sel: genSelection(g, table, 1) });
    } else {
      roots.push({ kind: 'list', key, name, table, args: genListArgs(g, table, true), sel: genSelection(g, table, 1) });
    }
  }
  if (rng.chance(0.08)) {
    let key = '__typename';
    if (keys.has(key) || rng.chance(0.3)) key = `tn${g.nextAlias++}`;
    roots.splice(rng.int(0, roots.length), 0, { kind: 'typename', key, name: '__typename' });
    g.features.add('__typename');
  }

  // GraphQL text (printing creates the variables and fragments)
  const fields = roots.map((rt) => {
    let s = rt.key !== rt.name ? `${rt.key}: ${rt.name}` : rt.name;
    if (rt.kind === 'pk') {
      s += `(${rt.pk.map(([c, v]) => `${c}: ${printValue(g.maybeVar(0.3, 'Int!', v))}`).join(', ')})`;
    } else if (rt.kind === 'list') {
      const args = listArgsGql(g, rt.table, rt.args);
      if (args.length) s += `(${args.map(([k, v]) => `${k}: ${printValue(v)}`).join(', ')})`;
    }
    if (rt.sel) s += ` ${printSelection(g, rt.sel)}`;
    return s;
  });
  let head = '';
  if (g.vars.length) {
    head = `query Q${caseNo}(${g.vars.map((v) => `$${v.name}: ${v.type}${v.defaultText !== undefined ? ` = ${v.defaultText}` : ''}`).join(', ')}) `;
  } else if (rng.chance(0.3)) {
    head = `query Q${caseNo} `;
  }
  const query = [`${head}{ ${fields.join(' ')} }`, ...g.fragments].join('\n');
  const variables = {};
  for (const v of g.vars) if (v.defaultText === undefined && !v.omitted) variables[v.name] = v.json;

  // expected SQL
  const rootSql = roots.map((rt) => {
    let expr;
    if (rt.kind === 'typename') expr = `'query_root'::text`;
    else if (rt.kind === 'pk') {
      const a = g.sqlAlias();
      const cond = rt.pk.map(([c, v]) => `${colRef(rt.table, a, c)} = ${sqlLit(TABLES[rt.table].cols[c], v)}`).join(' AND ');
      expr = `(SELECT ${objectSql(g, rt.table, a, rt.sel)} FROM public.${ident(rt.table)} ${a} WHERE ${cond})`;
    } else {
      expr = listSql(g, rt.table, rt.args, rt.sel, null);
    }
    return `${sqlString(rt.key)}, ${expr}`;
  });
  const sql = `SELECT json_build_object('data', json_build_object(${rootSql.join(', ')}))::text`;

  const rootSpec = {};
  for (const rt of roots) {
    if (rt.kind === 'typename') rootSpec[rt.key] = null;
    else if (rt.kind === 'pk') rootSpec[rt.key] = specOf(rt.sel);
    else rootSpec[rt.key] = { list: specOf(rt.sel), unordered: !rt.args.orderBy };
  }
  const spec = { obj: { data: { obj: rootSpec } } };
  return { no: caseNo, query, variables, sql, spec, features: [...g.features].sort() };
}

// ---------------------------------------------------------------- comparison

// Sort the elements of unordered lists (by their JSON text) so that a plain
// ordered comparison compares them as multisets.
function canonical(spec, v) {
  if (!spec || v === null || typeof v !== 'object') return v;
  if (spec.list !== undefined && Array.isArray(v)) {
    const items = v.map((x) => canonical(spec.list, x));
    if (spec.unordered) {
      const keyed = items.map((x) => [JSON.stringify(x), x]);
      keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return keyed.map((x) => x[1]);
    }
    return items;
  }
  if (spec.obj && !Array.isArray(v)) {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = Object.prototype.hasOwnProperty.call(spec.obj, k) ? canonical(spec.obj[k], x) : x;
    return o;
  }
  return v;
}

// ---------------------------------------------------------------- psql

const SESSION = [
  "set client_min_messages = 'warning';",
  'set standard_conforming_strings = on;',
  "set client_encoding = 'UTF8';",
  "set timezone = 'UTC';",
  "set statement_timeout = '60s';",
  'create extension if not exists graphql;',
].join('\n');

// Load the fixture; return {data: {table: [rows]}, sdl}.
function loadFixture() {
  const fixture = fs.readFileSync(path.join(__dirname, 'fixture.sql'), 'utf8');
  const parts = TABLE_NAMES.map((tb) => `${sqlString(tb)}, (SELECT coalesce(json_agg(x ORDER BY ${TABLES[tb].pk.map((c) => colRef(tb, 'x', c)).join(', ')}), '[]') FROM public.${ident(tb)} x)`);
  const script = `${SESSION}\n${fixture}\n` +
    `SELECT encode(convert_to(json_build_object('sdl', graphql.sdl(), 'data', json_build_object(${parts.join(', ')}))::text, 'UTF8'), 'hex');\n`;
  const res = runPsql(script);
  if (!res.ok || res.lines.length !== 1) {
    const err = [`loading the fixture failed (${res.ok ? `${res.lines.length} lines of output` : res.why})`];
    for (const l of res.stderr.split('\n').slice(-15)) if (l) err.push(`  psql: ${l}`);
    throw new HarnessError(err.join('\n'));
  }
  return JSON.parse(unhex(res.lines[0]));
}

function buildScript(cases) {
  const out = [
    '-- generated by test/query_diff/run.js; one result row (hex-encoded UTF-8 JSON) per case',
    SESSION,
    `create function pg_temp.run(q text, v jsonb, e text, p1 jsonb, p2 jsonb) returns text language plpgsql as $run$
declare
  ours text;
  ours_error text;
  exp text;
  exp_error text;
  msg text;
  st text;
  before bigint;
  reused bigint;
begin
  if p1 is not null then
    -- the same text with other values first: the case may re-run their statements
    perform graphql.resolve(q, p1);
    perform graphql.resolve(q, p2);
    select reuses into before from graphql.cache_stats();
  end if;
  begin
    ours := graphql.resolve(q, v)::text;
  exception when others then
    get stacked diagnostics msg = message_text, st = returned_sqlstate;
    ours_error := st || ': ' || msg;
  end;
  begin
    execute e into exp;
  exception when others then
    get stacked diagnostics msg = message_text, st = returned_sqlstate;
    exp_error := st || ': ' || msg;
  end;
  if p1 is not null then
    select reuses - before into reused from graphql.cache_stats();
  end if;
  return encode(convert_to(json_build_object('ours', ours, 'ours_error', ours_error, 'exp', exp, 'exp_error', exp_error,
                                             'reused', reused)::text, 'UTF8'), 'hex');
end
$run$;`,
  ];
  for (const c of cases) {
    const prime = opts.reuse && Object.keys(c.variables).length > 0;
    const p1 = prime ? sqlString(JSON.stringify(otherValues(c.variables, true))) : 'null';
    const p2 = prime ? sqlString(JSON.stringify(otherValues(c.variables, false))) : 'null';
    out.push(`-- case ${c.no}`);
    out.push(`select pg_temp.run(${sqlString(c.query)}, ${sqlString(JSON.stringify(c.variables))}, ${sqlString(c.sql)}, ${p1}, ${p2});`);
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

function printCase(c, out) {
  out(`  query: ${c.query.replace(/\n/g, ' ')}`);
  out(`  variables: ${JSON.stringify(c.variables)}`);
}

function main() {
  const { data, sdl } = loadFixture();
  let schema;
  try {
    schema = graphql.buildSchema(sdl);
  } catch (e) {
    throw new HarnessError(`graphql-js cannot build the schema from graphql.sdl(): ${e.message}`);
  }

  let numbers = [];
  for (let i = 1; i <= opts.count; i++) numbers.push(i);
  if (opts.only.length) numbers = opts.only;
  if (opts.show !== null) numbers = [opts.show];

  const cases = numbers.map((n) => genCase(opts.seed, n, data));
  let failed = 0;
  let passed = 0;
  let wentWrong = false;

  // every generated query must be valid for graphql-js, against our SDL
  const runnable = [];
  for (const c of cases) {
    let errors;
    try {
      const doc = graphql.parse(c.query);
      errors = graphql.validate(schema, doc);
      if (!errors.length) {
        const op = doc.definitions.find((d) => d.kind === graphql.Kind.OPERATION_DEFINITION);
        const coerced = graphql.getVariableValues(schema, op.variableDefinitions || [], c.variables);
        if (coerced.errors) errors = coerced.errors;
      }
    } catch (e) {
      errors = [e];
    }
    if (errors.length) {
      failed++;
      wentWrong = true;
      console.log(`FAIL case ${c.no} (seed ${opts.seed}): the generated query is invalid for graphql-js (generator bug or SDL bug): ${errors.map((e) => e.message).join('; ')}`);
      printCase(c, console.log);
    } else {
      runnable.push(c);
    }
  }

  if (opts.show !== null) {
    const c = cases[0];
    console.log(`# case ${c.no}, seed ${opts.seed}; features: ${c.features.join(', ') || '-'}`);
    console.log(graphql.print(graphql.parse(c.query)));
    console.log(`# variables\n${JSON.stringify(c.variables, null, 2)}`);
    console.log(`# expected SQL\n${c.sql};`);
    return wentWrong ? 1 : 0;
  }

  const script = buildScript(runnable);
  if (opts.printSql) {
    process.stdout.write(script);
    return wentWrong ? 1 : 0;
  }

  const started = Date.now();
  const res = runPsql(script);
  const lines = res.lines;
  if (!res.ok) {
    wentWrong = true;
    const next = runnable[lines.length];
    console.log(`run.js: psql failed (${res.why}) after ${lines.length} of ${runnable.length} results` +
      (next ? `; the case being run was ${next.no}` : ''));
    for (const l of res.stderr.split('\n').slice(-15)) if (l) console.log(`  psql: ${l}`);
  } else if (res.stderr) {
    for (const l of res.stderr.split('\n').slice(-15)) console.log(`  psql: ${l}`);
  }
  if (lines.length > runnable.length) {
    console.log(`run.js: psql printed ${lines.length} lines for ${runnable.length} cases`);
    wentWrong = true;
  }

  const featureFailures = {};
  let primed = 0;
  let reused = 0;
  // how much the expected responses hold (to tune the generator)
  const stats = { objects: 0, lists: 0, emptyLists: 0, nulls: 0 };
  const tally = (v) => {
    if (v === null) stats.nulls++;
    else if (Array.isArray(v)) {
      stats.lists++;
      if (!v.length) stats.emptyLists++;
      v.forEach(tally);
    } else if (typeof v === 'object') {
      stats.objects++;
      Object.values(v).forEach(tally);
    }
  };
  runnable.forEach((c, i) => {
    const fail = (headline, details) => {
      failed++;
      console.log(`FAIL case ${c.no} (seed ${opts.seed}): ${headline}`);
      printCase(c, console.log);
      for (const d of details) console.log(`  ${d}`);
      for (const f of c.features) featureFailures[f] = (featureFailures[f] || 0) + 1;
    };
    if (i >= lines.length) {
      failed++;
      if (res.ok) console.log(`FAIL case ${c.no}: no result from psql`);
      return;
    }
    let row;
    try {
      row = JSON.parse(unhex(lines[i]));
    } catch (e) {
      wentWrong = true;
      fail(`cannot read psql's output line: ${trim(lines[i], 200)}`, []);
      return;
    }
    if (row.exp_error !== null) {
      wentWrong = true;
      fail(`the expected SQL failed (harness bug): ${row.exp_error}`, [`expected SQL: ${trim(c.sql, 2000)}`]);
      return;
    }
    if (row.ours_error !== null) {
      fail(`graphql.resolve raised an SQL error: ${row.ours_error}`, [`expected: ${trim(row.exp)}`]);
      return;
    }
    let ours;
    try {
      ours = parseJsonStrict(row.ours);
    } catch (e) {
      fail(`our response is not valid JSON (${e.message})`, [`ours:     ${trim(row.ours)}`, `expected: ${trim(row.exp)}`]);
      return;
    }
    const exp = JSON.parse(row.exp);
    tally(exp);
    if (row.reused !== null) {
      primed++;
      if (row.reused > 0) reused++;
    }
    const d = firstDiff(canonical(c.spec, exp), canonical(c.spec, ours), '');
    if (!d) {
      passed++;
      if (opts.verbose) console.log(`ok   case ${c.no}: ${c.features.join(', ')}`);
      return;
    }
    const headline = ours && ours.errors ? `our response is an error: ${show(ours.errors)}` : `responses differ at ${d.path}${d.note ? ` (${d.note})` : ''}`;
    fail(headline, [
      `at ${d.path}: expected ${show(d.exp)}, ours ${show(d.got)}`,
      `ours:     ${trim(row.ours)}`,
      `expected: ${trim(row.exp)}`,
    ]);
  });
  if (runnable.length > lines.length) {
    wentWrong = true;
    console.log(`run.js: ${runnable.length - lines.length} cases got no result`);
  }
  if (opts.verbose) {
    console.log(`run.js: ${runnable.length} cases ran in ${Date.now() - started} ms; the expected responses hold ` +
      `${stats.objects} objects, ${stats.lists} lists (${stats.emptyLists} empty), ${stats.nulls} nulls`);
  }
  if (failed && Object.keys(featureFailures).length) {
    console.log(`failures by feature: ${Object.entries(featureFailures).sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ')}`);
  }
  if (opts.reuse) failed += reportReuse(reused, primed, 'case');
  console.log(`${opts.reuse ? 'query_reuse' : 'query_diff'}: ${passed} passed, ${failed} failed`);
  return failed > 0 || wentWrong ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  if (e instanceof HarnessError) console.log(`run.js: ${e.message}`);
  else console.log(`run.js: internal error: ${e && e.stack}`);
  console.log(`${opts.reuse ? 'query_reuse' : 'query_diff'}: 0 passed, 1 failed`);
  process.exitCode = 1;
}
