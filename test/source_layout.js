'use strict';
/*
 * The shape of the C sources (issue 14), checked so that it stays:
 *
 *   include_cycles   no two modules of src/ include each other's headers,
 *                    directly or through others (data flows one way; a
 *                    module is X.c with X.h, and X_internal.h belongs to X)
 *   file_length      no .c file of src/ or server/ over 1,000 lines
 *   function_length  no function over 150 lines (from its opening brace
 *                    in column 0 to its closing one)
 *   reuse_rule       a coerced value's text (GqlInput.scalarText) is touched
 *                    only where values are made (values.c, plan.c), bound
 *                    as parameters (deparse_sql.c) and re-bound (reuse.c):
 *                    any other reader must call gql_input_text, which marks
 *                    a variable's value as read, or statements compiled
 *                    for one value would be re-run for another (src/ only)
 *
 * Usage: node test/source_layout.js [dir...]   (default: src server)
 * Ends with "source_layout: N passed, M failed".
 */

const fs = require('fs');
const path = require('path');

const MAX_FILE = 1000;
const MAX_FUNCTION = 150;

const root = path.join(__dirname, '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'server'];
let passed = 0;
let failed = 0;

function check(name, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`ok ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    for (const p of problems) console.log(`  ${p}`);
  }
}

function sources(dir, ext) {
  const full = path.resolve(root, dir);
  return fs.readdirSync(full).filter((f) => ext.some((e) => f.endsWith(e))).sort()
    .map((f) => path.join(full, f));
}

// The module a file belongs to: its name without .c/.h, X_internal.h to X.
function moduleOf(file) {
  return path.basename(file).replace(/\.[ch]$/, '').replace(/_internal$/, '');
}

// Strongly connected components of more than one module (Tarjan's algorithm).
function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  function visit(v) {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) || []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

for (const dir of dirs) {
  const files = sources(dir, ['.c', '.h']);
  const headers = new Set(files.filter((f) => f.endsWith('.h')).map((f) => path.basename(f)));
  const graph = new Map();
  for (const file of files) {
    const from = moduleOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) {
      if (!headers.has(m[1])) continue;
      const to = moduleOf(m[1]);
      if (to !== from) graph.get(from).add(to);
    }
  }
  check(`include_cycles ${dir}`, cycles(graph).map((c) =>
    `${c.join(' ')}: ${c.map((m) => `${m} -> ${[...graph.get(m)].filter((t) => c.includes(t)).sort().join(',')}`).join('; ')}`));

  const long = [];
  const longFunctions = [];
  for (const file of files.filter((f) => f.endsWith('.c'))) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const rel = path.relative(root, file);
    if (lines.length - 1 > MAX_FILE) long.push(`${rel}: ${lines.length - 1} lines`);
    let name = null;
    let start = -1;
    lines.forEach((line, i) => {
      const m = /^([A-Za-z_]\w*)\(/.exec(line);
      if (m) name = m[1];
      if (line === '{') start = i;
      else if (line === '}' && start >= 0) {
        if (i - start + 1 > MAX_FUNCTION) longFunctions.push(`${rel}: ${name}, ${i - start + 1} lines`);
        start = -1;
      }
    });
  }
  check(`file_length ${dir}`, long);
  check(`function_length ${dir}`, longFunctions);

  if (path.basename(dir) === 'src') {
    const allowed = new Set(['values.h', 'values.c', 'plan.c', 'deparse_sql.c', 'reuse.c']);
    const readers = [];
    for (const file of files) {
      if (allowed.has(path.basename(file))) continue;
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/\bscalarText\b/.test(line)) readers.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    check(`reuse_rule ${dir}`, readers);
  }
}

console.log(`source_layout: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
