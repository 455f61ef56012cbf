-- Variables: every kind of input type in arguments, defaults, nullability,
-- operationName, and the errors of variable definitions and values
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;
SET LOCAL TimeZone = 'UTC';

CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');
CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, rating float8,
                     active boolean NOT NULL, uid uuid, born timestamptz,
                     score numeric, big bigint, info jsonb, mood mood);
INSERT INTO author VALUES
  (1, 'Ann', 4.5, true, '11111111-1111-1111-1111-111111111111', '2000-01-01 00:00+00',
   1.5, 9007199254740993, '{"a": 1, "tags": ["x"]}', 'happy'),
  (2, 'Bob', 3, false, '22222222-2222-2222-2222-222222222222', '1990-06-15 12:00+00',
   2.25, 5, '{"a": 2}', 'sad'),
  (3, 'Cid', NULL, true, NULL, NULL, NULL, NULL, NULL, NULL);

-- built-in scalars: Int, String, Boolean, Float
SELECT graphql.resolve('query ($id: Int!) { author_by_pk(id: $id) { id name } }', '{"id": 2}');
SELECT graphql.resolve('query ($n: String) { author(where: {name: {_eq: $n}}) { id } }', '{"n": "Bob"}');
SELECT graphql.resolve('query ($a: Boolean) { author(where: {active: {_eq: $a}}) { id } }', '{"a": false}');
SELECT graphql.resolve('query ($r: Float) { author(where: {rating: {_gt: $r}}) { id rating } }', '{"r": 3.5}');
-- an integer JSON value is a Float
SELECT graphql.resolve('query ($r: Float) { author(where: {rating: {_lte: $r}}) { id rating } }', '{"r": 3}');
-- Int in limit and offset
SELECT graphql.resolve('query ($l: Int, $o: Int) { author(order_by: {id: asc}, limit: $l, offset: $o) { id } }', '{"l": 1, "o": 1}');

-- custom scalars: uuid, timestamptz, numeric, bigint, jsonb
SELECT graphql.resolve('query ($u: uuid) { author(where: {uid: {_eq: $u}}) { id } }', '{"u": "22222222-2222-2222-2222-222222222222"}');
SELECT graphql.resolve('query ($t: timestamptz) { author(where: {born: {_lt: $t}}) { id born } }', '{"t": "1995-01-01T00:00:00Z"}');
SELECT graphql.resolve('query ($s: numeric) { author(where: {score: {_gte: $s}}) { id score } }', '{"s": 2}');
SELECT graphql.resolve('query ($s: numeric) { author(where: {score: {_eq: $s}}) { id score } }', '{"s": "2.25"}');
-- a bigint beyond 2^53 keeps every digit, as a JSON number and as a string
SELECT graphql.resolve('query ($b: bigint) { author(where: {big: {_eq: $b}}) { id big } }', '{"b": 9007199254740993}');
SELECT graphql.resolve('query ($b: bigint) { author(where: {big: {_eq: $b}}) { id big } }', '{"b": "9007199254740993"}');
SELECT graphql.resolve('query ($j: jsonb) { author(where: {info: {_contains: $j}}) { id info } }', '{"j": {"tags": ["x"]}}');
-- a jsonb variable may be any JSON value
SELECT graphql.resolve('query ($j: jsonb) { author(where: {info: {_eq: $j}}) { id } }', '{"j": {"a": 2}}');
-- a bad value for a custom scalar is PostgreSQL's data-exception
SELECT graphql.resolve('query ($u: uuid) { author(where: {uid: {_eq: $u}}) { id } }', '{"u": "not-a-uuid"}');

-- enums: order_by, select_column (distinct_on), a PostgreSQL enum
SELECT graphql.resolve('query ($d: order_by) { author(order_by: {id: $d}) { id } }', '{"d": "desc"}');
SELECT graphql.resolve('query ($d: order_by!) { author(order_by: {rating: $d}) { id } }', '{"d": "asc_nulls_first"}');
SELECT graphql.resolve('query ($c: [author_select_column!]) { author(distinct_on: $c, order_by: {active: asc}) { active } }', '{"c": ["active"]}');
SELECT graphql.resolve('query ($m: mood) { author(where: {mood: {_eq: $m}}) { id mood } }', '{"m": "sad"}');
SELECT graphql.resolve('query ($m: [mood!]) { author(where: {mood: {_in: $m}}, order_by: {id: asc}) { id } }', '{"m": ["happy", "sad"]}');
-- an unknown enum value
SELECT graphql.resolve('query ($d: order_by) { author(order_by: {id: $d}) { id } }', '{"d": "sideways"}');
SELECT graphql.resolve('query ($m: mood) { author(where: {mood: {_eq: $m}}) { id } }', '{"m": "angry"}');

-- input objects
SELECT graphql.resolve('query ($where: author_bool_exp) { author(where: $where, order_by: {id: asc}) { id } }',
                       '{"where": {"_or": [{"id": {"_eq": 1}}, {"name": {"_like": "C%"}}]}}');
SELECT graphql.resolve('query ($o: [author_order_by!]) { author(order_by: $o) { id } }', '{"o": [{"active": "asc"}, {"id": "desc"}]}');
-- an empty input object filters nothing
SELECT graphql.resolve('query ($where: author_bool_exp) { author(where: $where, order_by: {id: asc}) { id } }', '{"where": {}}');

-- lists
SELECT graphql.resolve('query ($ids: [Int!]) { author(where: {id: {_in: $ids}}, order_by: {id: asc}) { id } }', '{"ids": [1, 3]}');
SELECT graphql.resolve('query ($ids: [Int!]!) { author(where: {id: {_nin: $ids}}) { id } }', '{"ids": [1, 3]}');
SELECT graphql.resolve('query ($ids: [Int!]) { author(where: {id: {_in: $ids}}) { id } }', '{"ids": []}');
SELECT graphql.resolve('query ($names: [String!]) { author(where: {name: {_in: $names}}, order_by: {id: asc}) { id } }', '{"names": ["Ann", "Cid", "Zed"]}');
-- a single value where a list is expected is a list of one (input coercion),
-- in a variable and in a literal
SELECT graphql.resolve('query ($ids: [Int!]) { author(where: {id: {_in: $ids}}) { id } }', '{"ids": 2}');
SELECT graphql.resolve('{ author(where: {id: {_in: 2}}) { id } }');
SELECT graphql.resolve('query ($o: [author_order_by!]) { author(order_by: $o) { id } }', '{"o": {"id": "desc"}}');
-- a list element of the wrong type; null in a list of non-null
SELECT graphql.resolve('query ($ids: [Int!]) { author(where: {id: {_in: $ids}}) { id } }', '{"ids": [1, "two"]}');
SELECT graphql.resolve('query ($ids: [Int!]) { author(where: {id: {_in: $ids}}) { id } }', '{"ids": [1, null]}');

-- variables nested inside literals
SELECT graphql.resolve('query ($n: String, $ids: [Int!]) { author(where: {_and: [{name: {_neq: $n}}, {id: {_in: $ids}}]}, order_by: {id: asc}) { id } }',
                       '{"n": "Ann", "ids": [1, 2, 3]}');
SELECT graphql.resolve('query ($id: Int!) { author(where: {_or: [{id: {_eq: $id}}, {id: {_eq: 3}}]}, order_by: [{id: desc}]) { id } }', '{"id": 1}');
SELECT graphql.resolve('query ($a: Int!, $b: Int!) { author(where: {id: {_in: [$a, $b]}}, order_by: {id: asc}) { id } }', '{"a": 3, "b": 1}');

-- default values: used when the variable is absent, overridden when given
SELECT graphql.resolve('query ($id: Int = 2) { author(where: {id: {_eq: $id}}) { id } }');
SELECT graphql.resolve('query ($id: Int = 2) { author(where: {id: {_eq: $id}}) { id } }', '{"id": 3}');
SELECT graphql.resolve('query ($where: author_bool_exp = {name: {_eq: "Cid"}}) { author(where: $where) { id } }');
SELECT graphql.resolve('query ($ids: [Int!] = [1, 2]) { author(where: {id: {_in: $ids}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('query ($d: order_by = desc) { author(order_by: {id: $d}) { id } }');
-- a nullable variable with a non-null default may fill a non-null position
SELECT graphql.resolve('query ($id: Int = 1) { author_by_pk(id: $id) { name } }');
-- = null: the argument is null, as if not given
SELECT graphql.resolve('query ($l: Int = null) { author(limit: $l, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('query ($l: Int = null) { author(limit: $l, order_by: {id: asc}) { id } }', '{"l": 2}');
-- a nullable variable that is absent and has no default: the argument is null
SELECT graphql.resolve('query ($l: Int) { author(limit: $l, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('query ($where: author_bool_exp) { author(where: $where, order_by: {id: asc}) { id } }');
-- null given to a nullable variable
SELECT graphql.resolve('query ($l: Int) { author(limit: $l, order_by: {id: asc}) { id } }', '{"l": null}');
-- variables may be null (as JSON) or left out (SQL NULL)
SELECT graphql.resolve('{ author_by_pk(id: 1) { name } }', 'null');
SELECT graphql.resolve('{ author_by_pk(id: 1) { name } }', NULL);
-- a default value of the wrong type
SELECT graphql.resolve('query ($id: Int = "two") { author(where: {id: {_eq: $id}}) { id } }');

-- nullability: a non-null variable must be given, and not as null
SELECT graphql.resolve('query ($id: Int!) { author_by_pk(id: $id) { id } }');
SELECT graphql.resolve('query ($id: Int!) { author_by_pk(id: $id) { id } }', '{"id": null}');
-- an explicit null inside a comparison is an error, never "match everything"
SELECT graphql.resolve('query ($id: Int) { author(where: {id: {_eq: $id}}) { id } }', '{"id": null}');
SELECT graphql.resolve('query ($id: Int) { author(where: {id: {_eq: $id}}) { id } }');

-- operationName selects one of several operations
SELECT graphql.resolve('query A { author_by_pk(id: 1) { name } } query B { author_by_pk(id: 2) { name } }', '{}', 'B');
SELECT graphql.resolve('query A { author_by_pk(id: 1) { name } } query B { author_by_pk(id: 2) { name } }', '{}', 'A');
SELECT graphql.resolve('query A($id: Int!) { author_by_pk(id: $id) { name } } query B { author_by_pk(id: 2) { name } }', '{"id": 3}', 'A');
-- the name of the only operation may be given
SELECT graphql.resolve('query A { author_by_pk(id: 1) { name } }', '{}', 'A');
-- an unknown operationName; several operations and no operationName
SELECT graphql.resolve('query A { author_by_pk(id: 1) { name } } query B { author_by_pk(id: 2) { name } }', '{}', 'C');
SELECT graphql.resolve('query A { author_by_pk(id: 1) { name } }', '{}', 'C');
SELECT graphql.resolve('query A { author_by_pk(id: 1) { name } } query B { author_by_pk(id: 2) { name } }');
-- an operationName for a document whose only operation is anonymous
SELECT graphql.resolve('{ author_by_pk(id: 1) { name } }', '{}', 'A');
-- the variables of the other operations do not count
SELECT graphql.resolve('query A($id: Int!) { author_by_pk(id: $id) { name } } query B { author_by_pk(id: 2) { name } }', '{}', 'B');

-- errors: a JSON value of the wrong type
SELECT graphql.resolve('query ($l: Int) { author(limit: $l) { id } }', '{"l": "2"}');
SELECT graphql.resolve('query ($l: Int) { author(limit: $l) { id } }', '{"l": 2147483648}');
SELECT graphql.resolve('query ($l: Int) { author(limit: $l) { id } }', '{"l": 1.5}');
SELECT graphql.resolve('query ($l: Int) { author(limit: $l) { id } }', '{"l": true}');
SELECT graphql.resolve('query ($n: String) { author(where: {name: {_eq: $n}}) { id } }', '{"n": {"a": 1}}');
SELECT graphql.resolve('query ($n: String) { author(where: {name: {_eq: $n}}) { id } }', '{"n": 1}');
SELECT graphql.resolve('query ($a: Boolean) { author(where: {active: {_eq: $a}}) { id } }', '{"a": "true"}');
SELECT graphql.resolve('query ($r: Float) { author(where: {rating: {_eq: $r}}) { id } }', '{"r": "4.5"}');
SELECT graphql.resolve('query ($d: order_by) { author(order_by: {id: $d}) { id } }', '{"d": 1}');
SELECT graphql.resolve('query ($where: author_bool_exp) { author(where: $where) { id } }', '{"where": [1]}');
-- variables must be an object
SELECT graphql.resolve('{ author_by_pk(id: 1) { name } }', '[1]');
-- unknown fields in a variable's input object
SELECT graphql.resolve('query ($where: author_bool_exp) { author(where: $where) { id } }', '{"where": {"email": {"_eq": "x"}}}');
SELECT graphql.resolve('query ($where: author_bool_exp) { author(where: $where) { id } }', '{"where": {"id": {"_equals": 1}}}');
-- variables the operation does not declare
SELECT graphql.resolve('query ($id: Int!) { author_by_pk(id: $id) { id } }', '{"id": 1, "a": 1, "b": 2}');
SELECT graphql.resolve('{ author_by_pk(id: 1) { id } }', '{"a": 1}');
-- a variable of a type that does not exist
SELECT graphql.resolve('query ($w: x_input) { author(where: $w) { id } }');
-- a variable used where another type is expected
SELECT graphql.resolve('query ($id: String) { author(where: {id: {_eq: $id}}) { id } }', '{"id": "1"}');
SELECT graphql.resolve('query ($id: Int) { author_by_pk(id: $id) { id } }', '{"id": 1}');
SELECT graphql.resolve('query ($ids: Int) { author(where: {id: {_in: $ids}}) { id } }', '{"ids": 1}');
SELECT graphql.resolve('query ($r: Int) { author(where: {rating: {_eq: $r}}) { id } }', '{"r": 3}');
SELECT graphql.resolve('query ($w: author_order_by) { author(where: $w) { id } }', '{"w": {}}');
-- an undefined variable
SELECT graphql.resolve('{ author(where: {id: {_eq: $id}}) { id } }');
SELECT graphql.resolve('query Q { author(where: {id: {_eq: $id}}) { id } }', '{"id": 1}');
-- an unused variable: accepted, as Hasura accepts it (its value is not read)
SELECT graphql.resolve('query ($id: Int) { author { id } }', '{"id": "not even an Int"}');
-- the specification's rule, when asked for (a document validated without it is not re-used)
SET graphql.reject_unused_variables = on;
SELECT graphql.resolve('query ($id: Int) { author { id } }', '{"id": "not even an Int"}');
SELECT graphql.resolve('query Q($id: Int) { author { id } }');
RESET graphql.reject_unused_variables;
-- a variable of a non-input type
SELECT graphql.resolve('query ($a: author) { author { id } }');
SELECT graphql.resolve('query ($a: [author!]) { author { id } }');
-- two variables with one name
SELECT graphql.resolve('query ($id: Int, $id: Int) { author(where: {id: {_eq: $id}}) { id } }', '{"id": 1}');

ROLLBACK;
