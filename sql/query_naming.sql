-- Naming (Hasura "hasura-default"): type, field and argument names derived
-- from tables, columns and foreign keys; comment directives and descriptions
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

-- a named type as SDL; descriptions left out unless asked for
CREATE FUNCTION pg_temp.sdl_type(name text, descriptions boolean DEFAULT false) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(l.line, E'\n' ORDER BY l.n)
    FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') AS b(block),
         regexp_split_to_table(CASE WHEN descriptions THEN b.block
                                   ELSE regexp_replace(b.block, '[ ]*"""([^"]|"[^"]|""[^"])*"""\n', '', 'g') END,
                               E'\n') WITH ORDINALITY AS l(line, n)
   WHERE b.block ~ ('(^|\n)(type|input|enum|scalar) ' || name || '( \{|$)')
     AND l.line <> ''
$$;
-- the named types whose name matches a regular expression: "kind name"
CREATE FUNCTION pg_temp.sdl_types(pattern text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(m[1] || ' ' || m[2], E'\n' ORDER BY m[2])
    FROM regexp_matches(graphql.sdl(), E'(?:^|\n)(type|input|enum|scalar) ([_A-Za-z0-9]+)', 'g') AS m
   WHERE m[2] ~ pattern
$$;
-- the root fields whose name matches a regular expression
CREATE FUNCTION pg_temp.sdl_root(pattern text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(m[1], E'\n' ORDER BY m[1]), '(none)')
    FROM regexp_matches(pg_temp.sdl_type('query_root'), E'\n  ([_A-Za-z0-9]+)', 'g') AS m
   WHERE m[1] ~ pattern
$$;

-- tables and columns keep their names, camelCase included; per table: the
-- object type, <t>_bool_exp, <t>_order_by, <t>_select_column, root fields
-- <t> and <t>_by_pk (its arguments: the primary key columns, in key order)
CREATE TABLE author (id int PRIMARY KEY, first_name text NOT NULL, "lastName" varchar(20));
CREATE TABLE "orderLine" ("orderId" int, "lineNo" int, qty int NOT NULL, PRIMARY KEY ("lineNo", "orderId"));
INSERT INTO author VALUES (1, 'Ann', 'Lee'), (2, 'Bob', NULL);
INSERT INTO "orderLine" VALUES (7, 1, 3), (7, 2, 5);
SELECT pg_temp.sdl_types('^(author|orderLine)');
SELECT pg_temp.sdl_root('^(author|orderLine)');
SELECT pg_temp.sdl_type('author');
SELECT pg_temp.sdl_type('author_select_column');
SELECT pg_temp.sdl_type('author_order_by');
SELECT pg_temp.sdl_type('author_bool_exp');
SELECT regexp_match(pg_temp.sdl_type('query_root'), E'  orderLine_by_pk\\([^)]*\\): orderLine');
SELECT graphql.resolve('{ author(order_by: {lastName: asc}) { first_name lastName } }');
SELECT graphql.resolve('{ orderLine_by_pk(orderId: 7, lineNo: 2) { qty } }');
SELECT graphql.resolve('{ orderLine(distinct_on: orderId, order_by: {orderId: asc}) { orderId } }');
-- the order_by enum
SELECT pg_temp.sdl_type('order_by');

-- comparison types are named after the GraphQL scalar of the column:
-- Int, String, Boolean; other types by their PostgreSQL name; arrays
-- <scalar>_array_comparison_exp
CREATE TABLE sample (id int PRIMARY KEY, label text, code varchar(8), flag boolean, big bigint,
                     amount numeric, uid uuid, doc jsonb, at timestamptz, day date, tags text[],
                     ids int[]);
SELECT string_agg(m[1] || ': ' || m[2], E'\n') FROM regexp_matches(pg_temp.sdl_type('sample_bool_exp'), E'\n  ([a-z]+): ([_A-Za-z0-9]+)', 'g') AS m;
SELECT pg_temp.sdl_types('comparison_exp$');
SELECT pg_temp.sdl_types('^(bigint|numeric|uuid|jsonb|timestamptz|date)$');
SELECT pg_temp.sdl_type('sample');

-- tables outside public are prefixed <schema>_ when their schema is listed
-- in graphql.schemas, and so are their types and root fields
CREATE SCHEMA crm;
CREATE TABLE crm.customer (id int PRIMARY KEY, name text NOT NULL, author_id int REFERENCES author);
CREATE TABLE crm.author (id int PRIMARY KEY, note text);
INSERT INTO crm.customer VALUES (1, 'Acme', 1), (2, 'Bolt', 1);
INSERT INTO crm.author VALUES (1, 'crm''s own author');
SELECT pg_temp.sdl_root('customer|^crm');
SET graphql.schemas = 'public, crm';
SELECT pg_temp.sdl_root('customer|^crm');
SELECT pg_temp.sdl_types('^crm_');
SELECT graphql.resolve('{ crm_customer(order_by: {id: asc}) { name author { first_name } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { crm_customers(order_by: {id: desc}) { name } } }');
SELECT graphql.resolve('{ crm_author { note } author(where: {id: {_eq: 1}}) { first_name } }');
SET graphql.schemas = 'crm';
SELECT pg_temp.sdl_root('.');
SELECT graphql.resolve('{ crm_customer { name author_id } }');
SELECT graphql.resolve('{ author { first_name } }');
RESET graphql.schemas;

-- array relationships: the referencing table's name in the plural, only
-- its last word, keeping its case
CREATE TABLE hub (id int PRIMARY KEY);
CREATE TABLE category (id int PRIMARY KEY, hub_id int REFERENCES hub);
CREATE TABLE person (id int PRIMARY KEY, hub_id int REFERENCES hub);
CREATE TABLE address (id int PRIMARY KEY, hub_id int REFERENCES hub);
CREATE TABLE order_item (id int PRIMARY KEY, hub_id int REFERENCES hub);
CREATE TABLE status (id int PRIMARY KEY, hub_id int REFERENCES hub);
CREATE TABLE "orderItem" (id int PRIMARY KEY, hub_id int REFERENCES hub);
CREATE TABLE "BoxOfficeEntry" (id int PRIMARY KEY, hub_id int REFERENCES hub);
CREATE TABLE news (id int PRIMARY KEY, hub_id int REFERENCES hub);
INSERT INTO hub VALUES (1);
INSERT INTO person VALUES (1, 1), (2, 1);
INSERT INTO status VALUES (1, 1);
SELECT regexp_replace(pg_temp.sdl_type('hub'), E'\\(\n[^)]*\\)', '(...)', 'g');
SELECT graphql.resolve('{ hub { people(order_by: {id: asc}) { id } statuses { id } orderItems { id } } }');
-- object relationships: the FK column without _id / Id, else the
-- referenced table's name (several columns, or no such suffix)
CREATE TABLE shelf (id int PRIMARY KEY, "hubId" int REFERENCES hub, owner_id int REFERENCES person);
CREATE TABLE rack (id int PRIMARY KEY, place int REFERENCES hub);
SELECT pg_temp.sdl_type('shelf');
SELECT pg_temp.sdl_type('rack');

-- comment directives: a table's and a column's name; relationships follow
-- the new names
CREATE TABLE writer_t (id int PRIMARY KEY, full_name text NOT NULL);
COMMENT ON TABLE writer_t IS '@graphql({"name": "Writer"})';
COMMENT ON COLUMN writer_t.full_name IS '@graphql({"name": "fullName"})';
CREATE TABLE novel (id int PRIMARY KEY, writer_ref int NOT NULL REFERENCES writer_t);
COMMENT ON COLUMN novel.writer_ref IS '@graphql({"name": "writerId"})';
INSERT INTO writer_t VALUES (1, 'Ann Lee');
INSERT INTO novel VALUES (10, 1);
SELECT pg_temp.sdl_types('(?i)writer');
SELECT pg_temp.sdl_root('(?i)writer');
SELECT pg_temp.sdl_type('Writer_select_column');
SELECT pg_temp.sdl_type('novel');
SELECT graphql.resolve('{ Writer { fullName novels { id writerId writer { fullName } } } }');
SELECT graphql.resolve('{ Writer_by_pk(id: 1) { __typename fullName } }');
SELECT graphql.resolve('{ novel(where: {writer: {fullName: {_like: "Ann%"}}}, order_by: {writerId: asc}) { id } }');
SELECT graphql.resolve('{ writer_t { id } }');
SELECT graphql.resolve('{ Writer { full_name } }');

-- plain comments become descriptions, also next to a directive; a
-- directive's "description" wins over the comment's text
CREATE TABLE note (id int PRIMARY KEY, body text, title text);
COMMENT ON TABLE note IS 'A short note.';
COMMENT ON COLUMN note.body IS 'The text of the note.';
COMMENT ON COLUMN note.title IS 'Shown first. @graphql({"name": "heading"})';
CREATE TABLE memo (id int PRIMARY KEY);
COMMENT ON TABLE memo IS 'ignored @graphql({"description": "A memo."})';
SELECT pg_temp.sdl_type('note', true);
SELECT pg_temp.sdl_type('memo', true);
-- without a comment: Hasura's default description
SELECT pg_temp.sdl_type('hub', true) ~ '^"""\ncolumns and relationships of "hub"\n"""\ntype hub \{';

-- names that are not GraphQL names are left out: tables, columns
CREATE TABLE "my table" (id int PRIMARY KEY);
CREATE TABLE "2fast" (id int PRIMARY KEY);
CREATE TABLE "__hidden" (id int PRIMARY KEY);
CREATE TABLE "élan" (id int PRIMARY KEY);
CREATE TABLE gadget (id int PRIMARY KEY, "first-name" text, "__meta" text, "größe" int, ok text);
INSERT INTO gadget VALUES (1, 'x', 'y', 3, 'fine');
SELECT pg_temp.sdl_root('my|fast|hidden|lan|gadget');
SELECT pg_temp.sdl_type('gadget');
SELECT graphql.resolve('{ gadget { id ok } }');
-- a directive can give such a table or column a valid name
COMMENT ON TABLE "my table" IS '@graphql({"name": "myTable"})';
COMMENT ON COLUMN gadget."first-name" IS '@graphql({"name": "firstName"})';
ALTER TABLE gadget ADD COLUMN extra int;
SELECT pg_temp.sdl_root('(?i)my|gadget');
SELECT graphql.resolve('{ gadget { firstName } myTable { id } }');
-- a directive with a name that is not a GraphQL name: the column keeps its own
COMMENT ON COLUMN gadget.ok IS '@graphql({"name": "not ok"})';
ALTER TABLE gadget DROP COLUMN extra;
SELECT pg_temp.sdl_type('gadget');
-- (dropped again: the warning comes with every build of the schema, and a
-- build can come at any time, after autovacuum's statistics, say)
COMMENT ON COLUMN gadget.ok IS NULL;

-- a relationship whose name is taken by a column is left out (the column
-- wins); local_name / foreign_name give it another name
CREATE TABLE board (id int PRIMARY KEY, threads int);
CREATE TABLE thread (id int PRIMARY KEY, board_id int CONSTRAINT thread_board_fk REFERENCES board, board text);
INSERT INTO board VALUES (1, 42);
INSERT INTO thread VALUES (1, 1, 'a board name');
SELECT pg_temp.sdl_type('thread');
SELECT pg_temp.sdl_type('board');
SELECT graphql.resolve('{ thread { board } board { threads } }');
COMMENT ON CONSTRAINT thread_board_fk ON thread IS '@graphql({"local_name": "parent_board", "foreign_name": "thread_list"})';
ALTER TABLE board ADD COLUMN extra int;
SELECT pg_temp.sdl_type('thread');
SELECT regexp_replace(pg_temp.sdl_type('board'), E'\\(\n[^)]*\\)', '(...)', 'g');
SELECT graphql.resolve('{ thread { board parent_board { threads thread_list { board } } } }');

-- errors: a table outside graphql.schemas, a left-out name, names are
-- case-sensitive
SELECT graphql.resolve('{ crm_customer { id } }');
SELECT graphql.resolve('{ my_table { id } }');
SELECT graphql.resolve('{ author(where: {lastname: {_eq: "Lee"}}) { id } }');

ROLLBACK;

-- columns and response keys named like the statement's own aliases (t1,
-- t2, ...) do not shadow them
BEGIN;
CREATE TABLE shadow (id int PRIMARY KEY, t2 int, t3 int);
INSERT INTO shadow VALUES (1, 22, 33);
SELECT graphql.resolve('{ shadow { t2 t3: id t1: t2 } shadow_by_pk(id: 1) { t2: t3 t3 } }');
ROLLBACK;
