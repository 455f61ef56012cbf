'use strict';
/*
 * Shrinking a crashing input, and printing it as SQL.
 *
 * minimize(steps, test, budget) takes the sequence of cases that crashed
 * (the last one crashed; the others ran before it on the same connection,
 * for crashes that need the plan cache in some state) and an async
 * test(steps) -> true when the steps still crash the same way.  It removes
 * earlier steps, then shrinks the last case: its document (delta debugging
 * over tokens, then over characters), its variables (members and items
 * removed, values made simpler), its settings, role and other arguments.
 * It stops when nothing more can go or the time budget (ms) is spent.
 */

const { tokenize } = require('./mutate');
const { graphql } = require('../../lib/diffkit');

// Delta debugging (Zeller's ddmin, complement-only): a smallest-found
// sublist of items for which pred(list) holds; pred(items) must hold.
async function ddmin(items, pred, outOfTime) {
  let n = 2;
  while (items.length >= 2 && !outOfTime()) {
    const chunk = Math.ceil(items.length / n);
    let reduced = false;
    for (let start = 0; start < items.length && !outOfTime(); start += chunk) {
      const candidate = items.slice(0, start).concat(items.slice(start + chunk));
      if (candidate.length && await pred(candidate)) {
        items = candidate;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= items.length) break;
      n = Math.min(items.length, n * 2);
    }
  }
  if (items.length === 1 || outOfTime()) return items;
  return items;
}

// Simpler versions of a JSON value, simplest first.
function simpler(v) {
  const out = [];
  if (v === null) return out;
  out.push(null);
  if (Array.isArray(v)) {
    if (v.length) out.push([]);
    if (v.length > 1) out.push([v[0]], v.slice(0, Math.ceil(v.length / 2)));
  } else if (typeof v === 'object') {
    if (Object.keys(v).length) out.push({});
  } else if (typeof v === 'string') {
    if (v !== '') out.push('');
    if (v.length > 8) out.push(v.slice(0, Math.ceil(v.length / 2)));
  } else if (typeof v === 'number') {
    if (v !== 0) out.push(0);
    if (v !== 1) out.push(1);
  }
  return out;
}

// Shrink JSON value v (pred(v') must hold for the result).
async function shrinkJson(v, pred, outOfTime, depth = 0) {
  if (outOfTime() || depth > 30) return v;
  for (const s of simpler(v)) {
    if (outOfTime()) return v;
    if (await pred(s)) return shrinkJson(s, pred, outOfTime, depth + 1);
  }
  if (Array.isArray(v)) {
    const idx = await ddmin(v.map((_, i) => i), (keep) => pred(keep.map((i) => v[i])), outOfTime);
    let a = idx.map((i) => v[i]);
    if (!(await pred(a))) a = v;
    for (let i = 0; i < a.length && !outOfTime(); i++) {
      const item = await shrinkJson(a[i], (x) => pred(a.slice(0, i).concat([x], a.slice(i + 1))), outOfTime, depth + 1);
      a = a.slice(0, i).concat([item], a.slice(i + 1));
    }
    return a;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    const pick = (ks) => Object.fromEntries(ks.map((k) => [k, v[k]]));
    let ks = keys.length ? await ddmin(keys, (sub) => pred(pick(sub)), outOfTime) : keys;
    if (!(await pred(pick(ks)))) ks = keys;
    let o = pick(ks);
    for (const k of ks) {
      if (outOfTime()) break;
      const item = await shrinkJson(o[k], (x) => pred({ ...o, [k]: x }), outOfTime, depth + 1);
      o = { ...o, [k]: item };
    }
    return o;
  }
  return v;
}

// The number of array members in AST node (definitions, selections,
// arguments, variable definitions, directives, object fields, list items).
function countMembers(doc) {
  let n = 0;
  graphql.visit(doc, { enter(node, key) { if (typeof key === 'number') n++; } });
  return n;
}

// doc without its k-th array member (in the order of countMembers).
function withoutMember(doc, k) {
  let i = 0;
  return graphql.visit(doc, {
    enter(node, key) {
      if (typeof key !== 'number') return undefined;
      return i++ === k ? null : undefined;
    },
  });
}

// Shrink a document that graphql-js parses by removing whole parts of it
// (outermost first: operations, fragments, fields, arguments, variable
// definitions, directives, input fields, list items), printed by
// graphql-js.  Returns text unchanged if its printed form does not hold.
async function shrinkDocument(text, pred, outOfTime) {
  let doc;
  try {
    doc = graphql.parse(text, { noLocation: true });
  } catch (e) {
    return text;
  }
  let cur = graphql.print(doc);
  if (cur !== text && !(await pred(cur))) return text;
  for (let k = 0; k < countMembers(doc) && !outOfTime();) {
    const cand = withoutMember(doc, k);
    const printed = graphql.print(cand);
    if (printed !== cur && await pred(printed)) {
      doc = cand;
      cur = printed;
    } else {
      k++;
    }
  }
  return cur;
}

// vars without the members the document text does not declare (unchanged
// if it does not parse).
function pruneVars(vars, text) {
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) return vars;
  let doc;
  try {
    doc = graphql.parse(text, { noLocation: true });
  } catch (e) {
    return vars;
  }
  const declared = new Set();
  graphql.visit(doc, { VariableDefinition(node) { declared.add(node.variable.name.value); } });
  return Object.fromEntries(Object.entries(vars).filter(([k]) => declared.has(k)));
}

// Shrink text: over tokens, then over runs of characters.  A big text is
// first tried as a trivial document padded to the same length, then to
// shorter lengths (a crash may need only the size: a read past the end of a
// block of its own).
async function shrinkText(text, pred, outOfTime) {
  if (text.length > 4096) {
    const head = '{__typename}';
    const padded = (n) => head + ' '.repeat(n);
    let n = Buffer.byteLength(text, 'utf8') - head.length;
    if (n > 0 && await pred(padded(n))) {
      // the smallest padding, in steps that keep n mod 8 (allocation sizes)
      let lo = 0;
      while (n - lo > 8 && !outOfTime()) {
        const mid = n - Math.ceil((n - lo) / 16) * 8;
        if (mid < lo) break;
        if (await pred(padded(mid))) n = mid;
        else lo = mid + 1;
      }
      return padded(n);
    }
  }
  let toks = tokenize(text);
  if (toks.length > 1) {
    const kept = await ddmin(toks, (t) => pred(t.join('')), outOfTime);
    if (await pred(kept.join(''))) toks = kept;
  }
  let s = toks.join('');
  // whitespace runs to one space
  const collapsed = s.replace(/\s{2,}/g, ' ');
  if (collapsed !== s && !outOfTime() && await pred(collapsed)) s = collapsed;
  if (s.length <= 400) {
    const chars = await ddmin([...s], (c) => pred(c.join('')), outOfTime);
    if (await pred(chars.join(''))) s = chars.join('');
  }
  // graphql-js's printing of it, if that still does it (easier to read)
  try {
    const printed = graphql.print(graphql.parse(s, { noLocation: true }));
    if (printed !== s && !outOfTime() && await pred(printed)) s = printed;
  } catch (e) {
    // not a document graphql-js parses
  }
  return s;
}

async function minimize(steps, test, budgetMs) {
  const deadline = Date.now() + budgetMs;
  const outOfTime = () => Date.now() > deadline;
  let tries = 0;
  const t = async (s) => {
    tries++;
    return test(s);
  };
  // earlier steps
  if (steps.length > 1) {
    if (await t(steps.slice(-1))) steps = steps.slice(-1);
    else {
      const prefix = await ddmin(steps.slice(0, -1), (p) => t(p.concat(steps.slice(-1))), outOfTime);
      if (await t(prefix.concat(steps.slice(-1)))) steps = prefix.concat(steps.slice(-1));
    }
  }
  const head = steps.slice(0, -1);
  let c = { ...steps[steps.length - 1] };
  const ok = (x) => t(head.concat([x]));
  // settings and role
  if (c.settings && c.settings.length) {
    const kept = await ddmin(c.settings, (s) => ok({ ...c, settings: s }), outOfTime);
    if (await ok({ ...c, settings: kept })) c = { ...c, settings: kept };
    if (await ok({ ...c, settings: [] })) c = { ...c, settings: [] };
  }
  if (c.role && !outOfTime() && await ok({ ...c, role: null })) c = { ...c, role: null };
  if (c.ddl && c.ddl.length && !outOfTime()) {
    const kept = await ddmin(c.ddl, (d) => ok({ ...c, ddl: d }), outOfTime);
    if (await ok({ ...c, ddl: kept })) c = { ...c, ddl: kept };
  }
  for (const k of ['operationName', 'extensions']) {
    if (c[k] !== undefined && c[k] !== null && !outOfTime() && await ok({ ...c, [k]: null })) c = { ...c, [k]: null };
  }
  // the document (as text; raw bytes stay as they are), with the variables
  // it no longer declares left out
  const isText = c.queryHex === undefined && typeof c.query === 'string';
  const withQuery = (q) => ({ ...c, query: q, variables: pruneVars(c.variables, q) });
  if (isText && !outOfTime()) c = withQuery(await shrinkDocument(c.query, (q) => ok(withQuery(q)), outOfTime));
  // variables
  if (c.variables !== undefined && !outOfTime()) {
    c = { ...c, variables: await shrinkJson(c.variables, (v) => ok({ ...c, variables: v }), outOfTime) };
  }
  if (isText && !outOfTime()) {
    c = withQuery(await shrinkText(c.query, (q) => ok(withQuery(q)), outOfTime));
    c = withQuery(await shrinkDocument(c.query, (q) => ok(withQuery(q)), outOfTime));
    // the variables again: the document may use fewer now
    if (c.variables !== undefined && !outOfTime()) {
      c = { ...c, variables: await shrinkJson(c.variables, (v) => ok({ ...c, variables: v }), outOfTime) };
    }
  }
  return { steps: head.concat([c]), tries, complete: !outOfTime() };
}

// ---------------------------------------------------------------- SQL

// s as an SQL expression: a dollar-quoted literal, with runs of 40 or more
// of one character written as repeat() so that big inputs stay readable.
function sqlText(s) {
  if (s === null || s === undefined) return 'NULL';
  const parts = [];
  const re = /([\s\S])\1{39,}/g;
  let last = 0;
  let m;
  while ((m = re.exec(s))) {
    if (m.index > last) parts.push(dollar(s.slice(last, m.index)));
    parts.push(`repeat(${dollar(m[1])}, ${m[0].length})`);
    last = m.index + m[0].length;
  }
  if (last < s.length || !parts.length) parts.push(dollar(s.slice(last)));
  return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
}

// A dollar-quoted literal of s (a tag not in s); plain quotes when short and simple.
function dollar(s) {
  if (/^[ -~]*$/.test(s) && s.length < 60 && !s.includes('\'')) return `'${s}'`;
  if (/^[ -~\n]*$/.test(s) && !s.includes('$') && s.length < 200 && !s.includes('\\')) return `'${s.replace(/'/g, '\'\'')}'`;
  // a tag that occurs in tag + s + tag only at its two ends
  let tag = '$q$';
  for (let i = 0; `${tag}${s}${tag}`.indexOf(tag, 1) !== s.length + tag.length; i++) tag = `$q${i}$`;
  return `${tag}${s}${tag}`;
}

// One case as SQL statements (a transaction rolled back).
function caseSql(c) {
  const lines = ['BEGIN;'];
  for (const [k, v] of c.settings || []) lines.push(`SELECT set_config(${dollar(k)}, ${sqlText(v)}, true);`);
  for (const sql of c.ddl || []) lines.push(`${sql};`);
  if (c.role) lines.push(`SET LOCAL ROLE ${c.role};`);
  const q = c.queryHex !== undefined && c.queryHex !== null
    ? `convert_from('\\x${c.queryHex}'::bytea, 'SQL_ASCII')`
    : sqlText(c.query);
  const vars = c.varsText !== undefined ? `${sqlText(c.varsText)}::jsonb`
    : c.variables === undefined ? 'NULL' : `${sqlText(JSON.stringify(c.variables))}::jsonb`;
  const opName = c.operationName === undefined || c.operationName === null ? 'NULL' : sqlText(c.operationName);
  const ext = c.extensions === undefined || c.extensions === null ? 'NULL' : `${sqlText(JSON.stringify(c.extensions))}::jsonb`;
  const call = {
    resolve: `graphql.resolve(${q}, ${vars}, ${opName}, ${ext})`,
    explain: `graphql.explain(${q}, coalesce(${vars}, '{}'))`,
    parse: `graphql.parse(${q})`,
    sdl: 'graphql.sdl()',
    plan: `graphql._plan(${q}, coalesce(${vars}, '{}'))`,
    tokens: `graphql._token_count(${q})`,
    session_var: `graphql.session_var(${q})`,
    cache_stats: '* FROM graphql.cache_stats()',
  }[c.fn];
  lines.push(`SELECT ${call};`);
  lines.push('ROLLBACK;');
  return lines.join('\n');
}

// A ready-to-paste reproducer for steps.
function reproducerSql(steps, dbDescription) {
  return [`-- in ${dbDescription}`, ...steps.map(caseSql)].join('\n');
}

module.exports = { minimize, ddmin, shrinkJson, shrinkText, reproducerSql, caseSql, sqlText };
