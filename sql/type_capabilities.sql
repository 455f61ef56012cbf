-- The schema offers only what a column's type supports, so every request
-- that validates runs: comparison operators by the type's equality and
-- ordering (json, xml and point have neither), order_by and distinct_on
-- only for columns that sort, sum/avg/stddev/variance and _inc only for
-- numbers, min/max for what is ordered.  Generated requests use every
-- operator, ordering, aggregate and increment the schema offers on a table
-- of many types; none may fail with an SQL error.  Types the schema has no
-- scalar for (an enum whose labels are not GraphQL names, a type whose
-- name is not one) are offered as String, with String's operators: where
-- the type lacks one (an enum's LIKE, a composite's equality) their text
-- is compared.
CREATE EXTENSION IF NOT EXISTS graphql;
CREATE TYPE tc_mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN tc_posint AS int CHECK (VALUE > 0);
CREATE DOMAIN tc_doc AS json;
CREATE TYPE tc_pair AS (a int, b text);
CREATE TYPE tc_odd AS ENUM ('a b', 'c-d');
CREATE TYPE "tc odd pair" AS (p point);
CREATE TABLE tc_all (
  id int PRIMARY KEY,
  c_int2 int2, c_int8 int8, c_numeric numeric, c_float4 float4, c_float8 float8,
  c_money money, c_oid oid, c_regclass regclass, c_text text, c_varchar varchar(10),
  c_char char(3), c_name name, c_bool bool, c_date date, c_time time, c_timetz timetz,
  c_ts timestamp, c_tstz timestamptz, c_interval interval, c_uuid uuid,
  c_json json, c_jsonb jsonb, c_xml xml, c_point point, c_box box, c_circle circle,
  c_inet inet, c_macaddr macaddr, c_bit bit(3), c_bytea bytea, c_tsvector tsvector,
  c_range int4range, c_int_arr int[], c_point_arr point[], c_json_arr json[],
  c_mood tc_mood, c_posint tc_posint, c_doc tc_doc, c_pair tc_pair,
  c_odd tc_odd, c_odd_arr tc_odd[], c_odd_pair "tc odd pair", c_odd_pair_arr "tc odd pair"[]);
INSERT INTO tc_all VALUES (1, 2, 8, 1.5, 1.25, 2.5, 3, 42, 'pg_class', 'text', 'varchar',
  'abc', 'name', true, '2026-01-02', '10:00', '10:00+01', '2026-01-02 10:00',
  '2026-01-02 10:00+00', '1 day', '00000000-0000-0000-0000-000000000001',
  '{"a": 1}', '{"a": 1}', '<a/>', '(1,2)', '(0,0),(1,1)', '<(0,0),1>', '10.0.0.1',
  '08:00:2b:01:02:03', '101', '\x0102', 'a b', '[1,5)', '{1,2}', '{"(1,2)"}', '{"{}"}',
  'ok', 7, '{"b": 2}', '(1,x)', 'c-d', '{a b}', '("(1,2)")', '{"(\"(1,2)\")"}');
-- a table none of whose columns sort: no order_by, no distinct_on, no empty type
CREATE TABLE tc_unsorted (doc json, shape point);
INSERT INTO tc_unsorted VALUES ('[1]', '(3,4)');

-- the input fields (or fields, or enum values) of a type, by name
CREATE FUNCTION tc_members(type_name text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(pg_catalog.string_agg(m ->> 'name', ' '), '(no such type)')
    FROM pg_catalog.jsonb_path_query(
           graphql.resolve('query ($n: String!) { __type(name: $n) { inputFields { name } fields { name } enumValues { name } } }',
                           pg_catalog.jsonb_build_object('n', type_name))::jsonb,
           '$.data.__type.* ? (@ != null)[*]') m $$;

-- comparison operators: by equality and ordering
SELECT tc_members('json_comparison_exp') AS json, tc_members('xml_comparison_exp') AS xml,
       tc_members('point_comparison_exp') AS point, tc_members('box_comparison_exp') AS box;
SELECT tc_members('point_array_comparison_exp') AS point_array, tc_members('json_array_comparison_exp') AS json_array;
SELECT tc_members('circle_comparison_exp') AS circle, tc_members('tc_pair_comparison_exp') AS composite;
SELECT tc_members('jsonb_comparison_exp') AS jsonb;
SELECT tc_members('Int_array_comparison_exp') AS int_array;
SELECT tc_members('money_comparison_exp') AS money;
-- an enum whose labels are not names, a type whose name is not one: String
SELECT graphql.resolve('{ __type(name: "tc_all") { fields(includeDeprecated: true) { name type { name ofType { name ofType { name } } } } } }')::jsonb
         #> '{data,__type,fields}' @? '$[*] ? (@.name starts with "c_odd")' AS has_odd,
       pg_catalog.jsonb_path_query_array(graphql.resolve('{ __type(name: "tc_all_bool_exp") { inputFields { name type { name } } } }')::jsonb,
         '$.data.__type.inputFields[*] ? (@.name starts with "c_odd").type.name') AS odd_comparisons;
SELECT graphql.resolve('{ a: tc_all(where: {c_odd: {_like: "c%", _in: ["c-d"], _gt: "a b"}}) { c_odd }
                          b: tc_all(where: {c_odd_pair: {_eq: "(\"(1,2)\")", _iregex: "1,2"}}) { c_odd_pair }
                          c: tc_all(where: {c_odd_pair_arr: {_contains: ["(\"(1,2)\")"]}, c_odd_arr: {_eq: ["a b"]}}) { id }
                          d: tc_all(where: {c_odd: {_nlike: "c%"}}) { id } }');
-- equality and ordering are the enum's own: a value that is not a label is an error
SELECT graphql.resolve('{ tc_all(where: {c_odd: {_in: ["x"]}}) { id } }');
-- what sorts, what distinct_on takes
SELECT tc_members('tc_all_order_by') AS order_by;
SELECT tc_members('tc_all_select_column') AS select_column;
-- numbers only: sum (and avg, stddev, ...), _inc; min/max for what is ordered
SELECT tc_members('tc_all_sum_fields') AS sum, tc_members('tc_all_inc_input') AS inc;
SELECT tc_members('tc_all_max_fields') AS max;
-- the table without sortable columns
SELECT tc_members('tc_unsorted_order_by') AS order_by, tc_members('tc_unsorted_select_column') AS select_column;
SELECT pg_catalog.jsonb_path_query_array(graphql.resolve('{ __schema { queryType { fields { name args { name } } } } }')::jsonb,
         '$.data.__schema.queryType.fields[*] ? (@.name starts with "tc_unsorted").args[*].name') AS args;
SELECT graphql.resolve('{ tc_unsorted { doc shape } tc_unsorted_aggregate { aggregate { count } } }');

-- Every operator, ordering, distinct_on value, aggregate and _inc field the
-- schema offers, each in a request of its own with a value from the row:
-- count the requests and list any that fails.
CREATE FUNCTION tc_value(col text, op text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v jsonb;
BEGIN
  -- a composite value is given as its text, as the custom scalar (or String) takes it
  EXECUTE pg_catalog.format('SELECT CASE WHEN pg_catalog.jsonb_typeof(pg_catalog.to_jsonb(%1$I)) = ''object'' AND %1$L <> ''c_jsonb''
                                         THEN pg_catalog.to_jsonb(%1$I::text) ELSE pg_catalog.to_jsonb(%1$I) END
                               FROM public.tc_all', col) INTO v;
  IF pg_catalog.jsonb_typeof(v -> 0) = 'object' THEN
    EXECUTE pg_catalog.format('SELECT pg_catalog.to_jsonb(%I::text[]) FROM public.tc_all', col) INTO v;
  END IF;
  IF op = '_is_null' THEN RETURN 'false'; END IF;
  IF op IN ('_has_key') THEN RETURN '"a"'; END IF;
  IF op IN ('_has_keys_any', '_has_keys_all') THEN RETURN '["a"]'; END IF;
  IF op IN ('_like', '_nlike', '_ilike', '_nilike', '_similar', '_nsimilar',
            '_regex', '_nregex', '_iregex', '_niregex') THEN RETURN '"%"'; END IF;
  IF op IN ('_in', '_nin') THEN RETURN pg_catalog.jsonb_build_array(v); END IF;
  RETURN v;
END $$;
CREATE FUNCTION tc_run(query text, variables jsonb, INOUT total int, INOUT failures text) LANGUAGE plpgsql AS $$
DECLARE r jsonb;
BEGIN
  r := graphql.resolve(query, variables)::jsonb;
  total := total + 1;
  IF r ? 'errors' THEN
    failures := failures || pg_catalog.format(E'\n%s %s -> %s', query, variables, r -> 'errors' -> 0 ->> 'message');
  END IF;
END $$;
DO $$
DECLARE
  total int := 0;
  failures text := '';
  col record;
  op record;
  typ text;
  f text;
BEGIN
  -- where: each column's comparison operators
  FOR col IN SELECT m.value ->> 'name' AS name, m.value #>> '{type,name}' AS cmp
               FROM pg_catalog.jsonb_array_elements(graphql.resolve('{ __type(name: "tc_all_bool_exp") { inputFields { name type { name } } } }')::jsonb
                      #> '{data,__type,inputFields}') m
              WHERE m.value ->> 'name' LIKE 'c\_%' OR m.value ->> 'name' = 'id' LOOP
    FOR op IN SELECT o.value ->> 'name' AS name, o.value -> 'type' AS type
                FROM pg_catalog.jsonb_array_elements(graphql.resolve('query ($n: String!) { __type(name: $n) { inputFields { name type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }',
                       pg_catalog.jsonb_build_object('n', col.cmp))::jsonb #> '{data,__type,inputFields}') o LOOP
      -- the variable's type, printed from the introspected reference
      typ := pg_catalog.jsonb_path_query_first(op.type, '$.**.name ? (@ != null)') #>> '{}';
      typ := CASE WHEN op.type ->> 'kind' = 'LIST' AND op.type #>> '{ofType,ofType,kind}' = 'LIST' THEN '[[' || typ || '!]!]'
                  WHEN op.type ->> 'kind' = 'LIST' THEN '[' || typ || '!]'
                  ELSE typ END;
      SELECT * INTO total, failures FROM tc_run(
        pg_catalog.format('query ($v: %s) { tc_all(where: {%s: {%s: $v}}) { id } }', typ, col.name, op.name),
        pg_catalog.jsonb_build_object('v', tc_value(col.name, op.name)), total, failures);
    END LOOP;
  END LOOP;
  -- order_by and distinct_on on each column that offers them
  FOR f IN SELECT pg_catalog.regexp_split_to_table(tc_members('tc_all_order_by'), ' ') LOOP
    SELECT * INTO total, failures FROM tc_run(
      pg_catalog.format('{ tc_all(order_by: {%s: desc}, limit: 1) { id } }', f), '{}', total, failures);
  END LOOP;
  FOR f IN SELECT pg_catalog.regexp_split_to_table(tc_members('tc_all_select_column'), ' ') LOOP
    SELECT * INTO total, failures FROM tc_run(
      pg_catalog.format('{ tc_all(distinct_on: %s) { id } tc_all_aggregate { aggregate { count(columns: %s, distinct: true) } } }', f, f),
      '{}', total, failures);
  END LOOP;
  -- each aggregate function on each column it offers
  FOR op IN SELECT a.value ->> 'name' AS fn, a.value #>> '{type,name}' AS type
              FROM pg_catalog.jsonb_array_elements(graphql.resolve('{ __type(name: "tc_all_aggregate_fields") { fields { name type { name } } } }')::jsonb
                     #> '{data,__type,fields}') a
             WHERE a.value ->> 'name' <> 'count' LOOP
    FOR f IN SELECT pg_catalog.regexp_split_to_table(tc_members(op.type), ' ') LOOP
      SELECT * INTO total, failures FROM tc_run(
        pg_catalog.format('{ tc_all_aggregate { aggregate { %s { %s } } } }', op.fn, f), '{}', total, failures);
    END LOOP;
  END LOOP;
  -- each _inc field, rolled back with the subtransaction of the block
  FOR f IN SELECT pg_catalog.regexp_split_to_table(tc_members('tc_all_inc_input'), ' ') LOOP
    SELECT * INTO total, failures FROM tc_run(
      pg_catalog.format('mutation { update_tc_all(where: {}, _inc: {%s: 1}) { affected_rows } }', f), '{}', total, failures);
  END LOOP;
  RAISE NOTICE 'requests: %, failed: %', total,
    CASE WHEN failures = '' THEN 'none' ELSE failures END;
END $$;

DROP FUNCTION tc_run(text, jsonb, int, text);
DROP FUNCTION tc_value(text, text);
DROP FUNCTION tc_members(text);
DROP TABLE tc_unsorted;
DROP TABLE tc_all;
DROP TYPE tc_pair;
DROP TYPE "tc odd pair";
DROP TYPE tc_odd;
DROP DOMAIN tc_doc;
DROP DOMAIN tc_posint;
DROP TYPE tc_mood;
