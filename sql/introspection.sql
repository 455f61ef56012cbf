-- Introspection: __typename, __type (objects, input objects, enums, scalars,
-- wrapper types, unknown names), __schema (root types, directives, the type
-- list), aliases, fragments, directives and variables inside introspection,
-- its errors, and graphql.introspection = off
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

BEGIN;
-- columns in alphabetical order, no foreign keys: the fields listed below
-- are in the same order in graphql-js (definition order) and Hasura (sorted)
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE author (
  id int PRIMARY KEY,
  mood mood,
  name text NOT NULL,
  profile jsonb,
  scores int[] NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE author IS 'Writers of "articles"';
COMMENT ON COLUMN author.name IS 'Full name';
INSERT INTO author VALUES (1, 'happy', 'Ann', '{"city": "Oslo"}', '{1,2}'), (2, NULL, 'Bob', NULL, '{}');

-- __typename at the root, in objects, under aliases
SELECT graphql.resolve('{ __typename }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { __typename id } t: __typename }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { kind: __typename } }');
-- __typename inside introspection objects
SELECT graphql.resolve('{ __schema { __typename queryType { __typename name } } __type(name: "mood") { __typename enumValues { __typename name } } }');

-- __type of an object type: kind, name, description, fields with their
-- types (NON_NULL wraps) and arguments (a jsonb column takes path)
SELECT graphql.resolve('{ __type(name: "author") { kind name description fields { name description type { kind name ofType { kind name } } args { name description type { kind name } defaultValue } isDeprecated deprecationReason } interfaces { name } possibleTypes { name } enumValues { name } inputFields { name } ofType { name } } }');
-- the arguments of the root field author, with their types
SELECT f FROM json_array_elements(graphql.resolve('{ __type(name: "query_root") { kind fields { name description args { name description type { kind name ofType { kind name ofType { kind name } } } defaultValue } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }') #> '{data,__type,fields}') f
 WHERE f->>'name' IN ('author', 'author_by_pk');

-- a wrapper chain: scores is int[] NOT NULL, i.e. [Int!]!
SELECT f FROM json_array_elements(graphql.resolve('{ __type(name: "author") { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }') #> '{data,__type,fields}') f
 WHERE f->>'name' = 'scores';

-- an input object: inputFields (their types and default values); fields and
-- enumValues are null
SELECT graphql.resolve('{ __type(name: "author_bool_exp") { kind name description inputFields { name description type { kind name ofType { kind name ofType { kind name } } } defaultValue } fields { name } enumValues { name } } }');
SELECT graphql.resolve('{ __type(name: "Int_comparison_exp") { kind name inputFields { name type { kind name ofType { kind name ofType { kind name } } } } } }');

-- enums: a PostgreSQL enum, and order_by with Hasura's descriptions
SELECT graphql.resolve('{ __type(name: "mood") { kind name description enumValues { name description isDeprecated deprecationReason } fields { name } inputFields { name } } }');
SELECT graphql.resolve('{ __type(name: "order_by") { kind name description enumValues(includeDeprecated: true) { name description } } }');
SELECT graphql.resolve('{ __type(name: "author_select_column") { kind name description enumValues { name description } } }');

-- scalars: a custom scalar (every list member null) and a built-in one
SELECT graphql.resolve('{ __type(name: "jsonb") { kind name description specifiedByURL fields { name } inputFields { name } enumValues { name } interfaces { name } possibleTypes { name } ofType { name } } }');
SELECT graphql.resolve('{ __type(name: "Int") { kind name specifiedByURL } }');

-- isOneOf (graphql-js 16.11's __Type has it): false for input objects, null otherwise
SELECT graphql.resolve('{ a: __type(name: "author") { isOneOf } b: __type(name: "author_bool_exp") { isOneOf } }');

-- introspection types are types too
SELECT graphql.resolve('{ __type(name: "__TypeKind") { kind name enumValues { name } } }');
SELECT graphql.resolve('{ __type(name: "__Directive") { kind fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }');

-- a type that does not exist, and names that are no type of this role's schema
SELECT graphql.resolve('{ __type(name: "nope") { name } }');
SELECT graphql.resolve('{ __type(name: "") { name } }');
SELECT graphql.resolve('{ __type(name: "author!") { name } }');

-- __schema: the root types and the directives
SELECT graphql.resolve('{ __schema { description queryType { kind name } mutationType { name } subscriptionType { name } } }');
SELECT graphql.resolve('{ __schema { directives { name description locations args { name description type { kind name ofType { kind name } } defaultValue } isRepeatable } } }');

-- __schema { types }: no name twice, the introspection types, the built-in
-- scalars in use, some of the generated types, and exactly the named types
-- of graphql.sdl() besides those
WITH t AS (
  SELECT t->>'name' AS name, t->>'kind' AS kind
    FROM json_array_elements(graphql.resolve('{ __schema { types { name kind } } }') #> '{data,__schema,types}') t
), sdl AS (
  SELECT (regexp_matches(graphql.sdl(), '^(?:type|input|enum|scalar) (\w+)', 'gn'))[1] AS name
)
SELECT (SELECT count(*) FROM t) = (SELECT count(DISTINCT name) FROM t) AS names_unique,
       (SELECT string_agg(name || ':' || kind, ' ' ORDER BY name) FROM t WHERE name LIKE '\_\_%') AS introspection_types,
       (SELECT string_agg(name, ' ' ORDER BY name) FROM t WHERE name IN ('Int', 'Float', 'String', 'Boolean', 'ID')) AS builtin_scalars,
       (SELECT string_agg(name || ':' || kind, ' ' ORDER BY name) FROM t
         WHERE name IN ('query_root', 'author', 'author_bool_exp', 'author_order_by', 'author_select_column', 'mood', 'order_by', 'jsonb', 'Int_comparison_exp')) AS some_types,
       (SELECT count(*) FROM t) = (SELECT count(*) FROM sdl) + 8
         + (SELECT count(*) FROM t WHERE name IN ('Int', 'Float', 'String', 'Boolean', 'ID')) AS count_matches_sdl,
       (SELECT array_agg(name ORDER BY name) FROM sdl WHERE name NOT IN (SELECT name FROM t)) AS in_sdl_only;

-- aliases, named and inline fragments, directives inside introspection
SELECT graphql.resolve('{ t: __type(name: "mood") { ...K vals: enumValues { n: name } } s: __schema { q: queryType { n: name } } } fragment K on __Type { k: kind name }');
SELECT graphql.resolve('{ __type(name: "mood") { ... on __Type { name } ... @skip(if: true) { kind } enumValues @include(if: false) { name } } }');
SELECT graphql.resolve('query Q($with: Boolean!) { __schema { queryType { name fields @include(if: $with) { name } } } }', '{"with": false}');
-- the same field twice is merged
SELECT graphql.resolve('{ __type(name: "mood") { name } __type(name: "mood") { kind } }');

-- __type with a variable name
SELECT graphql.resolve('query ($n: String!) { __type(name: $n) { name kind } }', '{"n": "author"}');
SELECT graphql.resolve('query ($n: String = "mood") { __type(name: $n) { name } }');

-- introspection next to data
SELECT graphql.resolve('{ author_by_pk(id: 1) { name } __type(name: "author") { name } }');

-- errors
-- __type without its name, with a null or non-string name, with an unknown argument
SELECT graphql.resolve('{ __type { name } }');
SELECT graphql.resolve('{ __type(name: null) { name } }');
SELECT graphql.resolve('{ __type(name: 1) { name } }');
SELECT graphql.resolve('{ __type(name: "author", kind: OBJECT) { name } }');
SELECT graphql.resolve('query ($n: String) { __type(name: $n) { name } }', '{"n": "author"}');
-- unknown fields of the introspection types
SELECT graphql.resolve('{ __type(name: "author") { nope } }');
SELECT graphql.resolve('{ __schema { nope } }');
SELECT graphql.resolve('{ __type(name: "author") { fields { nope } } }');
-- selection sets: missing on an object, present on a leaf
SELECT graphql.resolve('{ __schema }');
SELECT graphql.resolve('{ __type(name: "author") { name { x } } }');
-- __schema and __type exist only at the root
SELECT graphql.resolve('{ author { __schema { queryType { name } } } }');
SELECT graphql.resolve('{ author { __type(name: "mood") { name } } }');
-- one response key, two different fields or arguments
SELECT graphql.resolve('{ __type(name: "author") { name } __type(name: "mood") { name } }');
SELECT graphql.resolve('{ x: __schema { queryType { name } } x: __type(name: "mood") { name } }');
-- a fragment on an introspection type where it cannot apply
SELECT graphql.resolve('{ __schema { ...F } } fragment F on __Type { name }');
SELECT graphql.resolve('{ __schema { types { fields(includeDeprecated: "yes") { name } } } }');

-- graphql.introspection = off: __schema and __type are unknown fields,
-- __typename still works
SAVEPOINT off;
SET LOCAL graphql.introspection = off;
SHOW graphql.introspection;
SELECT graphql.resolve('{ __schema { queryType { name } } }');
SELECT graphql.resolve('{ __type(name: "author") { name } }');
SELECT graphql.resolve('{ __typename author_by_pk(id: 2) { __typename name } }');
ROLLBACK TO SAVEPOINT off;
SHOW graphql.introspection;
SELECT graphql.resolve('{ __type(name: "author") { name } }');
ROLLBACK;
