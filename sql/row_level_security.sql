SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
-- Row-level security with claims set by a front (PostgREST mode: no
-- graphql.jwt_secret). The front runs SET LOCAL ROLE and sets
-- request.jwt.claims; policies read them with graphql.session_var.
BEGIN;
CREATE ROLE regress_graphql_rls_user;
CREATE TABLE account (id int PRIMARY KEY, owner text NOT NULL, name text NOT NULL);
CREATE TABLE note (id int PRIMARY KEY, account_id int NOT NULL REFERENCES account, owner text NOT NULL,
                   body text NOT NULL, stars int NOT NULL DEFAULT 0);
INSERT INTO account VALUES (1, 'u1', 'one'), (2, 'u2', 'two');
INSERT INTO note VALUES (10, 1, 'u1', 'mine', 1), (11, 1, 'u1', 'mine too', 2),
                        (20, 2, 'u2', 'theirs', 5), (21, 1, 'u2', 'theirs on my account', 9);
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON account USING (owner = graphql.session_var('x-hasura-user-id'));
CREATE POLICY own ON note USING (owner = graphql.session_var('x-hasura-user-id'))
  WITH CHECK (owner = graphql.session_var('x-hasura-user-id'));
GRANT SELECT ON account TO regress_graphql_rls_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON note TO regress_graphql_rls_user;
GRANT USAGE ON SCHEMA graphql TO regress_graphql_rls_user;

-- session_var: the claims namespace first, then the top level;
-- case-insensitive, an exact match first; strings as is, other JSON as text
SELECT set_config('request.jwt.claims', $${"sub": "u9", "X-Hasura-User-Id": "top",
  "https://hasura.io/jwt/claims": {"x-hasura-user-id": "u1", "X-Hasura-User-ID": "exact",
  "x-hasura-allowed-roles": ["user", "editor"], "x-hasura-level": 3, "x-hasura-none": null}}$$, true);
SELECT graphql.session_var('x-hasura-user-id') AS user_id,
       graphql.session_var('X-Hasura-User-ID') AS exact,
       graphql.session_var('X-HASURA-USER-ID') AS any_case,
       graphql.session_var('x-hasura-allowed-roles') AS roles,
       graphql.session_var('x-hasura-level') AS level,
       graphql.session_var('x-hasura-none') IS NULL AS json_null,
       graphql.session_var('sub') AS top_level,
       graphql.session_var('x-hasura-missing') IS NULL AS missing;
-- one call site, changing names and claims from row to row: each row's own answer
SELECT n, graphql.session_var(n) FROM (VALUES ('sub'), ('x-hasura-level'), ('sub'), ('nope')) AS x(n);
SELECT i, set_config('request.jwt.claims', c, true) IS NOT NULL AS set, graphql.session_var('x-hasura-user-id')
  FROM (VALUES (1, '{"x-hasura-user-id": "a"}'), (2, '{"x-hasura-user-id": "b"}'), (3, ''),
               (4, '{"x-hasura-user-id": "b"}')) AS x(i, c);
-- a namespace sent as a string holding JSON (Cognito's stringified claims)
SELECT set_config('request.jwt.claims', $${"https://hasura.io/jwt/claims": "{\"x-hasura-user-id\": \"u7\"}"}$$, true);
SELECT graphql.session_var('x-hasura-user-id');
-- no claims, empty claims, claims that are not an object: NULL
SELECT set_config('request.jwt.claims', '', true);
SELECT graphql.session_var('x-hasura-user-id') IS NULL AS empty;
SELECT set_config('request.jwt.claims', '[1, 2]', true);
SELECT graphql.session_var('x-hasura-user-id') IS NULL AS not_object;
-- claims that are not JSON are the front's error
SAVEPOINT bad;
SELECT set_config('request.jwt.claims', 'nope', true);
SELECT graphql.session_var('x-hasura-user-id');
ROLLBACK TO SAVEPOINT bad;

-- user u1: lists, by_pk, relationships and aggregates see only u1's rows
SET LOCAL ROLE regress_graphql_rls_user;
SELECT set_config('request.jwt.claims', '{"https://hasura.io/jwt/claims": {"x-hasura-user-id": "u1"}}', true);
SELECT graphql.resolve('{ note(order_by: {id: asc}) { id body } }');
SELECT graphql.resolve('{ a: note_by_pk(id: 10) { id } b: note_by_pk(id: 20) { id } c: account_by_pk(id: 2) { id } }');
SELECT graphql.resolve('{ account { id name notes(order_by: {id: asc}) { id owner } notes_aggregate { aggregate { count sum { stars } } } } }');
SELECT graphql.resolve('{ note_aggregate { aggregate { count max { stars } } } }');
SELECT graphql.resolve('{ note(where: {account: {name: {_eq: "two"}}}) { id } }');

-- mutations: u1 changes only u1's rows, and cannot write a row as u2
SELECT graphql.resolve('mutation { update_note(where: {}, _inc: {stars: 100}) { affected_rows returning { id stars } } }');
SELECT graphql.resolve('mutation { delete_note(where: {stars: {_gt: 0}}) { affected_rows } }');
SELECT graphql.resolve('mutation { update_note_by_pk(pk_columns: {id: 20}, _set: {body: "hacked"}) { id } }');
SELECT graphql.resolve('mutation { insert_note_one(object: {id: 30, account_id: 1, owner: "u1", body: "new"}) { id owner } }');
SELECT graphql.resolve('mutation { insert_note_one(object: {id: 31, account_id: 1, owner: "u2", body: "forged"}) { id } }');
SELECT graphql.resolve('mutation { update_note(where: {id: {_eq: 30}}, _set: {owner: "u2"}) { affected_rows } }');

-- user u2 sees its own rows, not u1's new one
SELECT set_config('request.jwt.claims', '{"https://hasura.io/jwt/claims": {"x-hasura-user-id": "u2"}}', true);
SELECT graphql.resolve('{ note(order_by: {id: asc}) { id body stars } }');
-- no claims: no rows
SELECT set_config('request.jwt.claims', '', true);
SELECT graphql.resolve('{ note { id } account { id } }');
-- the caller's role and claims are as they were, after a success and after
-- an error
SELECT current_user, current_setting('request.jwt.claims') AS claims;
SELECT graphql.resolve('mutation { insert_note_one(object: {id: 32, account_id: 1, owner: "u1", body: "x"}) { id } }');
SELECT current_user, current_setting('request.jwt.claims') AS claims;
RESET ROLE;
-- what was written, as the table owner
SELECT id, owner, body, stars FROM note ORDER BY id;
ROLLBACK;

-- JWT mode (graphql.jwt_secret set): the same policies, the user now from a
-- verified token (test/jwt/fixtures.sql); claims the caller sets itself
-- have no effect, and are as they were after each call
\getenv abs_srcdir PG_ABS_SRCDIR
\set fixtures :abs_srcdir '/test/jwt/fixtures.sql'
\set ECHO none
\i :fixtures
\set ECHO all
BEGIN;
CREATE ROLE regress_graphql_rls_user;
CREATE ROLE regress_graphql_rls_auth NOINHERIT;
GRANT regress_graphql_rls_user TO regress_graphql_rls_auth;
CREATE TABLE account (id int PRIMARY KEY, owner text NOT NULL, name text NOT NULL);
CREATE TABLE note (id int PRIMARY KEY, account_id int NOT NULL REFERENCES account, owner text NOT NULL,
                   body text NOT NULL, stars int NOT NULL DEFAULT 0);
INSERT INTO account VALUES (1, 'u1', 'one'), (2, 'u2', 'two');
INSERT INTO note VALUES (10, 1, 'u1', 'mine', 1), (11, 1, 'u1', 'mine too', 2),
                        (20, 2, 'u2', 'theirs', 5), (21, 1, 'u2', 'theirs on my account', 9);
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON account USING (owner = graphql.session_var('x-hasura-user-id'));
CREATE POLICY own ON note USING (owner = graphql.session_var('x-hasura-user-id'))
  WITH CHECK (owner = graphql.session_var('x-hasura-user-id'));
GRANT SELECT ON account TO regress_graphql_rls_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON note TO regress_graphql_rls_user;
GRANT USAGE ON SCHEMA graphql TO regress_graphql_rls_user, regress_graphql_rls_auth;
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret')::text, true) IS NOT NULL AS jwt_mode;
SET LOCAL ROLE regress_graphql_rls_auth;
-- forged: the caller claims to be u2; in JWT mode session_var reads claims
-- only inside a request (verified), so plain SQL sees no user (NULL)
SELECT set_config('request.jwt.claims', '{"https://hasura.io/jwt/claims": {"x-hasura-user-id": "u2"}}', true) IS NOT NULL AS forged;
SELECT graphql.session_var('x-hasura-user-id') AS outside_a_request;
SET LOCAL ROLE regress_graphql_rls_user;
SELECT count(*) AS notes_seen_by_plain_sql FROM note;
SET LOCAL ROLE regress_graphql_rls_auth;
-- the token says u1: lists, by_pk, relationships and aggregates see only u1's rows
SELECT set_config('request.headers', json_build_object('authorization', 'Bearer ' || :'tok_rls_u1')::text, true) IS NOT NULL AS u1;
SELECT graphql.resolve('{ note(order_by: {id: asc}) { id body } }');
SELECT graphql.resolve('{ a: note_by_pk(id: 10) { id } b: note_by_pk(id: 20) { id } c: account_by_pk(id: 2) { id } }');
SELECT graphql.resolve('{ account { id name notes(order_by: {id: asc}) { id owner } notes_aggregate { aggregate { count sum { stars } } } } }');
SELECT graphql.resolve('{ note_aggregate { aggregate { count max { stars } } } }');
-- mutations: u1 changes only u1's rows, and cannot write a row as u2
SELECT graphql.resolve('mutation { update_note(where: {}, _inc: {stars: 100}) { affected_rows returning { id stars } } }');
SELECT graphql.resolve('mutation { delete_note(where: {id: {_in: [10, 20, 21]}}) { affected_rows returning { id } } }');
SELECT graphql.resolve('mutation { insert_note_one(object: {id: 31, account_id: 1, owner: "u2", body: "forged"}) { id } }');
SELECT graphql.resolve('mutation { insert_note_one(object: {id: 30, account_id: 1, owner: "u1", body: "new"}) { id owner } }');
-- the caller is as it was: its role, and its (forged) claims
SELECT current_user, current_setting('request.jwt.claims') AS claims, current_setting('graphql.session_variables') AS session_variables;
-- the token says u2
SELECT set_config('request.headers', json_build_object('authorization', 'Bearer ' || :'tok_rls_u2')::text, true) IS NOT NULL AS u2;
SELECT graphql.resolve('{ note(order_by: {id: asc}) { id body stars } account { id } }');
SELECT graphql.resolve('mutation { update_note_by_pk(pk_columns: {id: 11}, _set: {body: "hacked"}) { id } }');
-- no token, no graphql.anon_role: nothing runs, whatever the caller's claims say
SELECT set_config('request.headers', '{}', true) IS NOT NULL AS no_token;
SELECT graphql.resolve('{ note { id } }');
SELECT current_user, current_setting('request.jwt.claims') AS claims;
RESET ROLE;
-- what was written, as the table owner
SELECT id, owner, body, stars FROM note ORDER BY id;
ROLLBACK;
