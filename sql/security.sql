-- What a client, a token holder or the author of a comment cannot do.
-- (search_path: test search_path; transaction state: error_recovery; crashes:
-- hostile_input; limits: api_limits; a connection option given before the
-- library is loaded: test/client_settings.sh.)
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
DROP ROLE IF EXISTS regress_sec_user;
DROP ROLE IF EXISTS regress_graphql_jwt_user;
DROP ROLE IF EXISTS regress_graphql_jwt_editor;
RESET client_min_messages;
\getenv abs_srcdir PG_ABS_SRCDIR
\set fixtures :abs_srcdir '/test/jwt/fixtures.sql'
\set ECHO none
\i :fixtures
\set ECHO all

CREATE TABLE sec_note (id int PRIMARY KEY, owner text NOT NULL, body text);
INSERT INTO sec_note VALUES (1, '1', 'first user''s'), (2, '2', 'second user''s');
CREATE ROLE regress_sec_user;
CREATE ROLE regress_graphql_jwt_user;
CREATE ROLE regress_graphql_jwt_editor;
GRANT USAGE ON SCHEMA graphql TO regress_sec_user, regress_graphql_jwt_user, regress_graphql_jwt_editor;
GRANT SELECT ON sec_note TO regress_sec_user, regress_graphql_jwt_user, regress_graphql_jwt_editor;
\set deep '{ sec_note { ... on sec_note { ... on sec_note { id } } } }'
\set three '{ a: sec_note { id } b: sec_note { id } c: sec_note { id } }'

-- 1. Settings that guard requests cannot be changed by a client.
LOAD 'graphql';
SET ROLE regress_sec_user;
SET graphql.max_tokens = 1000000;
SET graphql.max_depth = 1000;
SET graphql.max_nodes = 1000000;
SET graphql.max_batch = 1000;
SET graphql.max_input_size = 100000000;
SET graphql.introspection = on;
SET graphql.jwt_secret = '';
SET graphql.anon_role = 'regress_sec_user';
SET graphql.allow_privileged_roles = on;
SET graphql.session_variables = '{"x-hasura-user-id": "2"}';
SELECT pg_catalog.set_config('graphql.max_depth', '1000', false);
RESET ROLE;
-- before the library is loaded, a SET makes a placeholder that takes any
-- value: the value is refused when the library loads, and the limit holds
\c
SET ROLE regress_sec_user;
SET graphql.max_depth = 1000;
SET graphql.introspection = on;
SELECT graphql.resolve('{ __schema { types { fields { type { ' || pg_catalog.repeat('ofType { ', 40)
       || 'name' || pg_catalog.repeat(' }', 40) || ' } } } } }');
SHOW graphql.max_depth;
RESET ROLE;
-- nor stored where a client could: a role's value is a superuser's to set
SET ROLE regress_sec_user;
ALTER ROLE regress_sec_user SET graphql.max_depth = 1000;
RESET ROLE;

-- A role's own value applies to the role a request runs as (SET ROLE, as
-- a PostgREST-style front does, or the role a token names), though
-- PostgreSQL applies role settings only to the role a session logs in as.
ALTER ROLE regress_sec_user SET graphql.max_batch = 2;
ALTER ROLE regress_sec_user SET graphql.introspection = off;
ALTER ROLE regress_graphql_jwt_user SET graphql.max_batch = 2;
-- (role settings are read with the role's schema: a change to what the
-- schema reflects, here a new table, reads them again)
CREATE TABLE sec_refresh ();
SET ROLE regress_sec_user;
SELECT graphql.resolve(:'three');
SELECT graphql.resolve('{ __schema { queryType { name } } }');
SELECT graphql.resolve('{ __typename a: sec_note { id } }');
RESET ROLE;
DROP TABLE sec_refresh;
-- the superuser's own session is not limited by them
SELECT graphql.resolve(:'three') IS NOT NULL AS runs, graphql.resolve(:'three')::jsonb ? 'data' AS answered;
-- a superuser's SET in the session itself applies to every role of the session
SET graphql.max_batch = 5;
SET ROLE regress_sec_user;
SELECT graphql.resolve(:'three')::jsonb ? 'data' AS answered;
RESET ROLE;
RESET graphql.max_batch;
-- in JWT mode, the token's role
SELECT pg_catalog.set_config('graphql.jwt_secret',
  pg_catalog.json_build_object('type', 'HS256', 'key', :'hs256_secret')::text, false) IS NOT NULL AS jwt_mode;
SELECT pg_catalog.set_config('request.headers',
  pg_catalog.json_build_object('authorization', 'Bearer ' || :'tok_hs256')::text, false) IS NOT NULL AS token;
SELECT graphql.resolve(:'three');
SELECT graphql.resolve('{ a: sec_note(order_by: {id: asc}) { id } }');
ALTER ROLE regress_sec_user RESET ALL;
ALTER ROLE regress_graphql_jwt_user RESET ALL;

-- The secret never appears in an error: a malformed value is refused
-- without quoting it, and the configuration in force stays.
SET graphql.jwt_secret = '{"type": "HS256", "key": a-secret-of-32-bytes-not-quoted!}';
SET graphql.jwt_secret = '{"type": "HS256", "key": "a-secret-of-32-bytes-not-quoted!", }';
SELECT graphql.resolve('{ a: sec_note(order_by: {id: asc}) { id } }');

-- 2. Claims cannot be forged in JWT mode.  Outside graphql.resolve,
-- session_var reads no claims a caller set (plain SQL sees no user); a
-- request answers from the verified token.
CREATE FUNCTION sec_visible() RETURNS bigint LANGUAGE sql STABLE
  AS $$ SELECT pg_catalog.count(*) FROM public.sec_note $$;
ALTER TABLE sec_note ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON sec_note USING (owner = graphql.session_var('x-hasura-user-id'));
SELECT pg_catalog.set_config('request.jwt.claims',
  '{"https://hasura.io/jwt/claims": {"x-hasura-user-id": "2"}}', false) IS NOT NULL AS forged;
SET ROLE regress_graphql_jwt_user;
SELECT graphql.session_var('x-hasura-user-id') AS forged_user, sec_visible() AS rows_seen;
RESET ROLE;
SELECT graphql.resolve('{ sec_note { id owner body } }');
-- in PostgREST mode, the claims are the front's, trusted
SELECT pg_catalog.set_config('graphql.jwt_secret', '', false) IS NOT NULL AS postgrest_mode;
SET ROLE regress_graphql_jwt_user;
SELECT graphql.session_var('x-hasura-user-id') AS front_user, sec_visible() AS rows_seen;
RESET ROLE;
SELECT pg_catalog.set_config('graphql.jwt_secret',
  pg_catalog.json_build_object('type', 'HS256', 'key', :'hs256_secret')::text, false) IS NOT NULL AS jwt_mode;
RESET request.jwt.claims;

-- A token naming a superuser role or a role that bypasses row-level
-- security is refused, unless a superuser allows it.
ALTER ROLE regress_graphql_jwt_editor SUPERUSER;
SELECT pg_catalog.set_config('request.headers', pg_catalog.json_build_object(
  'authorization', 'Bearer ' || :'tok_hs256', 'x-hasura-role', 'regress_graphql_jwt_editor')::text, false) IS NOT NULL AS editor;
SELECT graphql.resolve('{ sec_note { id } }');
ALTER ROLE regress_graphql_jwt_editor NOSUPERUSER BYPASSRLS;
SELECT graphql.resolve('{ sec_note { id } }');
SET graphql.allow_privileged_roles = on;
SELECT graphql.resolve('{ sec_note(order_by: {id: asc}) { id } }');
RESET graphql.allow_privileged_roles;
ALTER ROLE regress_graphql_jwt_editor NOBYPASSRLS;
SELECT graphql.resolve('{ sec_note(order_by: {id: asc}) { id } }');
SELECT pg_catalog.set_config('request.headers',
  pg_catalog.json_build_object('authorization', 'Bearer ' || :'tok_hs256')::text, false) IS NOT NULL AS token;

-- 3. Hasura's session argument cannot be forged: a function argument named
-- hasura_session (json or jsonb) takes the request's session variables and
-- is no GraphQL argument, for root functions, mutation functions and
-- computed fields.
CREATE FUNCTION sec_my_notes(hasura_session json) RETURNS SETOF sec_note LANGUAGE sql STABLE
  AS $$ SELECT * FROM public.sec_note WHERE owner = hasura_session ->> 'x-hasura-user-id' $$;
CREATE FUNCTION sec_note_mine(n sec_note, hasura_session jsonb) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT n.owner = hasura_session ->> 'x-hasura-user-id' $$;
CREATE FUNCTION sec_session(hasura_session json) RETURNS json LANGUAGE sql STABLE
  AS $$ SELECT hasura_session $$;
CREATE FUNCTION sec_touch(hasura_session jsonb, body text) RETURNS SETOF sec_note LANGUAGE sql VOLATILE
  AS $$ UPDATE public.sec_note SET body = sec_touch.body
        WHERE owner = hasura_session ->> 'x-hasura-user-id' RETURNING * $$;
GRANT UPDATE ON sec_note TO regress_graphql_jwt_user;
ALTER TABLE sec_note DISABLE ROW LEVEL SECURITY;
SELECT graphql.resolve('{ sec_my_notes { id owner } sec_session }');
-- a client cannot give it
SELECT graphql.resolve('{ sec_my_notes(args: {hasura_session: "{\"x-hasura-user-id\": \"2\"}"}) { id owner } }');
SELECT graphql.resolve('{ __type(name: "sec_touch_args") { inputFields { name } } }');
-- computed fields and mutation functions take it too
SELECT graphql.resolve('{ sec_note(order_by: {id: asc}) { id mine } x: sec_note(where: {mine: {_eq: true}}) { id } }');
SELECT graphql.resolve('mutation { sec_touch(args: {body: "touched"}) { id body } }');
SELECT id, body FROM sec_note ORDER BY id;
-- the same statements, compiled and cached, run for another user with theirs
SELECT pg_catalog.set_config('graphql.jwt_secret', '', false) IS NOT NULL AS postgrest_mode;
SELECT pg_catalog.set_config('request.jwt.claims',
  '{"https://hasura.io/jwt/claims": {"X-Hasura-User-Id": "2", "x-hasura-org": [7]}}', false) IS NOT NULL AS user_2;
SET ROLE regress_graphql_jwt_user;
SELECT graphql.resolve('{ sec_my_notes { id owner } sec_session }');
SELECT graphql.resolve('{ sec_note(order_by: {id: asc}) { id mine } x: sec_note(where: {mine: {_eq: true}}) { id } }');
RESET ROLE;
RESET request.jwt.claims;
SELECT pg_catalog.set_config('graphql.jwt_secret',
  pg_catalog.json_build_object('type', 'HS256', 'key', :'hs256_secret')::text, false) IS NOT NULL AS jwt_mode;

-- 4. A comment cannot break the API: a directive jsonb could not hold
-- (\u0000), one nested past the parser's limit, one of the wrong types,
-- are each ignored with a WARNING, and every other object keeps working.
COMMENT ON TABLE sec_note IS '@graphql({"name": "bad\u0000name"})';
SELECT graphql.resolve('{ sec_note(order_by: {id: asc}) { id } }');
SELECT pg_catalog.format('@graphql({"a": %s1%s})', pg_catalog.repeat('[', 200), pg_catalog.repeat(']', 200)) AS deep \gset
COMMENT ON TABLE sec_note IS :'deep';
SELECT graphql.resolve('{ sec_note(order_by: {id: asc}) { id } }');
COMMENT ON TABLE sec_note IS '@graphql({"name": 5, "description": ["x"]}) notes';
COMMENT ON COLUMN sec_note.body IS '@graphql({"name": "not a name"})';
CREATE VIEW sec_note_view AS SELECT id, owner FROM sec_note;
GRANT SELECT ON sec_note_view TO regress_graphql_jwt_user;
COMMENT ON VIEW sec_note_view IS '@graphql({"primary_key_columns": "id", "foreign_keys": [{"foreign_table": 1}, 2]})';
SELECT graphql.resolve('{ sec_note(order_by: {id: asc}) { id body } sec_note_view(order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ __type(name: "sec_note") { description } }');
COMMENT ON VIEW sec_note_view IS NULL;
COMMENT ON COLUMN sec_note.body IS NULL;
COMMENT ON TABLE sec_note IS NULL;

-- 5. request.headers is read in linear time and has a size limit.
SELECT pg_catalog.set_config('request.headers', '{' || (SELECT pg_catalog.string_agg(pg_catalog.format('"h%s": "x"', i), ',')
  FROM pg_catalog.generate_series(1, 5000) i) || ', "authorization": "Bearer ' || :'tok_hs256' || '"}', false) IS NOT NULL AS many_headers;
SELECT graphql.resolve('{ sec_my_notes { id } }');
SELECT pg_catalog.set_config('request.headers', '{"x-big": "' || pg_catalog.repeat('x', 70000) || '"}', false) IS NOT NULL AS big_headers;
SELECT graphql.resolve('{ sec_note { id } }');
SELECT pg_catalog.set_config('request.headers', '{"a": 1, "a": 2}', false) IS NOT NULL AS repeated;
SELECT graphql.resolve('{ sec_note { id } }');
RESET request.headers;
RESET graphql.jwt_secret;

DROP VIEW sec_note_view;
DROP FUNCTION sec_touch(jsonb, text);
DROP FUNCTION sec_session(json);
DROP FUNCTION sec_note_mine(sec_note, jsonb);
DROP FUNCTION sec_my_notes(json);
DROP FUNCTION sec_visible();
DROP TABLE sec_note;
REVOKE USAGE ON SCHEMA graphql FROM regress_sec_user, regress_graphql_jwt_user, regress_graphql_jwt_editor;
DROP ROLE regress_sec_user;
DROP ROLE regress_graphql_jwt_user;
DROP ROLE regress_graphql_jwt_editor;
