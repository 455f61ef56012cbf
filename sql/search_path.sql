-- No object on the caller's search_path is ever used instead of the one
-- meant: every function, operator and type in the SQL the extension runs
-- (its catalog queries and the statements it compiles) is qualified.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
DROP ROLE IF EXISTS regress_sp_attacker;
RESET client_min_messages;

CREATE TYPE sp_mood AS ENUM ('sad', 'happy');
CREATE TABLE sp_author (id int PRIMARY KEY, name text NOT NULL, tags text[], profile jsonb,
                        mood sp_mood, score numeric, born date, notes jsonb DEFAULT '[1, 2]');
CREATE TABLE sp_article (id int PRIMARY KEY, title text NOT NULL, rating int,
                         author_id int NOT NULL REFERENCES sp_author (id), published bool);
INSERT INTO sp_author VALUES
  (1, 'Ann', '{a,b}', '{"city": "Oslo", "langs": ["no", "en"]}', 'happy', 10, '1980-01-01'),
  (2, 'Bob', '{b}', '{"city": "Rome"}', 'sad', 5, NULL);
INSERT INTO sp_article VALUES (1, 'Tables', 5, 1, true), (2, 'Views', 3, 1, false), (3, 'Rows', 4, 2, true);
-- SQL-standard bodies are parsed when created, not where they are called
CREATE FUNCTION sp_author_initial(a sp_author) RETURNS text LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT left(a.name, 1); END;
CREATE FUNCTION sp_rated(min int) RETURNS SETOF sp_article LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT * FROM sp_article WHERE rating >= min ORDER BY id; END;
CREATE FUNCTION sp_bump(who int) RETURNS SETOF sp_author LANGUAGE sql VOLATILE
  BEGIN ATOMIC UPDATE sp_author SET score = score + 1 WHERE id = who RETURNING *; END;

-- 1. The attack: a role with CREATE on a schema in a superuser's
-- search_path defines exact-type overloads that beat pg_catalog's
-- (obj_description(oid, text) over (oid, name), json_agg(json) over
-- json_agg(anyelement)).  A superuser's next request must not run them.
CREATE ROLE regress_sp_attacker;
GRANT CREATE ON SCHEMA public TO regress_sp_attacker;
SET ROLE regress_sp_attacker;
CREATE FUNCTION public.obj_description(oid, text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'obj_description(oid, text) ran as % (superuser: %)', current_user,
    (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user);
  RETURN NULL;
END $$;
CREATE FUNCTION public.sp_peek(state text, j json) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'json_agg(json) saw %', j;
  RETURN state;
END $$;
CREATE FUNCTION public.sp_peek_final(state text) RETURNS json LANGUAGE sql AS 'SELECT NULL::json';
CREATE AGGREGATE public.json_agg(json) (SFUNC = public.sp_peek, STYPE = text, FINALFUNC = public.sp_peek_final);
CREATE FUNCTION public.to_json(text) RETURNS json LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'to_json(text) saw %', $1;
  RETURN NULL;
END $$;
RESET ROLE;
SHOW search_path;
-- a change of the catalog, so that the next request reflects it again
COMMENT ON TABLE sp_author IS 'authors';
SELECT graphql.resolve('{ __typename }');
SELECT graphql.resolve('{ sp_author(order_by: {id: asc}) { name sp_articles(order_by: {id: asc}) { title } } }');
SELECT graphql.resolve('{ sp_author(where: {id: {_eq: 1}}) { initial } }');
SELECT pg_catalog.length(graphql.sdl()) > 0 AS sdl;
DROP AGGREGATE public.json_agg(json);
DROP FUNCTION public.sp_peek(text, json);
DROP FUNCTION public.sp_peek_final(text);
DROP FUNCTION public.obj_description(oid, text);
DROP FUNCTION public.to_json(text);

-- A domain over an extension's type is compared as that type, by the
-- type's operator (qualified by the operator's schema): the column is cast
-- to the type first, so that an operator taking the domain, made in that
-- schema by a role that may create there, is not chosen instead.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS citext;
RESET client_min_messages;
CREATE DOMAIN sp_name AS citext;
CREATE TABLE sp_tagged (id int PRIMARY KEY, label sp_name);
INSERT INTO sp_tagged VALUES (1, 'Ann'), (2, 'Bob');
SET ROLE regress_sp_attacker;
CREATE FUNCTION public.sp_any_eq(sp_name, citext) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE '=(sp_name, citext) ran as % (superuser: %)', current_user,
    (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user);
  RETURN true;
END $$;
CREATE OPERATOR public.= (LEFTARG = sp_name, RIGHTARG = citext, FUNCTION = public.sp_any_eq);
RESET ROLE;
SELECT graphql.resolve('{ sp_tagged(where: {label: {_eq: "ANN"}}) { id } }');
SELECT graphql.resolve('{ sp_tagged(where: {label: {_in: ["bob", "x"]}}, order_by: {id: asc}) { id } }');
DROP OPERATOR public.= (sp_name, citext);
DROP FUNCTION public.sp_any_eq(sp_name, citext);
-- the cast keeps the value whole: a domain over character(5) or bit(3) is
-- cast to pg_catalog.bpchar or pg_catalog."bit", not to character or bit
-- (which mean length 1)
CREATE DOMAIN sp_code AS char(5);
CREATE DOMAIN sp_bits AS bit(3);
CREATE TABLE sp_coded (id int PRIMARY KEY, code sp_code, bits sp_bits);
INSERT INTO sp_coded VALUES (1, 'abcde', '101'), (2, 'axxxx', '100');
SELECT graphql.resolve('{ a: sp_coded(where: {code: {_eq: "abcde"}}) { id } b: sp_coded(where: {code: {_gt: "abcde"}}) { id }
                          c: sp_coded(where: {bits: {_in: ["101", "111"]}}) { id } }');
DROP TABLE sp_coded;
DROP DOMAIN sp_code;
DROP DOMAIN sp_bits;
DROP TABLE sp_tagged;
DROP DOMAIN sp_name;
REVOKE CREATE ON SCHEMA public FROM regress_sp_attacker;
DROP ROLE regress_sp_attacker;

-- 2. Every function, aggregate, operator and type of pg_catalog gets an
-- exact copy in schema sp_shadow that raises an error, and sp_shadow comes
-- before pg_catalog in the search_path: any unqualified name in the SQL
-- the extension runs would find the copy.  (Functions that take "any",
-- internal or other pseudo-types PL/pgSQL cannot take are left out.)
CREATE SCHEMA sp_shadow;
CREATE FUNCTION sp_shadow.hit(what text) RETURNS void LANGUAGE plpgsql
  AS $$ BEGIN RAISE EXCEPTION 'the copy of % in sp_shadow ran', what; END $$;
CREATE TABLE sp_counts (kind text, made int, skipped int);
DO $do$
DECLARE
  p record;
  made int;
  skipped int;
  -- pseudo-types a PL/pgSQL function may take or return
  usable CONSTANT text[] := '{anyelement,anyarray,anynonarray,anyenum,anyrange,anymultirange,anycompatible,anycompatiblearray,anycompatiblenonarray,anycompatiblerange,anycompatiblemultirange,record,void}';
BEGIN
  -- functions
  made := 0; skipped := 0;
  FOR p IN
    SELECT f.proname, pg_catalog.pg_get_function_arguments(f.oid) AS args,
           pg_catalog.pg_get_function_identity_arguments(f.oid) AS idargs,
           pg_catalog.pg_get_function_result(f.oid) AS result
      FROM pg_catalog.pg_proc f
     WHERE f.pronamespace = 'pg_catalog'::regnamespace AND f.prokind = 'f'
       AND NOT EXISTS (SELECT FROM pg_catalog.unnest(f.proargtypes::oid[] || f.prorettype) t(oid)
                         JOIN pg_catalog.pg_type ty ON ty.oid = t.oid
                        WHERE ty.typtype = 'p' AND ty.typname <> ALL (usable))
  LOOP
    BEGIN
      EXECUTE pg_catalog.format('CREATE FUNCTION sp_shadow.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
        p.proname, p.args, p.result,
        pg_catalog.format('BEGIN PERFORM sp_shadow.hit(%L); END', p.proname || '(' || p.idargs || ')'));
      made := made + 1;
    EXCEPTION WHEN OTHERS THEN skipped := skipped + 1;	-- void_send(void), duplicate OUT names
    END;
  END LOOP;
  INSERT INTO sp_counts VALUES ('functions', made, skipped);
  -- aggregates (ordered-set aggregates have no unqualified use here)
  made := 0; skipped := 0;
  FOR p IN
    SELECT f.oid, f.proname, pg_catalog.pg_get_function_identity_arguments(f.oid) AS idargs
      FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = f.oid
     WHERE f.pronamespace = 'pg_catalog'::regnamespace AND a.aggkind = 'n'
       AND NOT EXISTS (SELECT FROM pg_catalog.unnest(f.proargtypes::oid[]) t(oid)
                         JOIN pg_catalog.pg_type ty ON ty.oid = t.oid
                        WHERE ty.typtype = 'p' AND ty.typname <> ALL (usable))
  LOOP
    BEGIN
      EXECUTE pg_catalog.format('CREATE FUNCTION sp_shadow.%I(text%s) RETURNS text LANGUAGE plpgsql AS %L',
        'agg step ' || p.oid, CASE WHEN p.idargs = '' THEN '' ELSE ', ' || p.idargs END,
        pg_catalog.format('BEGIN PERFORM sp_shadow.hit(%L); RETURN NULL; END', p.proname || '(' || p.idargs || ')'));
      EXECUTE pg_catalog.format('CREATE AGGREGATE sp_shadow.%I(%s) (SFUNC = sp_shadow.%I, STYPE = text)',
        p.proname, CASE WHEN p.idargs = '' THEN '*' ELSE p.idargs END, 'agg step ' || p.oid);
      made := made + 1;
    EXCEPTION WHEN OTHERS THEN skipped := skipped + 1;
    END;
  END LOOP;
  INSERT INTO sp_counts VALUES ('aggregates', made, skipped);
  -- operators
  made := 0; skipped := 0;
  FOR p IN
    SELECT o.oid, o.oprname, o.oprleft::regtype AS l, o.oprright::regtype AS r, o.oprresult::regtype AS res
      FROM pg_catalog.pg_operator o
     WHERE o.oprnamespace = 'pg_catalog'::regnamespace
  LOOP
    BEGIN
      EXECUTE pg_catalog.format('CREATE FUNCTION sp_shadow.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
        'op ' || p.oid,
        CASE WHEN p.l = 0 THEN p.r::text ELSE p.l || ', ' || p.r END, p.res,
        pg_catalog.format('BEGIN PERFORM sp_shadow.hit(%L); END', 'operator ' || p.oprname || '(' || p.l || ', ' || p.r || ')'));
      EXECUTE pg_catalog.format('CREATE OPERATOR sp_shadow.%s (%s RIGHTARG = %s, FUNCTION = sp_shadow.%I)',
        p.oprname, CASE WHEN p.l = 0 THEN '' ELSE 'LEFTARG = ' || p.l || ',' END, p.r, 'op ' || p.oid);
      made := made + 1;
    EXCEPTION WHEN OTHERS THEN skipped := skipped + 1;	-- operators on internal
    END;
  END LOOP;
  INSERT INTO sp_counts VALUES ('operators', made, skipped);
  -- types: an empty enum of each name (its array type comes with it)
  made := 0; skipped := 0;
  FOR p IN
    SELECT t.typname FROM pg_catalog.pg_type t
     WHERE t.typnamespace = 'pg_catalog'::regnamespace AND t.typname !~ '^_'
  LOOP
    BEGIN
      EXECUTE pg_catalog.format('CREATE TYPE sp_shadow.%I AS ENUM ()', p.typname);
      made := made + 1;
    EXCEPTION WHEN OTHERS THEN skipped := skipped + 1;
    END;
  END LOOP;
  INSERT INTO sp_counts VALUES ('types', made, skipped);
END $do$;
-- (the counts depend on the server's version: compared with a floor)
SELECT kind, made > 100 AS many_made, skipped < 20 AS few_skipped FROM sp_counts ORDER BY kind;
-- the copies work: an unqualified call finds one
SET search_path = sp_shadow, pg_catalog, public;
SELECT json_agg(1);
SELECT 1 = 1;
SELECT '[]'::json;
RESET search_path;

-- The requests, with every kind of SQL the compiler writes, under that path.
COMMENT ON TABLE sp_article IS 'articles';	-- reflect the catalog again
SET search_path = sp_shadow, pg_catalog, public;
-- introspection and the schema (the test's own operators qualified too)
SELECT graphql.resolve('{ __schema { queryType { name } } __type(name: "sp_author") { fields { name } } }');
SELECT pg_catalog.length(graphql.sdl()) OPERATOR(pg_catalog.>) 0 AS sdl;
-- filters: every kind of comparison, boolean logic, relationships, aggregates
SELECT graphql.resolve($$ {
  a: sp_author(where: {_and: [{id: {_eq: 1}}, {id: {_neq: 2}}, {id: {_gt: 0}}, {id: {_gte: 1}}, {id: {_lt: 2}}, {id: {_lte: 1}}]}) { id }
  b: sp_author(where: {_or: [{name: {_like: "A%"}}, {name: {_nlike: "%"}}, {name: {_ilike: "a%"}}, {name: {_nilike: "%"}}]}) { id }
  c: sp_author(where: {_not: {name: {_similar: "B%"}}, name: {_nsimilar: "x%", _regex: "^A", _nregex: "z", _iregex: "^a", _niregex: "z"}}) { id }
  d: sp_author(where: {id: {_in: [1, 2]}, score: {_nin: [7]}, born: {_is_null: false}}) { id }
  e: sp_author(where: {tags: {_contains: ["a"], _contained_in: ["a", "b", "c"], _eq: ["a", "b"], _in: [["a", "b"], ["b"]], _nin: [["z"]]}}) { id }
  f: sp_author(where: {profile: {_has_key: "city", _has_keys_any: ["x", "langs"], _has_keys_all: ["city"], _contains: {city: "Oslo"}, _contained_in: {city: "Oslo", langs: ["no", "en"], x: 1}}}) { id }
  g: sp_author(where: {mood: {_eq: happy, _in: [happy]}, score: {_gt: "9.5"}}) { id }
  h: sp_author(where: {sp_articles: {rating: {_gt: 4}}, sp_articles_aggregate: {count: {predicate: {_gte: 1}, filter: {published: {_eq: true}}}}}) { id }
  i: sp_article(where: {author: {name: {_eq: "Bob"}, initial: {_eq: "B"}}}) { id }
  j: sp_author(where: {initial: {_eq: "A"}}) { id }
} $$);
-- ordering, distinct_on, limits, nested lists and objects, computed fields, JSON paths
SELECT graphql.resolve($$ {
  a: sp_article(order_by: [{author: {name: desc}}, {rating: asc_nulls_first}], limit: 2, offset: 1) { id title author { name } }
  b: sp_author(order_by: {sp_articles_aggregate: {count: desc, max: {rating: asc}, sum: {rating: desc}}}) { id initial }
  c: sp_article(distinct_on: author_id, order_by: [{author_id: asc}, {rating: desc}]) { author_id rating }
  d: sp_author(order_by: {initial: desc}) { name city: profile(path: "city") first: profile(path: "$.langs[0]") }
  e: sp_author_by_pk(id: 1) { name sp_articles(where: {published: {_eq: true}}) { title } }
  f: sp_article_by_pk(id: 3) { title author { name tags mood } }
} $$);
-- aggregates
SELECT graphql.resolve($$ {
  sp_article_aggregate(where: {rating: {_gt: 0}}) {
    aggregate {
      count authors: count(columns: [author_id], distinct: true)
      sum { rating } avg { rating } max { rating title } min { rating title }
      stddev { rating } stddev_pop { rating } stddev_samp { rating }
      var_pop { rating } var_samp { rating } variance { rating }
    }
    nodes { id }
  }
  sp_author(order_by: {id: asc}) { sp_articles_aggregate { aggregate { count max { rating } } } }
} $$);
-- functions
SELECT graphql.resolve('{ sp_rated(args: {min: 4}, order_by: {id: desc}) { id } sp_rated_aggregate(args: {min: 1}) { aggregate { count } } }');
SELECT graphql.resolve('query ($m: Int) { sp_rated(args: {min: $m}, where: {title: {_neq: "x"}}) { title } }', '{"m": 5}');
-- mutations: inserts (nested, upserts), updates with every operator, deletes
SELECT graphql.resolve($$ mutation {
  a: insert_sp_author_one(object: {id: 3, name: "Cy", profile: {city: "Lima"}, sp_articles: {data: [{id: 4, title: "New"}]}}) { id sp_articles { title } }
  b: insert_sp_article(objects: [{id: 5, title: "Draft", author: {data: {id: 4, name: "Di"}}}]) { affected_rows returning { id author { name } } }
  c: insert_sp_author(objects: [{id: 1, name: "Ann Lee"}], on_conflict: {constraint: sp_author_pkey, update_columns: [name], where: {id: {_eq: 1}}}) { affected_rows }
  d: insert_sp_article(objects: [{id: 1, title: "Ignored", author_id: 1}], on_conflict: {constraint: sp_article_pkey, update_columns: []}) { affected_rows }
  e: update_sp_author(where: {id: {_eq: 1}}, _inc: {score: 2}, _append: {profile: {x: 1}}) { affected_rows returning { score profile } }
  f: update_sp_author_by_pk(pk_columns: {id: 2}, _set: {name: "Bo"}, _prepend: {profile: {y: 2}}) { name profile }
  g: update_sp_author_many(updates: [{where: {id: {_eq: 1}}, _delete_key: {profile: "x"}}, {where: {id: {_eq: 2}}, _delete_at_path: {profile: ["y"]}}]) { affected_rows returning { profile } }
  h: update_sp_author(where: {id: {_eq: 3}}, _delete_elem: {notes: 0}) { affected_rows returning { notes } }
  i: delete_sp_article(where: {id: {_in: [4, 5]}}) { affected_rows }
  j: delete_sp_author_by_pk(id: 4) { name }
  k: sp_bump(args: {who: 3}) { score }
} $$);
-- a value PostgreSQL refuses, and explain
SELECT graphql.resolve('{ sp_author(where: {born: {_eq: "not a date"}}) { id } }');
SELECT pg_catalog.strpos(graphql.explain('{ sp_author(where: {name: {_eq: "Ann"}}) { name } }'), 'OPERATOR(pg_catalog.=)')
       OPERATOR(pg_catalog.>) 0 AS explained;
RESET search_path;
SELECT id, name, score, profile, notes FROM sp_author ORDER BY id;

-- JWT mode: the same, as the role a token names
\getenv abs_srcdir PG_ABS_SRCDIR
\set fixtures :abs_srcdir '/test/jwt/fixtures.sql'
\set ECHO none
\i :fixtures
\set ECHO all
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_graphql_jwt_user;
DROP ROLE IF EXISTS regress_graphql_jwt_editor;
RESET client_min_messages;
CREATE ROLE regress_graphql_jwt_user;
CREATE ROLE regress_graphql_jwt_editor;
GRANT USAGE ON SCHEMA graphql TO regress_graphql_jwt_user;
GRANT SELECT ON sp_author, sp_article TO regress_graphql_jwt_user;
ALTER TABLE sp_article ENABLE ROW LEVEL SECURITY;
CREATE POLICY sp_own ON sp_article TO regress_graphql_jwt_user
  USING (author_id = graphql.session_var('x-hasura-user-id')::int);
SELECT pg_catalog.set_config('graphql.jwt_secret',
  pg_catalog.json_build_object('type', 'HS256', 'key', :'hs256_secret')::text, false) IS NOT NULL AS configured;
SELECT pg_catalog.set_config('request.headers',
  pg_catalog.json_build_object('authorization', 'Bearer ' || :'tok_hs256')::text, false) IS NOT NULL AS headers;
SET search_path = sp_shadow, pg_catalog, public;
SELECT graphql.resolve('{ sp_article(order_by: {id: asc}) { id title author { name } } }');
RESET search_path;
RESET graphql.jwt_secret;
RESET request.headers;

SET client_min_messages = warning;
DROP SCHEMA sp_shadow CASCADE;
RESET client_min_messages;
DROP TABLE sp_counts;
DROP FUNCTION sp_bump(int);
DROP FUNCTION sp_rated(int);
DROP FUNCTION sp_author_initial(sp_author);
DROP TABLE sp_article;
DROP TABLE sp_author;
DROP TYPE sp_mood;
REVOKE USAGE ON SCHEMA graphql FROM regress_graphql_jwt_user;
DROP ROLE regress_graphql_jwt_user;
DROP ROLE regress_graphql_jwt_editor;
