SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
-- graphql.admin_secret: a request whose x-hasura-admin-secret header (or the
-- older x-hasura-access-key) equals it runs as the caller, or as a role of
-- the caller's named by x-hasura-role, with its x-hasura-* headers as
-- session variables: Hasura's admin, verified in the database.
LOAD 'graphql';
CREATE ROLE regress_graphql_admin_login NOINHERIT;
CREATE ROLE regress_graphql_admin_user;
CREATE ROLE regress_graphql_admin_other;
GRANT regress_graphql_admin_user TO regress_graphql_admin_login;
GRANT USAGE ON SCHEMA graphql TO regress_graphql_admin_login, regress_graphql_admin_user;
CREATE TABLE admin_doc (id int PRIMARY KEY, owner text NOT NULL);
INSERT INTO admin_doc VALUES (1, 'a'), (2, 'b');
ALTER TABLE admin_doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON admin_doc TO regress_graphql_admin_user
  USING (owner = graphql.session_var('x-hasura-user-id'));
GRANT SELECT ON admin_doc TO regress_graphql_admin_login, regress_graphql_admin_user;
CREATE POLICY all_rows ON admin_doc TO regress_graphql_admin_login USING (true);
CREATE FUNCTION admin_whoami() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT current_user || ' ' || coalesce(graphql.session_var('x-hasura-user-id'), '-') $$;
GRANT EXECUTE ON FUNCTION admin_whoami() TO PUBLIC;

-- only in the configuration files or by a superuser's SET: never per role
-- or database, where other roles could read it; hidden from other roles
ALTER ROLE regress_graphql_admin_login SET graphql.admin_secret = 'x';
ALTER DATABASE contrib_regression SET graphql.admin_secret = 'x';
SET graphql.admin_secret = 'admin-secret-of-the-test';
SET ROLE regress_graphql_admin_login;
SHOW graphql.admin_secret;
SELECT count(*) FROM pg_settings WHERE name = 'graphql.admin_secret';

-- no graphql.jwt_secret: an HTTP request (request.headers set) without the
-- secret runs as graphql.anon_role, or is denied, as Hasura's unauthorized
-- role; a call without request.headers (an SQL client) runs as the caller
SELECT graphql.auth_mode();
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}', '{"authorization": "Bearer x"}');
RESET ROLE;
SET graphql.anon_role = 'regress_graphql_admin_user';
SET ROLE regress_graphql_admin_login;
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}', '{}');
RESET ROLE;
RESET graphql.anon_role;
SET ROLE regress_graphql_admin_login;
SELECT graphql.resolve('{ admin_whoami }');
-- the right secret: the caller, with the x-hasura-* headers as session variables
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami admin_doc(order_by: {id: asc}) { id } }"}',
  '{"x-hasura-admin-secret": "admin-secret-of-the-test", "X-Hasura-User-Id": "b"}');
-- and a role of the caller's, whose row-level security uses them
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami admin_doc { id } }"}',
  '{"x-hasura-admin-secret": "admin-secret-of-the-test", "x-hasura-role": "regress_graphql_admin_user", "x-hasura-user-id": "b"}');
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}',
  '{"x-hasura-access-key": "admin-secret-of-the-test", "x-hasura-role": "regress_graphql_admin_user"}');
SELECT current_user, current_setting('graphql.session_variables') AS session_variables;
-- refused: a wrong secret, a role the caller is not a member of, a role that does not exist
SELECT status, response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}',
  '{"x-hasura-admin-secret": "admin-secret-of-the-tes", "accept": "application/graphql-response+json"}');
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}', '{"x-hasura-admin-secret": ""}');
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}',
  '{"x-hasura-admin-secret": "admin-secret-of-the-test", "x-hasura-role": "regress_graphql_admin_other"}');
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}',
  '{"x-hasura-admin-secret": "admin-secret-of-the-test", "x-hasura-role": "no_such_role"}');
RESET ROLE;

-- JWT mode: the admin secret stands in for a token
\getenv abs_srcdir PG_ABS_SRCDIR
\set fixtures :abs_srcdir '/test/jwt/fixtures.sql'
\set ECHO none
\i :fixtures
\set ECHO all
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret')::text, false) IS NOT NULL AS jwt_mode;
SET ROLE regress_graphql_admin_login;
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}', '{}');
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}',
  '{"x-hasura-admin-secret": "admin-secret-of-the-test", "x-hasura-role": "regress_graphql_admin_user", "x-hasura-user-id": "a"}');
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}', '{"x-hasura-admin-secret": "wrong"}');
RESET ROLE;

-- no admin secret configured: the header is refused, never ignored
RESET graphql.jwt_secret;
RESET graphql.admin_secret;
SELECT graphql.auth_mode();
SELECT response FROM graphql.http('POST', '{"query": "{ admin_whoami }"}', '{"x-hasura-admin-secret": "admin-secret-of-the-test"}');

DROP TABLE admin_doc;
DROP FUNCTION admin_whoami();
DROP OWNED BY regress_graphql_admin_login, regress_graphql_admin_user;
DROP ROLE regress_graphql_admin_login;
DROP ROLE regress_graphql_admin_user;
DROP ROLE regress_graphql_admin_other;
