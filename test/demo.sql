-- The demo test/demo.sh runs: psql output shows each statement and its result.
\set ECHO queries
\pset pager off
CREATE EXTENSION graphql;

-- A GraphQL document, parsed in the backend, as graphql-js's AST
SELECT jsonb_pretty(graphql.parse('query Author($id: Int!) { author_by_pk(id: $id) { name } }')
                    #> '{definitions,0,variableDefinitions,0}');

-- A syntax error is an SQL error with graphql-js's message and the position
SELECT graphql.parse('{ author(where: {name: {_eq: "Ann"}}) { id name }');

-- graphql.resolve answers a request: here, a parse error as a GraphQL error response
SELECT graphql.resolve(E'query {\n  author(limit: 10 {\n    id\n  }\n}');
