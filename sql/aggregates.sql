-- Aggregates: <t>_aggregate and <rel>_aggregate with count, sum, avg, max,
-- min, stddev, stddev_pop, stddev_samp, var_pop, var_samp, variance and
-- nodes; ordering by and filtering on the aggregates of array relationships
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
-- one field of a type, with its arguments
CREATE FUNCTION pg_temp.sdl_field(type text, field text) RETURNS text LANGUAGE sql AS $$
  WITH l AS (SELECT line, n FROM regexp_split_to_table(pg_temp.sdl_type(type), E'\n') WITH ORDINALITY AS x(line, n)),
       s AS (SELECT min(n) AS n FROM l WHERE line ~ ('^  ' || field || '[(:]')),
       e AS (SELECT min(l.n) AS n FROM l, s WHERE l.n >= s.n AND l.line ~ '^  [^ ].*: ')
  SELECT string_agg(l.line, E'\n' ORDER BY l.n) FROM l, s, e WHERE l.n BETWEEN s.n AND e.n
$$;

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL,
                      author_id int NOT NULL REFERENCES author,
                      rating int, price numeric(6,2), score float8, published date,
                      is_draft boolean NOT NULL, tone mood, tags text[], meta jsonb, views bigint);
CREATE TABLE comment (id int PRIMARY KEY, article_id int NOT NULL REFERENCES article,
                      body text NOT NULL, likes smallint NOT NULL);
-- always empty
CREATE TABLE note (id int PRIMARY KEY, author_id int REFERENCES author, weight numeric, label text);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid');
INSERT INTO article VALUES
  (1, 'Alpha',   1, 5,    10.50, 1.5,  '2024-01-10', false, 'happy', '{a,b}', '{"k": 1}', 100),
  (2, 'Beta',    1, 3,    20.00, 2.5,  '2024-03-05', false, 'ok',    '{b}',   NULL,       250),
  (3, 'Gamma',   2, 3,    NULL,  NULL, NULL,         true,  'sad',   NULL,    '{}',       NULL),
  (4, 'Delta',   1, NULL, 4.25,  0.25, '2023-12-31', true,  NULL,    '{}',    NULL,       7),
  (5, 'Epsilon', 2, 1,    7,     -1,   '2024-02-29', false, 'happy', '{c}',   NULL,       3000000000);
INSERT INTO comment VALUES (1, 1, 'nice', 2), (2, 1, 'meh', 0), (3, 2, 'ok', 1), (4, 5, 'wow', 4);

-- the schema: <t>_aggregate(five arguments): <t>_aggregate! on query_root and
-- for every array relationship; aggregate is nullable, nodes [t!]!
SELECT pg_temp.sdl_field('query_root', 'article_aggregate');
SELECT pg_temp.sdl_field('author', 'articles_aggregate');
SELECT pg_temp.sdl_type('article_aggregate');
SELECT pg_temp.sdl_type('article_aggregate_fields');
-- avg (and stddev, stddev_pop, stddev_samp, var_pop, var_samp, variance):
-- the numeric columns, typed Float
SELECT pg_temp.sdl_type('article_avg_fields');
SELECT pg_temp.sdl_type('article_variance_fields');
-- sum: the numeric columns, typed as the column (int -> Int, numeric,
-- float8 -> Float, bigint)
SELECT pg_temp.sdl_type('article_sum_fields');
-- max, min: numbers, text, dates, enums; not bool, jsonb or arrays
SELECT pg_temp.sdl_type('article_max_fields');
SELECT pg_temp.sdl_type('article_min_fields');
-- comment: smallint is Int in sum (and max); text only in max
SELECT pg_temp.sdl_type('comment_sum_fields');
SELECT pg_temp.sdl_type('comment_max_fields');
-- ordering by aggregates, filtering by a count
SELECT pg_temp.sdl_field('author_order_by', 'articles_aggregate');
SELECT pg_temp.sdl_type('article_aggregate_order_by');
SELECT pg_temp.sdl_type('article_avg_order_by');
SELECT pg_temp.sdl_type('article_max_order_by');
SELECT pg_temp.sdl_field('author_bool_exp', 'articles_aggregate');
SELECT pg_temp.sdl_type('comment_aggregate_bool_exp');
SELECT pg_temp.sdl_type('article_aggregate_bool_exp_count');
-- Hasura adds bool_and and bool_or predicates when the table has a Boolean
-- column (article.is_draft)
SELECT pg_temp.sdl_type('article_aggregate_bool_exp');

-- every function over the whole table; each number checked by hand:
-- rating 5,3,3,NULL,1; price 10.50,20.00,NULL,4.25,7; score 1.5,2.5,NULL,0.25,-1
SELECT graphql.resolve('{ article_aggregate { aggregate { count sum { id rating price score views } } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { avg { id rating price score views } } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { max { id title rating price score published tone views } min { id title rating price score published tone views } } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { stddev { rating price score } stddev_pop { rating price score } stddev_samp { rating price score } } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { var_pop { rating price score } var_samp { rating price score } variance { rating price score } } } }');

-- count: all rows; columns: the rows where the column is not null;
-- distinct: distinct values; distinct without columns counts rows
SELECT graphql.resolve('{ article_aggregate { aggregate { all: count rated: count(columns: rating) ratings: count(columns: [rating], distinct: true) rows: count(distinct: true) same: count(columns: rating, distinct: false) } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { tones: count(columns: tone) tags: count(columns: tags) meta: count(columns: meta) metas: count(columns: meta, distinct: true) } } }');
-- several columns: count((price, published)) counts row values, which are
-- never null, so every row (Gamma has both NULL); distinct rows likewise
SELECT graphql.resolve('{ article_aggregate { aggregate { c: count(columns: [price, published]) d: count(columns: [price, published], distinct: true) e: count(columns: [rating, tone], distinct: true) } } }');
-- arguments of count from variables
SELECT graphql.resolve('query ($cols: [article_select_column!], $d: Boolean) { article_aggregate(order_by: {id: asc}, limit: 3) { aggregate { count(columns: $cols, distinct: $d) } } }', '{"cols": ["rating"], "d": true}');

-- nodes alone, and with aggregates: the five arguments select the rows once,
-- and limit/offset/distinct_on apply to the rows aggregated
SELECT graphql.resolve('{ article_aggregate(where: {rating: {_gte: 3}}, order_by: {id: asc}) { nodes { id rating } } }');
SELECT graphql.resolve('{ article_aggregate(where: {is_draft: {_eq: false}}, order_by: {id: desc}, limit: 2) { aggregate { count sum { rating } } nodes { id title } } }');
SELECT graphql.resolve('{ article_aggregate(order_by: [{rating: desc_nulls_last}, {id: asc}], limit: 2) { aggregate { count sum { rating } avg { rating } } nodes { id rating } } }');
SELECT graphql.resolve('{ article_aggregate(order_by: {id: asc}, offset: 3) { nodes { id } aggregate { count max { id } } } }');
SELECT graphql.resolve('{ article_aggregate(distinct_on: rating, order_by: [{rating: asc}, {id: desc}]) { aggregate { count sum { id } } nodes { id rating } } }');
SELECT graphql.resolve('{ article_aggregate(where: {author: {name: {_eq: "Bob"}}}) { aggregate { count avg { score } min { published } } } }');
-- nodes select relationships and nested aggregates
SELECT graphql.resolve('{ article_aggregate(where: {id: {_lte: 2}}, order_by: {id: asc}) { nodes { title author { name } comments_aggregate { aggregate { count } } } } }');

-- __typename at each level
SELECT graphql.resolve('{ __typename article_aggregate(where: {id: {_eq: 1}}) { __typename aggregate { __typename count sum { __typename rating } max { __typename title } } nodes { __typename id } } }');
SELECT graphql.resolve('{ author_by_pk(id: 2) { articles_aggregate { __typename aggregate { __typename avg { __typename rating } } } } }');

-- aliases: two aggregates of one table with different arguments, two
-- counts with different arguments, aliased functions and columns
SELECT graphql.resolve('{ drafts: article_aggregate(where: {is_draft: {_eq: true}}) { aggregate { count } } done: article_aggregate(where: {is_draft: {_eq: false}}) { aggregate { count } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { all: count rated: count(columns: rating) top: max { r: rating t: title } low: min { r: rating } } items: nodes { id } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { all: articles_aggregate { aggregate { count } } drafts: articles_aggregate(where: {is_draft: {_eq: true}}) { aggregate { n: count last: max { t: title } } } } }');
-- fragments and directives inside aggregates
SELECT graphql.resolve('query ($full: Boolean!) { article_aggregate { aggregate { ...F max @include(if: $full) { rating } } } } fragment F on article_aggregate_fields { count sum { rating } }', '{"full": false}');
SELECT graphql.resolve('{ article_aggregate { ... on article_aggregate { aggregate { ... on article_aggregate_fields { count } } } } }');

-- relationship aggregates, per parent row: a parent without children gets
-- count 0 and null for the other functions, nodes []
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles_aggregate { aggregate { count sum { rating price } avg { score } max { published } } } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles_aggregate(where: {is_draft: {_eq: false}}, order_by: {id: asc}, limit: 1) { aggregate { count } nodes { title } } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles_aggregate(distinct_on: is_draft, order_by: [{is_draft: asc}, {id: desc}]) { aggregate { count } nodes { id is_draft } } } }');
-- nested: author -> articles_aggregate -> nodes -> comments_aggregate
-- (smallint likes: avg is numeric, sum is PostgreSQL's bigint)
SELECT graphql.resolve('{ author_by_pk(id: 1) { name articles_aggregate(order_by: {id: asc}) { nodes { id comments_aggregate { aggregate { count max { likes } sum { likes } avg { likes } } } } } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { articles(order_by: {id: asc}) { comments_aggregate(where: {likes: {_gt: 0}}) { aggregate { count } } } } }');
-- from an object relationship back to an aggregate
SELECT graphql.resolve('{ comment_by_pk(id: 4) { article { author { name articles_aggregate { aggregate { count } } } } } }');

-- an empty table: count 0, every other function null, nodes []
SELECT graphql.resolve('{ note_aggregate { aggregate { count c: count(columns: weight, distinct: true) sum { weight } avg { weight } max { label weight } min { label } stddev { weight } var_samp { weight } variance { weight } } nodes { id } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name notes_aggregate { aggregate { count sum { weight } } nodes { id } } } }');
-- a where that matches nothing is the same
SELECT graphql.resolve('{ article_aggregate(where: {id: {_gt: 100}}) { aggregate { count max { title } stddev { rating } } nodes { id } } }');

-- order_by an array relationship's aggregate: count (0 for no children)
SELECT graphql.resolve('{ author(order_by: {articles_aggregate: {count: desc}}) { name } }');
SELECT graphql.resolve('{ author(order_by: [{articles_aggregate: {count: asc}}, {id: asc}]) { name } }');
-- max/min/sum/avg of a column; a parent without children has null, which
-- asc puts last and desc first
SELECT graphql.resolve('{ author(order_by: [{articles_aggregate: {max: {rating: asc}}}, {id: asc}]) { name } }');
SELECT graphql.resolve('{ author(order_by: [{articles_aggregate: {max: {rating: desc}}}, {id: asc}]) { name } }');
SELECT graphql.resolve('{ author(order_by: [{articles_aggregate: {sum: {price: desc_nulls_last}}}, {id: desc}]) { name } }');
SELECT graphql.resolve('{ author(order_by: {articles_aggregate: {avg: {score: asc_nulls_first}}}) { name } }');
SELECT graphql.resolve('{ author(order_by: {articles_aggregate: {min: {title: asc}}}) { name } }');
SELECT graphql.resolve('{ author(order_by: {articles_aggregate: {max: {published: desc_nulls_last}}}) { name } }');
-- ties broken by id: articles 2 and 5 have one comment each, 3 and 4 none
SELECT graphql.resolve('{ article(order_by: [{comments_aggregate: {count: desc}}, {id: asc}]) { id } }');
SELECT graphql.resolve('{ article(order_by: [{comments_aggregate: {sum: {likes: desc_nulls_last}}}, {id: desc}]) { id } }');
-- in an array relationship, and combined with limit in an aggregate
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles(order_by: [{comments_aggregate: {count: desc}}, {id: asc}]) { id } } }');
SELECT graphql.resolve('{ article_aggregate(order_by: [{comments_aggregate: {count: desc}}, {id: asc}], limit: 2) { aggregate { sum { rating } } nodes { id } } }');

-- where: count predicates (a parent without children has count 0)
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 0}}}}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_gt: 2}}}}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_in: [0, 2]}}}}, order_by: {id: asc}) { name } }');
-- filter: only the matching children are counted
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_gte: 1}, filter: {is_draft: {_eq: true}}}}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 2}, filter: {rating: {_is_null: false}}}}}, order_by: {id: asc}) { name } }');
-- arguments: the non-null values of the columns; distinct: distinct values
-- (Ann's ratings 5, 3, NULL; Bob's 3, 1; is_draft: Ann f,f,t, Bob t,f)
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 3}}}}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 3}, arguments: [rating]}}}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 2}, arguments: rating}}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 2}, arguments: [is_draft]}}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 2}, arguments: [is_draft], distinct: true}}}, order_by: {id: asc}) { name } }');
-- combined with _not, _or, other columns, nested relationships, variables
SELECT graphql.resolve('{ author(where: {_not: {articles_aggregate: {count: {predicate: {_gt: 0}}}}}) { name } }');
SELECT graphql.resolve('{ author(where: {_or: [{articles_aggregate: {count: {predicate: {_eq: 0}}}}, {name: {_eq: "Bob"}}]}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {articles: {comments_aggregate: {count: {predicate: {_gte: 2}}}}}) { name } }');
SELECT graphql.resolve('{ article(where: {comments_aggregate: {count: {predicate: {_gt: 0}, filter: {likes: {_gte: 2}}}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('query ($n: Int!) { author(where: {articles_aggregate: {count: {predicate: {_lt: $n}}}}, order_by: {id: asc}) { name } }', '{"n": 3}');
-- in a relationship aggregate's where and in an array relationship's where
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles_aggregate(where: {comments_aggregate: {count: {predicate: {_gt: 0}}}}) { aggregate { count } } } }');

-- errors
-- an unknown aggregate function
SELECT graphql.resolve('{ article_aggregate { aggregate { median { rating } } } }');
-- count(columns:) with an unknown column
SELECT graphql.resolve('{ article_aggregate { aggregate { count(columns: [nope]) } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { count(distinct: 1) } } }');
-- a column the function does not apply to: sum/avg of text or a date,
-- max of a boolean, min of an array
SELECT graphql.resolve('{ article_aggregate { aggregate { sum { title } } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { avg { published } } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { max { is_draft } } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { min { tags } } } }');
-- selection sets: on count (a scalar), missing on aggregate, on a
-- function, on the aggregate field itself
SELECT graphql.resolve('{ article_aggregate { aggregate { count { id } } } }');
SELECT graphql.resolve('{ article_aggregate { aggregate } }');
SELECT graphql.resolve('{ article_aggregate { aggregate { sum } } }');
SELECT graphql.resolve('{ article_aggregate }');
SELECT graphql.resolve('{ article_aggregate { nodes } }');
SELECT graphql.resolve('{ article_aggregate { nodes(limit: 1) { id } } }');
-- no _aggregate for an object relationship, in a selection or a filter
SELECT graphql.resolve('{ article { author_aggregate { aggregate { count } } } }');
SELECT graphql.resolve('{ article(where: {author_aggregate: {count: {predicate: {_eq: 1}}}}) { id } }');
-- count predicates: predicate is required, of type Int_comparison_exp;
-- exactly one aggregate function must be given
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {filter: {id: {_eq: 1}}}}}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: "two"}}}}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_like: "a"}}}}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {count: {predicate: {_eq: 1}, arguments: [nope]}}}) { name } }');
SELECT graphql.resolve('{ author(where: {articles_aggregate: {}}) { name } }');
-- order_by: unknown direction, a column sum does not apply to
SELECT graphql.resolve('{ author(order_by: {articles_aggregate: {count: up}}) { name } }');
SELECT graphql.resolve('{ author(order_by: {articles_aggregate: {sum: {title: asc}}}) { name } }');

ROLLBACK;
