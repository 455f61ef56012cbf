#!/usr/bin/env node
'use strict';
/*
 * Concurrency test of graphql.resolve while the schema changes (issue 12):
 * answers must be right while DDL, GRANT/REVOKE and policy changes run in
 * another session.
 *
 * fixture.sql builds, in the database of the PG* environment: accounts
 * whose balances every mutation of the clients moves between two accounts
 * (recording a transfer row), so that in any snapshot each account's
 * balance is its start plus the transfers to it minus the transfers from
 * it, and the balances add up to a constant (a deferred constraint trigger
 * refuses a commit after which they do not); and a table `fixed` (with a
 * view and a function over it) whose contents nobody changes.
 *
 * For --seconds (default 120), over one connection each:
 *   readers  query: invariants checked on every answer (per account, the
 *            total, two root fields of one request against each other, the
 *            number of transfers against those known to be committed
 *            before the request was sent), `fixed` checked exactly; now and
 *            then in a REPEATABLE READ transaction, against a plain SELECT
 *            run after it in the same snapshot.  The last reader (of 3 or
 *            more) runs with graphql.plan_cache_size = 0, the others with
 *            the plan cache, their requests repeated with new values so
 *            that cached statements are re-run.
 *   writers  transfers (two update_account_by_pk with _inc and an
 *            insert_transfer_one in one request; or update_account_many and
 *            insert_transfer), checked field by field; and deferred
 *            constraint probes: a deposit (the total changes: the deferred
 *            trigger must refuse it) or a transfer whose row has a foreign
 *            key to no account (a deferred foreign key), alone or, inside
 *            an explicit transaction, followed by a check that the
 *            transaction's constraints are still DEFERRED (a row violating
 *            a deferred foreign key inserted), a valid transfer (which
 *            must not fail for that row), the row deleted, and COMMIT.
 *   ddl      as a superuser, loops: ALTER TABLE ... TYPE (smallint <-> int,
 *            a rewrite that leaves the GraphQL schema as it was) on
 *            account, transfer and fixed; VACUUM FULL; CLUSTER; ADD/DROP
 *            COLUMN and RENAME COLUMN, of columns that some requests select
 *            and of columns that none does; CREATE/DROP INDEX (also
 *            CONCURRENTLY);
 *            DROP/CREATE of a view, a root-field function and a computed
 *            field; GRANT/REVOKE on a column, a view, a function, an UPDATE
 *            column; CREATE/DROP/ALTER POLICY (never changing which rows
 *            the clients see); ANALYZE, VACUUM; a temporary table named
 *            like an exposed one.  Each change that can be held holds its
 *            locks for 0-80 ms before COMMIT, so that requests queue
 *            behind it; several changes are sometimes one transaction.
 * All clients run as the role regress_graphql_conc (SET ROLE).
 *
 * Every response is put in one class:
 *   right          the data is the truth (above).
 *   absent         a validation error "field 'x' not found in type: 'T'"
 *                  for a field that the DDL session had removed (dropped,
 *                  renamed, revoked) at some moment of the request: an
 *                  answer of the new schema, legitimate.  A field reported
 *                  missing while it existed throughout is a wrong answer.
 *   wrong          data that differs from the truth (an empty list for a
 *                  non-empty table, totals that do not add up, a null
 *                  update_account_by_pk for an existing account, ...).
 *   stale          an error of a statement compiled for an older schema:
 *                  SQLSTATE 42703, 42P01, 42883 (undefined column, table,
 *                  function), 42501 (a privilege revoked after compiling:
 *                  the new schema's answer is "field not found", so a
 *                  permission error is never legitimate here: the clients
 *                  use only what the schema shows them), XX000, 0A000
 *                  "cached plan must not change result type", "could not
 *                  open relation", "cache lookup failed", as a GraphQL
 *                  error (extensions.sqlstate) or an SQL error.
 *   deferred       a deferred constraint violated by a mutation that the
 *                  request did not report as its error (constraint-violation;
 *                  permission-error for a check):
 *                  the violation raised by COMMIT instead (as an SQL error),
 *                  data answered for a write that cannot commit (and the
 *                  transaction's other writes lost at COMMIT), or the
 *                  caller's constraint mode changed by the request.
 *   transient      a deadlock (40P01) or serialization failure (40001):
 *                  PostgreSQL's answer to lock cycles between the DDL
 *                  session and a request; nothing written.  Not a failure.
 *   other          anything else (a statement timeout, a lost connection,
 *                  an error of a class not listed).
 * At the end, as a superuser: the balances add up, every account's balance
 * agrees with its transfers, and the transfer rows are exactly those that
 * the requests answered as written (and committed).
 *
 * Checks (the final line counts them): no wrong answer, no stale-plan
 * error, no unreported deferred violation, no other error, the final
 * invariant, the transfers written, and that the run did something (requests
 * answered from the plan cache, DDL statements run).
 *
 *   pg_virtualenv -t -v 15 node test/concurrency/run.js --seconds 30
 *
 * Options:
 *   --seconds N    how long the clients run (default 120)
 *   --seed N       the seed of every client's choices (default 1; printed)
 *   --readers N    query sessions (default 3)
 *   --writers N    mutation sessions (default 2)
 *   --no-ddl       no DDL session (a control run: every answer must be right)
 *   --ddl-only RE  only the DDL operations whose names (as the report
 *                  prints them) match the regular expression RE, e.g.
 *                  'vacuum full|cluster': which operations cause what
 *   --examples N   examples printed per class, the first of each request
 *                  and kind of problem (default 8)
 *   --verbose, -v  print every response that is not right as it comes
 *
 * Connection from the PG* environment, as a superuser (the fixture, the DDL
 * session and the final check); the database's contents are replaced.
 * Prints the counts per class, examples, and exactly one line
 * "concurrency: N passed, M failed"; exits 1 on any failure.
 */

const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');
const { makeUsage, parseArgs, mulberry32, parseJsonStrict, trim } = require('../lib/diffkit');

const { Client } = require(require.resolve('pg', { paths: [path.join(__dirname, '..')] }));

// ---------------------------------------------------------------- options

const usage = makeUsage('usage: node run.js [--seconds N] [--seed N] [--readers N] [--writers N] [--no-ddl | --ddl-only REGEX] [--examples N] [--verbose]');
const opts = { seconds: 120, seed: 1, readers: 3, writers: 2, ddl: true, ddlOnly: null, examples: 8, verbose: false };
{
  // --ddl-only REGEX (parseArgs takes integers only)
  const k = process.argv.findIndex((a) => a === '--ddl-only' || a.startsWith('--ddl-only='));
  if (k >= 0) {
    const eq = process.argv[k].indexOf('=');
    const [value] = eq >= 0 ? [process.argv[k].slice(eq + 1)] : process.argv.splice(k + 1, 1);
    process.argv.splice(k, 1);
    if (value === undefined) usage('--ddl-only needs a regular expression');
    opts.ddlOnly = new RegExp(value);
  }
}
parseArgs(opts, usage, (a, intArg) => {
  if (a === '--seconds') opts.seconds = intArg(a);
  else if (a === '--seed') opts.seed = intArg(a);
  else if (a === '--readers') opts.readers = intArg(a);
  else if (a === '--writers') opts.writers = intArg(a);
  else if (a === '--examples') opts.examples = intArg(a);
  else if (a === '--no-ddl') opts.ddl = false;
  else return false;
  return true;
});
if (opts.seconds < 1) usage('--seconds must be at least 1');

const ACCOUNTS = 20;
const START = 1000;
const TOTAL = ACCOUNTS * START;
const ROLE = 'regress_graphql_conc';
const STATEMENT_TIMEOUT = 30; // seconds: longer than any lock the DDL session holds

const now = () => performance.now(); // ms, one clock for every session
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
let deadline = 0;

// ---------------------------------------------------------------- sessions

// A connection with every value as text (json as its text, parsed here).
async function connect(name, setup) {
  const c = new Client({ application_name: `concurrency ${name}`, types: { getTypeParser: () => (v) => v } });
  c.on('error', () => {}); // a lost connection also fails the query in flight
  await c.connect();
  await c.query(`SET statement_timeout = '${STATEMENT_TIMEOUT}s'`);
  for (const s of setup || []) await c.query(s);
  return c;
}

// Run sql; {rows} or {error: {code, message}} (never throws).
async function run(c, sql, values) {
  try {
    const r = await c.query({ text: sql, values, rowMode: 'array' });
    return { rows: r.rows };
  } catch (e) {
    return { error: { code: e.code || '', message: e.message || String(e) } };
  }
}

// graphql.resolve through a prepared statement, as a front would call it:
// {t0, t1, text} or {t0, t1, error}.
async function resolve(c, query, variables) {
  const t0 = now();
  try {
    const r = await c.query({
      name: 'resolve', text: 'SELECT graphql.resolve($1, $2::jsonb)', values: [query, JSON.stringify(variables)], rowMode: 'array',
    });
    return { t0, t1: now(), text: r.rows[0][0] };
  } catch (e) {
    return { t0, t1: now(), error: { code: e.code || '', message: e.message || String(e) } };
  }
}

// ---------------------------------------------------------------- what the DDL session did, and when

const ddlLog = []; // {name, ops (their names), t0, t1 (null while running), error}
// feature -> [{from, to}]: when the DDL session may have had it removed
// (from the start of the removing transaction to the end of the restoring one)
const absences = {};
// the validation message of a removed feature's field
const FEATURE_MESSAGES = {
  tag: "field 'tag' not found in type: 'account'",
  balance_check: "field 'balance_check' not found in type: 'account'",
  label: "field 'label' not found in type: 'fixed'",
  secret: "field 'secret' not found in type: 'fixed'",
  fixed_view_dropped: "field 'fixed_view' not found in type: 'query_root'",
  fixed_view_revoked: "field 'fixed_view' not found in type: 'query_root'",
  fixed_total_dropped: "field 'fixed_total' not found in type: 'query_root'",
  fixed_total_revoked: "field 'fixed_total' not found in type: 'query_root'",
};

// Whether message names a field the DDL session may have removed during [t0, t1].
function plausiblyAbsent(message, t0, t1) {
  return Object.entries(FEATURE_MESSAGES).some(([f, m]) => m === message &&
    (absences[f] || []).some((iv) => iv.from < t1 && (iv.to === null || iv.to > t0)));
}

// When before t0 the field of message was last restored, for a report.
function restoredBefore(message, t0) {
  const ends = Object.entries(FEATURE_MESSAGES).filter(([, m]) => m === message)
    .flatMap(([f]) => (absences[f] || []).map((iv) => iv.to)).filter((to) => to !== null && to <= t0);
  return ends.length ? ` (restored ${Math.round(t0 - Math.max(...ends))} ms before the request was sent)` : ' (never removed)';
}

// The DDL transactions that overlapped [t0, t1].
function ddlDuring(t0, t1) {
  return ddlLog.filter((d) => d.t0 < t1 && (d.t1 === null || d.t1 > t0));
}

// ---------------------------------------------------------------- classes, counts, examples

const CLASSES = ['right', 'absent', 'wrong', 'stale', 'deferred', 'transient', 'other'];
const counts = Object.fromEntries(CLASSES.map((k) => [k, 0]));
const byRequest = {}; // request name -> class -> count
const examples = Object.fromEntries(CLASSES.map((k) => [k, []]));
const quietExamples = Object.fromEntries(CLASSES.map((k) => [k, []])); // those during no DDL
const blame = { wrong: {}, stale: {} }; // class -> DDL operation -> responses it overlapped
const unblamed = { wrong: 0, stale: 0 }; // class -> responses that overlapped no DDL transaction
const REWRITE = /^alter .* type$/; // the operations that rewrite a table with new row versions
const noRewrite = { wrong: 0, stale: 0 }; // class -> responses that overlapped no such operation

// Count one outcome; keep it as an example.
function record(cls, ev) {
  counts[cls]++;
  byRequest[ev.request] = byRequest[ev.request] || Object.fromEntries(CLASSES.map((k) => [k, 0]));
  byRequest[ev.request][cls]++;
  if (cls === 'right' || cls === 'absent') return;
  const during = ddlDuring(ev.t0, ev.t1);
  ev.ddl = during.map((d) => d.name);
  if (blame[cls]) {
    const ops = new Set(during.flatMap((x) => x.ops));
    for (const d of ops) blame[cls][d] = (blame[cls][d] || 0) + 1;
    if (!ops.size) unblamed[cls]++;
    if (![...ops].some((d) => REWRITE.test(d))) noRewrite[cls]++;
  }
  // the first example of each request and kind of problem, up to --examples
  const kind = `${ev.request}|${String(ev.why).replace(/\d+/g, 'N').slice(0, 40)}`;
  const list = during.length ? examples[cls] : quietExamples[cls];
  if (list.length < opts.examples && !list.some((x) => x.kind === kind)) list.push({ ...ev, kind });
  if (opts.verbose) console.log(`${cls}: ${ev.request} ${JSON.stringify(ev.variables || {})}: ${ev.why}`);
}

const TRANSIENT = new Set(['40P01', '40001']);

// Whether an SQL error (code, message) is one of a statement compiled for an older schema.
function isStale(code, message) {
  return ['42703', '42P01', '42883', '42501', '42846', '42804', 'XX000'].includes(code) ||
    (code === '0A000' && /cached plan must not change result type/.test(message)) ||
    /could not open relation|cache lookup failed|no longer exists/.test(message);
}

// The class of an SQL error (raised by the statement, not a GraphQL response).
function sqlErrorClass(err) {
  if (TRANSIENT.has(err.code)) return 'transient';
  if (isStale(err.code, err.message)) return 'stale';
  return 'other';
}

/*
 * Classify a response: [class, why].  check(data) returns null when the
 * data is right, else what is wrong; expectViolation: the request must
 * fail with Hasura's error for a deferred constraint's violation
 * (constraint-violation; permission-error for a check, 23514).
 */
function classify(res, check, expectViolation) {
  if (res.error) {
    if (expectViolation && res.error.code.startsWith('23')) {
      return ['deferred', `SQL error ${res.error.code} instead of a constraint-violation response: ${res.error.message}`];
    }
    return [sqlErrorClass(res.error), `SQL error ${res.error.code}: ${res.error.message}`];
  }
  let resp;
  try {
    resp = parseJsonStrict(res.text);
  } catch (e) {
    return ['other', `not JSON (${e.message})`];
  }
  if (resp.errors) {
    const errs = resp.errors;
    if (errs.every((e) => e.extensions && e.extensions.code === 'validation-failed')) {
      const bad = errs.find((e) => !plausiblyAbsent(e.message, res.t0, res.t1));
      return bad ? ['wrong', `validation error while the schema had the field${restoredBefore(bad.message, res.t0)}: ${bad.message}`]
        : ['absent', errs[0].message];
    }
    const e = errs[0];
    const state = (e.extensions && e.extensions.sqlstate) || '';
    // Hasura's code for the violation: a check's (23514) is permission-error
    const violation = state === '23514' ? 'permission-error' : 'constraint-violation';
    if (expectViolation && e.extensions && e.extensions.code === violation && resp.data === null) return ['right', e.message];
    if (TRANSIENT.has(state)) return ['transient', `${state}: ${e.message}`];
    if (isStale(state, e.message)) return ['stale', `${state}: ${e.message}`];
    return ['other', `${state || (e.extensions && e.extensions.code)}: ${e.message}`];
  }
  if (expectViolation) return ['deferred', 'answered data for a write that violates a deferred constraint'];
  if (!resp.data) return ['other', 'neither data nor errors'];
  let why;
  try {
    why = check(resp.data);
  } catch (e) {
    why = `data of an unexpected shape (${e.message})`;
  }
  if (why && why.includes(FUNCTION_SNAPSHOT) && rewriteOfFixed(res.t0, res.t1)) return ['right', why];
  return why ? ['wrong', why] : ['right', null];
}

// ---------------------------------------------------------------- the truth

/*
 * fixed_total() is a STABLE SQL function whose body reads fixed: PostgreSQL
 * runs it on the calling statement's snapshot and locks fixed only when it
 * runs, so a rewrite of fixed (ALTER TABLE ... TYPE) committed in between
 * leaves it an empty table: a sum of null, as for a prepared statement
 * calling it.  (The extension locks before its snapshot the relations its
 * statements name, not those a function reads inside.)  So a null total is
 * right when such a rewrite overlapped the request, and only then.
 */
const FUNCTION_SNAPSHOT = 'function snapshot: ';
function fixedTotalWrong(total) {
  if (total === fixedSum(Infinity)) return null;
  return `${total === null ? FUNCTION_SNAPSHOT : ''}fixed_total ${total}, not ${fixedSum(Infinity)}`;
}
function rewriteOfFixed(t0, t1) {
  return ddlDuring(t0, t1).some((d) => d.ops.some((op) => /^alter fixed\..* type$/.test(op)));
}

let fixedRows = []; // [{id, label, val, secret}], read at setup
let committed = 0; // transfers answered as written and committed
let attempted = 0; // transfer requests sent (an upper bound of the rows)
const committedIds = new Set();

const AGG = 'transfers_by_from_id_aggregate { aggregate { sum { amount } count } } transfers_by_to_id_aggregate { aggregate { sum { amount } count } }';

// What is wrong with an account row carrying both aggregates (null: right).
function accountFlowWrong(a) {
  const out = a.transfers_by_from_id_aggregate.aggregate;
  const inn = a.transfers_by_to_id_aggregate.aggregate;
  const expected = START + (inn.sum.amount || 0) - (out.sum.amount || 0);
  if (a.balance !== expected) {
    return `account ${a.id}: balance ${a.balance}, but ${START} + ${inn.sum.amount || 0} in (${inn.count} transfers)` +
      ` - ${out.sum.amount || 0} out (${out.count}) = ${expected}`;
  }
  return null;
}

// What is wrong with a list of every account (ids 1..ACCOUNTS in order, balances adding up).
function accountListWrong(rows, each) {
  if (rows.length !== ACCOUNTS) return `${ACCOUNTS} accounts expected, got ${rows.length}`;
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].id !== i + 1) return `account ${i + 1} expected at [${i}], got ${rows[i].id}`;
    const w = each && each(rows[i]);
    if (w) return w;
  }
  const sum = rows.reduce((s, r) => s + r.balance, 0);
  return sum === TOTAL ? null : `the balances add up to ${sum}, not ${TOTAL}`;
}

// What is wrong with the transfer count n seen by a request sent when
// committed0 transfers were known committed (null: right).
function transferCountWrong(n, committed0) {
  if (n < committed0) return `${n} transfers, but ${committed0} were committed before the request was sent`;
  if (n > attempted) return `${n} transfers, but only ${attempted} were ever sent`;
  return null;
}

// What is wrong with rows of `fixed` with the given columns, ids 1..n (null: right).
function fixedWrong(rows, cols, n) {
  const want = fixedRows.filter((r) => r.id <= n).map((r) => Object.fromEntries(cols.map((c) => [c, r[c]])));
  const got = JSON.stringify(rows);
  return got === JSON.stringify(want) ? null : `expected ${trim(JSON.stringify(want), 200)}, got ${trim(got, 200)}`;
}

const fixedSum = (n) => fixedRows.filter((r) => r.id <= n).reduce((s, r) => s + r.val, 0);

// A plain SELECT of the same data as a request, for a REPEATABLE READ transaction.
const MIRROR_ACCOUNTS = `SELECT coalesce(json_agg(json_build_object('id', a.id, 'balance', a.balance, 'weight', a.weight,
    'out', (SELECT json_build_object('sum', sum(amount), 'count', count(*)) FROM transfer t WHERE t.from_id = a.id),
    'in', (SELECT json_build_object('sum', sum(amount), 'count', count(*)) FROM transfer t WHERE t.to_id = a.id))
  ORDER BY a.id), '[]') FROM account a`;
const canonAccounts = (rows) => rows.map((a) => ({
  id: a.id, balance: a.balance, weight: a.weight,
  out: { sum: a.transfers_by_from_id_aggregate.aggregate.sum.amount, count: a.transfers_by_from_id_aggregate.aggregate.count },
  in: { sum: a.transfers_by_to_id_aggregate.aggregate.sum.amount, count: a.transfers_by_to_id_aggregate.aggregate.count },
}));
const MIRROR_FIXED = "SELECT coalesce(json_agg(json_build_object('id', id, 'label', label, 'val', val) ORDER BY id), '[]') FROM fixed";

// ---------------------------------------------------------------- the queries

// name, query, vars(rng), check(data, vars, cx) -> null or what is wrong;
// mirror: a plain SELECT and canon(data) to compare it with (REPEATABLE READ)
const QUERIES = [
  {
    name: 'accounts',
    query: `query Accounts { account(order_by: {id: asc}) { id balance weight ${AGG} } }`,
    vars: () => ({}),
    check: (d) => accountListWrong(d.account, (a) => (a.weight !== 1 ? `account ${a.id}: weight ${a.weight}, not 1` : accountFlowWrong(a))),
    mirror: MIRROR_ACCOUNTS,
    canon: (d) => canonAccounts(d.account),
  },
  {
    name: 'account_by_pk',
    query: `query AccountByPk($id: Int!) { account_by_pk(id: $id) { id balance ${AGG} } }`,
    vars: (r) => ({ id: r.int(1, ACCOUNTS) }),
    check: (d, v) => (!d.account_by_pk ? `account ${v.id}: null` : d.account_by_pk.id !== v.id ? `account ${d.account_by_pk.id}, not ${v.id}` : accountFlowWrong(d.account_by_pk)),
  },
  {
    name: 'totals',
    query: 'query Totals { account_aggregate { aggregate { count sum { balance } } } transfer_aggregate { aggregate { count } } }',
    vars: () => ({}),
    check: (d, v, cx) => {
      const a = d.account_aggregate.aggregate;
      if (a.count !== ACCOUNTS || a.sum.balance !== TOTAL) return `${a.count} accounts with ${a.sum.balance} in all, not ${ACCOUNTS} with ${TOTAL}`;
      return transferCountWrong(d.transfer_aggregate.aggregate.count, cx.committed);
    },
  },
  {
    // two root fields of one request: one snapshot
    name: 'two_fields',
    query: `query TwoFields { balances: account(order_by: {id: asc}) { id balance } flows: account(order_by: {id: asc}) { id ${AGG} } }`,
    vars: () => ({}),
    check: (d) => accountListWrong(d.balances) || (d.flows.length !== ACCOUNTS ? `${ACCOUNTS} accounts expected in flows, got ${d.flows.length}` : null) ||
      d.flows.map((f, i) => accountFlowWrong({ ...f, balance: d.balances[i].balance })).find((w) => w) || null,
  },
  {
    name: 'filtered',
    query: 'query Filtered($min: Int!) { rich: account(where: {balance: {_gte: $min}}, order_by: {id: asc}) { id balance } all: account(order_by: {id: asc}) { id balance } }',
    vars: (r) => ({ min: r.int(START - 60, START + 60) }),
    check: (d, v) => accountListWrong(d.all) ||
      (JSON.stringify(d.rich) === JSON.stringify(d.all.filter((a) => a.balance >= v.min)) ? null
        : `rich ${trim(JSON.stringify(d.rich), 150)} is not the accounts of all with a balance >= ${v.min}`),
  },
  {
    name: 'balance_check',
    query: 'query BalanceCheck($n: Int!) { account(where: {id: {_lte: $n}}, order_by: {id: asc}) { id balance balance_check } }',
    vars: (r) => ({ n: r.int(1, ACCOUNTS) }),
    check: (d, v) => (d.account.length !== v.n ? `${v.n} accounts expected, got ${d.account.length}`
      : d.account.map((a) => (a.balance_check !== a.balance ? `account ${a.id}: balance_check ${a.balance_check}, balance ${a.balance}` : null)).find((w) => w) || null),
  },
  {
    name: 'tag',
    query: 'query Tag($n: Int!) { account(where: {id: {_lte: $n}}, order_by: {id: asc}) { id tag } }',
    vars: (r) => ({ n: r.int(1, ACCOUNTS) }),
    check: (d, v) => {
      const want = Array.from({ length: v.n }, (_, i) => ({ id: i + 1, tag: 't' }));
      return JSON.stringify(d.account) === JSON.stringify(want) ? null : `expected ids 1..${v.n} with tag "t", got ${trim(JSON.stringify(d.account), 200)}`;
    },
  },
  {
    name: 'fixed',
    query: 'query Fixed { fixed(order_by: {id: asc}) { id label val } }',
    vars: () => ({}),
    check: (d) => fixedWrong(d.fixed, ['id', 'label', 'val'], Infinity),
    mirror: MIRROR_FIXED,
    canon: (d) => d.fixed,
  },
  {
    name: 'fixed_by_pk',
    query: 'query FixedByPk($id: Int!) { fixed_by_pk(id: $id) { id label val } }',
    vars: (r) => ({ id: r.int(1, 40) }),
    check: (d, v) => {
      const r = fixedRows.find((x) => x.id === v.id);
      const want = { id: r.id, label: r.label, val: r.val };
      return JSON.stringify(d.fixed_by_pk) === JSON.stringify(want) ? null : `expected ${JSON.stringify(want)}, got ${JSON.stringify(d.fixed_by_pk)}`;
    },
  },
  {
    name: 'fixed_aggregate',
    query: 'query FixedAggregate($n: Int!) { fixed_aggregate(where: {id: {_lte: $n}}) { aggregate { count sum { val } } } }',
    vars: (r) => ({ n: r.int(1, 40) }),
    check: (d, v) => {
      const a = d.fixed_aggregate.aggregate;
      return a.count === v.n && a.sum.val === fixedSum(v.n) ? null : `count ${a.count}, sum ${a.sum.val}; expected ${v.n}, ${fixedSum(v.n)}`;
    },
  },
  {
    name: 'fixed_secret',
    query: 'query FixedSecret($n: Int!) { fixed(where: {id: {_lte: $n}}, order_by: {id: asc}) { id secret } }',
    vars: (r) => ({ n: r.int(1, 40) }),
    check: (d, v) => fixedWrong(d.fixed, ['id', 'secret'], v.n),
  },
  {
    name: 'fixed_view',
    query: 'query FixedView { fixed_view(order_by: {id: asc}) { id label } }',
    vars: () => ({}),
    check: (d) => fixedWrong(d.fixed_view, ['id', 'label'], 10),
  },
  {
    name: 'fixed_total',
    query: 'query FixedTotal { fixed_total }',
    vars: () => ({}),
    check: (d) => fixedTotalWrong(d.fixed_total),
  },
  {
    // the first root field waits for a lock on account; the others were compiled before
    name: 'mixed',
    query: 'query Mixed { account_aggregate { aggregate { count sum { balance } } } fixed_view(order_by: {id: asc}) { id label } fixed_total }',
    vars: () => ({}),
    check: (d) => {
      const a = d.account_aggregate.aggregate;
      if (a.count !== ACCOUNTS || a.sum.balance !== TOTAL) return `${a.count} accounts with ${a.sum.balance} in all, not ${ACCOUNTS} with ${TOTAL}`;
      return fixedWrong(d.fixed_view, ['id', 'label'], 10) || fixedTotalWrong(d.fixed_total);
    },
  },
];

// The reader sessions: loop over the queries until the deadline.
async function reader(i, planCache) {
  const rng = mulberry32((opts.seed * 1000 + 100 + i) >>> 0);
  const c = await connect(`reader ${i}`, [`SET ROLE ${ROLE}`].concat(planCache ? [] : ['SET graphql.plan_cache_size = 0']));
  while (now() < deadline) {
    const q = rng.pick(QUERIES);
    const v = q.vars(rng);
    const cx = { committed };
    const rr = q.mirror && rng.chance(0.1);
    if (rr) await run(c, 'BEGIN ISOLATION LEVEL REPEATABLE READ');
    const res = await resolve(c, q.query, v);
    let [cls, why] = classify(res, (d) => q.check(d, v, cx));
    let request = q.name;
    if (rr) {
      // the truth is what a plain SELECT sees in the same snapshot
      request = `${q.name} (repeatable read)`;
      const m = await run(c, q.mirror);
      await run(c, 'COMMIT');
      const data = res.text && parseJsonStrict(res.text).data;
      if (data && !m.error) {
        // (the invariants do not hold in a snapshot older than a rewrite, which PostgreSQL shows empty)
        let got;
        try {
          got = JSON.stringify(q.canon(data));
        } catch (e) {
          got = `data of an unexpected shape (${e.message})`;
        }
        const want = JSON.stringify(JSON.parse(m.rows[0][0]));
        [cls, why] = got === want ? ['right', null]
          : ['wrong', `a plain SELECT in the same snapshot saw ${trim(want, 200)}, the request ${trim(got, 200)}`];
      }
    }
    record(cls, { request, query: q.query, variables: v, t0: res.t0, t1: res.t1, response: res.text || JSON.stringify(res.error), why });
  }
  const stats = await run(c, 'SELECT hits, misses, reuses FROM graphql.cache_stats()');
  await c.end();
  return stats.rows ? stats.rows[0].map(Number) : [0, 0, 0];
}

// ---------------------------------------------------------------- the mutations

const TRANSFER = (returning) => `mutation Transfer($a: Int!, $b: Int!, $da: Int!, $db: Int!, $from: Int!, $to: Int!, $amount: Int!) {
  first: update_account_by_pk(pk_columns: {id: $a}, _inc: {balance: $da}) { ${returning} }
  second: update_account_by_pk(pk_columns: {id: $b}, _inc: {balance: $db}) { ${returning} }
  insert_transfer_one(object: {from_id: $from, to_id: $to, amount: $amount}) { id from_id to_id amount }
}`;
const TRANSFER_MANY = `mutation TransferMany($a: Int!, $b: Int!, $da: Int!, $db: Int!, $from: Int!, $to: Int!, $amount: Int!) {
  update_account_many(updates: [{where: {id: {_eq: $a}}, _inc: {balance: $da}}, {where: {id: {_eq: $b}}, _inc: {balance: $db}}]) { affected_rows returning { id } }
  insert_transfer(objects: [{from_id: $from, to_id: $to, amount: $amount}]) { affected_rows returning { id from_id to_id amount } }
}`;
const DEPOSIT = 'mutation Deposit($id: Int!, $amount: Int!) { update_account_by_pk(pk_columns: {id: $id}, _inc: {balance: $amount}) { id balance } }';

const MUTATIONS = {
  transfer: TRANSFER('id balance'),
  transfer_tagged: TRANSFER('id balance tag balance_check'),
  transfer_many: TRANSFER_MANY,
};

// Variables of a transfer between two accounts, a < b unless given (the
// lower id is updated first: no deadlocks between writers).
function transferVars(rng, a, b) {
  a = a || rng.int(1, ACCOUNTS - 1);
  b = b || rng.int(a + 1, ACCOUNTS);
  const amount = rng.int(1, 50);
  const down = rng.chance(0.5); // a pays b
  return { a, b, da: down ? -amount : amount, db: down ? amount : -amount, from: down ? a : b, to: down ? b : a, amount };
}

// What is wrong with a transfer's data (null: right); the new transfer's id in out.id.
function transferWrong(name, d, v, out) {
  let t;
  if (name === 'transfer_many') {
    const u = d.update_account_many;
    const ids = u && u.map((x) => (x.affected_rows === 1 && x.returning.length === 1 ? x.returning[0].id : null));
    if (!ids || ids[0] !== v.a || ids[1] !== v.b) return `update_account_many should update accounts ${v.a} and ${v.b}: ${trim(JSON.stringify(u), 200)}`;
    t = d.insert_transfer && d.insert_transfer.affected_rows === 1 ? d.insert_transfer.returning[0] : null;
  } else {
    if (!d.first || d.first.id !== v.a) return `first should be account ${v.a}: ${JSON.stringify(d.first)}`;
    if (!d.second || d.second.id !== v.b) return `second should be account ${v.b}: ${JSON.stringify(d.second)}`;
    if (name === 'transfer_tagged') {
      for (const x of [d.first, d.second]) {
        if (x.tag !== 't' || x.balance_check !== x.balance) return `account ${x.id}: tag ${x.tag}, balance_check ${x.balance_check}, balance ${x.balance}`;
      }
    }
    t = d.insert_transfer_one;
  }
  if (!t || t.from_id !== v.from || t.to_id !== v.to || t.amount !== v.amount) return `the transfer should be ${v.from} -> ${v.to}, ${v.amount}: ${JSON.stringify(t)}`;
  out.id = t.id;
  return null;
}

// One transfer request; records it; returns the new transfer's id when right.
// inTransaction: sent inside the caller's transaction, after the caller's
// own INSERT into mode_probe whose deferred foreign key is violated.
async function sendTransfer(c, rng, inTransaction, a, b) {
  const name = rng.weighted([[6, 'transfer'], [2, 'transfer_tagged'], [2, 'transfer_many']]);
  const v = transferVars(rng, a, b);
  const out = {};
  attempted++;
  const res = await resolve(c, MUTATIONS[name], v);
  let [cls, why] = classify(res, (d) => transferWrong(name, d, v, out));
  if (inTransaction && cls === 'other' && /mode_probe/.test(why)) {
    [cls, why] = ['deferred', `reported the caller's own pending violation of a deferred constraint: ${why}`];
  }
  record(cls, { request: inTransaction ? `${name} (in a transaction)` : name, query: MUTATIONS[name], variables: v, t0: res.t0, t1: res.t1, response: res.text || JSON.stringify(res.error), why });
  return cls === 'right' ? out.id : null;
}

// A request that violates a deferred constraint: a deposit (the total
// changes) or a transfer to an account that does not exist (a deferred
// foreign key), updating account a (and b).  [name, query, variables].
function violation(rng, a, b) {
  if (rng.chance(0.5)) return ['deposit', DEPOSIT, { id: a, amount: rng.int(1, 50) * (rng.chance(0.5) ? 1 : -1) }];
  const v = transferVars(rng, a, b);
  v.to = ACCOUNTS + 1000;
  attempted++;
  return ['transfer_to_nobody', MUTATIONS.transfer, v];
}

// The writer sessions: transfers, and now and then a deferred violation.
async function writer(i) {
  const rng = mulberry32((opts.seed * 1000 + 200 + i) >>> 0);
  const c = await connect(`writer ${i}`, [`SET ROLE ${ROLE}`]);
  let probe = 0;
  while (now() < deadline) {
    const kind = rng.weighted([[94, 'transfer'], [3, 'violation'], [3, 'violation in a transaction']]);
    if (kind === 'transfer') {
      const id = await sendTransfer(c, rng, false);
      if (id !== null) {
        committed++;
        committedIds.add(id);
      }
    } else if (kind === 'violation') {
      const [name, query, v] = violation(rng, rng.int(1, ACCOUNTS - 1));
      const res = await resolve(c, query, v);
      const [cls, why] = classify(res, () => null, true);
      record(cls, { request: name, query, variables: v, t0: res.t0, t1: res.t1, response: res.text || JSON.stringify(res.error), why });
    } else {
      // BEGIN; the violation (reported by the request?); an INSERT
      // violating a deferred foreign key (the constraint mode still
      // DEFERRED?); a transfer (between the same accounts: the same lock
      // order; not failing for the caller's pending violation); the
      // INSERT's row deleted; COMMIT (succeeding?)
      const a = rng.int(1, ACCOUNTS - 1);
      const b = rng.int(a + 1, ACCOUNTS);
      const [name, query, v] = violation(rng, a, b);
      await run(c, 'BEGIN');
      const res = await resolve(c, query, v);
      let [cls, why] = classify(res, () => null, true);
      const reasons = cls === 'deferred' ? [why] : [];
      let id = null;
      if (cls === 'right' || cls === 'deferred') {
        probe++;
        const pid = i * 10000000 + probe;
        const ins = await run(c, 'INSERT INTO mode_probe VALUES ($1, -1)', [pid]);
        if (ins.error) {
          reasons.push(`the caller's constraints are no longer DEFERRED: INSERT violating a deferred foreign key failed at once (${ins.error.code}: ${ins.error.message})`);
        } else {
          id = await sendTransfer(c, rng, true, a, b);
          await run(c, 'DELETE FROM mode_probe WHERE id = $1', [pid]);
        }
      }
      const end = await run(c, ['right', 'deferred'].includes(cls) ? 'COMMIT' : 'ROLLBACK');
      if (end.error) {
        reasons.push(`COMMIT failed (${end.error.code}: ${end.error.message})${id !== null ? ', losing the transfer answered as written' : ''}`);
        await run(c, 'ROLLBACK');
      } else if (id !== null) {
        committed++;
        committedIds.add(id);
      }
      if (reasons.length) [cls, why] = ['deferred', reasons.join('; ')];
      record(cls, { request: `${name} (in a transaction)`, query, variables: v, t0: res.t0, t1: now(), response: res.text || JSON.stringify(res.error), why });
    }
  }
  const stats = await run(c, 'SELECT hits, misses, reuses FROM graphql.cache_stats()');
  await c.end();
  return stats.rows ? stats.rows[0].map(Number) : [0, 0, 0];
}

// ---------------------------------------------------------------- the DDL session

// Changes the DDL session makes and undoes: name; the feature whose field
// the change removes from the schema (for `absent`), if any; a group of
// changes of one object that are never in effect together; the SQL of the
// change (on) and of undoing it (off), text or a function of the state
// (which changes are in effect); whether it can run in a transaction block.
const TOGGLES = [
  { name: 'alter account.weight type', on: 'ALTER TABLE account ALTER COLUMN weight TYPE int', off: 'ALTER TABLE account ALTER COLUMN weight TYPE smallint' },
  { name: 'alter transfer.memo type', on: 'ALTER TABLE transfer ALTER COLUMN memo TYPE int', off: 'ALTER TABLE transfer ALTER COLUMN memo TYPE smallint' },
  { name: 'alter fixed.val type', on: 'ALTER TABLE fixed ALTER COLUMN val TYPE smallint', off: 'ALTER TABLE fixed ALTER COLUMN val TYPE int' },
  { name: 'drop/add account.tag', feature: 'tag', on: 'ALTER TABLE account DROP COLUMN tag', off: "ALTER TABLE account ADD COLUMN tag text NOT NULL DEFAULT 't'" },
  { name: 'rename fixed.label', feature: 'label', on: 'ALTER TABLE fixed RENAME COLUMN label TO label_renamed', off: 'ALTER TABLE fixed RENAME COLUMN label_renamed TO label' },
  // columns no request names
  { name: 'add/drop transfer.note', on: 'ALTER TABLE transfer ADD COLUMN note text', off: 'ALTER TABLE transfer DROP COLUMN note' },
  { name: 'rename account.owner', on: 'ALTER TABLE account RENAME COLUMN owner TO owner_renamed', off: 'ALTER TABLE account RENAME COLUMN owner_renamed TO owner' },
  { name: 'create/drop index', on: 'CREATE INDEX account_balance ON account (balance)', off: 'DROP INDEX account_balance' },
  { name: 'create/drop index concurrently', on: 'CREATE INDEX CONCURRENTLY transfer_amount ON transfer (amount)', off: 'DROP INDEX CONCURRENTLY transfer_amount', notx: true },
  { name: 'revoke/grant fixed.secret', feature: 'secret', on: `REVOKE SELECT (secret) ON fixed FROM ${ROLE}`, off: `GRANT SELECT (secret) ON fixed TO ${ROLE}` },
  { name: 'revoke/grant fixed_view', feature: 'fixed_view_revoked', group: 'fixed_view', on: `REVOKE SELECT ON fixed_view FROM ${ROLE}`, off: `GRANT SELECT ON fixed_view TO ${ROLE}` },
  { name: 'drop/create fixed_view', feature: 'fixed_view_dropped', group: 'fixed_view', on: 'DROP VIEW fixed_view',
    off: (state) => `CREATE VIEW fixed_view AS SELECT id, ${state['rename fixed.label'] ? 'label_renamed AS ' : ''}label FROM fixed WHERE id <= 10;
      GRANT SELECT ON fixed_view TO ${ROLE}` },
  { name: 'revoke/grant fixed_total()', feature: 'fixed_total_revoked', group: 'fixed_total', on: 'REVOKE EXECUTE ON FUNCTION fixed_total() FROM PUBLIC', off: 'GRANT EXECUTE ON FUNCTION fixed_total() TO PUBLIC' },
  { name: 'drop/create fixed_total()', feature: 'fixed_total_dropped', group: 'fixed_total', on: 'DROP FUNCTION fixed_total()',
    off: "CREATE FUNCTION fixed_total() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT sum(val)::bigint FROM public.fixed'" },
  { name: 'grant/revoke update(owner)', on: (state) => `GRANT UPDATE (${state['rename account.owner'] ? 'owner_renamed' : 'owner'}) ON account TO ${ROLE}`,
    off: (state) => `REVOKE UPDATE (${state['rename account.owner'] ? 'owner_renamed' : 'owner'}) ON account FROM ${ROLE}` },
  { name: 'drop/create computed field', feature: 'balance_check', on: 'DROP FUNCTION account_balance_check(account)',
    off: "CREATE FUNCTION account_balance_check(a account) RETURNS int LANGUAGE sql STABLE AS 'SELECT $1.balance'" },
  { name: 'create/drop policy', on: 'CREATE POLICY p_extra ON account USING (id > 0)', off: 'DROP POLICY p_extra ON account' },
  { name: 'create/drop restrictive policy', on: 'CREATE POLICY p_restrict ON account AS RESTRICTIVE USING (id IS NOT NULL)', off: 'DROP POLICY p_restrict ON account' },
  { name: 'alter policy', on: 'ALTER POLICY p_all ON account USING (id > 0)', off: 'ALTER POLICY p_all ON account USING (true)' },
];
// Operations with nothing to undo
const ONESHOTS = [
  { name: 'vacuum full account', sql: 'VACUUM FULL account', notx: true },
  { name: 'vacuum full transfer', sql: 'VACUUM FULL transfer', notx: true },
  { name: 'vacuum full fixed', sql: 'VACUUM FULL fixed', notx: true },
  { name: 'cluster account', sql: 'CLUSTER account USING account_pkey' },
  { name: 'cluster fixed', sql: 'CLUSTER fixed USING fixed_pkey' },
  { name: 'analyze', sql: 'ANALYZE account, transfer, fixed' },
  { name: 'vacuum', sql: 'VACUUM account, transfer', notx: true },
  // in this session only: shadows account for its own statements, nobody else's
  { name: 'temp table "account"', sql: 'CREATE TEMP TABLE account (id int) ON COMMIT DROP', notx: true },
];

const ddlCounts = {}; // operation -> {ok, failed, codes}

// The DDL session: loops until the deadline.
async function ddl() {
  const rng = mulberry32((opts.seed * 1000 + 300) >>> 0);
  const c = await connect('ddl', ["SET client_min_messages = 'warning'"]);
  let state = {}; // toggle name -> in effect (committed)
  // The next operation of a transaction whose operations so far are ops,
  // given the state they leave (local, updated); null if none fits.
  const allowed = (x) => !opts.ddlOnly || opts.ddlOnly.test(x.name);
  const oneshots = ONESHOTS.filter(allowed);
  const toggles = TOGGLES.filter(allowed);
  if (!oneshots.length && !toggles.length) usage('--ddl-only matches no DDL operation');
  const pick = (local, ops) => {
    if (!toggles.length || (oneshots.length && rng.chance(0.35))) return { ...rng.pick(oneshots) };
    // undo a change in effect half of the time, so that removed fields come back soon
    const undoing = toggles.filter((t) => local[t.name]);
    const t = undoing.length && rng.chance(0.5) ? rng.pick(undoing) : rng.pick(toggles);
    const turnOn = !local[t.name];
    const clash = (u) => u !== t && u.group && u.group === t.group;
    if (ops.some((o) => o.name === t.name || clash(o)) || (turnOn && TOGGLES.some((u) => clash(u) && local[u.name]))) return null;
    const sql = turnOn ? t.on : t.off;
    const op = { name: t.name, feature: t.feature, turnOn, notx: t.notx, sql: typeof sql === 'function' ? sql(local) : sql };
    local[t.name] = turnOn;
    return op;
  };
  while (now() < deadline) {
    // one to three operations in one transaction (those that can), holding the locks 0-80 ms
    const local = { ...state };
    let first = null;
    while (!first) first = pick(local, []);
    const ops = [first];
    if (!ops[0].notx && rng.chance(0.3)) {
      for (let n = rng.int(1, 2); n > 0; n--) {
        const probe = { ...local };
        const o = pick(probe, ops);
        if (o && !o.notx) {
          ops.push(o);
          Object.assign(local, probe);
        }
      }
    }
    const entry = { name: ops.map((o) => o.name).join(' + '), ops: ops.map((o) => o.name), t0: now(), t1: null, error: null };
    ddlLog.push(entry);
    // a field may be missing from the start of the transaction removing it
    // (until it fails) to the end of the one restoring it
    for (const o of ops.filter((x) => x.feature && x.turnOn)) {
      absences[o.feature] = absences[o.feature] || [];
      absences[o.feature].push({ from: entry.t0, to: null });
    }
    let error = null;
    if (!ops[0].notx) {
      const steps = ['BEGIN', ...ops.map((o) => o.sql), `SELECT pg_sleep(${rng.int(0, 80) / 1000})`, 'COMMIT'];
      for (const st of steps) {
        const r = await run(c, st);
        if (r.error) {
          error = r.error;
          await run(c, 'ROLLBACK');
          break;
        }
      }
    } else {
      error = (await run(c, ops[0].sql)).error || null;
    }
    entry.t1 = now();
    entry.error = error;
    for (const o of ops) {
      ddlCounts[o.name] = ddlCounts[o.name] || { ok: 0, failed: 0, codes: new Set() };
      ddlCounts[o.name][error ? 'failed' : 'ok']++;
      if (error) ddlCounts[o.name].codes.add(error.code);
      if (o.feature && o.turnOn && error) absences[o.feature].pop(); // never seen by others
      if (o.feature && !o.turnOn && !error) absences[o.feature][absences[o.feature].length - 1].to = entry.t1;
    }
    if (!error) state = local;
    if (error && opts.verbose) console.log(`ddl: ${entry.name}: ${error.code}: ${error.message}`);
    await sleep(rng.int(0, 100));
  }
  await c.end();
}

// ---------------------------------------------------------------- setup, final check, report

async function setup() {
  const c = await connect('setup');
  const db = (await c.query({ text: 'SELECT current_database()', rowMode: 'array' })).rows[0][0];
  await c.query(`SET client_min_messages = 'warning'`);
  // start from an empty database
  await c.query(`DROP VIEW IF EXISTS fixed_view; DROP TABLE IF EXISTS mode_probe, anchor, fixed, transfer, account CASCADE;
    DROP FUNCTION IF EXISTS fixed_total(); DROP SCHEMA IF EXISTS conc_private CASCADE; DROP EXTENSION IF EXISTS graphql`);
  await c.query(fs.readFileSync(path.join(__dirname, 'fixture.sql'), 'utf8')
    .replace(/@ACCOUNTS@/g, String(ACCOUNTS)).replace(/@START@/g, String(START)));
  fixedRows = (await c.query({ text: 'SELECT id, label, val, secret FROM fixed ORDER BY id', rowMode: 'array' }))
    .rows.map(([id, label, val, secret]) => ({ id: Number(id), label, val: Number(val), secret }));
  await c.end();
  return db;
}

// The final check as a superuser: [[description, what is wrong or null], ...].
async function finalCheck() {
  const c = await connect('final check');
  const checks = [];
  const q = async (sql) => (await c.query({ text: sql, rowMode: 'array' })).rows;
  const [[sum, n]] = await q('SELECT sum(balance), count(*) FROM account');
  checks.push(['the balances add up', Number(sum) === TOTAL && Number(n) === ACCOUNTS ? null : `${n} accounts with ${sum} in all, not ${ACCOUNTS} with ${TOTAL}`]);
  const off = await q(`SELECT a.id, a.balance, ${START} + coalesce((SELECT sum(amount) FROM transfer WHERE to_id = a.id), 0)
      - coalesce((SELECT sum(amount) FROM transfer WHERE from_id = a.id), 0) FROM account a ORDER BY id`);
  const bad = off.filter(([, b, e]) => b !== e);
  checks.push(['every balance agrees with its transfers', bad.length === 0 ? null
    : `${bad.length} accounts do not, e.g. account ${bad[0][0]}: balance ${bad[0][1]}, transfers say ${bad[0][2]}`]);
  const ids = new Set((await q('SELECT id FROM transfer')).map(([id]) => Number(id)));
  const missing = [...committedIds].filter((id) => !ids.has(id));
  const extra = [...ids].filter((id) => !committedIds.has(id));
  checks.push(['the transfers written are those answered as written', missing.length === 0 && extra.length === 0 ? null
    : `${missing.length} answered as written are missing (e.g. ${missing.slice(0, 5)}); ${extra.length} written were not answered as written (e.g. ${extra.slice(0, 5)})`]);
  const [[probes]] = await q('SELECT count(*) FROM mode_probe');
  checks.push(['mode_probe is empty', Number(probes) === 0 ? null : `${probes} rows`]);
  await c.end();
  return { checks, transfers: ids.size };
}

async function main() {
  const db = await setup();
  const readers = opts.readers;
  console.log(`concurrency: seed ${opts.seed}, ${opts.seconds} s, database ${db}; ${readers} readers` +
    `${readers >= 3 ? ' (the last without the plan cache)' : ''}, ${opts.writers} writers, ${opts.ddl ? 'a DDL session' : 'no DDL session'}`);
  deadline = now() + opts.seconds * 1000;
  const watchdog = setTimeout(() => {
    console.log(`FAIL: the sessions did not stop within ${STATEMENT_TIMEOUT * 2} s of the deadline`);
    console.log('concurrency: 0 passed, 1 failed');
    process.exit(1);
  }, (opts.seconds + STATEMENT_TIMEOUT * 2) * 1000);
  const sessions = [];
  for (let i = 0; i < readers; i++) sessions.push(reader(i, !(readers >= 3 && i === readers - 1)));
  for (let i = 0; i < opts.writers; i++) sessions.push(writer(i));
  if (opts.ddl) sessions.push(ddl().then(() => [0, 0, 0]));
  const stats = await Promise.all(sessions);
  clearTimeout(watchdog);
  const [hits, misses, reuses] = stats.reduce((s, x) => s.map((v, k) => v + x[k]), [0, 0, 0]);
  const { checks, transfers } = await finalCheck();

  // the report
  const total = CLASSES.reduce((s, k) => s + counts[k], 0);
  console.log(`\nresponses: ${total}; plan cache: ${hits} hits (${reuses} re-ran compiled statements), ${misses} misses; ${transfers} transfers written`);
  for (const k of CLASSES) console.log(`  ${k.padEnd(10)} ${String(counts[k]).padStart(7)}`);
  console.log('\nby request:');
  console.log(`  ${'request'.padEnd(42)} ${CLASSES.map((k) => k.padStart(9)).join('')}`);
  for (const r of Object.keys(byRequest).sort()) console.log(`  ${r.padEnd(42)} ${CLASSES.map((k) => String(byRequest[r][k]).padStart(9)).join('')}`);
  if (opts.ddl) {
    const ops = Object.entries(ddlCounts).sort();
    console.log(`\nDDL: ${ddlLog.length} transactions, ${ddlLog.filter((d) => d.error).length} failed (their SQLSTATEs below);` +
      ' per operation, how often it committed, and the wrong and stale responses it overlapped:');
    for (const [n, x] of ops) {
      console.log(`  ${n.padEnd(34)} ${String(x.ok).padStart(5)} ok${x.failed ? ` ${x.failed} failed (${[...x.codes].join(', ')})` : ''}` +
        ` ${blame.wrong[n] ? ` wrong during: ${blame.wrong[n]}` : ''}${blame.stale[n] ? `  stale during: ${blame.stale[n]}` : ''}`);
    }
    console.log(`  wrong answers during no DDL: ${unblamed.wrong}, during no ALTER TABLE ... TYPE: ${noRewrite.wrong};` +
      ` stale-plan errors during no DDL: ${unblamed.stale}`);
  }
  for (const [k, list, what] of CLASSES.flatMap((x) => [[x, examples[x], ''], [x, quietExamples[x], ' during no DDL']])) {
    if (!list.length) continue;
    console.log(`\nexamples of ${k}${what}:`);
    for (const e of list) {
      console.log(`  ${e.request} ${JSON.stringify(e.variables || {})}`);
      console.log(`    response: ${trim(e.response || '', 400)}`);
      console.log(`    ${k === 'wrong' ? 'right would be' : 'why'}: ${e.why}`);
      const ddlNames = [...new Set(e.ddl)];
      console.log(`    DDL during the request: ${ddlNames.length ? trim(ddlNames.join('; '), 300) : 'none'}`);
    }
  }

  const all = [
    ['no wrong answer', counts.wrong ? `${counts.wrong} wrong answers` : null],
    ['no stale-plan error', counts.stale ? `${counts.stale} stale-plan errors` : null],
    ['deferred violations reported by the request', counts.deferred ? `${counts.deferred} not reported by the request` : null],
    ['no other error', counts.other ? `${counts.other} other errors` : null],
    ...checks,
    ['the run did something', hits > 0 && counts.right > 0 && (!opts.ddl || ddlLog.length > 0) ? null
      : `${hits} plan cache hits, ${counts.right} right answers, ${ddlLog.length} DDL operations`],
  ];
  console.log('');
  for (const [d, w] of all) console.log(w ? `FAIL: ${d}: ${w}` : `ok: ${d}`);
  const failed = all.filter(([, w]) => w).length;
  console.log(`concurrency: ${all.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.log(`run.js: ${e.stack || e}`);
  console.log('concurrency: 0 passed, 1 failed');
  process.exit(1);
});
