-- SQL injection: hostile values and names through every place a request
-- reaches SQL.  Each answer is data (only the rows that truly match) or a
-- GraphQL error: never an SQL syntax error, never extra rows, and the table
-- is still there at the end.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, info jsonb);
INSERT INTO author VALUES
  (1, 'Ann', '{"role": "admin"}'),
  (2, 'O''Brien', '{"quote": "it''s"}'),
  (3, 'a%b', NULL),
  (4, 'a_b', NULL),
  (5, 'axb', NULL),
  (6, 'back\slash', '{"k\\''\"": "v"}'),
  (7, 'Zoë 😀', NULL);
-- names that are SQL keywords or need quoting are fine GraphQL names
CREATE TABLE "select" ("from" int PRIMARY KEY, "order" text, "User" text);
INSERT INTO "select" VALUES (1, 'by', 'me');

-- string values in where: quotes, statement terminators, comments
SELECT graphql.resolve($q${ author(where: {name: {_eq: "O'Brien"}}) { id name } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "'; DROP TABLE author; --"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "' OR '1'='1"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "\" OR 1=1 --"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_neq: "x' OR 1=1 --"}, id: {_lt: 3}}, order_by: {id: asc}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "Ann' --"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "Ann/*"}, id: {_eq: 1}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "*/ OR 1=1 /*"}}) { id } }$q$);
-- dollar quotes and parameter markers
SELECT graphql.resolve($q${ author(where: {name: {_eq: "$$; DROP TABLE author; $$"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "$1"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "$a$ OR true $a$"}}) { id } }$q$);
-- backslashes: the GraphQL escape \\ is one backslash; \' is not an escape
SELECT graphql.resolve($q${ author(where: {name: {_eq: "back\\slash"}}) { id name } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "back\\'slash"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "\'"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "x\\"}}) { id } }$q$);
-- % and _ are literal in _eq, _neq and _in; patterns only in _like and its kind
SELECT graphql.resolve($q${ author(where: {name: {_eq: "a%b"}}) { id name } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "a_b"}}) { id name } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "%"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_in: ["%", "_", "a_b"]}}) { id name } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_like: "a_b"}}, order_by: {id: asc}) { id name } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_like: "%' OR '1'='1"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_ilike: "o'b%"}}) { id } }$q$);
-- regular expressions: the value is the pattern, and nothing more
SELECT graphql.resolve($q${ author(where: {name: {_regex: "^O'"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_regex: "'); DROP TABLE author; --"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_similar: "%' OR ''='"}}) { id } }$q$);
-- lists
SELECT graphql.resolve($q${ author(where: {name: {_in: ["Ann", "'); DROP TABLE author; --"]}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_nin: ["Ann", "x' OR 'a'='a"]}, id: {_lte: 2}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {id: {_in: ["1) OR (1=1"]}}) { id } }$q$);

-- numbers and other scalars given as strings reach PostgreSQL's input functions
SELECT graphql.resolve($q$query ($id: Int!) { author_by_pk(id: $id) { id } }$q$, $v${"id": "1 OR 1=1"}$v$);
SELECT graphql.resolve($q${ author(where: {info: {_eq: "1; DROP TABLE author"}}) { id } }$q$);

-- enum values
SELECT graphql.resolve($q${ author(order_by: {name: asc_DROP_TABLE}) { id } }$q$);
SELECT graphql.resolve($q${ author(order_by: {name: "asc; DROP TABLE author"}) { id } }$q$);
SELECT graphql.resolve($q$query ($d: order_by) { author(order_by: {name: $d}) { id } }$q$, $v${"d": "asc; DROP TABLE author"}$v$);
SELECT graphql.resolve($q$query ($c: [author_select_column!]) { author(distinct_on: $c) { id } }$q$, $v${"c": ["name\"; DROP TABLE author; --"]}$v$);
SELECT graphql.resolve($q$query ($c: [author_select_column!]) { author(distinct_on: $c) { id } }$q$, $v${"c": ["pg_sleep"]}$v$);

-- jsonb values
SELECT graphql.resolve($q${ author(where: {info: {_contains: {role: "'; DROP TABLE author; --"}}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {info: {_contains: {quote: "it's"}}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {info: {_contains: {_k: "\"}'"}}}) { id } }$q$);
SELECT graphql.resolve($q$query ($j: jsonb) { author(where: {info: {_contains: $j}}) { id } }$q$, $v${"j": {"k\\'\"": "v"}}$v$);
SELECT graphql.resolve($q${ author(where: {info: {_has_key: "role'); DROP TABLE author; --"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {info: {_has_keys_any: ["x", "k\\'\""]}}) { id } }$q$);

-- variables: string, list, object
SELECT graphql.resolve($q$query ($n: String!) { author(where: {name: {_eq: $n}}) { id } }$q$, $v${"n": "'; DROP TABLE author; --"}$v$);
SELECT graphql.resolve($q$query ($n: String!) { author(where: {name: {_eq: $n}}) { id } }$q$, $v${"n": "O'Brien"}$v$);
SELECT graphql.resolve($q$query ($n: String!) { author(where: {name: {_eq: $n}}) { id } }$q$, $v${"n": "back\\slash"}$v$);
SELECT graphql.resolve($q$query ($ns: [String!]) { author(where: {name: {_in: $ns}}) { id } }$q$, $v${"ns": ["x' OR 'a'='a", "a%b"]}$v$);
SELECT graphql.resolve($q$query ($w: author_bool_exp) { author(where: $w) { id } }$q$, $v${"w": {"name": {"_eq": "' OR 1=1 --"}}}$v$);
SELECT graphql.resolve($q$query ($w: author_bool_exp) { author(where: $w) { id } }$q$, $v${"w": {"_or": [{"name": {"_like": "%'--"}}, {"id": {"_eq": 2}}]}}$v$);
-- hostile keys in a variable's object and in the variables themselves
SELECT graphql.resolve($q$query ($w: author_bool_exp) { author(where: $w) { id } }$q$, $v${"w": {"name') OR 1=1 --": {"_eq": "x"}}}$v$);
SELECT graphql.resolve($q$query ($n: String) { author(where: {name: {_eq: $n}}) { id } }$q$, $v${"n": "x", "x'); DROP TABLE author; --": 1}$v$);

-- names: arguments, fields, aliases, fragments, operations, directives,
-- operationName.  A GraphQL name cannot hold a quote; names that are SQL
-- keywords are quoted.
SELECT graphql.resolve($q${ author(where_1_eq_1: true) { id } }$q$);
SELECT graphql.resolve($q${ author { id pg_sleep } }$q$);
SELECT graphql.resolve($q${ author { "id" } }$q$);
SELECT graphql.resolve($q${ author { id; DROP TABLE author } }$q$);
SELECT graphql.resolve($q${ author_by_pk(id: 1) { select: id from: name where: __typename ID: id } }$q$);
SELECT graphql.resolve($q${ select(order_by: {from: asc}) { from order User } }$q$);
SELECT graphql.resolve($q${ select_by_pk(from: 1) { order: User User: order } }$q$);
-- aliases that are names the generated SQL uses itself
SELECT graphql.resolve($q${ author_by_pk(id: 1) { _e: id t1: name } }$q$);
SELECT graphql.resolve($q${ author(where: {id: {_eq: 1}}) { _j: id _q: name _e: id } }$q$);
-- aliases longer than PostgreSQL's 63-byte identifiers keep every character
SELECT graphql.resolve('{ author_by_pk(id: 1) { ' || repeat('a', 64) || '1: id ' || repeat('a', 64) || '2: name } }');
SELECT graphql.resolve($q${ author { ...DROP_TABLE_author } } fragment DROP_TABLE_author on author { id }$q$, '{}');
SELECT graphql.resolve($q$query DROP_TABLE_author { author_by_pk(id: 1) { id } }$q$, '{}', 'DROP_TABLE_author');
SELECT graphql.resolve($q$query A { author_by_pk(id: 1) { id } }$q$, '{}', $o$x'); DROP TABLE author; --$o$);
-- the operationName is JSON-escaped in the message: the response is valid JSON
SELECT graphql.resolve($q$query A { author_by_pk(id: 1) { id } }$q$, '{}', E'a"b\\c\nd')::jsonb -> 'errors' -> 0 ->> 'message';
SELECT graphql.resolve($q${ author { id @skip_DROP_TABLE(if: true) } }$q$);

-- names from the catalog: a column whose comment directive asks for a name
-- that is not a GraphQL name keeps its own name
CREATE TABLE tagged (id int PRIMARY KEY, note text);
COMMENT ON COLUMN tagged.note IS $c$@graphql({"name": "note\"); DROP TABLE author; --"})$c$;
SELECT regexp_replace(graphql.sdl(), '.*(type tagged \{[^}]*\}).*', '\1') AS tagged;
COMMENT ON COLUMN tagged.note IS NULL;	-- (else every later build of the schema warns again)

-- NUL: in a GraphQL string it is an error, never a truncation (which would
-- turn "Ann\u0000' OR 1=1 --" into "Ann")
SELECT graphql.resolve($q${ author(where: {name: {_eq: "Ann\u0000' OR 1=1 --"}}) { id } }$q$)::jsonb ? 'errors' AS is_error;
SELECT graphql.resolve($q${ author(where: {name: {_like: "Ann\u0000%"}}) { id } }$q$)::jsonb ? 'errors' AS is_error;
SELECT graphql.resolve($q${ author(where: {info: {_contains: {role: "admin\u0000"}}}) { id } }$q$)::jsonb ? 'errors' AS is_error;
SELECT graphql.resolve($q$query ($n: String = "Ann\u0000") { author(where: {name: {_eq: $n}}) { id } }$q$)::jsonb ? 'errors' AS is_error;
-- in a JSON variable PostgreSQL's jsonb refuses it before the call
SAVEPOINT nul;
SELECT graphql.resolve($q$query ($n: String) { author(where: {name: {_eq: $n}}) { id } }$q$, $v${"n": "Ann\u0000"}$v$);
ROLLBACK TO SAVEPOINT nul;

-- a 100 kB string, in a literal and in a variable
SELECT graphql.resolve('{ author(where: {name: {_eq: "' || repeat($$x' OR '1'='1$$, 8000) || '"}}) { id } }');
SELECT graphql.resolve('query ($n: String) { author(where: {name: {_like: $n}}) { id } }',
                       jsonb_build_object('n', repeat($$%' OR '1'='1$$, 8000)));
SELECT graphql.resolve('query ($n: String) { author(where: {name: {_eq: $n}}) { name } }',
                       jsonb_build_object('n', repeat('é', 50000)));
SELECT graphql.resolve('query ($ns: [String!]) { author(where: {name: {_in: $ns}}) { name } }',
                       jsonb_build_object('ns', jsonb_build_array('Ann', repeat($$'$$, 100000))));

-- unicode, literally and as escapes
SELECT graphql.resolve($q${ author(where: {name: {_eq: "Zoë 😀"}}) { id name } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "Zo\u00eb \ud83d\ude00"}}) { id } }$q$);
SELECT graphql.resolve($q${ author(where: {name: {_eq: "Zo\u{EB} \u{1F600}"}}) { id } }$q$);
SELECT graphql.resolve($q$query ($n: String!) { author(where: {name: {_eq: $n}}) { id } }$q$, $v${"n": "Zo\u00eb \ud83d\ude00"}$v$);

-- values are parameters of the statement, never part of its text
SELECT split_part(graphql.explain($q${ author(where: {name: {_eq: "'; DROP TABLE author; --"}, id: {_in: [1, 2]}}) { id } }$q$), E'\n', 2) AS sql;
SELECT sql ~ 'OPERATOR\(pg_catalog\.~~\) \$1' AS parameter, strpos(sql, $$'1'='1$$) = 0 AS no_value
  FROM split_part(graphql.explain($q$query ($n: String!) { author(where: {name: {_like: $n}}) { id } }$q$,
                                  $v${"n": "x' OR '1'='1"}$v$), E'\n', 2) AS sql;

-- the tables are intact
SELECT count(*) FROM author;
SELECT * FROM "select";

ROLLBACK;
