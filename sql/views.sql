-- Views and materialized views configured by comment directives, beyond
-- query_views: composite primary keys, one-to-one relationships, arrays
-- pointing at views, aggregates over views and their relationships, filters
-- and ordering through view relationships, introspection of a view type,
-- REFRESH, and row-level security under security_invoker views
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
-- one field of a type, with its arguments
CREATE FUNCTION pg_temp.sdl_field(type text, field text) RETURNS text LANGUAGE sql AS $$
  WITH l AS (SELECT line, n FROM regexp_split_to_table(pg_temp.sdl_type(type), E'\n') WITH ORDINALITY AS x(line, n)),
       s AS (SELECT min(n) AS n FROM l WHERE line ~ ('^  ' || field || '[(:]')),
       e AS (SELECT min(l.n) AS n FROM l, s WHERE l.n >= s.n AND l.line ~ '^  [^ ].*: ')
  SELECT string_agg(l.line, E'\n' ORDER BY l.n) FROM l, s, e WHERE l.n BETWEEN s.n AND e.n
$$;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, author_id int NOT NULL REFERENCES author,
                      rating int, published boolean NOT NULL);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid');
INSERT INTO article VALUES (1, 'Alpha', 1, 5, true), (2, 'Beta', 1, 3, false), (3, 'Gamma', 2, 4, true),
                           (4, 'Delta', 1, NULL, true), (5, 'Epsilon', 3, 2, false);

-- published_article -> author (object "author"; array "published_articles")
CREATE VIEW published_article AS
  SELECT id, title, author_id, rating FROM article WHERE published;
COMMENT ON VIEW published_article IS
  '@graphql({"primary_key_columns": ["id"], "foreign_keys": [{"local_columns": ["author_id"], "foreign_table": "author", "foreign_columns": ["id"]}]})';
-- one row per author, keyed by the author's id: the foreign key's columns
-- are the view's primary key, so an object relationship both ways
CREATE VIEW author_stats AS
  SELECT a.id, count(r.id)::int AS articles, max(r.rating) AS best
    FROM author a LEFT JOIN article r ON r.author_id = a.id GROUP BY a.id;
COMMENT ON VIEW author_stats IS
  '@graphql({"primary_key_columns": ["id"], "foreign_keys": [{"local_columns": ["id"], "foreign_table": "author", "foreign_columns": ["id"]}]})';
-- a composite primary key, and two foreign keys: to a table and to a view
CREATE VIEW author_rating AS
  SELECT author_id, rating, count(*)::int AS n FROM article WHERE rating IS NOT NULL GROUP BY author_id, rating;
COMMENT ON VIEW author_rating IS
  '@graphql({"primary_key_columns": ["author_id", "rating"], "foreign_keys": [{"local_columns": ["author_id"], "foreign_table": "author", "foreign_columns": ["id"], "foreign_name": "ratings"}, {"local_columns": ["author_id"], "foreign_table": "author_stats", "foreign_columns": ["id"], "local_name": "stats", "foreign_name": "ratings"}]})';

-- the schema: root fields, relationships both ways, nullable view columns
-- and relationships
SELECT pg_temp.sdl_root('author_');
SELECT pg_temp.sdl_field('query_root', 'author_rating_by_pk');
SELECT pg_temp.sdl_type('author_stats');
SELECT pg_temp.sdl_type('author_rating');
SELECT pg_temp.sdl_field('author', 'author_stats');
SELECT pg_temp.sdl_field('author', 'ratings_aggregate');
SELECT pg_temp.sdl_type('author_rating_sum_fields');
SELECT pg_temp.sdl_field('author_bool_exp', 'ratings_aggregate');
SELECT pg_temp.sdl_field('author_order_by', 'ratings_aggregate');
SELECT pg_temp.sdl_field('author_order_by', 'author_stats');

-- introspection of a view type (fields sorted here): every column nullable
-- (views carry no NOT NULL), the object relationship nullable, the array
-- ones [t!]!; the _by_pk arguments of a view non-null
SELECT f->>'name' AS name, f->'type'->>'kind' AS kind, f->'type'->>'name' AS type,
       f->'type'->'ofType'->>'name' AS of_type
  FROM json_array_elements(graphql.resolve('{ __type(name: "author_stats") { fields { name type { kind name ofType { name } } } } }')
                           -> 'data' -> '__type' -> 'fields') AS f
 ORDER BY 1;
SELECT graphql.resolve('{ __type(name: "published_article") { name kind description } }');
SELECT a->>'name' AS arg, a->'type'->>'kind' AS kind, a->'type'->'ofType'->>'name' AS of_type
  FROM json_array_elements(graphql.resolve('{ __schema { queryType { fields { name args { name type { kind ofType { name } } } } } } }')
                           -> 'data' -> '__schema' -> 'queryType' -> 'fields') AS f,
       json_array_elements(f->'args') AS a
 WHERE f->>'name' = 'author_rating_by_pk'
 ORDER BY 1;
SELECT graphql.resolve('{ __type(name: "author_rating_aggregate_fields") { fields { name type { name } } } }');
-- Hasura lists the fields of a type sorted by name
SELECT graphql.resolve('{ __type(name: "author_stats") { fields { name } } }');

-- _by_pk with a composite key declared on a view
SELECT graphql.resolve('{ author_rating_by_pk(author_id: 1, rating: 5) { n author { name } stats { articles } } }');
SELECT graphql.resolve('{ author_rating_by_pk(author_id: 1, rating: 4) { n } }');
SELECT graphql.resolve('query ($a: Int!, $r: Int!) { author_rating_by_pk(author_id: $a, rating: $r) { n } }', '{"a": 2, "r": 4}');
SELECT graphql.resolve('{ author_stats_by_pk(id: 3) { articles best author { name published_articles_aggregate { aggregate { count } } } } }');

-- relationships: one-to-one between a table and a view, both ways; a table's
-- array relationship to a view; a view's array relationship to a view
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name author_stats { articles best } } }');
SELECT graphql.resolve('{ author_stats(order_by: {id: asc}) { id author { name } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name ratings(order_by: {rating: desc}) { rating n } } }');
SELECT graphql.resolve('{ author_stats(order_by: {id: asc}) { id ratings(order_by: {rating: asc}) { rating stats { best } } } }');
-- arguments on an array relationship to a view
SELECT graphql.resolve('{ author_by_pk(id: 1) { published_articles(where: {rating: {_is_null: false}}, order_by: {id: desc}, limit: 1) { title } } }');

-- aggregates over a view
SELECT graphql.resolve('{ published_article_aggregate { aggregate { count rated: count(columns: rating) sum { rating } avg { rating } max { title rating } min { title } } } }');
SELECT graphql.resolve('{ published_article_aggregate(where: {author: {name: {_eq: "Ann"}}}, order_by: {id: asc}) { aggregate { count sum { rating } } nodes { id title } } }');
SELECT graphql.resolve('{ author_stats_aggregate { aggregate { sum { articles } max { best } stddev_pop { articles } } } }');
SELECT graphql.resolve('{ author_rating_aggregate(distinct_on: author_id, order_by: [{author_id: asc}, {rating: desc}]) { aggregate { count sum { rating } } nodes { author_id rating } } }');
-- over a view's array relationship, per parent (Cid has no published article)
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name published_articles_aggregate { aggregate { count max { rating } } nodes { id } } } }');
SELECT graphql.resolve('{ author_stats(order_by: {id: asc}) { id ratings_aggregate { aggregate { count sum { n } } } } }');

-- filtering a table by a view relationship (EXISTS), by a one-to-one view,
-- and by the count of a view relationship
SELECT graphql.resolve('{ author(where: {published_articles: {rating: {_gte: 4}}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {_not: {published_articles: {}}}) { name } }');
SELECT graphql.resolve('{ author(where: {author_stats: {articles: {_gte: 2}}}) { name } }');
SELECT graphql.resolve('{ author(where: {ratings: {n: {_gt: 0}, rating: {_lt: 3}}}) { name } }');
SELECT graphql.resolve('{ author(where: {published_articles_aggregate: {count: {predicate: {_eq: 0}}}}) { name } }');
SELECT graphql.resolve('{ author(where: {published_articles_aggregate: {count: {predicate: {_gte: 1}, filter: {rating: {_is_null: true}}}}}) { name } }');
-- a view filtered through its relationship to a table and on to a view
SELECT graphql.resolve('{ published_article(where: {author: {author_stats: {articles: {_gt: 1}}}}, order_by: {id: asc}) { title } }');
SELECT graphql.resolve('{ author_stats(where: {ratings_aggregate: {count: {predicate: {_gt: 1}}}}) { id } }');

-- ordering by a view relationship: a table by a one-to-one view's column,
-- by an array relationship's aggregates; a view by its own relationships
SELECT graphql.resolve('{ author(order_by: {author_stats: {best: desc_nulls_last}}) { name } }');
SELECT graphql.resolve('{ author(order_by: [{published_articles_aggregate: {count: desc}}, {id: desc}]) { name } }');
SELECT graphql.resolve('{ author(order_by: [{published_articles_aggregate: {max: {rating: asc}}}, {id: asc}]) { name } }');
SELECT graphql.resolve('{ author(order_by: {ratings_aggregate: {sum: {rating: desc}}}) { name } }');
SELECT graphql.resolve('{ author_stats(order_by: {author: {name: desc}}) { id } }');
SELECT graphql.resolve('{ author_stats(order_by: [{ratings_aggregate: {min: {rating: asc}}}, {id: asc}]) { id } }');

-- a materialized view with directives: what it held at the last REFRESH,
-- aggregates included
CREATE MATERIALIZED VIEW rating_mv AS
  SELECT id, author_id, rating FROM article WHERE rating IS NOT NULL;
COMMENT ON MATERIALIZED VIEW rating_mv IS
  '@graphql({"primary_key_columns": ["id"], "foreign_keys": [{"local_columns": ["author_id"], "foreign_table": "author", "foreign_columns": ["id"], "foreign_name": "mv_ratings"}]})';
SELECT graphql.resolve('{ rating_mv_aggregate { aggregate { count sum { rating } } } author(order_by: {id: asc}) { id mv_ratings_aggregate { aggregate { avg { rating } } } } }');
INSERT INTO article VALUES (6, 'Zeta', 3, 1, true);
UPDATE article SET rating = 1 WHERE id = 1;
SELECT graphql.resolve('{ rating_mv_aggregate { aggregate { count sum { rating } } } rating_mv_by_pk(id: 1) { rating } }');
REFRESH MATERIALIZED VIEW rating_mv;
SELECT graphql.resolve('{ rating_mv_aggregate { aggregate { count sum { rating } } } rating_mv_by_pk(id: 1) { rating } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { id mv_ratings_aggregate { aggregate { avg { rating } } } } }');
SELECT graphql.resolve('{ author(order_by: [{mv_ratings_aggregate: {count: desc}}, {id: asc}]) { id } }');
-- plain views follow the table at once
SELECT graphql.resolve('{ author_stats_by_pk(id: 3) { articles best } }');
-- a materialized view created WITH NO DATA cannot be read until refreshed
CREATE MATERIALIZED VIEW empty_mv AS SELECT id, title FROM article WITH NO DATA;
SELECT graphql.resolve('{ empty_mv_aggregate { aggregate { count } } }');
REFRESH MATERIALIZED VIEW empty_mv;
SELECT graphql.resolve('{ empty_mv_aggregate { aggregate { count } } }');

-- row-level security under views: a view runs with its owner's rights
-- (here a superuser, who bypasses the policy); WITH (security_invoker =
-- true) runs as the querying role, so the policy applies to that role
CREATE TABLE doc (id int PRIMARY KEY, owner name NOT NULL, body text NOT NULL, author_id int REFERENCES author);
INSERT INTO doc VALUES (1, 'regress_graphql_views_alice', 'a1', 1), (2, 'regress_graphql_views_bob', 'b1', 2),
                       (3, 'regress_graphql_views_alice', 'a2', 2);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_owner ON doc FOR SELECT USING (owner = current_user);
CREATE VIEW doc_definer AS SELECT id, owner, body FROM doc;
CREATE VIEW doc_invoker WITH (security_invoker = true) AS SELECT id, owner, body, author_id FROM doc;
COMMENT ON VIEW doc_invoker IS
  '@graphql({"primary_key_columns": ["id"], "foreign_keys": [{"local_columns": ["author_id"], "foreign_table": "author", "foreign_columns": ["id"], "foreign_name": "docs_seen"}]})';
-- a security_barrier view also runs with its owner's rights: only its own
-- WHERE filters
CREATE VIEW doc_barrier WITH (security_barrier) AS
  SELECT id, body FROM doc WHERE owner = 'regress_graphql_views_alice';
CREATE ROLE regress_graphql_views_alice;
CREATE ROLE regress_graphql_views_bob;
GRANT SELECT ON doc, doc_definer, doc_invoker, doc_barrier, author TO regress_graphql_views_alice, regress_graphql_views_bob;
SET ROLE regress_graphql_views_alice;
SELECT graphql.resolve('{ doc(order_by: {id: asc}) { id } doc_definer(order_by: {id: asc}) { id } doc_invoker(order_by: {id: asc}) { id } doc_barrier(order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ doc_invoker_aggregate { aggregate { count } } doc_definer_aggregate { aggregate { count } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name docs_seen { id } docs_seen_aggregate { aggregate { count } } } }');
SELECT graphql.resolve('{ doc_invoker_by_pk(id: 2) { body } doc_definer(where: {id: {_eq: 2}}) { body } }');
RESET ROLE;
SET ROLE regress_graphql_views_bob;
SELECT graphql.resolve('{ doc(order_by: {id: asc}) { id } doc_definer(order_by: {id: asc}) { id } doc_invoker(order_by: {id: asc}) { id } doc_barrier(order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ doc_invoker_by_pk(id: 2) { body author { name } } }');
SELECT graphql.resolve('{ author(where: {docs_seen: {}}) { name } }');
RESET ROLE;
-- a superuser (the tables' owner here) bypasses the policy
SELECT graphql.resolve('{ doc_invoker_aggregate { aggregate { count } } }');
-- a security_invoker view needs SELECT on the table too: a role granted only
-- the view sees it in its schema but reading it is a permission error
REVOKE SELECT ON doc FROM regress_graphql_views_bob;
SET ROLE regress_graphql_views_bob;
SELECT graphql.resolve('{ doc_definer_aggregate { aggregate { count } } }');
SELECT graphql.resolve('{ doc_invoker { id } }');
RESET ROLE;

ROLLBACK;
