'use strict';
/*
 * The fuzzer's seeds: real documents and variables to mutate.
 *
 *   - every file of test/parse_diff/corpus/ (valid, invalid and
 *     type-system documents, byte for byte);
 *   - every SQL string literal ('...', E'...', $tag$...$tag$) of the
 *     pg_regress suite (sql/*.sql) and of any other SQL file given (run.sh
 *     adds the scripts test/query_diff and test/mutation_diff generate, with
 *     --print-sql) that graphql-js parses into a document with an
 *     operation or fragment: a document seed; or that JSON.parse reads as an
 *     object: a variables seed.
 *
 * Documents are kept as JavaScript strings; U+0000 is dropped (PostgreSQL
 * text cannot hold it).
 */

const fs = require('fs');
const path = require('path');
const { graphql } = require('../../lib/diffkit');

// The string literals of an SQL text, decoded, in order.
function sqlStringLiterals(sql) {
  const out = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') { // line comment
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (!m || (i > 0 && /[A-Za-z0-9_]/.test(sql[i - 1]))) {
        i++;
        continue;
      }
      const tag = m[0];
      const e = sql.indexOf(tag, i + tag.length);
      if (e < 0) break;
      const body = sql.slice(i + tag.length, e);
      out.push(body);
      // a function body may hold literals of its own
      for (const inner of sqlStringLiterals(body)) out.push(inner);
      i = e + tag.length;
    } else if (c === '\'') {
      const escaped = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !(i > 1 && /[A-Za-z0-9_]/.test(sql[i - 2]));
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= n) return out;
        const d = sql[j];
        if (d === '\'' && sql[j + 1] === '\'') {
          s += '\'';
          j += 2;
        } else if (d === '\'') {
          break;
        } else if (escaped && d === '\\' && j + 1 < n) {
          const e = sql[j + 1];
          const map = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
          s += map[e] !== undefined ? map[e] : e;
          j += 2;
        } else {
          s += d;
          j++;
        }
      }
      out.push(s);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out;
}

// Whether text is a GraphQL document worth fuzzing: it parses and has an
// operation or a fragment.
function isDocument(text) {
  if (!/[{}]/.test(text)) return false;
  try {
    const doc = graphql.parse(text, { noLocation: true });
    return doc.definitions.some((d) => d.kind === 'OperationDefinition' || d.kind === 'FragmentDefinition');
  } catch (e) {
    return false;
  }
}

// The files under dir, recursively, sorted.
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out.sort();
}

/*
 * Load the seeds: {documents: [{text, from}], variables: [object],
 * counts: {source: n}}.  root is the repository; extraSql more SQL files.
 */
function loadCorpus(root, extraSql) {
  const documents = [];
  const variables = [];
  const counts = {};
  const seenDoc = new Set();
  const seenVars = new Set();
  const addDoc = (text, from) => {
    text = text.replace(/\u0000/g, '');
    if (!text || seenDoc.has(text)) return;
    seenDoc.add(text);
    documents.push({ text, from });
    counts[from] = (counts[from] || 0) + 1;
  };
  for (const f of filesUnder(path.join(root, 'test/parse_diff/corpus'))) {
    addDoc(fs.readFileSync(f, 'utf8'), 'parse_diff');
  }
  const sqlFiles = filesUnder(path.join(root, 'sql')).filter((f) => f.endsWith('.sql'))
    .map((f) => [f, 'pg_regress'])
    .concat((extraSql || []).map((f) => [f, path.basename(f, '.sql')]));
  for (const [f, from] of sqlFiles) {
    if (!fs.existsSync(f)) continue;
    for (const lit of sqlStringLiterals(fs.readFileSync(f, 'utf8'))) {
      if (isDocument(lit)) {
        addDoc(lit, from);
        continue;
      }
      const t = lit.trim();
      if (t.startsWith('{') && t.length > 2) {
        try {
          const v = JSON.parse(t);
          if (v && typeof v === 'object' && !Array.isArray(v) && !seenVars.has(t)) {
            seenVars.add(t);
            variables.push(v);
          }
        } catch (e) {
          // not JSON
        }
      }
    }
  }
  return { documents, variables, counts };
}

module.exports = { loadCorpus, sqlStringLiterals };
