-- API limits, checked after parsing and before anything else: the depth
-- of selections, the fields selected and the root fields of an operation
-- (fragments expanded, aliases counted), the values of the variables and
-- literals, and the bytes a backend's plan cache may hold.  A request over
-- a limit is a validation-failed error naming it; the defaults refuse a
-- 2,000-alias query, an 80-level query and a fragment fan-out.
CREATE EXTENSION IF NOT EXISTS graphql;
LOAD 'graphql';
CREATE TABLE al_node (id int PRIMARY KEY, parent_id int REFERENCES al_node (id), name text);
INSERT INTO al_node VALUES (1, NULL, 'root'), (2, 1, 'child');
SHOW graphql.max_depth;
SHOW graphql.max_nodes;
SHOW graphql.max_batch;
SHOW graphql.max_input_size;
SHOW graphql.max_tokens;
SHOW graphql.plan_cache_memory;

-- 2,000 aliases of one column
SELECT graphql.resolve('{ al_node { ' || (SELECT pg_catalog.string_agg('a' || i || ': id', ' ')
                                          FROM pg_catalog.generate_series(1, 2000) i) || ' } }');
-- 80 levels of relationships
SELECT graphql.resolve('{ al_node { ' || pg_catalog.repeat('parent { ', 79) || 'id' || pg_catalog.repeat(' }', 79) || ' } }');
-- ten fragments, each spreading the next ten times: 10^10 fields
SELECT graphql.resolve('{ al_node { ...F0 } } '
       || (SELECT pg_catalog.string_agg(pg_catalog.format('fragment F%s on al_node { %s }', i,
                    CASE WHEN i = 9 THEN 'id' ELSE pg_catalog.repeat(pg_catalog.format('...F%s ', i + 1), 10) END), ' ')
           FROM pg_catalog.generate_series(0, 9) i));
-- ... the same fan-out through aliased fields instead of spreads
SELECT graphql.resolve('{ al_node { ...F0 } } '
       || (SELECT pg_catalog.string_agg(pg_catalog.format('fragment F%s on al_node { %s }', i,
                    CASE WHEN i = 9 THEN 'id' ELSE (SELECT pg_catalog.string_agg(pg_catalog.format('f%s: parent { ...F%s }', k, i + 1), ' ')
                                                    FROM pg_catalog.generate_series(1, 10) k) END), ' ')
           FROM pg_catalog.generate_series(0, 9) i));
-- root fields
SELECT graphql.resolve('{ ' || (SELECT pg_catalog.string_agg('r' || i || ': al_node_by_pk(id: 1) { id }', ' ')
                                FROM pg_catalog.generate_series(1, 101) i) || ' }');
-- a limit comes before validation: no error per unknown field
SELECT pg_catalog.jsonb_array_length(graphql.resolve('{ al_node { ' || (SELECT pg_catalog.string_agg('a' || i || ': nope', ' ')
                                          FROM pg_catalog.generate_series(1, 1500) i) || ' } }')::jsonb -> 'errors') AS errors;
-- values in variables: a 40,000-item _or (120,000 values), a 150,000-item _in
SELECT graphql.resolve('query ($w: al_node_bool_exp) { al_node(where: $w) { id } }',
  pg_catalog.jsonb_build_object('w', pg_catalog.jsonb_build_object('_or', (SELECT pg_catalog.jsonb_agg(
    pg_catalog.jsonb_build_object('id', pg_catalog.jsonb_build_object('_eq', i))) FROM pg_catalog.generate_series(1, 40000) i))));
SELECT graphql.resolve('query ($ids: [Int!]) { al_node(where: {id: {_in: $ids}}) { id } }',
  pg_catalog.jsonb_build_object('ids', (SELECT pg_catalog.jsonb_agg(i) FROM pg_catalog.generate_series(1, 150000) i)));
-- ... and literals: they count together
SET graphql.max_input_size = 10;
SELECT graphql.resolve('{ al_node(where: {id: {_in: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}}) { id } }');
SELECT graphql.resolve('query ($ids: [Int!]) { al_node(where: {id: {_in: $ids}, name: {_eq: "root"}}) { id } }',
                       '{"ids": [1, 2, 3, 4, 5, 6]}');
SELECT graphql.resolve('query ($ids: [Int!]) { al_node(where: {id: {_in: $ids}, name: {_eq: "root"}}) { id } }',
                       '{"ids": [1, 2, 3, 4]}');
RESET graphql.max_input_size;

-- At the limit, a request runs; over it, not.  Depth counts fields
-- through fragments and inline fragments.
SET graphql.max_depth = 3;
SELECT graphql.resolve('{ al_node(order_by: {id: asc}) { parent { name } } }');
SELECT graphql.resolve('{ al_node { parent { parent { id } } } }');
SELECT graphql.resolve('{ al_node { ... on al_node { ...P } } } fragment P on al_node { parent { parent { id } } }');
RESET graphql.max_depth;
SET graphql.max_nodes = 4;
SELECT graphql.resolve('{ a: al_node_by_pk(id: 2) { id parent { id } } }');
SELECT graphql.resolve('{ a: al_node_by_pk(id: 2) { id name parent { id name } } }');
SELECT graphql.resolve('{ a: al_node_by_pk(id: 2) { ...N parent { ...N } } } fragment N on al_node { id }');
SELECT graphql.resolve('{ a: al_node_by_pk(id: 2) { ...N parent { ...N } } } fragment N on al_node { id name }');
RESET graphql.max_nodes;
SET graphql.max_batch = 2;
SELECT graphql.resolve('{ a: al_node_by_pk(id: 1) { id } b: al_node_by_pk(id: 2) { id } }');
SELECT graphql.resolve('{ a: al_node_by_pk(id: 1) { id } ...R } fragment R on query_root { b: al_node_by_pk(id: 2) { id } c: __typename }');
RESET graphql.max_batch;
-- one limit for each operation of the document, whichever runs
SET graphql.max_depth = 2;
SELECT graphql.resolve('query A { al_node { id } } query B { al_node { parent { parent { id } } } }', '{}', 'A');
RESET graphql.max_depth;

-- The plan cache holds at most graphql.plan_cache_memory: each of these
-- documents is about 40 kB, so 256 kB keeps a few and evicts the rest.
SET graphql.plan_cache_memory = '256kB';
SELECT pg_catalog.count(*) FILTER (WHERE graphql.resolve(pg_catalog.format('query Q%s { al_node_by_pk(id: 1) { id } } # %s',
         i, pg_catalog.repeat('x', 40000)))::jsonb ? 'data') AS answered
  FROM pg_catalog.generate_series(1, 30) i;
SELECT entries BETWEEN 1 AND 6 AS bounded, evictions >= 24 AS evicted FROM graphql.cache_stats();
-- one document larger than the whole cache is answered, then not kept
SELECT graphql.resolve('{ al_node_by_pk(id: 1) { id } } # ' || pg_catalog.repeat('y', 300000));
SELECT entries BETWEEN 1 AND 6 AS bounded FROM graphql.cache_stats();
-- ... and, asked again, not looked for (no copy of it is made for the key)
SELECT hits AS hits_before, misses AS misses_before FROM graphql.cache_stats() \gset
SELECT graphql.resolve('{ al_node_by_pk(id: 1) { id } } # ' || pg_catalog.repeat('y', 300000));
SELECT hits = :hits_before AS not_found, misses = :misses_before + 1 AS one_miss FROM graphql.cache_stats();
RESET graphql.plan_cache_memory;

DROP TABLE al_node;
