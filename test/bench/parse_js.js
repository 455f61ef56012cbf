// Times graphql-js's parse() on a document file: prints JSON with MB/s for
// parse with locations (the default, what servers run) and without.
'use strict';
const fs = require('fs');
const path = require('path');
const { parse } = require(path.join(__dirname, '..', 'node_modules', 'graphql'));
const file = process.argv[2];
const seconds = Number(process.argv[3] || 3);
const source = fs.readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(source);

function measure(options) {
  for (let i = 0; i < 5; i++) parse(source, options);	// warm up the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    parse(source, options);
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < seconds);
  return { iterations: n, mb_per_s: (bytes * n) / elapsed / 1e6 };
}

const tokens = parse(source, { maxTokens: undefined }) && null;
console.log(JSON.stringify({
  bytes,
  with_locations: measure({}),
  no_location: measure({ noLocation: true }),
}));
void tokens;
