-- Validation errors of queries and the error envelope: messages, codes,
-- locations, several errors at once, request errors versus execution errors
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL,
                      author_id int NOT NULL REFERENCES author);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO article VALUES (1, 'Alpha', 1), (2, 'Beta', 2);

-- unknown fields: at the root, in an object, through a relationship
SELECT graphql.resolve('{ nope { id } }');
SELECT graphql.resolve('{ author { id email } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles { body } } }');
SELECT graphql.resolve('{ article { author { title } } }');
-- field names are case-sensitive
SELECT graphql.resolve('{ Author { id } }');
-- an unknown field in an input object literal
SELECT graphql.resolve('{ author(where: {email: {_eq: "x"}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_like: "1"}}) { id } }');
SELECT graphql.resolve('{ author(order_by: {title: asc}) { id } }');

-- unknown arguments: on a root field, a _by_pk field, a relationship, a column
SELECT graphql.resolve('{ author(first: 1) { id } }');
SELECT graphql.resolve('{ author_by_pk(id: 1, name: "Ann") { id } }');
SELECT graphql.resolve('{ author { articles(first: 1) { id } } }');
SELECT graphql.resolve('{ author { id(x: 1) } }');
-- an argument given twice; an input field given twice
SELECT graphql.resolve('{ author(limit: 1, limit: 2) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_eq: 1, _eq: 2}}) { id } }');
-- the same among more than eight fields (found through a map of the names seen)
SELECT graphql.resolve('{ author(where: {id: {_neq: 2, _gt: 0, _lt: 9, _gte: 0, _lte: 9, _in: [1], _nin: [3], _is_null: false, _eq: 1, _eq: 2}}) { id } }');
-- a missing required argument
SELECT graphql.resolve('{ author_by_pk { id } }');
SELECT graphql.resolve('{ author_by_pk(id: null) { id } }');

-- values of the wrong kind in literals
SELECT graphql.resolve('{ author(where: {id: {_is_null: 1}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_is_null: "yes"}}) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: "asc"}) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: up}) { id } }');
SELECT graphql.resolve('{ author(where: {_and: {id: {_eq: 1}}, _not: [{id: {_eq: 2}}]}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_eq: 1.5}}) { id } }');
SELECT graphql.resolve('{ author(where: 1) { id } }');

-- selection sets: a leaf field with one, an object field without one
SELECT graphql.resolve('{ author { id { x } } }');
SELECT graphql.resolve('{ __typename { x } }');
SELECT graphql.resolve('{ author }');
SELECT graphql.resolve('{ author_by_pk(id: 1) }');
SELECT graphql.resolve('{ author { id articles } }');

-- operations: a role that may change nothing has no mutations; subscriptions
CREATE ROLE graphql_reader_only;
GRANT SELECT ON author TO graphql_reader_only;
SET ROLE graphql_reader_only;
SELECT graphql.resolve('mutation { insert_author(objects: []) { affected_rows } }');
RESET ROLE;
SELECT graphql.resolve('subscription { author { id } }');
-- two operations with one name; an anonymous operation among several
SELECT graphql.resolve('query A { author { id } } query A { author { name } }', '{}', 'A');
SELECT graphql.resolve('{ author { id } } query B { author { name } }');
SELECT graphql.resolve('{ author { id } } query B { author { name } }', '{}', 'B');
SELECT graphql.resolve('{ author { id } } { author { name } }');

-- syntax errors: parse-failed, with the position of the offending token
SELECT graphql.resolve('{ author { id }');
SELECT graphql.resolve('');
SELECT graphql.resolve('{ author(where: {id: {_eq: 1}) { id } }');
SELECT graphql.resolve(E'query {\n  author(limit: 1) {\n    id,\n    name\n  }\n}\n}');

-- locations: line and column (1-based) of the offending token
SELECT graphql.resolve(E'query {\n  author {\n    id\n    nope\n  }\n}');
SELECT graphql.resolve(E'query Q($min: Int!) {\n\tauthor(where: {id: {_gte: $min}}) {\n\t\tid\n\t}\n\tauthor_by_pk {\n\t\tname\n\t}\n}', '{"min": 1}');
-- columns count code points: three characters (one beyond U+FFFF) before the error
SELECT graphql.resolve('{ author(where: {name: {_eq: "é€😀"}}) { nope } }');
-- several errors in one response, in document order
SELECT graphql.resolve(E'{\n  author(limit: "x") {\n    email\n  }\n  nope\n}');
-- an error's path names the field, not its alias
SELECT graphql.resolve('{ a: nope1 b: nope2 author { c: nope3 } }');

-- the envelope: a request error has no "data" key; an execution error
-- (here an invalid regular expression) has "data": null and the SQLSTATE
SELECT r ? 'data' AS has_data, r -> 'errors' -> 0 -> 'extensions' ->> 'code' AS code
  FROM graphql.resolve('{ nope }') AS g, LATERAL (SELECT g::jsonb) AS x(r);
SELECT graphql.resolve('{ author(where: {name: {_regex: "("}}) { id } }');
SELECT r ? 'data' AS has_data, r -> 'data' AS data, r -> 'errors' -> 0 -> 'extensions' AS extensions
  FROM graphql.resolve('{ author(where: {name: {_regex: "("}}) { id } }') AS g, LATERAL (SELECT g::jsonb) AS x(r);
-- an execution error in one root field: no partial data
SELECT graphql.resolve('{ a: author_by_pk(id: 1) { name } b: author(where: {name: {_regex: "["}}) { id } }');
-- a valid query still answers after errors in the same transaction
SELECT graphql.resolve('{ author(order_by: {id: asc}) { id name } }');

ROLLBACK;
