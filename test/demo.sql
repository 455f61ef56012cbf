-- The demo test/demo.sh runs: psql output shows each statement and its result.
\set ECHO queries
\pset pager off
CREATE EXTENSION graphql;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, born date);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, rating numeric,
                      author_id int NOT NULL REFERENCES author (id));
INSERT INTO author VALUES (1, 'Ann', '1980-04-01'), (2, 'Bob', NULL);
INSERT INTO article VALUES (1, 'Tables', 4.5, 1), (2, 'Views', 3, 1), (3, 'Indexes', NULL, 2);

-- A Hasura query: filter through a relationship, order, nest
SELECT graphql.resolve($$
  query Authors($min: numeric!) {
    author(where: {articles: {rating: {_gte: $min}}}, order_by: {name: asc}) {
      name
      articles(order_by: {rating: desc_nulls_last}) { title rating }
    }
  }$$, '{"min": 4}');

-- Errors are GraphQL errors, with Hasura's wording
SELECT graphql.resolve('{ author { id email } }');

-- Aggregates
SELECT graphql.resolve('{ article_aggregate { aggregate { count avg { rating } } } }');

-- A mutation: a nested insert, then an update; atomic, read after the write
SELECT graphql.resolve($$
  mutation {
    insert_author_one(object: {id: 3, name: "Eve", articles: {data: [{id: 4, title: "Triggers"}]}}) {
      name articles { id title }
    }
    update_article(where: {author: {name: {_eq: "Eve"}}}, _set: {rating: 5}) { affected_rows }
  }$$);

-- A failing mutation writes nothing: Hasura's code and message, and the SQLSTATE
SELECT graphql.resolve('mutation { a: insert_author_one(object: {id: 4, name: "Joe"}) { id } b: insert_author_one(object: {id: 4, name: "Joe"}) { id } }');
SELECT count(*) FROM author WHERE id = 4;

-- The SQL behind a query, one statement per root field
SELECT graphql.explain('{ article_by_pk(id: 1) { title author { name } } }');

-- A GraphQL document, parsed in the backend, as graphql-js's AST
SELECT graphql.parse('{ author_by_pk(id: 1) { name } }') #> '{definitions,0,selectionSet,selections,0,name}';

-- A syntax error is an SQL error with graphql-js's message and the position
SELECT graphql.parse('{ author(where: {name: {_eq: "Ann"}}) { id name }');
