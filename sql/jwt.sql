SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
-- JWT mode: graphql.jwt_secret set, tokens verified in the database.  Keys
-- and tokens come from test/jwt/make_tokens.py (test/jwt/fixtures.sql).
\getenv abs_srcdir PG_ABS_SRCDIR
\set fixtures :abs_srcdir '/test/jwt/fixtures.sql'
\set ECHO none
\i :fixtures
\set ECHO all

-- A malformed configuration is refused when it is set, saying what is
-- wrong and never quoting the key; the setting keeps its old value.  (The
-- module must be loaded for its settings to be checked.)
LOAD 'graphql';
SET graphql.jwt_secret = 'not json';
SET graphql.jwt_secret = '[]';
SET graphql.jwt_secret = '{"type": "HS256", "key": "a", "key": "b"}';
SET graphql.jwt_secret = '{"type": "HS256"}';
SET graphql.jwt_secret = '{"type": "HS256", "key": 32}';
SET graphql.jwt_secret = '{"type": "none", "key": "graphql-test-hs256-secret-32char"}';
SET graphql.jwt_secret = '{"type": "Ed25519", "key": "graphql-test-hs256-secret-32char"}';
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_short_secret')::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS512', 'key', :'hs256_secret')::text, false);
SET graphql.jwt_secret = '{"type": "RS256", "key": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"}';
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'RS256', 'key', :'ec256_pub')::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'ES384', 'key', :'ec256_pub')::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret',
  'jwks', json_build_object('keys', json_build_array()))::text, false);
SET graphql.jwt_secret = '{"jwks": {"keys": []}}';
SET graphql.jwt_secret = '{"jwks": {"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}]}}';
SET graphql.jwt_secret = '{"jwks": {"keys": [{"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}]}}';
SELECT set_config('graphql.jwt_secret', json_build_object('jwks', json_build_object('keys',
  json_build_array((:'jwk_ec256')::jsonb || '{"x": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}')))::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('jwks', json_build_object('keys',
  json_build_array((:'jwk_rsa_a')::jsonb, (:'jwk_rsa_b')::jsonb || '{"kid": "a"}')))::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('jwks', json_build_object('keys',
  json_build_array((:'jwk_rsa_a')::jsonb || '{"alg": "ES256"}')))::text, false);
SET graphql.jwt_secret = '{"jwk_url": "http://example.com/.well-known/jwks.json"}';
SET graphql.jwt_secret = '{"jwk_url": "https://example.com/jwks.json", "jwks": {"keys": []}}';
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret', 'audiance', 'api')::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret',
  'claims_namespace', 'a', 'claims_namespace_path', '$.a')::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret',
  'claims_namespace_path', 'hasura.claims')::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret',
  'claims_format', 'yaml')::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret',
  'claims_map', json_build_object('user-id', 'x'))::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret',
  'claims_map', json_build_object('x-hasura-user-id', json_build_object('path', '$.sub', 'defualt', '1')))::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret', 'audience', 5)::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret', 'allowed_skew', -1)::text, false);
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret',
  'header', json_build_object('type', 'Cookie', 'name', 'jwt'))::text, false);
-- where other roles could read it: refused
ALTER ROLE CURRENT_USER SET graphql.jwt_secret = '{"type": "HS256", "key": "graphql-test-hs256-secret-32char"}';
CREATE FUNCTION f() RETURNS int LANGUAGE sql SET graphql.jwt_secret = '{}' AS 'SELECT 1';
-- still empty, but the refused values leave every request denied until a
-- value is accepted
SHOW graphql.jwt_secret;
SELECT graphql.resolve('{ __typename }');
RESET graphql.jwt_secret;
-- jwk_url (https, or http to the loopback address): the keys are fetched by
-- a background worker, which needs the library in shared_preload_libraries
-- (test/jwk_url); without it every token is refused, saying so
SET graphql.jwt_secret = '{"jwk_url": "https://example.com/.well-known/jwks.json"}';
SELECT * FROM graphql.jwks_status();
SELECT response FROM graphql.http('POST', '{"query": "{ __typename }"}', json_build_object('authorization', 'Bearer ' || :'tok_rs256'));
RESET graphql.jwt_secret;
SELECT graphql.resolve('{ __typename }');
-- a value set before the module is loaded, refused when it is: a warning,
-- and requests are denied (not answered in PostgREST mode)
\c
SET graphql.jwt_secret = '{"type": "HS256", "key": "short"}';
SELECT graphql.resolve('{ __typename }');
SHOW graphql.jwt_secret;
RESET graphql.jwt_secret;
SELECT graphql.resolve('{ __typename }');

BEGIN;
CREATE ROLE regress_graphql_jwt_user;
CREATE ROLE regress_graphql_jwt_editor;
CREATE ROLE regress_graphql_jwt_anon;
CREATE ROLE regress_graphql_jwt_auth NOINHERIT;
GRANT regress_graphql_jwt_user, regress_graphql_jwt_editor, regress_graphql_jwt_anon TO regress_graphql_jwt_auth;
GRANT USAGE ON SCHEMA graphql TO regress_graphql_jwt_user, regress_graphql_jwt_editor,
  regress_graphql_jwt_anon, regress_graphql_jwt_auth;
-- me: who the request runs as, and what it sees of its claims
CREATE TABLE identity (role text PRIMARY KEY, user_id text, sub text, vars text);
CREATE FUNCTION me() RETURNS SETOF identity STABLE LANGUAGE sql AS $$
  SELECT current_user::text, graphql.session_var('x-hasura-user-id'),
         current_setting('request.jwt.claims', true)::jsonb ->> 'sub',
         current_setting('graphql.session_variables') $$;
CREATE FUNCTION slow() RETURNS SETOF identity STABLE LANGUAGE sql AS $$
  SELECT NULL::text, NULL, NULL, NULL FROM pg_sleep(1) $$;
GRANT SELECT ON identity TO regress_graphql_jwt_user, regress_graphql_jwt_editor, regress_graphql_jwt_anon;
CREATE TABLE draft (id int PRIMARY KEY, title text NOT NULL);
INSERT INTO draft VALUES (1, 'only editors see this');
GRANT SELECT, INSERT ON draft TO regress_graphql_jwt_editor;
-- the test's helpers: set the configuration (as the superuser), and send
-- a request with a token and an optional x-hasura-role header
CREATE FUNCTION jwt_config(config json) RETURNS text SECURITY DEFINER LANGUAGE sql AS $$
  SELECT coalesce(config ->> 'type', 'jwks') FROM set_config('graphql.jwt_secret', config::text, true) $$;
CREATE FUNCTION anon_role(role text) RETURNS text SECURITY DEFINER LANGUAGE sql AS $$
  SELECT set_config('graphql.anon_role', role, true) $$;
CREATE FUNCTION req(token text, query text DEFAULT '{ me { role user_id } }', role text DEFAULT NULL)
  RETURNS json LANGUAGE sql AS $$
  SELECT set_config('request.headers', json_strip_nulls(json_build_object(
    'authorization', 'Bearer ' || token, 'x-hasura-role', role))::text, true);
  SELECT graphql.resolve(query) $$;
SET LOCAL ROLE regress_graphql_jwt_auth;
-- the caller's own claims, which must never reach a request in JWT mode
SELECT set_config('request.jwt.claims', '{"sub": "forged", "https://hasura.io/jwt/claims": {"x-hasura-user-id": "forged",
  "x-hasura-allowed-roles": ["regress_graphql_jwt_editor"], "x-hasura-default-role": "regress_graphql_jwt_editor"}}', true) IS NOT NULL AS forged;

-- every accepted algorithm
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret'));
SELECT req(:'tok_hs256', '{ me { role user_id sub vars } }');
SELECT jwt_config(json_build_object('type', 'HS384', 'key', :'hs384_secret'));
SELECT req(:'tok_hs384');
SELECT jwt_config(json_build_object('type', 'HS512', 'key', :'hs512_secret'));
SELECT req(:'tok_hs512');
SELECT jwt_config(json_build_object('type', 'RS256', 'key', :'rsa_a_pub'));
SELECT req(:'tok_rs256');
SELECT jwt_config(json_build_object('type', 'RS384', 'key', :'rsa_a_pub'));
SELECT req(:'tok_rs384');
SELECT jwt_config(json_build_object('type', 'RS512', 'key', :'rsa_a_pub'));
SELECT req(:'tok_rs512');
SELECT jwt_config(json_build_object('type', 'RS256', 'key', :'rsa_a_cert'));
SELECT req(:'tok_rs256');
SELECT jwt_config(json_build_object('type', 'ES256', 'key', :'ec256_pub'));
SELECT req(:'tok_es256');
SELECT jwt_config(json_build_object('type', 'ES384', 'key', :'ec384_pub'));
SELECT req(:'tok_es384');
SELECT jwt_config(json_build_object('type', 'ES512', 'key', :'ec521_pub'));
SELECT req(:'tok_es512');
-- the caller's role and settings are as they were
SELECT current_user, current_setting('request.jwt.claims', true)::jsonb ->> 'sub' AS claims_sub,
       current_setting('graphql.session_variables') AS session_variables, current_setting('request.headers') IS NOT NULL AS headers;

-- the algorithm is the configuration's, never the token's
SELECT req(:'tok_es256');
SELECT req(:'tok_none');
SELECT jwt_config(json_build_object('type', 'RS256', 'key', :'rsa_a_pub'));
SELECT req(:'tok_hs256_rsa_confusion');
SELECT req(:'tok_rs384');
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret'));
SELECT req(:'tok_hs384');
SELECT req(:'tok_none');
-- signatures and the token's form
SELECT req(:'tok_hs256_bad_sig');
SELECT req(:'tok_hs256_tampered');
SELECT req('abc');
SELECT req('a.b.c');
SELECT req('eyJhbGciOiJIUzI1NiJ9.e30.' || repeat('A', 17000));
SELECT req(:'tok_crit');
SELECT set_config('request.headers', '{"authorization": "Basic dXNlcjpwdw=="}', true) IS NOT NULL AS basic;
SELECT graphql.resolve('{ me { role } }');
SELECT set_config('request.headers', 'not json', true) IS NOT NULL AS bad_headers;
SELECT graphql.resolve('{ me { role } }');
-- exp, nbf, iat
SELECT req(:'tok_expired');
SELECT req(:'tok_nbf_future');
SELECT req(:'tok_iat_future');
SELECT req(:'tok_exp_string');
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret', 'allowed_skew', 2000000000));
SELECT req(:'tok_expired');
SELECT req(:'tok_iat_future');
-- aud and iss
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret', 'audience', json_build_array('api', 'web'),
  'issuer', 'https://issuer.example'));
SELECT req(:'tok_aud_iss');
SELECT req(:'tok_aud_list');
SELECT req(:'tok_aud_wrong');
SELECT req(:'tok_iss_wrong');
SELECT req(:'tok_hs256');

-- the role: x-hasura-role if allowed, else the default role, else a "role" claim
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret'));
SELECT req(:'tok_hs256', '{ me { role } draft { title } }');
SELECT req(:'tok_hs256', '{ me { role } draft { title } }', 'regress_graphql_jwt_editor');
SELECT req(:'tok_hs256', 'mutation { insert_draft_one(object: {id: 2, title: "new"}) { id } }', 'regress_graphql_jwt_editor');
SELECT req(:'tok_hs256', '{ me { role } }', 'regress_graphql_jwt_anon');
SELECT req(:'tok_hs256', '{ me { role } }', 'REGRESS_GRAPHQL_JWT_EDITOR');
SELECT req(:'tok_no_allowed_roles');
SELECT req(:'tok_no_default_role');
SELECT req(:'tok_role_claim');
SELECT req(:'tok_role_claim', '{ me { role } }', 'regress_graphql_jwt_editor');
SELECT req(:'tok_no_claims');
SELECT req(:'tok_user2');
-- the caller must be a member of the role
RESET ROLE;
REVOKE regress_graphql_jwt_editor FROM regress_graphql_jwt_auth;
SET LOCAL ROLE regress_graphql_jwt_auth;
SELECT req(:'tok_hs256', '{ me { role } }', 'regress_graphql_jwt_editor');
RESET ROLE;
GRANT regress_graphql_jwt_editor TO regress_graphql_jwt_auth;
SET LOCAL ROLE regress_graphql_jwt_auth;
-- no token: graphql.anon_role, or access-denied
SELECT req(NULL);
SELECT anon_role('regress_graphql_jwt_anon');
SELECT req(NULL, '{ me { role user_id sub vars } }');
SELECT req(NULL, '{ me { role } }', 'regress_graphql_jwt_user');
SELECT anon_role('regress_graphql_jwt_nobody');
SELECT req(NULL);

-- where the session variables are: claims_namespace, claims_namespace_path,
-- stringified JSON (Cognito), claims_map
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret', 'claims_namespace', 'myapp'));
SELECT req(:'tok_ns_custom');
SELECT req(:'tok_hs256');
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret', 'claims_namespace_path', '$.hasura.claims'));
SELECT req(:'tok_ns_path');
SELECT req(:'tok_hs256');
SELECT jwt_config(json_build_object('jwks', json_build_object('keys', json_build_array((:'jwk_rsa_a')::json)),
  'claims_format', 'stringified_json', 'audience', 'example-client',
  'issuer', 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example'));
SELECT req(:'tok_stringified', '{ me { role user_id sub vars } }');
SELECT req(:'tok_jwks_a');
SELECT jwt_config(json_build_object('jwks', json_build_object('keys', json_build_array((:'jwk_rsa_a')::json)),
  'claims_format', 'json'));
SELECT req(:'tok_stringified');
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret', 'claims_map', json_build_object(
  'x-hasura-allowed-roles', json_build_object('path', '$.user.roles'),
  'x-hasura-default-role', 'regress_graphql_jwt_user',
  'x-hasura-user-id', json_build_object('path', '$.sub'),
  'x-hasura-tenant', json_build_object('path', '$["user"]["tenant"]'),
  'x-hasura-org', json_build_object('path', '$.org', 'default', 'none'))));
SELECT req(:'tok_claims_map', '{ me { role user_id sub vars } }');
SELECT req(:'tok_claims_map', '{ me { role } }', 'regress_graphql_jwt_editor');
SELECT req(:'tok_hs256');

-- JWKS: the key chosen by kid; rotation by changing the document
SELECT jwt_config(json_build_object('jwks', json_build_object('keys', json_build_array(
  (:'jwk_rsa_a')::json, (:'jwk_ec256')::json))));
SELECT req(:'tok_jwks_a');
SELECT req(:'tok_jwks_e');
SELECT req(:'tok_jwks_b');
SELECT req(:'tok_jwks_unknown_kid');
SELECT req(:'tok_jwks_no_kid');
SELECT req(:'tok_jwks_b_as_a');
SELECT jwt_config(json_build_object('jwks', json_build_object('keys', json_build_array(
  (:'jwk_rsa_a')::json, (:'jwk_rsa_b')::json))));
SELECT req(:'tok_jwks_a');
SELECT req(:'tok_jwks_b');
SELECT jwt_config(json_build_object('jwks', json_build_object('keys', json_build_array((:'jwk_rsa_b')::json))));
SELECT req(:'tok_jwks_a');
SELECT req(:'tok_jwks_b');
SELECT req(:'tok_jwks_no_kid');
SELECT jwt_config(json_build_object('jwks', json_build_object('keys', json_build_array((:'jwk_ec384')::json))));
SELECT req(:'tok_es384');
SELECT jwt_config(json_build_object('jwks', json_build_object('keys', json_build_array((:'jwk_ec521')::json,
  json_build_object('kty', 'OKP', 'crv', 'Ed25519', 'x', 'AAAA', 'kid', 'ed')))));
SELECT req(:'tok_es512');

-- the secret is hidden from other roles, and they cannot set the session
-- variables themselves
SELECT count(*) AS visible FROM pg_settings WHERE name = 'graphql.jwt_secret';
SAVEPOINT hidden;
SHOW graphql.jwt_secret;
ROLLBACK TO SAVEPOINT hidden;
SET graphql.session_variables = '{"x-hasura-user-id": "forged"}';
ROLLBACK TO SAVEPOINT hidden;
SET graphql.anon_role = 'regress_graphql_jwt_editor';
ROLLBACK TO SAVEPOINT hidden;

-- after an error inside the request, and after one that ends it (a
-- statement timeout), the caller's role and settings are as they were
SELECT jwt_config(json_build_object('type', 'HS256', 'key', :'hs256_secret'));
SELECT req(:'tok_hs256', 'mutation { insert_draft_one(object: {id: 1, title: "again"}) { id } }', 'regress_graphql_jwt_editor');
SELECT current_user, current_setting('request.jwt.claims', true)::jsonb ->> 'sub' AS claims_sub,
       current_setting('graphql.session_variables') AS session_variables;
SAVEPOINT timeout;
SET LOCAL statement_timeout = '50ms';
SELECT req(:'tok_hs256', '{ slow { role } }');
ROLLBACK TO SAVEPOINT timeout;
SELECT current_user, current_setting('request.jwt.claims', true)::jsonb ->> 'sub' AS claims_sub,
       current_setting('graphql.session_variables') AS session_variables;
ROLLBACK;
