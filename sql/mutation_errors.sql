-- Mutations: a request's mutation fields are atomic; SQL errors become
-- GraphQL errors with Hasura's codes and message prefixes
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;
CREATE TABLE author (
  id int PRIMARY KEY,
  name text NOT NULL,
  email text UNIQUE,
  age int CHECK (age >= 0)
);
CREATE TABLE article (
  id int PRIMARY KEY,
  title text NOT NULL,
  author_id int NOT NULL REFERENCES author,
  rating int
);
CREATE TABLE token (id uuid PRIMARY KEY, label text);
INSERT INTO author VALUES (1, 'Ann', 'ann@x.org', 30), (2, 'Bob', 'bob@x.org', 40), (3, 'Cid', NULL, NULL);
INSERT INTO article VALUES (10, 'Tables', 1, 4), (11, 'Views', 1, 3), (12, 'Joins', 2, 5);
INSERT INTO token VALUES ('00000000-0000-0000-0000-000000000001', 'one');
-- a view of the whole state, to check after each failure that nothing was written
CREATE TEMP VIEW state AS
  SELECT (SELECT string_agg(format('%s:%s:%s:%s', id, name, email, age), ' ' ORDER BY id) FROM author) AS authors,
         (SELECT string_agg(format('%s:%s:%s:%s', id, title, author_id, rating), ' ' ORDER BY id) FROM article) AS articles,
         (SELECT string_agg(format('%s:%s', id, label), ' ' ORDER BY id) FROM token) AS tokens;
SELECT * FROM state;

-- unique violation in the second field: the first field's row is gone
SELECT graphql.resolve($$mutation {
  insert_author_one(object: {id: 4, name: "Dee"}) { id }
  insert_article(objects: [{id: 13, title: "New", author_id: 4}, {id: 10, title: "Dup", author_id: 1}]) { affected_rows }
}$$);
SELECT * FROM state;
SELECT count(*) FROM author WHERE id = 4;
-- a unique constraint other than the primary key, by an update
SELECT graphql.resolve($$mutation {
  update_author_by_pk(pk_columns: {id: 3}, _set: {name: "Cyd"}) { name }
  update_author(where: {id: {_eq: 2}}, _set: {email: "ann@x.org"}) { affected_rows }
}$$);
SELECT * FROM state;

-- foreign key violation: insert with a missing parent
SELECT graphql.resolve($$mutation {
  update_article(where: {}, _inc: {rating: 1}) { affected_rows }
  insert_article_one(object: {id: 13, title: "Orphan", author_id: 99}) { id }
}$$);
SELECT * FROM state;
-- foreign key violation: delete a parent that still has children
SELECT graphql.resolve($$mutation {
  delete_article_by_pk(id: 12) { id }
  delete_author_by_pk(id: 1) { id }
}$$);
SELECT * FROM state;

-- not-null violation: a missing column
SELECT graphql.resolve($$mutation {
  delete_article(where: {id: {_eq: 12}}) { affected_rows }
  insert_article_one(object: {id: 13, author_id: 1}) { id }
}$$);
-- an explicit null for a NOT NULL column is refused before anything runs,
-- as Hasura's column parser does
SELECT graphql.resolve($$mutation { insert_author(objects: [{id: 5, name: "Eve"}, {id: 6, name: null}]) { affected_rows } }$$);
SELECT graphql.resolve($$mutation { update_article_by_pk(pk_columns: {id: 10}, _set: {title: null}) { id } }$$);
SELECT * FROM state;

-- check constraint violation: Hasura answers it with permission-error
SELECT graphql.resolve($$mutation {
  insert_author_one(object: {id: 4, name: "Dee", age: 20}) { id }
  update_author(where: {age: {_is_null: false}}, _inc: {age: -25}) { affected_rows }
}$$);
SELECT * FROM state;

-- a bad value for the column's type: data-exception naming the argument
SELECT graphql.resolve($$mutation {
  insert_author_one(object: {id: 4, name: "Dee"}) { id }
  insert_token_one(object: {id: "x", label: "bad"}) { id }
}$$);
SELECT graphql.resolve($$mutation { insert_token(objects: [{id: "00000000-0000-0000-0000-000000000002"}, {id: "x"}]) { affected_rows } }$$);
SELECT graphql.resolve($$mutation ($id: uuid!) { insert_token_one(object: {id: $id}) { id } }$$, '{"id": "x"}');
SELECT graphql.resolve($$mutation { update_token(where: {id: {_eq: "x"}}, _set: {label: "y"}) { affected_rows } }$$);
SELECT graphql.resolve($$mutation { delete_token_by_pk(id: "x") { id } }$$);
-- a value out of range while the statement runs: no argument to name
SELECT graphql.resolve($$mutation { update_article(where: {id: {_eq: 10}}, _inc: {rating: 2147483647}) { affected_rows } }$$);
SELECT * FROM state;

-- update_<t>_many: a failing update undoes the updates before it
SELECT graphql.resolve($$mutation {
  update_author_many(updates: [
    {where: {id: {_eq: 1}}, _set: {name: "Anne"}},
    {where: {id: {_eq: 2}}, _inc: {age: 1}},
    {where: {id: {_eq: 3}}, _set: {age: -1}}
  ]) { affected_rows }
}$$);
SELECT * FROM state;
SELECT graphql.resolve($$mutation {
  insert_token_one(object: {id: "00000000-0000-0000-0000-000000000002"}) { id }
  update_token_many(updates: [
    {where: {label: {_eq: "one"}}, _set: {label: "uno"}},
    {where: {id: {_eq: "x"}}, _set: {label: "dos"}}
  ]) { affected_rows }
}$$);
SELECT * FROM state;
-- and a request whose update_many succeeds writes every update
SELECT graphql.resolve($$mutation {
  update_author_many(updates: [
    {where: {id: {_eq: 1}}, _set: {name: "Anne"}},
    {where: {id: {_eq: 2}}, _inc: {age: 1}}
  ]) { affected_rows returning { id name age } }
}$$);
SELECT * FROM state;

-- a trigger's RAISE EXCEPTION: its message, its SQLSTATE
CREATE FUNCTION article_guard() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.title = 'forbidden' THEN
    RAISE EXCEPTION 'title "%" is not allowed', NEW.title;
  ELSIF NEW.title = 'hint' THEN
    RAISE EXCEPTION 'bad title' USING ERRCODE = 'check_violation', HINT = 'pick another';
  ELSIF NEW.title = 'data' THEN
    RAISE EXCEPTION 'title is data' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN NEW;
END
$f$;
CREATE TRIGGER article_guard BEFORE INSERT OR UPDATE ON article
  FOR EACH ROW EXECUTE FUNCTION article_guard();
SELECT graphql.resolve($$mutation {
  insert_author_one(object: {id: 4, name: "Dee"}) { id }
  insert_article_one(object: {id: 13, title: "forbidden", author_id: 4}) { id }
}$$);
SELECT graphql.resolve($$mutation { update_article_by_pk(pk_columns: {id: 10}, _set: {title: "hint"}) { id } }$$);
SELECT graphql.resolve($$mutation { update_article(where: {}, _set: {title: "data"}) { affected_rows } }$$);
SELECT * FROM state;

-- row-level security: a WITH CHECK failure is a permission-error
CREATE ROLE regress_graphql_mut_writer;
GRANT USAGE ON SCHEMA graphql TO regress_graphql_mut_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON author, article TO regress_graphql_mut_writer;
ALTER TABLE article ENABLE ROW LEVEL SECURITY;
CREATE POLICY article_read ON article FOR SELECT USING (true);
CREATE POLICY article_insert ON article FOR INSERT WITH CHECK (rating IS NULL OR rating <= 5);
CREATE POLICY article_update ON article FOR UPDATE USING (author_id = 1) WITH CHECK (author_id = 1);
SET ROLE regress_graphql_mut_writer;
SELECT graphql.resolve($$mutation {
  insert_author_one(object: {id: 4, name: "Dee"}) { id }
  insert_article_one(object: {id: 13, title: "Five", author_id: 4, rating: 6}) { id }
}$$);
SELECT graphql.resolve($$mutation {
  update_article(where: {}, _inc: {rating: 1}) { affected_rows }
  update_article_by_pk(pk_columns: {id: 10}, _set: {author_id: 2}) { id }
}$$);
-- rows the USING clause hides are not updated: no error
SELECT graphql.resolve($$mutation { update_article(where: {id: {_eq: 12}}, _set: {title: "Hidden"}) { affected_rows } }$$);
-- no DELETE policy: nothing to delete, no error
SELECT graphql.resolve($$mutation { delete_article(where: {}) { affected_rows } }$$);
RESET ROLE;
SELECT * FROM state;
-- a table the role may not write is not in its mutation_root
REVOKE INSERT ON author FROM regress_graphql_mut_writer;
SET ROLE regress_graphql_mut_writer;
SELECT graphql.resolve($$mutation { insert_author_one(object: {id: 4, name: "Dee"}) { id } }$$);
RESET ROLE;

-- a validation error anywhere: no field runs
SELECT graphql.resolve($$mutation {
  insert_author_one(object: {id: 4, name: "Dee"}) { id }
  delete_article(where: {nope: {_eq: 1}}) { affected_rows }
}$$);
SELECT * FROM state;

-- a read-only transaction: an error response, the session goes on
SAVEPOINT ro;
SET TRANSACTION READ ONLY;
SELECT graphql.resolve($$mutation { insert_author_one(object: {id: 4, name: "Dee"}) { id } }$$);
SELECT graphql.resolve($$mutation { delete_article(where: {}) { affected_rows } }$$);
SELECT graphql.resolve($${ author(order_by: {id: asc}) { id } }$$);
ROLLBACK TO SAVEPOINT ro;
SELECT graphql.resolve($$mutation { insert_author_one(object: {id: 4, name: "Dee"}) { id name } }$$);

-- the caller's own writes and savepoints survive a failed request
INSERT INTO author VALUES (5, 'Eve', NULL, 5);
SAVEPOINT s1;
UPDATE author SET age = 6 WHERE id = 5;
SELECT graphql.resolve($$mutation {
  update_author_by_pk(pk_columns: {id: 5}, _inc: {age: 1}) { age }
  insert_author_one(object: {id: 5, name: "Dup"}) { id }
}$$);
SELECT id, name, age FROM author WHERE id >= 4 ORDER BY id;
ROLLBACK TO SAVEPOINT s1;
SELECT id, name, age FROM author WHERE id >= 4 ORDER BY id;
-- a request sees the caller's uncommitted rows, and a later one sees its writes
SELECT graphql.resolve($$mutation { update_author_by_pk(pk_columns: {id: 5}, _inc: {age: 10}) { id age } }$$);
SELECT graphql.resolve($${ author_by_pk(id: 5) { id age } }$$);
SELECT * FROM state;

-- statement_timeout (like a query cancel) is not turned into an error
-- response: it raises, and the caller's transaction is aborted
SAVEPOINT st;
CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN PERFORM pg_sleep(10); RETURN NEW; END $f$;
CREATE TRIGGER slow BEFORE INSERT ON author FOR EACH ROW EXECUTE FUNCTION slow_insert();
SET LOCAL statement_timeout = '200ms';
\set VERBOSITY terse
SELECT graphql.resolve($$mutation { insert_author_one(object: {id: 9, name: "Slow"}) { id } }$$);
SELECT 1;
\set VERBOSITY default
ROLLBACK TO SAVEPOINT st;
SELECT * FROM state;
ROLLBACK;
