#!/usr/bin/env node
'use strict';
/*
 * Differential test of mutations: graphql.resolve (our PostgreSQL
 * extension) against hand-written SQL.
 *
 * fixture.sql creates two identical copies of a small schema, mdiff_a and
 * mdiff_b (author, article, tag, article_tag: composite keys, a second
 * unique constraint, a composite unique constraint, CHECK and NOT NULL
 * constraints, foreign keys with NO ACTION, ON DELETE CASCADE and ON UPDATE
 * CASCADE, a generated column, a BEFORE UPDATE trigger, defaults, and columns
 * of types int2, int4, int8, numeric, float8, text, bool, date, jsonb,
 * text[]). graphql.schemas points at mdiff_a only.
 *
 * With a fixed seed this script generates a sequence of steps. Each step is
 * one mutation request of 1-3 fields (insert with random column subsets and
 * on_conflict variants, insert_one, update with every operator, update_by_pk,
 * update_many, delete, delete_by_pk; random where trees with relationship
 * filters; returning with column subsets, aliases, __typename and
 * relationships) run by graphql.resolve on copy A, and the equivalent SQL,
 * built here from the step's own description and never from the extension's
 * SQL, run on copy B: for each field, INSERT ... ON CONFLICT ... RETURNING *,
 * UPDATE ... RETURNING * or DELETE ... RETURNING *, then a SELECT building
 * the field's JSON from the returned rows (relationships read after the
 * write, as Hasura does; for update_<t>_many in the update's own statement,
 * as the README says), all of the step's fields inside one exception
 * block, so that a failure rolls every one of them back. Many steps fail on
 * purpose: duplicate keys, foreign keys, CHECK and NOT NULL constraints,
 * out-of-range values, jsonb operators on the wrong kind of value. (Never an
 * explicit null for a NOT NULL column: that is a validation error, which
 * SQL cannot mirror.)
 *
 * For each step: both must succeed with equal responses (objects with keys
 * in the same order, numbers as numbers; returning in order for inserts, as
 * multisets for updates and deletes), or both must fail with the same
 * SQLSTATE, Hasura's code for it and the message (Hasura's prefix, e.g.
 * "Uniqueness violation. ", plus PostgreSQL's message); then the full
 * contents of both copies must be equal. A step whose copies differ
 * afterwards fails, and copy A is reset from copy B so that one bug is
 * counted once.
 *
 *   pg_virtualenv -t -v 15 node test/mutation_diff/run.js
 *
 * Options:
 *   --seed N       the seed (default 1)
 *   --steps N      number of steps (default 150)
 *   --show I       print step I (request, variables, SQL) and exit
 *   --print-sql    print the script fed to psql, and exit
 *   --verbose, -v  also list passing steps
 *   --reuse        before each step with variables, run its request twice
 *                  with other values (numbers changed, then strings
 *                  changed) and undo what they wrote, so that the step
 *                  itself finds its statements compiled for those values in
 *                  the plan cache and re-runs them with its own
 *                  (src/reuse.c); reports how many did, fails if none did.
 *                  Prints "mutation_reuse: N passed, M failed".
 *
 * Connection from the PG* environment; PSQL overrides the psql executable.
 * Two psql processes: one loads the fixture and returns graphql.sdl() (every
 * generated request is checked with graphql-js against it), one runs the
 * steps, one hex-encoded result row per step. Prints each failure and, at
 * the end, exactly one line "mutation_diff: N passed, M failed". Exits 1 on
 * any failure or error.
 */

const fs = require('fs');
const path = require('path');
const { graphql, exitOnEpipe, makeUsage, parseArgs, mulberry32, parseJsonStrict, firstDiff, trim, show, runPsql, unhex, HarnessError, otherValues, reportReuse } = require('../lib/diffkit');

exitOnEpipe();

// ---------------------------------------------------------------- options

const usage = makeUsage('usage: node run.js [--seed N] [--steps N] [--show I | --print-sql] [--verbose]');

const opts = { seed: 1, steps: 150, show: null, printSql: false, verbose: false, reuse: false };
parseArgs(opts, usage, (a, intArg) => {
  if (a === '--seed') opts.seed = intArg(a);
  else if (a === '--steps') opts.steps = intArg(a);
  else if (a === '--show') opts.show = intArg(a);
  else if (a === '--print-sql') opts.printSql = true;
  else if (a === '--reuse') opts.reuse = true;
  else return false;
  return true;
});

// ---------------------------------------------------------------- random numbers

// mulberry32, seeded from the seed
function makeRng(seed) {
  return mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0);
}

// ---------------------------------------------------------------- the fixture's schema

const A = 'mdiff_a'; // written through graphql.resolve (graphql.schemas)
const B = 'mdiff_b'; // written by the SQL built here
const P = `${A}_`; // GraphQL names of tables outside public are prefixed

const NUMERIC = ['int2', 'int4', 'int8', 'numeric', 'float8'];
const ORDERED_OPS = ['_eq', '_neq', '_gt', '_gte', '_lt', '_lte', '_in', '_nin', '_is_null'];
const OPS = {
  int2: ORDERED_OPS, int4: ORDERED_OPS, int8: ORDERED_OPS, numeric: ORDERED_OPS, float8: ORDERED_OPS, date: ORDERED_OPS,
  text: ORDERED_OPS.concat(['_like', '_nlike', '_ilike', '_nilike']),
  bool: ['_eq', '_neq', '_is_null'],
  jsonb: ['_eq', '_contains', '_contained_in', '_has_key', '_is_null'],
  'text[]': ['_eq', '_contains', '_contained_in', '_is_null'],
};
// GraphQL type of a column's values (for variables)
const GQL_TYPE = { int2: 'Int', int4: 'Int', int8: 'bigint', numeric: 'numeric', float8: 'Float', text: 'String', bool: 'Boolean', date: 'date', jsonb: 'jsonb', 'text[]': '[String!]' };

const rel = (name, kind, target, on) => ({ name, kind, target, on });
// cols: SQL type by column; generated: not insertable nor updatable;
// constraints: unique and primary key constraints; rels: [local, remote] pairs
const TABLES = {
  author: {
    pk: ['id'],
    cols: { id: 'int4', name: 'text', email: 'text', age: 'int4', rating: 'numeric', score: 'float8', active: 'bool', tags: 'text[]', meta: 'jsonb', joined: 'date', version: 'int4' },
    generated: [],
    constraints: ['author_pkey', 'author_email_key'],
    rels: [rel(`${P}articles`, 'arr', 'article', [['id', 'author_id']])],
  },
  article: {
    pk: ['id'],
    cols: { id: 'int4', author_id: 'int4', title: 'text', views: 'int4', likes: 'int8', data: 'jsonb', title_len: 'int4' },
    generated: ['title_len'],
    constraints: ['article_pkey', 'article_author_id_title_key'],
    rels: [
      rel('author', 'obj', 'author', [['author_id', 'id']]),
      rel(`${P}article_tags`, 'arr', 'article_tag', [['id', 'article_id']]),
    ],
  },
  tag: {
    pk: ['code'],
    cols: { code: 'text', label: 'text', weight: 'int2' },
    generated: [],
    constraints: ['tag_pkey'],
    rels: [rel(`${P}article_tags`, 'arr', 'article_tag', [['code', 'tag_code']])],
  },
  article_tag: {
    pk: ['article_id', 'tag_code'],
    cols: { article_id: 'int4', tag_code: 'text', note: 'text' },
    generated: [],
    constraints: ['article_tag_pkey'],
    rels: [
      rel('article', 'obj', 'article', [['article_id', 'id']]),
      rel(`${P}tag`, 'obj', 'tag', [['tag_code', 'code']]),
    ],
  },
};
const TABLE_NAMES = Object.keys(TABLES);
const TABLE_WEIGHTS = { author: 4, article: 4, tag: 2, article_tag: 2 };

const colsOf = (t) => Object.keys(TABLES[t].cols);
const writableCols = (t) => colsOf(t).filter((c) => !TABLES[t].generated.includes(c));
const incCols = (t) => writableCols(t).filter((c) => NUMERIC.includes(TABLES[t].cols[c]));
const jsonbCols = (t) => writableCols(t).filter((c) => TABLES[t].cols[c] === 'jsonb');

// ---------------------------------------------------------------- value pools

// Values per column: the fixture's and a few more; small pools, so that
// keys collide (unique and primary key violations), foreign keys miss,
// where clauses match.
const POOLS = {
  'author.id': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  'author.name': ['Ann', 'Bob', 'Cid', 'Dee', 'Émile', 'Zoë', "O'Neil", 'Max'],
  'author.email': ['ann@x.org', 'bob@x.org', 'dee@x.org', 'new@x.org', 'zoe@x.org', 'max@x.org'],
  'author.age': [0, 18, 27, 31, 45, 60, 99],
  'author.rating': [0.5, 2.5, 3, 4.5, 5, 3.25],
  'author.score': [0, 1.5, -2.25, 1000, 0.1],
  'author.joined': ['2023-05-01', '2022-01-15', '2024-02-29', '2020-01-01'],
  'author.version': [1, 2, 5],
  'article.id': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
  'article.author_id': [1, 2, 3, 4, 5],
  'article.title': ['Tables', 'Views', 'Joins', 'Indexes', 'Triggers', 'It\'s "quoted"', 'Ünïcode', 'New', 'Back\\slash'],
  'article.views': [0, 1, 3, 7, 10, 12, 50],
  'article.likes': [0, 1, 5, 9, 100, 4000000000],
  'article.title_len': [3, 5, 6, 7, 8],
  'tag.code': ['db', 'sql', 'go', 'misc', 'new', 'x y'],
  'tag.label': ['Databases', 'SQL', 'Go', 'New', 'é'],
  'tag.weight': [0, 1, 2, 3, 7],
  'article_tag.article_id': [1, 2, 3, 4, 5, 6, 7, 9],
  'article_tag.tag_code': ['db', 'sql', 'go', 'misc', 'new'],
  'article_tag.note': ['main', 'x', 'y', 'note'],
};
const JSON_POOL = [
  { lang: 'en' }, { lang: 'de', tags: ['a', 'b'] }, { lang: 'en', level: 3 }, { nested: { a: 1 } }, { draft: true, n: 1 },
  { n: 2 }, {}, [1, 2, 3], ['x'], [], 'text', 7,
];
const JSON_KEYS = ['lang', 'level', 'tags', 'nested', 'draft', 'n', 'a', 'zz'];
const TEXT_LIST_ITEMS = ['sql', 'c', 'go', 'rust'];

// New keys and unique values: inserted rows often get one (their pools
// then hold it, for later where clauses, keys and foreign keys).
let freshNo = 0;
const FRESH = {
  'author.id': () => 100 + freshNo,
  'author.email': () => `u${freshNo}@x.org`,
  'article.id': () => 100 + freshNo,
  'article.title': () => `Title ${freshNo}`,
  'tag.code': () => `t${freshNo}`,
};

// A value (JSON) for a column; sometimes one the column refuses, or (fresh:
// its chance) a value no row had.
function genValue(r, table, col, { bad = 0.04, fresh = 0 } = {}) {
  const type = TABLES[table].cols[col];
  const pool = POOLS[`${table}.${col}`];
  const mk = FRESH[`${table}.${col}`];
  if (mk && r.chance(fresh)) {
    freshNo++;
    const v = mk();
    pool.push(v);
    if (table === 'author' && col === 'id') POOLS['article.author_id'].push(v);
    if (table === 'article' && col === 'id') POOLS['article_tag.article_id'].push(v);
    if (table === 'tag' && col === 'code') POOLS['article_tag.tag_code'].push(v);
    return v;
  }
  if (r.chance(bad)) {
    switch (`${table}.${col}`) {
      case 'author.age': return r.pick([-1, 150]); // CHECK
      case 'author.rating': return 1234.5; // numeric(4,1): overflow
      case 'article.views': return -3; // CHECK
      case 'tag.weight': return 40000; // smallint out of range
      case 'article.author_id': return 77; // foreign key
      default: break;
    }
  }
  switch (type) {
    case 'int2': case 'int4': case 'int8': case 'numeric': case 'float8': case 'date':
      return r.pick(pool);
    case 'text':
      return r.pick(pool);
    case 'bool': return r.chance(0.5);
    case 'jsonb': return r.pick(JSON_POOL);
    case 'text[]': return r.sample(TEXT_LIST_ITEMS, r.int(0, 3));
    default: throw new Error(`no value for ${type}`);
  }
}

// A value for a column, or sometimes null if it is nullable (a null for a NOT
// NULL column is refused before anything runs, as Hasura's column parser
// does: a validation error, not something the SQL of copy B can mirror; NOT
// NULL violations come from columns left out of an insert)
const NOT_NULL = new Set(['author.id', 'author.name', 'author.active', 'author.version', 'article.id', 'article.author_id', 'article.title', 'article.views', 'tag.code', 'article_tag.article_id', 'article_tag.tag_code']);
function genValueOrNull(r, table, col, fresh = 0) {
  const notNull = NOT_NULL.has(`${table}.${col}`);
  if (!notNull && r.chance(0.12)) return null;
  return genValue(r, table, col, { fresh });
}

// ---------------------------------------------------------------- GraphQL values

class Enum {
  constructor(name) { this.name = name; }
}
class Var {
  constructor(name) { this.name = name; }
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
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return gqlNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(printValue).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${k}: ${printValue(x)}`).join(', ')}}`;
}

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

const sqlString = (text) => `'${text.replace(/'/g, "''")}'`; // standard_conforming_strings is on
const ident = (name) => `"${name.replace(/"/g, '""')}"`;
const tableB = (t) => `${B}.${ident(t)}`;

// A JSON value of a column's type as an SQL literal.
function sqlLit(type, v) {
  if (v === null) return `NULL::${type}`;
  switch (type) {
    case 'int2': case 'int4': case 'int8': case 'numeric': case 'float8':
      return `${sqlString(JSON.stringify(v))}::${type}`;
    case 'text': return `${sqlString(v)}::text`;
    case 'bool': return v ? 'true' : 'false';
    case 'date': return `${sqlString(v)}::date`;
    case 'jsonb': return `${sqlString(JSON.stringify(v))}::jsonb`;
    case 'text[]': return v.length ? `ARRAY[${v.map(sqlString).join(', ')}]::text[]` : `'{}'::text[]`;
    default: throw new Error(`no literal for ${type}`);
  }
}

// ---------------------------------------------------------------- where (bool_exp)

// be: {k: 'cmp', col, op, val} | {k: 'and'|'or', items} | {k: 'not', e} | {k: 'rel', rel, e} | {k: 'all'}
function genComparison(r, table, col) {
  const type = TABLES[table].cols[col];
  const op = r.pick(OPS[type]);
  let val;
  switch (op) {
    case '_is_null': val = r.chance(0.5); break;
    case '_in': case '_nin': {
      const n = r.weighted([[1, 0], [3, 1], [4, 2], [2, 3]]);
      val = [];
      for (let i = 0; i < n; i++) val.push(genValue(r, table, col, { bad: 0 }));
      break;
    }
    case '_like': case '_nlike': case '_ilike': case '_nilike': {
      const s = genValue(r, table, col, { bad: 0 });
      const chars = [...s];
      const cut = r.int(0, chars.length);
      val = r.pick([`${chars.slice(0, cut).join('')}%`, `%${chars.slice(cut).join('')}`, `%${r.pick(['a', 'e', 'o', 'n'])}%`, s]);
      if (op.includes('ilike') && r.chance(0.5)) val = val.toUpperCase();
      break;
    }
    case '_has_key': val = r.pick(JSON_KEYS); break;
    case '_contains': case '_contained_in':
      if (type === 'jsonb') val = r.pick([{ lang: 'en' }, { n: 1 }, {}, { draft: true }, [1], { lang: 'en', level: 3 }]);
      else val = r.sample(TEXT_LIST_ITEMS, r.int(0, 3));
      break;
    default: val = genValue(r, table, col, { bad: 0 });
  }
  return { k: 'cmp', col, op, val };
}

function genBoolExp(r, table, budget, relDepth) {
  const kind = r.weighted([
    [6, 'cmp'],
    [budget > 1 ? 1.2 : 0, 'and'],
    [budget > 1 ? 1.2 : 0, 'or'],
    [budget > 1 ? 0.6 : 0, 'not'],
    [relDepth < 2 ? 1.2 : 0, 'rel'],
    [0.3, 'all'],
  ]);
  switch (kind) {
    case 'cmp': return genComparison(r, table, r.pick(colsOf(table)));
    case 'and': case 'or': {
      const n = r.weighted([[0.3, 0], [1, 1], [3, 2], [1, 3]]);
      const items = [];
      for (let i = 0; i < n; i++) items.push(genBoolExp(r, table, Math.floor((budget - 1) / Math.max(n, 1)), relDepth));
      return { k: kind, items };
    }
    case 'not': return { k: 'not', e: genBoolExp(r, table, budget - 1, relDepth) };
    case 'rel': {
      const rl = r.pick(TABLES[table].rels);
      return { k: 'rel', rel: rl, e: genBoolExp(r, rl.target, budget - 1, relDepth + 1) };
    }
    default: return { k: 'all' };
  }
}

function boolExpGql(be) {
  switch (be.k) {
    case 'cmp': return { [be.col]: { [be.op]: be.val } };
    case 'and': return { _and: be.items.map(boolExpGql) };
    case 'or': return { _or: be.items.map(boolExpGql) };
    case 'not': return { _not: boolExpGql(be.e) };
    case 'rel': return { [be.rel.name]: boolExpGql(be.e) };
    default: return {};
  }
}

let aliasNo = 0;
const newAlias = () => `x${++aliasNo}`;

function comparisonSql(table, alias, be) {
  const type = TABLES[table].cols[be.col];
  const c = `${alias}.${ident(be.col)}`;
  const lit = (v) => sqlLit(type, v);
  switch (be.op) {
    case '_eq': return `(${c} = ${lit(be.val)})`;
    case '_neq': return `(${c} <> ${lit(be.val)})`;
    case '_gt': return `(${c} > ${lit(be.val)})`;
    case '_gte': return `(${c} >= ${lit(be.val)})`;
    case '_lt': return `(${c} < ${lit(be.val)})`;
    case '_lte': return `(${c} <= ${lit(be.val)})`;
    case '_in': return be.val.length ? `(${c} IN (${be.val.map(lit).join(', ')}))` : 'false';
    case '_nin': return be.val.length ? `(${c} NOT IN (${be.val.map(lit).join(', ')}))` : 'true';
    case '_is_null': return be.val ? `(${c} IS NULL)` : `(${c} IS NOT NULL)`;
    case '_like': return `(${c} LIKE ${sqlString(be.val)})`;
    case '_nlike': return `(${c} NOT LIKE ${sqlString(be.val)})`;
    case '_ilike': return `(${c} ILIKE ${sqlString(be.val)})`;
    case '_nilike': return `(${c} NOT ILIKE ${sqlString(be.val)})`;
    case '_has_key': return `(${c} ? ${sqlString(be.val)})`;
    case '_contains': return `(${c} @> ${lit(be.val)})`;
    case '_contained_in': return `(${c} <@ ${lit(be.val)})`;
    default: throw new Error(`no SQL for ${be.op}`);
  }
}

function boolExpSql(table, alias, be) {
  switch (be.k) {
    case 'cmp': return comparisonSql(table, alias, be);
    case 'and': return be.items.length ? `(${be.items.map((e) => boolExpSql(table, alias, e)).join(' AND ')})` : 'true';
    case 'or': return be.items.length ? `(${be.items.map((e) => boolExpSql(table, alias, e)).join(' OR ')})` : 'false';
    case 'not': return `(NOT ${boolExpSql(table, alias, be.e)})`;
    case 'rel': {
      const x = newAlias();
      const on = be.rel.on.map(([l, rm]) => `${x}.${ident(rm)} = ${alias}.${ident(l)}`).join(' AND ');
      return `EXISTS (SELECT 1 FROM ${tableB(be.rel.target)} ${x} WHERE ${on} AND ${boolExpSql(be.rel.target, x, be.e)})`;
    }
    default: return 'true';
  }
}

// ---------------------------------------------------------------- selections

// sel: [{key, kind: 'col'|'typename'|'rel', name, rel, sel}]
function genRowSelection(r, table, depth) {
  const cols = r.sample(colsOf(table), r.int(1, 4));
  const sel = cols.map((c) => ({ key: c, kind: 'col', name: c }));
  if (r.chance(0.15)) sel.splice(r.int(0, sel.length), 0, { key: '__typename', kind: 'typename', name: '__typename' });
  if (depth < 2 && r.chance(depth === 0 ? 0.35 : 0.2)) {
    const rl = r.pick(TABLES[table].rels);
    sel.splice(r.int(0, sel.length), 0, { key: rl.name, kind: 'rel', name: rl.name, rel: rl, sel: genRowSelection(r, rl.target, depth + 1) });
  }
  // an alias now and then (never colliding with another key)
  for (const s of sel) {
    if (r.chance(0.1)) {
      const a = `a_${s.name.replace(/^_+/, '')}`;
      if (!sel.some((o) => o.key === a)) s.key = a;
    }
  }
  return sel;
}

function printRowSelection(table, sel) {
  return `{ ${sel.map((s) => {
    const head = s.key === s.name ? s.name : `${s.key}: ${s.name}`;
    if (s.kind !== 'rel') return head;
    const args = s.rel.kind === 'arr' ? `(order_by: [${TABLES[s.rel.target].pk.map((c) => `{${c}: asc}`).join(', ')}])` : '';
    return `${head}${args} ${printRowSelection(s.rel.target, s.sel)}`;
  }).join(' ')} }`;
}

// json_build_object(...) of a row of `table` whose columns are `alias`.<col>
function rowSql(table, alias, sel) {
  const parts = sel.map((s) => {
    let e;
    if (s.kind === 'col') e = `${alias}.${ident(s.name)}`;
    else if (s.kind === 'typename') e = `${sqlString(P + table)}::text`;
    else {
      const x = newAlias();
      const on = s.rel.on.map(([l, rm]) => `${x}.${ident(rm)} = ${alias}.${ident(l)}`).join(' AND ');
      if (s.rel.kind === 'obj') {
        e = `(SELECT ${rowSql(s.rel.target, x, s.sel)} FROM ${tableB(s.rel.target)} ${x} WHERE ${on})`;
      } else {
        const order = TABLES[s.rel.target].pk.map((c) => `${x}.${ident(c)}`).join(', ');
        e = `(SELECT coalesce(json_agg(${rowSql(s.rel.target, x, s.sel)} ORDER BY ${order}), '[]'::json) FROM ${tableB(s.rel.target)} ${x} WHERE ${on})`;
      }
    }
    return `${sqlString(s.key)}, ${e}`;
  });
  return `json_build_object(${parts.join(', ')})`;
}

// A mutation response's selection: affected_rows, returning, __typename.
function genResponseSelection(r, table) {
  const items = [];
  if (r.chance(0.75)) items.push({ key: 'affected_rows', kind: 'affected' });
  if (r.chance(0.85) || !items.length) items.push({ key: 'returning', kind: 'returning', sel: genRowSelection(r, table, 0) });
  if (r.chance(0.08)) items.push({ key: '__typename', kind: 'typename' });
  return r.shuffle(items);
}

function printResponseSelection(table, items) {
  return `{ ${items.map((it) => (it.kind === 'returning' ? `returning ${printRowSelection(table, it.sel)}` : it.key)).join(' ')} }`;
}

// ---------------------------------------------------------------- steps

// One step: a mutation request and, per field, the SQL of copy B.
class Step {
  constructor(no, r) {
    this.no = no;
    this.r = r;
    this.vars = []; // {name, type, json}
    this.fields = []; // {text, plan: {key, many, stmts: [{dml, out}]}}
    this.features = new Set();
    this.nextVar = 1;
  }

  // the value itself, or (with chance p) a variable holding it
  maybeVar(p, type, value) {
    if (!this.r.chance(p)) return value;
    const name = `v${this.nextVar++}`;
    this.vars.push({ name, type, json: toJson(value) });
    this.features.add('variables');
    return new Var(name);
  }
}

// the SELECT building a field's JSON from the written rows (src: $1, or an
// expression; json, in order)
function responseOutSql(table, items, ordered, src = '$1') {
  const rows = `json_populate_recordset(NULL::${tableB(table)}, ${src}) WITH ORDINALITY AS r`;
  const parts = items.map((it) => {
    let e;
    if (it.kind === 'affected') e = `json_array_length(${src})`;
    else if (it.kind === 'typename') e = `${sqlString(`${P}${table}_mutation_response`)}::text`;
    else e = `(SELECT coalesce(json_agg(${rowSql(table, 'r', it.sel)} ORDER BY r.ordinality), '[]'::json) FROM ${rows})`;
    return `${sqlString(it.key)}, ${e}`;
  });
  return { sql: `SELECT json_build_object(${parts.join(', ')})`, ordered };
}

function rowOutSql(table, sel) {
  return { sql: `SELECT (SELECT ${rowSql(table, 'r', sel)} FROM json_populate_recordset(NULL::${tableB(table)}, $1) WITH ORDINALITY AS r ORDER BY r.ordinality LIMIT 1)`, ordered: true };
}

// an insert object: a random subset of the writable columns
function genObject(r, table) {
  const obj = {};
  const cols = writableCols(table);
  // the primary key and NOT NULL columns mostly given
  for (const c of r.shuffle(cols)) {
    const required = NOT_NULL.has(`${table}.${c}`) && !(table === 'author' && ['active', 'version'].includes(c)) && !(table === 'article' && c === 'views');
    if (required ? r.chance(0.985) : r.chance(0.45)) obj[c] = genValueOrNull(r, table, c, 0.6);
  }
  return obj;
}

function genOnConflict(r, step, table, objects) {
  const constraint = r.pick(TABLES[table].constraints);
  const updatable = writableCols(table);
  const updateColumns = r.chance(0.25) ? [] : r.sample(updatable, r.int(1, 3));
  const where = updateColumns.length && r.chance(0.3) ? genBoolExp(r, table, 2, 1) : null;
  step.features.add(updateColumns.length ? (where ? 'on_conflict where' : 'on_conflict update') : 'on_conflict nothing');
  const gql = { constraint: new Enum(constraint), update_columns: updateColumns.map((c) => new Enum(c)) };
  if (where) gql.where = boolExpGql(where);
  if (!updateColumns.length && r.chance(0.3)) delete gql.update_columns; // its default []
  let sql = ` ON CONFLICT ON CONSTRAINT ${ident(constraint)} DO `;
  if (!updateColumns.length) sql += 'NOTHING';
  else {
    sql += `UPDATE SET ${updateColumns.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}`;
    if (where) sql += ` WHERE ${boolExpSql(table, 't', where)}`;
  }
  return { gql, sql };
}

function insertSql(table, objects, conflictSql) {
  if (!objects.length) return null;
  const cols = [];
  for (const o of objects) for (const c of Object.keys(o)) if (!cols.includes(c)) cols.push(c);
  if (!cols.length) cols.push(TABLES[table].pk[0]); // every column from its default
  const types = TABLES[table].cols;
  const rows = objects.map((o) => `(${cols.map((c) => (Object.prototype.hasOwnProperty.call(o, c) ? sqlLit(types[c], o[c]) : 'DEFAULT')).join(', ')})`);
  return `INSERT INTO ${tableB(table)} AS t (${cols.map(ident).join(', ')}) VALUES ${rows.join(', ')}${conflictSql} RETURNING t.*`;
}

// Update operators: {gql: {_set: {...}, ...}, sql: "SET ..."}; each column in one operator.
function genUpdateOps(r, step, table) {
  const types = TABLES[table].cols;
  const used = new Set();
  const gql = {};
  const sets = [];
  const free = (list) => list.filter((c) => !used.has(c));
  const ops = r.shuffle(['_set', '_inc', '_append', '_prepend', '_delete_key', '_delete_elem', '_delete_at_path']);
  let n = 0;
  for (const op of ops) {
    const want = n === 0 ? 0.6 : 0.25;
    if (!r.chance(want)) continue;
    let cands;
    if (op === '_set') cands = free(writableCols(table));
    else if (op === '_inc') cands = free(incCols(table));
    else cands = free(jsonbCols(table));
    if (!cands.length) continue;
    const cols = r.sample(cands, op === '_set' ? r.int(1, 3) : 1);
    const obj = {};
    for (const c of cols) {
      used.add(c);
      const col = `t.${ident(c)}`;
      let v;
      switch (op) {
        case '_set':
          v = genValueOrNull(r, table, c);
          sets.push(`${ident(c)} = ${sqlLit(types[c], v)}`);
          break;
        case '_inc':
          v = r.chance(0.04) && types[c] !== 'float8' ? 1000000 : r.pick(types[c] === 'numeric' || types[c] === 'float8' ? [1, -1, 0.5, 2.25] : [1, -1, 2, 10, -5]);
          if (c === 'id' || c === 'article_id') v = r.pick([1, -1, 10]);
          sets.push(`${ident(c)} = ${col} + ${sqlLit(types[c], v)}`);
          break;
        case '_append':
          v = r.pick(JSON_POOL);
          sets.push(`${ident(c)} = ${col} || ${sqlLit('jsonb', v)}`);
          break;
        case '_prepend':
          v = r.pick(JSON_POOL);
          sets.push(`${ident(c)} = ${sqlLit('jsonb', v)} || ${col}`);
          break;
        case '_delete_key':
          v = r.pick(JSON_KEYS);
          sets.push(`${ident(c)} = ${col} - ${sqlString(v)}::text`);
          break;
        case '_delete_elem':
          v = r.pick([0, 1, -1]);
          sets.push(`${ident(c)} = ${col} - ${v}`);
          break;
        default: // _delete_at_path
          v = r.pick([['lang'], ['nested', 'a'], ['tags', '0'], ['0'], []]);
          sets.push(`${ident(c)} = ${col} #- ${v.length ? `ARRAY[${v.map(sqlString).join(', ')}]::text[]` : `'{}'::text[]`}`);
          break;
      }
      obj[c] = v;
    }
    gql[op] = obj;
    step.features.add(op);
    n++;
  }
  if (!n) return genUpdateOps(r, step, table);
  return { gql, sql: sets.join(', ') };
}

function pkValues(r, table) {
  const o = {};
  for (const c of TABLES[table].pk) o[c] = genValue(r, table, c, { bad: 0 });
  return o;
}

const pkWhereSql = (table, pk) => TABLES[table].pk.map((c) => `t.${ident(c)} = ${sqlLit(TABLES[table].cols[c], pk[c])}`).join(' AND ');

// One root field of a step: its GraphQL text (without alias) and its plan.
function genField(step, table) {
  const r = step.r;
  const tn = P + table;
  const kind = r.weighted([[5, 'insert'], [3, 'insert_one'], [4, 'update'], [2.5, 'update_by_pk'], [1.5, 'update_many'], [2, 'delete'], [2, 'delete_by_pk']]);
  step.features.add(kind);
  const args = [];
  let stmts;
  let selText;
  let many = false;
  if (kind === 'insert' || kind === 'insert_one') {
    const n = kind === 'insert_one' ? 1 : r.weighted([[0.5, 0], [4, 1], [3, 2], [1.5, 3]]);
    const objects = [];
    for (let i = 0; i < n; i++) objects.push(genObject(r, table));
    let conflict = { sql: '' };
    let onConflictGql = null;
    if (r.chance(0.4)) {
      conflict = genOnConflict(r, step, table, objects);
      onConflictGql = conflict.gql;
    }
    if (kind === 'insert') args.push(`objects: ${printValue(step.maybeVar(0.2, `[${tn}_insert_input!]!`, objects))}`);
    else args.push(`object: ${printValue(step.maybeVar(0.2, `${tn}_insert_input!`, objects[0]))}`);
    if (onConflictGql) args.push(`on_conflict: ${printValue(step.maybeVar(0.15, `${tn}_on_conflict`, onConflictGql))}`);
    let out;
    if (kind === 'insert') {
      const items = genResponseSelection(r, table);
      selText = printResponseSelection(table, items);
      out = responseOutSql(table, items, true);
    } else {
      const sel = genRowSelection(r, table, 0);
      selText = printRowSelection(table, sel);
      out = rowOutSql(table, sel);
    }
    stmts = [{ dml: insertSql(table, objects, conflict.sql), out }];
  } else if (kind === 'update' || kind === 'update_many') {
    const count = kind === 'update' ? 1 : r.int(1, 3);
    const items = genResponseSelection(r, table);
    selText = printResponseSelection(table, items);
    stmts = [];
    const updates = [];
    for (let i = 0; i < count; i++) {
      const where = genBoolExp(r, table, 3, 0);
      const ops = genUpdateOps(r, step, table);
      updates.push({ where: boolExpGql(where), ...ops.gql });
      const dml = `UPDATE ${tableB(table)} AS t SET ${ops.sql} WHERE ${boolExpSql(table, 't', where)} RETURNING t.*`;
      if (kind === 'update') stmts.push({ dml, out: responseOutSql(table, items, false) });
      else {
        // update_<t>_many builds each update's response in the update's own
        // statement (README): its relationships see the rows as they were
        // before that update
        const out = responseOutSql(table, items, false, '(SELECT j.rows FROM j)');
        stmts.push({ dml: null, single: `WITH w AS (${dml}), j AS (SELECT coalesce(json_agg(w), '[]'::json) AS rows FROM w) ${out.sql}`, out });
      }
    }
    if (kind === 'update') {
      const u = updates[0];
      args.push(`where: ${printValue(step.maybeVar(0.15, `${tn}_bool_exp!`, u.where))}`);
      for (const [k, v] of Object.entries(u)) if (k !== 'where') args.push(`${k}: ${printValue(step.maybeVar(0.1, `${tn}${{ _set: '_set_input', _inc: '_inc_input', _append: '_append_input', _prepend: '_prepend_input', _delete_key: '_delete_key_input', _delete_elem: '_delete_elem_input', _delete_at_path: '_delete_at_path_input' }[k]}`, v))}`);
    } else {
      many = true;
      args.push(`updates: ${printValue(step.maybeVar(0.2, `[${tn}_updates!]!`, updates))}`);
    }
  } else if (kind === 'update_by_pk') {
    const pk = pkValues(r, table);
    const ops = genUpdateOps(r, step, table);
    args.push(`pk_columns: ${printValue(step.maybeVar(0.15, `${tn}_pk_columns_input!`, pk))}`);
    for (const [k, v] of Object.entries(ops.gql)) args.push(`${k}: ${printValue(v)}`);
    const sel = genRowSelection(r, table, 0);
    selText = printRowSelection(table, sel);
    stmts = [{ dml: `UPDATE ${tableB(table)} AS t SET ${ops.sql} WHERE ${pkWhereSql(table, pk)} RETURNING t.*`, out: rowOutSql(table, sel) }];
  } else if (kind === 'delete') {
    const where = genBoolExp(r, table, 3, 0);
    args.push(`where: ${printValue(step.maybeVar(0.15, `${tn}_bool_exp!`, boolExpGql(where)))}`);
    const items = genResponseSelection(r, table);
    selText = printResponseSelection(table, items);
    stmts = [{ dml: `DELETE FROM ${tableB(table)} AS t WHERE ${boolExpSql(table, 't', where)} RETURNING t.*`, out: responseOutSql(table, items, false) }];
  } else { // delete_by_pk
    const pk = pkValues(r, table);
    for (const c of TABLES[table].pk) args.push(`${c}: ${printValue(step.maybeVar(0.15, `${GQL_TYPE[TABLES[table].cols[c]]}!`, pk[c]))}`);
    const sel = genRowSelection(r, table, 0);
    selText = printRowSelection(table, sel);
    stmts = [{ dml: `DELETE FROM ${tableB(table)} AS t WHERE ${pkWhereSql(table, pk)} RETURNING t.*`, out: rowOutSql(table, sel) }];
  }
  const fieldName = kind === 'insert' ? `insert_${tn}` : kind === 'insert_one' ? `insert_${tn}_one`
    : kind === 'update' ? `update_${tn}` : kind === 'update_by_pk' ? `update_${tn}_by_pk`
      : kind === 'update_many' ? `update_${tn}_many` : kind === 'delete' ? `delete_${tn}` : `delete_${tn}_by_pk`;
  return { fieldName, text: `${fieldName}(${args.join(', ')}) ${selText}`, many, stmts };
}

function genStep(r, no) {
  const step = new Step(no, r);
  const nFields = r.weighted([[7, 1], [2, 2], [1, 3]]);
  if (nFields > 1) step.features.add('several fields');
  const names = [];
  const lines = [];
  for (let i = 0; i < nFields; i++) {
    const table = r.weighted(TABLE_NAMES.map((t) => [TABLE_WEIGHTS[t], t]));
    const f = genField(step, table);
    let key = f.fieldName;
    if (names.includes(key) || r.chance(0.15)) key = `m${i + 1}`;
    names.push(key);
    lines.push(`  ${key === f.fieldName ? '' : `${key}: `}${f.text}`);
    step.fields.push({ key, many: f.many, stmts: f.stmts });
  }
  if (r.chance(0.05)) {
    lines.splice(r.int(0, lines.length), 0, '  __typename');
    step.typenameAt = true;
  }
  const defs = step.vars.length ? `(${step.vars.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : '';
  step.query = `mutation${defs ? ` step${no}${defs}` : ''} {\n${lines.join('\n')}\n}`;
  step.variables = {};
  for (const v of step.vars) step.variables[v.name] = v.json;
  // the plan for copy B, in the order of the request's fields (__typename: a literal)
  step.plan = [];
  let fi = 0;
  for (const l of lines) {
    if (l === '  __typename') step.plan.push({ key: '__typename', literal: '"mutation_root"' });
    else {
      const f = step.fields[fi++];
      step.plan.push({
        key: f.key,
        many: f.many,
        stmts: f.stmts.map((s) => (s.single ? { single: s.single } : { dml: s.dml, out: s.out.sql })),
      });
    }
  }
  step.unordered = step.fields.map((f) => !f.stmts[0].out.ordered);
  return step;
}

// ---------------------------------------------------------------- comparison

const sortByText = (list) => list.map((x) => [JSON.stringify(x), x]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((x) => x[1]);

// The response with the returning lists of updates and deletes sorted (compared as multisets).
function canonical(step, resp) {
  if (!resp || typeof resp !== 'object' || !resp.data || typeof resp.data !== 'object') return resp;
  const data = { ...resp.data };
  step.fields.forEach((f, i) => {
    if (!step.unordered[i] || !(f.key in data)) return;
    const fix = (v) => (v && Array.isArray(v.returning) ? { ...v, returning: sortByText(v.returning) } : v);
    data[f.key] = Array.isArray(data[f.key]) ? data[f.key].map(fix) : fix(data[f.key]);
  });
  return { ...resp, data };
}

// Hasura's message for an SQLSTATE (its prefix and PostgreSQL's message, or
// its own) and its code (src/execute.c, sqlstate_code)
const PREFIX = {
  23001: 'Can not delete or update due to data being referred. ', 23505: 'Uniqueness violation. ',
  23503: 'Foreign key violation. ', 23502: 'Not-NULL violation. ', 23514: 'Check constraint violation. ',
  '23P01': 'Exclusion violation. ',
};
const MESSAGE = {
  '42P10': 'there is no unique or exclusion constraint on target column(s)',
  40001: 'serialization failure due to concurrent update',
};
function hasuraMessage(st, message) {
  return MESSAGE[st] || (PREFIX[st] || '') + message;
}
function hasuraCode(st) {
  if (st === '42501' || st === '23514') return 'permission-error';
  if (st === '22025') return 'bad-request';
  if (st === '42704' || st === '42P10') return 'constraint-error';
  if (st.startsWith('22')) return 'data-exception';
  if (st.startsWith('23')) return 'constraint-violation';
  if (st.startsWith('40')) return 'concurrent-update';
  return 'unexpected';
}

// ---------------------------------------------------------------- psql

const SESSION = [
  "set client_min_messages = 'warning';",
  'set standard_conforming_strings = on;',
  "set client_encoding = 'UTF8';",
  "set timezone = 'UTC';",
  "set datestyle = 'ISO, MDY';",
  "set extra_float_digits = 1;",
  "set statement_timeout = '60s';",
  'create extension if not exists graphql;',
  `set graphql.schemas = '${A}';`,
].join('\n');

// Load the fixture; return graphql.sdl().
function loadFixture() {
  const fixture = fs.readFileSync(path.join(__dirname, 'fixture.sql'), 'utf8');
  const script = `${SESSION}\n${fixture}\nSELECT encode(convert_to(graphql.sdl(), 'UTF8'), 'hex');\n`;
  const res = runPsql(script);
  if (!res.ok || res.lines.length !== 1) {
    const err = [`loading the fixture failed (${res.ok ? `${res.lines.length} lines of output` : res.why})`];
    for (const l of res.stderr.split('\n').slice(-15)) if (l) err.push(`  psql: ${l}`);
    throw new HarnessError(err.join('\n'));
  }
  return unhex(res.lines[0]);
}

// Both copies' contents, one JSON object per copy, and the reset of A from B.
function stateSql(schema) {
  return `json_build_object(${TABLE_NAMES.map((t) => `${sqlString(t)}, (SELECT coalesce(json_agg(x ORDER BY ${TABLES[t].pk.map((c) => `x.${ident(c)}`).join(', ')}), '[]'::json) FROM ${schema}.${ident(t)} x)`).join(', ')})::text`;
}

function resetSql() {
  const copy = (t) => {
    const cols = writableCols(t).map(ident).join(', ');
    return `INSERT INTO ${A}.${ident(t)} (${cols}) SELECT ${cols} FROM ${B}.${ident(t)};`;
  };
  return [
    ...['article_tag', 'article', 'author', 'tag'].map((t) => `DELETE FROM ${A}.${ident(t)};`),
    ...['author', 'tag', 'article', 'article_tag'].map(copy),
  ].join('\n    ');
}

function buildScript(steps) {
  const out = [
    '-- generated by test/mutation_diff/run.js; one result row (hex-encoded UTF-8 JSON) per step',
    SESSION,
    `create function pg_temp.step(q text, v jsonb, plan jsonb, p1 jsonb, p2 jsonb) returns text language plpgsql as $step$
declare
  ours text;
  ours_error text;
  exp text;
  exp_state text;
  msg text;
  st text;
  f jsonb;
  s jsonb;
  written json;
  resp json;
  parts text[] := '{}';
  list text[];
  a_state text;
  b_state text;
  before bigint;
  reused bigint;
begin
  if p1 is not null then
    -- the same text with other values first, their writes undone: the step
    -- may re-run their statements
    begin
      perform graphql.resolve(q, p1);
      perform graphql.resolve(q, p2);
      select reuses into before from graphql.cache_stats();
      raise exception using errcode = 'P0001', message = 'undo the priming requests';
    exception when raise_exception then
      null;
    end;
  end if;
  begin
    ours := graphql.resolve(q, v)::text;
  exception when others then
    get stacked diagnostics msg = message_text, st = returned_sqlstate;
    ours_error := st || ': ' || msg;
  end;
  begin
    for f in select * from jsonb_array_elements(plan) loop
      if f ? 'literal' then
        parts := parts || (to_json(f->>'key')::text || ': ' || (f->>'literal'));
        continue;
      end if;
      list := '{}';
      for s in select * from jsonb_array_elements(f->'stmts') loop
        if s ? 'single' then
          execute s->>'single' into resp;
          list := list || coalesce(resp::text, 'null');
          continue;
        end if;
        if jsonb_typeof(s->'dml') = 'null' then
          written := '[]';
        else
          execute 'with w as (' || (s->>'dml') || ') select coalesce(json_agg(w), ''[]''::json) from w' into written;
        end if;
        execute s->>'out' using written into resp;
        list := list || coalesce(resp::text, 'null');
      end loop;
      parts := parts || (to_json(f->>'key')::text || ': ' ||
        case when (f->>'many')::boolean then '[' || array_to_string(list, ', ') || ']' else list[1] end);
    end loop;
    exp := '{"data": {' || array_to_string(parts, ', ') || '}}';
  exception when others then
    get stacked diagnostics msg = message_text, st = returned_sqlstate;
    exp := json_build_object('sqlstate', st, 'message', msg)::text;
    exp_state := 'error';
  end;
  if p1 is not null then
    select reuses - before into reused from graphql.cache_stats();
  end if;
  a_state := ${stateSql(A)};
  b_state := ${stateSql(B)};
  if a_state = b_state then
    a_state := null;
    b_state := null;
  else
    ${resetSql()}
  end if;
  return encode(convert_to(json_build_object('ours', ours, 'ours_error', ours_error, 'exp', exp, 'exp_failed', exp_state is not null,
    'a', a_state, 'b', b_state, 'reused', reused)::text, 'UTF8'), 'hex');
end
$step$;`,
  ];
  for (const s of steps) {
    const prime = opts.reuse && Object.keys(s.variables).length > 0;
    const p1 = prime ? sqlString(JSON.stringify(otherValues(s.variables, true))) : 'null';
    const p2 = prime ? sqlString(JSON.stringify(otherValues(s.variables, false))) : 'null';
    out.push(`-- step ${s.no}`);
    out.push(`select pg_temp.step(${sqlString(s.query)}, ${sqlString(JSON.stringify(s.variables))}, ${sqlString(JSON.stringify(s.plan))}, ${p1}, ${p2});`);
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------- main

function printStep(s, log) {
  log(`  request: ${s.query.replace(/\n\s*/g, ' ')}`);
  if (s.vars.length) log(`  variables: ${JSON.stringify(s.variables)}`);
}

// The first difference between two states ({table: [rows]}), as text.
function stateDiff(a, b) {
  for (const t of TABLE_NAMES) {
    const ra = a[t];
    const rb = b[t];
    const n = Math.max(ra.length, rb.length);
    for (let i = 0; i < n; i++) {
      const x = JSON.stringify(ra[i]);
      const y = JSON.stringify(rb[i]);
      if (x !== y) return `${t}[${i}]: copy A ${x === undefined ? '(none)' : x}, copy B ${y === undefined ? '(none)' : y}`;
    }
  }
  return 'the copies differ';
}

function main() {
  const sdl = loadFixture();
  let schema;
  try {
    schema = graphql.buildSchema(sdl);
  } catch (e) {
    throw new HarnessError(`graphql-js cannot build the schema from graphql.sdl(): ${e.message}`);
  }

  const r = makeRng(opts.seed);
  const steps = [];
  for (let i = 1; i <= opts.steps; i++) steps.push(genStep(r, i));

  let failed = 0;
  let passed = 0;
  let wentWrong = false;

  // every generated request must be valid for graphql-js, against our SDL
  for (const s of steps) {
    let errors;
    try {
      const doc = graphql.parse(s.query);
      errors = graphql.validate(schema, doc);
      if (!errors.length) {
        const op = doc.definitions.find((d) => d.kind === graphql.Kind.OPERATION_DEFINITION);
        const coerced = graphql.getVariableValues(schema, op.variableDefinitions || [], s.variables);
        if (coerced.errors) errors = coerced.errors;
      }
    } catch (e) {
      errors = [e];
    }
    if (errors.length) {
      wentWrong = true;
      s.invalid = errors.map((e) => e.message).join('; ');
    }
  }

  if (opts.show !== null) {
    const s = steps[opts.show - 1];
    if (!s) usage(`there are ${steps.length} steps`);
    console.log(`# step ${s.no}, seed ${opts.seed}; features: ${[...s.features].join(', ')}`);
    if (s.invalid) console.log(`# INVALID for graphql-js: ${s.invalid}`);
    console.log(s.query);
    console.log(`# variables\n${JSON.stringify(s.variables, null, 2)}`);
    console.log('# SQL of copy B, per field');
    for (const f of s.plan) {
      if (f.literal) continue;
      for (const st of f.stmts) console.log(st.single ? `-- ${f.key}\n${st.single};` : `-- ${f.key}\n${st.dml || '(no statement)'};\n${st.out};`);
    }
    return s.invalid ? 1 : 0;
  }

  const script = buildScript(steps);
  if (opts.printSql) {
    process.stdout.write(script);
    return wentWrong ? 1 : 0;
  }

  const started = Date.now();
  const res = runPsql(script);
  const lines = res.lines;
  if (!res.ok) {
    wentWrong = true;
    const next = steps[lines.length];
    console.log(`run.js: psql failed (${res.why}) after ${lines.length} of ${steps.length} steps` +
      (next ? `; the step being run was ${next.no}` : ''));
    for (const l of res.stderr.split('\n').slice(-15)) if (l) console.log(`  psql: ${l}`);
  } else if (res.stderr) {
    for (const l of res.stderr.split('\n').slice(-15)) console.log(`  psql: ${l}`);
  }
  if (lines.length > steps.length) {
    console.log(`run.js: psql printed ${lines.length} lines for ${steps.length} steps`);
    wentWrong = true;
  }

  const featureFailures = {};
  const tally = { ok: 0, error: 0, states: {}, rows: 0 };
  let primed = 0;
  let reused = 0;
  steps.forEach((s, i) => {
    const problems = [];
    if (s.invalid) problems.push(`the generated request is invalid for graphql-js (generator bug or SDL bug): ${s.invalid}`);
    if (i >= lines.length) {
      failed++;
      if (res.ok) console.log(`FAIL step ${s.no}: no result from psql`);
      return;
    }
    let row;
    try {
      row = JSON.parse(unhex(lines[i]));
    } catch (e) {
      wentWrong = true;
      failed++;
      console.log(`FAIL step ${s.no}: cannot read psql's output line: ${trim(lines[i], 200)}`);
      return;
    }
    const details = [];
    if (row.reused !== null) {
      primed++;
      if (row.reused > 0) reused++;
    }
    if (row.ours_error !== null) {
      problems.push(`graphql.resolve raised an SQL error: ${row.ours_error}`);
    } else {
      let ours = null;
      try {
        ours = parseJsonStrict(row.ours);
      } catch (e) {
        problems.push(`our response is not valid JSON (${e.message})`);
        details.push(`ours:     ${trim(row.ours)}`);
      }
      if (ours && row.exp_failed) {
        tally.error++;
        const e = JSON.parse(row.exp);
        tally.states[e.sqlstate] = (tally.states[e.sqlstate] || 0) + 1;
        const want = { message: hasuraMessage(e.sqlstate, e.message), code: hasuraCode(e.sqlstate), sqlstate: e.sqlstate };
        const err = ours.errors && ours.errors[0];
        if (!err || !('data' in ours) || ours.data !== null) {
          problems.push(`the SQL of copy B failed (${e.sqlstate}: ${e.message}) but ours did not answer {"data": null, "errors": [...]}`);
          details.push(`ours:     ${trim(row.ours)}`);
        } else {
          const got = { message: err.message, code: err.extensions && err.extensions.code, sqlstate: err.extensions && err.extensions.sqlstate };
          for (const k of ['sqlstate', 'code', 'message']) {
            if (got[k] !== want[k]) {
              problems.push(`both failed, with another ${k}: expected ${JSON.stringify(want[k])}, ours ${JSON.stringify(got[k])}`);
              break;
            }
          }
          if (ours.errors.length !== 1) problems.push(`${ours.errors.length} errors in our response, expected 1`);
        }
      } else if (ours) {
        tally.ok++;
        const exp = JSON.parse(row.exp);
        for (const v of Object.values(exp.data || {})) {
          for (const x of Array.isArray(v) ? v : [v]) {
            if (x && Array.isArray(x.returning)) tally.rows += x.returning.length;
            else if (x && typeof x === 'object' && !('returning' in x) && !('affected_rows' in x)) tally.rows++;
          }
        }
        if (ours.errors) {
          problems.push(`our response is an error, the SQL of copy B succeeded: ${show(ours.errors)}`);
          details.push(`expected: ${trim(row.exp)}`);
        } else {
          const d = firstDiff(canonical(s, exp), canonical(s, ours), '');
          if (d) {
            problems.push(`responses differ at ${d.path}${d.note ? ` (${d.note})` : ''}`);
            details.push(`at ${d.path}: expected ${show(d.exp)}, ours ${show(d.got)}`, `ours:     ${trim(row.ours)}`, `expected: ${trim(row.exp)}`);
          }
        }
      }
    }
    if (row.a !== null || row.b !== null) {
      problems.push(`the copies differ afterwards: ${stateDiff(JSON.parse(row.a), JSON.parse(row.b))} (copy A reset from B)`);
    }
    if (!problems.length) {
      passed++;
      if (opts.verbose) console.log(`ok   step ${s.no}: ${row.exp_failed ? `both failed (${JSON.parse(row.exp).sqlstate}: ${trim(JSON.parse(row.exp).message, 90)})` : 'both succeeded'}; ${[...s.features].join(', ')}`);
      return;
    }
    failed++;
    console.log(`FAIL step ${s.no} (seed ${opts.seed}): ${problems[0]}`);
    printStep(s, console.log);
    for (const p of problems.slice(1)) console.log(`  also: ${p}`);
    for (const d of details) console.log(`  ${d}`);
    for (const f of s.features) featureFailures[f] = (featureFailures[f] || 0) + 1;
  });
  if (steps.length > lines.length) {
    wentWrong = true;
    console.log(`run.js: ${steps.length - lines.length} steps got no result`);
  }
  if (opts.verbose) {
    console.log(`run.js: ${steps.length} steps ran in ${Date.now() - started} ms; copy B's SQL succeeded in ${tally.ok} (${tally.rows} rows returned) ` +
      `and failed in ${tally.error} (${Object.entries(tally.states).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  }
  if (failed && Object.keys(featureFailures).length) {
    console.log(`failures by feature: ${Object.entries(featureFailures).sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ')}`);
  }
  if (opts.reuse) failed += reportReuse(reused, primed, 'step');
  console.log(`${opts.reuse ? 'mutation_reuse' : 'mutation_diff'}: ${passed} passed, ${failed} failed`);
  return failed > 0 || wentWrong ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  if (e instanceof HarnessError) console.log(`run.js: ${e.message}`);
  else console.log(`run.js: internal error: ${e && e.stack}`);
  console.log(`${opts.reuse ? 'mutation_reuse' : 'mutation_diff'}: 0 passed, 1 failed`);
  process.exitCode = 1;
}
