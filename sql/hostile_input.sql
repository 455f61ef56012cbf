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

DROP TABLE hi_author;
