-- Computed fields: functions whose only argument is a table's row become
-- fields of that table's type (a scalar, one row, or rows); scalar ones
-- filter and order like columns
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

-- a named type as SDL; descriptions left out unless asked for
CREATE FUNCTION pg_temp.sdl_type(name text, descriptions boolean DEFAULT false) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(l.line, E'\n' ORDER BY l.n)
    FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') AS b(block),
         regexp_split_to_table(CASE WHEN descriptions THEN b.block
                                   ELSE regexp_replace(b.block, '[ ]*"""([^"]|"[^"]|""[^"])*"""\n', '', 'g') END,
                               E'\n') WITH ORDINALITY AS l(line, n)
   WHERE b.block ~ ('(^|\n)(type|input|enum|scalar) ' || name || '( \{|$)')
     AND l.line <> ''
$$;
-- the fields of a type whose name matches a regular expression, each on one
-- line with its arguments: "name(arg: Type, ...): Type"
CREATE FUNCTION pg_temp.sdl_fields(name text, pattern text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(substr(l.line, 3), E'\n' ORDER BY l.n), '(none)')
    FROM regexp_split_to_table(
           replace(replace(replace(pg_temp.sdl_type(name), E'(\n    ', '('), E'\n    ', ', '), E'\n  )', ')'),
           E'\n') WITH ORDINALITY AS l(line, n)
   WHERE l.line ~ ('^  (' || pattern || ')[(:]')
$$;

CREATE TABLE author (id int PRIMARY KEY, first_name text NOT NULL, last_name text, born date);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, rating numeric,
                      author_id int NOT NULL REFERENCES author (id));
INSERT INTO author VALUES (1, 'Ann', 'Lee', '1980-04-01'), (2, 'Bob', NULL, NULL), (3, 'Cy', 'Young', '1990-01-01');
INSERT INTO article VALUES (1, 'Tables', 4.5, 1), (2, 'Views', 3, 1), (3, 'Indexes', NULL, 2),
                           (4, 'Triggers', 5, 3);

-- naming: author_full_name(author) -> author.full_name; a function without
-- the table's name as a prefix keeps its name; a directive renames
CREATE FUNCTION author_full_name(a author) RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT a.first_name || coalesce(' ' || a.last_name, '') $$;
COMMENT ON FUNCTION author_full_name(author) IS 'First and last name';
CREATE FUNCTION author_article_count(a author) RETURNS bigint LANGUAGE sql STABLE
  AS $$ SELECT count(*) FROM article WHERE author_id = a.id $$;
CREATE FUNCTION author_age(a author) RETURNS int LANGUAGE sql IMMUTABLE
  AS $$ SELECT 2020 - extract(year FROM a.born)::int $$;
CREATE FUNCTION author_initials(a author) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT left(a.first_name, 1) || coalesce(left(a.last_name, 1), '') $$;
COMMENT ON FUNCTION author_initials(author) IS 'Initials @graphql({"name": "monogram"})';
CREATE FUNCTION title_length(a article) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT length(a.title) $$;
-- one row of another table (null when there is none)
CREATE FUNCTION article_best_of_author(a article) RETURNS article LANGUAGE sql STABLE
  AS $$ SELECT * FROM article WHERE author_id = a.author_id AND rating IS NOT NULL
        ORDER BY rating DESC LIMIT 1 $$;
SELECT pg_temp.sdl_type('author');
SELECT pg_temp.sdl_type('article');
-- scalar ones filter and order like columns
SELECT pg_temp.sdl_fields('author_bool_exp', 'age|article_count|full_name|monogram');
SELECT pg_temp.sdl_fields('author_order_by', 'age|article_count|full_name|monogram');
SELECT pg_temp.sdl_fields('article_bool_exp', 'title_length|best_of_author');

-- scalar computed fields, selected and aliased
SELECT graphql.resolve('{ author(order_by: {id: asc}) { id full_name name: full_name article_count age monogram } }');
SELECT graphql.resolve('{ article_by_pk(id: 2) { title title_length } }');
-- in where, with comparison operators
SELECT graphql.resolve('{ author(where: {full_name: {_like: "% %"}}, order_by: {id: asc}) { id full_name } }');
SELECT graphql.resolve('{ author(where: {full_name: {_eq: "Bob"}}) { id } }');
SELECT graphql.resolve('{ author(where: {article_count: {_gte: "2"}}) { id } }');
SELECT graphql.resolve('{ author(where: {age: {_is_null: true}}) { id } }');
SELECT graphql.resolve('{ author(where: {_or: [{age: {_gt: 35}}, {monogram: {_in: ["B", "X"]}}]}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ article(where: {title_length: {_lt: 7}}, order_by: {id: asc}) { title } }');
SELECT graphql.resolve('{ article(where: {author: {full_name: {_ilike: "cy%"}}}) { title } }');
SELECT graphql.resolve('query ($n: bigint) { author(where: {article_count: {_eq: $n}}, order_by: {id: asc}) { id } }', '{"n": 1}');
-- in order_by, with directions
SELECT graphql.resolve('{ author(order_by: {full_name: desc}) { full_name } }');
SELECT graphql.resolve('{ author(order_by: {age: asc}) { id age } }');
SELECT graphql.resolve('{ author(order_by: {age: desc}) { id age } }');
SELECT graphql.resolve('{ author(order_by: {age: desc_nulls_last}) { id age } }');
SELECT graphql.resolve('{ author(order_by: [{article_count: desc}, {id: desc}]) { id article_count } }');
SELECT graphql.resolve('{ article(order_by: [{author: {full_name: asc}}, {title_length: desc}]) { title } }');
SELECT graphql.resolve('{ author(distinct_on: last_name, order_by: [{last_name: asc}, {article_count: desc}]) { id } }');
-- inside relationships and inside aggregate nodes
SELECT graphql.resolve('{ article(order_by: {id: asc}, limit: 2) { title title_length author { full_name article_count } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles(order_by: {title_length: asc}) { title title_length } } }');
SELECT graphql.resolve('{ author_aggregate(order_by: {id: asc}) { aggregate { count } nodes { full_name age } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles_aggregate(where: {title_length: {_gt: 5}}) { aggregate { count } nodes { title_length } } } }');

-- one row of another table: an object, null when the function returns none
SELECT graphql.resolve('{ article(order_by: {id: asc}) { id best_of_author { id rating author { monogram } } } }');
-- SETOF rows: a list, with distinct_on, limit, offset, order_by and where
CREATE FUNCTION author_good_articles(a author) RETURNS SETOF article LANGUAGE sql STABLE
  AS $$ SELECT * FROM article WHERE author_id = a.id AND rating >= 3 $$;
SELECT graphql.resolve('{ author(order_by: {id: asc}) { id good_articles(order_by: {rating: desc}) { title rating } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { good_articles(where: {rating: {_gt: 4}}) { id } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { good_articles(order_by: {id: asc}, limit: 1, offset: 1) { id } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { good_articles(distinct_on: author_id, order_by: [{author_id: asc}, {rating: asc}]) { id } } }');
-- (Hasura types a SETOF computed field as a nullable list: [article!])
SELECT pg_temp.sdl_fields('author', 'good_articles');
-- table computed fields in where, as Hasura allows: some row they return passes
SELECT pg_temp.sdl_fields('author_bool_exp', 'good_articles');
SELECT pg_temp.sdl_fields('article_bool_exp', 'best_of_author');
SELECT graphql.resolve('{ author(where: {good_articles: {rating: {_gte: 5}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {_not: {good_articles: {}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {good_articles: {author: {full_name: {_like: "% %"}}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ article(where: {best_of_author: {title: {_neq: "x"}, rating: {_gt: 4}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {good_articles: {rating: {_gte: "many"}}}) { id } }');

-- descriptions: the function's comment, else (as in Hasura) "A computed
-- field, executes function \"<function>\""
SELECT f->>'name' AS name, f->>'description' AS description
  FROM json_array_elements(graphql.resolve('{ __type(name: "author") { fields { name description } } }')
                           -> 'data' -> '__type' -> 'fields') AS f
 WHERE f->>'name' IN ('full_name', 'article_count', 'monogram', 'good_articles');

-- a computed field whose name is a column's: the column wins
CREATE FUNCTION author_born(a author) RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'computed' $$;
SELECT pg_temp.sdl_fields('author', 'born');
SELECT graphql.resolve('{ author_by_pk(id: 1) { born } }');

-- not computed fields: VOLATILE functions, functions with further arguments
CREATE FUNCTION author_touch(a author) RETURNS int LANGUAGE sql VOLATILE AS $$ SELECT 1 $$;
CREATE FUNCTION author_greet(a author, greeting text) RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT greeting || ', ' || a.first_name $$;
SELECT pg_temp.sdl_fields('author', 'touch|greet|author_touch|author_greet');
SELECT pg_temp.sdl_fields('query_root', 'touch|greet|author_touch|author_greet');

-- a jsonb computed field takes the path argument of jsonb columns (as in Hasura)
CREATE FUNCTION author_meta(a author) RETURNS jsonb LANGUAGE sql STABLE
  AS $$ SELECT jsonb_build_object('id', a.id, 'name', jsonb_build_object('first', a.first_name)) $$;
SELECT graphql.resolve('{ author_by_pk(id: 2) { meta } }');
SELECT graphql.resolve('{ author_by_pk(id: 2) { meta(path: "name.first") } }');

-- a computed field raising an error: {"data": null, "errors": [...]}
CREATE FUNCTION author_checked(a author) RETURNS text LANGUAGE plpgsql STABLE
  AS $$ BEGIN IF a.last_name IS NULL THEN RAISE EXCEPTION 'no last name for %', a.first_name; END IF;
        RETURN a.last_name; END $$;
SELECT graphql.resolve('{ author(where: {id: {_neq: 2}}, order_by: {id: asc}) { checked } }');
SELECT graphql.resolve('{ author { checked } }');

-- computed fields appear only for roles that may select every column of the
-- table (the function is passed the whole row) and execute the function
CREATE ROLE regress_graphql_cf_all;
CREATE ROLE regress_graphql_cf_cols;
CREATE ROLE regress_graphql_cf_some;
GRANT SELECT ON author, article TO regress_graphql_cf_all;
GRANT SELECT (id, first_name, last_name, born) ON author TO regress_graphql_cf_cols;
GRANT SELECT (id, first_name) ON author TO regress_graphql_cf_some;
REVOKE EXECUTE ON FUNCTION author_age(author) FROM PUBLIC;
SET ROLE regress_graphql_cf_all;
SELECT graphql.resolve('{ author(where: {full_name: {_like: "A%"}}) { full_name monogram } }');
SELECT graphql.resolve('{ author { age } }');
RESET ROLE;
-- every column, granted column by column
SET ROLE regress_graphql_cf_cols;
SELECT graphql.resolve('{ author(where: {id: {_eq: 1}}) { full_name } }');
RESET ROLE;
-- some columns only
SET ROLE regress_graphql_cf_some;
SELECT pg_temp.sdl_type('author');
SELECT graphql.resolve('{ author { full_name } }');
SELECT graphql.resolve('{ author(where: {full_name: {_eq: "Ann"}}) { id } }');
SELECT graphql.resolve('{ author(order_by: {full_name: asc}) { id } }');
RESET ROLE;

-- introspection of the table type shows the computed fields
SELECT graphql.resolve('{ __type(name: "author") { fields { name type { name kind } } } }');

-- errors
SELECT graphql.resolve('{ author { full_name { x } } }');
SELECT graphql.resolve('{ article { best_of_author } }');
SELECT graphql.resolve('{ author { full_name(limit: 1) } }');
SELECT graphql.resolve('{ author(where: {full_name: {_eq: 1}}) { id } }');
SELECT graphql.resolve('{ author(where: {good_articles: {nope: {_eq: 1}}}) { id } }');
SELECT graphql.resolve('{ author(order_by: {good_articles: asc}) { id } }');
SELECT graphql.resolve('{ author(order_by: {full_name: up}) { id } }');
SELECT graphql.resolve('{ author(distinct_on: full_name) { id } }');
SELECT graphql.resolve('{ author_full_name }');

ROLLBACK;
