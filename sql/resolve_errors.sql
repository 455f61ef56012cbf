-- graphql.resolve: a document that does not parse is answered with a
-- GraphQL error response, not a SQL error
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

-- syntax errors: code parse-failed, with the location
SELECT graphql.resolve('{');
SELECT graphql.resolve(E'query {\n  a(x: 1 2)\n}');
SELECT graphql.resolve('{ a(x: "\u{110000}") }');

-- the message is JSON-escaped: the response is valid JSON
SELECT graphql.resolve('{ a(x: "\q") }')::jsonb -> 'errors' -> 0 ->> 'message' AS message;
SELECT graphql.resolve(E'{ a(x: "tab\there") 1 }')::jsonb -> 'errors' -> 0 ->> 'message' AS message;

-- the parameters are the keys of a GraphQL-over-HTTP request body
SELECT graphql.resolve(query => '{ a } }', variables => '{}', "operationName" => NULL, extensions => NULL);
SELECT graphql.resolve(NULL);

-- type-system definitions: not-supported
SELECT graphql.resolve('type Query { a: Int }');

-- limits: validation-failed, naming the limit
SET graphql.max_tokens = 3;
SELECT graphql.resolve('{ a b }');
SET graphql.max_tokens = 1000000;
SELECT graphql.resolve(repeat('{ a ', 100000) || repeat('}', 100000));
RESET graphql.max_tokens;

-- a document that parses goes on to validation (query_errors has the rest)
SELECT graphql.resolve('{ a }');
