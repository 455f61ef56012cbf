#!/usr/bin/env node
'use strict';
/*
 * Client-level test of introspection (__schema, __type) with graphql-js
 * 16.11.0, the reference implementation, as a GraphQL client would use it.
 *
 *   pg_virtualenv -t -v 15 node test/introspection/run.js
 *
 * 1. fixture: drops and recreates its own objects in schema public of the
 *    database it connects to (tables, a view, a materialized view, enums, a
 *    domain, foreign keys, comment directives, descriptions with quotes,
 *    newlines, indentation, long lines, unicode, `"""`, jsonb/json columns,
 *    arrays), then
 *    - sends graphql-js's getIntrospectionQuery() (default options, and all
 *      options on) through graphql.resolve, builds the client schema with
 *      buildClientSchema and checks it with assertValidSchema;
 *    - printSchema(client schema) must be graphql.sdl(), byte for byte, and
 *      buildSchema(graphql.sdl()) must be valid and print back identically;
 *    - the introspection must equal graphql-js's own introspection of that
 *      schema (introspectionFromSchema(buildSchema(sdl))), types compared by
 *      name; the differences listed in ACCEPTED below are printed as notes;
 *    - the same with getIntrospectionQuery({..., oneOf: true}) (graphql-js
 *      16.11's __Type.isOneOf);
 *    - descriptions come from the comments, json/jsonb fields take
 *      `path: String`;
 *    - PROBES, queries over the fixture (introspection fields, arguments,
 *      fragments and directives inside introspection, enum, array and json
 *      values), are judged like the calls of part 2.
 * 2. validation against graphql-js: every graphql.resolve call of the
 *    pg_regress files sql/query_*.sql and sql/sqli.sql is captured while the
 *    file runs (psql runs the file with `graphql.resolve(` replaced by a
 *    pg_temp function that calls graphql.resolve, then fetches the
 *    introspection and graphql.sdl() in that very state — same fixture, same
 *    role, same graphql.schemas — and reports all three as NOTICEs). For each
 *    state the client schema must be valid, print as graphql.sdl() and equal
 *    graphql-js's introspection of that SDL (as in part 1). For
 *    each call, graphql-js's validate(clientSchema, parse(query)) must agree
 *    with whether we answered a request error (code validation-failed, or
 *    parse-failed for a document graphql-js parses, which Hasura uses for
 *    duplicate definitions and Int overflow). Not compared: documents with a
 *    mutation or subscription, syntax errors (we must then answer
 *    parse-failed); responses with `data` are "valid". A request error
 *    where graphql-js validates the document counts as agreement when
 *    graphql-js's own request checks (operation selection, variable coercion)
 *    also fail, or when it is one of our Hasura checks that graphql-js does
 *    not make (EXTRA_CHECKS below); each category is counted and printed.
 * 3. roles: two roles with different GRANTs see different schemas, and no
 *    name of a table, column or type a role may not select appears in its
 *    client schema; with graphql.introspection = off, __schema and __type are
 *    unknown fields while __typename still works.
 *
 * Options:
 *   --only PART   run only part fixture, validation or roles (repeatable)
 *   --file NAME   in part validation, only sql/NAME.sql (repeatable)
 *   --verbose, -v list every check, and every captured call
 *
 * Connection from the PG* environment; PSQL overrides the psql executable.
 * Prints one line per failure (plus indented details) and, at the end,
 * exactly one line "introspection: N passed, M failed". Exits 1 on any
 * failure.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { graphql, exitOnEpipe, makeUsage, HarnessError } = require('../lib/diffkit');

exitOnEpipe();

const REPO = path.join(__dirname, '..', '..');
const PARTS = ['fixture', 'validation', 'roles'];

// ---------------------------------------------------------------- options

const usage = makeUsage('usage: node run.js [--only fixture|validation|roles]... [--file NAME]... [--verbose]');

const opts = { only: [], files: [], verbose: false };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only' || a === '--file') {
      if (i + 1 >= argv.length) usage(`${a} needs an argument`);
      const v = argv[++i];
      if (a === '--only') {
        if (!PARTS.includes(v)) usage(`unknown part ${v}`);
        opts.only.push(v);
      } else opts.files.push(v.replace(/\.sql$/, ''));
    } else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
}
const runPart = (p) => opts.only.length === 0 || opts.only.includes(p);

// ---------------------------------------------------------------- results

let passed = 0;
let failed = 0;
const notes = [];

function pass(name) {
  passed++;
  if (opts.verbose) console.log(`ok   ${name}`);
}

function fail(name, details = []) {
  failed++;
  console.log(`FAIL ${name}`);
  for (const d of details) console.log(`  ${d}`);
}

// check(name, fn): fn returns null/undefined (pass) or a list of detail lines (fail)
function check(name, fn) {
  let details;
  try {
    details = fn();
  } catch (e) {
    details = [`exception: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join(' | ') : e}`];
  }
  if (details && details.length) fail(name, details);
  else pass(name);
  return !(details && details.length);
}

function trim(s, n = 300) {
  s = String(s);
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}

// ---------------------------------------------------------------- psql

function runPsql(args, input) {
  const psql = process.env.PSQL || 'psql';
  const res = spawnSync(psql, ['-X', '-q', '-At', ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
  });
  const lines = (res.stdout || '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const ok = !res.error && res.status === 0;
  const why = res.error ? res.error.message : `exit status ${res.status}${res.signal ? `, signal ${res.signal}` : ''}`;
  return { lines, ok, why, stderr: res.stderr || '' };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function unhex(s) {
  if (!/^(?:[0-9a-f]{2})*$/.test(s)) throw new Error(`not hex: ${trim(s, 80)}`);
  return utf8.decode(Buffer.from(s, 'hex'));
}

function sqlString(s) {
  return `'${s.replace(/'/g, "''")}'`;
}

const SESSION = [
  "set client_min_messages = 'warning';",
  'set standard_conforming_strings = on;',
  "set client_encoding = 'UTF8';",
  "set statement_timeout = '120s';",
  'create extension if not exists graphql;',
].join('\n');

// A script whose SELECTs each print one hex-encoded JSON row; returns the
// parsed rows or throws with psql's complaint.
function psqlRows(script, what) {
  const res = runPsql(['-v', 'ON_ERROR_STOP=1'], script);
  if (!res.ok) {
    const err = [`${what}: psql failed (${res.why})`];
    for (const l of res.stderr.trim().split('\n').slice(-15)) if (l) err.push(`  psql: ${l}`);
    throw new HarnessError(err.join('\n'));
  }
  return res.lines.map((l) => JSON.parse(unhex(l)));
}

// ---------------------------------------------------------------- introspection queries

const FULL_OPTIONS = {
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
};
const INTROSPECTION_DEFAULT = graphql.getIntrospectionQuery();
const INTROSPECTION_FULL = graphql.getIntrospectionQuery(FULL_OPTIONS);
// graphql-js 16.11 also asks for __Type.isOneOf when told to
const INTROSPECTION_ONEOF = graphql.getIntrospectionQuery({ ...FULL_OPTIONS, oneOf: true });

// SQL expression: a hex-encoded JSON object of the given SQL expressions.
function hexJson(pairs) {
  const args = Object.entries(pairs).map(([k, v]) => `${sqlString(k)}, ${v}`).join(', ');
  return `encode(convert_to(json_build_object(${args})::text, 'UTF8'), 'hex')`;
}

// ---------------------------------------------------------------- schema helpers

function namedType(t) {
  while (t.ofType) t = t.ofType;
  return t;
}

// Build and check a client schema from an introspection response; returns
// {schema} or {problems: [...]}
function clientSchemaOf(response) {
  if (!response || typeof response !== 'object') return { problems: [`not a response: ${trim(JSON.stringify(response))}`] };
  if (response.errors) return { problems: [`errors: ${trim(JSON.stringify(response.errors))}`] };
  if (!response.data || !response.data.__schema) return { problems: [`no data.__schema: ${trim(JSON.stringify(response))}`] };
  let schema;
  try {
    schema = graphql.buildClientSchema(response.data);
  } catch (e) {
    return { problems: [`buildClientSchema: ${e.message}`] };
  }
  try {
    graphql.assertValidSchema(schema);
  } catch (e) {
    return { problems: [`assertValidSchema: ${e.message}`] };
  }
  return { schema };
}

// The first differing line of two texts, as detail lines.
function textDiff(expName, exp, gotName, got) {
  const a = exp.split('\n');
  const b = got.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return [
        `first difference at line ${i + 1} (${a.length} lines in ${expName}, ${b.length} in ${gotName}):`,
        `  ${expName}: ${a[i] === undefined ? '(end)' : JSON.stringify(a[i])}`,
        `  ${gotName}: ${b[i] === undefined ? '(end)' : JSON.stringify(b[i])}`,
      ];
    }
  }
  return ['texts differ (no line differs: trailing characters?)'];
}

function checkPrints(name, schema, sdl) {
  check(name, () => {
    const printed = graphql.printSchema(schema);
    if (printed === sdl) return null;
    return textDiff('graphql.sdl()', sdl, 'printSchema(clientSchema)', printed);
  });
}

// Differences between graphql-js's introspection of the same SDL and ours
// that are allowed (the 2021 specification leaves them open) and printed as
// notes: the directive @oneOf, which graphql-js 16.11 adds but the 2021
// specification does not have (we list @include, @skip, @deprecated and
// @specifiedBy, as graphql-js does), and descriptions that
// graphql-js gives to built-in scalars and to the values of __TypeKind and
// __DirectiveLocation, which Hasura leaves null too.
const ACCEPTED = [
  { re: /^directive @oneOf: missing$/, note: 'graphql-js also lists the directive @oneOf, which is not in the 2021 specification' },
  { re: /^type (Int|Float|String|Boolean|ID)\.description: /, note: 'built-in scalars (Int, Float, String, Boolean) have no description; graphql-js has one' },
  { re: /^type (__TypeKind|__DirectiveLocation)\.enumValues\.\d+\.description: /, note: 'the values of __TypeKind and __DirectiveLocation have no description; graphql-js has one (Hasura has none)' },
];

// ours vs graphql-js's introspection of buildSchema(sdl): a list of
// "where: ref X, ours Y" lines
function introspectionDiffs(ref, ours) {
  const out = [];
  const diff = (a, b, p) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], `${p}.${k}`);
    } else {
      out.push(`${p}: graphql-js ${trim(JSON.stringify(a), 160)}, ours ${trim(JSON.stringify(b), 160)}`);
    }
  };
  const rt = new Map(ref.types.map((t) => [t.name, t]));
  const ot = new Map(ours.types.map((t) => [t.name, t]));
  for (const n of new Set([...rt.keys(), ...ot.keys()])) {
    if (!rt.has(n)) out.push(`type ${n}: only ours has it`);
    else if (!ot.has(n)) out.push(`type ${n}: missing`);
    else diff(rt.get(n), ot.get(n), `type ${n}`);
  }
  const rd = new Map(ref.directives.map((d) => [d.name, d]));
  const od = new Map(ours.directives.map((d) => [d.name, d]));
  for (const n of new Set([...rd.keys(), ...od.keys()])) {
    if (!rd.has(n)) out.push(`directive @${n}: only ours has it`);
    else if (!od.has(n)) out.push(`directive @${n}: missing`);
    else diff(rd.get(n), od.get(n), `directive @${n}`);
  }
  for (const k of new Set([...Object.keys(ref), ...Object.keys(ours)])) {
    if (k !== 'types' && k !== 'directives') diff(ref[k], ours[k], `__schema.${k}`);
  }
  return out;
}

function checkAgainstGraphqlJs(name, sdl, oursSchemaData, oneOf = false) {
  check(name, () => {
    const ref = graphql.introspectionFromSchema(graphql.buildSchema(sdl), { ...FULL_OPTIONS, oneOf }).__schema;
    const diffs = introspectionDiffs(ref, oursSchemaData);
    const bad = [];
    for (const d of diffs) {
      const acc = ACCEPTED.find((a) => a.re.test(d));
      if (acc) {
        if (!notes.includes(acc.note)) notes.push(acc.note);
      } else bad.push(d);
    }
    return bad.length ? [`${bad.length} differences from graphql-js's introspection of the same SDL:`, ...bad.slice(0, 25).map((d) => `  ${d}`), ...(bad.length > 25 ? [`  ... ${bad.length - 25} more`] : [])] : null;
  });
}

// ---------------------------------------------------------------- part 1: the fixture

const FIXTURE = String.raw`
DROP VIEW IF EXISTS intro_published CASCADE;
DROP MATERIALIZED VIEW IF EXISTS intro_stats CASCADE;
DROP TABLE IF EXISTS intro_article_tag, intro_tag, intro_profile, intro_article, intro_author,
  intro_secret, intro_edge CASCADE;
DROP TYPE IF EXISTS intro_mood, intro_odd CASCADE;
DROP DOMAIN IF EXISTS intro_positive CASCADE;

CREATE TYPE intro_mood AS ENUM ('happy', 'sad', 'so_so');
CREATE TYPE intro_odd AS ENUM ('not a name', 'ok');
CREATE DOMAIN intro_positive AS int CHECK (VALUE > 0);
CREATE TABLE intro_author (
  id int PRIMARY KEY,
  name text NOT NULL,
  bio text,
  mood intro_mood,
  mood_nn intro_mood NOT NULL DEFAULT 'happy',
  odd intro_odd,
  tags text[],
  scores int[] NOT NULL DEFAULT '{}',
  grid int[][],
  profile jsonb,
  settings json,
  born date,
  created timestamptz,
  stamp timestamp,
  at_time time,
  big bigint NOT NULL DEFAULT 0,
  price numeric(10,2),
  ratio float8,
  small int2,
  real4 float4,
  flag bool,
  uid uuid,
  blob bytea,
  vc varchar(10),
  ch char(3),
  pos intro_positive,
  "camelCase" text,
  "not a name" text
);
CREATE TABLE intro_article (
  id int PRIMARY KEY,
  title text NOT NULL,
  body text,
  author_id int NOT NULL REFERENCES intro_author (id),
  editor_id int REFERENCES intro_author (id),
  reviewer_id int REFERENCES intro_author (id),
  meta jsonb NOT NULL DEFAULT '{}',
  moods intro_mood[],
  published bool NOT NULL DEFAULT false
);
CREATE TABLE intro_profile (author_id int PRIMARY KEY REFERENCES intro_author (id), homepage text);
CREATE TABLE intro_tag (id serial PRIMARY KEY, label text NOT NULL UNIQUE);
CREATE TABLE intro_article_tag (
  article_id int REFERENCES intro_article (id),
  tag_id int REFERENCES intro_tag (id),
  PRIMARY KEY (article_id, tag_id)
);
CREATE TABLE intro_secret (id int PRIMARY KEY, code text, author_id int REFERENCES intro_author (id));
CREATE TABLE intro_edge (a int, b int, note text);
CREATE VIEW intro_published AS SELECT id, title, author_id FROM intro_article WHERE published;
CREATE MATERIALIZED VIEW intro_stats AS
  SELECT author_id, count(*)::int AS n FROM intro_article GROUP BY author_id;

COMMENT ON TABLE intro_author IS 'An author. He said "hi" and it''s fine';
COMMENT ON COLUMN intro_author.name IS '   three leading spaces';
COMMENT ON COLUMN intro_author.bio IS E'line one\nline two\n\n    indented line\nlast';
COMMENT ON COLUMN intro_author.mood IS 'A description with a long line that goes on and on past seventy characters, surely past 70.';
COMMENT ON COLUMN intro_author.tags IS 'Unicode: Zoë — 日本語 😀 ∑';
COMMENT ON COLUMN intro_author.scores IS 'Contains """ a triple quote';
COMMENT ON COLUMN intro_author.profile IS 'ends with a quote"';
COMMENT ON COLUMN intro_author.settings IS E'back\\slash and \\n not a newline';
COMMENT ON COLUMN intro_author.born IS E'trailing newline\n';
COMMENT ON COLUMN intro_author.created IS E'\n\nleading blank lines';
COMMENT ON COLUMN intro_author.stamp IS E'tab\there and CRLF\r\nnext';
COMMENT ON COLUMN intro_author.big IS '"starts with a quote';
COMMENT ON COLUMN intro_author.price IS E'\\"""escaped triple';
COMMENT ON COLUMN intro_author.ratio IS 'trailing spaces   ';
COMMENT ON COLUMN intro_author.small IS E'  \n  both lines indented\n  ';
COMMENT ON COLUMN intro_author.flag IS '""""""';
COMMENT ON COLUMN intro_author.vc IS E'x\n\n\ny';
COMMENT ON COLUMN intro_author."camelCase" IS '@graphql({"name": "renamedCamel"}) renamed column';
COMMENT ON TABLE intro_article IS E'Articles\n  with an indented second line and a long one: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
COMMENT ON COLUMN intro_article.title IS 'The title';
COMMENT ON CONSTRAINT intro_article_reviewer_id_fkey ON intro_article IS '@graphql({"local_name": "checker", "foreign_name": "checked_articles"})';
COMMENT ON TABLE intro_tag IS '@graphql({"name": "Label", "description": "Tags, renamed \"Label\""})';
COMMENT ON VIEW intro_published IS '@graphql({"primary_key_columns": ["id"], "foreign_keys": [{"local_columns": ["author_id"], "foreign_table": "intro_author", "foreign_columns": ["id"]}]}) Published articles';
COMMENT ON MATERIALIZED VIEW intro_stats IS 'Stats per author';

INSERT INTO intro_author (id, name) VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO intro_article (id, title, author_id, published) VALUES (1, 'One', 1, true), (2, 'Two', 2, false);
`;

const DROP_FIXTURE = `
DROP VIEW IF EXISTS intro_published CASCADE;
DROP MATERIALIZED VIEW IF EXISTS intro_stats CASCADE;
DROP TABLE IF EXISTS intro_article_tag, intro_tag, intro_profile, intro_article, intro_author,
  intro_secret, intro_edge CASCADE;
DROP TYPE IF EXISTS intro_mood, intro_odd CASCADE;
DROP DOMAIN IF EXISTS intro_positive CASCADE;
`;

// [type, field, the comment as written]: the field's description must be
// the comment (leading and trailing white space aside)
const DESCRIBED = [
  ['intro_author', null, 'An author. He said "hi" and it\'s fine'],
  ['intro_author', 'name', '   three leading spaces'],
  ['intro_author', 'bio', 'line one\nline two\n\n    indented line\nlast'],
  ['intro_author', 'mood', 'A description with a long line that goes on and on past seventy characters, surely past 70.'],
  ['intro_author', 'tags', 'Unicode: Zoë — 日本語 😀 ∑'],
  ['intro_author', 'scores', 'Contains """ a triple quote'],
  ['intro_author', 'profile', 'ends with a quote"'],
  ['intro_author', 'settings', 'back\\slash and \\n not a newline'],
  ['intro_author', 'born', 'trailing newline\n'],
  ['intro_author', 'created', '\n\nleading blank lines'],
  ['intro_author', 'stamp', 'tab\there and CRLF\r\nnext'],
  ['intro_author', 'big', '"starts with a quote'],
  ['intro_author', 'price', '\\"""escaped triple'],
  ['intro_author', 'ratio', 'trailing spaces   '],
  ['intro_author', 'small', '  \n  both lines indented\n  '],
  ['intro_author', 'flag', '""""""'],
  ['intro_author', 'vc', 'x\n\n\ny'],
  ['intro_author', 'renamedCamel', 'renamed column'],
  ['intro_author', 'id', null],
  ['intro_article', null, 'Articles\n  with an indented second line and a long one: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  ['intro_article', 'title', 'The title'],
  ['Label', null, 'Tags, renamed "Label"'],
  ['intro_published', null, 'Published articles'],
  ['intro_stats', null, 'Stats per author'],
];


// Queries over the fixture whose validity graphql-js judges like the calls
// of the pg_regress files (part 2): introspection fields, arguments,
// fragments and directives inside introspection, and values of the
// fixture's enums, arrays and json columns. [query, variables?, operationName?]
const PROBES = [
  ['{ __schema { queryType { name } } }'],
  ['{ __schema { nope } }'],
  ['{ __type { name } }'],
  ['{ __type(name: 1) { name } }'],
  ['{ __type(name: null) { name } }'],
  ['{ __type(name: "intro_author", extra: 1) { name } }'],
  ['{ __type(name: "intro_author") { fields(includeDeprecated: "yes") { name } } }'],
  ['{ __type(name: "intro_author") { fields(includeDeprecated: true) { name args(includeDeprecated: true) { name } } } }'],
  ['{ __type(name: "intro_author") { name { x } } }'],
  ['{ __type(name: "intro_author") { fields } }'],
  ['{ __type(name: "intro_author") }'],
  ['query ($n: String!) { __type(name: $n) { name } }', { n: 'intro_author' }],
  ['query ($n: String) { __type(name: $n) { name } }', { n: 'intro_author' }],
  ['query ($n: Int!) { __type(name: $n) { name } }', { n: 1 }],
  ['query ($n: String!) { __type(name: $n) { name } }', {}],
  ['query ($n: String = "intro_author") { __type(name: $n) { name } }'],
  ['{ __schema { types { ...T } } } fragment T on __Type { name kind }'],
  ['{ __schema { types { ...T } } } fragment T on __Field { name }'],
  ['{ __schema { types { ...T } } } fragment T on intro_author { id }'],
  ['{ __schema { ... on __Schema { queryType { name } } } }'],
  ['{ __schema { ... on __Type { name } } }'],
  ['{ __schema { types { name @skip(if: true) kind @include(if: false) } } }'],
  ['query ($v: Boolean!) { __schema @include(if: $v) { queryType { name } } }', { v: true }],
  ['{ __schema { __typename types { __typename } } __type(name: "Int") { __typename } }'],
  ['{ a: __schema { queryType { name } } a: __type(name: "x") { name } }'],
  ['{ __type(name: "x") { name } __type(name: "y") { name } }'],
  ['{ __type(name: "intro_author") { name } __type(name: "intro_author") { kind } }'],
  ['{ t: __type(name: "intro_author") { n: name k: kind f: fields { n: name } } }'],
  ['{ intro_author { __schema { queryType { name } } } }'],
  ['{ intro_author { __type(name: "x") { name } } }'],
  ['{ __typename __schema { queryType { name } } intro_author(limit: 1) { __typename } }'],
  ['{ __schema { directives { name description locations args { name type { name } defaultValue } isRepeatable } } }'],
  ['{ __schema { types { possibleTypes { name } interfaces { name } enumValues(includeDeprecated: false) { name isDeprecated deprecationReason } inputFields { name defaultValue } ofType { name } specifiedByURL } } }'],
  ['{ __schema { description subscriptionType { name } mutationType { name } } }'],
  ['{ __type(name: "intro_author") { fields { type { ofType { ofType { ofType { name } } } } } } }'],
  ['{ __Type { name } }'],
  ['{ __schema { types(first: 1) { name } } }'],
  ['{ __type(name: "intro_author") { fields { isOneOf } } }'],
  ['{ __type(name: "intro_author") { isOneOf } }'],
  ['fragment F on query_root { __typename __type(name: "Int") { name } } { ...F }'],
  ['{ __schema { queryType { name } } }', {}, 'X'],
  ['query A { __typename } query B { __schema { queryType { name } } }', {}, 'B'],
  ['query A { __typename } query B { __schema { queryType { name } } }'],
  ['query ($r: String) { intro_article(where: {meta: {_contains: {role: $r}}}) { id } }', { r: 'x' }],
  ['query ($r: String) { intro_article(where: {meta: {_contains: [$r]}}) { id } }', { r: 'x' }],
  ['query ($x: jsonb) { intro_article(where: {meta: {_eq: $x}}) { id } }', { x: { a: 1 } }],
  ['{ intro_article(where: {meta: {_contains: {a: [1, {b: null}]}}}) { id } }'],
  ['{ intro_author { profile(path: "$.a") settings(path: "a") } }'],
  ['{ intro_author { profile(path: 1) } }'],
  ['{ intro_author { name(path: "x") } }'],
  ['{ intro_author(where: {mood: {_eq: happy}}) { id mood } }'],
  ['{ intro_author(where: {mood: {_eq: "happy"}}) { id } }'],
  ['{ intro_author(where: {mood: {_eq: angry}}) { id } }'],
  ['{ intro_author(where: {mood: {_in: [happy, sad]}}) { id } }'],
  ['{ intro_author(where: {tags: {_contains: ["a"]}}) { id } }'],
  ['{ intro_author(where: {scores: {_contains: [1, "x"]}}) { id } }'],
  ['{ intro_article(where: {moods: {_contains: [happy]}}) { id } }'],
  ['{ Label { id label } }'],
  ['{ intro_tag { id } }'],
  ['{ intro_author { renamedCamel } }'],
  ['{ intro_author { camelCase } }'],
  ['query ($m: intro_mood!) { intro_author(where: {mood_nn: {_eq: $m}}) { id } }', { m: 'sad' }],
  ['query ($m: intro_mood) { intro_author(where: {mood_nn: {_eq: $m}}) { id } }', { m: 'sad' }],
  ['query ($m: intro_mood) { intro_author(where: {mood_nn: {_eq: $m}}) { id } }', { m: 'angry' }],
  ['query ($w: intro_author_bool_exp) { intro_author(where: $w) { id } }', { w: { id: { _eq: 1 } } }],
  ['query ($w: intro_author_bool_exp) { intro_author(where: $w) { id } }', { w: { nope: {} } }],
  ['query ($o: [intro_author_order_by!]) { intro_author(order_by: $o) { id } }', { o: [{ name: 'desc' }] }],
  ['query ($o: [intro_author_order_by!]!) { intro_author(order_by: $o) { id } }', { o: { name: 'desc' } }],
  ['{ intro_author(limit: 1.5) { id } }'],
  ['{ intro_author_by_pk(id: 1) { checker: id intro_profile { homepage } checked_articles(limit: 1) { title checker { name } } } }'],
  ['{ intro_published_by_pk(id: 1) { title } }'],
  ['{ intro_author { ... on intro_article { id } } }'],
  ['{ intro_author { ... on intro_author { id } } }'],
  ['{ intro_author { big price uid blob pos odd grid } }'],
  ['{ intro_author(where: {big: {_eq: "9007199254740993"}}) { id } }'],
  ['{ intro_author(where: {_and: [{id: {_eq: 1}}, {_not: {name: {_like: "A%"}}}]}) { id } }'],
  ['query ($id: Int = "x") { intro_author_by_pk(id: $id) { id } }'],
  ['query ($id: Int) { intro_author_by_pk(id: 1) { id } }'],
  ['query ($id: Int!) { intro_author_by_pk(id: $id) { id } }', { id: 1, extra: 2 }],
  ['{ __schema { queryType { fields { name } } } ... on query_root { __typename } }'],
  ['{ intro_edge { a b note } intro_edge_by_pk(a: 1) { a } }'],
];

function partFixture() {
  const rows = psqlRows(`${SESSION}\n${FIXTURE}\n` +
    `SELECT ${hexJson({
      sdl: 'graphql.sdl()',
      default: `graphql.resolve(${sqlString(INTROSPECTION_DEFAULT)})`,
      full: `graphql.resolve(${sqlString(INTROSPECTION_FULL)})`,
      oneof: `graphql.resolve(${sqlString(INTROSPECTION_ONEOF)})`,
    })};\n` +
    PROBES.map(([q, v, op]) => `SELECT ${hexJson({
      result: `graphql.resolve(${sqlString(q)}, ${sqlString(JSON.stringify(v || {}))}, ${op ? sqlString(op) : 'NULL'})`,
    })};\n`).join(''), 'fixture');
  const { sdl, default: defResponse, full, oneof } = rows[0];
  const probeResults = rows.slice(1);

  let fullSchema = null;
  for (const [label, response] of [['default options', defResponse], ['all options', full], ['all options and oneOf', oneof]]) {
    const name = `fixture: getIntrospectionQuery(${label}) gives a valid client schema`;
    const built = clientSchemaOf(response);
    if (!check(name, () => built.problems)) continue;
    checkPrints(`fixture: printSchema(client schema from ${label}) === graphql.sdl()`, built.schema, sdl);
    if (label === 'all options') fullSchema = built.schema;
  }

  check('fixture: buildSchema(graphql.sdl()) is valid and prints back identically', () => {
    const s = graphql.buildSchema(sdl);
    graphql.assertValidSchema(s);
    const printed = graphql.printSchema(s);
    return printed === sdl ? null : textDiff('graphql.sdl()', sdl, 'printSchema(buildSchema(sdl))', printed);
  });

  if (full && full.data && full.data.__schema) {
    checkAgainstGraphqlJs('fixture: the introspection equals graphql-js\'s introspection of the same SDL', sdl, full.data.__schema);
  }
  if (oneof && oneof.data && oneof.data.__schema) {
    checkAgainstGraphqlJs('fixture: the introspection with isOneOf equals graphql-js\'s', sdl, oneof.data.__schema, true);
  }
  if (!fullSchema) return;

  const stats = newStats();
  PROBES.forEach(([query, variables, operationName], i) => {
    compareCall(`fixture: probe ${i + 1}`, { query, variables: variables || {}, operationName: operationName || null, result: probeResults[i].result }, fullSchema, stats);
  });
  printStats('fixture: probe queries', stats);

  for (const [typeName, fieldName, comment] of DESCRIBED) {
    const where = fieldName ? `${typeName}.${fieldName}` : typeName;
    check(`fixture: description of ${where}`, () => {
      const type = fullSchema.getType(typeName);
      if (!type) return [`no type ${typeName}`];
      let desc;
      if (fieldName) {
        const f = type.getFields()[fieldName];
        if (!f) return [`no field ${fieldName} in ${typeName}`];
        desc = f.description;
      } else desc = type.description;
      const want = comment === null ? null : comment.trim();
      const got = desc === null || desc === undefined ? null : desc.trim();
      return got === want ? null : [`expected ${JSON.stringify(want)}, got ${JSON.stringify(desc)}`];
    });
  }

  check('fixture: every json/jsonb field takes path: String, and only those', () => {
    const bad = [];
    let n = 0;
    for (const type of Object.values(fullSchema.getTypeMap())) {
      if (!graphql.isObjectType(type) || type.name.startsWith('__')) continue;
      for (const f of Object.values(type.getFields())) {
        const named = graphql.getNamedType(f.type);
        const isJson = named.name === 'json' || named.name === 'jsonb';
        const pathArg = f.args.find((a) => a.name === 'path');
        if (isJson && Object.prototype.hasOwnProperty.call(ALL_TABLES, type.name)) {
          n++;
          if (!pathArg || String(pathArg.type) !== 'String') bad.push(`${type.name}.${f.name}: args ${f.args.map((a) => `${a.name}: ${a.type}`).join(', ') || '(none)'}`);
        } else if (pathArg && graphql.isLeafType(named)) bad.push(`${type.name}.${f.name} (${f.type}) has a path argument`);
      }
    }
    if (n < 3) bad.push(`only ${n} json/jsonb fields found, expected at least 3 (intro_author.profile, .settings, intro_article.meta)`);
    return bad;
  });

  check('fixture: the expected types, fields and kinds are there', () => {
    const bad = [];
    const expect = (cond, msg) => { if (!cond) bad.push(msg); };
    const t = (n) => fullSchema.getType(n);
    const fieldType = (tn, fn) => (t(tn) && t(tn).getFields()[fn] ? String(t(tn).getFields()[fn].type) : undefined);
    expect(graphql.isEnumType(t('intro_mood')), 'intro_mood is an enum');
    expect(t('intro_mood') && t('intro_mood').getValues().map((v) => v.name).join(',') === 'happy,sad,so_so', 'intro_mood has happy, sad, so_so');
    expect(fieldType('intro_author', 'mood_nn') === 'intro_mood!', 'intro_author.mood_nn: intro_mood!');
    expect(fieldType('intro_author', 'odd') === 'String', 'intro_author.odd (enum with a label that is not a name): String');
    expect(fieldType('intro_author', 'scores') === '[Int!]!', `intro_author.scores: [Int!]!, got ${fieldType('intro_author', 'scores')}`);
    expect(fieldType('intro_author', 'tags') === '[String!]', 'intro_author.tags: [String!]');
    expect(fieldType('intro_author', 'big') === 'bigint!', 'intro_author.big: bigint!');
    expect(fieldType('intro_author', 'pos') === 'Int', 'intro_author.pos (domain over int): Int');
    expect(fieldType('intro_article', 'moods') === '[intro_mood!]', `intro_article.moods: [intro_mood!], got ${fieldType('intro_article', 'moods')}`);
    expect(fieldType('intro_article', 'author') === 'intro_author!', `intro_article.author: intro_author!, got ${fieldType('intro_article', 'author')}`);
    expect(fieldType('intro_article', 'checker') === 'intro_author', 'intro_article.checker (local_name): intro_author');
    expect(fieldType('intro_author', 'checked_articles') === '[intro_article!]!', 'intro_author.checked_articles (foreign_name)');
    expect(fieldType('intro_published', 'intro_author') !== undefined || fieldType('intro_published', 'author') !== undefined, 'intro_published has its relationship from the view directive');
    expect(fieldType('query_root', 'intro_published_by_pk') === 'intro_published', 'intro_published_by_pk from the view directive');
    expect(fieldType('query_root', 'intro_edge_by_pk') === undefined, 'no intro_edge_by_pk (no primary key)');
    expect(fieldType('query_root', 'intro_edge') === '[intro_edge!]!', 'intro_edge: [intro_edge!]!');
    expect(fieldType('query_root', 'Label') === '[Label!]!', 'Label (renamed intro_tag)');
    expect(fieldType('query_root', 'intro_tag') === undefined, 'no intro_tag (renamed)');
    expect(!t('intro_author').getFields()['not a name'] && !t('intro_author').getFields().camelCase, 'no field for "not a name", none for camelCase (renamed)');
    expect(graphql.isInputObjectType(t('intro_author_bool_exp')), 'intro_author_bool_exp is an input object');
    expect(graphql.isEnumType(t('order_by')), 'order_by is an enum');
    expect(graphql.isScalarType(t('jsonb')) && graphql.isScalarType(t('numeric')), 'jsonb and numeric are scalars');
    return bad;
  });
}

// ---------------------------------------------------------------- part 2: validation against graphql-js

// Our checks that graphql-js's validate() does not make (Hasura's rules
// applied to values and variables). A request error whose message matches
// one of these, for a document graphql-js finds valid, counts as agreement.
const EXTRA_CHECKS = [
  { name: 'null inside a filter (Hasura v2: an error, never "match everything")', re: /^unexpected null value for type '|^expected an? .*, but found null$|^expected a list, but found null$/ },
  { name: '"distinct_on" columns must match the leading "order_by" columns', re: /"distinct_on" columns must match initial "order_by" columns/ },
  { name: 'variables not declared by the operation (Hasura: unexpected variables)', re: /^unexpected variables in variableValues/ },
  { name: 'the request\'s variables are not a JSON object (a transport-level check)', re: /^variableValues must be an object$/, path: /^\$\.variableValues/ },
  { name: 'a negative limit (Hasura\'s limit is a non-negative Int)', re: /^expected a non-negative 32-bit integer for type 'Int', but found an? (integer|number)$/, path: /\.args\.limit$/ },
  { name: 'U+0000 in a string value (PostgreSQL text cannot hold it)', re: /^string value contains U\+0000|^a \w+ literal may contain neither variables nor the character U\+0000$/, when: (c) => /\\u0000|\\u\{0+\}/i.test(c.query) },
];

// Our error codes: request errors have no data key.
function classifyOurs(res) {
  if (!res || typeof res !== 'object') return { kind: 'weird' };
  if ('data' in res) return { kind: 'data' };
  const errs = res.errors || [];
  if (errs.some((e) => e.extensions && e.extensions.code === 'parse-failed')) return { kind: 'parse-failed', errs };
  if (errs.some((e) => e.extensions && e.extensions.code === 'not-supported')) return { kind: 'not-supported', errs };
  if (errs.some((e) => e.extensions && e.extensions.code === 'validation-failed')) return { kind: 'validation-failed', errs };
  return { kind: 'other', errs };
}

// graphql-js's request checks after validation: operation selection and
// variable coercion (ExecutionContext); returns a message or null
function graphqlJsRequestError(schema, doc, operationName, variables) {
  const op = graphql.getOperationAST(doc, operationName === null ? undefined : operationName);
  if (!op) {
    return operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
  }
  const coerced = graphql.getVariableValues(schema, op.variableDefinitions || [], variables || {}, { maxErrors: 50 });
  if (coerced.errors) return coerced.errors.map((e) => e.message).join(' / ');
  return null;
}

const CAPTURE_FUNCTION = `
create function pg_temp.gq_capture(query text, variables jsonb default '{}', "operationName" text default null,
                                   extensions jsonb default null) returns json
language plpgsql as $gq_capture$
declare
  res json;
  intro json;
  sdl text;
  key text;
  seen text;
begin
  res := graphql.resolve($1, $2, $3, $4);
  if current_setting('graphql.introspection', true) is distinct from 'off' then
    intro := graphql.resolve($gq_intro$${INTROSPECTION_FULL}$gq_intro$);
    sdl := graphql.sdl();
    key := md5(coalesce(intro::text, '') || coalesce(sdl, ''));
    seen := coalesce(current_setting('gq_capture.seen', true), '');
    if position(key in seen) = 0 then
      raise notice 'GQINTRO:%:%', key, encode(convert_to(json_build_object('intro', intro, 'sdl', sdl,
        'role', current_user, 'schemas', current_setting('graphql.schemas', true))::text, 'UTF8'), 'hex');
      perform set_config('gq_capture.seen', seen || key || ',', false);
    end if;
  end if;
  raise notice 'GQCALL:%', encode(convert_to(json_build_object('key', key, 'query', $1, 'variables', $2,
    'operationName', $3, 'result', res)::text, 'UTF8'), 'hex');
  return res;
end
$gq_capture$;
grant execute on function pg_temp.gq_capture(text, jsonb, text, jsonb) to public;
`;

// Run one pg_regress file with its calls captured: {states: Map key -> state, calls: [...], stderr}
function captureFile(file) {
  const text = fs.readFileSync(path.join(REPO, 'sql', `${file}.sql`), 'utf8');
  const replaced = text.replace(/\bgraphql\.resolve\s*\(/gi, 'pg_temp.gq_capture(');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'introspection-'));
  const prelude = path.join(tmp, 'prelude.sql');
  const body = path.join(tmp, `${file}.sql`);
  fs.writeFileSync(prelude, `${SESSION}\nreset client_min_messages;\n${CAPTURE_FUNCTION}\n`);
  fs.writeFileSync(body, replaced);
  const res = runPsql(['-f', prelude, '-f', body], '');
  fs.rmSync(tmp, { recursive: true, force: true });
  const states = new Map();
  const calls = [];
  const other = [];
  for (const line of res.stderr.split('\n')) {
    const m = line.match(/^psql:[^:]*:(\d+): NOTICE:  (GQINTRO|GQCALL):(?:([0-9a-f]{32}):)?([0-9a-f]*)$/);
    if (!m) {
      if (line.trim()) other.push(line);
      continue;
    }
    const obj = JSON.parse(unhex(m[4]));
    if (m[2] === 'GQINTRO') {
      if (!states.has(m[3])) states.set(m[3], { ...obj, line: Number(m[1]), no: states.size + 1 });
    } else calls.push({ ...obj, line: Number(m[1]) });
  }
  return { states, calls, other, res };
}


function newStats() {
  return { calls: 0, compared: 0, skipped: {}, categories: {}, agree: { valid: 0, invalid: 0, request: 0 } };
}
const bump = (o, k) => { o[k] = (o[k] || 0) + 1; };

// Compare our answer to one call ({query, variables, operationName, result})
// with graphql-js's verdict on the client schema of that moment.
function compareCall(where, c, schema, stats) {
  stats.calls++;
  const showCall = () => [
    `query: ${trim(c.query.replace(/\s+/g, ' '), 400)}`,
    ...(c.variables && (typeof c.variables !== 'object' || Object.keys(c.variables).length) ? [`variables: ${trim(JSON.stringify(c.variables), 300)}`] : []),
    ...(c.operationName ? [`operationName: ${c.operationName}`] : []),
  ];
  const oursText = () => `ours: ${trim(JSON.stringify(c.result), 500)}`;
  if (c.query === null) { bump(stats.skipped, 'null queries'); return; }
  const ours = classifyOurs(c.result);
  let doc;
  try {
    doc = graphql.parse(c.query);
  } catch (e) {
    // a syntax error: we must have answered parse-failed
    if (ours.kind === 'parse-failed') {
      pass(`${where}: syntax error on both sides`);
      bump(stats.skipped, 'syntax errors (parse-failed on both sides)');
    } else fail(`${where}: graphql-js cannot parse the document (${e.message}), but we did not answer parse-failed`, [...showCall(), oursText()]);
    return;
  }
  if (doc.definitions.some((d) => d.kind === graphql.Kind.OPERATION_DEFINITION && d.operation !== 'query')) {
    bump(stats.skipped, 'documents with a mutation or subscription');
    return;
  }
  if (doc.definitions.some((d) => d.kind !== graphql.Kind.OPERATION_DEFINITION && d.kind !== graphql.Kind.FRAGMENT_DEFINITION)) {
    bump(stats.skipped, 'documents with type-system definitions');
    return;
  }
  if (!schema) { bump(stats.skipped, 'calls without an introspection of their state'); return; }
  if (ours.kind === 'not-supported') { bump(stats.skipped, 'not-supported answers'); return; }
  if (ours.kind === 'other' || ours.kind === 'weird') {
    fail(`${where}: a response that is neither data nor a request error`, [...showCall(), oursText()]);
    return;
  }
  stats.compared++;
  // Hasura answers some request errors of documents that parse with the
  // code parse-failed (duplicate definitions, Int out of range): a request
  // error all the same
  if (ours.kind === 'parse-failed') bump(stats.categories, 'request errors with code parse-failed for a document graphql-js parses (Hasura\'s code)');
  const jsErrors = graphql.validate(schema, doc);
  const jsValid = jsErrors.length === 0;
  const oursInvalid = ours.kind === 'validation-failed' || ours.kind === 'parse-failed';
  if (!jsValid && oursInvalid) { stats.agree.invalid++; pass(`${where}: invalid on both sides`); return; }
  if (!jsValid && !oursInvalid &&
      jsErrors.every((e) => /^Variable "\$[^"]+" is never used/.test(e.message))) {
    // Hasura's rule (issue 16): the spec's NoUnusedVariables only with graphql.reject_unused_variables
    bump(stats.categories, 'a variable declared but not used: accepted, as Hasura accepts it');
    stats.agree.valid++;
    pass(`${where}: valid for us, as in Hasura; graphql-js: ${jsErrors.map((e) => e.message).join(' / ')}`);
    return;
  }
  if (!jsValid && !oursInvalid) {
    fail(`${where}: graphql-js's validate rejects the document, we answer it`,
      [...showCall(), `graphql-js: ${jsErrors.map((e) => e.message).join(' / ')}`, oursText()]);
    return;
  }
  // graphql-js validates the document
  const jsRequest = graphqlJsRequestError(schema, doc, c.operationName, c.variables);
  if (!oursInvalid) {
    if (jsRequest) bump(stats.categories, `graphql-js rejects the variables or operation, we answer (variables are checked where used, as in Hasura): ${jsRequest}`);
    stats.agree.valid++;
    pass(`${where}: valid on both sides`);
    return;
  }
  if (jsRequest) { stats.agree.request++; pass(`${where}: request error on both sides (${jsRequest})`); return; }
  const messages = ours.errs.filter((e) => e.extensions && (e.extensions.code === 'validation-failed' || e.extensions.code === 'parse-failed'));
  const extra = (e) => EXTRA_CHECKS.find((x) => (!x.when || x.when(c)) &&
    (x.re.test(e.message) || (x.path && x.path.test((e.extensions && e.extensions.path) || ''))));
  const unexplained = messages.filter((e) => !extra(e));
  if (unexplained.length === 0) {
    for (const e of messages) bump(stats.categories, extra(e).name);
    pass(`${where}: one of our extra checks`);
    return;
  }
  fail(`${where}: graphql-js finds the request valid, we answer a request error`,
    [...showCall(), `ours: ${unexplained.map((e) => `${e.message} (${e.extensions.path})`).join(' / ')}`]);
}

function printStats(label, stats) {
  console.log(`${label}: ${stats.calls} calls, ${stats.compared} compared ` +
    `(${stats.agree.valid} valid on both sides, ${stats.agree.invalid} invalid on both sides, ${stats.agree.request} request errors on both sides)`);
  for (const [k, n] of Object.entries(stats.skipped)) console.log(`  not compared: ${n} ${k}`);
  for (const [k, n] of Object.entries(stats.categories)) console.log(`  counted as agreeing: ${n} x ${k}`);
}

function partValidation() {
  let files = fs.readdirSync(path.join(REPO, 'sql')).filter((f) => /^(query_.*|sqli)\.sql$/.test(f)).map((f) => f.replace(/\.sql$/, '')).sort();
  if (opts.files.length) files = files.filter((f) => opts.files.includes(f));
  if (!files.length) {
    fail('validation: no sql/query_*.sql or sql/sqli.sql files');
    return;
  }
  const stats = newStats();

  for (const file of files) {
    const cap = captureFile(file);
    if (!cap.calls.length) {
      fail(`validation: ${file}.sql: no graphql.resolve call captured (psql ${cap.res.ok ? 'ok' : cap.res.why})`,
        cap.other.slice(-10).map((l) => `psql: ${l}`));
      continue;
    }
    // every state of the file: valid client schema, printSchema === sdl
    const schemas = new Map();
    for (const [key, st] of cap.states) {
      const label = `validation: ${file}.sql state ${st.no} (line ${st.line}, role ${st.role}, graphql.schemas '${st.schemas}')`;
      const built = clientSchemaOf(st.intro);
      if (check(`${label}: valid client schema`, () => built.problems)) {
        schemas.set(key, built.schema);
        checkPrints(`${label}: printSchema === graphql.sdl()`, built.schema, st.sdl);
        checkAgainstGraphqlJs(`${label}: equals graphql-js's introspection of the same SDL`, st.sdl, st.intro.data.__schema);
      }
    }
    for (const c of cap.calls) compareCall(`${file}.sql:${c.line}`, c, schemas.get(c.key), stats);
    if (opts.verbose) console.log(`-- ${file}.sql: ${cap.calls.length} calls, ${cap.states.size} schema states`);
  }
  printStats(`validation: graphql.resolve calls of ${files.length} pg_regress files`, stats);
}

// ---------------------------------------------------------------- part 3: roles

// What each role may select: GraphQL type name -> field names of its columns
// (every column, under its GraphQL name), or null for "not visible".
const ALL_TABLES = {
  intro_author: ['id', 'name', 'bio', 'mood', 'mood_nn', 'odd', 'tags', 'scores', 'grid', 'profile', 'settings', 'born', 'created',
    'stamp', 'at_time', 'big', 'price', 'ratio', 'small', 'real4', 'flag', 'uid', 'blob', 'vc', 'ch', 'pos', 'renamedCamel'],
  intro_article: ['id', 'title', 'body', 'author_id', 'editor_id', 'reviewer_id', 'meta', 'moods', 'published'],
  intro_profile: ['author_id', 'homepage'],
  Label: ['id', 'label'],
  intro_article_tag: ['article_id', 'tag_id'],
  intro_secret: ['id', 'code', 'author_id'],
  intro_edge: ['a', 'b', 'note'],
  intro_published: ['id', 'title', 'author_id'],
  intro_stats: ['author_id', 'n'],
};
const ROLES = {
  intro_role_a: {
    grants: [
      'GRANT SELECT ON intro_author TO intro_role_a',
      'GRANT SELECT (id, title) ON intro_article TO intro_role_a',
      'GRANT SELECT ON intro_published TO intro_role_a',
      'GRANT SELECT (id) ON intro_tag TO intro_role_a',
    ],
    sees: {
      intro_author: ALL_TABLES.intro_author,
      intro_article: ['id', 'title'],
      intro_published: ALL_TABLES.intro_published,
      Label: ['id'],
    },
  },
  intro_role_b: {
    grants: [
      'GRANT SELECT ON intro_article TO intro_role_b',
      'GRANT SELECT ON intro_article_tag TO intro_role_b',
      'GRANT SELECT (author_id, homepage) ON intro_profile TO intro_role_b',
    ],
    sees: {
      intro_article: ALL_TABLES.intro_article,
      intro_article_tag: ALL_TABLES.intro_article_tag,
      intro_profile: ALL_TABLES.intro_profile,
    },
  },
};

// the table a generated type or root field belongs to: the longest table
// name it equals or starts with followed by "_"
function tableOf(name) {
  let best = null;
  for (const t of Object.keys(ALL_TABLES)) {
    if ((name === t || name.startsWith(`${t}_`)) && (!best || t.length > best.length)) best = t;
  }
  return best;
}

// Every name in a client schema that a role may not see; returns detail lines.
function forbiddenNames(schema, sees) {
  const bad = [];
  const invisible = Object.keys(ALL_TABLES).filter((t) => !sees[t]);
  const typeMap = schema.getTypeMap();
  const hasType = new Set();
  for (const type of Object.values(typeMap)) {
    if (type.name.startsWith('__')) continue;
    const owner = tableOf(type.name);
    if (owner && !sees[owner]) bad.push(`type ${type.name} (of ${owner}, not granted)`);
    if (owner === type.name) hasType.add(owner);
    const members = [];
    if (graphql.isObjectType(type) || graphql.isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) {
        members.push({ name: f.name, type: f.type, kind: 'field' });
        for (const a of f.args || []) members.push({ name: a.name, type: a.type, kind: `argument of ${f.name}` });
      }
    }
    if (graphql.isEnumType(type)) for (const v of type.getValues()) members.push({ name: v.name, kind: 'enum value' });
    for (const m of members) {
      // a member whose type belongs to a table the role may not see
      if (m.type) {
        const mt = graphql.getNamedType(m.type).name;
        const mo = tableOf(mt);
        if (mo && !sees[mo]) bad.push(`${type.name}.${m.name}: ${m.kind} of type ${mt} (of ${mo}, not granted)`);
      }
      // a member named after a table the role may not see (root fields, relationships)
      for (const t of invisible) {
        if (m.name === t || m.name.startsWith(`${t}_`) || m.name.startsWith(`${t}s`) || m.name.includes('secret')) {
          bad.push(`${type.name}.${m.name}: ${m.kind} named after ${t} (not granted)`);
          break;
        }
      }
      // a column the role may not select, in the types of its table (or
      // among the arguments of its root fields, e.g. _by_pk)
      const mOwner = m.kind.startsWith('argument of ') ? tableOf(m.kind.slice(12)) : owner;
      if (mOwner && sees[mOwner] && ALL_TABLES[mOwner].includes(m.name) && !sees[mOwner].includes(m.name)) {
        bad.push(`${type.name}.${m.name}: ${m.kind} for a column of ${mOwner} that is not granted`);
      }
    }
  }
  for (const t of Object.keys(sees)) {
    if (!hasType.has(t)) bad.push(`type ${t} is missing, but the role may select it`);
    else {
      const fields = typeMap[t].getFields();
      for (const c of sees[t]) if (!fields[c]) bad.push(`${t}.${c} is missing, but the role may select it`);
      for (const [fn, f] of Object.entries(fields)) {
        const named = graphql.getNamedType(f.type);
        if (graphql.isLeafType(named) && !sees[t].includes(fn)) bad.push(`${t}.${fn}: a column field the role may not select`);
      }
    }
  }
  return [...new Set(bad)];
}

function partRoles() {
  const roles = Object.keys(ROLES);
  const setup = [
    SESSION,
    ...roles.map((r) => `DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${r}') THEN EXECUTE 'DROP OWNED BY ${r}'; DROP ROLE ${r}; END IF; END $$;`),
    FIXTURE,
    ...roles.map((r) => `CREATE ROLE ${r};`),
    ...roles.flatMap((r) => ROLES[r].grants.map((g) => `${g};`)),
  ];
  const selects = [];
  for (const r of roles) {
    selects.push(`SET ROLE ${r};`);
    selects.push(`SELECT ${hexJson({ role: 'current_user', sdl: 'graphql.sdl()', intro: `graphql.resolve(${sqlString(INTROSPECTION_FULL)})` })};`);
    selects.push('RESET ROLE;');
  }
  // introspection off, as role a: set by the superuser (it is superuser-only)
  // with SET LOCAL in a transaction
  selects.push('BEGIN;', 'SET LOCAL graphql.introspection = off;', 'SET LOCAL ROLE intro_role_a;');
  selects.push(`SELECT ${hexJson({
    setting: "current_setting('graphql.introspection')",
    intro: `graphql.resolve(${sqlString(INTROSPECTION_DEFAULT)})`,
    type: `graphql.resolve('{ __type(name: "intro_author") { name } }')`,
    typename: `graphql.resolve('{ __typename }')`,
    nested: `graphql.resolve('{ intro_author(where: {id: {_eq: 1}}) { __typename name } }')`,
  })};`);
  selects.push('COMMIT;');
  selects.push(`SELECT ${hexJson({
    setting: "current_setting('graphql.introspection')",
    type: `graphql.resolve('{ __type(name: "intro_author") { name } }')`,
  })};`);
  const cleanup = [...roles.map((r) => `DROP OWNED BY ${r}; DROP ROLE ${r};`), DROP_FIXTURE];
  const rows = psqlRows([...setup, ...selects, ...cleanup].join('\n'), 'roles');

  const perRole = {};
  const schemas = {};
  for (const row of rows.slice(0, roles.length)) {
    const r = row.role;
    const built = clientSchemaOf(row.intro);
    if (!check(`roles: ${r}: valid client schema`, () => built.problems)) continue;
    perRole[r] = row;
    schemas[r] = built.schema;
    if (opts.verbose) {
      console.log(`-- ${r}: query_root { ${Object.keys(built.schema.getQueryType().getFields()).join(' ')} }`);
      for (const t of Object.keys(ROLES[r].sees)) {
        const type = built.schema.getType(t);
        if (type) console.log(`-- ${r}: ${t} { ${Object.keys(type.getFields()).join(' ')} }`);
      }
    }
    checkPrints(`roles: ${r}: printSchema === graphql.sdl() of the role`, built.schema, row.sdl);
    checkAgainstGraphqlJs(`roles: ${r}: equals graphql-js's introspection of the role's SDL`, row.sdl, row.intro.data.__schema);
    check(`roles: ${r}: no table, column or type it may not select, and all it may`, () => forbiddenNames(built.schema, ROLES[r].sees));
  }
  // the checker itself: each role's schema holds names the other may not see
  check('roles: the name checker finds each role\'s schema wrong for the other role', () => {
    const [a, b] = roles;
    if (!schemas[a] || !schemas[b]) return ['a role has no client schema'];
    const ab = forbiddenNames(schemas[a], ROLES[b].sees);
    const ba = forbiddenNames(schemas[b], ROLES[a].sees);
    const bad = [];
    if (!ab.some((l) => l.includes('intro_author'))) bad.push(`${a}'s schema checked as ${b}: intro_author not found forbidden`);
    if (!ba.some((l) => l.includes('intro_article.body'))) bad.push(`${b}'s schema checked as ${a}: intro_article.body not found forbidden`);
    return bad;
  });
  check('roles: the two roles get different introspection results', () => {
    const [a, b] = roles.map((r) => perRole[r] && JSON.stringify(perRole[r].intro));
    if (!a || !b) return ['a role has no introspection'];
    return a === b ? ['identical'] : null;
  });

  const off = rows[roles.length];
  const after = rows[roles.length + 1];
  const firstMessage = (r) => (r && r.errors && r.errors[0] ? r.errors[0].message : null);
  check('roles: graphql.introspection = off (SET LOCAL) is in effect', () => (off.setting === 'off' ? null : [`setting is ${off.setting}`]));
  check('roles: introspection off: the introspection query is refused', () => {
    const want = "field '__schema' not found in type: 'query_root'";
    const r = off.intro;
    if (!r || 'data' in r || firstMessage(r) !== want || r.errors[0].extensions.code !== 'validation-failed') {
      return [`expected a validation-failed error "${want}", got ${trim(JSON.stringify(r), 400)}`];
    }
    return null;
  });
  check('roles: introspection off: __type is refused', () => {
    const want = "field '__type' not found in type: 'query_root'";
    const r = off.type;
    return r && !('data' in r) && firstMessage(r) === want ? null : [`expected "${want}", got ${trim(JSON.stringify(r), 400)}`];
  });
  check('roles: introspection off: { __typename } still works', () => {
    const want = { data: { __typename: 'query_root' } };
    return JSON.stringify(off.typename) === JSON.stringify(want) ? null : [`expected ${JSON.stringify(want)}, got ${JSON.stringify(off.typename)}`];
  });
  check('roles: introspection off: __typename in objects and queries still work', () => {
    const want = { data: { intro_author: [{ __typename: 'intro_author', name: 'Ann' }] } };
    return JSON.stringify(off.nested) === JSON.stringify(want) ? null : [`expected ${JSON.stringify(want)}, got ${JSON.stringify(off.nested)}`];
  });
  check('roles: after COMMIT, SET LOCAL graphql.introspection is gone and __type works again', () => {
    const want = { data: { __type: { name: 'intro_author' } } };
    return after.setting === 'on' && JSON.stringify(after.type) === JSON.stringify(want) ? null
      : [`setting ${after.setting}, got ${JSON.stringify(after.type)}`];
  });
}

// ---------------------------------------------------------------- main

function main() {
  // Validation first: the pg_regress files create their own tables in
  // public (and roll them back); the fixture is dropped before they run.
  if (runPart('validation')) {
    psqlRows(`${SESSION}\n${DROP_FIXTURE}`, 'dropping the fixture');
    partValidation();
  }
  if (runPart('fixture')) partFixture();
  if (runPart('roles')) partRoles();
  else psqlRows(`${SESSION}\n${DROP_FIXTURE}`, 'dropping the fixture');
  for (const n of notes) console.log(`note: ${n}`);
}

try {
  main();
} catch (e) {
  failed++;
  console.log(e instanceof HarnessError ? `run.js: ${e.message}` : `run.js: internal error: ${e && e.stack}`);
}
console.log(`introspection: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
