SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
-- The plan cache: a request seen before (same text, operation name, role,
-- catalog and settings) skips parsing, validation and planning; its
-- statements run as prepared plans with each request's values.
LOAD 'graphql';
BEGIN;
CREATE TABLE song (id int PRIMARY KEY, title text NOT NULL, plays int NOT NULL, owner text NOT NULL);
INSERT INTO song SELECT i, 'song ' || i, i * 10 % 70, CASE WHEN i % 2 = 0 THEN 'u1' ELSE 'u2' END
  FROM generate_series(1, 8) i;
CREATE VIEW stats AS SELECT * FROM graphql.cache_stats();
SHOW graphql.plan_cache_size;
SELECT * FROM stats;

-- the same text with other scalar values: one entry, one plan, right answers
-- (also past the fifth run, when PostgreSQL may switch to a generic plan)
SELECT graphql.resolve('query ($id: Int!) { song_by_pk(id: $id) { id title } }', jsonb_build_object('id', i))
  FROM generate_series(1, 8) i;
SELECT * FROM stats;
SELECT graphql.resolve('query ($id: Int!) { song_by_pk(id: $id) { id title } }', '{"id": 99}');
-- another text, another operation name: other entries
SELECT graphql.resolve('query ($id: Int!) { song_by_pk(id: $id) { title } }', '{"id": 1}');
SELECT graphql.resolve('query A { a: song_by_pk(id: 1) { id } } query B { b: song_by_pk(id: 2) { id } }', '{}', 'A');
SELECT graphql.resolve('query A { a: song_by_pk(id: 1) { id } } query B { b: song_by_pk(id: 2) { id } }', '{}', 'B');
SELECT * FROM stats;

-- a variable that changes the statement's text (a where object, an enum
-- choosing the order) gets a plan of its own for each text
SELECT graphql.resolve('query ($w: song_bool_exp, $o: order_by) { song(where: $w, order_by: {plays: $o, id: asc}, limit: 3) { id plays } }',
  '{"w": {"plays": {"_gt": 20}}, "o": "desc"}');
SELECT graphql.resolve('query ($w: song_bool_exp, $o: order_by) { song(where: $w, order_by: {plays: $o, id: asc}, limit: 3) { id plays } }',
  '{"w": {"plays": {"_gt": 30}}, "o": "desc"}');
SELECT graphql.resolve('query ($w: song_bool_exp, $o: order_by) { song(where: $w, order_by: {plays: $o, id: asc}, limit: 3) { id plays } }',
  '{"w": {"title": {"_like": "song 2"}}, "o": "asc"}');
SELECT graphql.resolve('query ($w: song_bool_exp, $o: order_by) { song(where: $w, order_by: {plays: $o, id: asc}, limit: 3) { id plays } }',
  '{"w": {"title": {"_like": "song 1%"}}, "o": "asc"}');
SELECT graphql.resolve('query ($w: song_bool_exp, $o: order_by) { song(where: $w, order_by: {plays: $o, id: asc}, limit: 3) { id plays } }',
  '{"o": "asc"}');
SELECT * FROM stats;

-- requests that fail validation are not kept
SELECT graphql.resolve('{ song { nope } }');
SELECT graphql.resolve('{ song { nope } }');
SELECT graphql.resolve('{ song ');
SELECT * FROM stats;

-- mutations: the write and its response as prepared plans, each run with
-- its own values; an error answers and writes nothing, the entry stays
SELECT graphql.resolve('mutation ($id: Int!, $t: String!) { insert_song_one(object: {id: $id, title: $t, plays: 0, owner: "u1"}) { id title } }',
  jsonb_build_object('id', 100 + i, 't', 'new ' || i))
  FROM generate_series(1, 3) i;
SELECT graphql.resolve('mutation ($id: Int!, $t: String!) { insert_song_one(object: {id: $id, title: $t, plays: 0, owner: "u1"}) { id title } }',
  '{"id": 101, "t": "again"}');
SELECT graphql.resolve('mutation ($n: Int!) { update_song(where: {id: {_gt: 100}}, _inc: {plays: $n}) { affected_rows } }', jsonb_build_object('n', i))
  FROM generate_series(1, 2) i;
SELECT id, title, plays FROM song WHERE id > 100 ORDER BY id;
SELECT * FROM stats;

-- DDL moves the catalog generation: entries are dropped, the new column is seen
ALTER TABLE song ADD COLUMN genre text DEFAULT 'pop';
SELECT graphql.resolve('query ($id: Int!) { song_by_pk(id: $id) { id title genre } }', '{"id": 3}');
SELECT * FROM stats;

-- each role has its own entries: a role that may not see a column gets the
-- error, not another role's plan
CREATE ROLE regress_graphql_cache_user;
GRANT SELECT (id, title, owner) ON song TO regress_graphql_cache_user;
SELECT graphql.resolve('{ song(where: {id: {_eq: 2}}) { id plays } }');
SET LOCAL ROLE regress_graphql_cache_user;
SELECT graphql.resolve('{ song(where: {id: {_eq: 2}}) { id plays } }');
SELECT graphql.resolve('{ song(where: {id: {_eq: 2}}) { id title } }');
RESET ROLE;

-- row-level security: one cached plan, each request's claims
ALTER TABLE song ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON song USING (owner = graphql.session_var('x-hasura-user-id'));
SET LOCAL ROLE regress_graphql_cache_user;
SELECT set_config('request.jwt.claims', '{"x-hasura-user-id": "u1"}', true) IS NOT NULL AS u1;
SELECT graphql.resolve('{ song(order_by: {id: asc}, limit: 3) { id owner } }');
SELECT set_config('request.jwt.claims', '{"x-hasura-user-id": "u2"}', true) IS NOT NULL AS u2;
SELECT graphql.resolve('{ song(order_by: {id: asc}, limit: 3) { id owner } }');
RESET ROLE;
SELECT * FROM stats;

-- settings that change what a request may do are part of the key
SELECT graphql.resolve('{ __schema { queryType { name } } }');
SET LOCAL graphql.introspection = off;
SELECT graphql.resolve('{ __schema { queryType { name } } }');
RESET graphql.introspection;
SELECT graphql.resolve('{ song_by_pk(id: 1) { id } }');
SET LOCAL graphql.max_tokens = 5;
SELECT graphql.resolve('{ song_by_pk(id: 1) { id } }');
RESET graphql.max_tokens;
CREATE SCHEMA other;
CREATE TABLE other.song (id int PRIMARY KEY);
SELECT graphql.resolve('{ song_by_pk(id: 1) { id } }');
SET LOCAL graphql.schemas = other;
SELECT graphql.resolve('{ song_by_pk(id: 1) { id } }');
RESET graphql.schemas;

-- the size bounds the entries, least recently used out first; 0 turns the
-- cache off (and empties it)
SET LOCAL graphql.plan_cache_size = 2;
SELECT graphql.resolve('{ a: song_by_pk(id: 1) { id } }');
SELECT graphql.resolve('{ b: song_by_pk(id: 1) { id } }');
SELECT graphql.resolve('{ a: song_by_pk(id: 1) { id } }');
SELECT graphql.resolve('{ c: song_by_pk(id: 1) { id } }');
SELECT * FROM stats;
SELECT graphql.resolve('{ a: song_by_pk(id: 1) { id } }');
SELECT graphql.resolve('{ b: song_by_pk(id: 1) { id } }');
SELECT * FROM stats;
SET LOCAL graphql.plan_cache_size = 0;
SELECT graphql.resolve('{ a: song_by_pk(id: 1) { id } }');
SELECT graphql.resolve('{ a: song_by_pk(id: 1) { id } }');
SELECT * FROM stats;
-- out of range
SET graphql.plan_cache_size = -1;
ROLLBACK;
