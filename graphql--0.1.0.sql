/* graphql--0.1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION graphql" to load this file. \quit

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

-- Private: parses the document like graphql.parse and returns its number of
-- lexical tokens (what graphql.max_tokens counts) without building the AST
-- as jsonb.  Used by the parsing benchmark (test/bench/parse_speed.sh).
CREATE FUNCTION graphql._token_count(query text)
RETURNS integer
AS 'MODULE_PATHNAME', 'graphql_token_count'
LANGUAGE C STRICT STABLE PARALLEL SAFE;
