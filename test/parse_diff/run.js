#!/usr/bin/env node
'use strict';
/*
 * Differential test of graphql.parse(text) (our PostgreSQL extension) against
 * graphql-js's parse(), the reference implementation (pinned to 16.11.0 by
 * ../package.json: the October 2021 spec grammar).
 *
 * Corpus: corpus/<category>/NNN-name.graphql, one document per file, the file's
 * exact bytes (UTF-8, BOM and line endings included) being the document.
 *   valid/    graphql-js parses it; our AST must equal graphql-js's
 *             (noLocation, undefined properties absent; object keys compared
 *             order-insensitively, arrays order-sensitively).
 *   invalid/  graphql-js throws a syntax error; we must raise SQLSTATE 42601
 *             with the identical message and DETAIL "at line L, column C"
 *             (graphql-js's line; its UTF-16 column converted to code points).
 *   sdl/      graphql-js parses it and it holds a type-system definition or
 *             extension; we must raise SQLSTATE 0A000 with DETAIL
 *             "at line L, column C" = start of the first such definition
 *             (its description if any). The message text is not compared.
 *
 * Our side runs through one psql process (connection from the PG* environment,
 * e.g. under Debian's pg_virtualenv):
 *
 *   pg_virtualenv -v 15 node test/parse_diff/run.js
 *
 * Options:
 *   --only SUBSTR  run only documents whose path (e.g. "invalid/012-name.graphql")
 *                  contains SUBSTR; may be repeated (a document matching any runs)
 *   --js-only      do not touch PostgreSQL: run graphql-js on the corpus, check
 *                  that every document is in the right category and within the
 *                  corpus rules, print counts
 *   --print-sql    print the SQL script that would be fed to psql, and exit
 *   --expected     print graphql-js's expected result for each selected document
 *                  (one JSON line each), and exit
 *   --verbose, -v  also list passing documents
 *
 * The environment variable PSQL overrides the psql executable.
 * Prints one line per failure (plus a few indented detail lines) and, at the
 * end, exactly one line "parse_diff: N passed, M failed". Exits 1 if anything
 * failed or went wrong, 0 otherwise.
 */

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');
const { graphql, exitOnEpipe, makeUsage, ABSENT, joinPath } = require('../lib/diffkit');

exitOnEpipe();

const CORPUS_DIR = path.join(__dirname, 'corpus');
const CATEGORIES = ['valid', 'invalid', 'sdl'];
const MIN_DOCS = 200;
const TOKEN_LIMIT = 15000; // graphql.parse's default token limit
const EXECUTABLE_KINDS = new Set([graphql.Kind.OPERATION_DEFINITION, graphql.Kind.FRAGMENT_DEFINITION]);

// ---------------------------------------------------------------- options

const usage = makeUsage('usage: node run.js [--only SUBSTR]... [--js-only | --print-sql | --expected] [--verbose]');

const opts = { only: [], jsOnly: false, printSql: false, expected: false, verbose: false };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') {
      if (i + 1 >= argv.length) usage('--only needs an argument');
      opts.only.push(argv[++i]);
    } else if (a.startsWith('--only=')) opts.only.push(a.slice(7));
    else if (a === '--js-only') opts.jsOnly = true;
    else if (a === '--print-sql') opts.printSql = true;
    else if (a === '--expected') opts.expected = true;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
}

// ---------------------------------------------------------------- corpus

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // keep a BOM: it is part of the document

function loadCorpus() {
  const docs = [];
  for (const category of CATEGORIES) {
    const dir = path.join(CORPUS_DIR, category);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.graphql')) continue;
      const name = `${category}/${file}`;
      const bytes = fs.readFileSync(path.join(dir, file));
      let text = null;
      let problem = null;
      try {
        text = utf8.decode(bytes);
      } catch (e) {
        problem = 'file is not valid UTF-8';
      }
      docs.push({ name, category, bytes, text, problem });
    }
  }
  return docs;
}

// graphql-js counts columns in UTF-16 code units, we count code points.
function codePointColumn(text, line, column) {
  const lines = text.split(/\r\n|[\n\r]/);
  const prefix = (lines[line - 1] || '').slice(0, column - 1);
  return [...prefix].length + 1;
}

function countTokens(text) {
  const lexer = new graphql.Lexer(new graphql.Source(text));
  let n = 0;
  try {
    while (lexer.advance().kind !== graphql.TokenKind.EOF) n++;
  } catch (e) {
    // a lexical error ends the document
  }
  return n;
}

function badStringsIn(value, out = []) {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push('U+0000');
    if (!value.isWellFormed()) out.push('a lone surrogate');
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) badStringsIn(v, out);
  }
  return out;
}

// What graphql-js says about a document: {kind: 'ast'|'error'|'unsupported', ...},
// or {kind: 'corpus-error', message} if the document breaks the corpus rules.
function expectationFor(doc) {
  const text = doc.text;
  const corpusError = (message) => ({ kind: 'corpus-error', message });
  if (doc.problem) return corpusError(doc.problem);
  if (text.includes('\u0000')) return corpusError('document contains U+0000, which PostgreSQL text cannot hold');
  const tokens = countTokens(text);
  if (tokens >= TOKEN_LIMIT) return corpusError(`document has ${tokens} tokens, the limit is ${TOKEN_LIMIT}`);

  let exp;
  let ast;
  try {
    ast = graphql.parse(text, { noLocation: true });
  } catch (e) {
    if (!(e instanceof graphql.GraphQLError) || !e.locations || e.locations.length !== 1) {
      return corpusError(`graphql-js failed unexpectedly: ${e && e.stack}`);
    }
    const { line, column } = e.locations[0];
    exp = { kind: 'error', message: e.message, line, column: codePointColumn(text, line, column) };
    if (badStringsIn(e.message).length) {
      return corpusError(`graphql-js's message contains ${badStringsIn(e.message)[0]}, which PostgreSQL cannot hold`);
    }
  }
  if (!exp) {
    const sdlIndex = ast.definitions.findIndex((d) => !EXECUTABLE_KINDS.has(d.kind));
    if (sdlIndex >= 0) {
      const start = graphql.parse(text).definitions[sdlIndex].loc.start;
      const { line, column } = graphql.getLocation(new graphql.Source(text), start);
      exp = {
        kind: 'unsupported',
        definition: ast.definitions[sdlIndex].kind,
        line,
        column: codePointColumn(text, line, column),
      };
    } else {
      const json = JSON.parse(JSON.stringify(ast));
      const bad = badStringsIn(json);
      if (bad.length) return corpusError(`AST contains ${bad[0]}, which jsonb cannot hold`);
      exp = { kind: 'ast', ast: json };
    }
  }
  const wanted = { valid: 'ast', invalid: 'error', sdl: 'unsupported' }[doc.category];
  if (exp.kind !== wanted) {
    const what = exp.kind === 'error' ? `a syntax error (${exp.message})` : exp.kind === 'ast' ? 'an executable document' : `a type-system document (${exp.definition})`;
    return corpusError(`belongs in ${doc.category}/, but graphql-js finds ${what}`);
  }
  return exp;
}

// ---------------------------------------------------------------- SQL

function sqlLiteral(text) {
  // standard_conforming_strings is on (set in the script): only ' needs doubling.
  return `'${text.replace(/'/g, "''")}'`;
}

function buildSql(docs) {
  const out = [];
  out.push('-- generated by test/parse_diff/run.js; one result row (hex-encoded UTF-8 JSON) per document');
  out.push("set client_min_messages = 'warning';");
  out.push('set standard_conforming_strings = on;');
  out.push("set client_encoding = 'UTF8';");
  out.push("set statement_timeout = '60s';");
  out.push('create extension if not exists graphql;');
  out.push(`create function pg_temp.try_parse(q text) returns jsonb language plpgsql as $try_parse$
declare
  v_message text;
  v_detail text;
  v_sqlstate text;
begin
  return jsonb_build_object('ast', graphql.parse(q));
exception when others or query_canceled then
  get stacked diagnostics v_message = message_text, v_detail = pg_exception_detail, v_sqlstate = returned_sqlstate;
  return jsonb_build_object('error', v_message, 'detail', v_detail, 'sqlstate', v_sqlstate);
end
$try_parse$;`);
  // The md5 lets us check that the document reached the server byte for byte.
  // The row is hex-encoded because psql's printing drops some valid characters
  // (e.g. U+10FFFF, U+1FFFF) from its output.
  out.push(`create function pg_temp.run(q text) returns text language sql as $run$
  select encode(convert_to((pg_temp.try_parse(q) || jsonb_build_object('md5', md5(q)))::text, 'UTF8'), 'hex')
$run$;`);
  for (const doc of docs) {
    out.push(`-- ${doc.name.replace(/[^\w./-]/g, "?")}`);
    out.push(`select pg_temp.run(${sqlLiteral(doc.text)});`);
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- comparison

function show(value) {
  if (value === ABSENT) return '(absent)';
  const s = JSON.stringify(value);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

// First difference between expected a and actual b: {path, exp, got} or null.
function firstDiff(a, b, p) {
  if (a === b) return null;
  const isObj = (v) => v !== null && typeof v === 'object';
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return { path: p, exp: a, got: b };
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDiff(a[i], b[i], joinPath(p, i));
      if (d) return d;
    }
    if (a.length !== b.length) {
      return { path: joinPath(p, n), exp: n < a.length ? a[n] : ABSENT, got: n < b.length ? b[n] : ABSENT, note: `array length ${a.length} expected, got ${b.length}` };
    }
    return null;
  }
  if (isObj(a) && isObj(b)) {
    for (const k of Object.keys(a)) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) return { path: joinPath(p, k), exp: a[k], got: ABSENT };
      const d = firstDiff(a[k], b[k], joinPath(p, k));
      if (d) return d;
    }
    for (const k of Object.keys(b)) {
      if (!Object.prototype.hasOwnProperty.call(a, k)) return { path: joinPath(p, k), exp: ABSENT, got: b[k] };
    }
    return null;
  }
  return { path: p, exp: a, got: b };
}

function describeGot(got) {
  if (got.error !== undefined) return `ERROR ${got.sqlstate}: ${JSON.stringify(got.error)}, DETAIL ${JSON.stringify(got.detail)}`;
  return `an AST: ${show(got.ast)}`;
}

function detailFor(exp) {
  return `at line ${exp.line}, column ${exp.column}`;
}

// Returns null if the document passes, else an array of report lines.
function compare(doc, exp, got) {
  const md5 = crypto.createHash('md5').update(doc.bytes).digest('hex');
  if (got.md5 !== md5) return ['the document did not reach the server intact (md5 differs): harness bug'];
  if (exp.kind === 'ast') {
    if (got.ast === undefined) return ['expected an AST, got', `  ${describeGot(got)}`];
    const d = firstDiff(exp.ast, got.ast, 'document');
    if (!d) return null;
    return [`AST differs at ${d.path}${d.note ? ` (${d.note})` : ''}`, `  expected: ${show(d.exp)}`, `  got:      ${show(d.got)}`];
  }
  if (exp.kind === 'error') {
    const want = `ERROR 42601: ${JSON.stringify(exp.message)}, DETAIL ${JSON.stringify(detailFor(exp))}`;
    if (got.ast === undefined && got.sqlstate === '42601' && got.error === exp.message && got.detail === detailFor(exp)) return null;
    return ['error differs', `  expected: ${want}`, `  got:      ${describeGot(got)}`];
  }
  // unsupported type-system definition
  const want = `ERROR 0A000, DETAIL ${JSON.stringify(detailFor(exp))} (${exp.definition})`;
  if (got.ast === undefined && got.sqlstate === '0A000' && got.detail === detailFor(exp)) return null;
  return ['expected a feature_not_supported error', `  expected: ${want}`, `  got:      ${describeGot(got)}`];
}

// ---------------------------------------------------------------- main

function main() {
  let docs = loadCorpus();
  const total = docs.length;
  if (opts.only.length) docs = docs.filter((d) => opts.only.some((s) => d.name.includes(s)));
  let wentWrong = false;
  if (!opts.only.length && total < MIN_DOCS) {
    console.log(`run.js: the corpus has only ${total} documents, expected at least ${MIN_DOCS}`);
    wentWrong = true;
  }
  if (docs.length === 0) {
    console.log('run.js: no documents selected');
    wentWrong = true;
  }

  const exps = docs.map(expectationFor);

  if (opts.expected) {
    docs.forEach((d, i) => console.log(JSON.stringify({ name: d.name, ...exps[i] })));
    return 0;
  }

  const counts = {};
  for (const c of CATEGORIES) counts[c] = 0;
  let corpusErrors = 0;
  docs.forEach((d, i) => {
    counts[d.category]++;
    if (exps[i].kind === 'corpus-error') {
      corpusErrors++;
      console.log(`CORPUS ERROR ${d.name}: ${exps[i].message}`);
    }
  });
  if (corpusErrors) wentWrong = true;

  if (opts.jsOnly) {
    console.log(`graphql-js: ${docs.length} documents: ${counts.valid} valid, ${counts.invalid} invalid, ${counts.sdl} sdl; ` +
      `${corpusErrors} corpus errors`);
    return wentWrong ? 1 : 0;
  }

  const runnable = docs.filter((d, i) => exps[i].kind !== 'corpus-error');
  const sql = buildSql(runnable);
  if (opts.printSql) {
    process.stdout.write(sql);
    return wentWrong ? 1 : 0;
  }

  const psql = process.env.PSQL || 'psql';
  const res = spawnSync(psql, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1'], {
    input: sql,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
  });
  const lines = (res.stdout || '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (res.error || res.status !== 0) {
    wentWrong = true;
    const why = res.error ? res.error.message : `exit status ${res.status}${res.signal ? `, signal ${res.signal}` : ''}`;
    const next = runnable[lines.length];
    console.log(`run.js: psql failed (${why}) after ${lines.length} of ${runnable.length} results` +
      (next && lines.length > 0 ? `; the document being run was ${next.name}` : ''));
    const err = (res.stderr || '').trim().split('\n').slice(-15);
    for (const l of err) if (l) console.log(`  psql: ${l}`);
  } else if ((res.stderr || '').trim()) {
    for (const l of res.stderr.trim().split('\n').slice(-15)) console.log(`  psql: ${l}`);
  }
  if (lines.length > runnable.length) {
    console.log(`run.js: psql printed ${lines.length} lines for ${runnable.length} documents`);
    wentWrong = true;
  }

  let passed = 0;
  let failed = corpusErrors;
  runnable.forEach((doc, i) => {
    const exp = exps[docs.indexOf(doc)];
    if (i >= lines.length) {
      failed++;
      if (!res.error && res.status === 0) console.log(`FAIL ${doc.name}: no result from psql`);
      return;
    }
    let got;
    try {
      if (!/^(?:[0-9a-f]{2})*$/.test(lines[i])) throw new Error('not hex');
      got = JSON.parse(utf8.decode(Buffer.from(lines[i], 'hex')));
    } catch (e) {
      failed++;
      wentWrong = true;
      console.log(`FAIL ${doc.name}: cannot read psql's output line: ${show(lines[i])}`);
      return;
    }
    const report = compare(doc, exp, got);
    if (report) {
      failed++;
      console.log(`FAIL ${doc.name}: ${report[0]}`);
      for (const l of report.slice(1)) console.log(l);
    } else {
      passed++;
      if (opts.verbose) console.log(`ok   ${doc.name}`);
    }
  });
  if (runnable.length > lines.length && !(res.error || res.status !== 0)) wentWrong = true;
  if (runnable.length > lines.length && (res.error || res.status !== 0)) {
    console.log(`run.js: ${runnable.length - lines.length} documents got no result`);
  }

  console.log(`parse_diff: ${passed} passed, ${failed} failed`);
  return failed > 0 || wentWrong ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.log(`run.js: internal error: ${e && e.stack}`);
  console.log('parse_diff: 0 passed, 1 failed');
  process.exitCode = 1;
}
