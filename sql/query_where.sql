-- Queries: where — every comparison operator on its types, _and/_or/_not,
-- relationship filters (EXISTS), and the errors of where
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

BEGIN;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE author (
  id int PRIMARY KEY,
  name text NOT NULL,
  rating numeric,
  active boolean,
  born date,
  joined timestamptz,
  uid uuid,
  meta jsonb,
  tags text[],
  mood mood
);
INSERT INTO author VALUES
  (1, 'Ann',   4.5,  true,  '1980-01-15', '2020-01-01 10:00:00+00', '00000000-0000-0000-0000-000000000001',
   '{"lang": "en", "level": 3}', '{sql,c}', 'happy'),
  (2, 'Bob',   3,    false, '1990-06-30', '2021-06-15 12:30:00+00', '00000000-0000-0000-0000-000000000002',
   '{"lang": "fr"}', '{c}', 'ok'),
  (3, 'Cid',   NULL, true,  '2000-12-31', '2022-03-01 08:00:00+00', '00000000-0000-0000-0000-000000000003',
   '{"level": 1, "tags": ["x"]}', '{}', 'sad'),
  (4, 'anna',  5,    NULL,  NULL,         NULL,                     NULL,
   NULL, NULL, NULL);
CREATE TABLE article (
  id int PRIMARY KEY,
  title text NOT NULL,
  published boolean NOT NULL,
  author_id int REFERENCES author
);
INSERT INTO article VALUES
  (10, 'SQL basics', true, 1),
  (11, 'C tricks', false, 1),
  (12, 'Bonjour', true, 2),
  (13, 'Draft', false, 3),
  (14, 'Orphan', true, NULL);
SET timezone = 'UTC';

-- Int: _eq _neq _gt _gte _lt _lte _in _nin _is_null
SELECT graphql.resolve('{ author(where: {id: {_eq: 2}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_neq: 2}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_gt: 2}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_gte: 2}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_lt: 2}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_lte: 2}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_in: [1, 3, 99]}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_nin: [1, 3]}}, order_by: {id: asc}) { id } }');
-- a single value where a list is expected is a list of one
SELECT graphql.resolve('{ author(where: {id: {_in: 3}}) { id } }');
-- empty lists: _in [] matches nothing, _nin [] everything
SELECT graphql.resolve('{ author(where: {id: {_in: []}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_nin: []}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ article(where: {author_id: {_is_null: true}}) { id } }');
SELECT graphql.resolve('{ article(where: {author_id: {_is_null: false}}, order_by: {id: asc}) { id } }');
-- several operators in one comparison: AND
SELECT graphql.resolve('{ author(where: {id: {_gt: 1, _lt: 4}}, order_by: {id: asc}) { id } }');
-- with variables
SELECT graphql.resolve('query ($id: Int!) { author(where: {id: {_eq: $id}}) { id } }', '{"id": 3}');
SELECT graphql.resolve('query ($ids: [Int!]) { author(where: {id: {_in: $ids}}, order_by: {id: asc}) { id } }', '{"ids": [2, 4]}');
SELECT graphql.resolve('query ($w: author_bool_exp) { author(where: $w, order_by: {id: asc}) { id } }', '{"w": {"id": {"_gte": 3}}}');

-- text: comparisons and pattern operators
SELECT graphql.resolve('{ author(where: {name: {_eq: "Bob"}}) { id } }');
SELECT graphql.resolve('{ author(where: {name: {_neq: "Bob"}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {name: {_gt: "Bob"}, id: {_lt: 4}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {name: {_in: ["Ann", "Cid", "Zed"]}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {name: {_like: "A%"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_nlike: "A%"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_ilike: "an%"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_nilike: "an%"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_similar: "(A|B)%"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_nsimilar: "(A|B)%"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_regex: "^[AB]"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_nregex: "^[AB]"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_iregex: "^an+"}}, order_by: {id: asc}) { name } }');
SELECT graphql.resolve('{ author(where: {name: {_niregex: "^an+"}}, order_by: {id: asc}) { name } }');
-- a pattern is a value, never SQL: quotes and backslashes are literal
SELECT graphql.resolve('{ author(where: {name: {_eq: "x'' OR ''1''=''1"}}) { id } }');

-- numeric: int and float literals
SELECT graphql.resolve('{ author(where: {rating: {_eq: 4.5}}) { id rating } }');
SELECT graphql.resolve('{ author(where: {rating: {_gte: 4}}, order_by: {id: asc}) { id rating } }');
SELECT graphql.resolve('{ author(where: {rating: {_lt: 4.5}}, order_by: {id: asc}) { id rating } }');
SELECT graphql.resolve('{ author(where: {rating: {_is_null: true}}) { id } }');
-- _neq and _nin follow SQL: a NULL rating matches neither
SELECT graphql.resolve('{ author(where: {rating: {_neq: 3}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {rating: {_nin: [3, 5]}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('query ($r: numeric) { author(where: {rating: {_gt: $r}}, order_by: {id: asc}) { id } }', '{"r": 4.4}');

-- boolean
SELECT graphql.resolve('{ author(where: {active: {_eq: true}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {active: {_neq: true}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {active: {_is_null: true}}) { id } }');
SELECT graphql.resolve('query ($b: Boolean) { author(where: {active: {_eq: $b}}) { id } }', '{"b": false}');

-- date and timestamptz: ISO strings
SELECT graphql.resolve('{ author(where: {born: {_eq: "1990-06-30"}}) { id } }');
SELECT graphql.resolve('{ author(where: {born: {_gt: "1985-01-01"}}, order_by: {id: asc}) { id born } }');
SELECT graphql.resolve('{ author(where: {born: {_lte: "1990-06-30"}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {joined: {_gte: "2021-06-15T12:30:00Z"}}, order_by: {id: asc}) { id joined } }');
SELECT graphql.resolve('{ author(where: {joined: {_eq: "2021-06-15T14:30:00+02:00"}}) { id } }');
SELECT graphql.resolve('{ author(where: {joined: {_in: ["2020-01-01T10:00:00Z", "2022-03-01T08:00:00Z"]}}, order_by: {id: asc}) { id } }');

-- uuid
SELECT graphql.resolve('{ author(where: {uid: {_eq: "00000000-0000-0000-0000-000000000002"}}) { id uid } }');
SELECT graphql.resolve('{ author(where: {uid: {_in: ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000003"]}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('query ($u: uuid!) { author(where: {uid: {_neq: $u}}, order_by: {id: asc}) { id } }', '{"u": "00000000-0000-0000-0000-000000000001"}');

-- jsonb: _eq, _contains, _contained_in, _has_key, _has_keys_any, _has_keys_all
SELECT graphql.resolve('{ author(where: {meta: {_eq: {lang: "fr"}}}) { id } }');
SELECT graphql.resolve('{ author(where: {meta: {_contains: {lang: "en"}}}) { id meta } }');
SELECT graphql.resolve('{ author(where: {meta: {_contains: {tags: ["x"]}}}) { id } }');
SELECT graphql.resolve('{ author(where: {meta: {_contained_in: {lang: "fr", level: 2}}}) { id } }');
SELECT graphql.resolve('{ author(where: {meta: {_has_key: "level"}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {meta: {_has_keys_any: ["tags", "lang"]}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {meta: {_has_keys_all: ["lang", "level"]}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('query ($j: jsonb) { author(where: {meta: {_contains: $j}}, order_by: {id: asc}) { id } }', '{"j": {"level": 1}}');

-- text[]: _eq, _contains, _contained_in, _is_null
SELECT graphql.resolve('{ author(where: {tags: {_eq: ["c"]}}) { id } }');
SELECT graphql.resolve('{ author(where: {tags: {_contains: ["c"]}}, order_by: {id: asc}) { id tags } }');
SELECT graphql.resolve('{ author(where: {tags: {_contained_in: ["c", "go"]}}, order_by: {id: asc}) { id tags } }');
SELECT graphql.resolve('{ author(where: {tags: {_contains: []}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {tags: {_is_null: true}}) { id } }');
SELECT graphql.resolve('query ($t: [String!]) { author(where: {tags: {_contains: $t}}) { id } }', '{"t": ["sql", "c"]}');

-- a PostgreSQL enum: values are enum literals (strings in variables), ordered as declared
SELECT graphql.resolve('{ author(where: {mood: {_eq: ok}}) { id mood } }');
SELECT graphql.resolve('{ author(where: {mood: {_gt: sad}}, order_by: {id: asc}) { id mood } }');
SELECT graphql.resolve('{ author(where: {mood: {_in: [sad, happy]}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('query ($m: mood) { author(where: {mood: {_neq: $m}}, order_by: {id: asc}) { id } }', '{"m": "happy"}');

-- several columns in one object: AND
SELECT graphql.resolve('{ author(where: {active: {_eq: true}, rating: {_gt: 4}}) { id } }');
SELECT graphql.resolve('{ author(where: {name: {_like: "%n%"}, id: {_lt: 4}}, order_by: {id: asc}) { id } }');

-- {} is true
SELECT graphql.resolve('{ author(where: {}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {}}, order_by: {id: asc}) { id } }');

-- _and, _or, _not
SELECT graphql.resolve('{ author(where: {_and: [{active: {_eq: true}}, {id: {_gt: 1}}]}) { id } }');
SELECT graphql.resolve('{ author(where: {_or: [{id: {_eq: 1}}, {name: {_eq: "Cid"}}]}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {_not: {active: {_eq: true}}}, order_by: {id: asc}) { id } }');
-- nested
SELECT graphql.resolve('{ author(where: {_or: [{_and: [{active: {_eq: true}}, {rating: {_gt: 4}}]}, {_not: {_or: [{id: {_lt: 4}}]}}]}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {_not: {_not: {id: {_eq: 2}}}}) { id } }');
-- a single object where the list is expected
SELECT graphql.resolve('{ author(where: {_or: {id: {_eq: 2}}}) { id } }');
-- _and with other keys of the same object: AND of all
SELECT graphql.resolve('{ author(where: {id: {_lt: 4}, _or: [{id: {_eq: 1}}, {id: {_eq: 4}}]}) { id } }');
-- empty lists: _and: [] is true, _or: [] is false; _not: {} is false
SELECT graphql.resolve('{ author(where: {_and: []}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {_or: []}) { id } }');
SELECT graphql.resolve('{ author(where: {_not: {}}) { id } }');
SELECT graphql.resolve('{ author(where: {_and: [{}]}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {_or: [{}, {id: {_eq: 1}}]}, order_by: {id: asc}) { id } }');

-- relationship filters: object relationship
SELECT graphql.resolve('{ article(where: {author: {name: {_eq: "Ann"}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ article(where: {author: {active: {_eq: true}}, published: {_eq: true}}, order_by: {id: asc}) { id } }');
-- {} on an object relationship: the related row exists
SELECT graphql.resolve('{ article(where: {author: {}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ article(where: {_not: {author: {}}}) { id } }');
-- array relationship: at least one related row matches
SELECT graphql.resolve('{ author(where: {articles: {published: {_eq: true}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {articles: {}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {_not: {articles: {}}}) { id } }');
-- every article published = no unpublished article
SELECT graphql.resolve('{ author(where: {_not: {articles: {published: {_eq: false}}}}, order_by: {id: asc}) { id } }');
-- nested through both directions, and in a nested selection
SELECT graphql.resolve('{ article(where: {author: {articles: {title: {_eq: "C tricks"}}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_eq: 1}}) { articles(where: {title: {_like: "%SQL%"}}) { id } } }');
SELECT graphql.resolve('{ author(where: {_or: [{articles: {title: {_eq: "Bonjour"}}}, {mood: {_eq: sad}}]}, order_by: {id: asc}) { id } }');

-- error cases
-- an explicit null in a comparison
SELECT graphql.resolve('{ author(where: {id: {_eq: null}}) { id } }');
SELECT graphql.resolve('{ author(where: {name: {_like: null}}) { id } }');
SELECT graphql.resolve('query ($id: Int) { author(where: {id: {_eq: $id}}) { id } }', '{"id": null}');
SELECT graphql.resolve('query ($id: Int) { author(where: {id: {_eq: $id}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_in: [1, null]}}) { id } }');
-- null for _and, _or, _not, and for a column's comparison
SELECT graphql.resolve('{ author(where: {_and: null}) { id } }');
SELECT graphql.resolve('{ author(where: {_or: null}) { id } }');
SELECT graphql.resolve('{ author(where: {_not: null}) { id } }');
SELECT graphql.resolve('{ author(where: {id: null}) { id } }');
-- an unknown column, an unknown operator
SELECT graphql.resolve('{ author(where: {nope: {_eq: 1}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_like: "1%"}}) { id } }');
SELECT graphql.resolve('{ author(where: {meta: {_regex: "x"}}) { id } }');
-- a literal of the wrong type
SELECT graphql.resolve('{ author(where: {id: {_eq: "x"}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_eq: 1.5}}) { id } }');
SELECT graphql.resolve('{ author(where: {name: {_eq: 1}}) { id } }');
SELECT graphql.resolve('{ author(where: {active: {_eq: "yes"}}) { id } }');
SELECT graphql.resolve('{ author(where: {mood: {_eq: angry}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: {_in: {a: 1}}}) { id } }');
SELECT graphql.resolve('{ author(where: {id: 1}) { id } }');
-- a bad value for a type checked by PostgreSQL: data-exception naming the argument
SELECT graphql.resolve('{ author(where: {uid: {_eq: "not-a-uuid"}}) { id } }');
SELECT graphql.resolve('{ author(where: {born: {_gt: "yesterday-ish"}}) { id } }');
SELECT graphql.resolve('query ($u: uuid) { author(where: {uid: {_eq: $u}}) { id } }', '{"u": "zzz"}');
-- an invalid regular expression: the SQL error becomes a GraphQL error with its sqlstate
SELECT graphql.resolve('{ author(where: {name: {_regex: "("}}) { id } }');
ROLLBACK;
