-- Every way out of graphql.resolve and the other entry points leaves the
-- caller's transaction as a plain SQL statement failing the same way would:
-- a GraphQL error or a caught SQL error changes nothing (the request's
-- subtransaction is rolled back), and an error that propagates (statement
-- timeout, cancel, out of memory, shutdown) aborts the statement, and the
-- transaction block if there is one, and nothing more.  Each class is run
-- in autocommit and inside BEGIN, then followed by ROLLBACK, COMMIT,
-- SAVEPOINT / ROLLBACK TO and a next statement.
-- (terse: the errors' context would show the statements' SQL)
\set VERBOSITY terse
CREATE EXTENSION IF NOT EXISTS graphql;
CREATE TABLE er_item (id int PRIMARY KEY, name text NOT NULL, born date);
INSERT INTO er_item VALUES (1, 'one'), (2, 'two');
-- a query function that takes its time, for statement_timeout
CREATE FUNCTION er_slow() RETURNS SETOF er_item LANGUAGE sql STABLE
  AS $$ SELECT i.* FROM public.er_item i, pg_catalog.pg_sleep(30) $$;
-- query functions that fail with a chosen SQLSTATE
CREATE FUNCTION er_raise(code text) RETURNS SETOF er_item LANGUAGE plpgsql STABLE
  AS $$ BEGIN RAISE EXCEPTION 'raised %', code USING ERRCODE = code; END $$;
-- a mutation function that takes its time
CREATE FUNCTION er_sleep() RETURNS SETOF er_item LANGUAGE sql VOLATILE
  AS $$ SELECT i.* FROM public.er_item i, pg_catalog.pg_sleep(30) $$;

-- The classes of outcome.
\set ok '{ er_item(order_by: {id: asc}) { id } }'
\set gql_error '{ er_item { nope } }'
\set sql_error '{ er_item(offset: -1) { id } }'
\set timeout '{ er_slow { id } }'
\set cancel '{ er_raise(args: {code: "57014"}) { id } }'
\set oom '{ er_raise(args: {code: "53200"}) { id } }'
\set shutdown '{ er_raise(args: {code: "57P01"}) { id } }'

-- success, autocommit: nothing to roll back
SELECT graphql.resolve(:'ok');
ROLLBACK;
SELECT 'next statement' AS after_success;

-- a GraphQL error, autocommit and in a block: the block goes on and commits
SELECT graphql.resolve(:'gql_error');
SELECT 'next statement' AS after_gql_error;
BEGIN;
INSERT INTO er_item VALUES (3, 'three');
SELECT graphql.resolve(:'gql_error');
SELECT pg_catalog.count(*) AS rows_in_block FROM er_item;
COMMIT;
SELECT pg_catalog.count(*) AS rows_committed FROM er_item;

-- a caught SQL error (a negative offset): a GraphQL error, the block goes on
SELECT graphql.resolve(:'sql_error');
BEGIN;
DELETE FROM er_item WHERE id = 3;
SELECT graphql.resolve(:'sql_error');
SELECT graphql.resolve(:'ok');
COMMIT;
SELECT pg_catalog.count(*) AS rows_after_delete FROM er_item;

-- a caught SQL error inside a savepoint, rolled back to it
BEGIN;
SAVEPOINT s;
SELECT graphql.resolve(:'sql_error');
ROLLBACK TO SAVEPOINT s;
SELECT graphql.resolve(:'ok');
COMMIT;

-- a program limit of the statement (more than 1664 columns): the request's
-- error (graphql.max_nodes refuses such a request first, unless raised)
SET graphql.max_nodes = 5000;
SELECT graphql.resolve('{ er_item(limit: 1) { '
       || (SELECT pg_catalog.string_agg('a' || i || ': id', ' ') FROM pg_catalog.generate_series(1, 1700) i)
       || ' } }')::jsonb -> 'errors' -> 0 -> 'extensions';
RESET graphql.max_nodes;
SELECT 'next statement' AS after_program_limit;

-- statement timeout, autocommit: the statement fails; the session goes on
SET statement_timeout = '200ms';
SELECT graphql.resolve(:'timeout');
RESET statement_timeout;
SELECT 'next statement' AS after_timeout;
ROLLBACK;
SELECT graphql.resolve(:'ok');

-- statement timeout in a block: the block is aborted, as by any failed statement
BEGIN;
INSERT INTO er_item VALUES (4, 'four');
SET LOCAL statement_timeout = '200ms';
SELECT graphql.resolve(:'timeout');
SELECT 'ignored' AS in_aborted_block;
ROLLBACK;
SELECT pg_catalog.count(*) AS rows_after_rollback FROM er_item;

-- ... and COMMIT of the aborted block rolls back
BEGIN;
INSERT INTO er_item VALUES (4, 'four');
SET LOCAL statement_timeout = '200ms';
SELECT graphql.resolve(:'timeout');
COMMIT;
SELECT pg_catalog.count(*) AS rows_after_failed_commit FROM er_item;

-- statement timeout in a savepoint: ROLLBACK TO recovers the block
BEGIN;
INSERT INTO er_item VALUES (4, 'four');
SAVEPOINT s;
SET LOCAL statement_timeout = '200ms';
SELECT graphql.resolve(:'timeout');
ROLLBACK TO SAVEPOINT s;
SET LOCAL statement_timeout = 0;
SELECT graphql.resolve(:'ok');
COMMIT;
SELECT pg_catalog.count(*) AS rows_after_savepoint FROM er_item;
DELETE FROM er_item WHERE id = 4;

-- a cancel, out of memory and shutdown raised by the statement propagate the same way
SELECT graphql.resolve(:'cancel');
SELECT 'next statement' AS after_cancel;
SELECT graphql.resolve(:'oom');
SELECT 'next statement' AS after_oom;
SELECT graphql.resolve(:'shutdown');
SELECT 'next statement' AS after_shutdown;
BEGIN;
SELECT graphql.resolve(:'oom');
SELECT 'ignored' AS in_aborted_block;
ROLLBACK;
BEGIN;
SAVEPOINT s;
SELECT graphql.resolve(:'cancel');
ROLLBACK TO SAVEPOINT s;
SELECT graphql.resolve(:'ok');
COMMIT;

-- a mutation whose statement times out writes nothing, in autocommit and in a block
SET statement_timeout = '200ms';
SELECT graphql.resolve('mutation { insert_er_item_one(object: {id: 5, name: "five"}) { id } er_sleep { id } }');
RESET statement_timeout;
SELECT pg_catalog.count(*) AS rows_after_failed_mutation FROM er_item;

-- a PL/pgSQL block catching the timeout: the handler runs, the function returns
CREATE FUNCTION er_catch() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM graphql.resolve('{ er_slow { id } }');
  RETURN 'no error';
EXCEPTION WHEN query_canceled THEN
  RETURN 'caught ' || SQLSTATE;
END $$;
SELECT graphql.resolve(:'ok');
SET statement_timeout = '200ms';
SELECT er_catch();
RESET statement_timeout;
SELECT graphql.resolve(:'ok');

-- the other entry points: explain of a value PostgreSQL refuses, explain of
-- a bad request, parse, sdl, in a block rolled back to a savepoint each time
BEGIN;
SAVEPOINT s;
SELECT graphql.explain('{ er_item(where: {born: {_eq: "nope"}}) { id } }');
ROLLBACK TO SAVEPOINT s;
SELECT graphql.explain('{ er_item { nope } }');
ROLLBACK TO SAVEPOINT s;
SELECT graphql.parse('{');
ROLLBACK TO SAVEPOINT s;
SELECT pg_catalog.length(graphql.sdl()) > 0 AS sdl;
SELECT graphql.resolve(:'ok');
COMMIT;

DROP FUNCTION er_catch();
DROP FUNCTION er_sleep();
DROP FUNCTION er_raise(text);
DROP FUNCTION er_slow();
DROP TABLE er_item;
