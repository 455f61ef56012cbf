SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
-- graphql.http: a GraphQL request as it came over HTTP (what graphql-server
-- hands the database), answered with status, content type and body.
\getenv abs_srcdir PG_ABS_SRCDIR
\set fixtures :abs_srcdir '/test/jwt/fixtures.sql'
\set ECHO none
\i :fixtures
\set ECHO all

CREATE TABLE http_book (id int PRIMARY KEY, title text NOT NULL);
INSERT INTO http_book VALUES (1, 'Tables'), (2, 'Views');

-- POST: one request; Accept chooses the media type and, with the GraphQL
-- response type, the status of a response without data (400); with JSON
-- (or no Accept, or */*) every answer of a well-formed request is 200
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ http_book(order_by: {id: asc}) { id title } }"}',
  '{"content-type": "application/json"}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ http_book { nope } }"}',
  '{"accept": "application/graphql-response+json, application/json;q=0.9"}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ http_book { nope } }"}', '{"accept": "application/json"}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ http_book { nope } }"}', '{"accept": "*/*"}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ http_book { id } }"}',
  '{"accept": "application/graphql-response+json;q=0, application/json"}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}', '{"accept": "text/html"}');
-- variables, operationName, extensions; null for each is allowed
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "query A($id: Int!) { http_book_by_pk(id: $id) { title } } query B { __typename }",
  "variables": {"id": 2}, "operationName": "A", "extensions": {"x": 1}}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }", "variables": null, "operationName": null, "extensions": null}', '{}');
-- variable coercion failure: a request error
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "query ($id: Int!) { http_book_by_pk(id: $id) { title } }", "variables": {"id": "x"}}',
  '{"accept": "application/graphql-response+json"}');
-- malformed requests: 400 whatever the media type
SELECT status, content_type, response FROM graphql.http('POST', '{"query": ', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '', '{}');
SELECT status, content_type, response FROM graphql.http('POST', NULL, '{}');
SELECT status, content_type, response FROM graphql.http('POST', '"query"', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"variables": {}}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": 1}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }", "variables": "{}"}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }", "variables": []}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }", "operationName": 1}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }", "extensions": "x"}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }", "variables": {"a": 1e999999}}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "query ($id: Int!) { http_book_by_pk(id: $id) { title } }", "variables": {"id": 2e0, "x": -1.5E-3}}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }", "variables": {"a": "\u0000"}}', '{}');
SELECT status, content_type, left(response, 90) FROM graphql.http('POST', repeat('[', 100000), '{}');
-- the body must be JSON in UTF-8
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}', '{"content-type": "text/plain"}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}', '{"content-type": "application/json; charset=latin1"}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}', '{"content-type": "application/json; charset=UTF-8"}');

-- a batch: an array of requests answered as an array in order, each on
-- its own (a malformed one is its own error); at most graphql.max_batch
SELECT status, content_type, response FROM graphql.http('POST', '[{"query": "{ a: http_book_by_pk(id: 1) { title } }"}, {"query": 3}, 5,
  {"query": "{ http_book { nope } }"}, {"query": "query ($id: Int!) { http_book_by_pk(id: $id) { title } }", "variables": {"id": 2}}]',
  '{"accept": "application/graphql-response+json"}');
SELECT status, content_type, response FROM graphql.http('POST', '[]', '{}');
SELECT status, left(response, 110) FROM graphql.http('POST',
  (SELECT '[' || string_agg('{"query": "{ __typename }"}', ',') || ']' FROM generate_series(1, 101)), '{}');
SELECT status, length(response) FROM graphql.http('POST',
  (SELECT '[' || string_agg('{"query": "{ __typename }"}', ',') || ']' FROM generate_series(1, 100)), '{}');
-- a mutation in a batch: each request is its own, so a failed one undoes only itself
SELECT status, content_type, response FROM graphql.http('POST', '[{"query": "mutation { insert_http_book_one(object: {id: 3, title: \"Rules\"}) { id } }"},
  {"query": "mutation { insert_http_book_one(object: {id: 1, title: \"Again\"}) { id } }"}]', '{}');
SELECT * FROM http_book ORDER BY id;

-- GET: the query string, percent-decoded; variables are JSON text
SELECT status, content_type, response FROM graphql.http('GET', 'query=%7B%20http_book(order_by%3A%7Bid%3Aasc%7D)%20%7B%20title%20%7D%20%7D', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'query=query+(%24id%3AInt!)%7Bhttp_book_by_pk(id%3A%24id)%7Btitle%7D%7D&variables=%7B%22id%22%3A2%7D&operationName=&extensions=', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'operationName=B&query=query+A%7B__typename%7D+query+B%7Bhttp_book_by_pk(id%3A1)%7Btitle%7D%7D&other=1', '{}');
-- a mutation is never run from a GET (405), and nothing is written
SELECT status, content_type, response FROM graphql.http('GET', 'query=mutation%7Bdelete_http_book(where%3A%7B%7D)%7Baffected_rows%7D%7D', '{}');
SELECT count(*) FROM http_book;
-- malformed query strings
SELECT status, content_type, response FROM graphql.http('GET', '', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'query=%7B__typename%7D&query=%7B__typename%7D', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'query=%ZZ', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'query=%7B__typename%7D%', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'query=%FF%FE', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'query=%7B__typename%7D&variables=%7B', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'query=%7B__typename%7D&variables=%5B%5D', '{}');
SELECT status, content_type, response FROM graphql.http('GET', 'query=%7B__typename%7D&extensions=1', '{}');
-- read_only (the front sent it to a read replica): a query runs; a mutation
-- is not run but sent back (421), and so is a batch holding one, whole
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ http_book_by_pk(id: 1) { title } }"}', '{}', true);
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "mutation { insert_http_book_one(object: {id: 9, title: \"No\"}) { id } }"}', '{}', true);
SELECT status, content_type, response FROM graphql.http('POST', '[{"query": "{ http_book_by_pk(id: 1) { title } }"}, {"query": "mutation { delete_http_book(where: {}) { affected_rows } }"}]', '{}', true);
SELECT status, content_type, response FROM graphql.http('GET', 'query=mutation%7Bdelete_http_book(where%3A%7B%7D)%7Baffected_rows%7D%7D', '{}', true);
SELECT count(*) FROM http_book;
-- other methods, and headers that are not a JSON object
SELECT status, content_type, response FROM graphql.http('PUT', '{"query": "{ __typename }"}', '{}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}', '[]');

-- what the front may log: the role, the operation's name, the SHA-1 of the
-- query text; a batch's, one per request; none for a malformed request
SELECT log FROM graphql.http('POST', '{"query": "query Named { __typename }", "variables": {"secret": "not logged"}}', '{}');
SELECT log FROM graphql.http('POST', '[{"query": "{ __typename }"}, {"query": 1}]', '{}');
SELECT log FROM graphql.http('POST', '{"query": ', '{}');

-- JWT mode: the token comes from the headers given, which are
-- request.headers for the call only (the caller's are as before after it)
CREATE ROLE regress_graphql_jwt_user;
CREATE ROLE regress_graphql_jwt_editor;
GRANT USAGE ON SCHEMA graphql TO regress_graphql_jwt_user;
GRANT SELECT ON http_book TO regress_graphql_jwt_user;
SELECT set_config('graphql.jwt_secret', json_build_object('type', 'HS256', 'key', :'hs256_secret')::text, false) IS NOT NULL AS configured;
SELECT set_config('request.headers', '{"x-from": "caller"}', false) IS NOT NULL AS caller_headers;
SELECT status, content_type, response, log FROM graphql.http('POST', '{"query": "{ http_book(order_by: {id: asc}) { title } }"}',
  json_build_object('authorization', 'Bearer ' || :'tok_hs256', 'accept', 'application/graphql-response+json'));
SELECT current_setting('request.headers') AS after_call, current_user = session_user AS own_role;
-- no token and no graphql.anon_role: refused, 403 with the GraphQL response type
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}', '{"accept": "application/graphql-response+json"}');
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}', '{}');
-- a role not in the token's allowed roles, and a bad token
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}',
  json_build_object('authorization', 'Bearer ' || :'tok_hs256', 'x-hasura-role', 'postgres'));
SELECT status, content_type, response FROM graphql.http('POST', '{"query": "{ __typename }"}', '{"authorization": "Bearer x.y.z"}');
-- without the headers argument, the caller's request.headers are used
SELECT set_config('request.headers', json_build_object('authorization', 'Bearer ' || :'tok_hs256')::text, false) IS NOT NULL AS set;
SELECT status, content_type, response FROM graphql.http('GET', 'query=%7Bhttp_book_by_pk(id%3A2)%7Btitle%7D%7D');
RESET request.headers;
RESET graphql.jwt_secret;

-- an automatic persisted query's hash alone: not supported (the client
-- sends the query); with the query, the extension is ignored
SELECT status, response FROM graphql.http('POST',
  '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"}}}');
SELECT status, response FROM graphql.http('POST',
  '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "x"}}}');
SELECT status, response FROM graphql.http('POST', '{"extensions": {}}');
SELECT graphql.resolve(NULL, '{}', NULL, '{"persistedQuery": {"version": 1, "sha256Hash": "abc"}}');
SELECT graphql.resolve('{ __typename }', '{}', NULL, '{"persistedQuery": {"version": 1, "sha256Hash": "abc"}}');

DROP TABLE http_book;
DROP OWNED BY regress_graphql_jwt_user;
DROP ROLE regress_graphql_jwt_user;
DROP ROLE regress_graphql_jwt_editor;
