-- graphql.stringify_numeric_types: bigint, numeric and double precision
-- values written as JSON strings, as Hasura's
-- HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES writes them: columns, computed
-- fields, functions, aggregates of such columns, mutation responses; count
-- and affected_rows stay numbers.  Part of the plan cache's key.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

CREATE DOMAIN amount AS numeric(12,2);
CREATE TABLE account (id int PRIMARY KEY, big bigint, exact numeric, ratio float8, approx real,
                      small smallint, balance amount, counts bigint[], label text);
CREATE TABLE entry (id int PRIMARY KEY, account_id int NOT NULL REFERENCES account,
                    units bigint, weight int, price numeric(8,2), score float8);
INSERT INTO account VALUES
  (1, 9007199254740993, 12.50, 1.5, 2.5, 3, 7.10, '{1,9007199254740993}', 'a'),
  (2, -5, 'NaN', 'Infinity', 1, 2, NULL, NULL, 'b');
INSERT INTO entry VALUES (1, 1, 10, 1, 0.50, 0.25), (2, 1, 20, 2, 1.25, 0.5), (3, 2, 30, 4, NULL, NULL);
CREATE FUNCTION account_doubled(a account) RETURNS bigint LANGUAGE sql STABLE AS 'SELECT a.big * 2';
CREATE FUNCTION account_share(a account) RETURNS numeric LANGUAGE sql STABLE AS 'SELECT a.exact / 4';
CREATE FUNCTION account_weight(a account) RETURNS int LANGUAGE sql STABLE AS 'SELECT a.id * 10';
CREATE FUNCTION largest() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT 9223372036854775807::bigint';

-- off (the default): numbers
SELECT graphql.resolve('{ account(order_by: {id: asc}) { id big exact ratio approx small balance counts label } }');
SHOW graphql.stringify_numeric_types;

-- on: bigint, numeric, double precision (a domain as its base type, an
-- array element by element) as strings; int, smallint, real and text as before
SET graphql.stringify_numeric_types = on;
SELECT graphql.resolve('{ account(order_by: {id: asc}) { id big exact ratio approx small balance counts label } }');
-- computed fields and a function's scalar, by the type they return
SELECT graphql.resolve('{ account(order_by: {id: asc}) { doubled share weight } largest }');
-- a relationship's rows, one row (_by_pk)
SELECT graphql.resolve('{ account_by_pk(id: 1) { big entries(order_by: {id: asc}) { units weight price score account { exact } } } }');
-- aggregates: by the column's type, as Hasura (the sum and avg of an int
-- column stay numbers); count is a number
SELECT graphql.resolve('{ entry_aggregate { aggregate { count sum { units weight price score } avg { units weight price } max { units weight price score } min { price } stddev { units } } } }');
SELECT graphql.resolve('{ account(where: {id: {_eq: 1}}) { entries_aggregate { aggregate { count(columns: units) sum { units } } nodes { units } } } }');
-- mutations: the response's rows; affected_rows is a number
SELECT graphql.resolve('mutation { insert_account_one(object: {id: 3, big: 1, exact: 2.5, ratio: 0.5, small: 1}) { id big exact ratio small } }');
SELECT graphql.resolve('mutation { update_account(where: {id: {_eq: 3}}, _inc: {big: 1}) { affected_rows returning { big exact } } }');
SELECT graphql.resolve('mutation { delete_account_by_pk(id: 3) { id big } }');
-- input is unchanged: numbers (and strings, as before) are accepted
SELECT graphql.resolve('query ($b: bigint) { account(where: {big: {_eq: $b}}) { id big } }', '{"b": 9007199254740993}');
SELECT graphql.resolve('query ($b: bigint) { account(where: {big: {_eq: $b}}) { id big } }', '{"b": "-5"}');
-- the cast is in the statement
SELECT split_part(graphql.explain('{ account_by_pk(id: 1) { big approx } }'), E'\n', 2) AS sql;

-- part of the plan cache's key: the same text compiled under one value is
-- not re-used under the other (with variables too: reuse.c)
SELECT graphql.resolve('query ($id: Int) { account(where: {id: {_eq: $id}}) { big } }', '{"id": 1}');
RESET graphql.stringify_numeric_types;
SELECT graphql.resolve('query ($id: Int) { account(where: {id: {_eq: $id}}) { big } }', '{"id": 1}');
SELECT graphql.resolve('query ($id: Int) { account(where: {id: {_eq: $id}}) { big } }', '{"id": 2}');
SET graphql.stringify_numeric_types = on;
SELECT graphql.resolve('query ($id: Int) { account(where: {id: {_eq: $id}}) { big } }', '{"id": 2}');
RESET graphql.stringify_numeric_types;

-- any role may set it for its own session: it changes how its answers are
-- written, not what it may read
CREATE ROLE regress_graphql_stringify;
GRANT SELECT ON account TO regress_graphql_stringify;
SET ROLE regress_graphql_stringify;
SET graphql.stringify_numeric_types = on;
SELECT graphql.resolve('{ account_by_pk(id: 1) { big } }');
RESET graphql.stringify_numeric_types;
SELECT graphql.resolve('{ account_by_pk(id: 1) { big } }');
RESET ROLE;

ROLLBACK;

-- errors: not a boolean
SET graphql.stringify_numeric_types = sometimes;
