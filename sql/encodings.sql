-- Databases in other encodings than UTF8.  The document is read as UTF-8;
-- its string values reach SQL in the database's encoding, so filters match
-- and writes store the same text a variable or plain SQL would.
-- SQL_ASCII takes the bytes as they are.
\set origdb :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS graphql_latin1;
DROP DATABASE IF EXISTS graphql_sql_ascii;
CREATE DATABASE graphql_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE graphql_sql_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
RESET client_min_messages;

\c graphql_latin1
SET client_encoding = 'UTF8';
SELECT pg_catalog.getdatabaseencoding();
CREATE EXTENSION graphql;
CREATE TABLE person (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO person VALUES (1, 'café'), (2, 'cafe');
-- a literal, a \u escape and a variable find the same row
SELECT graphql.resolve('{ person(where: {name: {_eq: "café"}}) { id name } }');
SELECT graphql.resolve('{ person(where: {name: {_eq: "caf\u00e9"}}) { id name } }');
SELECT graphql.resolve('{ person(where: {name: {_eq: """café"""}}) { id name } }');
SELECT graphql.resolve('query ($n: String) { person(where: {name: {_eq: $n}}) { id name } }',
                       '{"n": "café"}');
SELECT graphql.resolve('query ($n: String = "café") { person(where: {name: {_eq: $n}}) { id } }');
SELECT graphql.resolve('{ person(where: {name: {_like: "%é"}}) { id } }');
-- a literal written by a mutation is the text plain SQL would store
SELECT graphql.resolve('mutation { insert_person_one(object: {id: 3, name: "naïve"}) { id name } }');
SELECT id, name = 'naïve' AS same_text, pg_catalog.length(name) AS characters FROM person WHERE id = 3;
-- a character LATIN1 cannot hold, from a \u escape: a request error
SELECT graphql.resolve('{ person(where: {name: {_eq: "\u65e5"}}) { id } }');
SELECT graphql.parse('{ a(x: "\u65e5") }');
-- graphql.parse keeps the text; a parse error quotes the character
SELECT graphql.parse('{ a(x: "é") }') #> '{definitions,0,selectionSet,selections,0,arguments,0,value}';
SELECT graphql.resolve('{ é }');
-- a JSON path's keys are read as Unicode letters and reach #> in LATIN1; a
-- key LATIN1 cannot hold (from a \u escape) is a request error
CREATE TABLE doc (id int PRIMARY KEY, body jsonb);
INSERT INTO doc VALUES (1, '{"café": 1, "Ünïcödé": {"x": 2}}');
SELECT graphql.resolve($$ { doc { a: body(path: "$.café") b: body(path: "Ünïcödé.x") c: body(path: """$['caf\u00e9']""") } } $$);
SELECT graphql.resolve($$ { doc { body(path: """$["\u65e5"]""") } } $$);

\c graphql_sql_ascii
SET client_encoding = 'UTF8';
SELECT pg_catalog.getdatabaseencoding();
CREATE EXTENSION graphql;
CREATE TABLE person (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO person VALUES (1, 'café');
SELECT graphql.resolve('{ person(where: {name: {_eq: "café"}}) { id name } }');
SELECT graphql.resolve('{ person(where: {name: {_eq: "caf\u00e9"}}) { id name } }');
SELECT graphql.resolve('mutation { insert_person_one(object: {id: 2, name: "naïve"}) { id name } }');
SELECT id, name = 'naïve' AS same_text FROM person WHERE id = 2;
-- a JSON path's keys: the bytes as they are
CREATE TABLE doc (id int PRIMARY KEY, body jsonb);
INSERT INTO doc VALUES (1, '{"café": 1}');
SELECT graphql.resolve($$ { doc { a: body(path: "$.café") b: body(path: """$['caf\u00e9']""") } } $$);
-- the text is read up to its length (it is not NUL-terminated: the
-- sanitizer build of test/fuzz catches a read past it)
SELECT graphql.resolve(pg_catalog.substr('{ person { id } }} junk', 1, 17));
-- bytes that are not UTF-8
SELECT graphql.resolve(pg_catalog.convert_from('\x7b20e9207d'::bytea, 'SQL_ASCII'));

\c :origdb
DROP DATABASE graphql_latin1;
DROP DATABASE graphql_sql_ascii;
