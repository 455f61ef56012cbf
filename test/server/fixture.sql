-- The database of the graphql-server tests (test/server/run.js).
SET client_min_messages = warning;
CREATE EXTENSION graphql;

-- Roles: the server logs in as gs_auth in JWT mode (graphql.jwt_secret,
-- which lives in the configuration files: run.js sets and resets it with
-- ALTER SYSTEM), or as gs_open without it (every request runs as gs_open).
CREATE ROLE gs_user;
CREATE ROLE gs_editor;
CREATE ROLE gs_anon;
CREATE ROLE gs_auth LOGIN NOINHERIT;
GRANT gs_user, gs_editor, gs_anon TO gs_auth;
CREATE ROLE gs_open LOGIN;
GRANT USAGE ON SCHEMA graphql TO gs_user, gs_editor, gs_anon, gs_open;
ALTER ROLE gs_auth SET graphql.anon_role = 'gs_anon';

-- notes: each user sees only its own (row-level security on the token's user id)
CREATE TABLE note (
  id int PRIMARY KEY,
  owner text NOT NULL,
  body text NOT NULL
);
INSERT INTO note VALUES (1, '1', 'one of user 1'), (2, '1', 'two of user 1'), (3, '2', 'one of user 2');
ALTER TABLE note ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON note FOR ALL TO gs_user, gs_editor
  USING (owner = graphql.session_var('x-hasura-user-id'))
  WITH CHECK (owner = graphql.session_var('x-hasura-user-id'));
GRANT SELECT ON note TO gs_user;
GRANT SELECT, INSERT ON note TO gs_editor;

-- public: every role reads it; gs_open writes it
CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO item VALUES (1, 'first'), (2, 'second');
GRANT SELECT ON item TO gs_user, gs_editor, gs_anon;
GRANT SELECT, INSERT, UPDATE, DELETE ON item TO gs_open;

-- slow(s): a query that takes s seconds
CREATE FUNCTION slow(s float8) RETURNS int LANGUAGE sql STABLE AS 'SELECT 1 FROM pg_catalog.pg_sleep(s)';
GRANT EXECUTE ON FUNCTION slow(float8) TO gs_open, gs_user;

-- where a query ran: on the primary, or on a read replica
CREATE FUNCTION where_am_i() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT CASE WHEN pg_catalog.pg_is_in_recovery() THEN 'replica' ELSE 'primary' END $$;
GRANT EXECUTE ON FUNCTION where_am_i() TO gs_open, gs_user;
