-- Hasura metadata's enum tables (is_enum: true): the rows of a table whose
-- primary key is text become a GraphQL enum, <table>_enum, taken by the
-- columns referencing it in output, input and filters (Hasura's
-- user_role example); the rows are read when the metadata is applied, and
-- again by graphql.reload_metadata(); tables that cannot be enums refused.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
\set ON_ERROR_ROLLBACK on
BEGIN;

-- an enum type as SDL, descriptions left out unless asked for
CREATE FUNCTION pg_temp.sdl_type(name text, descriptions boolean DEFAULT false) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(l.line, E'\n' ORDER BY l.n)
    FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') AS b(block),
         regexp_split_to_table(CASE WHEN descriptions THEN b.block
                                   ELSE regexp_replace(b.block, '[ ]*"""([^"]|"[^"]|""[^"])*"""\n', '', 'g') END,
                               E'\n') WITH ORDINALITY AS l(line, n)
   WHERE b.block ~ ('(^|\n)(type|input|enum|scalar) ' || name || '( \{|$)')
     AND l.line <> ''
$$;

CREATE TABLE user_role (value text PRIMARY KEY, comment text);
INSERT INTO user_role VALUES ('user', 'Users can only view their own profiles'),
  ('moderator', 'Users can view and edit all profiles'), ('administrator', NULL);
CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL,
                    role text NOT NULL DEFAULT 'user' REFERENCES user_role);
INSERT INTO users VALUES (1, 'Ann', 'moderator'), (2, 'Bob', 'user'), (3, 'Cy', 'administrator');
-- not enums: two other columns, a key that is not text, a value that is not a name, no rows,
-- is_enum not a boolean; a table listed twice
CREATE TABLE wide (value text PRIMARY KEY, comment text, extra int);
INSERT INTO wide VALUES ('a', NULL, 1);
CREATE TABLE numbered (value int PRIMARY KEY);
INSERT INTO numbered VALUES (1);
CREATE TABLE spaced (value text PRIMARY KEY);
INSERT INTO spaced VALUES ('two words');
CREATE TABLE empty_enum (value text PRIMARY KEY);
CREATE TABLE flagged (value text PRIMARY KEY);
INSERT INTO flagged VALUES ('a');
-- a view's rows are its code's, which would run as whoever applies
CREATE VIEW role_view AS SELECT value FROM user_role;

SELECT * FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default", "tables": [
  {"table": {"schema": "public", "name": "user_role"}, "is_enum": true},
  {"table": {"schema": "public", "name": "users"},
   "object_relationships": [{"name": "user_role", "using": {"foreign_key_constraint_on": "role"}}]},
  {"table": "wide", "is_enum": true}, {"table": "numbered", "is_enum": true},
  {"table": "spaced", "is_enum": true}, {"table": "empty_enum", "is_enum": true},
  {"table": "flagged", "is_enum": "yes"}, {"table": "role_view", "is_enum": true},
  {"table": "users", "is_enum": true}]}]}$$);

-- the enum, its descriptions, and the column's type in output, input and filters
SELECT pg_temp.sdl_type('user_role_enum', true);
SELECT pg_temp.sdl_type('user_role_enum_comparison_exp');
SELECT pg_temp.sdl_type('users');
SELECT pg_temp.sdl_type('users_bool_exp');
SELECT pg_temp.sdl_type('users_insert_input');
-- the enum table is a table too
SELECT pg_temp.sdl_type('user_role');

SELECT graphql.resolve('{ users(where: {role: {_eq: moderator}}) { name role } }');
SELECT graphql.resolve('{ users(where: {role: {_in: [user, administrator]}}, order_by: {id: asc}) { name role user_role { comment } } }');
SELECT graphql.resolve('query ($r: user_role_enum!) { users(where: {role: {_neq: $r}}, order_by: {id: asc}) { id } }', '{"r": "user"}');
SELECT graphql.resolve($$mutation { insert_users_one(object: {id: 4, name: "Di", role: administrator}) { id role } }$$);
SELECT graphql.resolve($$mutation { update_users_by_pk(pk_columns: {id: 2}, _set: {role: moderator}) { role } }$$);
-- not a value of the enum; a string where the enum is expected
SELECT graphql.resolve('{ users(where: {role: {_eq: owner}}) { id } }');
SELECT graphql.resolve('{ users(where: {role: {_eq: "user"}}) { id } }');
SELECT graphql.resolve('query ($r: user_role_enum!) { users(where: {role: {_eq: $r}}) { id } }', '{"r": "owner"}');
SELECT graphql.resolve('{ users(where: {role: {_gt: user}}) { id } }');

-- a new row shows once the metadata is applied again (as Hasura's reload_metadata)
INSERT INTO user_role VALUES ('owner', 'Owns the project');
SELECT graphql.resolve('{ users(where: {role: {_eq: owner}}) { id } }');
SELECT status, count(*) FROM graphql.reload_metadata() GROUP BY 1 ORDER BY 1;
SELECT graphql.resolve('{ users(where: {role: {_eq: owner}}) { id } }');
SELECT pg_temp.sdl_type('user_role_enum');
SELECT graphql.export_metadata() -> 'sources' -> 0 -> 'tables' -> 0;

ROLLBACK;
