-- Inputs that once crashed a backend (a NULL dereference reachable by any
-- client; a crash restarts every session of the server).  Each is now a
-- GraphQL error; the test would end at the first crash.  The fuzzer of
-- test/fuzz adds its minimised finds here.
CREATE EXTENSION IF NOT EXISTS graphql;
CREATE TABLE hi_author (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO hi_author VALUES (1, 'Ann'), (2, 'Bob');

-- a nullable variable with a default may stand where null is not allowed;
-- an explicit null given for it is refused where it is used
SELECT graphql.resolve('query ($v: hi_author_select_column = id) { hi_author(distinct_on: [$v]) { id } }',
                       '{"v": null}');
SELECT graphql.resolve('query ($v: hi_author_select_column = id) { hi_author(distinct_on: [$v]) { id } }');
SELECT graphql.resolve('query ($v: Int = 1) { hi_author(where: {id: {_in: [$v]}}) { id } }', '{"v": null}');
SELECT graphql.resolve('query ($v: hi_author_bool_exp = {}) { hi_author_aggregate(where: $v) { aggregate { count } } }',
                       '{"v": null}');
SELECT graphql.resolve('mutation ($w: hi_author_bool_exp = {}) { delete_hi_author(where: $w) { affected_rows } }',
                       '{"w": null}');
-- ... found by the fuzzer: count's columns, on_conflict's constraint and
-- update_columns, a bool_and's arguments
SELECT graphql.resolve('query ($c: hi_author_select_column = id) { hi_author_aggregate { aggregate { count(columns: [$c]) } } }',
                       '{"c": null}');
SELECT graphql.resolve('mutation ($c: hi_author_constraint = hi_author_pkey) { insert_hi_author_one(object: {id: 9, name: "x"}, on_conflict: {constraint: $c, update_columns: []}) { id } }',
                       '{"c": null}');
SELECT graphql.resolve('mutation ($u: hi_author_update_column = name) { insert_hi_author_one(object: {id: 9, name: "x"}, on_conflict: {constraint: hi_author_pkey, update_columns: [$u]}) { id } }',
                       '{"u": null}');
CREATE TABLE hi_book (id int PRIMARY KEY, author_id int REFERENCES hi_author (id), published bool);
SELECT graphql.resolve('query ($a: hi_book_select_column_hi_book_aggregate_bool_exp_bool_and_arguments_columns = published) { hi_author(where: {hi_books_aggregate: {bool_and: {arguments: $a, predicate: {_eq: true}}}}) { id } }',
                       '{"a": null}');
DROP TABLE hi_book;

-- a mutation's where or pk_columns from a variable whose value does not coerce
SELECT graphql.resolve('mutation ($w: hi_author_bool_exp!) { delete_hi_author(where: $w) { affected_rows } }',
                       '{"w": {"id": {"_eq": "x"}}}');
SELECT graphql.resolve('mutation ($w: hi_author_bool_exp!) { update_hi_author(where: $w, _set: {name: "x"}) { affected_rows } }',
                       '{"w": {"id": {"_eq": "x"}}}');
SELECT graphql.resolve('mutation ($pk: hi_author_pk_columns_input!) { update_hi_author_by_pk(pk_columns: $pk, _set: {name: "x"}) { id } }',
                       '{"pk": {"id": "x"}}');
SELECT graphql.resolve('mutation ($pk: hi_author_pk_columns_input!) { update_hi_author_by_pk(pk_columns: $pk, _set: {name: "x"}) { id } }',
                       '{"pk": {"id": null}}');
SELECT graphql.resolve('mutation ($s: hi_author_set_input!) { update_hi_author(where: {}, _set: $s) { affected_rows } }',
                       '{"s": {"name": 5}}');
SELECT * FROM hi_author ORDER BY id;

-- Requests that validate run (they compiled to SQL PostgreSQL refused).
-- every field of a selection skipped: an empty object
SELECT graphql.resolve('{ hi_author_aggregate { nodes @include(if: false) { id } } }');
SELECT graphql.resolve('{ hi_author_aggregate { aggregate { max { id @skip(if: true) } } } }');
SELECT graphql.resolve('{ hi_author(order_by: {id: asc}) { id @include(if: false) } }');
SELECT graphql.resolve('{ hi_author_by_pk(id: 1) { ... @skip(if: true) { id } } }');
SELECT graphql.resolve('{ a: hi_author @skip(if: true) { id } }');
SELECT graphql.resolve('mutation { insert_hi_author_one(object: {id: 3, name: "Cy"}) { id @skip(if: true) } }');
-- no updates: an empty list, nothing written
SELECT graphql.resolve('mutation { update_hi_author_many(updates: []) { affected_rows } }');
SELECT graphql.explain('mutation { update_hi_author_many(updates: []) { affected_rows } }');
-- a column named twice in update_columns is set once
SELECT graphql.resolve('mutation { insert_hi_author(objects: [{id: 1, name: "Anne"}], on_conflict: {constraint: hi_author_pkey, update_columns: [name, name]}) { returning { id name } } }');
SELECT * FROM hi_author ORDER BY id;

DROP TABLE hi_author;
