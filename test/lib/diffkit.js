'use strict';
/*
 * Code shared by the differential test scripts under test/ (query_diff,
 * mutation_diff, parse_diff, introspection): graphql-js, option parsing,
 * the seeded random generator, JSON parsing that keeps key order and refuses
 * duplicate keys, the deep comparison, and running psql.
 */

const path = require('path');
const { spawnSync } = require('child_process');

// graphql-js, from test/node_modules
const graphql = require(require.resolve('graphql', { paths: [path.join(__dirname, '..')] }));

// Exit quietly (with the exit code set so far) when stdout is closed early, e.g. piped into head.
function exitOnEpipe() {
  process.stdout.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode || 0);
    throw e;
  });
}

// ---------------------------------------------------------------- options

// A usage(message) function: prints "run.js: message" (if any) and the usage line to stderr, exits 2.
function makeUsage(line) {
  return (message) => {
    if (message) process.stderr.write(`run.js: ${message}\n`);
    process.stderr.write(`${line}\n`);
    process.exit(2);
  };
}

// Walks the command line: "--name=value" is taken as "--name value";
// take(a, intArg) handles a script's own option a and returns true, or returns
// false; intArg(a) consumes and returns the next argument, a non-negative
// integer. --verbose/-v sets opts.verbose, --help/-h and anything else call usage.
function parseArgs(opts, usage, take) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.match(/^(--[a-z-]+)=(.*)$/);
    if (eq) {
      argv.splice(i, 1, eq[1], eq[2]);
      i--;
      continue;
    }
    const intArg = (name) => {
      i++;
      if (i >= argv.length || !/^\d+$/.test(argv[i])) usage(`${name} needs a non-negative integer`);
      return Number(argv[i]);
    };
    if (take(a, intArg)) continue;
    if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
}

// ---------------------------------------------------------------- random numbers

// mulberry32 from the 32-bit state a (after four draws thrown away), with helpers.
function mulberry32(a) {
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < 4; i++) next();
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    weighted: (pairs) => { // [[weight, value], ...]
      const total = pairs.reduce((s, [w]) => s + w, 0);
      let r = next() * total;
      for (const [w, v] of pairs) {
        if ((r -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][1];
    },
    shuffle: (arr) => {
      const a2 = arr.slice();
      for (let i = a2.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a2[i], a2[j]] = [a2[j], a2[i]];
      }
      return a2;
    },
    sample: (arr, n) => rng.shuffle(arr).slice(0, Math.max(0, Math.min(n, arr.length))),
  };
  return rng;
}

// ---------------------------------------------------------------- JSON parsing with key order and duplicates

// JSON.parse keeps insertion order but silently merges duplicate keys; this
// parser refuses them (a duplicate key in our response is a bug).
function parseJsonStrict(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (msg) => {
    throw new Error(`${msg} at offset ${i}`);
  };
  const str = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const k = str();
        if (Object.prototype.hasOwnProperty.call(o, k)) fail(`duplicate key ${JSON.stringify(k)}`);
        ws();
        if (text[i] !== ':') fail('expected :');
        i++;
        o[k] = value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return o;
        }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const a = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        fail('expected , or ]');
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail('unexpected character');
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

// ---------------------------------------------------------------- comparison

// Stands for a missing key or list element in a difference.
const ABSENT = Symbol('absent');

// The path of key (a list index or an object key) below base, e.g. a.b[2].
function joinPath(base, key) {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

// First difference between expected a and ours b: {path, exp, got, note} or null.
// Objects must have the same keys in the same order.
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
      return { path: joinPath(p, n), exp: n < a.length ? a[n] : ABSENT, got: n < b.length ? b[n] : ABSENT, note: `${a.length} elements expected, got ${b.length}` };
    }
    return null;
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) return { path: joinPath(p, k), exp: a[k], got: ABSENT };
    }
    for (const k of kb) {
      if (!Object.prototype.hasOwnProperty.call(a, k)) return { path: joinPath(p, k), exp: ABSENT, got: b[k] };
    }
    if (ka.join('\u0000') !== kb.join('\u0000')) {
      return { path: p, exp: ka, got: kb, note: 'keys in another order' };
    }
    for (const k of ka) {
      const d = firstDiff(a[k], b[k], joinPath(p, k));
      if (d) return d;
    }
    return null;
  }
  return { path: p, exp: a, got: b };
}

// s cut to n characters, ending in "..." if cut.
function trim(s, n = 600) {
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}

// A value for a report line: its JSON text, trimmed; "(absent)" for ABSENT.
function show(v) {
  if (v === ABSENT) return '(absent)';
  return trim(JSON.stringify(v), 300);
}

// ---------------------------------------------------------------- psql

// Runs script in one psql (PSQL overrides the executable; ON_ERROR_STOP, unaligned
// tuples only): {lines, ok, why, stderr}.
function runPsql(script) {
  const psql = process.env.PSQL || 'psql';
  const res = spawnSync(psql, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1'], {
    input: script,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
  });
  const lines = (res.stdout || '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const ok = !res.error && res.status === 0;
  const why = res.error ? res.error.message : `exit status ${res.status}${res.signal ? `, signal ${res.signal}` : ''}`;
  const stderr = (res.stderr || '').trim();
  return { lines, ok, why, stderr };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// The UTF-8 text of a hex-encoded result row (psql's printing can drop characters).
function unhex(line) {
  if (!/^(?:[0-9a-f]{2})*$/.test(line)) throw new Error('not hex');
  return utf8.decode(Buffer.from(line, 'hex'));
}

// A failure of the harness itself (not of the extension): reported as "run.js: message".
class HarnessError extends Error {}

// The variables with every number (numbers) or every string (!numbers)
// changed: another value of the same JSON type, for the --reuse runs
// (the plan cache's re-use of compiled statements, src/reuse.c).
function otherValues(v, numbers) {
  if (Array.isArray(v)) return v.map((x) => otherValues(x, numbers));
  if (v !== null && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = otherValues(x, numbers);
    return o;
  }
  if (numbers && typeof v === 'number') return Number.isInteger(v) ? (v < 2147483647 ? v + 1 : v - 1) : v * 2 + 0.5;
  if (!numbers && typeof v === 'string') return `${v}~`;
  return v;
}

// The end of a --reuse run: how many of the primed units (cases or steps)
// re-ran compiled statements; returns 1 (a failure) if none did.
function reportReuse(reused, primed, unit) {
  console.log(`run.js: ${reused} of ${primed} ${unit}s with variables re-ran statements compiled for other values`);
  if (reused > 0) return 0;
  console.log(`FAIL: no ${unit} re-ran compiled statements (src/reuse.c is not used)`);
  return 1;
}

module.exports = {
  otherValues,
  reportReuse,
  graphql,
  exitOnEpipe,
  makeUsage,
  parseArgs,
  mulberry32,
  parseJsonStrict,
  ABSENT,
  joinPath,
  firstDiff,
  trim,
  show,
  runPsql,
  unhex,
  HarnessError,
};
