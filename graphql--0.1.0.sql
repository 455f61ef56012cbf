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
