-- graphql.parse: strings, escapes, block strings and ignored tokens
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

-- the decoded value of a string argument
CREATE FUNCTION pg_temp.str(literal text) RETURNS text LANGUAGE sql AS $$
  SELECT graphql.parse('{ f(a: ' || literal || ') }')
         #>> '{definitions,0,selectionSet,selections,0,arguments,0,value,value}'
$$;

-- simple escapes: \" \\ \/ \b \f \n \r \t
SELECT encode(convert_to(pg_temp.str(E'"q\\"b\\\\s\\/b\\bf\\fn\\nr\\rt\\t"'), 'UTF8'), 'hex');

-- fixed-width unicode escapes become UTF-8; surrogate pairs combine
SELECT l, pg_temp.str(l), encode(convert_to(pg_temp.str(l), 'UTF8'), 'hex')
FROM (VALUES (E'"\\u0041"'), (E'"\\u00e9"'), (E'"\\u20AC"'), (E'"\\uD83D\\uDE00"'),
             (E'"\\uFFFF"'), (E'"\\uD800\\uDC00"'), (E'"\\uDBFF\\uDFFF"')) AS t(l);

-- variable-width escapes \u{...}
SELECT l, pg_temp.str(l), encode(convert_to(pg_temp.str(l), 'UTF8'), 'hex')
FROM (VALUES (E'"\\u{41}"'), (E'"\\u{1F600}"'), (E'"\\u{10FFFF}"'), (E'"\\u{00000041}"')) AS t(l);

-- raw non-ASCII text passes through unchanged
SELECT pg_temp.str('"héllo wörld 😀 日本"');

-- control characters other than line terminators are valid inside strings
SELECT encode(convert_to(pg_temp.str(E'"a\tb\x01c"'), 'UTF8'), 'hex');

-- block strings: the common indentation of all lines but the first is
-- removed, leading and trailing blank lines are dropped
SELECT pg_temp.str(E'"""\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  """');
SELECT pg_temp.str(E'"""  first line keeps its indentation\n    second\n  third"""');
SELECT pg_temp.str(E'"""\n\n  \n    only\n\t\n   """');
SELECT pg_temp.str(E'"""\\""" is an escaped triple quote; \\n and \\u0041 are not escapes"""');
SELECT pg_temp.str(E'"""crlf\r\n  and cr\r  lines"""');
SELECT pg_temp.str(E'"""\t\ttabs\n\t\t\tcount as indentation"""');
SELECT pg_temp.str('""""""') = '' AS empty_block;
SELECT pg_temp.str(E'"""   \n   """') = '' AS blank_block;
SELECT pg_temp.str(E'"""a "quoted" word and "" two quotes"""');

-- a block string spanning lines shifts the lines of later tokens
SELECT graphql.parse(E'{ f(a: """\n\n\n""") g(b: 1 2) }');
SELECT graphql.parse(E'{ f(a: """\n\n\n""") g(b: ?) }');

-- comments, commas, the byte order mark, tabs and all line terminators are ignored
SELECT graphql.parse(E'\uFEFF# comment\n{\r\n\ta # trailing comment\r  ,,,b,\n} # last');
