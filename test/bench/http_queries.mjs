// Request bodies and pgbench scripts for http_speed.sh, from the five
// queries of query_speed.sh as postgraphile/queries.mjs writes them (ours
// and PostGraphile's, with the same variables).
//
//   node http_queries.mjs DIR SCALE N
//
// writes, for each query k (1..5): DIR/k.ours and DIR/k.postgraphile, N
// request bodies each, one per line, line i of both with the same values
// (drawn as query_speed.sh's \set lines draw them), and DIR/k.pgbench,
// graphql.resolve in a pgbench script that draws its values with \set.
import fs from 'node:fs';
import path from 'node:path';
import { queries, requestBody } from './postgraphile/queries.mjs';

// pgbench: the \set line and the variables as an SQL expression, per query
const pgbench = [
  ['\\set id random(1, 50000 * SCALE)', "jsonb_build_object('id', :id::int)"],
  ['\\set g random(1, 25)', "jsonb_build_object('g', :g::int)"],
  ['\\set from random(1, 1000 * SCALE - 10)', "jsonb_build_object('from', :from::int)"],
  ['\\set g random(1, 25)', "jsonb_build_object('g', :g::int)"],
  ['\\set a random(100, 999)', "jsonb_build_object('artist', 'Artist ' || :a::text || '%')"],
];

const [dir, scaleText, countText] = process.argv.slice(2);
const scale = Number(scaleText);
const count = Number(countText);
queries.forEach((q, k) => {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < count; i++) {
    const v = q.draw(scale);
    ours.push(requestBody(q, 'ours', v));
    theirs.push(requestBody(q, 'postgraphile', v));
  }
  fs.writeFileSync(path.join(dir, `${k + 1}.ours`), `${ours.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, `${k + 1}.postgraphile`), `${theirs.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, `${k + 1}.pgbench`), `${pgbench[k][0].replace('SCALE', scale)}\n` +
    `SELECT graphql.resolve($gql$${q.ours}$gql$, ${pgbench[k][1]});\n`);
});
