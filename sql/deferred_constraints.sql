-- Deferred constraints violated by a mutation are that request's error
-- (constraint-violation), with nothing written, as when Hasura commits
-- each request; the constraints stay deferred for the caller's later
-- statements, and a violation the caller left pending before the request
-- is the caller's, checked at its commit.
CREATE EXTENSION IF NOT EXISTS graphql;
CREATE TABLE dc_parent (id int PRIMARY KEY);
CREATE TABLE dc_child (id int PRIMARY KEY,
                       parent_id int NOT NULL REFERENCES dc_parent (id) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE dc_pair (id int PRIMARY KEY, other int NOT NULL,
                      CONSTRAINT dc_other UNIQUE (other) DEFERRABLE INITIALLY DEFERRED);
INSERT INTO dc_parent VALUES (1);
INSERT INTO dc_pair VALUES (1, 10), (2, 20);

-- autocommit: the request answers the violation; nothing is written
SELECT graphql.resolve('mutation { insert_dc_child_one(object: {id: 1, parent_id: 99}) { id } }');
SELECT graphql.resolve('mutation { update_dc_pair(where: {id: {_eq: 2}}, _set: {other: 10}) { affected_rows } }');
SELECT (SELECT pg_catalog.count(*) FROM dc_child) AS children, (SELECT other FROM dc_pair WHERE id = 2) AS other;
-- a request that keeps the constraints runs, in one statement or two
SELECT graphql.resolve('mutation { insert_dc_child_one(object: {id: 1, parent_id: 1}) { id } }');
SELECT graphql.resolve('mutation { a: update_dc_pair_by_pk(pk_columns: {id: 1}, _set: {other: 20}) { id }
                                   b: update_dc_pair_by_pk(pk_columns: {id: 2}, _set: {other: 10}) { id } }');
SELECT id, other FROM dc_pair ORDER BY id;

-- in a block: the request's violation is its error, the block goes on, and
-- the constraints are still deferred afterwards
BEGIN;
SELECT graphql.resolve('mutation { insert_dc_child_one(object: {id: 2, parent_id: 98}) { id } }');
INSERT INTO dc_child VALUES (3, 97);	-- the caller's own, deferred
SELECT pg_catalog.count(*) AS children_in_block FROM dc_child;
INSERT INTO dc_parent VALUES (97);	-- fixed before commit
COMMIT;
SELECT id, parent_id FROM dc_child ORDER BY id;

-- the caller's own violation pending: the request is not blamed, and the
-- caller's commit fails as it would have
BEGIN;
INSERT INTO dc_child VALUES (4, 96);
SELECT graphql.resolve('mutation { insert_dc_parent_one(object: {id: 50}) { id } }');
COMMIT;
SELECT pg_catalog.count(*) AS parents FROM dc_parent WHERE id = 50;

DROP TABLE dc_pair;
DROP TABLE dc_child;
DROP TABLE dc_parent;
