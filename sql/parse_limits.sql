-- graphql.parse: limits protect the backend from hostile documents
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  msg text; det text; st text;
BEGIN
  PERFORM graphql.parse(q);
  RETURN 'parsed';
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
  RETURN st || ' ' || msg || ' ' || det;
END $$;

-- graphql.max_tokens: 15000 by default (Apollo's); comments and <EOF> do not
-- count.  Like every setting of a C extension, it is known once the library
-- is loaded (by the first call, or by session_preload_libraries).
SELECT graphql.parse('{ a }') IS NOT NULL AS loaded;
SHOW graphql.max_tokens;
SELECT jsonb_array_length(graphql.parse('{' || repeat(' a', 14998) || ' }')
       #> '{definitions,0,selectionSet,selections}') AS fields_in_15000_tokens;
SELECT graphql.parse('{' || repeat(' a', 14999) || ' }');

SET graphql.max_tokens = 5;
SELECT graphql.parse('{ a b c }') IS NOT NULL AS five_tokens_parse;
SELECT graphql.parse('{ a b c d }');
SELECT graphql.parse(E'# comments { are } not tokens\n{ a b c }') IS NOT NULL AS comments_are_free;
SET graphql.max_tokens = 8;
SELECT graphql.parse('{ a(x: "one string, however long, is one token") }') IS NOT NULL AS eight_tokens;

-- the setting takes positive integers
SET graphql.max_tokens = 0;
SET graphql.max_tokens = 'many';
RESET graphql.max_tokens;

-- nesting (selection sets, list and object values, list types together) is
-- limited to 1000 levels; 100,000 levels are an error, not a crash, whatever
-- the token limit
SET graphql.max_tokens = 1000000;
SELECT count(*) AS selection_sets
FROM regexp_matches(graphql.parse(repeat('{ a ', 1000) || repeat('}', 1000))::text, '"SelectionSet"', 'g');
SELECT graphql.parse(repeat('{ a ', 1001) || repeat('}', 1001));
SELECT pg_temp.err('{ a(x: ' || repeat('[', 999) || repeat(']', 999) || ') }');
SELECT pg_temp.err('{ a(x: ' || repeat('[', 1000) || repeat(']', 1000) || ') }');
SELECT pg_temp.err(repeat('{ a ', 100000) || repeat('}', 100000));
SELECT pg_temp.err('{ a(x: ' || repeat('[', 100000) || repeat(']', 100000) || ') }');
SELECT pg_temp.err('{ a(x: ' || repeat('{a: ', 100000) || '1' || repeat('}', 100000) || ') }');
SELECT pg_temp.err('query ($v: ' || repeat('[', 100000) || 'Int' || repeat(']', 100000) || ') { a }');
SELECT pg_temp.err(repeat('{', 100000));
SELECT pg_temp.err('{ a(x: ' || repeat('[', 100000));
RESET graphql.max_tokens;

-- the backend is still here, and a reasonably deep document is fine
SELECT count(*) AS selection_sets
FROM regexp_matches(graphql.parse(repeat('{ a ', 200) || repeat('}', 200))::text, '"SelectionSet"', 'g');
SELECT length(graphql.parse('{ a(x: ' || repeat('[', 200) || repeat(']', 200) || ') }')::text) > 0
       AS deep_list_parses;

-- nothing a call allocates outlives it: after a warm-up, 10,000 more calls
-- (half of them errors) leave the backend's memory where it was
CREATE FUNCTION pg_temp.memory_growth(n int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  sizes bigint[] := '{}';
BEGIN
  -- round 1 warms caches up; the same statement measures before and after round 2
  FOR round IN 1..3 LOOP
    sizes := sizes || (SELECT sum(total_bytes) FROM pg_backend_memory_contexts);
    EXIT WHEN round = 3;
    FOR i IN 1..CASE round WHEN 1 THEN 100 ELSE n END LOOP
      PERFORM graphql.parse('query Q($v: [Int!]! = [1, 2]) { a(x: "text", y: {z: $v}) { ...F } } fragment F on T { b }');
      BEGIN
        PERFORM graphql.parse('{ a(x: "unterminated) }');
      EXCEPTION WHEN syntax_error THEN
        NULL;
      END;
    END LOOP;
  END LOOP;
  RETURN sizes[3] - sizes[2];
END $$;
SELECT pg_temp.memory_growth(5000) AS bytes_grown;
SELECT count(*) AS graphql_contexts_left FROM pg_backend_memory_contexts WHERE name LIKE 'graphql%';

-- graphql._token_count (private, for the benchmark) counts what the limit counts
SELECT graphql._token_count('{ a(x: [1, "two"]) # comment
  ...F }') AS tokens;
SET graphql.max_tokens = 3;
SELECT graphql._token_count('{ a b }');
RESET graphql.max_tokens;
