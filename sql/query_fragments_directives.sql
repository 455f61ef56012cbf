-- Fragments (named and inline), @skip/@include, field merging, aliases,
-- and their validation errors
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;
BEGIN;

CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE article (id int PRIMARY KEY, title text NOT NULL,
                      author_id int NOT NULL REFERENCES author);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid');
INSERT INTO article VALUES (1, 'Alpha', 1), (2, 'Beta', 1), (3, 'Gamma', 2);

-- named fragments
SELECT graphql.resolve('{ author(order_by: {id: asc}) { ...A } } fragment A on author { id name }');
-- a fragment spreading another, on the related type
SELECT graphql.resolve('{ author_by_pk(id: 1) { ...A } } fragment A on author { name articles(order_by: {id: asc}) { ...B } } fragment B on article { title }');
-- three levels of fragments, back to the first type
SELECT graphql.resolve('{ article_by_pk(id: 3) { ...A } } fragment A on article { title author { ...B } } fragment B on author { name ...C } fragment C on author { id }');
-- one fragment spread in several places
SELECT graphql.resolve('{ a1: author_by_pk(id: 1) { ...A } a2: author_by_pk(id: 2) { ...A } } fragment A on author { id name }');
-- spread twice in one selection set, next to a field it also selects
SELECT graphql.resolve('{ author_by_pk(id: 1) { ...A id ...A } } fragment A on author { id name }');
-- a fragment on query_root, and the definitions before the operation
SELECT graphql.resolve('fragment Q on query_root { author_by_pk(id: 1) { ...A } } fragment A on author { name } { ...Q }');
-- __typename in a fragment
SELECT graphql.resolve('{ author_by_pk(id: 2) { ...A } } fragment A on author { __typename name }');

-- inline fragments, with and without a type condition
SELECT graphql.resolve('{ author_by_pk(id: 1) { ... on author { id } ... { name } } }');
SELECT graphql.resolve('{ ... on query_root { author_by_pk(id: 2) { name } } ... { a: author_by_pk(id: 3) { name } } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { ... { ... on author { ... { name } } } } }');

-- fragments use the variables of the operation
SELECT graphql.resolve('query ($min: Int!) { author(order_by: {id: asc}) { ...A } } fragment A on author { name articles(where: {id: {_gte: $min}}) { id } }', '{"min": 2}');
SELECT graphql.resolve('query ($id: Int!) { ...Q } fragment Q on query_root { author_by_pk(id: $id) { name } }', '{"id": 3}');
-- one fragment in two operations, each with its own variable values
SELECT graphql.resolve('query A($id: Int!) { ...Q } query B($id: Int = 2) { ...Q } fragment Q on query_root { author_by_pk(id: $id) { name } }', '{"id": 1}', 'A');
SELECT graphql.resolve('query A($id: Int!) { ...Q } query B($id: Int = 2) { ...Q } fragment Q on query_root { author_by_pk(id: $id) { name } }', '{}', 'B');

-- @skip and @include on fields, with literals
SELECT graphql.resolve('{ author_by_pk(id: 1) { id @skip(if: true) name @include(if: true) } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { id @skip(if: false) name @include(if: false) } }');
-- both: the field is kept only when skip is false and include is true
SELECT graphql.resolve('{ author_by_pk(id: 1) { a: id @skip(if: false) @include(if: true) b: id @skip(if: true) @include(if: true) c: id @skip(if: false) @include(if: false) d: id @include(if: false) @skip(if: true) } }');
-- with variables
SELECT graphql.resolve('query ($s: Boolean!) { author_by_pk(id: 1) { id @skip(if: $s) name } }', '{"s": true}');
SELECT graphql.resolve('query ($s: Boolean!) { author_by_pk(id: 1) { id @skip(if: $s) name } }', '{"s": false}');
SELECT graphql.resolve('query ($i: Boolean = false) { author_by_pk(id: 1) { id name @include(if: $i) } }');
-- on root fields; every root field skipped leaves an empty data object
SELECT graphql.resolve('{ a: author_by_pk(id: 1) @skip(if: true) { id } b: author_by_pk(id: 2) { id } }');
SELECT graphql.resolve('query ($s: Boolean!) { author @skip(if: $s) { id } }', '{"s": true}');
-- on fragment spreads and inline fragments
SELECT graphql.resolve('{ author_by_pk(id: 1) { id ...A @include(if: false) } } fragment A on author { name }');
SELECT graphql.resolve('query ($s: Boolean!) { author_by_pk(id: 1) { id ...A @skip(if: $s) } } fragment A on author { name }', '{"s": false}');
SELECT graphql.resolve('{ author_by_pk(id: 1) { id ... @skip(if: true) { name } ... on author @include(if: true) { n: name } } }');
-- a field skipped in one place and selected in another is selected
SELECT graphql.resolve('{ author_by_pk(id: 1) { name @skip(if: true) name } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { ...A name @include(if: false) } } fragment A on author { name }');
-- a skipped field is not executed: its arguments are not checked against the data
SELECT graphql.resolve('{ author_by_pk(id: 1) { name articles(where: {id: {_eq: 1}}) @skip(if: true) { id } } }');

-- field merging: one response key, sub-selections merged in order
SELECT graphql.resolve('{ author_by_pk(id: 1) { id } author_by_pk(id: 1) { name } }');
SELECT graphql.resolve('{ author(order_by: {id: asc}) { id } author(order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { name name id name } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles(order_by: {id: asc}) { id } ...A } } fragment A on author { articles(order_by: {id: asc}) { title } }');
-- merged two levels down
SELECT graphql.resolve('{ article_by_pk(id: 3) { author { articles(order_by: {id: asc}) { id } } author { articles(order_by: {id: asc}) { title } } } }');
-- the same arguments in another order, through a variable
SELECT graphql.resolve('query ($id: Int!) { author(where: {id: {_eq: $id}}, limit: 1) { id } author(limit: 1, where: {id: {_eq: $id}}) { name } }', '{"id": 2}');

-- aliases
SELECT graphql.resolve('{ first: author_by_pk(id: 1) { n: name } second: author_by_pk(id: 2) { n: name } }');
SELECT graphql.resolve('{ a: author(where: {id: {_eq: 1}}) { id } b: author(where: {id: {_eq: 2}}) { id } }');
-- an alias may take the name of another field
SELECT graphql.resolve('{ author_by_pk(id: 1) { name: id id: name } }');
SELECT graphql.resolve('{ __typename author_by_pk(id: 1) { t: __typename } }');
-- keys keep the order of the query
SELECT graphql.resolve('{ z: author_by_pk(id: 1) { z: name a: id } a: author_by_pk(id: 2) { id } }');

-- errors: fragments
-- an unknown fragment
SELECT graphql.resolve('{ author { ...Nope } }');
-- an unused fragment
SELECT graphql.resolve('{ author { id } } fragment A on author { name }');
-- fragment cycles
SELECT graphql.resolve('{ author { ...A } } fragment A on author { id ...B } fragment B on author { name ...A }');
SELECT graphql.resolve('{ author { ...A } } fragment A on author { id ...A }');
SELECT graphql.resolve('{ author { ...A } } fragment A on author { articles { author { ...A } } }');
-- a fragment on an unknown type, on a scalar, on an input type
SELECT graphql.resolve('{ author { ...A } } fragment A on nope { id }');
SELECT graphql.resolve('{ author { ... on nope { id } } }');
SELECT graphql.resolve('{ author { ...A } } fragment A on Int { id }');
SELECT graphql.resolve('{ author { ... on author_bool_exp { id } } }');
-- next to a field of the same name: one error, as graphql-js reports (its
-- fields are not compared with the object's: an input type has none to select)
SELECT graphql.resolve('{ author { id ... on author_bool_exp { id } } }');
-- a fragment spread where its type cannot apply
SELECT graphql.resolve('{ author { ...A } } fragment A on article { id }');
SELECT graphql.resolve('{ author { ... on article { id } } }');
-- two fragments with one name
SELECT graphql.resolve('{ author { ...A } } fragment A on author { id } fragment A on author { name }');
-- a fragment selecting a field its type does not have
SELECT graphql.resolve('{ author { ...A } } fragment A on author { title }');

-- errors: field merging
SELECT graphql.resolve('{ author_by_pk(id: 1) { x: id x: name } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { id } author_by_pk(id: 2) { id } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { name ...A } } fragment A on author { name: id }');
SELECT graphql.resolve('{ x: author(limit: 1) { id } x: author { id } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { articles { x: id } articles { x: title } } }');

-- errors: directives
SELECT graphql.resolve('{ author { id @foo } }');
SELECT graphql.resolve('query @skip(if: true) { author { id } }');
SELECT graphql.resolve('{ author { ...A } } fragment A on author @include(if: true) { id }');
SELECT graphql.resolve('query ($s: Boolean! @skip(if: true)) { author @skip(if: $s) { id } }');
SELECT graphql.resolve('{ author { id @skip(if: false) @skip(if: false) } }');
SELECT graphql.resolve('{ author { id @skip } }');
SELECT graphql.resolve('{ author { id @skip(if: "yes") } }');
SELECT graphql.resolve('{ author { id @skip(if: null) } }');
SELECT graphql.resolve('{ author { id @include(if: true, unless: false) } }');
SELECT graphql.resolve('query ($s: Boolean) { author { id @skip(if: $s) } }', '{"s": true}');
SELECT graphql.resolve('query ($s: String!) { author { id @skip(if: $s) } }', '{"s": "true"}');

-- Hasura's @cached on a query: accepted, its arguments checked, and
-- ignored (each request is answered afresh); printed in the SDL
SELECT graphql.resolve('query q @cached { author_by_pk(id: 1) { id } }');
SELECT graphql.resolve('query @cached(ttl: 120, refresh: true) { author_by_pk(id: 1) { id } }');
SELECT graphql.resolve('query ($t: Int!) @cached(ttl: $t) { author_by_pk(id: 1) { id } }', '{"t": 5}');
SELECT graphql.resolve('query @cached(ttl: "1m") { author_by_pk(id: 1) { id } }');
SELECT graphql.resolve('query @cached(ttl: null) { author_by_pk(id: 1) { id } }');
SELECT graphql.resolve('query @cached(ttl: 1, ttl: 2) { author_by_pk(id: 1) { id } }');
SELECT graphql.resolve('query @cached(for: 1) { author_by_pk(id: 1) { id } }');
SELECT graphql.resolve('query @cached @cached { author_by_pk(id: 1) { id } }');
SELECT graphql.resolve('query ($t: String) @cached(ttl: $t) { author_by_pk(id: 1) { id } }', '{"t": "5"}');
SELECT graphql.resolve('mutation @cached { __typename }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { id @cached } }');
SELECT graphql.resolve('{ author_by_pk(id: 1) { ...A } } fragment A on author @cached { id }');
SELECT (regexp_match(graphql.sdl(), E'\n\n("""whether.*? on QUERY)\n\n'))[1] AS directive;

ROLLBACK;
