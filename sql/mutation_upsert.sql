-- Upserts: on_conflict with the primary key and with unique constraints,
-- update_columns (a subset, empty: DO NOTHING), where (the conflicting row
-- is updated only when it matches), the <t>_constraint and
-- <t>_update_column enums, column privileges, errors
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

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE,
                     rating int NOT NULL DEFAULT 0, bio text);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, author_id int NOT NULL REFERENCES author);
-- a unique constraint on two columns, with a name of its own
CREATE TABLE tag (id int PRIMARY KEY, ns text NOT NULL, label text NOT NULL, uses int NOT NULL DEFAULT 0,
                  CONSTRAINT tag_in_ns UNIQUE (ns, label));
-- no primary key, no unique constraint: no on_conflict
CREATE TABLE log (at int, message text);
INSERT INTO author VALUES (1, 'Ann', 'ann@x', 3, 'first'), (2, 'Bob', 'bob@x', 5, NULL);
INSERT INTO article VALUES (1, 'Tables', 1);
INSERT INTO tag VALUES (1, 'db', 'sql', 1), (2, 'db', 'nosql', 0);

-- the schema: the on_conflict argument, its input type and enums
SELECT pg_temp.sdl_field('mutation_root', 'insert_author');
SELECT pg_temp.sdl_field('mutation_root', 'insert_author_one');
SELECT pg_temp.sdl_type('author_on_conflict');
SELECT pg_temp.sdl_type('author_constraint');
SELECT pg_temp.sdl_type('author_update_column');
SELECT pg_temp.sdl_type('tag_constraint');
SELECT pg_temp.sdl_field('mutation_root', 'insert_log');
SELECT pg_temp.sdl_type('log_on_conflict');

-- on the primary key: the conflicting row gets the listed columns, the
-- other columns keep their values; a new row is inserted
SELECT graphql.resolve($$ mutation {
  insert_author(objects: [{id: 1, name: "Ann B", email: "ann@x", rating: 4, bio: "changed?"}, {id: 3, name: "Cid", email: "cid@x"}],
                on_conflict: {constraint: author_pkey, update_columns: [name, rating]}) {
    affected_rows returning { id name email rating bio } } } $$);
SELECT * FROM author ORDER BY id;
-- on a unique constraint: the row with that email is updated (its id stays)
SELECT graphql.resolve($$ mutation {
  insert_author_one(object: {id: 10, name: "Bobby", email: "bob@x", rating: 7}, on_conflict: {constraint: author_email_key, update_columns: [name]}) {
    id name email rating } } $$);
-- on a two-column unique constraint
SELECT graphql.resolve($$ mutation {
  insert_tag(objects: [{id: 10, ns: "db", label: "sql", uses: 5}, {id: 11, ns: "web", label: "sql", uses: 1}],
             on_conflict: {constraint: tag_in_ns, update_columns: [uses]}) {
    affected_rows returning { id ns label uses } } } $$);
SELECT * FROM author ORDER BY id;
SELECT * FROM tag ORDER BY id;

-- update_columns may name the key itself
SELECT graphql.resolve($$ mutation {
  insert_tag_one(object: {id: 20, ns: "db", label: "nosql"}, on_conflict: {constraint: tag_in_ns, update_columns: [id, uses]}) { id ns label uses } } $$);
SELECT * FROM tag ORDER BY id;

-- empty update_columns, or none: DO NOTHING; the conflicting row is not
-- returned nor counted, and insert_<t>_one returns null
SELECT graphql.resolve($$ mutation {
  insert_author(objects: [{id: 1, name: "X", email: "ann@x"}, {id: 4, name: "Dan", email: "dan@x"}],
                on_conflict: {constraint: author_pkey, update_columns: []}) { affected_rows returning { id name } } } $$);
SELECT graphql.resolve($$ mutation {
  insert_author_one(object: {id: 1, name: "X", email: "x@x"}, on_conflict: {constraint: author_pkey}) { id name } } $$);
SELECT graphql.resolve($$ mutation {
  insert_author_one(object: {id: 11, name: "X", email: "dan@x"}, on_conflict: {constraint: author_email_key, update_columns: []}) { id name } } $$);
SELECT id, name, email FROM author ORDER BY id;

-- where: the conflicting row is updated only when it matches (the row as
-- it is, not the proposed one); a row it blocks is neither counted nor
-- returned
SELECT graphql.resolve($$ mutation {
  insert_author(objects: [{id: 1, name: "Low", email: "ann@x", rating: 1}, {id: 2, name: "High", email: "bob@x", rating: 1}],
                on_conflict: {constraint: author_pkey, update_columns: [name, rating], where: {rating: {_lt: 5}}}) {
    affected_rows returning { id name rating } } } $$);
SELECT graphql.resolve($$ mutation {
  insert_author_one(object: {id: 2, name: "High", email: "bob@x"}, on_conflict: {constraint: author_pkey, update_columns: [name], where: {rating: {_lt: 5}}}) { id name } } $$);
-- where through a relationship, and with _or
SELECT graphql.resolve($$ mutation {
  insert_author(objects: [{id: 1, name: "Writer", email: "ann@x"}, {id: 2, name: "Writer", email: "bob@x"}],
                on_conflict: {constraint: author_pkey, update_columns: [name], where: {articles: {title: {_eq: "Tables"}}}}) {
    affected_rows returning { id name articles { title } } } } $$);
SELECT graphql.resolve($$ mutation {
  insert_author(objects: [{id: 2, name: "Robert", email: "bob@x"}, {id: 3, name: "Cyd", email: "cid@x"}],
                on_conflict: {constraint: author_pkey, update_columns: [name], where: {_or: [{id: {_eq: 3}}, {bio: {_is_null: false}}]}}) {
    affected_rows returning { id name } } } $$);
SELECT id, name, rating FROM author ORDER BY id;

-- variables: the whole on_conflict, and its parts
SELECT graphql.resolve($$ mutation ($oc: author_on_conflict) { insert_author_one(object: {id: 4, name: "Dana", email: "dan@x"}, on_conflict: $oc) { id name } } $$,
                       '{"oc": {"constraint": "author_pkey", "update_columns": ["name"]}}');
SELECT graphql.resolve($$ mutation ($c: author_constraint!, $cols: [author_update_column!]!) {
  insert_author_one(object: {id: 5, name: "Eve", email: "dan@x"}, on_conflict: {constraint: $c, update_columns: $cols}) { id name email } } $$,
                       '{"c": "author_email_key", "cols": ["name", "email"]}');
SELECT id, name, email FROM author ORDER BY id;

-- several upserts in one request run in order
SELECT graphql.resolve($$ mutation {
  a: insert_tag_one(object: {id: 30, ns: "x", label: "y", uses: 1}, on_conflict: {constraint: tag_in_ns, update_columns: [uses]}) { id uses }
  b: insert_tag_one(object: {id: 31, ns: "x", label: "y", uses: 2}, on_conflict: {constraint: tag_in_ns, update_columns: [uses]}) { id uses }
} $$);

-- errors
-- a constraint the table does not have, a string for the enum, none
SELECT graphql.resolve($$ mutation { insert_author(objects: [{id: 1, name: "X", email: "ann@x"}], on_conflict: {constraint: author_name_key, update_columns: [name]}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { insert_author(objects: [{id: 1, name: "X", email: "ann@x"}], on_conflict: {constraint: "author_pkey", update_columns: [name]}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { insert_author(objects: [{id: 1, name: "X", email: "ann@x"}], on_conflict: {update_columns: [name]}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { insert_author(objects: [{id: 1, name: "X", email: "ann@x"}], on_conflict: {constraint: tag_in_ns, update_columns: [name]}) { affected_rows } } $$);
-- an update column that is not a column, or not one of this table
SELECT graphql.resolve($$ mutation { insert_author(objects: [{id: 1, name: "X", email: "ann@x"}], on_conflict: {constraint: author_pkey, update_columns: [nope]}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { insert_tag(objects: [{id: 1, ns: "a", label: "b"}], on_conflict: {constraint: tag_pkey, update_columns: [name]}) { affected_rows } } $$);
-- a conflict on another unique constraint than the one named is an error;
-- nothing is written
SELECT graphql.resolve($$ mutation { insert_author(objects: [{id: 50, name: "New", email: "new@x"}, {id: 51, name: "Dup", email: "ann@x"}], on_conflict: {constraint: author_pkey, update_columns: [name]}) { affected_rows } } $$);
SELECT count(*) FROM author WHERE id >= 50;

-- column privileges: update_columns lists only the columns the role may
-- update; without any, the placeholder _PLACEHOLDER, and only DO NOTHING
CREATE ROLE regress_graphql_ups_some;
CREATE ROLE regress_graphql_ups_none;
GRANT SELECT, INSERT ON author TO regress_graphql_ups_some, regress_graphql_ups_none;
GRANT UPDATE (name) ON author TO regress_graphql_ups_some;
SET ROLE regress_graphql_ups_some;
SELECT pg_temp.sdl_type('author_update_column');
SELECT graphql.resolve($$ mutation { insert_author_one(object: {id: 1, name: "Anna", email: "ann@x"}, on_conflict: {constraint: author_pkey, update_columns: [name]}) { id name } } $$);
SELECT graphql.resolve($$ mutation { insert_author_one(object: {id: 1, name: "Anna", email: "ann@x", rating: 9}, on_conflict: {constraint: author_pkey, update_columns: [rating]}) { id rating } } $$);
RESET ROLE;
SET ROLE regress_graphql_ups_none;
SELECT pg_temp.sdl_type('author_update_column');
SELECT graphql.resolve($$ mutation { insert_author(objects: [{id: 1, name: "Nope", email: "ann@x"}, {id: 6, name: "Fay", email: "fay@x"}], on_conflict: {constraint: author_pkey, update_columns: []}) { affected_rows returning { id name } } } $$);
SELECT graphql.resolve($$ mutation { insert_author(objects: [{id: 1, name: "Nope", email: "ann@x"}], on_conflict: {constraint: author_pkey, update_columns: [_PLACEHOLDER]}) { affected_rows } } $$);
RESET ROLE;
SELECT id, name, email, rating FROM author ORDER BY id;
ROLLBACK;
