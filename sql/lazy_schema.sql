-- A lazy schema (issue 14): a request builds the types of the tables it
-- reaches, not of every table; introspection and sdl() see everything,
-- and the schema is the one an eager build (graphql.lazy_schema = off)
-- gives.  Each case runs in a new session (\c), so its request is the
-- first one of a backend.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
DROP SCHEMA IF EXISTS lz CASCADE;
DROP SCHEMA IF EXISTS lz_test CASCADE;
DROP ROLE IF EXISTS lz_reader;
RESET client_min_messages;
CREATE SCHEMA lz;
-- the test's own tables and functions, not exposed
CREATE SCHEMA lz_test;
CREATE TYPE lz.mood AS ENUM ('happy', 'sad');
CREATE TABLE lz.author (id int PRIMARY KEY, name text NOT NULL, mood lz.mood);
CREATE TABLE lz.article (id int PRIMARY KEY, author_id int NOT NULL REFERENCES lz.author,
                         title text NOT NULL, rating numeric, tags text[], meta jsonb, published bool);
CREATE TABLE lz.comment (id int PRIMARY KEY, article_id int NOT NULL REFERENCES lz.article, body text);
CREATE TABLE lz.tag (id int PRIMARY KEY, label text UNIQUE);
CREATE FUNCTION lz.article_title_length(a lz.article) RETURNS int STABLE LANGUAGE sql
  AS $$ SELECT pg_catalog.length(a.title) $$;
CREATE FUNCTION lz.top_articles(min numeric) RETURNS SETOF lz.article STABLE LANGUAGE sql
  AS $$ SELECT * FROM lz.article WHERE rating >= min $$;
INSERT INTO lz.author VALUES (1, 'Ann', 'happy'), (2, 'Bob', NULL);
INSERT INTO lz.article VALUES (1, 1, 'First', 4.5, '{a,b}', '{"k": 1}', true), (2, 2, 'Second', 3, NULL, NULL, false);
INSERT INTO lz.comment VALUES (1, 1, 'nice');
INSERT INTO lz.tag VALUES (1, 'news');
CREATE ROLE lz_reader;
GRANT USAGE ON SCHEMA lz TO lz_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA lz TO lz_reader;

-- the answers of an eager build, to compare the lazy ones with
CREATE TABLE lz_test.expected (name text PRIMARY KEY, answer text);
CREATE FUNCTION lz_test.answer(q text, vars jsonb DEFAULT NULL) RETURNS text LANGUAGE plpgsql AS $$
DECLARE a text;
BEGIN
  -- mutations are undone: every session starts from the same rows
  BEGIN
    a := graphql.resolve(q, vars)::text;
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'undo';
  EXCEPTION WHEN raise_exception THEN
    RETURN a;
  END;
END $$;
CREATE TABLE lz_test.cases (name text PRIMARY KEY, q text, vars jsonb);
INSERT INTO lz_test.cases VALUES
  ('list', '{ lz_author(order_by: {id: asc}) { id name mood } }', NULL),
  ('relationships', '{ lz_comment { body article { title author { name } } } }', NULL),
  ('computed and function', '{ lz_top_articles(args: {min: 4}) { id article_title_length } }', NULL),
  ('aggregate', '{ lz_article_aggregate { aggregate { count sum { rating } } } }', NULL),
  ('by_pk', '{ lz_article_by_pk(id: 2) { title } }', NULL),
  ('variable of a declared type', 'query ($w: lz_article_bool_exp) { lz_article(where: $w) { id } }',
   '{"w": {"tags": {"_contains": ["a"]}}}'),
  ('variable of a mutation type', 'mutation ($o: [lz_tag_insert_input!]!) { insert_lz_tag(objects: $o) { affected_rows returning { label } } }',
   '{"o": [{"id": 2, "label": "sports"}]}'),
  ('variable of a nested insert type', 'mutation ($a: lz_author_obj_rel_insert_input!) { insert_lz_article_one(object: {id: 10, title: "New", author: $a}) { id author { name } } }',
   '{"a": {"data": {"id": 3, "name": "Cy"}}}'),
  ('variable of a comparison type', 'query ($c: lz_mood_comparison_exp) { lz_author(where: {mood: $c}) { id } }',
   '{"c": {"_eq": "happy"}}'),
  ('fragment', '{ lz_comment { ...C } } fragment C on lz_comment { id body }', NULL),
  ('__type', '{ __type(name: "lz_comment_insert_input") { inputFields { name type { name kind } } } }', NULL),
  ('update', 'mutation { update_lz_tag_by_pk(pk_columns: {id: 1}, _set: {label: "local"}) { label } }', NULL),
  ('unknown root field', '{ lz_nope { id } }', NULL),
  ('unknown mutation', 'mutation { insert_lz_nope(objects: []) { affected_rows } }', NULL),
  ('missing arguments', 'mutation { update_lz_article_by_pk { id } }', NULL),
  ('unknown type', 'query ($x: lz_article_nope) { lz_article { id } }', '{"x": null}'),
  ('enum value', '{ lz_author(where: {mood: {_eq: sad}}) { id } }', NULL),
  ('function without its arguments', '{ lz_top_articles(limit: 1) { id } }', NULL);
SET graphql.schemas = lz;
SET graphql.lazy_schema = off;
INSERT INTO lz_test.expected SELECT name, lz_test.answer(q, vars) FROM lz_test.cases;
INSERT INTO lz_test.expected VALUES ('sdl', graphql.sdl());
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();

-- the first request of a backend defines the table it reads, declares
-- the tables its relationships lead to, and (to learn that mutation_root
-- exists) defines the first table the role may change; not the others
\c
SET graphql.schemas = lz;
SELECT graphql.resolve('{ lz_author(order_by: {id: asc}) { id name } }');
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();
-- sdl() defines them all, and gives what the eager build gave
SELECT graphql.sdl() = (SELECT answer FROM lz_test.expected WHERE name = 'sdl') AS same_sdl;
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();

-- each case as a backend's first request: the eager build's answer
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'list';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'relationships';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'computed and function';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'aggregate';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'by_pk';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'variable of a declared type';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'variable of a mutation type';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'variable of a nested insert type';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'variable of a comparison type';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'fragment';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = '__type';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'update';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'unknown root field';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'unknown mutation';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'missing arguments';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'unknown type';
SELECT declared, defined, complete FROM graphql.schema_stats();
\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'enum value';
SELECT declared, defined, complete FROM graphql.schema_stats();

\c
SET graphql.schemas = lz;
SELECT lz_test.answer(q, vars) = e.answer AS same FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE name = 'function without its arguments';
SELECT declared, defined, complete FROM graphql.schema_stats();

-- all cases in one backend, one after another, then sdl(): the same
\c
SET graphql.schemas = lz;
SELECT name FROM lz_test.cases c JOIN lz_test.expected e USING (name) WHERE lz_test.answer(q, vars) <> e.answer;
SELECT graphql.sdl() = (SELECT answer FROM lz_test.expected WHERE name = 'sdl') AS same_sdl;

-- a role that may change nothing: no table is defined to learn that
-- mutation_root does not exist
\c
SET graphql.schemas = lz;
SET ROLE lz_reader;
SELECT graphql.resolve('mutation { insert_lz_tag(objects: []) { affected_rows } }');
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();
SELECT graphql.resolve('{ lz_tag { label } }');
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();
RESET ROLE;

-- where an order of definitions could decide a name, the schema is built
-- eagerly: "lz_tag_insert_input" is a table here, and also the name of
-- lz_tag's insert type
\c
SET graphql.schemas = lz;
CREATE TABLE lz.tag_insert_input (id int PRIMARY KEY);
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();
SELECT graphql.resolve('{ __type(name: "lz_tag_insert_input") { kind fields { name } } }');
DROP TABLE lz.tag_insert_input;
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();

-- a table named "mutation_root" is not exposed (it took the mutation
-- root's name, and the first mutation field crashed the backend); the
-- schema is built eagerly
CREATE TABLE lz.mr (id int PRIMARY KEY);
COMMENT ON TABLE lz.mr IS '@graphql({"name": "mutation_root"})';
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();
SELECT graphql.resolve('mutation { delete_lz_tag(where: {id: {_eq: 0}}) { affected_rows } }');
SELECT graphql.resolve('{ __type(name: "mutation_root") { fields { name } } }')::text ~ 'delete_lz_tag' AS mutation_root_is_the_root;
DROP TABLE lz.mr;

-- a table named by a directive too long for its types' names (the
-- fuzzer's): not exposed, the schema built eagerly, no internal error
CREATE TABLE lz.long (id int PRIMARY KEY);
SELECT format('COMMENT ON TABLE lz.long IS %L', '@graphql({"name": "' || repeat('x', 300) || '"})') \gexec
SELECT graphql.resolve('{ lz_tag(limit: 1) { id } }');
SELECT lazy, tables, declared, defined, complete FROM graphql.schema_stats();
SELECT graphql.resolve('{ __schema { types { name } } }')::text ~ 'xxxxx' AS long_names_exposed;
DROP TABLE lz.long;

SET client_min_messages = warning;
DROP SCHEMA lz CASCADE;
DROP SCHEMA lz_test CASCADE;
DROP ROLE lz_reader;
