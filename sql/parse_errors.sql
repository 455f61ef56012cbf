-- graphql.parse: syntax errors carry graphql-js's message and the position
-- (line and column, 1-based, columns in code points) in DETAIL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  msg text; det text; st text;
BEGIN
  PERFORM graphql.parse(q);
  RETURN 'parsed';
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
  RETURN st || ' ' || msg || ' ' || det;
END $$;

-- one statement shows the whole error report once
SELECT graphql.parse('{');

-- the lexer: characters, numbers, strings
SELECT q, pg_temp.err(q) FROM (VALUES
  ('{ a ? }'), ('{ a(x: ''single'') }'), (E'{ a\x01 }'), ('{ ∑ }'), ('{ . }'), ('{ .. }'),
  ('{ a(x: 00) }'), ('{ a(x: 01) }'), ('{ a(x: 1.) }'), ('{ a(x: .5) }'),
  ('{ a(x: 1e) }'), ('{ a(x: 1e+) }'), ('{ a(x: 1a) }'), ('{ a(x: 1.2.3) }'),
  ('{ a(x: 0x1) }'), ('{ a(x: -) }'), ('{ a(x: -a) }'), ('{ a(x: 1_000) }'),
  ('{ a(x: 1.5e3e) }'), ('{ a(x: 1') ) AS t(q);

SELECT q, pg_temp.err(q) FROM (VALUES
  ('{ a(x: "open) }'), ('{ a(x: "'), (E'{ a(x: "line\nbreak") }'),
  (E'{ a(x: "cr\rbreak") }'), ('{ a(x: """open) }'), (E'{ a(x: """\n\n open'),
  ('{ a(x: "\x") }'), ('{ a(x: "\") }'), ('{ a(x: "\u12") }'), ('{ a(x: "\u12G4") }'),
  ('{ a(x: "\uD800") }'), ('{ a(x: "\uDC00") }'), ('{ a(x: "\uD800\u0041") }'),
  ('{ a(x: "\u{}") }'), ('{ a(x: "\u{110000}") }'), ('{ a(x: "\u{D800}") }'),
  ('{ a(x: "\u{0000000041}") }'), ('{ a(x: "\u{41") }'), ('{ a(x: "\u{4G}") }'),
  ('{ a(x: "\u{FFFFFFFF}") }'), ('{ a(x: "é\q") }')) AS t(q);

-- the parser: every expectation, and what it found instead
SELECT q, pg_temp.err(q) FROM (VALUES
  (''), ('   # only a comment'), ('{'), ('{}'), ('{ a'), ('{ a }}'), ('{ 1 }'),
  ('{ a: }'), ('{ a: 1 }'), ('{ a() }'), ('{ a(x) }'), ('{ a(x:) }'), ('{ a(x: 1 }'),
  ('{ a(x: [1) }'), ('{ a(x: {b 1}) }'), ('{ a(x: {1: 2}) }'), ('{ a(x: ]) }'),
  ('{ a @ }'), ('{ a @skip( }'), ('{ ... }'), ('{ ... on }'), ('{ ...on on }'),
  ('{ a } fragment on on T { a }'), ('{ a } fragment F T { a }'),
  ('{ a } fragment F on { a }'), ('{ a } fragment F on T'), ('fragment F on T @d { a } x'),
  ('query'), ('query Q'), ('query Q ($a) { a }'), ('query Q () { a }'),
  ('query ($a: ) { a }'), ('query ($a: [Int) { a }'), ('query ($a: Int!!) { a }'),
  ('query ($a Int) { a }'), ('query (a: Int) { a }'), ('query ($a: Int = $b) { a }'),
  ('query ($a: Int = [1, $b]) { a }'), ('query ($a: Int @d(x: $b)) { a }'),
  ('query ($a: Int = $) { a }'), ('queries { a }'), ('Query { a }'),
  ('"description" query { a }'), ('"""description""" { a }'), ('"description"'),
  ('{ a } ]'), ('{ a } $'), ('{ a } & | = !'), ('{ a }, 1'),
  ('extend'), ('extend query'), ('"d" extend type T')) AS t(q);

-- positions: lines end at \n, \r\n and \r; columns count code points
SELECT q, pg_temp.err(q) FROM (VALUES
  (E'{\n  a\n  b(\n}'), (E'{\r\n  a\r\n  b(\r\n}'), (E'{\r  a\r  b(\r}'),
  (E'{\n\r\n\r  ?'), ('{ a(x: "€😀€") ? }'), ('# ééé 😀
{ a(x: "日本語") b ? }')) AS t(q);

-- type-system definitions are valid GraphQL, but not supported here
SELECT q, pg_temp.err(q) FROM (VALUES
  ('type T { a: Int }'), ('{ a } scalar Date'), ('"doc" interface I { a: Int }'),
  ('schema { query: Q }'), ('union U = A | B'), ('enum E { A }'), ('input I { a: Int }'),
  ('directive @d on FIELD'), ('extend type T @d'), ('extend schema @d')) AS t(q);

-- U+0000 is a valid character in a GraphQL string, but jsonb cannot hold it
SELECT pg_temp.err('{ a(x: "\u0000") }');
SELECT pg_temp.err('{ a(x: "\u{0}") }');
