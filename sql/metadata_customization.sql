-- A Hasura source's customization (graphql.apply_metadata): type_names'
-- prefix and suffix on every type the source's tables and functions make,
-- root_fields' prefix and suffix on every root field they make (custom
-- root field names included); the names in the SDL, in queries, mutations,
-- variables, __typename and __type; root_fields' namespace (the root fields
-- under one field of query_root and of mutation_root); the report and the
-- round trip; naming_convention graphql-default (camelCase fields and
-- arguments, PascalCase types, upper-case enum values); what is refused
-- (not a GraphQL name, a clash).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
\set ON_ERROR_ROLLBACK on
BEGIN;

-- the names of the types of the SDL (object, input, enum, scalar) matching a pattern
CREATE FUNCTION pg_temp.types(pattern text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(m[1], ' ' ORDER BY m[1]), '(none)')
    FROM regexp_matches(graphql.sdl(), E'(?:^|\n)(?:type|input|enum|scalar) ([_A-Za-z0-9]+)(?= \\{|\n|$)', 'g') AS m
   WHERE m[1] ~ pattern
$$;
-- the fields of a type (object or input), by name
CREATE FUNCTION pg_temp.fields(name text) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(m[1], ' ' ORDER BY m[1]), '(none)')
    FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') AS b(block),
         regexp_matches(regexp_replace(b.block, '[ ]*"""([^"]|"[^"]|""[^"])*"""\n', '', 'g'),
                        E'\n  ([_A-Za-z0-9]+)', 'g') AS m
   WHERE b.block ~ ('(^|\n)(type|input) ' || name || ' \{')
$$;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL, token uuid);
CREATE TABLE article_status (value text PRIMARY KEY, comment text);
INSERT INTO article_status VALUES ('draft', 'not out yet'), ('published', NULL);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL, author_id int NOT NULL REFERENCES author,
                      status text NOT NULL DEFAULT 'draft' REFERENCES article_status);
INSERT INTO author VALUES (1, 'Ann', NULL), (2, 'Bob', NULL);
INSERT INTO article VALUES (1, 'a1', 1, 'published'), (2, 'a2', 1, 'draft'), (3, 'b1', 2, 'published');
CREATE FUNCTION search_articles(search text) RETURNS SETOF article LANGUAGE sql STABLE
  AS $$ SELECT * FROM article WHERE title LIKE search || '%' $$;
CREATE FUNCTION author_shout(a author) RETURNS text LANGUAGE sql STABLE AS $$ SELECT upper(a.name) $$;

CREATE TEMP TABLE m (name text PRIMARY KEY, metadata jsonb);
INSERT INTO m VALUES ('blog', $${
  "version": 3,
  "sources": [{
    "name": "default", "kind": "postgres",
    "customization": {
      "type_names": {"prefix": "tp_", "suffix": "_ts"},
      "root_fields": {"prefix": "rp_", "suffix": "_rs"},
      "naming_convention": "hasura-default"},
    "tables": [
      {"table": {"schema": "public", "name": "author"},
       "array_relationships": [
         {"name": "articles", "using": {"foreign_key_constraint_on": {"table": {"schema": "public", "name": "article"},
                                                                       "column": "author_id"}}}],
       "computed_fields": [{"name": "shout", "definition": {"function": {"schema": "public", "name": "author_shout"}}}]},
      {"table": {"schema": "public", "name": "article"},
       "configuration": {"custom_root_fields": {"select": "posts", "select_by_pk": "post"}},
       "object_relationships": [{"name": "author", "using": {"foreign_key_constraint_on": "author_id"}}]},
      {"table": {"schema": "public", "name": "article_status"}, "is_enum": true}
    ],
    "functions": [{"function": {"schema": "public", "name": "search_articles"}}]
  }]
}$$);

-- the report: every item applied
SELECT * FROM graphql.apply_metadata((SELECT metadata FROM m WHERE name = 'blog'));

-- round trip: the customization comes back from export_metadata unchanged
SELECT graphql.export_metadata() = (SELECT metadata FROM m WHERE name = 'blog') AS round_trip;
SELECT graphql.export_metadata()->'sources'->0->'customization' AS customization;

-- every type the tables and functions make is tp_<name>_ts (the enum
-- table's comparison type is named after its enum, as Hasura names it);
-- the scalars, the comparison types, order_by and the roots keep their names
SELECT pg_temp.types('^tp_');
SELECT pg_temp.types('^(?!tp_)');
-- the root fields, prefixed and suffixed, custom names included; columns,
-- relationships, computed fields and arguments keep their names
SELECT pg_temp.fields('query_root');
SELECT pg_temp.fields('mutation_root');
SELECT pg_temp.fields('tp_author_ts');
SELECT pg_temp.fields('tp_article_bool_exp_ts');

-- queries under the new names, __typename the customized type names
SELECT jsonb_pretty(graphql.resolve($$
  { rp_author_rs(order_by: {id: asc}) {
      __typename id name shout
      articles(order_by: {id: asc}, where: {status: {_eq: published}}) { __typename title status }
    }
    rp_posts_rs(where: {author: {name: {_eq: "Bob"}}}) { id author { __typename name } }
    rp_post_rs(id: 2) { __typename title }
    rp_author_aggregate_rs { __typename aggregate { __typename count max { __typename id } } nodes { id } }
    rp_search_articles_rs(args: {search: "a"}, order_by: {id: desc}) { __typename id }
    rp_search_articles_aggregate_rs(args: {search: "a"}) { aggregate { count } }
    __typename
  }$$)::jsonb);

-- variables declared with the customized input types
SELECT graphql.resolve($$query ($w: tp_author_bool_exp_ts, $o: [tp_author_order_by_ts!], $d: [tp_author_select_column_ts!]) {
    rp_author_rs(where: $w, order_by: $o, distinct_on: $d) { id } }$$,
  '{"w": {"name": {"_like": "%"}}, "o": [{"id": "desc"}], "d": ["id"]}');
SELECT graphql.resolve($$query ($s: tp_article_status_enum_ts!) { rp_posts_rs(where: {status: {_eq: $s}}, order_by: {id: asc}) { id } }$$,
  '{"s": "draft"}');
-- the old names are gone
SELECT graphql.resolve('{ author { id } }');
SELECT graphql.resolve('query ($w: author_bool_exp) { rp_author_rs(where: $w) { id } }');
SELECT graphql.resolve('{ rp_author_rs { ... on author { id } } }');
SELECT graphql.resolve('{ rp_author_rs { ... on tp_author_ts { id } } }');

-- introspection: __type by the new name
SELECT graphql.resolve('{ __type(name: "tp_author_mutation_response_ts") { name kind fields { name type { ofType { ofType { ofType { name } } name } } } } }');
SELECT graphql.resolve('{ __type(name: "author") { name } }');
SELECT graphql.resolve('{ __schema { queryType { name } mutationType { name } } }');

-- mutations under the new names
SELECT jsonb_pretty(graphql.resolve($$mutation ($o: [tp_author_insert_input_ts!]!) {
    rp_insert_author_rs(objects: $o) { __typename affected_rows returning { __typename id articles { title } } }
    rp_insert_author_one_rs(object: {id: 4, name: "Di"}, on_conflict: {constraint: author_pkey, update_columns: [name]}) { __typename id }
    rp_update_author_by_pk_rs(pk_columns: {id: 4}, _set: {name: "Dee"}) { name }
    rp_update_author_many_rs(updates: [{where: {id: {_eq: 3}}, _set: {name: "Cyd"}}]) { __typename affected_rows }
    rp_delete_article_rs(where: {author_id: {_eq: 3}}) { affected_rows }
    rp_delete_author_by_pk_rs(id: 3) { name }
  }$$, '{"o": [{"id": 3, "name": "Cy", "articles": {"data": [{"id": 9, "title": "c1"}]}}]}')::jsonb);
SELECT graphql.resolve('mutation { rp_delete_author_rs(where: {id: {_eq: 4}}) { affected_rows } }');

-- a cached request answers the same (the plan cache keeps the names)
SELECT graphql.resolve('{ rp_author_rs(where: {id: {_eq: 1}}) { __typename id } }');
SELECT graphql.resolve('{ rp_author_rs(where: {id: {_eq: 1}}) { __typename id } }');

-- root_fields' namespace: the source's root fields under one field of
-- query_root and of mutation_root, whose types are <namespace>_query and
-- <namespace>_mutation (with the type prefix and suffix, as Hasura names them)
UPDATE m SET metadata = jsonb_set(metadata, '{sources,0,customization,root_fields,namespace}', '"blog"')
 WHERE name = 'blog';
SELECT object, item, status FROM graphql.apply_metadata((SELECT metadata FROM m WHERE name = 'blog'))
 WHERE item ~ 'customization';
SELECT graphql.export_metadata() = (SELECT metadata FROM m WHERE name = 'blog') AS round_trip;
SELECT graphql.export_metadata()->'sources'->0->'customization'->'root_fields' AS root_fields;
SELECT pg_temp.fields('query_root');
SELECT pg_temp.fields('mutation_root');
SELECT pg_temp.types('blog');
SELECT pg_temp.fields('tp_blog_query_ts');
SELECT (regexp_match(graphql.sdl(), E'type query_root \\{[^}]*\\}'))[1];
SELECT graphql.resolve($$
  { __typename
    blog { __typename rp_author_rs(order_by: {id: asc}) { __typename id } p: rp_posts_rs(limit: 1) { id } }
    again: blog { __typename } }$$);
SELECT graphql.resolve('{ blog { ... on tp_blog_query_ts { rp_author_by_pk_rs(id: 1) { name } } } }');
SELECT graphql.resolve('query ($s: Boolean!) { blog { rp_author_rs @skip(if: $s) { id } } }', '{"s": true}');
-- a cached request re-run with a new variable's value
SELECT graphql.resolve('query ($id: Int!) { blog { rp_author_by_pk_rs(id: $id) { name } } }', '{"id": 1}');
SELECT graphql.resolve('query ($id: Int!) { blog { rp_author_by_pk_rs(id: $id) { name } } }', '{"id": 2}');
SELECT graphql.resolve($$mutation {
    blog { rp_insert_author_one_rs(object: {id: 5, name: "Ed"}) { __typename id } rp_delete_author_by_pk_rs(id: 5) { name } }
    blog2: blog { __typename } }$$);
-- errors carry the path through the namespace
SELECT graphql.resolve('mutation { blog { rp_insert_author_one_rs(object: {id: 1, name: "Ann"}) { id } } }');
SELECT graphql.resolve('{ blog { rp_author_rs(where: {id: {_eq: "x"}}) { id } } }');
-- the root fields are no longer on the roots
SELECT graphql.resolve('{ rp_author_rs { id } }');
SELECT graphql.resolve('{ blog }');

-- a prefix alone, a suffix alone
SELECT object, item, status FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"type_names": {"prefix": "db_"}, "root_fields": {"suffix": "_db"}},
  "tables": [{"table": "author"}]}]}$$) WHERE item ~ 'customization';
SELECT pg_temp.types('author');
SELECT pg_temp.fields('query_root');
SELECT graphql.resolve('{ author_db(where: {id: {_eq: 2}}) { __typename name } }');

-- refused: names that are not GraphQL names, what is not an object, a key
-- type_names or root_fields does not have, a naming convention Hasura does
-- not have; not supported: other keys.  All of them are cut from what is
-- stored; the rest applies.
INSERT INTO m VALUES ('mistakes', $${
  "version": 3,
  "sources": [{
    "name": "default", "kind": "postgres",
    "customization": {
      "type_names": {"prefix": "1x", "suffix": "_ok"},
      "root_fields": {"namespace": "not a name", "prefix": "q_"},
      "naming_convention": "hasura-default",
      "field_names": []},
    "tables": [{"table": {"schema": "public", "name": "author"}}]
  }]
}$$);
SELECT * FROM graphql.apply_metadata((SELECT metadata FROM m WHERE name = 'mistakes'));
SELECT graphql.export_metadata()->'sources'->0->'customization' AS customization;
SELECT pg_temp.types('author');
SELECT pg_temp.fields('query_root');

SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"type_names": {"prefix": "t_", "suffix": "-x"}, "root_fields": {"prefix": "__r"},
                    "naming_convention": "camelCase"},
  "tables": [{"table": "author"}]}]}$$) WHERE item ~ 'customization';
SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"type_names": {"prefix": 3}, "root_fields": {"prefix": "r_", "mapping": {}}},
  "tables": [{"table": "author"}]}]}$$) WHERE item ~ 'customization';
SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"type_names": "tp_"}, "tables": [{"table": "author"}]}]}$$) WHERE item ~ 'customization';
SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": [], "tables": [{"table": "author"}]}]}$$) WHERE item ~ 'customization';
SELECT graphql.export_metadata()->'sources'->0 ? 'customization' AS kept;

-- refused: a namespace whose type's name is a table's: the root fields
-- stay on the roots, with their prefix
CREATE TABLE ns_query (id int PRIMARY KEY);
SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"root_fields": {"namespace": "ns", "prefix": "r_"}},
  "tables": [{"table": "author"}, {"table": "ns_query"}]}]}$$) WHERE item ~ 'customization';
SELECT graphql.export_metadata()->'sources'->0->'customization' AS customization;
SELECT pg_temp.fields('query_root');

-- refused: a type name the prefix makes that another type has (the table
-- g prefixed "Strin" is String): the schema keeps the names without it
CREATE TABLE g (id int PRIMARY KEY);
SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"type_names": {"prefix": "Strin"}, "root_fields": {"prefix": "r_"}},
  "tables": [{"table": "author"}, {"table": "g"}]}]}$$) WHERE item ~ 'customization';
SELECT graphql.export_metadata()->'sources'->0->'customization' AS customization;
SELECT pg_temp.types('^(g|author|Strin.*)$');
SELECT graphql.resolve('{ r_g { __typename id } r_author(where: {id: {_eq: 1}}) { __typename id } }');

-- naming_convention graphql-default: camelCase fields, arguments and
-- columns (a column's custom name too), PascalCase types (the comparison
-- types and order_by too; the scalars keep theirs), upper-case values of
-- order_by and of an enum table; relationships and computed fields keep
-- the metadata's names, custom root fields theirs
INSERT INTO m VALUES ('graphql', $${
  "version": 3,
  "sources": [{
    "name": "default", "kind": "postgres",
    "customization": {"naming_convention": "graphql-default"},
    "tables": [
      {"table": {"schema": "public", "name": "author"},
       "array_relationships": [
         {"name": "articles", "using": {"foreign_key_constraint_on": {"table": {"schema": "public", "name": "article"},
                                                                       "column": "author_id"}}}],
       "computed_fields": [{"name": "shout_name", "definition": {"function": {"schema": "public", "name": "author_shout"}}}]},
      {"table": {"schema": "public", "name": "article"},
       "configuration": {"custom_root_fields": {"select_by_pk": "one_post"},
                         "column_config": {"title": {"custom_name": "head_line"}}},
       "object_relationships": [{"name": "written_by", "using": {"foreign_key_constraint_on": "author_id"}}]},
      {"table": {"schema": "public", "name": "article_status"}, "is_enum": true}
    ],
    "functions": [{"function": {"schema": "public", "name": "search_articles"}}]
  }]
}$$);
SELECT * FROM graphql.apply_metadata((SELECT metadata FROM m WHERE name = 'graphql'));
SELECT graphql.export_metadata() = (SELECT metadata FROM m WHERE name = 'graphql') AS round_trip;
SELECT pg_temp.types('^(Author|SearchArticles|Int|String|OrderBy|uuid|ArticleStatusEnum)');
SELECT pg_temp.fields('query_root');
SELECT pg_temp.fields('mutation_root');
SELECT pg_temp.fields('Author');
SELECT pg_temp.fields('ArticleBoolExp');
SELECT pg_temp.fields('AuthorAggregateFields');
SELECT pg_temp.fields('AuthorMutationResponse');
SELECT pg_temp.fields('ArticleOnConflict');
SELECT pg_temp.fields('ArticleArrRelInsertInput');
SELECT pg_temp.fields('StringComparisonExp');
SELECT (regexp_match(graphql.sdl(), E'\nenum OrderBy \\{[^}]*\\}'))[1];
SELECT (regexp_match(graphql.sdl(), E'\nenum ArticleStatusEnum \\{[^}]*\\}'))[1];
SELECT (regexp_match(graphql.sdl(), E'\nenum ArticleSelectColumn \\{[^}]*\\}'))[1];
SELECT (regexp_match(graphql.sdl(), E'\n  author\\(\n[^)]*\\): \\[Author!\\]!'))[1];
SELECT jsonb_pretty(graphql.resolve($$
  { author(orderBy: {id: ASC}, where: {articles: {status: {_eq: PUBLISHED}}}) {
      __typename id name shout_name
      articles(orderBy: [{id: DESC_NULLS_LAST}], where: {headLine: {_isNull: false}}) { __typename headLine status authorId }
      articlesAggregate { aggregate { count(columns: [authorId], distinct: true) max { id } } }
    }
  }$$)::jsonb);
SELECT jsonb_pretty(graphql.resolve($$
  { one_post(id: 2) { __typename headLine status written_by { name } }
    authorAggregate(where: {articlesAggregate: {count: {predicate: {_gt: 1}, filter: {status: {_in: [DRAFT, PUBLISHED]}}}}}) {
      __typename aggregate { __typename count } nodes { id } }
    byCount: author(orderBy: {articlesAggregate: {count: DESC}}, limit: 1) { id }
    distinct: article(distinctOn: [authorId], orderBy: [{authorId: ASC}, {id: DESC}]) { id authorId }
    searchArticles(args: {search: "a"}, orderBy: {id: ASC}) { __typename id }
    searchArticlesAggregate(args: {search: "b"}) { aggregate { count } }
    articleStatus(orderBy: {value: ASC}) { value comment }
  }$$)::jsonb);
SELECT graphql.resolve($$query ($w: ArticleBoolExp!, $o: [ArticleOrderBy!], $s: ArticleStatusEnum!) {
    article(where: {_and: [$w, {status: {_eq: $s}}]}, orderBy: $o) { id status } }$$,
  '{"w": {"headLine": {"_like": "a%"}}, "o": [{"id": "DESC"}], "s": "PUBLISHED"}');
-- hasura-default's names are not there
SELECT graphql.resolve('{ author(order_by: {id: ASC}) { id } }');
SELECT graphql.resolve('{ author(orderBy: {id: asc}) { id } }');
SELECT graphql.resolve('{ author_aggregate { aggregate { count } } }');
SELECT graphql.resolve('{ article(where: {status: {_eq: draft}}) { id } }');
SELECT graphql.resolve('{ article(where: {title: {_is_null: true}}) { id } }');
-- mutations
SELECT jsonb_pretty(graphql.resolve($$mutation {
    insertAuthor(objects: [{id: 3, name: "Cy", articles: {data: [{id: 9, headLine: "c1", status: PUBLISHED}],
                                                     onConflict: {constraint: article_pkey, updateColumns: [headLine]}}}],
                 onConflict: {constraint: author_pkey, updateColumns: [name]}) {
      __typename affectedRows returning { id articles { headLine status } } }
    insertArticleOne(object: {id: 10, headLine: "c2", authorId: 3}) { id status }
    updateArticle(where: {authorId: {_eq: 3}}, _set: {status: DRAFT}) { affectedRows returning { id status } }
    updateAuthorByPk(pkColumns: {id: 3}, _set: {name: "Cyd"}) { name }
    updateArticleMany(updates: [{where: {id: {_eq: 9}}, _set: {headLine: "c1!"}}]) { affectedRows }
    deleteArticleByPk(id: 10) { headLine }
    deleteArticle(where: {authorId: {_eq: 3}}) { affectedRows }
    deleteAuthor(where: {id: {_eq: 3}}) { affectedRows }
  }$$)::jsonb);
SELECT graphql.resolve('mutation { updateArticle(where: {id: {_eq: 1}}) { affectedRows } }');
SELECT graphql.resolve('{ __type(name: "OrderBy") { enumValues { name } } }');

-- graphql-default with a prefix, a suffix and a namespace: the types
-- PascalCase between the prefix and suffix as given; a root field begins
-- upper-case after the prefix
SELECT object, item, status FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"naming_convention": "graphql-default", "type_names": {"prefix": "tp_", "suffix": "_ts"},
                    "root_fields": {"prefix": "rp_", "suffix": "_rs", "namespace": "db"}},
  "tables": [{"table": "author"}]}]}$$) WHERE item ~ 'customization';
SELECT pg_temp.types('Author|Db');
SELECT pg_temp.fields('tp_DbQuery_ts');
SELECT graphql.resolve('{ db { __typename rp_AuthorByPk_rs(id: 1) { __typename name } } }');

-- graphql-default: a function's arguments, a json path, jsonb's update operators
CREATE TABLE doc (id int PRIMARY KEY, body_data jsonb);
INSERT INTO doc VALUES (1, '{"a": {"b": 1}, "c": 2}');
CREATE FUNCTION doc_by_key(key_name text, min_id int) RETURNS SETOF doc LANGUAGE sql STABLE
  AS $$ SELECT * FROM doc WHERE body_data ? key_name AND id >= min_id $$;
SELECT object, item, status FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"naming_convention": "graphql-default"},
  "tables": [{"table": "doc"}], "functions": [{"function": "doc_by_key"}]}]}$$) WHERE item ~ 'customization';
SELECT pg_temp.fields('DocByKeyArgs');
SELECT pg_temp.fields('DocSetInput');
SELECT graphql.sdl() ~ '_deleteKey: DocDeleteKeyInput' AS delete_key, graphql.sdl() ~ '_delete_key' AS snake;
SELECT graphql.resolve('{ docByKey(args: {keyName: "c", minId: 1}) { id bodyData b: bodyData(path: "a.b") } }');
SELECT graphql.resolve('mutation { updateDocByPk(pkColumns: {id: 1}, _deleteKey: {bodyData: "c"}) { bodyData } }');

-- refused: graphql-default would make two columns one (author_name and
-- authorName): the names stay hasura-default's
CREATE TABLE twins (id int PRIMARY KEY, author_name text, "authorName" text);
SELECT object, item, status, reason FROM graphql.apply_metadata($${"version": 3, "sources": [{"name": "default",
  "customization": {"naming_convention": "graphql-default"}, "tables": [{"table": "twins"}]}]}$$)
 WHERE item ~ 'customization';
SELECT graphql.export_metadata()->'sources'->0 ? 'customization' AS kept;
SELECT pg_temp.fields('twins');

-- without customization, the names are Hasura's defaults again
SELECT count(*) FROM graphql.apply_metadata('{"version": 3, "sources": [{"name": "default", "tables": [{"table": "author"}]}]}');
SELECT graphql.resolve('{ author(where: {id: {_eq: 1}}) { __typename id } }');
SELECT graphql.clear_metadata();

ROLLBACK;
