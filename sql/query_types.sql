-- Queries: column types — how values render in JSON, the GraphQL scalar of
-- each type in graphql.sdl(), filtering by each type, NOT NULL as `!`
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
CREATE EXTENSION IF NOT EXISTS citext;
RESET client_min_messages;

BEGIN;
SET timezone = 'UTC';
SET datestyle = 'ISO, MDY';
SET intervalstyle = 'postgres';
SET extra_float_digits = 1;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TABLE typed (
  id int PRIMARY KEY,
  req text NOT NULL,
  c_int2 int2,
  c_int4 int4,
  c_int8 int8,
  c_float4 float4,
  c_float8 float8,
  c_numeric numeric,
  c_text text,
  c_varchar varchar(10),
  c_char char(3),
  c_bool bool,
  c_date date,
  c_time time,
  c_timetz timetz,
  c_timestamp timestamp,
  c_timestamptz timestamptz,
  c_interval interval,
  c_uuid uuid,
  c_json json,
  c_jsonb jsonb,
  c_bytea bytea,
  c_inet inet,
  c_text_arr text[],
  c_int_arr int[],
  c_mood mood,
  c_positive positive,
  c_citext citext,
  c_int8_nn int8 NOT NULL DEFAULT 0,
  c_arr_nn int[] NOT NULL DEFAULT '{}',
  c_mood_nn mood NOT NULL DEFAULT 'ok'
);
INSERT INTO typed VALUES (
  1, 'r1', 32767, 2147483647, 9007199254740993, 1.5, 2.25, 12345.678900, 'text "quoted"', 'varchar', 'ab',
  true, '2024-02-29', '12:34:56.789', '12:34:56+02', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05+02',
  '1 day 02:03:04', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": 1, "a": [1, 2]}', '{"b": 1, "a": [1, 2]}',
  '\x0102ff', '192.168.0.1/24', '{a,"b c"}', '{1,2,3}', 'happy', 5, 'MiXeD', 42, '{7}', 'sad');
INSERT INTO typed (id, req) VALUES (2, 'r2');

-- values: numbers as numbers, strings, ISO dates and times, JSON as JSON, arrays as lists
SELECT graphql.resolve('{ typed_by_pk(id: 1) { c_int2 c_int4 c_int8 c_float4 c_float8 c_numeric } }');
SELECT graphql.resolve('{ typed_by_pk(id: 1) { c_text c_varchar c_char c_bool c_citext } }');
SELECT graphql.resolve('{ typed_by_pk(id: 1) { c_date c_time c_timetz c_timestamp c_timestamptz c_interval } }');
SELECT graphql.resolve('{ typed_by_pk(id: 1) { c_uuid c_json c_jsonb c_bytea c_inet } }');
SELECT graphql.resolve('{ typed_by_pk(id: 1) { c_text_arr c_int_arr c_mood c_positive c_int8_nn c_arr_nn c_mood_nn } }');
-- the row of NULLs: every nullable column is null
SELECT graphql.resolve('{ typed_by_pk(id: 2) { c_int2 c_int4 c_int8 c_float4 c_float8 c_numeric c_text c_varchar c_char c_bool c_date c_time c_timetz c_timestamp c_timestamptz c_interval c_uuid c_json c_jsonb c_bytea c_inet c_text_arr c_int_arr c_mood c_positive c_citext } }');
SELECT graphql.resolve('{ typed_by_pk(id: 2) { c_int8_nn c_arr_nn c_mood_nn } }');
-- the result is valid JSON whose values have the JSON types expected
SELECT key, json_typeof(value)
  FROM json_each(graphql.resolve('{ typed_by_pk(id: 1) { c_int2 c_int8 c_float8 c_numeric c_text c_bool c_date c_json c_jsonb c_text_arr c_mood } }') #> '{data,typed_by_pk}');
-- special values: NaN and Infinity (strings, as PostgreSQL's JSON has them), a NULL array element
INSERT INTO typed (id, req, c_float8, c_float4, c_numeric, c_text_arr) VALUES (3, 'r3', 'NaN', '-Infinity', 'NaN', '{x,NULL}');
SELECT graphql.resolve('{ typed_by_pk(id: 3) { c_float8 c_float4 c_numeric c_text_arr } }');
DELETE FROM typed WHERE id = 3;

-- the GraphQL type of each column in graphql.sdl()
SELECT trim(line) AS field
  FROM regexp_split_to_table(split_part(split_part(graphql.sdl(), E'type typed {\n', 2), E'\n}', 1), E'\n') AS line
 WHERE line !~ '"""';
-- the scalars and enums declared for them
SELECT trim(line) AS declaration
  FROM regexp_split_to_table(graphql.sdl(), E'\n') AS line
 WHERE line ~ '^(scalar|enum) ';
-- the comparison expression each column gets in typed_bool_exp
SELECT trim(line) AS bool_exp_field
  FROM regexp_split_to_table(split_part(split_part(graphql.sdl(), 'input typed_bool_exp {', 2), '}', 1), E'\n') AS line
 WHERE line ~ ':';
-- _by_pk takes the key with its non-null type
SELECT trim(line) AS by_pk_arg
  FROM regexp_split_to_table(split_part(split_part(graphql.sdl(), 'typed_by_pk(', 2), ')', 1), E'\n') AS line
 WHERE line ~ ':';

-- filtering by each type with _eq: a literal
SELECT graphql.resolve('{ typed(where: {c_int2: {_eq: 32767}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_int4: {_eq: 2147483647}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_int8: {_eq: 9007199254740993}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_int8: {_eq: "9007199254740993"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_float4: {_eq: 1.5}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_float8: {_eq: 2.25}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_float8: {_gt: 2}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_numeric: {_eq: 12345.6789}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_numeric: {_eq: "12345.6789"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_text: {_eq: "text \"quoted\""}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_varchar: {_eq: "varchar"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_char: {_eq: "ab"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_bool: {_eq: true}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_date: {_eq: "2024-02-29"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_time: {_eq: "12:34:56.789"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_timetz: {_eq: "12:34:56+02:00"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_timestamp: {_eq: "2024-01-02T03:04:05.5"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_timestamptz: {_eq: "2024-01-02T01:04:05Z"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_interval: {_eq: "26:03:04"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_uuid: {_eq: "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_jsonb: {_eq: {a: [1, 2], b: 1}}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_json: {_is_null: false}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_bytea: {_eq: "\\x0102ff"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_inet: {_eq: "192.168.0.1/24"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_text_arr: {_eq: ["a", "b c"]}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_int_arr: {_eq: [1, 2, 3]}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_int_arr: {_contains: [2]}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_mood: {_eq: happy}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_positive: {_eq: 5}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_citext: {_eq: "mixed"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_citext: {_like: "mix%"}}) { id } }');

-- filtering by each type with _eq: a variable of the column's type
SELECT graphql.resolve('query ($v: Int) { typed(where: {c_int2: {_eq: $v}}) { id } }', '{"v": 32767}');
SELECT graphql.resolve('query ($v: Int) { typed(where: {c_int4: {_eq: $v}}) { id } }', '{"v": 2147483647}');
SELECT graphql.resolve('query ($v: bigint) { typed(where: {c_int8: {_eq: $v}}) { id } }', '{"v": 9007199254740993}');
SELECT graphql.resolve('query ($v: bigint) { typed(where: {c_int8: {_eq: $v}}) { id } }', '{"v": "9007199254740993"}');
SELECT graphql.resolve('query ($v: Float) { typed(where: {c_float4: {_eq: $v}}) { id } }', '{"v": 1.5}');
SELECT graphql.resolve('query ($v: Float) { typed(where: {c_float8: {_eq: $v}}) { id } }', '{"v": 2.25}');
SELECT graphql.resolve('query ($v: numeric) { typed(where: {c_numeric: {_eq: $v}}) { id } }', '{"v": 12345.6789}');
SELECT graphql.resolve('query ($v: String) { typed(where: {c_text: {_eq: $v}}) { id } }', '{"v": "text \"quoted\""}');
SELECT graphql.resolve('query ($v: String) { typed(where: {c_varchar: {_eq: $v}}) { id } }', '{"v": "varchar"}');
SELECT graphql.resolve('query ($v: String) { typed(where: {c_char: {_eq: $v}}) { id } }', '{"v": "ab "}');
SELECT graphql.resolve('query ($v: Boolean) { typed(where: {c_bool: {_eq: $v}}) { id } }', '{"v": true}');
SELECT graphql.resolve('query ($v: date) { typed(where: {c_date: {_eq: $v}}) { id } }', '{"v": "2024-02-29"}');
SELECT graphql.resolve('query ($v: time) { typed(where: {c_time: {_eq: $v}}) { id } }', '{"v": "12:34:56.789"}');
SELECT graphql.resolve('query ($v: timetz) { typed(where: {c_timetz: {_eq: $v}}) { id } }', '{"v": "12:34:56+02"}');
SELECT graphql.resolve('query ($v: timestamp) { typed(where: {c_timestamp: {_eq: $v}}) { id } }', '{"v": "2024-01-02 03:04:05.5"}');
SELECT graphql.resolve('query ($v: timestamptz) { typed(where: {c_timestamptz: {_eq: $v}}) { id } }', '{"v": "2024-01-02T03:04:05+02:00"}');
SELECT graphql.resolve('query ($v: interval) { typed(where: {c_interval: {_eq: $v}}) { id } }', '{"v": "P1DT2H3M4S"}');
SELECT graphql.resolve('query ($v: uuid) { typed(where: {c_uuid: {_eq: $v}}) { id } }', '{"v": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}');
SELECT graphql.resolve('query ($v: jsonb) { typed(where: {c_jsonb: {_eq: $v}}) { id } }', '{"v": {"a": [1, 2], "b": 1}}');
SELECT graphql.resolve('query ($v: bytea) { typed(where: {c_bytea: {_eq: $v}}) { id } }', '{"v": "\\x0102ff"}');
SELECT graphql.resolve('query ($v: inet) { typed(where: {c_inet: {_eq: $v}}) { id } }', '{"v": "192.168.0.1/24"}');
SELECT graphql.resolve('query ($v: [String!]) { typed(where: {c_text_arr: {_contains: $v}}) { id } }', '{"v": ["b c"]}');
SELECT graphql.resolve('query ($v: [Int!]) { typed(where: {c_int_arr: {_eq: $v}}) { id } }', '{"v": [1, 2, 3]}');
SELECT graphql.resolve('query ($v: mood) { typed(where: {c_mood: {_eq: $v}}) { id } }', '{"v": "happy"}');
SELECT graphql.resolve('query ($v: Int) { typed(where: {c_positive: {_eq: $v}}) { id } }', '{"v": 5}');
SELECT graphql.resolve('query ($v: citext) { typed(where: {c_citext: {_eq: $v}}) { id } }', '{"v": "MIXED"}');
-- an array primary key: _by_pk binds its list as an array, as a filter does
CREATE TABLE tagged (tags text[] PRIMARY KEY, n int);
INSERT INTO tagged VALUES ('{a,b}', 1), ('{}', 2);
SELECT graphql.resolve('{ a: tagged_by_pk(tags: ["a", "b"]) { n } b: tagged_by_pk(tags: []) { n } }');
SELECT graphql.resolve('query ($t: [String!]!) { tagged_by_pk(tags: $t) { n tags } }', '{"t": ["a", "b"]}');

-- error cases: values out of range or of the wrong kind
SELECT graphql.resolve('{ typed(where: {c_int4: {_eq: 2147483648}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_int2: {_eq: 40000}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_int8: {_eq: "12x"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_float8: {_eq: "fast"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_date: {_eq: "2023-02-29"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_inet: {_eq: "999.1.1.1"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_varchar: {_eq: "this is longer than ten"}}) { id } }');
SELECT graphql.resolve('{ typed(where: {c_int_arr: {_eq: ["x"]}}) { id } }');
ROLLBACK;
