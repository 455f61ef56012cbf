-- Views, materialized views and partitioned tables: selecting from them,
-- primary keys and foreign keys declared on views by comment directives
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

-- the type of a table as SDL, without descriptions
CREATE FUNCTION pg_temp.sdl_type(name text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(l.line, E'\n' ORDER BY l.n)
    FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') AS b(block),
         regexp_split_to_table(regexp_replace(b.block, '[ ]*"""([^"]|"[^"]|""[^"])*"""\n', '', 'g'),
                               E'\n') WITH ORDINALITY AS l(line, n)
   WHERE b.block ~ ('(^|\n)(type|input|enum) ' || name || ' \{')
     AND l.line <> ''
$$;
-- the root fields whose name starts with prefix, without descriptions
CREATE FUNCTION pg_temp.sdl_root(prefix text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(m[1], E'\n' ORDER BY m[1])
    FROM regexp_matches(pg_temp.sdl_type('query_root'), E'\n  (' || prefix || '[_A-Za-z0-9]*)', 'g') AS m
$$;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL,
                      author_id int NOT NULL REFERENCES author, published boolean NOT NULL);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid');
INSERT INTO article VALUES (1, 'Alpha', 1, true), (2, 'Beta', 1, false), (3, 'Gamma', 2, true);

-- a plain view: selectable with the five arguments, its columns nullable,
-- no _by_pk and no relationships
CREATE VIEW author_summary AS
  SELECT a.id, a.name, count(r.id)::int AS articles
    FROM author a LEFT JOIN article r ON r.author_id = a.id
   GROUP BY a.id, a.name;
SELECT pg_temp.sdl_type('author_summary');
SELECT pg_temp.sdl_root('author_summary');
SELECT graphql.resolve('{ author_summary(order_by: {id: asc}) { id name articles } }');
SELECT graphql.resolve('{ author_summary(where: {articles: {_gt: 0}}, order_by: {articles: desc}, limit: 1) { name } }');
SELECT graphql.resolve('{ author_summary(distinct_on: articles, order_by: [{articles: asc}, {id: asc}]) { id articles } }');
SELECT graphql.resolve('{ author_summary(order_by: {id: asc}, offset: 2) { __typename name } }');
SELECT graphql.resolve('{ author_summary_by_pk(id: 1) { name } }');

-- primary_key_columns: the view gets <view>_by_pk (arguments non-null)
CREATE VIEW published_article AS
  SELECT id, title, author_id FROM article WHERE published;
COMMENT ON VIEW published_article IS '@graphql({"primary_key_columns": ["id"]})';
SELECT pg_temp.sdl_root('published_article');
SELECT graphql.resolve('{ published_article_by_pk(id: 3) { id title } }');
SELECT graphql.resolve('{ published_article_by_pk(id: 2) { id title } }');
SELECT graphql.resolve('query ($id: Int!) { published_article_by_pk(id: $id) { title } }', '{"id": 1}');

-- foreign_keys: relationships both ways between the view and a table
CREATE OR REPLACE VIEW published_article AS
  SELECT id, title, author_id FROM article WHERE published;
COMMENT ON VIEW published_article IS
  '@graphql({"primary_key_columns": ["id"], "foreign_keys": [{"local_columns": ["author_id"], "foreign_schema": "public", "foreign_table": "author", "foreign_columns": ["id"]}]})';
SELECT pg_temp.sdl_type('published_article');
SELECT pg_temp.sdl_type('author');
SELECT graphql.resolve('{ published_article(order_by: {id: asc}) { title author { name } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name published_articles(order_by: {id: asc}) { title } } }');
SELECT graphql.resolve('{ author(where: {published_articles: {title: {_eq: "Gamma"}}}) { name } }');
SELECT graphql.resolve('{ published_article(where: {author: {name: {_eq: "Ann"}}}) { title } }');
SELECT graphql.resolve('{ published_article(order_by: {author: {name: desc}}) { title } }');

-- a view referencing a view, foreign_schema left out (the view's own
-- schema), relationships renamed with local_name / foreign_name
CREATE VIEW article_note AS
  SELECT id * 10 AS id, id AS article_id, upper(title) AS note FROM article;
COMMENT ON VIEW article_note IS
  '@graphql({"foreign_keys": [{"local_columns": ["article_id"], "foreign_table": "published_article", "foreign_columns": ["id"], "local_name": "post", "foreign_name": "notes"}]})';
SELECT graphql.resolve('{ article_note(order_by: {id: asc}) { note post { title } } }');
SELECT graphql.resolve('{ published_article_by_pk(id: 1) { notes { note } } }');

-- a directive naming columns or tables that do not exist is ignored
CREATE VIEW odd_view AS SELECT id, name FROM author;
COMMENT ON VIEW odd_view IS
  '@graphql({"primary_key_columns": ["nope"], "foreign_keys": [{"local_columns": ["id"], "foreign_table": "nope", "foreign_columns": ["id"]}, {"local_columns": ["nope"], "foreign_table": "author", "foreign_columns": ["id"]}]})';
SELECT pg_temp.sdl_type('odd_view');
SELECT pg_temp.sdl_root('odd_view');
SELECT graphql.resolve('{ odd_view(where: {id: {_eq: 2}}) { name } }');
-- a directive that is not valid JSON does not break the API: it is ignored
SAVEPOINT broken;
CREATE VIEW broken_view AS SELECT id FROM author;
COMMENT ON VIEW broken_view IS '@graphql({primary_key_columns: ["id"]})';
SELECT graphql.resolve('{ author_by_pk(id: 1) { name } }');
SELECT pg_temp.sdl_root('broken_view');
ROLLBACK TO SAVEPOINT broken;

-- a role granted only the view sees the view, not the table under it
CREATE ROLE regress_graphql_view_reader;
GRANT SELECT ON author_summary TO regress_graphql_view_reader;
SET ROLE regress_graphql_view_reader;
SELECT graphql.resolve('{ author_summary(where: {id: {_eq: 1}}) { name articles } }');
SELECT graphql.resolve('{ author { name } }');
RESET ROLE;

-- a materialized view: what it held at the last refresh
CREATE MATERIALIZED VIEW title_length AS
  SELECT id, title, length(title) AS len FROM article;
INSERT INTO article VALUES (4, 'Delta Epsilon', 3, true);
SELECT pg_temp.sdl_type('title_length');
SELECT graphql.resolve('{ title_length(order_by: [{len: desc}, {id: asc}]) { title len } }');
REFRESH MATERIALIZED VIEW title_length;
SELECT graphql.resolve('{ title_length(order_by: {len: desc}, limit: 1) { title len } }');
SELECT graphql.resolve('{ title_length_by_pk(id: 1) { title } }');
-- with directives, like a view
COMMENT ON MATERIALIZED VIEW title_length IS
  '@graphql({"primary_key_columns": ["id"], "foreign_keys": [{"local_columns": ["id"], "foreign_table": "article", "foreign_columns": ["id"], "local_name": "article", "foreign_name": "title_info"}]})';
ALTER MATERIALIZED VIEW title_length RENAME COLUMN len TO length;
SELECT graphql.resolve('{ title_length_by_pk(id: 4) { length article { author { name } } } }');
SELECT graphql.resolve('{ article_by_pk(id: 2) { title_info { length } } }');

-- a partitioned table: the parent is exposed, its partitions are not
CREATE TABLE sensor (id int PRIMARY KEY, place text NOT NULL);
CREATE TABLE reading (sensor_id int NOT NULL REFERENCES sensor, day date NOT NULL, value int NOT NULL,
                      PRIMARY KEY (sensor_id, day)) PARTITION BY RANGE (day);
CREATE TABLE reading_2024 PARTITION OF reading FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE reading_2025 PARTITION OF reading FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO sensor VALUES (1, 'roof'), (2, 'cellar');
INSERT INTO reading VALUES (1, '2024-06-01', 20), (1, '2025-06-01', 22), (2, '2024-06-01', 12), (2, '2025-01-02', 11);
SELECT pg_temp.sdl_root('reading');
SELECT pg_temp.sdl_type('reading');
SELECT graphql.resolve('{ reading(order_by: [{day: asc}, {sensor_id: asc}]) { sensor_id day value } }');
SELECT graphql.resolve('{ reading(where: {day: {_gte: "2025-01-01"}}, order_by: {value: asc}) { value sensor { place } } }');
SELECT graphql.resolve('{ reading_by_pk(sensor_id: 2, day: "2025-01-02") { value } }');
SELECT graphql.resolve('{ sensor(order_by: {id: asc}) { place readings(order_by: {day: desc}) { day } } }');
SELECT graphql.resolve('{ reading_2024 { value } }');

-- errors
-- a view without primary_key_columns has no _by_pk (above); the pk
-- arguments of a view are required
SELECT graphql.resolve('{ published_article_by_pk { title } }');
SELECT graphql.resolve('{ published_article_by_pk(id: null) { title } }');
-- a partition is not a root field (above); nor is a view column that is not
-- a GraphQL name
CREATE VIEW weird AS SELECT 1 AS "a b", 2 AS ok;
SELECT pg_temp.sdl_type('weird');
SELECT graphql.resolve('{ weird { ok } }');

ROLLBACK;
