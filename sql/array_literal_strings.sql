-- PostgreSQL array literals given as strings for array columns: a String
-- where an array column's list is expected ('{a,b}' for a text[], as
-- clients of Hasura before v2.29 send it, and as Hasura still takes it) is
-- the array's text, one parameter of the array's type read by PostgreSQL's
-- array input.  In inserts, _set, primary keys, comparisons (_in: one
-- array each) and function arguments; literals and variables alike.  A
-- literal PostgreSQL refuses is its data-exception, as any value it refuses.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
LOAD 'graphql';
SET graphql.check_reuse = on;

BEGIN;
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE DOMAIN short_list AS text[] CHECK (cardinality(VALUE) <= 2);
CREATE TABLE post (
  id int PRIMARY KEY,
  tags text[],
  scores int[],
  moods mood[],
  notes text[] NOT NULL DEFAULT '{}',
  pair short_list,
  meta jsonb,
  title text
);
CREATE TABLE tagged (tags text[] PRIMARY KEY, n int);
INSERT INTO tagged VALUES ('{a,b}', 1);
CREATE FUNCTION posts_tagged(wanted text[]) RETURNS SETOF post LANGUAGE sql STABLE
  AS $$ SELECT * FROM post WHERE tags @> wanted ORDER BY id $$;
-- run(query, variables): "reused" or "compiled", then the response
CREATE FUNCTION pg_temp.run(q text, v jsonb) RETURNS text LANGUAGE plpgsql AS $$
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

-- inserts: a literal's elements, quoted ones, NULL, an empty array, two
-- dimensions; a domain over an array (its CHECK runs); lists still work
SELECT graphql.resolve($$ mutation { insert_post_one(object: {id: 1, tags: "{a,b}", scores: "{1,2}", moods: "{happy}", notes: "{}", pair: "{x,y}"}) { id tags scores moods notes pair } } $$);
SELECT graphql.resolve($$ mutation { insert_post_one(object: {id: 2, tags: "{\"x y\",\"z,w\",NULL,\"q\\\"t\"}", scores: "{{1,2},{3,4}}"}) { id tags scores } } $$);
SELECT graphql.resolve($$ mutation { insert_post(objects: [{id: 3, tags: ["c"], scores: [3]}, {id: 4, tags: "{c,a}", notes: ["n"]}]) { affected_rows returning { id tags scores notes } } } $$);
-- variables: a String in an object, a list variable given a String, a default
SELECT graphql.resolve('mutation ($o: post_insert_input!) { insert_post_one(object: $o) { id tags } }',
                       '{"o": {"id": 5, "tags": "{d}", "scores": "{5}"}}');
SELECT graphql.resolve('mutation ($t: [String!]) { insert_post_one(object: {id: 6, tags: $t}) { id tags } }',
                       '{"t": "{e,f}"}');
SELECT graphql.resolve('mutation ($t: [String!] = "{g}") { insert_post_one(object: {id: 7, tags: $t}) { id tags } }');

-- _set, and an update of many
SELECT graphql.resolve($$ mutation { update_post_by_pk(pk_columns: {id: 7}, _set: {tags: "{g,h}", scores: "{7}"}) { id tags scores } } $$);
SELECT graphql.resolve($$ mutation { update_post_many(updates: [{where: {id: {_eq: 6}}, _set: {notes: "{six}"}}]) { returning { id notes } } } $$);

-- comparisons: = <> < @> <@, _in of arrays (each a literal or a list; a
-- single literal is a list of one array), a variable, an int[]
SELECT graphql.resolve($$ { post(where: {tags: {_eq: "{a,b}"}}) { id } } $$);
SELECT graphql.resolve($$ { post(where: {tags: {_neq: "{a,b}"}}, order_by: {id: asc}) { id } } $$);
SELECT graphql.resolve($$ { post(where: {tags: {_lt: "{c}"}}, order_by: {id: asc}) { id } } $$);
SELECT graphql.resolve($$ { post(where: {tags: {_contains: "{a}"}}, order_by: {id: asc}) { id tags } } $$);
SELECT graphql.resolve($$ { post(where: {tags: {_contained_in: "{a,b,c}"}}, order_by: {id: asc}) { id tags } } $$);
SELECT graphql.resolve($$ { post(where: {tags: {_in: ["{a,b}", ["c"]]}}, order_by: {id: asc}) { id } } $$);
SELECT graphql.resolve($$ { post(where: {tags: {_in: "{c,a}"}}) { id } } $$);
SELECT graphql.resolve($$ { post(where: {tags: {_nin: ["{a,b}"]}, id: {_lt: 5}}, order_by: {id: asc}) { id } } $$);
SELECT graphql.resolve('query ($t: [String!]) { post(where: {tags: {_contains: $t}}, order_by: {id: asc}) { id } }', '{"t": "{c}"}');
SELECT graphql.resolve('query ($w: post_bool_exp) { post(where: $w, order_by: {id: asc}) { id } }', '{"w": {"scores": {"_contains": "{1}"}}}');
-- a list of arrays from a variable: each String in it an array, a single String one array
SELECT graphql.resolve('query ($t: [[String!]!]) { post(where: {tags: {_in: $t}}, order_by: {id: asc}) { id } }', '{"t": ["{a,b}", ["c"]]}');
SELECT graphql.resolve('query ($t: [[String!]!]) { post(where: {tags: {_in: $t}}, order_by: {id: asc}) { id } }', '{"t": "{c,a}"}');
SELECT graphql.resolve($$ { post(where: {moods: {_eq: "{happy}"}}) { id } } $$);
-- the literal is one parameter, where a list's would be
SELECT split_part(graphql.explain($$ { post(where: {tags: {_contains: "{a}"}, scores: {_in: ["{1}", [2]]}}) { id } } $$), E'\n', 2);

-- a primary key, a function's argument
SELECT graphql.resolve($$ { tagged_by_pk(tags: "{a,b}") { n } } $$);
SELECT graphql.resolve($$ mutation { update_tagged_by_pk(pk_columns: {tags: "{a,b}"}, _set: {n: 2}) { n } } $$);
SELECT graphql.resolve($$ { posts_tagged(args: {wanted: "{c}"}) { id } } $$);

-- where a String is not an array column's, a single value is still a list of one
SELECT graphql.resolve($$ { post(where: {title: {_in: "{a}"}}) { id } } $$);
SELECT graphql.resolve($$ mutation { update_post_by_pk(pk_columns: {id: 1}, _set: {meta: {k: 1}}) { id } } $$);
SELECT graphql.resolve($$ { post(where: {meta: {_has_keys_any: "k"}}) { id } } $$);
-- and inside an array column's list, a String is an element
SELECT graphql.resolve($$ mutation { update_post_by_pk(pk_columns: {id: 1}, _set: {notes: ["{a,b}"]}) { notes } } $$);
-- a number for an int[] is a list of one (GraphQL's list coercion)
SELECT graphql.resolve($$ mutation { update_post_by_pk(pk_columns: {id: 1}, _set: {scores: 8}) { scores } } $$);

-- re-use: a String's statement re-runs with another String; a list is
-- another statement
SELECT pg_temp.run('query ($t: [String!]) { post(where: {tags: {_contains: $t}}, order_by: {id: asc}) { id tags } }', v)
  FROM (VALUES ('{"t": "{a}"}'::jsonb), ('{"t": "{c}"}'), ('{"t": ["a"]}'), ('{"t": ["c"]}'), ('{"t": "{b}"}'), ('{"t": "{x"}')) AS t(v);
SELECT pg_temp.run('mutation ($o: [post_insert_input!]!) { insert_post(objects: $o) { returning { id scores } } }', v)
  FROM (VALUES ('{"o": [{"id": 10, "scores": "{10}"}]}'::jsonb), ('{"o": [{"id": 11, "scores": "{11,12}"}]}'),
               ('{"o": [{"id": 12, "scores": [12]}]}')) AS t(v);

-- one variable, an array's text here and a list of one String there
UPDATE post SET meta = '{"{c}": true}' WHERE id = 3;
SELECT pg_temp.run('query ($t: [String!]) { a: post(where: {tags: {_contains: $t}}, order_by: {id: asc}) { id } b: post(where: {meta: {_has_keys_any: $t}}) { id } }', v)
  FROM (VALUES ('{"t": "{a}"}'::jsonb), ('{"t": "k"}'), ('{"t": "{c}"}')) AS t(v);

-- literals PostgreSQL refuses: its data-exception, at the value's argument
SELECT graphql.resolve($$ mutation { insert_post_one(object: {id: 20, tags: "a,b"}) { id } } $$);
SELECT graphql.resolve($$ mutation { insert_post_one(object: {id: 20, scores: "{1,x}"}) { id } } $$);
SELECT graphql.resolve($$ mutation { insert_post_one(object: {id: 20, moods: "{angry}"}) { id } } $$);
SELECT graphql.resolve($$ mutation { insert_post_one(object: {id: 20, pair: "{a,b,c}"}) { id } } $$);
SELECT graphql.resolve($$ mutation { insert_post_one(object: {id: 20, tags: ""}) { id } } $$);
SELECT graphql.resolve($$ { post(where: {tags: {_contains: "nope"}}) { id } } $$);
SELECT graphql.resolve('mutation ($t: [String!]) { insert_post_one(object: {id: 20, tags: $t}) { id } }', '{"t": "{a"}');
SELECT graphql.resolve($$ { posts_tagged(args: {wanted: "{a"}) { id } } $$);
-- a variable's default is checked against its declared type first
SELECT graphql.resolve('query ($t: [Int!] = "{1}") { post(where: {scores: {_eq: $t}}) { id } }');
-- a NOT NULL array column takes no null, as before
SELECT graphql.resolve($$ mutation { insert_post_one(object: {id: 20, notes: null}) { id } } $$);
SELECT count(*) AS not_written FROM post WHERE id = 20;
ROLLBACK;
