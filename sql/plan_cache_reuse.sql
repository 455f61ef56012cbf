SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
-- Compiled statements re-run with new values (src/reuse.c): a request found
-- in the plan cache whose variables differ from an earlier one's only in
-- values that went into parameters skips compiling; any other difference
-- (null or not, keys, list lengths, enums, booleans, values the compiler
-- reads) compiles again.  Each answer must be the one a fresh compile gives,
-- and with graphql.check_reuse every re-run is compiled afresh too: a
-- statement or parameter that differs is an error.
LOAD 'graphql';
SET graphql.check_reuse = on;
BEGIN;
CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, price numeric NOT NULL,
                   tags jsonb NOT NULL DEFAULT '{}', born date);
INSERT INTO item VALUES
  (1, 'apple', 1.50, '{"color": "red", "size": 3}', '2020-01-01'),
  (2, 'banana', 0.25, '{"color": "yellow"}', '2021-06-15'),
  (3, 'cherry', 4.00, '{"color": "red", "size": 1}', NULL),
  (4, '', 9.99, '{}', '2019-12-31');
-- run(query, variables): "reused" or "compiled", then the response
CREATE FUNCTION run(q text, v jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  before bigint;
  response text;
BEGIN
  SELECT reuses INTO before FROM graphql.cache_stats();
  response := graphql.resolve(q, v)::text;
  RETURN (SELECT CASE WHEN reuses > before THEN 'reused   ' ELSE 'compiled ' END FROM graphql.cache_stats())
    || response;
END
$$;

-- a scalar by primary key: the second and later values re-run the statement
SELECT run('query ($id: Int!) { item_by_pk(id: $id) { id name } }', jsonb_build_object('id', i))
  FROM generate_series(1, 5) i;
-- the same value in two places feeds both parameters
SELECT run('query ($n: String!) { a: item(where: {name: {_eq: $n}}) { id } b: item(where: {name: {_neq: $n}}, order_by: {id: asc}) { id } }',
  v) FROM (VALUES ('{"n": "apple"}'::jsonb), ('{"n": "cherry"}'), ('{"n": "banana"}')) AS t(v);
-- a where object given as a variable: the same keys re-run, other keys compile
SELECT run('query ($w: item_bool_exp) { item(where: $w, order_by: {id: asc}) { id } }', v)
  FROM (VALUES ('{"w": {"price": {"_gt": 1}}}'::jsonb),
               ('{"w": {"price": {"_gt": 2}}}'),
               ('{"w": {"price": {"_lt": 2}}}'),
               ('{"w": {"name": {"_like": "%an%"}}}'),
               ('{"w": {"price": {"_gt": 0.3}}}'),
               ('{"w": {"name": {"_like": "a%"}}}'),
               ('{"w": null}'),
               ('{}'),
               ('{"w": {}}')) AS t(v);
-- null and a value are different statements; so are the numbers' JSON kinds
SELECT run('query ($l: Int) { item(order_by: {id: asc}, limit: $l) { id } }', v)
  FROM (VALUES ('{"l": 1}'::jsonb), ('{"l": 3}'), ('{"l": null}'), ('{"l": 2}'), ('{}')) AS t(v);
-- enums and booleans are read by the compiler: each value compiles once
SELECT run('query ($o: order_by, $b: Boolean!) { item(order_by: {price: $o}, where: {born: {_is_null: $b}}) { id } }', v)
  FROM (VALUES ('{"o": "asc", "b": false}'::jsonb), ('{"o": "desc", "b": false}'),
               ('{"o": "asc", "b": true}'), ('{"o": "desc", "b": false}'), ('{"o": "asc", "b": false}')) AS t(v);
-- a list bound whole as an array parameter (_in) re-runs at any length; a
-- single value for the list (list coercion) is another shape
SELECT run('query ($ids: [Int!]) { item(where: {id: {_in: $ids}}, order_by: {id: asc}) { id } }', v)
  FROM (VALUES ('{"ids": [1, 2]}'::jsonb), ('{"ids": [3, 4]}'), ('{"ids": [1, 2, 3]}'), ('{"ids": []}'),
               ('{"ids": 4}'), ('{"ids": 2}'), ('{"ids": [4, 4, 1]}')) AS t(v);
-- each new element is checked as compiling would check it
SELECT run('query ($ids: [Int!]) { item(where: {id: {_nin: $ids}}, order_by: {id: asc}) { id } }', v)
  FROM (VALUES ('{"ids": [1, 2]}'::jsonb), ('{"ids": [3, null]}'), ('{"ids": [1, "x"]}'), ('{"ids": [2147483648]}'),
               ('{"ids": [[1]]}'), ('{"ids": [2, 3, 4]}')) AS t(v);
-- lists of strings, empty strings among them; the same list in two places
SELECT run('query ($k: [String!]!) { a: item(where: {tags: {_has_keys_any: $k}}, order_by: {id: asc}) { id } b: item(where: {name: {_in: $k}}, order_by: {id: asc}) { id } }', v)
  FROM (VALUES ('{"k": ["size"]}'::jsonb), ('{"k": ["color", "banana"]}'), ('{"k": ["", "nope"]}'),
               ('{"k": ["apple", ""]}')) AS t(v);
-- a JSON value is one parameter, whatever it holds; another JSON kind compiles
SELECT run('query ($j: jsonb) { item(where: {tags: {_contains: $j}}, order_by: {id: asc}) { id } }', v)
  FROM (VALUES ('{"j": {"color": "red"}}'::jsonb), ('{"j": {"size": 3}}'), ('{"j": {}}'),
               ('{"j": ["x"]}'), ('{"j": "red"}'), ('{"j": [1, 2]}')) AS t(v);
-- a variable inside a JSON literal is read: each value compiles
SELECT run('query ($c: String) { item(where: {tags: {_contains: {color: $c}}}, order_by: {id: asc}) { id } }', v)
  FROM (VALUES ('{"c": "red"}'::jsonb), ('{"c": "yellow"}'), ('{"c": "red"}')) AS t(v);
-- a JSON path argument is read (split into steps): each value compiles
SELECT run('query ($p: String) { item_by_pk(id: 1) { tags(path: $p) } }', v)
  FROM (VALUES ('{"p": "color"}'::jsonb), ('{"p": "size"}'), ('{"p": "color"}')) AS t(v);
-- so is __type's name
SELECT run('query ($n: String!) { __type(name: $n) { name kind } }', v)
  FROM (VALUES ('{"n": "item"}'::jsonb), ('{"n": "Int"}'), ('{"n": "item"}')) AS t(v);
-- empty strings are values like others
SELECT run('query ($n: String!) { item(where: {name: {_eq: $n}}) { id } }', v)
  FROM (VALUES ('{"n": "apple"}'::jsonb), ('{"n": ""}'), ('{"n": "banana"}'), ('{"n": ""}')) AS t(v);

-- errors in the new values are the full path's, and nothing is re-run
SELECT run('query ($id: Int!) { item_by_pk(id: $id) { id } }', v)
  FROM (VALUES ('{"id": 1}'::jsonb), ('{"id": 2147483648}'), ('{"id": 1.5}'), ('{"id": "2"}'),
               ('{"id": null}'), ('{}'), ('{"id": 2, "other": 1}'), ('null'), ('[1]'), ('{"id": 3}')) AS t(v);
-- a value PostgreSQL cannot parse fails as it would compiled afresh
SELECT run('query ($d: date) { item(where: {born: {_gt: $d}}, order_by: {id: asc}) { id } }', v)
  FROM (VALUES ('{"d": "2020-06-01"}'::jsonb), ('{"d": "not a date"}'), ('{"d": "2019-01-01"}')) AS t(v);
SELECT run('query ($p: numeric!) { item(where: {price: {_lt: $p}}, order_by: {id: asc}) { id price } }', v)
  FROM (VALUES ('{"p": 2}'::jsonb), ('{"p": 1e400}'), ('{"p": 0.5}'), ('{"p": "4.5"}'), ('{"p": "x"}')) AS t(v);
-- no variables: the same statement, nothing to bind
SELECT run('{ item_by_pk(id: 2) { name } }', NULL) FROM generate_series(1, 2);

-- mutations: the write and the response re-run with new values
SELECT run('mutation ($id: Int!, $n: String!, $t: jsonb) { insert_item_one(object: {id: $id, name: $n, price: 1, tags: $t}) { id name tags } }', v)
  FROM (VALUES ('{"id": 10, "n": "date", "t": {"a": 1}}'::jsonb), ('{"id": 11, "n": "elder", "t": {"b": [2]}}'),
               ('{"id": 10, "n": "dup", "t": {}}'), ('{"id": 12, "n": "fig", "t": {}}')) AS t(v);
SELECT run('mutation ($objs: [item_insert_input!]!) { insert_item(objects: $objs) { affected_rows returning { id name } } }', v)
  FROM (VALUES ('{"objs": [{"id": 20, "name": "g", "price": 2}]}'::jsonb),
               ('{"objs": [{"id": 21, "name": "h", "price": 3}]}'),
               ('{"objs": [{"id": 22, "name": "i", "price": 4}, {"id": 23, "name": "j", "price": 5}]}'),
               ('{"objs": [{"id": 24, "name": "k", "price": -1, "born": "2022-02-02"}]}')) AS t(v);
SELECT run('mutation ($id: Int!, $d: numeric!) { update_item_by_pk(pk_columns: {id: $id}, _inc: {price: $d}) { id price } }', v)
  FROM (VALUES ('{"id": 20, "d": 1}'::jsonb), ('{"id": 21, "d": 0.5}'), ('{"id": 99, "d": 1}')) AS t(v);
SELECT id, name, price, tags, born FROM item WHERE id >= 10 ORDER BY id;

-- at most eight sets of compiled statements per request (eight shapes of
-- its variables); past them it compiles
SELECT run('query ($w: item_bool_exp) { items: item(where: $w, order_by: {id: asc}) { id } }', jsonb_build_object('w', jsonb_build_object('id', jsonb_build_object(op, 2))))
  FROM unnest(ARRAY['_eq', '_neq', '_gt', '_gte', '_lt', '_lte']) AS op;
SELECT run('query ($w: item_bool_exp) { items: item(where: $w, order_by: {id: asc}) { id } }', v)
  FROM (VALUES ('{"w": {"id": {"_in": [2]}}}'::jsonb), ('{"w": {"id": {"_nin": [2]}}}'),
               ('{"w": {"id": {"_nin": [2, 3]}}}'), ('{"w": {"id": {"_is_null": true}}}'),
               ('{"w": {"id": {"_eq": 3}}}'), ('{"w": {"id": {"_is_null": true}}}')) AS t(v);
ROLLBACK;
