-- graphql.parse: operations, variables, selections, fragments, directives
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

-- the whole AST of a small document, to show every member once
SELECT jsonb_pretty(graphql.parse($$
  query Hero($episode: Episode = JEDI, $withFriends: Boolean!) @live {
    leader: hero(episode: $episode) {
      name
      ...Details @include(if: $withFriends)
      ... on Droid { primaryFunction }
      ... @skip(if: false) { id }
    }
  }
  fragment Details on Character @frag { friends(first: 2) { name } }
$$));

-- the shorthand query is a query without a name or variables
SELECT graphql.parse('{ a }') -> 'definitions' -> 0;

-- the three operation types, named and anonymous
SELECT d->>'operation' AS operation, d->'name'->>'value' AS name
FROM jsonb_array_elements(graphql.parse(
  'query { a } mutation M { b } subscription S { c } query Q { d }') -> 'definitions') AS d;

-- variable types: named, list, non-null, nested
SELECT jsonb_path_query(graphql.parse(
  'query ($a: Int, $b: Int!, $c: [Int], $d: [Int!]!, $e: [[String]!]) { f }'),
  '$.definitions[0].variableDefinitions[*].type');

-- aliases and arguments; keywords are ordinary names everywhere a Name goes
SELECT jsonb_pretty(graphql.parse(
  '{ query: fragment(on: true, null: null) mutation subscription: on(true: false) { type } }'
) #> '{definitions,0,selectionSet,selections}');

-- directives on fields, fragment spreads, inline fragments, operations, variables
SELECT jsonb_path_query(graphql.parse(
  'query Q($v: Int @a) @b { f @c(x: 1) @d ...F @e ... on T @f { g } } fragment F on T @g { h }'),
  'strict $.**.directives[*].name.value');

-- inline fragments with and without a type condition; nested selections
SELECT jsonb_pretty(graphql.parse('{ ... on User { id ... { name } } ... { x { y { z } } } }')
  #> '{definitions,0,selectionSet,selections}');

-- several definitions keep their order
SELECT jsonb_path_query(graphql.parse(
  'fragment A on T { a } query Q { ...A } fragment B on T { b } { c }'),
  '$.definitions[*].kind');
