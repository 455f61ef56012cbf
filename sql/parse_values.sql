-- graphql.parse: every kind of value literal, as graphql-js's AST
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

-- the value of the first argument of the first field
CREATE FUNCTION pg_temp.arg(value text) RETURNS jsonb LANGUAGE sql AS $$
  SELECT graphql.parse('{ f(a: ' || value || ') }')
         #> '{definitions,0,selectionSet,selections,0,arguments,0,value}'
$$;

-- IntValue: the token's text, as a string
SELECT v, pg_temp.arg(v) FROM (VALUES ('0'), ('-0'), ('123'), ('-45'),
  ('9007199254740993'), ('123456789012345678901234567890')) AS t(v);

-- FloatValue
SELECT v, pg_temp.arg(v) FROM (VALUES ('0.0'), ('-1.5'), ('1e10'), ('1E10'),
  ('-1.5e-3'), ('6.0221E+23'), ('0e0'), ('1.0000000000000000000001')) AS t(v);

-- StringValue, BooleanValue, NullValue, EnumValue
SELECT v, pg_temp.arg(v) FROM (VALUES ('"text"'), ('""'), ('"""block"""'),
  ('true'), ('false'), ('null'), ('RED'), ('on'), ('query'), ('_x9'), ('True'),
  ('NULL')) AS t(v);

-- Variable (allowed outside constant contexts)
SELECT pg_temp.arg('$var');

-- ListValue: empty, nested, mixed
SELECT v, pg_temp.arg(v) FROM (VALUES ('[]'), ('[1, "two", THREE]'),
  ('[[1], [[]], [$v]]'), ('[1 2,,3]')) AS t(v);

-- ObjectValue: empty, nested, variables inside
SELECT v, pg_temp.arg(v) FROM (VALUES ('{}'), ('{a: 1, b: {c: [null]}}'),
  ('{id: $id, where: {name: {_eq: "x"}}}')) AS t(v);

-- constant values: default values and directives on variable definitions
SELECT jsonb_pretty(graphql.parse(
  'query ($a: Int = 1, $b: [String!] = ["x", "y"], $c: In = {f: ENUM, g: null} @dir(x: 2)) { f }'
) #> '{definitions,0,variableDefinitions}');
