-- Hasura metadata (graphql.apply_metadata): tracked tables and functions,
-- custom names and root fields, column names, relationships by foreign key
-- (either side) and by manual configuration, computed fields, function
-- settings; the apply's report, the round trip through export_metadata,
-- re-applying, clearing, and who may apply.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
\set ON_ERROR_ROLLBACK on
BEGIN;

-- the root fields (query or mutation) whose name matches a regular expression
CREATE FUNCTION pg_temp.roots(root text, pattern text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(m[1], ' ' ORDER BY m[1]), '(none)')
    FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') AS b(block),
         regexp_matches(regexp_replace(b.block, '[ ]*"""([^"]|"[^"]|""[^"])*"""\n', '', 'g'),
                        E'\n  ([_A-Za-z0-9]+)', 'g') AS m
   WHERE b.block ~ ('(^|\n)type ' || root || ' \{') AND m[1] ~ pattern
$$;
-- the fields of an object type, by name
CREATE FUNCTION pg_temp.fields(name text) RETURNS text LANGUAGE sql AS $$
  SELECT pg_temp.roots(name, '')
$$;

-- Hasura's author/article example, with a detail row per author (a unique
-- foreign key: an object relationship from the referenced side), a view
-- joined by manual configuration, and functions
CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, bio text);
CREATE TABLE author_detail (author_id int PRIMARY KEY REFERENCES author, twitter text);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, author_id int NOT NULL REFERENCES author,
                      rating int);
CREATE VIEW top_article AS SELECT id, title, author_id FROM article WHERE rating >= 4;
CREATE TABLE untracked (id int PRIMARY KEY);
INSERT INTO author VALUES (1, 'Ann', 'writes'), (2, 'Bob', NULL);
INSERT INTO author_detail VALUES (1, '@ann');
INSERT INTO article VALUES (1, 'a1', 1, 5), (2, 'a2', 1, 3), (3, 'b1', 2, 4);
CREATE FUNCTION author_full_name(a author) RETURNS text LANGUAGE sql STABLE AS $$ SELECT a.name || ' (' || a.id || ')' $$;
CREATE FUNCTION author_shout(a author) RETURNS text LANGUAGE sql STABLE AS $$ SELECT upper(a.name) $$;
CREATE FUNCTION search_articles(search text) RETURNS SETOF article LANGUAGE sql STABLE
  AS $$ SELECT * FROM article WHERE title LIKE search || '%' $$;
CREATE FUNCTION bump_rating(article_id int) RETURNS SETOF article LANGUAGE sql VOLATILE
  AS $$ UPDATE article SET rating = rating + 1 WHERE id = article_id RETURNING * $$;
CREATE FUNCTION next_number() RETURNS int LANGUAGE sql VOLATILE AS $$ SELECT 42 $$;
CREATE FUNCTION not_tracked() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 1 $$;
CREATE FUNCTION twice(a int) RETURNS int LANGUAGE sql STABLE AS $$ SELECT 2 * a $$;
CREATE FUNCTION twice(a text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT a || a $$;
CREATE FUNCTION pair(OUT a int, OUT b int) LANGUAGE sql STABLE AS $$ SELECT 1, 2 $$;

-- before any metadata: every table of graphql.schemas, named by the rules
SELECT pg_temp.roots('query_root', '^(author|article|untracked|top_article|not_tracked)$');

CREATE TEMP TABLE m (name text PRIMARY KEY, metadata jsonb);
INSERT INTO m VALUES ('blog', $${
  "version": 3,
  "sources": [{
    "name": "default", "kind": "postgres",
    "tables": [
      {"table": {"schema": "public", "name": "author"},
       "configuration": {
         "custom_name": "writer",
         "comment": "people who write",
         "custom_root_fields": {"select": "writers", "select_by_pk": {"name": "writer", "comment": "one writer by id"},
                                "select_aggregate": null, "insert_one": "add_writer", "delete_by_pk": "remove_writer"},
         "column_config": {"bio": {"custom_name": "biography", "comment": "in their words"}}},
       "object_relationships": [
         {"name": "detail", "using": {"foreign_key_constraint_on": {"table": {"schema": "public", "name": "author_detail"},
                                                                     "column": "author_id"}}}],
       "array_relationships": [
         {"name": "articles", "using": {"foreign_key_constraint_on": {"table": {"schema": "public", "name": "article"},
                                                                       "column": "author_id"}}},
         {"name": "top_articles", "using": {"manual_configuration": {"remote_table": {"schema": "public", "name": "top_article"},
                                                                      "column_mapping": {"id": "author_id"}}}}],
       "computed_fields": [
         {"name": "full_name", "definition": {"function": {"schema": "public", "name": "author_full_name"}},
          "comment": "name and id"}]},
      {"table": {"schema": "public", "name": "author_detail"}},
      {"table": {"schema": "public", "name": "article"},
       "object_relationships": [{"name": "written_by", "using": {"foreign_key_constraint_on": "author_id"}}]},
      {"table": {"schema": "public", "name": "top_article"},
       "object_relationships": [
         {"name": "author", "using": {"manual_configuration": {"remote_table": "author", "column_mapping": {"author_id": "id"}}}}]}
    ],
    "functions": [
      {"function": {"schema": "public", "name": "search_articles"},
       "configuration": {"custom_root_fields": {"function": "find_articles", "function_aggregate": "find_articles_stats"}}},
      {"function": {"schema": "public", "name": "bump_rating"}, "configuration": {"exposed_as": "mutation"}},
      {"function": {"schema": "public", "name": "next_number"}, "configuration": {"exposed_as": "query", "custom_name": "number"}}
    ]
  }]
}$$);

-- the report: every item applied
SELECT * FROM graphql.apply_metadata((SELECT metadata FROM m WHERE name = 'blog'));

-- round trip: what export_metadata gives is what was applied
SELECT graphql.export_metadata() = (SELECT metadata FROM m WHERE name = 'blog') AS round_trip;

-- only the tracked tables and functions, with their custom names
SELECT pg_temp.roots('query_root', '');
SELECT pg_temp.roots('mutation_root', 'writer|bump');
SELECT pg_temp.fields('writer');
SELECT pg_temp.fields('article');
SELECT pg_temp.fields('top_article');

SELECT jsonb_pretty(graphql.resolve($$
  { writers(order_by: {id: asc}) {
      id name biography full_name
      detail { twitter }
      articles(order_by: {id: asc}) { title written_by { name } }
      top_articles { title author { name } }
    }
    writer(id: 2) { name detail { twitter } }
    find_articles(args: {search: "a"}, order_by: {id: asc}) { id }
    find_articles_stats(args: {search: "a"}) { aggregate { count } }
    number
  }$$)::jsonb);

-- mutations by their custom names; a computed field in the returned row
SELECT graphql.resolve($$mutation { add_writer(object: {id: 3, name: "Cy", biography: "new"}) { id biography full_name } }$$);
SELECT graphql.resolve($$mutation { bump_rating(args: {article_id: 2}) { id rating } }$$);
SELECT graphql.resolve($$mutation { remove_writer(id: 3) { name } }$$);

-- what is not tracked is not there; a default name that was replaced neither
SELECT graphql.resolve('{ untracked { id } }');
SELECT graphql.resolve('{ author { id } }');
SELECT graphql.resolve('{ not_tracked }');
SELECT graphql.resolve('{ writers { bio } }');

-- a role that may read author but not article: no relationship to it, no error
CREATE ROLE metadata_reader;
GRANT SELECT ON author, author_detail TO metadata_reader;
GRANT EXECUTE ON FUNCTION author_full_name(author) TO metadata_reader;
SET ROLE metadata_reader;
SELECT pg_temp.fields('writer');
SELECT graphql.resolve('{ writers(where: {id: {_eq: 1}}) { name detail { twitter } } }');
RESET ROLE;

-- items refused or not supported are reported, and left out of what is stored
INSERT INTO m VALUES ('mistakes', $${
  "version": 3,
  "sources": [
    {"name": "default", "kind": "postgres",
     "configuration": {"connection_info": {"database_url": {"from_env": "PG_DATABASE_URL"}}},
     "tables": [
       {"table": {"schema": "public", "name": "author"},
        "configuration": {"custom_name": "not a name", "custom_root_fields": {"select": "article", "select_stream": "s",
                                                 "insert": "add_author", "insert_one": "add_author"},
                          "column_config": {"nosuch": {"custom_name": "x"}}},
        "object_relationships": [
          {"name": "name", "using": {"foreign_key_constraint_on": {"table": "author_detail", "column": "author_id"}}},
          {"name": "by_title", "using": {"foreign_key_constraint_on": "name"}},
          {"name": "to_untracked", "using": {"manual_configuration": {"remote_table": "untracked", "column_mapping": {"id": "id"}}}},
          {"name": "mismatched", "using": {"manual_configuration": {"remote_table": "article", "column_mapping": {"name": "id"}}}}],
        "array_relationships": [{"name": "arts", "using": {"foreign_key_constraint_on": "author_id"}}],
        "computed_fields": [{"name": "loud", "definition": {"function": "author_shout"}},
                            {"name": "missing", "definition": {"function": "no_such_function"}}],
        "event_triggers": [{"name": "notify", "definition": {"enable_manual": false}}]},
       {"table": {"schema": "public", "name": "article"}, "is_enum": false},
       {"table": {"schema": "public", "name": "author_detail"}},
       {"table": {"schema": "public", "name": "no_such_table"}}
     ],
     "functions": [{"function": "no_such_function"}, {"function": "twice"}, {"function": "pair"},
                   {"function": "search_articles", "configuration": {"exposed_as": "mutation"}}]},
    {"name": "analytics", "kind": "postgres", "tables": []},
    {"name": "warehouse", "kind": "bigquery", "tables": []}
  ],
  "remote_schemas": [{"name": "orders", "definition": {"url": "http://localhost:1/graphql"}}],
  "actions": [{"name": "login", "definition": {"handler": "http://localhost:1/login"}}],
  "allowlist": []
}$$);
SELECT * FROM graphql.apply_metadata((SELECT metadata FROM m WHERE name = 'mistakes'));
-- applying again replaced the earlier metadata: writer is gone, the stored
-- metadata holds only what applied
SELECT pg_temp.roots('query_root', '^(author|writers|article|author_detail)$');
SELECT pg_temp.fields('author');
SELECT jsonb_pretty(graphql.export_metadata());

-- a comment directive names what the metadata does not; the metadata wins
COMMENT ON TABLE article IS '@graphql({"name": "post"})';
COMMENT ON TABLE author_detail IS '@graphql({"name": "profile"})';
SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default", "tables": [
  {"table": "article", "configuration": {"custom_name": "story"}}, {"table": "author_detail"}]}]}$$);
SELECT pg_temp.roots('query_root', '^(post|story|profile|author_detail)$');

-- not metadata Hasura exports
SELECT graphql.apply_metadata('{"version": 2, "tables": []}');
SELECT graphql.apply_metadata('[]');

-- an export without a Postgres source tracks nothing
SELECT * FROM graphql.apply_metadata('{"version": 3, "sources": [{"name": "w", "kind": "mssql", "tables": []}]}');
SELECT graphql.resolve('{ __typename }');
SELECT pg_temp.roots('query_root', '');

-- cleared: the tables of graphql.schemas again, by their own names
SELECT graphql.clear_metadata();
SELECT graphql.export_metadata();
SELECT pg_temp.roots('query_root', '^(author|article|post|untracked)$');

-- computed fields with arguments (Hasura's args: <function>_args), a set of
-- rows among them, and the session argument; they neither filter nor order
CREATE FUNCTION author_greeting(a author, greeting text DEFAULT 'Hello', times int DEFAULT 1) RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT repeat(greeting || ' ' || a.name || '!', times) $$;
CREATE FUNCTION author_articles_rated(a author, min_rating int) RETURNS SETOF article
  LANGUAGE sql STABLE AS $$ SELECT * FROM article WHERE author_id = a.id AND rating >= min_rating $$;
CREATE FUNCTION author_tagged(a author, hasura_session json, tag text) RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT tag || ':' || (hasura_session ->> 'x-hasura-role' IS NOT NULL) $$;
SELECT * FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default", "tables": [
  {"table": "author", "computed_fields": [
    {"name": "greeting", "definition": {"function": "author_greeting"}},
    {"name": "articles_rated", "definition": {"function": "author_articles_rated"}},
    {"name": "tagged", "definition": {"function": "author_tagged", "session_argument": "hasura_session"}}]},
  {"table": "article"}]}]}$$);
SELECT (regexp_match(graphql.sdl(), E'\ninput author_greeting_args \\{[^}]*\\}'))[1];
SELECT jsonb_pretty(graphql.resolve($$
  { author(order_by: {id: asc}) { greeting g2: greeting(args: {greeting: "Hi", times: 2})
      articles_rated(args: {min_rating: 4}) { title } tagged(args: {tag: "t"}) } }$$)::jsonb);
SELECT graphql.resolve('query ($m: Int!) { author(order_by: {id: asc}) { articles_rated(args: {min_rating: $m}, order_by: {id: desc}, limit: 1) { id } } }', '{"m": 1}');
SELECT graphql.resolve('{ author { articles_rated { id } } }');
SELECT graphql.resolve('{ author { greeting(args: {nope: 1}) } }');
SELECT graphql.resolve('{ author(where: {greeting: {_eq: "x"}}) { id } }');
SELECT graphql.clear_metadata();

-- who may apply: a superuser; a role granted EXECUTE only for what it owns
CREATE ROLE metadata_owner;
GRANT EXECUTE ON FUNCTION graphql.apply_metadata(jsonb) TO metadata_owner;
GRANT CREATE ON SCHEMA public TO metadata_owner;
SET ROLE metadata_owner;
CREATE TABLE owned (id int PRIMARY KEY);
SELECT object, item, status FROM graphql.apply_metadata('{"version": 3, "sources": [{"name": "default", "tables": [{"table": "owned"}]}]}');
SELECT graphql.apply_metadata('{"version": 3, "sources": [{"name": "default", "tables": [{"table": "owned"}, {"table": "author"}]}]}');
SELECT graphql.apply_metadata('{"version": 3, "sources": [{"name": "default", "functions": [{"function": "next_number"}]}]}');
SELECT graphql.apply_metadata('{"version": 3, "sources": [], "remote_schemas": []}');
SELECT graphql.clear_metadata();
SELECT graphql.export_metadata();
RESET ROLE;
SELECT pg_temp.roots('query_root', '^(owned|author)$');
-- a superuser's metadata is not the owner's to replace
SELECT count(*) FROM graphql.apply_metadata('{"version": 3, "sources": [{"name": "default", "tables": [{"table": "author"}]}]}');
SET ROLE metadata_owner;
DO $$
BEGIN
  PERFORM graphql.apply_metadata('{"version": 3, "sources": [{"name": "default", "tables": [{"table": "owned"}]}]}');
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE '%', replace(SQLERRM, (SELECT rolname FROM pg_roles WHERE oid = 10), '<the superuser>');
END $$;
RESET ROLE;

ROLLBACK;
