-- Relationships from foreign keys: object relationships on the referencing
-- table, array relationships on the referenced one, nested to any depth
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

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL,
                      author_id int NOT NULL REFERENCES author, rating int);
CREATE TABLE comment (id int PRIMARY KEY, article_id int NOT NULL REFERENCES article,
                      author_id int REFERENCES author, body text NOT NULL);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid');
INSERT INTO article VALUES (1, 'Alpha', 1, 5), (2, 'Beta', 1, 3), (3, 'Gamma', 2, 3), (4, 'Delta', 1, NULL);
INSERT INTO comment VALUES (1, 1, 2, 'nice'), (2, 1, NULL, 'anon'), (3, 3, 1, 'meh'), (4, 2, 3, 'ok');

-- the generated fields: object relationship non-null when the FK column is
-- NOT NULL, nullable otherwise; array relationships [t!]! with five arguments
SELECT pg_temp.sdl_type('article');
SELECT pg_temp.sdl_type('comment');
SELECT pg_temp.sdl_type('author');

-- object relationship
SELECT graphql.resolve('{ article(order_by: {id: asc}) { title author { name } } }');
-- array relationship
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles(order_by: {id: asc}) { title } } }');
-- a parent without children gets [], not null
SELECT graphql.resolve('{ author_by_pk(id: 3) { name articles { id } } }');
-- nested several levels, back and forth: author -> articles -> comments -> author -> articles
SELECT graphql.resolve('{ author(where: {id: {_lte: 2}}, order_by: {id: asc}) { name articles(order_by: {id: asc}) { title comments(order_by: {id: asc}) { body author { name articles(order_by: {id: asc}) { title } } } } } }');
-- a nullable FK column: the object relationship is null
SELECT graphql.resolve('{ comment(order_by: {id: asc}) { id author { name } } }');
-- a relationship selected twice under aliases, with __typename
SELECT graphql.resolve('{ article_by_pk(id: 1) { a: author { __typename name } b: author { id } } }');
-- from _by_pk, through an array relationship to an object one
SELECT graphql.resolve('{ article_by_pk(id: 1) { comments(order_by: {id: desc}) { body article { title } } } }');

-- array relationships take where, order_by, limit, offset, distinct_on,
-- applied per parent row
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles(where: {rating: {_gte: 3}}, order_by: {rating: desc}) { title rating } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles(order_by: {id: desc}, limit: 1) { title } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name articles(order_by: {id: asc}, limit: 1, offset: 1) { title } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles(distinct_on: rating, order_by: [{rating: asc}, {id: desc}]) { id rating } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles(order_by: {rating: desc_nulls_last}) { id rating } } }');
-- ordering an array relationship by an object relationship
SELECT graphql.resolve('{ article_by_pk(id: 1) { comments(order_by: {author: {name: desc}}) { body } } }');
-- arguments from variables
SELECT graphql.resolve('query ($n: Int!, $w: article_bool_exp) { author(order_by: {id: asc}) { articles(limit: $n, where: $w, order_by: {id: asc}) { id } } }',
                       '{"n": 1, "w": {"title": {"_like": "%t%"}}}');

-- relationship filters (EXISTS), through one and two levels
SELECT graphql.resolve('{ author(where: {articles: {rating: {_eq: 3}}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {articles: {comments: {body: {_eq: "ok"}}}}) { name } }');
SELECT graphql.resolve('{ comment(where: {article: {author: {name: {_eq: "Ann"}}}}, order_by: {id: asc}) { id } }');
-- authors with no article: _not over the relationship
SELECT graphql.resolve('{ author(where: {_not: {articles: {}}}) { name } }');
-- a relationship filter inside an array relationship's where
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles(where: {comments: {author: {name: {_eq: "Bob"}}}}) { title } } }');
-- _or of a relationship filter and a column
SELECT graphql.resolve('{ article(where: {_or: [{author: {name: {_eq: "Bob"}}}, {rating: {_is_null: true}}]}, order_by: {id: asc}) { id } }');
-- ordering by an object relationship two levels deep
SELECT graphql.resolve('{ comment(order_by: [{article: {author: {name: desc}}}, {id: asc}]) { id } }');

-- multi-column foreign key: named after the referenced table
CREATE TABLE warehouse (region text, code int, city text NOT NULL, PRIMARY KEY (region, code));
CREATE TABLE shipment (id int PRIMARY KEY, wh_region text NOT NULL, wh_code int NOT NULL, weight int,
                       FOREIGN KEY (wh_region, wh_code) REFERENCES warehouse);
INSERT INTO warehouse VALUES ('eu', 1, 'Lyon'), ('eu', 2, 'Graz'), ('us', 1, 'Reno');
INSERT INTO shipment VALUES (1, 'eu', 1, 10), (2, 'eu', 2, 20), (3, 'us', 1, 30), (4, 'eu', 1, 40);
SELECT pg_temp.sdl_type('shipment');
SELECT graphql.resolve('{ shipment(order_by: {id: asc}) { id warehouse { city } } }');
SELECT graphql.resolve('{ warehouse(order_by: [{region: asc}, {code: asc}]) { city shipments(order_by: {id: asc}) { id } } }');
SELECT graphql.resolve('{ warehouse(where: {shipments: {weight: {_gt: 30}}}) { city } }');

-- self-referencing foreign key: object "manager", array "employees"
CREATE TABLE employee (id int PRIMARY KEY, name text NOT NULL, manager_id int REFERENCES employee);
INSERT INTO employee VALUES (1, 'Ada', NULL), (2, 'Ben', 1), (3, 'Cy', 1), (4, 'Dot', 2);
SELECT pg_temp.sdl_type('employee');
SELECT graphql.resolve('{ employee(order_by: {id: asc}) { name manager { name } employees(order_by: {id: asc}) { name } } }');
SELECT graphql.resolve('{ employee_by_pk(id: 4) { name manager { name manager { name manager { name } } } } }');
SELECT graphql.resolve('{ employee(where: {manager: {manager: {name: {_eq: "Ada"}}}}) { name } }');
SELECT graphql.resolve('{ employee(where: {employees: {employees: {}}}) { name } }');

-- two foreign keys from one table to the same table:
-- object relationships named after the columns, array ones <plural>_by_<column>
CREATE TABLE "user" (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE message (id int PRIMARY KEY, sender_id int NOT NULL REFERENCES "user",
                      recipient_id int REFERENCES "user", body text NOT NULL);
INSERT INTO "user" VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid');
INSERT INTO message VALUES (1, 1, 2, 'hi Bob'), (2, 2, 1, 'hi Ann'), (3, 1, 3, 'hi Cid'), (4, 3, NULL, 'hi all');
SELECT pg_temp.sdl_type('message');
SELECT pg_temp.sdl_type('user');
SELECT graphql.resolve('{ message(order_by: {id: asc}) { body sender { name } recipient { name } } }');
SELECT graphql.resolve('{ user(order_by: {id: asc}) { name messages_by_sender_id(order_by: {id: asc}) { id } messages_by_recipient_id(order_by: {id: asc}) { id } } }');
SELECT graphql.resolve('{ user(where: {messages_by_recipient_id: {sender: {name: {_eq: "Ann"}}}}, order_by: {id: asc}) { name } }');

-- a foreign key whose columns are unique: an object relationship both ways
-- (nullable on the referenced side: a row may have no match)
CREATE TABLE profile (id int PRIMARY KEY, author_id int NOT NULL UNIQUE REFERENCES author, bio text);
INSERT INTO profile VALUES (1, 1, 'writes'), (2, 2, 'reads');
SELECT pg_temp.sdl_type('profile');
SELECT pg_temp.sdl_type('author');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name profile { bio author { name } } } }');
SELECT graphql.resolve('{ author(where: {profile: {bio: {_eq: "reads"}}}) { name } }');
SELECT graphql.resolve('{ author(order_by: {profile: {bio: asc}}) { name } }');

-- camelCase foreign key column: "authorId" -> "author"
CREATE TABLE review (id int PRIMARY KEY, "authorId" int NOT NULL REFERENCES author, stars int NOT NULL);
INSERT INTO review VALUES (1, 1, 4), (2, 1, 5), (3, 3, 2);
SELECT graphql.resolve('{ review(order_by: {id: asc}) { stars authorId author { name } } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { name reviews(order_by: {stars: desc}) { stars } } }');

-- renaming with a comment directive on the FK constraint
CREATE TABLE book (id int PRIMARY KEY, title text NOT NULL,
                   author_id int NOT NULL CONSTRAINT book_author_fk REFERENCES author);
COMMENT ON CONSTRAINT book_author_fk ON book IS '@graphql({"local_name": "writer", "foreign_name": "works"})';
INSERT INTO book VALUES (1, 'Tome', 2), (2, 'Opus', 2);
SELECT graphql.resolve('{ book(order_by: {id: asc}) { title writer { name } } }');
SELECT graphql.resolve('{ author(where: {works: {}}) { name works(order_by: {title: asc}) { title } } }');
SELECT graphql.resolve('{ book { author { name } } }');
SELECT graphql.resolve('{ author { books { id } } }');

-- an object relationship's target under row-level security is nullable
CREATE TABLE team (id int PRIMARY KEY, name text NOT NULL);
ALTER TABLE team ENABLE ROW LEVEL SECURITY;
CREATE TABLE player (id int PRIMARY KEY, team_id int NOT NULL REFERENCES team);
SELECT pg_temp.sdl_type('player');

-- what the role may not read is absent: relationships to it, filters on it
CREATE ROLE regress_graphql_rel_reader;
GRANT SELECT ON author, article TO regress_graphql_rel_reader;
GRANT SELECT (id, body) ON comment TO regress_graphql_rel_reader;
SET ROLE regress_graphql_rel_reader;
SELECT pg_temp.sdl_type('author');
SELECT graphql.resolve('{ article_by_pk(id: 1) { title author { name } } }');
SELECT graphql.resolve('{ author { profile { bio } } }');
SELECT graphql.resolve('{ author(where: {books: {}}) { name } }');
-- comment is readable but not its FK column article_id: no relationship
-- through it (the join would need the column)
SELECT graphql.resolve('{ article { comments { body } } }');
SELECT graphql.resolve('{ comment { id body } }');
RESET ROLE;

-- errors
-- a relationship the table does not have
SELECT graphql.resolve('{ article { writer { name } } }');
-- an object relationship takes no arguments
SELECT graphql.resolve('{ article { author(where: {id: {_eq: 1}}) { id } } }');
-- a relationship needs a selection set
SELECT graphql.resolve('{ author { articles } }');
-- an unknown column in a nested where, and in a relationship filter
SELECT graphql.resolve('{ author { articles(where: {nope: {_eq: 1}}) { id } } }');
SELECT graphql.resolve('{ author(where: {articles: {nope: {_eq: 1}}}) { id } }');
-- array relationships order only through <rel>_aggregate
SELECT graphql.resolve('{ author(order_by: {articles: {id: asc}}) { id } }');
-- distinct_on must match the leading order_by columns, in a nested list too
SELECT graphql.resolve('{ author { articles(distinct_on: rating, order_by: {id: asc}) { id } } }');

ROLLBACK;
