-- The path argument of json/jsonb fields in Hasura's syntax
-- (Data.Parser.JSONPath): "$" alone, keys after "." or bare, indexes and
-- quoted keys in brackets, Unicode letters in keys; every other path is
-- Hasura's validation error, at the field's arguments.  The steps are one
-- text[] parameter of #>.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

BEGIN;
CREATE TABLE doc (
  id int PRIMARY KEY,
  body jsonb,
  raw json
);
INSERT INTO doc VALUES
  (1, '{"a": {"b": [10, {"c": "deep"}]}, "arr": [1, 2, 3], "key with spaces": "spaces", "k": "kv",
        "название": "имя", "_x": "underscore", "a-b": "hyphen", "a1": "digit", "007": "bond", "7": "seven",
        "it''s": "single quote", "say \"hi\"": "double quote", "tab\tkey": "tab", "é": "e-acute",
        "😀": "emoji", "a.b": "dotted", "a/b": "slash", "": "empty key", "$": "dollar key"}',
      '{"a": {"b": [10, {"c": "deep"}]}, "arr": [1, 2, 3]}'),
  (2, '[["x", "y"], {"z": 1}]', '[["x", "y"], {"z": 1}]');
CREATE FUNCTION doc_first(d doc) RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT d.body -> 'a' $$;
CREATE FUNCTION pg_temp.one(path text) RETURNS text LANGUAGE sql AS $$
  SELECT graphql.resolve('query ($p: String) { doc_by_pk(id: 1) { body(path: $p) } }',
                         jsonb_build_object('p', path))
$$;

-- "$" is the whole value, as no path is
SELECT graphql.resolve('{ doc_by_pk(id: 2) { a: body(path: "$") b: raw(path: "$") c: raw d: body } }');
-- keys after "$.", bare, after ".", after "$" without a dot
SELECT graphql.resolve('{ doc_by_pk(id: 1) { a: body(path: "$.a") b: body(path: "$.a.b") c: body(path: "a.b") d: body(path: ".k") e: body(path: "$k") } }');
-- indexes; a path starting with an index; the same path on a json column
SELECT graphql.resolve('{ doc_by_pk(id: 1) { a: body(path: "$.a.b[0]") b: body(path: "$.a.b[1].c") c: body(path: "arr[2]") d: raw(path: "$.a.b[1].c") e: raw(path: "arr[2]") } }');
SELECT graphql.resolve('{ doc_by_pk(id: 2) { a: body(path: "[0]") b: body(path: "[0][1]") c: body(path: "$[1].z") d: raw(path: "[1].z") } }');
-- an index is a number: leading zeros go (on an object, it is the key "7");
-- it is Hasura's 64-bit Int, which wraps around (2^64 + 1 is 1)
SELECT graphql.resolve('{ doc_by_pk(id: 1) { a: body(path: "$[007]") b: body(path: "$[\"007\"]") c: body(path: "arr[00]") d: body(path: "arr[18446744073709551617]") } }');
-- quoted keys: any character; '...' and "..." (a JSON string's escapes), with or without "."
SELECT graphql.resolve($$ { doc_by_pk(id: 1) { a: body(path: """$['key with spaces']""") b: body(path: """$["k"]""") c: body(path: """$.['k']""") d: body(path: """$['a.b']""") e: body(path: """$['']""") f: body(path: """$['$']""") } } $$);
SELECT graphql.resolve($$ { doc_by_pk(id: 1) { a: body(path: """$['it\'s']""") b: body(path: """$["say \"hi\""]""") c: body(path: """$['say "hi"']""") d: body(path: """$['say \"hi\"']""") e: body(path: """$["it's"]""") } } $$);
SELECT graphql.resolve($$ { doc_by_pk(id: 1) { a: body(path: """$["tab\tkey"]""") b: body(path: """$["\u00e9"]""") c: body(path: """$['\u00E9']""") d: body(path: """$["\ud83d\ude00"]""") e: body(path: """$["a\/b"]""") } } $$);
-- after a bracket, a key needs no "."
SELECT graphql.resolve($$ { doc_by_pk(id: 2) { a: body(path: "[1]z") } } $$);
SELECT graphql.resolve($$ { doc_by_pk(id: 1) { a: body(path: "$['a']b[1]c") } } $$);
-- keys of letters of any script, "_" and "-" (not first), digits (not first)
SELECT graphql.resolve('{ doc_by_pk(id: 1) { a: body(path: "$.название") b: body(path: "$._x") c: body(path: "$.a-b") d: body(path: "$.a1") e: body(path: "é") } }');
-- a key or an index that is not there: null
SELECT graphql.resolve('{ doc_by_pk(id: 1) { a: body(path: "$.nope") b: body(path: "$.a.b[5]") c: body(path: "$.k.deeper") } }');
-- a computed field's jsonb and a path from a variable; a null path is no path
SELECT graphql.resolve('query ($p: String) { doc_by_pk(id: 1) { first(path: $p) } }', '{"p": "b[1]"}');
SELECT graphql.resolve('query ($p: String) { doc_by_pk(id: 1) { first(path: $p) } }', '{"p": null}');
-- the steps are one text[] parameter, whatever they hold
SELECT split_part(graphql.explain($$ { doc { body(path: """$["'); DROP TABLE doc; --"]""") } } $$), E'\n', 2);
SELECT graphql.resolve($$ { doc { body(path: """$["'); DROP TABLE doc; --"]""") } } $$);

-- paths Hasura refuses: the same message, at the field's arguments
SELECT pg_temp.one('');
SELECT pg_temp.one('$.');
SELECT pg_temp.one('$..a');
SELECT pg_temp.one('a.');
SELECT pg_temp.one('$$');
SELECT pg_temp.one('$.1a');
SELECT pg_temp.one('$.-a');
SELECT pg_temp.one('$.a b');
SELECT pg_temp.one('$.a→b');
SELECT pg_temp.one('$.😀');
SELECT pg_temp.one('$[x]');
SELECT pg_temp.one('$[]');
SELECT pg_temp.one('$[0');
SELECT pg_temp.one('$[-1]');
SELECT pg_temp.one('$.a[*]');
SELECT pg_temp.one('$..a[0]');
SELECT pg_temp.one('$[''a]');
SELECT pg_temp.one('$[''a'']]');
SELECT pg_temp.one('$["a''] ');
-- quoted keys that are not JSON strings: an unknown escape, \' between "...",
-- a short \u, a lone surrogate, U+0000, an unescaped control character
SELECT pg_temp.one('$["a\x"]');
SELECT pg_temp.one('$["it\''s"]');
SELECT pg_temp.one('$["\u12"]');
SELECT pg_temp.one('$["\ud800"]');
SELECT pg_temp.one('$["\udc00x"]');
SELECT pg_temp.one('$["\u0000"]');
SELECT pg_temp.one(E'$["tab\tkey"]');
-- the first error ends the request, as in Hasura
SELECT graphql.resolve('{ doc { a: body(path: "$.") b: raw(path: "[x]") first(path: "1") } }');
-- a path that is not a String
SELECT graphql.resolve('{ doc { body(path: 1) } }');
ROLLBACK;
