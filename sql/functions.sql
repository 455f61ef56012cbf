-- SQL functions as query fields: STABLE and IMMUTABLE functions returning
-- SETOF a table, one row of a table, or a scalar; their args, defaults,
-- schemas, names, descriptions and privileges; the functions left out
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

-- a named type as SDL, without descriptions
CREATE FUNCTION pg_temp.sdl_type(name text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(l.line, E'\n' ORDER BY l.n)
    FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') AS b(block),
         regexp_split_to_table(regexp_replace(b.block, '[ ]*"""([^"]|"[^"]|""[^"])*"""\n', '', 'g'),
                               E'\n') WITH ORDINALITY AS l(line, n)
   WHERE b.block ~ ('(^|\n)(type|input|enum|scalar) ' || name || '( \{|$)')
     AND l.line <> ''
$$;
-- the root fields whose name matches a regular expression, each on one line
-- with its arguments: "name(arg: Type, ...): Type"
CREATE FUNCTION pg_temp.sdl_root(pattern text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(substr(l, 3), E'\n' ORDER BY l), '(none)')
    FROM regexp_split_to_table(
           replace(replace(replace(pg_temp.sdl_type('query_root'), E'(\n    ', '('), E'\n    ', ', '), E'\n  )', ')'),
           E'\n') AS l
   WHERE l ~ ('^  (' || pattern || ')[(:]')
$$;
-- the description of a root field
CREATE FUNCTION pg_temp.sdl_description(field text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(btrim((SELECT m[1] FROM regexp_match(graphql.sdl(),
           E'"""(([^"]|"[^"]|""[^"])*)"""\n  ' || field || '[(:]') AS m), E' \n'), '(none)')
$$;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, born date);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, rating numeric,
                      author_id int NOT NULL REFERENCES author (id));
INSERT INTO author VALUES (1, 'Ann', '1980-04-01'), (2, 'Bob', NULL), (3, 'Cy', '1990-01-01');
INSERT INTO article VALUES (1, 'Tables', 4.5, 1), (2, 'Views', 3, 1), (3, 'Indexes', NULL, 2),
                           (4, 'Triggers', 5, 3);

-- SETOF a table: a list of that table's type, with args and the five list
-- arguments, and <function>_aggregate
CREATE FUNCTION search_articles(search text) RETURNS SETOF article LANGUAGE sql STABLE
  AS $$ SELECT * FROM article WHERE title ILIKE '%' || search || '%' $$;
COMMENT ON FUNCTION search_articles(text) IS 'Articles whose title contains a text';
SELECT pg_temp.sdl_root('search_articles.*');
SELECT pg_temp.sdl_type('search_articles_args');
SELECT graphql.resolve('{ search_articles(args: {search: "ble"}) { id title } }');
-- where, order_by, limit and offset apply to the function's rows
SELECT graphql.resolve('{ search_articles(args: {search: "e"}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ search_articles(args: {search: "e"}, where: {rating: {_gte: 4}}, order_by: {rating: desc}) { id rating } }');
SELECT graphql.resolve('{ search_articles(args: {search: "e"}, order_by: {rating: desc_nulls_last}, limit: 2, offset: 1) { id rating } }');
SELECT graphql.resolve('{ search_articles(args: {search: "e"}, distinct_on: author_id, order_by: [{author_id: asc}, {id: desc}]) { id author_id } }');
-- relationships from the returned rows, both ways
SELECT graphql.resolve('{ search_articles(args: {search: "iew"}) { title author { name articles(order_by: {id: asc}) { id } } } }');
SELECT graphql.resolve('{ search_articles(args: {search: "es"}, where: {author: {name: {_eq: "Bob"}}}) { title } }');
-- <function>_aggregate over the same rows
SELECT graphql.resolve('{ search_articles_aggregate(args: {search: "e"}, where: {rating: {_is_null: false}}, order_by: {id: asc}) { aggregate { count sum { rating } max { title } } nodes { id } } }');
-- variables, for one argument or the whole args object
SELECT graphql.resolve('query ($s: String) { search_articles(args: {search: $s}) { id } }', '{"s": "ind"}');
SELECT graphql.resolve('query ($a: search_articles_args!) { search_articles(args: $a) { id } }', '{"a": {"search": "trig"}}');
-- a NULL argument: the function decides (here: no rows)
SELECT graphql.resolve('{ search_articles(args: {search: null}) { id } }');

-- no arguments: no args argument
CREATE FUNCTION top_articles() RETURNS SETOF article LANGUAGE sql STABLE
  AS $$ SELECT * FROM article WHERE rating >= 4 $$;
SELECT pg_temp.sdl_root('top_articles');
SELECT graphql.resolve('{ top_articles(order_by: {id: asc}) { id title } }');
SELECT graphql.resolve('{ top_articles_aggregate { aggregate { count avg { rating } } } }');

-- one row of a table: that type, null when the function returns no row
CREATE FUNCTION article_by_title(t text) RETURNS article LANGUAGE sql STABLE
  AS $$ SELECT * FROM article WHERE title = t $$;
SELECT graphql.resolve('{ article_by_title(args: {t: "Views"}) { id title author { name } } }');
SELECT graphql.resolve('{ article_by_title(args: {t: "Nope"}) { id title } }');
-- (Hasura gives a function returning one row the five list arguments and
-- an _aggregate field too)
SELECT pg_temp.sdl_root('article_by_title.*');

-- scalars: their own type (a list for an array, an enum for an enum)
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE FUNCTION add(a int, b int DEFAULT 10) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION avg_rating() RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT avg(rating) FROM article $$;
CREATE FUNCTION greeting(who text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'Hello, ' || who $$;
CREATE FUNCTION info(k text, doc jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql IMMUTABLE
  AS $$ SELECT doc || jsonb_build_object('k', k) $$;
CREATE FUNCTION letters(n int) RETURNS text[] LANGUAGE sql IMMUTABLE
  AS $$ SELECT array_agg(chr(96 + i) ORDER BY i) FROM generate_series(1, n) AS i $$;
CREATE FUNCTION flip(m mood) RETURNS mood LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE m WHEN 'happy' THEN 'sad'::mood ELSE 'happy'::mood END $$;
CREATE FUNCTION authors_in(ids int[]) RETURNS SETOF author LANGUAGE sql STABLE
  AS $$ SELECT * FROM author WHERE id = ANY (ids) $$;
SELECT pg_temp.sdl_root('add|avg_rating|greeting|info|letters|flip');
SELECT pg_temp.sdl_type('flip_args');
SELECT graphql.resolve('{ add(args: {a: 1, b: 2}) avg_rating greeting(args: {who: "Ann"}) }');
SELECT graphql.resolve('{ info(args: {k: "x", doc: {a: [1, 2]}}) letters(args: {n: 3}) flip(args: {m: happy}) }');
SELECT graphql.resolve('{ letters(args: {n: 0}) }');
SELECT graphql.resolve('{ authors_in(args: {ids: [1, 3]}, order_by: {id: desc}) { name } }');
SELECT graphql.resolve('query ($m: mood!, $ids: [Int!]) { flip(args: {m: $m}) authors_in(args: {ids: $ids}) { name } }',
                       '{"m": "sad", "ids": [2]}');
SELECT graphql.resolve('{ __typename a: add(args: {a: 1}) b: add(args: {a: 2}) }');

-- defaults: an omitted argument keeps its default; an argument without
-- one is NULL (Hasura: "Non default arguments cannot be omitted"); an args
-- argument whose arguments all have defaults may itself be omitted
CREATE FUNCTION opt(a int DEFAULT 1, b int DEFAULT 2) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a * 10 + b $$;
CREATE FUNCTION pair(a int, b text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(a::text, 'null') || '/' || coalesce(b, 'null') $$;
SELECT pg_temp.sdl_root('opt|pair');
SELECT graphql.resolve('{ add(args: {a: 1}) }');
SELECT graphql.resolve('{ opt o1: opt(args: {}) o2: opt(args: {b: 5}) o3: opt(args: {a: null}) }');
SELECT graphql.resolve('{ pair(args: {a: 1}) p2: pair(args: {b: "x"}) p3: pair(args: {}) }');
-- an unset variable is null, as in Hasura
SELECT graphql.resolve('query ($a: Int) { opt(args: {a: $a}) }');

-- functions of another schema, with graphql.schemas: prefixed names
CREATE SCHEMA lib;
CREATE FUNCTION lib.double(n int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 2 * n $$;
CREATE FUNCTION lib.by_author(aid int) RETURNS SETOF article LANGUAGE sql STABLE
  AS $$ SELECT * FROM article WHERE author_id = aid $$;
SELECT pg_temp.sdl_root('lib_.*');
SET LOCAL graphql.schemas = 'public, lib';
SELECT pg_temp.sdl_root('lib_.*');
SELECT pg_temp.sdl_type('lib_double_args');
SELECT graphql.resolve('{ lib_double(args: {n: 4}) lib_by_author(args: {aid: 1}, order_by: {id: asc}) { title } }');
SELECT graphql.resolve('{ lib_by_author_aggregate(args: {aid: 1}) { aggregate { count } } }');
RESET graphql.schemas;

-- a comment directive renames a function (its args type too); the rest of
-- the comment is the field's description
CREATE FUNCTION renamed_fn() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 7 $$;
COMMENT ON FUNCTION renamed_fn() IS 'Seven, always. @graphql({"name": "seven"})';
CREATE FUNCTION scale_it(n int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT 10 * n $$;
COMMENT ON FUNCTION scale_it(int) IS '@graphql({"name": "timesTen"})';
SELECT pg_temp.sdl_root('seven|renamed_fn|timesTen|scale_it');
SELECT pg_temp.sdl_type('timesTen_args');
SELECT graphql.resolve('{ seven timesTen(args: {n: 4}) }');
-- descriptions: the comment, else "execute function ..."
SELECT pg_temp.sdl_description('seven');
SELECT pg_temp.sdl_description('search_articles');
SELECT pg_temp.sdl_description('search_articles_aggregate');
SELECT pg_temp.sdl_description('top_articles');
SELECT pg_temp.sdl_description('add');

-- left out: OUT parameters,
-- RETURNS TABLE, unnamed arguments (Hasura would name them arg_1, ...),
-- RETURNS record, RETURNS void, SETOF a scalar, a table outside
-- graphql.schemas, a name taken by a table's field
CREATE FUNCTION outp(a int, OUT b int) LANGUAGE sql IMMUTABLE AS $$ SELECT a $$;
CREATE FUNCTION tbl(a int) RETURNS TABLE (x int) LANGUAGE sql IMMUTABLE AS $$ SELECT a $$;
CREATE FUNCTION unnamed(int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;
CREATE FUNCTION rec() RETURNS record LANGUAGE sql IMMUTABLE AS $$ SELECT 1, 2 $$;
CREATE FUNCTION nothing() RETURNS void LANGUAGE sql IMMUTABLE AS $$ SELECT $$;
CREATE FUNCTION ints(n int) RETURNS SETOF int LANGUAGE sql IMMUTABLE AS $$ SELECT generate_series(1, n) $$;
CREATE SCHEMA hidden;
CREATE TABLE hidden.thing (id int);
CREATE FUNCTION things() RETURNS SETOF hidden.thing LANGUAGE sql STABLE AS $$ SELECT * FROM hidden.thing $$;
CREATE FUNCTION author_by_pk() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 1 $$;
SELECT pg_temp.sdl_root('outp|tbl|unnamed|rec|nothing|ints|things');
SELECT pg_temp.sdl_root('author_by_pk');
SELECT graphql.resolve('{ tbl(args: {a: 1}) }');

-- VOLATILE functions are mutation_root fields, with the same arguments and
-- types; they run inside the request's subtransaction
CREATE TABLE counter (id serial PRIMARY KEY, n int NOT NULL);
CREATE FUNCTION bump(step int DEFAULT 1) RETURNS int LANGUAGE sql VOLATILE
  AS $$ INSERT INTO counter (n) VALUES (step) RETURNING id $$;
CREATE FUNCTION bump_rows(k int) RETURNS SETOF counter LANGUAGE sql VOLATILE
  AS $$ INSERT INTO counter (n) SELECT g FROM generate_series(1, k) g RETURNING * $$;
CREATE FUNCTION bump_fail() RETURNS int LANGUAGE sql VOLATILE
  AS $$ INSERT INTO counter (n) VALUES (NULL) RETURNING id $$;
SELECT pg_temp.sdl_root('bump.*');
CREATE FUNCTION pg_temp.sdl_mutation(pattern text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(substr(l, 3), E'\n' ORDER BY l), '(none)')
    FROM regexp_split_to_table(
           replace(replace(replace(pg_temp.sdl_type('mutation_root'), E'(\n    ', '('), E'\n    ', ', '), E'\n  )', ')'),
           E'\n') AS l
   WHERE l ~ ('^  (' || pattern || ')[(:]')
$$;
SELECT pg_temp.sdl_mutation('bump.*');
SELECT graphql.resolve('mutation { bump }');
SELECT graphql.resolve('mutation { a: bump(args: {step: 5}) b: bump_rows(args: {k: 3}, where: {n: {_gt: 1}}, order_by: {n: desc}) { n } }');
-- as in Hasura, there is no <function>_aggregate for a mutation function
SELECT graphql.resolve('mutation { bump_rows_aggregate(args: {k: 2}) { aggregate { count } } }');
SELECT id, n FROM counter ORDER BY id;
-- a failing function writes nothing, and neither does the rest of the request
SELECT graphql.resolve('mutation { bump(args: {step: 9}) bump_fail }');
SELECT count(*) FROM counter;
-- a query cannot call them
SELECT graphql.resolve('{ bump }');

-- overloaded functions (Hasura cannot track them): the one created first
-- (lowest oid) is exposed, the others are left out
CREATE FUNCTION over(a int) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'int' $$;
CREATE FUNCTION over(a text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'text' $$;
SELECT pg_temp.sdl_root('over');
SELECT pg_temp.sdl_type('over_args');
SELECT graphql.resolve('{ over(args: {a: 1}) }');

-- a role sees only the functions it may EXECUTE
CREATE FUNCTION secret() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 42 $$;
CREATE FUNCTION secret_articles() RETURNS SETOF article LANGUAGE sql STABLE AS $$ SELECT * FROM article $$;
REVOKE EXECUTE ON FUNCTION secret(), secret_articles() FROM PUBLIC;
CREATE ROLE regress_graphql_fn_reader;
GRANT SELECT ON author, article TO regress_graphql_fn_reader;
SET ROLE regress_graphql_fn_reader;
SELECT pg_temp.sdl_root('secret.*|seven');
SELECT graphql.resolve('{ secret }');
RESET ROLE;
GRANT EXECUTE ON FUNCTION secret() TO regress_graphql_fn_reader;
SET ROLE regress_graphql_fn_reader;
SELECT graphql.resolve('{ secret seven }');
RESET ROLE;
-- and only the functions returning rows of a table it may select
REVOKE SELECT ON article FROM regress_graphql_fn_reader;
GRANT EXECUTE ON FUNCTION secret_articles() TO regress_graphql_fn_reader;
SET ROLE regress_graphql_fn_reader;
SELECT pg_temp.sdl_root('secret.*|search_articles|top_articles');
RESET ROLE;

-- SQL errors while executing: {"data": null, "errors": [...]} with the SQLSTATE
CREATE FUNCTION boom() RETURNS int LANGUAGE plpgsql STABLE
  AS $$ BEGIN RAISE EXCEPTION 'boom!'; END $$;
CREATE FUNCTION inverse(n int) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT 1.0 / n $$;
CREATE FUNCTION born_after(d date) RETURNS SETOF author LANGUAGE sql STABLE
  AS $$ SELECT * FROM author WHERE born > d $$;
CREATE FUNCTION half(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT x / 2 $$;
SELECT graphql.resolve('{ boom }');
SELECT graphql.resolve('{ a: inverse(args: {n: 4}) b: inverse(args: {n: 0}) }');
SELECT graphql.resolve('{ born_after(args: {d: "1985-01-01"}) { name } }');
SELECT graphql.resolve('{ half(args: {x: "3.5"}) h2: half(args: {x: 7}) }');
-- a value the argument's type rejects: a data-exception naming the argument
SELECT graphql.resolve('{ born_after(args: {d: "notadate"}) { name } }');
SELECT graphql.resolve('query ($x: numeric) { half(args: {x: $x}) }', '{"x": "abc"}');

-- errors
-- an unknown argument in args
SELECT graphql.resolve('{ add(args: {a: 1, c: 2}) }');
-- a value of the wrong type
SELECT graphql.resolve('{ add(args: {a: "1"}) }');
SELECT graphql.resolve('{ flip(args: {m: "happy"}) }');
SELECT graphql.resolve('{ flip(args: {m: angry}) }');
SELECT graphql.resolve('query ($a: add_args!) { add(args: $a) }', '{"a": {"a": "x"}}');
-- args missing where it is required, null, or not an object
SELECT graphql.resolve('{ add }');
SELECT graphql.resolve('{ search_articles { id } }');
SELECT graphql.resolve('{ add(args: null) }');
SELECT graphql.resolve('{ add(args: 1) }');
-- args on a function without arguments
SELECT graphql.resolve('{ avg_rating(args: {}) }');
SELECT graphql.resolve('{ top_articles(args: {}) { id } }');
-- selection sets: required for rows, refused for scalars
SELECT graphql.resolve('{ article_by_title(args: {t: "Views"}) }');
SELECT graphql.resolve('{ add(args: {a: 1}) { x } }');
-- a list argument of a function that returns a scalar
SELECT graphql.resolve('{ add(args: {a: 1}, limit: 1) }');

ROLLBACK;
