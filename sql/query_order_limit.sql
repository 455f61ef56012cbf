-- Queries: order_by (six directions, lists, nested object relationships),
-- limit, offset, distinct_on, and their errors
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

BEGIN;
CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, city text, score int);
INSERT INTO author VALUES
  (1, 'Ann', 'Oslo', 10),
  (2, 'Bob', NULL, 20),
  (3, 'Cid', 'Lima', NULL),
  (4, 'Dan', 'Oslo', 20),
  (5, 'Eve', 'Lima', 5);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, author_id int REFERENCES author);
INSERT INTO article VALUES
  (10, 'a', 3), (11, 'b', 1), (12, 'c', NULL), (13, 'd', 2), (14, 'e', 1);

-- the six directions, on a column with NULLs (asc: nulls last, desc: nulls first)
SELECT graphql.resolve('{ author(order_by: {score: asc, id: asc}) { id score } }');
SELECT graphql.resolve('{ author(order_by: {score: asc_nulls_first, id: asc}) { id score } }');
SELECT graphql.resolve('{ author(order_by: {score: asc_nulls_last, id: asc}) { id score } }');
SELECT graphql.resolve('{ author(order_by: {score: desc, id: asc}) { id score } }');
SELECT graphql.resolve('{ author(order_by: {score: desc_nulls_first, id: asc}) { id score } }');
SELECT graphql.resolve('{ author(order_by: {score: desc_nulls_last, id: asc}) { id score } }');
-- the direction from a variable
SELECT graphql.resolve('query ($d: order_by) { author(order_by: {score: $d, id: asc}) { id } }', '{"d": "desc_nulls_last"}');
SELECT graphql.resolve('query ($o: [author_order_by!]) { author(order_by: $o) { id } }', '{"o": [{"city": "asc"}, {"id": "desc"}]}');

-- several order_by items (a list): in list order
SELECT graphql.resolve('{ author(order_by: [{city: asc}, {score: desc}]) { id city score } }');
SELECT graphql.resolve('{ author(order_by: [{score: desc}, {city: asc}]) { id city score } }');
-- several keys in one object: in the order written
SELECT graphql.resolve('{ author(order_by: {city: desc, name: asc}) { city name } }');
SELECT graphql.resolve('{ author(order_by: {name: desc, city: desc}) { city name } }');
-- a single object where a list is expected
SELECT graphql.resolve('{ author(order_by: {name: desc}) { name } }');
-- null for a column's direction is ignored, as is order_by: null
SELECT graphql.resolve('{ author(order_by: [{name: null}, {id: desc}]) { id } }');
SELECT graphql.resolve('{ author(order_by: null, where: {id: {_eq: 1}}) { id } }');

-- order_by an object relationship's column (nested), and in a nested selection
SELECT graphql.resolve('{ article(order_by: {author: {name: desc}, id: asc}) { id author { name } } }');
SELECT graphql.resolve('{ article(order_by: [{author: {city: asc_nulls_first}}, {id: asc}]) { id author { city } } }');
SELECT graphql.resolve('{ article(order_by: {author: {score: desc_nulls_last, id: asc}, id: desc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_eq: 1}}) { articles(order_by: {title: desc}) { title } } }');

-- limit and offset
SELECT graphql.resolve('{ author(order_by: {id: asc}, limit: 2) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}, offset: 3) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}, limit: 2, offset: 1) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: desc}, limit: 0) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}, offset: 5) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}, offset: 100, limit: 1) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}, limit: 100) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}, limit: null) { id } }');
SELECT graphql.resolve('query ($l: Int, $o: Int) { author(order_by: {id: asc}, limit: $l, offset: $o) { id } }', '{"l": 1, "o": 2}');
-- limit after where, and on an array relationship (per parent row)
SELECT graphql.resolve('{ author(where: {city: {_eq: "Oslo"}}, order_by: {id: desc}, limit: 1) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}, limit: 3) { id articles(order_by: {id: desc}, limit: 1) { id } } }');

-- distinct_on: the first row of each group in order_by order
SELECT graphql.resolve('{ author(distinct_on: city, order_by: [{city: asc}, {score: desc}]) { city id score } }');
SELECT graphql.resolve('{ author(distinct_on: [city], order_by: [{city: desc}, {id: asc}]) { city id } }');
SELECT graphql.resolve('{ author(distinct_on: [city, score], order_by: [{score: asc}, {city: asc}, {id: desc}]) { id } }');
SELECT graphql.resolve('{ author(distinct_on: [city, score], order_by: {city: asc, score: asc, id: desc}) { id } }');
-- without order_by: one row per distinct value
SELECT graphql.resolve('{ author(distinct_on: city) { city } }');
-- with limit: the limit applies after distinct
SELECT graphql.resolve('{ author(distinct_on: city, order_by: [{city: asc}, {id: asc}], limit: 2) { city id } }');
SELECT graphql.resolve('query ($d: [author_select_column!]) { author(distinct_on: $d, order_by: [{city: asc}, {id: asc}]) { id } }', '{"d": ["city"]}');

-- error cases
-- distinct_on not matching the leading order_by columns
SELECT graphql.resolve('{ author(distinct_on: city, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(distinct_on: city, order_by: [{id: asc}, {city: asc}]) { id } }');
SELECT graphql.resolve('{ author(distinct_on: [city, score], order_by: {city: asc}) { id } }');
SELECT graphql.resolve('{ article(distinct_on: author_id, order_by: {author: {id: asc}}) { id } }');
-- an unknown distinct_on column
SELECT graphql.resolve('{ author(distinct_on: nope) { id } }');
-- a negative limit, a limit given as a string, a float, a negative offset
SELECT graphql.resolve('{ author(limit: -1) { id } }');
SELECT graphql.resolve('{ author(limit: "2") { id } }');
SELECT graphql.resolve('{ author(limit: 1.5) { id } }');
SELECT graphql.resolve('query ($l: Int) { author(limit: $l) { id } }', '{"l": -1}');
SELECT graphql.resolve('query ($l: Int) { author(limit: $l) { id } }', '{"l": "2"}');
SELECT graphql.resolve('{ author(order_by: {id: asc}, offset: -1) { id } }');
-- a negative limit is Hasura's validation error, before anything runs: one
-- in the document (a literal, a variable's default) is refused by the
-- planner; -0 is 0
SELECT graphql.resolve('{ author(order_by: {id: asc}, limit: -0) { id } }');
SELECT graphql.resolve('query ($l: Int = -2) { author(limit: $l) { id } }');
SELECT graphql.resolve('query ($l: Int = -2) { author(order_by: {id: asc}, limit: $l) { id } }', '{"l": 1}');
-- a variable's is not read by the compiler (every value shares the
-- statements: the last two requests re-use the first's) but refused on each
-- run
CREATE TEMP TABLE reuses AS SELECT reuses FROM graphql.cache_stats();
SELECT graphql.resolve('query ($l: Int) { author(order_by: {id: asc}, limit: $l) { id } }', '{"l": 1}');
SELECT graphql.resolve('query ($l: Int) { author(order_by: {id: asc}, limit: $l) { id } }', '{"l": -2}');
SELECT graphql.resolve('query ($l: Int) { author(order_by: {id: asc}, limit: $l) { id } }', '{"l": 2}');
SELECT s.reuses - r.reuses AS reused FROM graphql.cache_stats() s, reuses r;
-- a relationship's, also where no row reaches it; an aggregate's; in a
-- mutation's response, before the write
SELECT graphql.resolve('query ($l: Int) { author(where: {id: {_eq: 99}}) { articles(limit: $l) { id } } }', '{"l": -1}');
SELECT graphql.resolve('query ($l: Int) { author_aggregate(limit: $l) { aggregate { count } } }', '{"l": -1}');
SELECT graphql.resolve('mutation ($l: Int) { insert_author_one(object: {id: 6, name: "Fay"}) { articles(limit: $l) { id } } }', '{"l": -1}');
SELECT count(*) FROM author WHERE id = 6;
-- graphql.explain refuses it too
SELECT graphql.explain('query ($l: Int) { author(limit: $l) { id } }', '{"l": -1}');
-- a negative offset is PostgreSQL's error, as in Hasura (whose offset is
-- any integer): literal or variable
SELECT graphql.resolve('query ($o: Int) { author(order_by: {id: asc}, offset: $o) { id } }', '{"o": -1}');
-- order_by: an unknown direction, an unknown column, a direction given as a string
SELECT graphql.resolve('{ author(order_by: {id: up}) { id } }');
SELECT graphql.resolve('{ author(order_by: {nope: asc}) { id } }');
SELECT graphql.resolve('{ author(order_by: {id: "asc"}) { id } }');
SELECT graphql.resolve('query ($d: order_by) { author(order_by: {id: $d}) { id } }', '{"d": "up"}');
-- ordering by an array relationship is not a column
SELECT graphql.resolve('{ author(order_by: {articles: asc}) { id } }');

-- with limit or offset the rows are chosen before their JSON is built; a
-- role that may select only some columns still gets its rows, ordered by a
-- column it can see and through a relationship
CREATE ROLE regress_graphql_ol_some;
GRANT SELECT (id, title, author_id) ON article TO regress_graphql_ol_some;
GRANT SELECT (id, name) ON author TO regress_graphql_ol_some;
SET LOCAL ROLE regress_graphql_ol_some;
SELECT graphql.resolve('{ article(order_by: [{author: {name: desc}}, {id: asc}], limit: 2, offset: 1) { id title author { name } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}, limit: 1) { name articles(order_by: {id: desc}, limit: 1) { title } } }');
RESET ROLE;

-- the chosen rows carry only the columns their JSON reads (and the ordering
-- values) through the sort: here id, name and, for the relationship, the
-- join column author_id; not title
SELECT split_part(graphql.explain('{ article(order_by: {id: desc}, limit: 2) { id author { name } } }'),
                  E'\n', 2) AS sql;
SELECT graphql.resolve('{ article(order_by: {id: desc}, limit: 2) { id author { name } } }');
-- only __typename: no column at all
SELECT split_part(graphql.explain('{ article(order_by: {title: asc}, limit: 1) { __typename } }'), E'\n', 2) AS sql;
SELECT graphql.resolve('{ article(order_by: {title: asc}, limit: 1) { __typename } }');
-- a column whose name is not a GraphQL name, read by a computed field (which
-- takes the whole row): it goes through too
ALTER TABLE author ADD COLUMN "home town" text;
UPDATE author SET "home town" = 'Town ' || name;
CREATE FUNCTION author_origin(a author) RETURNS text LANGUAGE sql STABLE AS $$ SELECT a."home town" $$;
SELECT graphql.resolve('{ author(order_by: {id: asc}, limit: 2, offset: 1) { id origin } }');
ROLLBACK;
