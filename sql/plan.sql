-- The plan stage: a list field's rows (plan.c: where, order_by,
-- distinct_on, limit, offset) and every kind of boolean expression
-- (plan_filter.c) are planned, then written.  The SQL written is pinned here
-- (the expected output was produced by the one-pass compiler before the
-- plan stage, and must not change), and so are the errors found, their
-- order and their number.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

BEGIN;
CREATE TYPE odd_mood AS ENUM ('very sad', 'ok');
CREATE DOMAIN score AS int CHECK (VALUE >= 0);
CREATE TABLE author (
  id int PRIMARY KEY,
  name text NOT NULL,
  tags text[],
  meta jsonb,
  mood odd_mood,
  points score
);
INSERT INTO author VALUES
  (1, 'Ann', '{sql,c}', '{"lang": "en"}', 'ok', 5),
  (2, 'Bob', '{c}', '{"lang": "fr", "level": 2}', 'very sad', 0),
  (3, 'Cid', '{}', NULL, NULL, NULL);
CREATE TABLE article (
  id int PRIMARY KEY,
  title text NOT NULL,
  published boolean NOT NULL,
  author_id int REFERENCES author
);
INSERT INTO article VALUES (10, 'SQL', true, 1), (11, 'C', false, 1), (12, 'Hi', true, 2);
CREATE FUNCTION author_name_length(a author) RETURNS int LANGUAGE sql STABLE
  AS $$ SELECT length(a.name) $$;
CREATE FUNCTION authors_named(names text[], at_least int DEFAULT 0) RETURNS SETOF author LANGUAGE sql STABLE
  AS $$ SELECT * FROM author WHERE name = ANY (names) AND id >= at_least $$;
CREATE DOMAIN name_list AS text[] CHECK (cardinality(VALUE) <= 2);
CREATE FUNCTION authors_in(names name_list) RETURNS SETOF author LANGUAGE sql STABLE
  AS $$ SELECT * FROM author WHERE name = ANY (names) $$;

-- the statement (the second line of graphql.explain) of a where of every kind
CREATE FUNCTION pg_temp.statement(query text, variables jsonb DEFAULT NULL) RETURNS text LANGUAGE sql AS $$
  SELECT split_part(graphql.explain(query, variables), E'\n', 2)
$$;

-- an object of fields; _and, _or, _not; empty ones
SELECT pg_temp.statement('{ author(where: {id: {_gt: 1, _lte: 3}, name: {_like: "%n%"}}) { id } }');
SELECT pg_temp.statement('{ author(where: {_and: [{id: {_eq: 1}}, {name: {_neq: "x"}}], _or: [{id: {_in: [1, 2]}}, {id: {_nin: []}}]}) { id } }');
SELECT pg_temp.statement('{ author(where: {_not: {name: {_ilike: "a%"}}, _and: [], _or: []}) { id } }');
SELECT pg_temp.statement('{ author(where: {}) { id } }');
SELECT pg_temp.statement('{ author(where: {id: {}}) { id } }');
-- arrays: = of an array, _in of arrays, _contains; jsonb's operators
SELECT pg_temp.statement('{ author(where: {tags: {_eq: ["c"], _contains: ["c"], _contained_in: ["c", "sql"]}}) { id } }');
SELECT pg_temp.statement('{ author(where: {tags: {_in: [["c"], ["sql", "c"]], _nin: []}}) { id } }');
SELECT pg_temp.statement('{ author(where: {meta: {_has_key: "lang", _has_keys_any: ["a"], _has_keys_all: ["lang"], _contains: {lang: "en"}}}) { id } }');
-- compared as text: an enum whose labels are not names; a domain as its base type
SELECT pg_temp.statement('{ author(where: {mood: {_eq: "ok", _similar: "o%", _is_null: false}, points: {_gte: 1}}) { id } }');
-- relationships: EXISTS, an aggregate predicate with a filter, a computed field
SELECT pg_temp.statement('{ author(where: {articles: {published: {_eq: true}}}) { id } }');
SELECT pg_temp.statement('{ author(where: {articles_aggregate: {count: {predicate: {_gt: 1}, filter: {published: {_eq: true}}, distinct: true}}}) { id } }');
SELECT pg_temp.statement('{ article(where: {author: {name_length: {_eq: 3}}}) { id } }');
SELECT pg_temp.statement('{ author(where: {name_length: {_gt: 2}, articles_aggregate: {count: {predicate: {}}}}) { id } }');
-- order_by of every kind: a column, a computed field, aggregates, an
-- object relationship (two levels); distinct_on with and without order_by;
-- limit and offset
SELECT pg_temp.statement('{ article(order_by: [{author: {name: desc}}, {id: asc}], limit: 2, offset: 1) { id } }');
SELECT pg_temp.statement('{ author(order_by: {name_length: desc_nulls_last, articles_aggregate: {count: asc, max: {id: desc}}}) { id } }');
SELECT pg_temp.statement('{ author(order_by: {articles_aggregate: {count: asc}, id: null}, limit: 1) { id } }');
SELECT pg_temp.statement('{ author(distinct_on: [name, name]) { id } }');
SELECT pg_temp.statement('{ author(distinct_on: name, order_by: [{name: asc}, {id: desc}], where: {id: {_gt: 0}}) { id } }');
SELECT pg_temp.statement('{ author(where: null, order_by: null, limit: null, offset: null) { id } }');
-- the columns a limited list's chosen rows carry through the sort: those
-- its selections read (columns, JSON paths, the join columns of
-- relationships and aggregates), every one when a computed field reads the row
SELECT pg_temp.statement('{ article(limit: 2, order_by: {id: asc}) { title author { name } } }');
SELECT pg_temp.statement('{ author(limit: 2, order_by: {id: asc}) { meta(path: "lang") articles_aggregate { aggregate { count } } articles(limit: 1) { id } } }');
SELECT pg_temp.statement('{ author(limit: 2, order_by: {id: asc}) { id name_length } }');
SELECT pg_temp.statement('{ author(limit: 2) { __typename } }');
-- a function's arguments: given, defaulted, null, a list for an array
SELECT pg_temp.statement('{ authors_named(args: {names: ["Ann", "Bob"]}) { id } }');
SELECT pg_temp.statement('{ authors_named(args: {names: null}) { id } }');
SELECT pg_temp.statement('{ authors_named(args: {names: ["Ann"], at_least: 2}) { id } }');
-- an aggregate ordering given null takes an alias all the same (the
-- aliases after it keep their numbers)
SELECT pg_temp.statement('{ author(order_by: {articles_aggregate: {max: {id: null, title: desc}}}) { id articles { id } } }');
-- the answers of some of them
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_gt: 0}, filter: {published: {_eq: true}}}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {tags: {_in: [["c"], ["sql", "c"]]}, mood: {_neq: "ok"}}) { id } }');
SELECT graphql.resolve('{ author(where: {_or: [{points: {_gte: 5}}, {meta: {_has_key: "level"}}]}, order_by: {id: asc}) { id } }');

-- errors: a null where a value is needed
SELECT graphql.resolve('query ($w: author_bool_exp) { author(where: {_not: $w}) { id } }', '{"w": null}');
SELECT graphql.resolve('{ author(where: {id: null}) { id } }');
SELECT graphql.resolve('query ($v: Int) { author(where: {id: {_eq: $v}}) { id } }', '{"v": null}');
-- every element of _and and _or, every operator of a column, is checked;
-- within one object the first field that fails ends it
SELECT graphql.resolve('query ($a: [Int!], $b: String) { author(where: {_and: [{id: {_in: $a}}, {name: {_eq: $b}}]}) { id } }', '{"a": null, "b": null}');
SELECT graphql.resolve('query ($a: [Int!], $b: Int) { author(where: {id: {_in: $a, _eq: $b}}) { id } }', '{"a": null, "b": null}');
SELECT graphql.resolve('query ($a: [Int!], $b: String) { author(where: {id: {_in: $a}, name: {_eq: $b}}) { id } }', '{"a": null, "b": null}');
-- a list of arrays with a null element (refused by coercion, before planning)
SELECT graphql.resolve('query ($t: [[String!]!]) { author(where: {tags: {_in: $t}}) { id } }', '{"t": [["c"], ["x", null]]}');
-- an aggregate predicate: not exactly one; a null one; its filter and its operators both checked
SELECT graphql.resolve('{ author(where: {articles_aggregate: {}}) { id } }');
SELECT graphql.resolve('query ($c: article_aggregate_bool_exp_count) { author(where: {articles_aggregate: {count: $c}}) { id } }', '{"c": null}');
SELECT graphql.resolve('query ($p: Boolean, $n: Int) { author(where: {articles_aggregate: {count: {filter: {published: {_eq: $p}}, predicate: {_eq: $n}}}}) { id } }', '{"p": null, "n": null}');
-- the arguments of a list field: every one coerced, each one's errors;
-- distinct_on not leading order_by (a column of a relationship, an aggregate)
SELECT graphql.resolve('query ($l: Int, $o: Int, $w: Int) { author(limit: $l, offset: $o, where: {id: {_eq: $w}}) { id } }', '{"l": "a", "o": "b", "w": "c"}');
SELECT graphql.resolve('{ author(distinct_on: name, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ article(distinct_on: title, order_by: [{author: {name: asc}}, {title: asc}]) { id } }');
SELECT graphql.resolve('{ author(distinct_on: [name, id], order_by: [{name: asc}, {articles_aggregate: {count: asc}}]) { id } }');
SELECT graphql.resolve('{ author(distinct_on: name, order_by: {name: asc}, where: {id: null}) { id } }');
-- a JSON path that does not parse
SELECT graphql.resolve('{ author { meta(path: "lang..x") } }');
SELECT graphql.resolve('{ author { meta(path: "[x]") } }');
-- a domain over an array: bound as its base type's array, its CHECK run by the call
SELECT graphql.resolve('{ authors_in(args: {names: ["Ann", "Cid"]}) { id } }');
SELECT graphql.resolve('{ authors_in(args: {names: ["Ann", "Bob", "Cid"]}) { id } }');
SELECT graphql.resolve('{ authors_named(args: {names: ["Ann", null]}) { id } }');
-- a response key too long for an SQL name: json_build_object, which takes
-- at most 50 fields
SELECT graphql.resolve('{ author(where: {id: {_eq: 1}}) { ' || repeat('k', 64) || ': name id } }');
SELECT graphql.resolve('{ author { ' || repeat('k', 64) || ': id ' ||
                       (SELECT string_agg('f' || i || ': id', ' ') FROM generate_series(1, 50) AS i) || ' } }');
-- an order_by that orders by nothing is no order_by for distinct_on
SELECT graphql.resolve('{ article(distinct_on: title, order_by: {author: {}}) { id } }');
SELECT graphql.resolve('{ article(distinct_on: title, order_by: [{author: {name: null}}, {id: null}]) { id } }');
-- once the statement has an error, a boolean expression stops after the
-- field being planned (the second element of _and, a mutation's where after
-- its _set)
SELECT graphql.resolve('{ article(where: {_and: [{id: {_eq: null}}, {title: {_eq: "x"}, published: {_eq: null}}]}) { id } }');
SELECT graphql.resolve('mutation { delete_author(where: {_or: [{id: {_eq: null}}, {id: {_eq: 1}, name: {_eq: null}}]}) { affected_rows } }');
SELECT graphql.resolve('mutation { update_author(_set: {name: null}, where: {id: {_eq: 1}, name: {_eq: null}}) { affected_rows } }');
-- a filter in a relationship's own where, and in an aggregate field
SELECT graphql.resolve('query ($p: Boolean) { author { id articles(where: {published: {_eq: $p}}) { id } } }', '{"p": null}');
SELECT graphql.resolve('query ($p: Boolean) { author_aggregate(where: {articles: {published: {_eq: $p}}}) { aggregate { count } } }', '{"p": null}');
ROLLBACK;
