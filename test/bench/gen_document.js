// Writes a large, realistic GraphQL document to stdout: named operations
// with variables and defaults, Hasura-style where/order_by arguments of every
// value kind, aliases, directives, fragments, strings with escapes, block
// strings and comments.  Deterministic; the size is the first argument in
// bytes (default 1 MiB).
'use strict';
const target = Number(process.argv[2] || 1 << 20);
const parts = [];
let size = 0;
for (let i = 0; size < target; i++) {
  const block = `# operation ${i}: authors and their articles
query Authors${i}($id: Int!, $limit: Int = 10, $names: [String!] = ["ann", "bob"], $since: timestamptz) {
  a${i}: author(
    where: {_and: [{id: {_gte: $id}}, {name: {_in: $names}}, {_or: [{age: {_gt: 30.5}}, {bio: {_ilike: "%caf\\u00e9%"}}]}],
            _not: {deleted_at: {_is_null: false}}, articles: {published_at: {_gt: $since}}},
    order_by: [{name: asc_nulls_last}, {id: desc}], limit: $limit, offset: ${i % 7}
  ) @include(if: true) {
    id
    name
    displayName: name
    ...AuthorFields${i}
    articles(where: {rating: {_gte: -1.5e2}}, order_by: {published_at: desc}, limit: 5) {
      id title @skip(if: false)
      body
      tags
      meta(path: "$.a.b")
    }
    ... on author { age bio }
  }
}

fragment AuthorFields${i} on author {
  email
  note(default: """
    A block string,
      indented, with "quotes" and \\""" inside.
  """)
  stats { followers posts likes }
}
`;
  parts.push(block);
  size += Buffer.byteLength(block);
}
process.stdout.write(parts.join('\n'));
