/* graphql--0.1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION graphql" to load this file. \quit

-- every role may call the API; what it sees is decided by its own privileges
GRANT USAGE ON SCHEMA graphql TO PUBLIC;

CREATE FUNCTION graphql.parse(query text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'graphql_parse'
LANGUAGE C STRICT STABLE PARALLEL SAFE;

COMMENT ON FUNCTION graphql.parse(text) IS
'The GraphQL document as a graphql-js style AST (without locations); a syntax error is raised as an error';

CREATE FUNCTION graphql.resolve(query text,
                                variables jsonb DEFAULT '{}',
                                "operationName" text DEFAULT NULL,
                                extensions jsonb DEFAULT NULL)
RETURNS json
AS 'MODULE_PATHNAME', 'graphql_resolve'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.resolve(text, jsonb, text, jsonb) IS
'Answers a GraphQL request with the JSON response';

CREATE FUNCTION graphql.http(method text, request text, headers json DEFAULT NULL,
                             read_only boolean DEFAULT false,
                             OUT status integer, OUT content_type text, OUT response text,
                             OUT log json)
AS 'MODULE_PATHNAME', 'graphql_http'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.http(text, text, json, boolean) IS
'Answers a GraphQL request as it came over HTTP (a POST''s body or a GET''s query string, and the request''s headers) with the HTTP status, content type and response body, and what the front may log of it (role, operation name, query hash; never a token or a variable); read_only (a read replica) answers a mutation with 421, for the front to send it to the primary';

CREATE FUNCTION graphql.auth_mode()
RETURNS text
AS 'MODULE_PATHNAME', 'graphql_auth_mode'
LANGUAGE C STABLE;

COMMENT ON FUNCTION graphql.auth_mode() IS
'How requests are authenticated: jwt (graphql.jwt_secret set), refused (its value was refused), admin_secret (graphql.admin_secret set without graphql.jwt_secret) or caller (PostgREST mode)';

CREATE FUNCTION graphql.jwks_status(OUT url text, OUT generation bigint, OUT fetches bigint,
                                    OUT last_fetch timestamptz, OUT expires timestamptz, OUT error text)
AS 'MODULE_PATHNAME', 'graphql_jwks_status'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.jwks_status() IS
'The fetcher of graphql.jwt_secret''s jwk_url: the URL of the keys in use, their generation, the number of fetches, the last fetch, when the keys expire, and the last error (NULL without shared_preload_libraries)';

CREATE FUNCTION graphql.explain(query text, variables jsonb DEFAULT '{}')
RETURNS text
AS 'MODULE_PATHNAME', 'graphql_explain'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.explain(text, jsonb) IS
'The SQL statement generated for each root field of a GraphQL query, and its plan';

CREATE FUNCTION graphql.sdl()
RETURNS text
AS 'MODULE_PATHNAME', 'graphql_sdl'
LANGUAGE C STABLE;

COMMENT ON FUNCTION graphql.sdl() IS
'The current role''s GraphQL schema in the schema definition language';

-- Private: parses the document like graphql.parse and returns its number of
-- lexical tokens (what graphql.max_tokens counts) without building the AST
-- as jsonb.  Used by the parsing benchmark (test/bench/parse_speed.sh).
CREATE FUNCTION graphql._token_count(query text)
RETURNS integer
AS 'MODULE_PATHNAME', 'graphql_token_count'
LANGUAGE C STRICT STABLE PARALLEL SAFE;

-- A session variable of the request's claims, for row-level security
-- policies: graphql.session_var('x-hasura-user-id').  The claims are the
-- JSON of the setting request.jwt.claims (set by a front, PostgREST style).
-- The name is looked up ignoring ASCII case (an exact match first), in the
-- claims namespace "https://hasura.io/jwt/claims" (an object, or a string
-- holding one, as Cognito sends it) and then at the top level.  A string
-- value is returned as is, null as NULL, anything else as its JSON text.
-- In JWT mode graphql.resolve sets graphql.session_variables to the
-- verified token's variables for the request; they come first.
-- The answer is kept per call site while the claims do not change.
CREATE FUNCTION graphql.session_var(name text)
RETURNS text
AS 'MODULE_PATHNAME', 'graphql_session_var'
LANGUAGE C STRICT STABLE PARALLEL SAFE;

COMMENT ON FUNCTION graphql.session_var(text) IS
'A session variable (x-hasura-*) of the request''s claims (graphql.session_variables in JWT mode, else request.jwt.claims), case-insensitive';

-- graphql.schema_stats(): the current role's schema, built lazily (src/schema_lazy.c).
CREATE FUNCTION graphql.schema_stats(OUT lazy boolean, OUT tables integer, OUT declared integer,
                                     OUT defined integer, OUT complete integer)
RETURNS record
AS 'MODULE_PATHNAME', 'graphql_schema_stats'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.schema_stats() IS
'The schema the current role sees in this backend: whether its tables are built lazily, the tables it exposes, and how many requests have declared, defined and completed so far';

-- graphql.cache_stats(): this backend's plan cache (src/plan_cache.c).
CREATE FUNCTION graphql.cache_stats(OUT hits bigint, OUT misses bigint, OUT evictions bigint,
                                    OUT entries integer, OUT plans integer, OUT reuses bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'graphql_cache_stats'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.cache_stats() IS
'This backend''s plan cache: requests answered from it, requests that were not, entries evicted, entries and SPI plans held, and the hits that re-ran compiled statements with new values';

-- graphql._plan(query, variables, postgres): parse, validate, compile and
-- (postgres) have PostgreSQL plan a request without running it; the number
-- of statements (-1: the request has errors).  For test/bench/query_speed.sh.
CREATE FUNCTION graphql._plan(query text, variables jsonb DEFAULT '{}', postgres boolean DEFAULT true)
RETURNS integer
AS 'MODULE_PATHNAME', 'graphql_plan'
LANGUAGE C VOLATILE;

-- Remote schemas (src/remote_schema.c): the team's GraphQL services, as
-- Hasura defines them.  Only a superuser reads or writes the table (a
-- definition's headers may hold secrets); it is dumped with the database.
CREATE TABLE graphql.remote_schema (
    name text PRIMARY KEY CHECK (name <> ''),
    definition jsonb NOT NULL,
    introspection jsonb NOT NULL,
    comment text
);
REVOKE ALL ON graphql.remote_schema FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('graphql.remote_schema', '');

-- any change to the table (the functions below, a superuser's own DML, a
-- restore) makes every backend build its schemas again
CREATE FUNCTION graphql._remote_schema_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'graphql_remote_schema_changed'
LANGUAGE C;
REVOKE EXECUTE ON FUNCTION graphql._remote_schema_changed() FROM PUBLIC;
CREATE TRIGGER remote_schema_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphql.remote_schema
FOR EACH STATEMENT EXECUTE FUNCTION graphql._remote_schema_changed();

COMMENT ON TABLE graphql.remote_schema IS
'Remote schemas: Hasura''s definition as given, and the remote''s schema as its introspection answered when it was added or reloaded';

CREATE FUNCTION graphql.add_remote_schema(name text, definition jsonb, comment text DEFAULT NULL)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_add_remote_schema'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.add_remote_schema(text, jsonb, text) IS
'Adds a remote schema (Hasura''s add_remote_schema): checks the definition, introspects the remote and stores both; superuser only';

CREATE FUNCTION graphql.remove_remote_schema(name text)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_remove_remote_schema'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.remove_remote_schema(text) IS
'Removes a remote schema; superuser only';

CREATE FUNCTION graphql.reload_remote_schema(name text)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_reload_remote_schema'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.reload_remote_schema(text) IS
'Introspects a remote schema again and stores what it answers; superuser only';

REVOKE EXECUTE ON FUNCTION graphql.add_remote_schema(text, jsonb, text),
    graphql.remove_remote_schema(text), graphql.reload_remote_schema(text) FROM PUBLIC;

-- Role-based remote schema permissions (src/remote_permission.c): the
-- SDL subset of a remote a role sees, Hasura's add_remote_schema_permissions.
CREATE TABLE graphql.remote_schema_permission (
    remote_schema text NOT NULL REFERENCES graphql.remote_schema (name) ON DELETE CASCADE,
    role text NOT NULL,
    definition jsonb NOT NULL,
    comment text,
    PRIMARY KEY (remote_schema, role)
);
REVOKE ALL ON graphql.remote_schema_permission FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('graphql.remote_schema_permission', '');
CREATE TRIGGER remote_schema_permission_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphql.remote_schema_permission
FOR EACH STATEMENT EXECUTE FUNCTION graphql._remote_schema_changed();

COMMENT ON TABLE graphql.remote_schema_permission IS
'What each role sees of a remote schema: Hasura''s definition ({"schema": SDL}) as given';

CREATE FUNCTION graphql.add_remote_schema_permissions(remote_schema text, role name, definition jsonb,
                                                      comment text DEFAULT NULL)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_add_remote_schema_permissions'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.add_remote_schema_permissions(text, name, jsonb, text) IS
'Sets the part of a remote schema a role sees, as SDL with @preset arguments (Hasura''s add_remote_schema_permissions); superuser only';

CREATE FUNCTION graphql.drop_remote_schema_permissions(remote_schema text, role name)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_drop_remote_schema_permissions'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.drop_remote_schema_permissions(text, name) IS
'Removes a role''s permission on a remote schema; superuser only';

REVOKE EXECUTE ON FUNCTION graphql.add_remote_schema_permissions(text, name, jsonb, text),
    graphql.drop_remote_schema_permissions(text, name) FROM PUBLIC;

-- Remote relationships (src/remote_relationship.c): a table's field that
-- calls a remote schema's root field with arguments from the row's
-- columns (Hasura's remote_relationships of a table, to_remote_schema).
-- The table by schema and name, as Hasura's metadata names it.
CREATE TABLE graphql.remote_relationship (
    table_schema text NOT NULL,
    table_name text NOT NULL,
    name text NOT NULL,
    remote_schema text NOT NULL REFERENCES graphql.remote_schema (name),
    definition jsonb NOT NULL,
    PRIMARY KEY (table_schema, table_name, name)
);
REVOKE ALL ON graphql.remote_relationship FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('graphql.remote_relationship', '');
CREATE TRIGGER remote_relationship_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphql.remote_relationship
FOR EACH STATEMENT EXECUTE FUNCTION graphql._remote_schema_changed();

COMMENT ON TABLE graphql.remote_relationship IS
'Remote relationships of tables to remote schemas: Hasura''s definition as given';

CREATE FUNCTION graphql.add_remote_relationship(table_name regclass, name text, definition jsonb)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_add_remote_relationship'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.add_remote_relationship(regclass, text, jsonb) IS
'Adds a remote relationship to a table (Hasura''s create_remote_relationship, to_remote_schema); superuser only';

CREATE FUNCTION graphql.remove_remote_relationship(table_name regclass, name text)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_remove_remote_relationship'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.remove_remote_relationship(regclass, text) IS
'Removes a remote relationship of a table; superuser only';

REVOKE EXECUTE ON FUNCTION graphql.add_remote_relationship(regclass, text, jsonb),
    graphql.remove_remote_relationship(regclass, text) FROM PUBLIC;

-- Actions (src/action.c): root fields answered by the team's REST
-- handlers, and the custom types they use, as Hasura defines them.
CREATE TABLE graphql.action (
    name text PRIMARY KEY,
    definition jsonb NOT NULL,
    comment text
);
CREATE TABLE graphql.custom_types (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    definition jsonb NOT NULL
);
REVOKE ALL ON graphql.action, graphql.custom_types FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('graphql.action', '');
SELECT pg_catalog.pg_extension_config_dump('graphql.custom_types', '');
CREATE TRIGGER action_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphql.action
FOR EACH STATEMENT EXECUTE FUNCTION graphql._remote_schema_changed();
CREATE TRIGGER custom_types_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphql.custom_types
FOR EACH STATEMENT EXECUTE FUNCTION graphql._remote_schema_changed();

COMMENT ON TABLE graphql.action IS 'Actions: Hasura''s definition as given';
COMMENT ON TABLE graphql.custom_types IS 'The custom types of actions (Hasura''s set_custom_types), one row';

CREATE FUNCTION graphql.set_custom_types(types jsonb)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_set_custom_types'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.set_custom_types(jsonb) IS
'Sets the custom types actions use (Hasura''s set_custom_types: scalars, enums, input_objects, objects with relationships to tables); superuser only';

CREATE FUNCTION graphql.add_action(name text, definition jsonb, comment text DEFAULT NULL)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_add_action'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.add_action(text, jsonb, text) IS
'Adds an action (Hasura''s create_action): a root field answered by an HTTP handler; superuser only';

CREATE FUNCTION graphql.remove_action(name text)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_remove_action'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.remove_action(text) IS 'Removes an action; superuser only';

-- which roles may use an action (superusers always may), as Hasura's
-- create_action_permission
CREATE TABLE graphql.action_permission (
    action text NOT NULL REFERENCES graphql.action (name) ON DELETE CASCADE,
    role text NOT NULL,
    comment text,
    PRIMARY KEY (action, role)
);
REVOKE ALL ON graphql.action_permission FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('graphql.action_permission', '');
CREATE TRIGGER action_permission_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphql.action_permission
FOR EACH STATEMENT EXECUTE FUNCTION graphql._remote_schema_changed();

CREATE FUNCTION graphql.create_action_permission(action text, role name, comment text DEFAULT NULL)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_create_action_permission'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION graphql.create_action_permission(text, name, text) IS
'Lets a role use an action (Hasura''s create_action_permission); superuser only';

CREATE FUNCTION graphql.drop_action_permission(action text, role name)
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_drop_action_permission'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.drop_action_permission(text, name) IS 'Takes an action back from a role; superuser only';

REVOKE EXECUTE ON FUNCTION graphql.set_custom_types(jsonb), graphql.add_action(text, jsonb, text),
    graphql.remove_action(text), graphql.create_action_permission(text, name, text),
    graphql.drop_action_permission(text, name) FROM PUBLIC;

-- A Hasura project's metadata (src/metadata.c, src/catalog_metadata.c):
-- once applied, its tracked tables and functions are the API, named and
-- related as it says.  One row; dumped with the database.
CREATE TABLE graphql.metadata (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    metadata jsonb NOT NULL,            -- what applied (export_metadata)
    enums jsonb NOT NULL DEFAULT '{}',  -- the enum tables' values, as the apply read them
    given jsonb NOT NULL,               -- the metadata as given (reload_metadata applies it again)
    applied_by name NOT NULL            -- who applied it
);
REVOKE ALL ON graphql.metadata FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('graphql.metadata', '');
CREATE TRIGGER metadata_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphql.metadata
FOR EACH STATEMENT EXECUTE FUNCTION graphql._remote_schema_changed();

COMMENT ON TABLE graphql.metadata IS 'The applied Hasura metadata, less what was refused or unsupported';

CREATE FUNCTION graphql.apply_metadata(metadata jsonb)
RETURNS TABLE (object text, item text, status text, reason text)
AS 'MODULE_PATHNAME', 'graphql_apply_metadata'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.apply_metadata(jsonb) IS
'Applies a Hasura project''s metadata export (version 3), replacing the previous one; a row per item: applied, refused or unsupported, with why';

CREATE FUNCTION graphql.export_metadata()
RETURNS jsonb
AS 'MODULE_PATHNAME', 'graphql_export_metadata'
LANGUAGE C STRICT STABLE;

COMMENT ON FUNCTION graphql.export_metadata() IS 'The metadata applied, as Hasura''s export_metadata gives it';

CREATE FUNCTION graphql.clear_metadata()
RETURNS void
AS 'MODULE_PATHNAME', 'graphql_clear_metadata'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION graphql.clear_metadata() IS
'Drops the applied metadata: the tables of graphql.schemas are exposed again; superuser only';

-- apply the metadata again: enum tables' rows read anew (Hasura's reload_metadata)
-- (nothing when none is applied); what was refused or unsupported is tried again
CREATE FUNCTION graphql.reload_metadata()
RETURNS TABLE (object text, item text, status text, reason text)
LANGUAGE sql VOLATILE SET search_path = pg_catalog
AS $$ SELECT r.* FROM graphql.metadata m, LATERAL graphql.apply_metadata(m.given) r $$;

COMMENT ON FUNCTION graphql.reload_metadata() IS
'Applies the metadata as it was given again (Hasura''s reload_metadata): enum tables'' values are read anew, items refused before are tried again';

REVOKE EXECUTE ON FUNCTION graphql.apply_metadata(jsonb), graphql.export_metadata(),
    graphql.clear_metadata(), graphql.reload_metadata() FROM PUBLIC;

-- What the metadata's permissions made (GRANTs, policies, triggers,
-- functions), as the statements that undo them: run when metadata is
-- applied again or cleared.
CREATE TABLE graphql.metadata_object (
    n serial PRIMARY KEY,
    undo text NOT NULL
);
REVOKE ALL ON graphql.metadata_object FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('graphql.metadata_object', '');
SELECT pg_catalog.pg_extension_config_dump('graphql.metadata_object_n_seq', '');

-- graphql.session_var(name, required): required, a missing variable is
-- Hasura's error "missing session variables" (the permissions use it).
CREATE FUNCTION graphql.session_var(name text, required boolean)
RETURNS text
AS 'MODULE_PATHNAME', 'graphql_session_var'
LANGUAGE C STRICT STABLE PARALLEL SAFE;

COMMENT ON FUNCTION graphql.session_var(text, boolean) IS
'A session variable of the request''s claims; required, its absence is Hasura''s "missing session variables" error';

-- the check of an insert or update permission: true, or Hasura's error
CREATE FUNCTION graphql._permission_check(ok boolean)
RETURNS boolean
AS 'MODULE_PATHNAME', 'graphql_permission_check'
LANGUAGE C STABLE PARALLEL SAFE;

-- a backend_only permission's condition, given the session variable
-- x-hasura-use-backend-only-permissions: true, or Hasura's permission error
CREATE FUNCTION graphql._backend_only(use text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'graphql_backend_only'
LANGUAGE C STABLE PARALLEL SAFE;

-- a role's presets (Hasura's "set"): a BEFORE INSERT or UPDATE row trigger
CREATE FUNCTION graphql._preset()
RETURNS trigger
AS 'MODULE_PATHNAME', 'graphql_preset'
LANGUAGE C;
