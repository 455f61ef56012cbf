-- Delete mutations: delete_<t> with where (and through relationships),
-- returning the deleted rows, delete_<t>_by_pk, where: {} deleting all,
-- a delete blocked by a foreign key (nothing deleted), views, roles
-- without DELETE or without any write privilege
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
-- the root fields of mutation_root whose name contains part
CREATE FUNCTION pg_temp.sdl_mutations(part text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(m[1], E'\n' ORDER BY m[1])
    FROM regexp_matches(pg_temp.sdl_type('mutation_root'), E'\n  ([_A-Za-z0-9]*' || part || '[_A-Za-z0-9]*)', 'g') AS m
$$;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, author_id int NOT NULL REFERENCES author, rating int);
CREATE TABLE comment (id int PRIMARY KEY, article_id int NOT NULL REFERENCES article ON DELETE CASCADE, body text);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid'), (4, 'Dan'), (5, 'Eve');
INSERT INTO article VALUES (1, 'Tables', 1, 5), (2, 'Views', 1, 3), (3, 'Joins', 2, 4), (4, 'Keys', 2, NULL),
                           (5, 'Locks', 3, 1), (6, 'Heaps', 5, 2);
INSERT INTO comment VALUES (1, 1, 'nice'), (2, 1, 'meh'), (3, 3, 'ok'), (4, 6, 'hm'), (5, 2, 'fine');

-- the schema
SELECT pg_temp.sdl_field('mutation_root', 'delete_author');
SELECT pg_temp.sdl_field('mutation_root', 'delete_author_by_pk');

-- delete_<t> with where, returning the deleted rows
SELECT graphql.resolve($$ mutation { delete_article(where: {rating: {_lt: 2}}) { affected_rows returning { id title rating author_id } } } $$);
SELECT * FROM article ORDER BY id;
-- where through a relationship; returning an object relationship of the
-- deleted rows (their author remains)
SELECT graphql.resolve($$ mutation { delete_article(where: {author: {name: {_eq: "Bob"}}}) { affected_rows returning { id title author { id name } } } } $$);
SELECT * FROM article ORDER BY id;
-- ON DELETE CASCADE removed the comment of article 3
SELECT * FROM comment ORDER BY id;
-- where through an array relationship
SELECT graphql.resolve($$ mutation { delete_author(where: {_not: {articles: {}}}) { affected_rows returning { id name } } } $$);
SELECT * FROM author ORDER BY id;

-- relationships in returning see the database after the delete: the
-- cascaded comments are gone, the author has one article less
SELECT graphql.resolve($$ mutation { delete_article_by_pk(id: 1) { id title comments { id } author { name articles { id title } } } } $$);
SELECT * FROM article ORDER BY id;
SELECT * FROM comment ORDER BY id;

-- delete_<t>_by_pk: the deleted row, or null when there is none
SELECT graphql.resolve($$ mutation { delete_comment_by_pk(id: 4) { id body article { title } } } $$);
SELECT graphql.resolve($$ mutation { delete_comment_by_pk(id: 4) { id body } } $$);
SELECT graphql.resolve($$ mutation ($id: Int!) { delete_article_by_pk(id: $id) { id title } } $$, '{"id": 42}');

-- variables; no row matches: affected_rows 0
SELECT graphql.resolve($$ mutation ($w: article_bool_exp!) { delete_article(where: $w) { affected_rows returning { id } } } $$,
                       '{"w": {"title": {"_eq": "Nothing"}}}');
SELECT graphql.resolve($$ mutation ($t: String!) { delete_article(where: {title: {_eq: $t}}) { __typename affected_rows } } $$, '{"t": "Nothing"}');

-- a delete blocked by a foreign key: an error, and nothing of the request
-- is deleted (the comments deleted before it neither)
SELECT count(*) AS comments FROM comment;
SELECT graphql.resolve($$ mutation {
  c: delete_comment(where: {}) { affected_rows }
  a: delete_author(where: {name: {_eq: "Ann"}}) { affected_rows }
} $$);
SELECT graphql.resolve($$ mutation { delete_author_by_pk(id: 5) { id } } $$);
SELECT count(*) AS comments FROM comment;
SELECT * FROM author ORDER BY id;

-- several deletes in one request run in order: the second may delete the
-- author the first freed
SELECT graphql.resolve($$ mutation {
  articles: delete_article(where: {author_id: {_eq: 5}}) { affected_rows returning { id } }
  author: delete_author_by_pk(id: 5) { id name articles { id } }
} $$);
SELECT * FROM author ORDER BY id;

-- where: {} deletes every row
SELECT graphql.resolve($$ mutation { delete_comment(where: {}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { delete_article(where: {}) { affected_rows returning { id title } } } $$);
SELECT count(*) FROM comment;
SELECT count(*) FROM article;

-- errors: where is required, delete_<t>_by_pk takes the key
SELECT graphql.resolve($$ mutation { delete_author { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { delete_author_by_pk { id } } $$);
SELECT graphql.resolve($$ mutation { delete_author_by_pk(id: 1, name: "Ann") { id } } $$);

-- views: an auto-updatable view is deletable, and a view with an INSTEAD OF
-- DELETE trigger; a view PostgreSQL cannot delete from has no delete field
INSERT INTO article VALUES (10, 'Kept', 1, 5), (11, 'Gone', 1, 1), (12, 'Also', 1, 1);
CREATE VIEW low_article AS SELECT id, title, rating FROM article WHERE rating < 3;
CREATE VIEW article_title AS SELECT DISTINCT id, title FROM article;
CREATE FUNCTION article_title_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM article WHERE id = OLD.id;
  RETURN OLD;
END $$;
CREATE TRIGGER article_title_delete INSTEAD OF DELETE ON article_title FOR EACH ROW EXECUTE FUNCTION article_title_delete();
CREATE VIEW rating_count AS SELECT rating, count(*) AS n FROM article GROUP BY rating;
SELECT pg_temp.sdl_mutations('low_article');
SELECT pg_temp.sdl_mutations('article_title');
SELECT pg_temp.sdl_mutations('rating_count');
SELECT graphql.resolve($$ mutation { delete_low_article(where: {title: {_eq: "Gone"}}) { affected_rows returning { id title } } } $$);
SELECT graphql.resolve($$ mutation { delete_article_title(where: {title: {_eq: "Also"}}) { affected_rows returning { id title } } } $$);
SELECT * FROM article ORDER BY id;

-- a role without DELETE has no delete fields; a role that may write
-- nothing has no mutations at all
CREATE ROLE regress_graphql_del_none;
CREATE ROLE regress_graphql_del_read;
GRANT SELECT, INSERT, UPDATE ON author, article TO regress_graphql_del_none;
GRANT SELECT ON author, article TO regress_graphql_del_read;
SET ROLE regress_graphql_del_none;
SELECT pg_temp.sdl_mutations('author');
SELECT graphql.resolve($$ mutation { delete_author(where: {id: {_eq: 4}}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { delete_author_by_pk(id: 4) { id } } $$);
RESET ROLE;
SET ROLE regress_graphql_del_read;
SELECT pg_temp.sdl_type('mutation_root');
SELECT graphql.resolve($$ mutation { delete_author(where: {id: {_eq: 4}}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { __typename } $$);
SELECT graphql.resolve($$ { author(order_by: {id: asc}) { id } } $$);
RESET ROLE;
SELECT * FROM author ORDER BY id;
ROLLBACK;
