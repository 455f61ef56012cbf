'use strict';
/*
 * The fuzzer's side of the server: running a case on a connection, and
 * noticing crashes.
 *
 * A case is a plain object (JSON-serialisable, so that it can be written to
 * a crash file and replayed):
 *
 *   {db, fn, query, queryHex, variables, varsText, operationName,
 *    extensions, settings: [[name, value], ...], role, ddl: [sql, ...]}
 *
 * fn is one of resolve, explain, parse, sdl, plan (graphql._plan),
 * tokens (graphql._token_count), session_var, cache_stats.  queryHex, when
 * set, holds the query's bytes (for a SQL_ASCII database: any byte but 0).
 * Every case runs in its own transaction, rolled back: settings are
 * set_config(..., true), ddl (statements, e.g. COMMENT ON with a comment
 * directive) runs next, the role set_config('role', ..., true) last, and
 * mutations write nothing that outlives the case.
 *
 * Crashes: the server runs with its stderr in a log file (run.sh), where
 * the postmaster writes "server process (PID n) was terminated by signal s"
 * (or "exited with exit code c") for a backend that died, and UBSan its
 * reports; ASan writes its reports to files <asan prefix>.<pid>.  After a
 * lost connection, LogWatcher.collect() reads what is new in both.
 */

const fs = require('fs');
const path = require('path');
const { Client } = require(require.resolve('pg', { paths: [path.join(__dirname, '../..')] }));

// ---------------------------------------------------------------- connections

// What a connection to each kind of database is set up with: the client
// encoding (LATIN1 and SQL_ASCII databases take the query's bytes as they
// are), and a statement timeout.
const ENCODINGS = { utf8: 'UTF8', sql_ascii: 'SQL_ASCII', latin1: 'LATIN1' };

/*
 * Connect to database dbName (kind: utf8, sql_ascii or latin1).  Every
 * value comes back as text (no type parsing).
 */
async function connect(conn, dbName, kind, statementTimeoutMs) {
  const client = new Client({
    host: conn.host,
    port: conn.port,
    user: conn.user,
    database: dbName,
    types: { getTypeParser: () => (v) => v },
    connectionTimeoutMillis: 10000,
  });
  client.on('error', () => {}); // a crash is seen through the pending query
  await client.connect();
  await client.query(`SET client_encoding = '${ENCODINGS[kind] || 'UTF8'}'`);
  await client.query(`SET statement_timeout = ${statementTimeoutMs}`);
  client.kind = kind;
  return client;
}

// Whether error e means the connection is gone.
function isLost(e) {
  if (!e) return false;
  if (['57P01', '57P02', '57P03', '08006', '08003', '08000'].includes(e.code)) return true;
  return /Connection terminated|connection terminated|ECONNRESET|EPIPE|not queryable|Client was closed|ECONNREFUSED|ENOENT|socket/i.test(e.message || '');
}

// A text parameter for a connection of kind: a Buffer (sent as bytes) for
// LATIN1 (each character's low byte: U+0000..U+00FF as Latin-1) and for raw
// bytes; else the string (sent as UTF-8).
function param(client, text) {
  if (text === null || text === undefined) return null;
  if (client.kind === 'latin1') return Buffer.from(String(text).replace(/[^\u0001-\u00ff]/g, (c) => String.fromCharCode((c.charCodeAt(0) & 0xff) || 0x3f)), 'latin1');
  return String(text);
}

// The query of case c as a parameter.
function queryParam(client, c) {
  if (c.queryHex !== undefined && c.queryHex !== null) return Buffer.from(c.queryHex, 'hex');
  return param(client, c.query);
}

// The variables of case c as JSON text, or null.
function varsParam(client, c) {
  if (c.varsText !== undefined) return param(client, c.varsText);
  if (c.variables === undefined) return null;
  return param(client, JSON.stringify(c.variables));
}

const CALLS = {
  resolve: 'SELECT graphql.resolve($1::text, $2::text::jsonb, $3::text, $4::text::jsonb)',
  explain: 'SELECT graphql.explain($1::text, coalesce($2::text::jsonb, \'{}\'))',
  parse: 'SELECT graphql.parse($1::text)::text',
  sdl: 'SELECT graphql.sdl()',
  plan: 'SELECT graphql._plan($1::text, coalesce($2::text::jsonb, \'{}\'))',
  tokens: 'SELECT graphql._token_count($1::text)',
  session_var: 'SELECT graphql.session_var($1::text)',
  cache_stats: 'SELECT row(s.*)::text FROM graphql.cache_stats() s',
};

// The parameters of the call of case c.
function callParams(client, c) {
  switch (c.fn) {
    case 'resolve':
      return [queryParam(client, c), varsParam(client, c), param(client, c.operationName),
        c.extensions === undefined ? null : param(client, JSON.stringify(c.extensions))];
    case 'explain': case 'plan': return [queryParam(client, c), varsParam(client, c)];
    case 'parse': case 'tokens': case 'session_var': return [queryParam(client, c)];
    default: return [];
  }
}

/*
 * Run case c on client: {lost, value, error, setupError, ms}.  lost: the
 * connection went away (the error in error).  value: the call's result
 * text.  error: the call's SQL error.  setupError: a setting was refused.
 */
async function runCase(client, c) {
  const t0 = process.hrtime.bigint();
  const out = { lost: false, value: null, error: null, setupError: null, ms: 0 };
  try {
    await client.query('BEGIN');
    try {
      const settings = c.settings || [];
      if (settings.length) {
        const args = [];
        const calls = settings.map(([k, v], i) => {
          args.push(param(client, k), param(client, v));
          return `set_config($${2 * i + 1}, $${2 * i + 2}, true)`;
        });
        await client.query(`SELECT ${calls.join(', ')}`, args);
      }
      for (const sql of c.ddl || []) await client.query(sql);
      if (c.role) await client.query('SELECT set_config(\'role\', $1, true)', [c.role]);
    } catch (e) {
      if (isLost(e)) throw e;
      out.setupError = e;
    }
    if (!out.setupError) {
      try {
        const r = await client.query({ text: CALLS[c.fn], values: callParams(client, c), rowMode: 'array' });
        out.value = r.rows.length ? r.rows[0][0] : null;
      } catch (e) {
        if (isLost(e)) throw e;
        out.error = e;
      }
    }
    await client.query('ROLLBACK');
  } catch (e) {
    if (!isLost(e)) throw e;
    out.lost = true;
    out.error = e;
  }
  out.ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return out;
}

// ---------------------------------------------------------------- the server's logs

/*
 * new LogWatcher(serverLog, asanPrefix): collect() returns the crashes
 * logged since the last call: [{pid, how, report}], how as the postmaster
 * wrote it ("terminated by signal 6: Aborted"), report the sanitizer's
 * report for that process (ASan file, or the UBSan lines of the server log
 * before the postmaster's line), or ''.
 */
class LogWatcher {
  constructor(serverLog, asanPrefix) {
    this.serverLog = serverLog;
    this.asanPrefix = asanPrefix;
    this.offset = fs.existsSync(serverLog) ? fs.statSync(serverLog).size : 0;
    this.seenAsan = new Set(this.asanFiles());
  }

  asanFiles() {
    if (!this.asanPrefix) return [];
    const dir = path.dirname(this.asanPrefix);
    const base = path.basename(this.asanPrefix);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => f.startsWith(`${base}.`)).map((f) => path.join(dir, f));
  }

  // The server log's new text.
  readNew() {
    if (!fs.existsSync(this.serverLog)) return '';
    const size = fs.statSync(this.serverLog).size;
    if (size < this.offset) this.offset = 0;
    if (size === this.offset) return '';
    const fd = fs.openSync(this.serverLog, 'r');
    const buf = Buffer.alloc(size - this.offset);
    fs.readSync(fd, buf, 0, buf.length, this.offset);
    fs.closeSync(fd);
    this.offset = size;
    return buf.toString('utf8');
  }

  collect() {
    this.pending = false;
    const text = this.readNew();
    const crashes = [];
    const lines = text.split('\n');
    let ubsan = [];
    for (const line of lines) {
      const m = /server process \(PID (\d+)\) (was terminated by signal \d+(?::[^\n]*)?|exited with exit code \d+)/.exec(line);
      if (m) {
        crashes.push({ pid: Number(m[1]), how: m[2].trim(), report: ubsan.join('\n') });
        ubsan = [];
      } else if (/: runtime error: /.test(line) || /^==\d+==/.test(line) || /^\s+#\d+ 0x/.test(line) ||
                 (ubsan.length && /^(SUMMARY|\s)/.test(line) && !/^\d{4}-/.test(line))) {
        ubsan.push(line);
      }
    }
    for (const f of this.asanFiles()) {
      if (this.seenAsan.has(f)) continue;
      const pid = Number(f.slice(f.lastIndexOf('.') + 1));
      // a process still writing its report: next time
      if (fs.existsSync(`/proc/${pid}`)) {
        this.pending = true;
        continue;
      }
      this.seenAsan.add(f);
      const report = fs.readFileSync(f, 'utf8');
      const known = crashes.find((c) => c.pid === pid);
      if (known) known.report = report + (known.report ? `\n${known.report}` : '');
      else crashes.push({ pid, how: 'sanitizer report', report });
    }
    return crashes;
  }
}

/*
 * A crash's signature, for telling crashes apart: the kind of report
 * (ASan's error kind, UBSan's message without its values, or the signal)
 * and the first frame in the extension's sources ("deparse.c:487 row_set").
 */
function signature(crash) {
  const r = crash.report || '';
  let kind;
  let m = /ERROR: AddressSanitizer: ([\w-]+)/.exec(r);
  if (m) kind = `asan ${m[1]}${/READ of size/.test(r) ? ' read' : /WRITE of size/.test(r) ? ' write' : ''}`;
  else if ((m = /runtime error: ([^\n]*)/.exec(r))) kind = `ubsan ${m[1].replace(/0x[0-9a-f]+/g, 'X').replace(/-?\d+/g, 'N')}`;
  else kind = crash.how.replace(/\s*\(.*$/, '');
  // the first frame of our code: "#n 0x... in function src/file.c:line"
  const frame = /#\d+ 0x[0-9a-f]+ in (\S+) (?:\S*\/)?(src\/[\w.]+\.c):(\d+)/.exec(r);
  let where = frame ? `${frame[2]}:${frame[3]} ${frame[1]}` : '';
  if (!where) {
    const u = /^(?:\S*\/)?(src\/[\w.]+\.c):(\d+):\d+: runtime error/m.exec(r);
    if (u) where = `${u[1]}:${u[2]}`;
  }
  return where ? `${kind} at ${where}` : kind;
}

// The top of a report's stack: its first frames, from the first of ours.
function stackTop(report, n = 6) {
  const frames = (report || '').split('\n').filter((l) => /^\s+#\d+ 0x/.test(l)).map((l) => l.trim());
  const first = frames.findIndex((l) => /src\/[\w.]+\.c:\d+/.test(l));
  return frames.slice(Math.max(0, first < 0 ? 0 : first - 2), Math.max(0, first < 0 ? 0 : first - 2) + n);
}

module.exports = { connect, runCase, isLost, LogWatcher, signature, stackTop, ENCODINGS };
