-- A role that may select a relationship's target sees the relationship
-- even when it may not select a column the join reads (Hasura hides the
-- column, not the relationship), and never that column's values: the
-- apply makes, for that role, a SECURITY DEFINER function joining the two
-- tables' primary keys under both tables' select filters of the role.
-- Plain SQL as the role still may not read the column.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
\set ON_ERROR_ROLLBACK on
BEGIN;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, email text);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, author_id int REFERENCES author,
                      editor_code text);
CREATE TABLE editor (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE tag (label text, article_id int);   -- no primary key
INSERT INTO author VALUES (1, 'Ann', 'ann@x'), (2, 'Bob', 'bob@x'), (3, 'Cy', 'cy@x'), (4, 'Dee', NULL);
INSERT INTO editor VALUES ('e1', 'Eve'), ('e2', 'Ed');
INSERT INTO article VALUES (1, 'ann one', 1, 'e1'), (2, 'ann draft', 1, 'e2'), (3, 'bob one', 2, 'e1'),
  (4, 'nobody', NULL, NULL);
INSERT INTO tag VALUES ('x', 1);

CREATE TEMP TABLE m (metadata jsonb);
INSERT INTO m VALUES ($${"version": 3, "sources": [{"name": "default", "kind": "postgres", "tables": [
  {"table": {"schema": "public", "name": "author"},
   "array_relationships": [{"name": "articles", "using": {"foreign_key_constraint_on":
                              {"table": {"schema": "public", "name": "article"}, "column": "author_id"}}}],
   "select_permissions": [
     {"role": "regress_reader", "permission": {"columns": ["id", "name"], "filter": {"id": {"_neq": 3}},
                                               "allow_aggregations": true}},
     {"role": "regress_staff", "permission": {"columns": "*", "filter": {}}}]},
  {"table": {"schema": "public", "name": "article"},
   "object_relationships": [
     {"name": "author", "using": {"foreign_key_constraint_on": "author_id"}},
     {"name": "editor", "using": {"manual_configuration": {"remote_table": {"schema": "public", "name": "editor"},
                                                           "column_mapping": {"editor_code": "code"}}}}],
   "array_relationships": [
     {"name": "tags", "using": {"manual_configuration": {"remote_table": {"schema": "public", "name": "tag"},
                                                         "column_mapping": {"id": "article_id"}}}}],
   "select_permissions": [
     {"role": "regress_reader", "permission": {"columns": ["id", "title"], "filter": {"title": {"_nlike": "%draft"}},
                                               "allow_aggregations": true}},
     {"role": "regress_staff", "permission": {"columns": "*", "filter": {}}}],
   "update_permissions": [
     {"role": "regress_reader", "permission": {"columns": ["title"], "filter": {}, "check": null}}]},
  {"table": {"schema": "public", "name": "editor"},
   "select_permissions": [
     {"role": "regress_reader", "permission": {"columns": ["code", "name"], "filter": {}}},
     {"role": "regress_staff", "permission": {"columns": "*", "filter": {}}}]},
  {"table": {"schema": "public", "name": "tag"},
   "select_permissions": [
     {"role": "regress_reader", "permission": {"columns": ["label"], "filter": {}}}]}
]}]}$$);

-- each relationship that reads a column the reader may not select gets its
-- function; the staff role, which may select every column, joins natively;
-- tags (no primary key on tag) are refused for the reader, and kept
SELECT object, item, status, reason FROM graphql.apply_metadata((SELECT metadata FROM m))
 WHERE item LIKE '%relationships%' ORDER BY 1, 2;
SELECT graphql.export_metadata() = (SELECT metadata FROM m) AS round_trip;
SELECT p.proname, p.prosecdef, pg_get_userbyid(p.proowner) = current_user AS owned_by_table_owner,
       pg_get_function_identity_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result,
       array(SELECT r FROM unnest(ARRAY['regress_reader', 'regress_staff']) AS r
              WHERE has_function_privilege(r, p.oid, 'EXECUTE')) AS callers
  FROM pg_proc p WHERE pronamespace = 'graphql'::regnamespace AND proname LIKE '%\_join\_%' ORDER BY 1;

-- the reader: the relationships, through the functions; the rows both
-- filters allow (Cy is hidden, drafts are hidden)
SET ROLE regress_reader;
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles(order_by: {id: asc}) { title editor { name } } } }');
SELECT graphql.resolve('{ article(order_by: {id: asc}) { id title author { name } editor { name } } }');
SELECT graphql.resolve('{ article(where: {author: {name: {_eq: "Bob"}}}) { title } }');
SELECT graphql.resolve('{ article(order_by: [{author: {name: desc_nulls_last}}, {id: asc}]) { title } }');
SELECT graphql.resolve('{ author(where: {articles: {editor: {code: {_eq: "e1"}}}}, order_by: {id: asc}) { name } }');
-- aggregates over the relationship, and a mutation's returning through it
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles_aggregate { aggregate { count } } } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 0}}}}) { name } }');
SELECT graphql.resolve($$mutation { update_article_by_pk(pk_columns: {id: 3}, _set: {title: "bob two"}) {
  title author { name articles { title } } } }$$);
-- never the column itself, by GraphQL or SQL
SELECT graphql.resolve('{ article { author_id } }');
SELECT graphql.resolve('{ article { tags { label } } }');
SELECT author_id FROM article;
-- the function answers only what the relationship shows: a draft's
-- author and a hidden author are not told
SELECT * FROM graphql.public_article_regress_reader_join_author(1);
SELECT * FROM graphql.public_article_regress_reader_join_author(2);
SELECT * FROM graphql.public_author_regress_reader_join_articles(3);
RESET ROLE;
SET ROLE regress_staff;
SELECT * FROM graphql.public_article_regress_reader_join_author(1);
SELECT graphql.resolve('{ article(where: {id: {_eq: 2}}) { author_id author { name } } }');
RESET ROLE;

-- applying again without the reader's permission on author drops the two
-- functions of relationships to or from author; clearing drops the last
SELECT count(*) FROM graphql.apply_metadata((SELECT metadata #- '{sources,0,tables,0,select_permissions,0}' FROM m))
 WHERE status = 'applied';
SELECT proname FROM pg_proc WHERE pronamespace = 'graphql'::regnamespace AND proname LIKE '%\_join\_%' ORDER BY 1;
SELECT graphql.clear_metadata();
SELECT count(*) FROM pg_proc WHERE pronamespace = 'graphql'::regnamespace AND proname LIKE '%\_join\_%';
ROLLBACK;
