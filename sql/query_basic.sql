-- Queries: selecting columns, aliases, __typename, _by_pk, several root
-- fields, empty tables, wide tables, other schemas and privileges
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

BEGIN;
CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, email text, age int);
INSERT INTO author VALUES
  (1, 'Ann', 'ann@example.com', 31),
  (2, 'Bob', NULL, 42),
  (3, 'Cid', 'cid@example.com', NULL);
CREATE TABLE enrolment (student int, course text, grade text, PRIMARY KEY (student, course));
INSERT INTO enrolment VALUES (1, 'math', 'A'), (1, 'art', 'B'), (2, 'math', 'C');
CREATE TABLE empty_table (id int PRIMARY KEY, label text);

-- all rows, all columns (rows come in the table's physical order when no order_by)
SELECT graphql.resolve('{ author(order_by: {id: asc}) { id name email age } }');

-- some columns, in the order selected
SELECT graphql.resolve('{ author(order_by: {id: asc}) { age name } }');

-- aliases, and the same field twice under different aliases
SELECT graphql.resolve('{ writers: author(order_by: {id: asc}) { key: id who: name also: name } }');

-- the same root field twice under different aliases, with different arguments
SELECT graphql.resolve('{ first: author(where: {id: {_eq: 1}}) { name } third: author(where: {id: {_eq: 3}}) { name } }');

-- __typename on rows, on an aliased root field, and at the root
SELECT graphql.resolve('{ author(limit: 1, order_by: {id: asc}) { __typename id } }');
SELECT graphql.resolve('{ __typename a: author_by_pk(id: 2) { t: __typename name } }');
SELECT graphql.resolve('{ __typename }');

-- _by_pk: a row found, and no row (null)
SELECT graphql.resolve('{ author_by_pk(id: 2) { id name email } }');
SELECT graphql.resolve('{ author_by_pk(id: 99) { id name } }');
SELECT graphql.resolve('query ($id: Int!) { author_by_pk(id: $id) { name } }', '{"id": 3}');

-- _by_pk with a composite primary key: one argument per key column
SELECT graphql.resolve('{ enrolment_by_pk(student: 1, course: "art") { student course grade } }');
SELECT graphql.resolve('{ enrolment_by_pk(course: "math", student: 2) { grade } }');
SELECT graphql.resolve('{ enrolment_by_pk(student: 2, course: "art") { grade } }');
SELECT graphql.resolve('{ enrolment(order_by: [{student: asc}, {course: asc}]) { student course } }');

-- several root fields in one query: keys in selection order
SELECT graphql.resolve('{ enrolment_by_pk(student: 1, course: "math") { grade } author(where: {id: {_eq: 2}}) { name } empty_table { id } __typename }');
SELECT graphql.resolve('{ b: author_by_pk(id: 2) { name } a: author_by_pk(id: 1) { name } }');

-- an empty table gives an empty list; _by_pk on it gives null
SELECT graphql.resolve('{ empty_table { id label } }');
SELECT graphql.resolve('{ empty_table_by_pk(id: 1) { id } }');

-- a table with 300 columns, selected whole: every key, in order
SELECT format('CREATE TABLE wide (%s)', string_agg(format('c%s int', i), ', ' ORDER BY i))
  FROM generate_series(1, 300) i \gexec
SELECT format('INSERT INTO wide VALUES (%s)', string_agg(i::text, ', ' ORDER BY i))
  FROM generate_series(1, 300) i \gexec
SELECT format('{ wide { %s } }', string_agg('c' || i, ' ' ORDER BY i)) AS wide_query
  FROM generate_series(1, 300) i \gset
SELECT graphql.resolve(:'wide_query') AS wide_result \gset
SELECT length(:'wide_result') AS length,
       left(:'wide_result', 40) AS head,
       right(:'wide_result', 40) AS tail;
SELECT :'wide_result'::text = format('{"data": {"wide": [{%s}]}}',
         string_agg(format('"c%s":%s', i, i), ',' ORDER BY i)) AS exact,
       (SELECT array_agg(k) FROM json_object_keys(:'wide_result'::json #> '{data,wide,0}') k)
         = (SELECT array_agg('c' || i ORDER BY i) FROM generate_series(1, 300) i) AS keys_in_order
  FROM generate_series(1, 300) i;
-- in reverse order
SELECT format('{ wide { %s } }', string_agg('c' || i, ' ' ORDER BY i DESC)) AS wide_query
  FROM generate_series(1, 300) i \gset
SELECT (SELECT array_agg(k) FROM json_object_keys(graphql.resolve(:'wide_query') #> '{data,wide,0}') k)
         = (SELECT array_agg('c' || i ORDER BY i DESC) FROM generate_series(1, 300) i) AS keys_in_order;

-- tables of another schema: only once it is in graphql.schemas, prefixed <schema>_
CREATE SCHEMA other;
CREATE TABLE other.thing (id int PRIMARY KEY, label text);
INSERT INTO other.thing VALUES (1, 'one'), (2, 'two');
CREATE TABLE other.author (id int PRIMARY KEY, nick text);
INSERT INTO other.author VALUES (7, 'seven');
SELECT graphql.resolve('{ other_thing { id } }');
SET graphql.schemas = 'public, other';
SELECT graphql.resolve('{ other_thing(order_by: {id: asc}) { __typename id label } }');
SELECT graphql.resolve('{ other_thing_by_pk(id: 2) { label } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { __typename name } other_author { __typename id nick } }');
SELECT graphql.resolve('{ thing { id } }');
-- only the other schema
SET graphql.schemas = 'other';
SELECT graphql.resolve('{ other_thing_by_pk(id: 1) { label } }');
SELECT graphql.resolve('{ author { id } }');
RESET graphql.schemas;

-- privileges: a role sees only the tables and columns it may select
CREATE ROLE regress_graphql_reader;
GRANT USAGE ON SCHEMA graphql TO regress_graphql_reader;
GRANT SELECT (id, name) ON author TO regress_graphql_reader;
GRANT SELECT ON empty_table TO regress_graphql_reader;
GRANT SELECT (course, grade) ON enrolment TO regress_graphql_reader;
SET ROLE regress_graphql_reader;
SELECT graphql.resolve('{ author(order_by: {id: asc}) { id name } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { name } }');
SELECT graphql.resolve('{ empty_table { id label } }');
-- a table without the privilege is absent
SELECT graphql.resolve('{ wide { c1 } }');
-- a column without the privilege is absent
SELECT graphql.resolve('{ author { id email } }');
SELECT graphql.resolve('{ author(where: {age: {_gt: 1}}) { id } }');
SELECT graphql.resolve('{ author(order_by: {email: asc}) { id } }');
-- a primary key column without the privilege: no _by_pk field
SELECT graphql.resolve('{ enrolment(order_by: {course: asc}) { course grade } }');
SELECT graphql.resolve('{ enrolment_by_pk(student: 1, course: "art") { grade } }');
SELECT graphql.resolve('{ enrolment { student } }');
RESET ROLE;

-- error cases
-- an unknown column, an unknown root field
SELECT graphql.resolve('{ author { id x } }');
SELECT graphql.resolve('{ authors { id } }');
-- _by_pk without its arguments, or with a null one
SELECT graphql.resolve('{ author_by_pk { id } }');
SELECT graphql.resolve('{ enrolment_by_pk(student: 1) { grade } }');
SELECT graphql.resolve('{ author_by_pk(id: null) { id } }');
-- a table field without a selection set, a column with one
SELECT graphql.resolve('{ author }');
SELECT graphql.resolve('{ author { id { x } } }');
ROLLBACK;
