-- The per-backend schema cache: DDL, GRANT/REVOKE, roles and
-- graphql.schemas are seen on the next call, in the same session (DDL
-- committed by other sessions is tested by test/schema_cache_sessions.sh)
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

-- a named type as SDL, without descriptions
CREATE FUNCTION pg_temp.sdl_type(name text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(l.line, E'\n' ORDER BY l.n)
    FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') AS b(block),
         regexp_split_to_table(regexp_replace(b.block, '[ ]*"""([^"]|"[^"]|""[^"])*"""\n', '', 'g'),
                               E'\n') WITH ORDINALITY AS l(line, n)
   WHERE b.block ~ ('(^|\n)(type|input|enum|scalar) ' || name || '( \{|$)')
     AND l.line <> ''
$$;
-- the root fields, without descriptions
CREATE FUNCTION pg_temp.sdl_root() RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(m[1], ' ' ORDER BY m[1]), '(none)')
    FROM regexp_matches(pg_temp.sdl_type('query_root'), E'\n  ([_A-Za-z0-9]+)', 'g') AS m
$$;

CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, price int);
INSERT INTO item VALUES (1, 'pen', 3), (2, 'ink', 5);
SELECT graphql.resolve('{ item(order_by: {id: asc}) { id name } }');

-- ALTER TABLE ... ADD COLUMN: queryable on the next call
ALTER TABLE item ADD COLUMN stock int NOT NULL DEFAULT 10;
SELECT graphql.resolve('{ item(order_by: {id: asc}) { id stock } }');
SELECT graphql.resolve('{ item(where: {stock: {_eq: 10}}, order_by: {stock: asc}, limit: 1) { id } }');
-- DROP COLUMN: gone from the type, the filters and the ordering
ALTER TABLE item DROP COLUMN name;
SELECT graphql.resolve('{ item { name } }');
SELECT graphql.resolve('{ item(where: {name: {_eq: "pen"}}) { id } }');
SELECT pg_temp.sdl_type('item');
-- RENAME COLUMN
ALTER TABLE item RENAME COLUMN stock TO qty;
SELECT graphql.resolve('{ item(order_by: {id: asc}) { id qty } }');
SELECT graphql.resolve('{ item { stock } }');
-- nullability and type changes: the same query text, new answers
SELECT graphql.resolve('{ item(order_by: {id: asc}) { price } }');
ALTER TABLE item ALTER COLUMN price TYPE text;
SELECT graphql.resolve('{ item(order_by: {id: asc}) { price } }');
SELECT graphql.resolve('{ item(where: {price: {_like: "5%"}}) { id } }');
ALTER TABLE item ALTER COLUMN price SET NOT NULL;
SELECT pg_temp.sdl_type('item');

-- DDL rolled back (to a savepoint): seen before the rollback, not after
SAVEPOINT before_color;
ALTER TABLE item ADD COLUMN color text DEFAULT 'red';
SELECT graphql.resolve('{ item_by_pk(id: 1) { color } }');
ROLLBACK TO SAVEPOINT before_color;
SELECT graphql.resolve('{ item_by_pk(id: 1) { color } }');
SAVEPOINT before_drop;
ALTER TABLE item DROP COLUMN qty;
SELECT graphql.resolve('{ item_by_pk(id: 1) { qty } }');
ROLLBACK TO SAVEPOINT before_drop;
SELECT graphql.resolve('{ item_by_pk(id: 1) { qty } }');
SAVEPOINT before_table;
CREATE TABLE scratch (id int PRIMARY KEY);
SELECT pg_temp.sdl_root();
ROLLBACK TO SAVEPOINT before_table;
SELECT pg_temp.sdl_root();

-- tables and views created, renamed and dropped
CREATE TABLE tag (id int, item_id int, label text NOT NULL);
INSERT INTO tag VALUES (1, 1, 'blue'), (2, 1, 'cheap'), (3, 2, 'black');
CREATE VIEW cheap_item AS SELECT id FROM item WHERE price::int < 4;
SELECT pg_temp.sdl_root();
SELECT graphql.resolve('{ cheap_item { id } }');
ALTER TABLE tag RENAME TO label;
SELECT pg_temp.sdl_root();
ALTER TABLE label RENAME TO tag;
DROP VIEW cheap_item;
SELECT pg_temp.sdl_root();
SELECT graphql.resolve('{ cheap_item { id } }');
-- a table dropped and created again under the same name: the same query
SELECT graphql.resolve('{ tag(order_by: {id: asc}, limit: 1) { label } }');
CREATE TABLE tag2 AS SELECT id, item_id, upper(label) AS label FROM tag;
DROP TABLE tag;
ALTER TABLE tag2 RENAME TO tag;
SELECT graphql.resolve('{ tag(order_by: {id: asc}, limit: 1) { label } }');

-- a new primary key adds <t>_by_pk, a new foreign key relationships both
-- ways; dropping them takes them away
SELECT graphql.resolve('{ tag_by_pk(id: 1) { label } }');
ALTER TABLE tag ADD PRIMARY KEY (id);
SELECT graphql.resolve('{ tag_by_pk(id: 1) { label } }');
SELECT graphql.resolve('{ item { tags { label } } }');
ALTER TABLE tag ADD CONSTRAINT tag_item_fk FOREIGN KEY (item_id) REFERENCES item;
SELECT graphql.resolve('{ item(order_by: {id: asc}) { id tags(order_by: {id: asc}) { label item { id } } } }');
SELECT pg_temp.sdl_type('tag');
-- NOT NULL on the FK column: the object relationship becomes non-null
ALTER TABLE tag ALTER COLUMN item_id SET NOT NULL;
SELECT pg_temp.sdl_type('tag');
-- row-level security on the target: nullable again
ALTER TABLE item ENABLE ROW LEVEL SECURITY;
SELECT pg_temp.sdl_type('tag');
ALTER TABLE item DISABLE ROW LEVEL SECURITY;
-- a unique FK: the array relationship becomes an object one
DELETE FROM tag WHERE id = 2;
ALTER TABLE tag ADD CONSTRAINT tag_item_unique UNIQUE (item_id);
SELECT pg_temp.sdl_type('item');
SELECT graphql.resolve('{ item(order_by: {id: asc}) { tag { label } } }');
ALTER TABLE tag DROP CONSTRAINT tag_item_unique;
-- a comment directive on the constraint is seen once the cache is rebuilt
COMMENT ON CONSTRAINT tag_item_fk ON tag IS '@graphql({"foreign_name": "labels"})';
ALTER TABLE tag ALTER COLUMN label DROP NOT NULL;
SELECT graphql.resolve('{ item_by_pk(id: 2) { labels { label } } }');
ALTER TABLE tag DROP CONSTRAINT tag_item_fk;
SELECT graphql.resolve('{ item_by_pk(id: 2) { labels { label } } }');
SELECT graphql.resolve('{ tag_by_pk(id: 3) { item { id } } }');
ALTER TABLE tag DROP CONSTRAINT tag_pkey;
SELECT graphql.resolve('{ tag_by_pk(id: 3) { label } }');

-- enums: CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE
CREATE TYPE mood AS ENUM ('happy', 'sad');
ALTER TABLE item ADD COLUMN mood mood NOT NULL DEFAULT 'happy';
SELECT pg_temp.sdl_type('mood');
SELECT graphql.resolve('{ item(where: {mood: {_eq: happy}}, order_by: {id: asc}) { id mood } }');
ALTER TYPE mood ADD VALUE 'calm' BEFORE 'sad';
SELECT pg_temp.sdl_type('mood');
ALTER TYPE mood RENAME VALUE 'sad' TO 'gloomy';
SELECT pg_temp.sdl_type('mood');
SELECT graphql.resolve('{ item(where: {mood: {_in: [happy, gloomy]}}) { id } }');
SELECT graphql.resolve('{ item(where: {mood: {_eq: sad}}) { id } }');
ALTER TYPE mood RENAME TO feeling;
SELECT pg_temp.sdl_type('feeling');
SELECT pg_temp.sdl_type('mood');

-- GRANT and REVOKE change what a role sees
CREATE ROLE regress_graphql_cache_a;
CREATE ROLE regress_graphql_cache_b;
SET ROLE regress_graphql_cache_a;
SELECT pg_temp.sdl_root();
SELECT graphql.resolve('{ item { id } }');
RESET ROLE;
GRANT SELECT ON item TO regress_graphql_cache_a;
SET ROLE regress_graphql_cache_a;
SELECT pg_temp.sdl_root();
SELECT graphql.resolve('{ item_by_pk(id: 2) { id qty } }');
RESET ROLE;
-- column privileges: only the granted columns
REVOKE SELECT ON item FROM regress_graphql_cache_a;
GRANT SELECT (id, price) ON item TO regress_graphql_cache_a;
SET ROLE regress_graphql_cache_a;
SELECT pg_temp.sdl_type('item');
SELECT graphql.resolve('{ item_by_pk(id: 2) { id qty } }');
RESET ROLE;
-- each role its own schema, the same query text: switching back and forth
SELECT graphql.resolve('{ item(order_by: {id: asc}) { id qty } }');
SET ROLE regress_graphql_cache_a;
SELECT graphql.resolve('{ item(order_by: {id: asc}) { id qty } }');
RESET ROLE;
SELECT graphql.resolve('{ item(order_by: {id: asc}) { id qty } }');
SET ROLE regress_graphql_cache_b;
SELECT graphql.resolve('{ item(order_by: {id: asc}) { id qty } }');
RESET ROLE;
REVOKE SELECT (id, price) ON item FROM regress_graphql_cache_a;
SET ROLE regress_graphql_cache_a;
SELECT pg_temp.sdl_root();
RESET ROLE;
-- a role granted membership in a role that may read: sees what it sees
GRANT SELECT ON item TO regress_graphql_cache_b;
GRANT regress_graphql_cache_b TO regress_graphql_cache_a;
SET ROLE regress_graphql_cache_a;
SELECT pg_temp.sdl_root();
RESET ROLE;
REVOKE regress_graphql_cache_b FROM regress_graphql_cache_a;
SET ROLE regress_graphql_cache_a;
SELECT pg_temp.sdl_root();
RESET ROLE;
REVOKE SELECT ON item FROM regress_graphql_cache_b;

-- two roles, two schemas
CREATE SCHEMA sa;
CREATE SCHEMA sb;
CREATE TABLE sa.thing (id int PRIMARY KEY, a text);
CREATE TABLE sb.thing (id int PRIMARY KEY, b text);
INSERT INTO sa.thing VALUES (1, 'from sa');
INSERT INTO sb.thing VALUES (1, 'from sb');
GRANT USAGE ON SCHEMA sa TO regress_graphql_cache_a;
GRANT SELECT ON sa.thing TO regress_graphql_cache_a;
GRANT USAGE ON SCHEMA sb TO regress_graphql_cache_b;
GRANT SELECT ON sb.thing TO regress_graphql_cache_b;
SET graphql.schemas = 'sa, sb';
SET ROLE regress_graphql_cache_a;
SELECT pg_temp.sdl_root();
SELECT graphql.resolve('{ sa_thing { a } }');
SELECT graphql.resolve('{ sb_thing { b } }');
SET ROLE regress_graphql_cache_b;
SELECT pg_temp.sdl_root();
SELECT graphql.resolve('{ sb_thing { b } }');
SELECT graphql.resolve('{ sa_thing { a } }');
RESET ROLE;
SELECT pg_temp.sdl_root();
-- USAGE on the schema is needed too
REVOKE USAGE ON SCHEMA sa FROM regress_graphql_cache_a;
SET ROLE regress_graphql_cache_a;
SELECT pg_temp.sdl_root();
RESET ROLE;

-- graphql.schemas switches the schemas, in both directions
SET graphql.schemas = 'sa';
SELECT pg_temp.sdl_root();
SET graphql.schemas = 'sb';
SELECT graphql.resolve('{ sb_thing { b } }');
SELECT graphql.resolve('{ sa_thing { a } }');
SELECT set_config('graphql.schemas', 'public', true);
SELECT graphql.resolve('{ item_by_pk(id: 1) { id } }');
SELECT graphql.resolve('{ sb_thing { b } }');
SET graphql.schemas = 'sa, sb';
SELECT pg_temp.sdl_root();
-- a schema in the list that does not exist yet, created later
SET graphql.schemas = 'sc';
SELECT pg_temp.sdl_root();
CREATE SCHEMA sc;
CREATE TABLE sc.fresh (id int PRIMARY KEY);
SELECT pg_temp.sdl_root();
-- a schema renamed: its tables' names follow
ALTER SCHEMA sc RENAME TO sd;
SELECT pg_temp.sdl_root();
SET graphql.schemas = 'sd';
SELECT pg_temp.sdl_root();
RESET graphql.schemas;
SELECT pg_temp.sdl_root();

-- errors: a bad graphql.schemas list is refused by SET
SET graphql.schemas = 'a,,b';

ROLLBACK;
