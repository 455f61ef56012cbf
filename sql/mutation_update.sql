-- Update mutations: update_<t> with where and each operator (_set, _inc,
-- the jsonb operators), several operators at once, update_<t>_by_pk,
-- update_<t>_many in order, returning with relationships, affected_rows 0,
-- column privileges, errors
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

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, rating int, score numeric, meta jsonb);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, author_id int NOT NULL REFERENCES author,
                      views int NOT NULL DEFAULT 0);
-- no numeric or jsonb column but the key: only _set and _inc
CREATE TABLE note (id int PRIMARY KEY, body text);
INSERT INTO author VALUES
  (1, 'Ann', 3, 1.5, '{"a": 1, "tags": ["x", "y", "z"], "nested": {"k": "v", "drop": true}}'),
  (2, 'Bob', 5, NULL, '["p", "q"]'),
  (3, 'Cid', NULL, 10, NULL);
INSERT INTO article VALUES (1, 'Tables', 1, 10), (2, 'Views', 1, 0), (3, 'Joins', 2, 7);
INSERT INTO note VALUES (1, 'hello');

-- the schema: the operators of update_author and update_note
SELECT pg_temp.sdl_field('mutation_root', 'update_author');
SELECT pg_temp.sdl_field('mutation_root', 'update_author_by_pk');
SELECT pg_temp.sdl_field('mutation_root', 'update_author_many');
SELECT pg_temp.sdl_type('author_updates');
SELECT pg_temp.sdl_type('author_inc_input');
SELECT pg_temp.sdl_type('author_delete_at_path_input');
SELECT pg_temp.sdl_type('author_pk_columns_input');
SELECT pg_temp.sdl_field('mutation_root', 'update_note');

-- _set with where
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _set: {name: "Ann B", rating: 4}) { affected_rows returning { id name rating } } } $$);
SELECT id, name, rating FROM author ORDER BY id;
-- _inc on int and numeric (null stays null), negative and fractional
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_in: [1, 2, 3]}}, _inc: {rating: -2, score: 0.25}) { affected_rows returning { id rating score } } } $$);
SELECT id, rating, score FROM author ORDER BY id;

-- the jsonb operators
-- _append: merge into an object, append to an array
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _append: {meta: {b: 2, a: 0}}) { returning { meta } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _append: {meta: ["r"]}) { returning { meta } } } $$);
-- _prepend: an array in front; for objects the existing keys win
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _prepend: {meta: ["o"]}) { returning { meta } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _prepend: {meta: {a: 5, c: 3}}) { returning { meta } } } $$);
-- _delete_key: a key of an object, a string element of an array
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _delete_key: {meta: "c"}) { returning { meta } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _delete_key: {meta: "p"}) { returning { meta } } } $$);
-- _delete_elem: an array index, negative from the end
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _delete_elem: {meta: -1}) { returning { meta } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _delete_elem: {meta: 0}) { returning { meta } } } $$);
-- _delete_at_path: a nested key, an array element by index
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _delete_at_path: {meta: ["nested", "drop"]}) { returning { meta } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _delete_at_path: {meta: ["tags", "1"]}) { returning { meta } } } $$);
-- on a null document the operators give null
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 3}}, _append: {meta: {x: 1}}) { returning { id meta } } } $$);
SELECT id, meta FROM author ORDER BY id;

-- several operators at once
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _set: {name: "Bobby"}, _inc: {rating: 10}, _append: {meta: [1]}) { affected_rows returning { id name rating meta } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _set: {score: 2}, _delete_key: {meta: "a"}, _inc: {rating: 1}) { returning { id rating score meta } } } $$);
-- variables for the operators
SELECT graphql.resolve($$ mutation ($set: author_set_input, $inc: author_inc_input) { update_author(where: {id: {_eq: 3}}, _set: $set, _inc: $inc) { returning { id name score meta } } } $$,
                       '{"set": {"name": "Cyd", "meta": {"from": "variable"}}, "inc": {"score": -0.5}}');
SELECT * FROM author ORDER BY id;

-- setting a column to null
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _set: {rating: null, meta: null}) { returning { id rating meta } } } $$);
SELECT id, rating, meta FROM author WHERE id = 1;

-- where: {} updates every row; where through a relationship
SELECT graphql.resolve($$ mutation { update_article(where: {}, _inc: {views: 1}) { affected_rows } } $$);
SELECT * FROM article ORDER BY id;
SELECT graphql.resolve($$ mutation { update_article(where: {author: {name: {_eq: "Ann B"}}}, _set: {title: "By Ann"}) { affected_rows returning { id title } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {articles: {views: {_gt: 5}}}, _inc: {rating: 100}) { affected_rows returning { id name } } } $$);
SELECT * FROM article ORDER BY id;
SELECT id, rating FROM author ORDER BY id;

-- no row matches: affected_rows 0, nothing returned
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_gt: 100}}, _set: {name: "Nobody"}) { affected_rows returning { id } } } $$);
-- an empty _set is no update: affected_rows 0, nothing written
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _set: {}) { affected_rows returning { id name } } } $$);
SELECT graphql.resolve($$ mutation ($set: author_set_input!) { update_author(where: {id: {_eq: 1}}, _set: $set) { affected_rows } } $$, '{"set": {}}');

-- returning with relationships sees the rows as updated
SELECT graphql.resolve($$ mutation { update_article(where: {id: {_eq: 3}}, _set: {author_id: 1}) { returning { id author { name articles(order_by: {id: asc}) { id } } } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _set: {name: "Robert"}) { returning { name articles { id } articles_aggregate { aggregate { count } } } } } $$);

-- update_<t>_by_pk: the row, or null when there is none
SELECT graphql.resolve($$ mutation { update_author_by_pk(pk_columns: {id: 3}, _set: {name: "Cy"}, _inc: {rating: 1}) { id name rating articles { id } } } $$);
SELECT graphql.resolve($$ mutation { update_author_by_pk(pk_columns: {id: 99}, _set: {name: "None"}) { id name } } $$);
SELECT graphql.resolve($$ mutation ($id: Int!) { update_author_by_pk(pk_columns: {id: $id}, _append: {meta: {by: "pk"}}) { id meta } } $$, '{"id": 3}');
SELECT id, name, rating, meta FROM author ORDER BY id;

-- update_<t>_many: in order, each one a response; the second sees the
-- first's effect
SELECT graphql.resolve($$ mutation { update_author_many(updates: [
    {where: {id: {_eq: 1}}, _set: {rating: 10}},
    {where: {rating: {_eq: 10}}, _inc: {rating: 1}, _set: {name: "Ten"}},
    {where: {id: {_eq: 99}}, _set: {name: "None"}}
  ]) { affected_rows returning { id name rating } } } $$);
SELECT graphql.resolve($$ mutation { update_author_many(updates: [{where: {}, _inc: {score: 1}}]) { __typename affected_rows } } $$);
SELECT id, name, rating, score FROM author ORDER BY id;

-- two update fields in one request run in order
SELECT graphql.resolve($$ mutation {
  first: update_author(where: {id: {_eq: 2}}, _set: {rating: 0}) { affected_rows }
  second: update_author(where: {rating: {_eq: 0}}, _set: {name: "Zero"}) { affected_rows returning { id name } }
} $$);

-- errors
-- no operator: the message lists the operators the table has
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_note(where: {id: {_eq: 1}}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_author_by_pk(pk_columns: {id: 1}) { id } } $$);
SELECT graphql.resolve($$ mutation { update_author_many(updates: [{where: {id: {_eq: 1}}}]) { affected_rows } } $$);
-- one column in two operators
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _set: {rating: 1}, _inc: {rating: 1}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _append: {meta: [1]}, _delete_key: {meta: "a"}) { affected_rows } } $$);
-- where is required; an operator on a column it does not take
SELECT graphql.resolve($$ mutation { update_author(_set: {name: "X"}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _inc: {name: 1}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _append: {rating: 1}) { affected_rows } } $$);
-- null for a NOT NULL column is refused before anything runs
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 1}}, _set: {name: null}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_author_many(updates: [{where: {id: {_eq: 1}}, _set: {name: "Lost"}}, {where: {id: {_eq: 2}}, _set: {name: null}}]) { affected_rows } } $$);
-- a foreign key violated; a failing update of update_<t>_many undoes the
-- ones before it
SELECT graphql.resolve($$ mutation { update_article(where: {id: {_eq: 1}}, _set: {author_id: 99}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_article_many(updates: [{where: {id: {_eq: 2}}, _set: {title: "Lost"}}, {where: {id: {_eq: 1}}, _set: {author_id: 99}}]) { affected_rows } } $$);
-- _delete_elem on an object is PostgreSQL's error
SELECT graphql.resolve($$ mutation { update_author_by_pk(pk_columns: {id: 3}, _delete_elem: {meta: 0}) { id } } $$);
SELECT id, name, meta FROM author ORDER BY id;
SELECT * FROM article ORDER BY id;

-- column privileges: a role that may update only name has only _set, with
-- only name; no _inc and no jsonb operators
CREATE ROLE regress_graphql_upd_name;
GRANT SELECT ON author, article TO regress_graphql_upd_name;
GRANT UPDATE (name) ON author TO regress_graphql_upd_name;
SET ROLE regress_graphql_upd_name;
SELECT pg_temp.sdl_field('mutation_root', 'update_author');
SELECT pg_temp.sdl_type('author_set_input');
SELECT pg_temp.sdl_type('author_updates');
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _set: {name: "Granted"}) { affected_rows returning { id name rating } } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _set: {rating: 1}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}, _inc: {rating: 1}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_author(where: {id: {_eq: 2}}) { affected_rows } } $$);
SELECT graphql.resolve($$ mutation { update_article(where: {}, _set: {title: "No"}) { affected_rows } } $$);
RESET ROLE;
SELECT id, name, rating FROM author ORDER BY id;
ROLLBACK;
