-- PostGIS's geometry and geography as Hasura serves them: scalars
-- geometry and geography, GeoJSON out (with the crs member naming the
-- SRID), GeoJSON in (literals and variables, in inserts, updates, filters
-- and function arguments), the _st_* operators of geometry_comparison_exp
-- and geography_comparison_exp; a malformed GeoJSON value is a request
-- error.  PostGIS lives in a schema not on the search_path: every call of
-- it is qualified.  Without PostGIS nothing changes.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS graphql;
RESET client_min_messages;

-- the blocks of the SDL that define the given names
CREATE FUNCTION pg_temp.sdl_blocks(VARIADIC names text[]) RETURNS SETOF text LANGUAGE sql AS $$
  SELECT b.block FROM regexp_split_to_table(graphql.sdl(), E'\n\n(?=[^ ])') WITH ORDINALITY AS b(block, n)
   WHERE b.block ~ ('(^|\n)(type|input|enum|scalar) (' || array_to_string(names, '|') || ')( \{|$)')
   ORDER BY b.n
$$;

-- without PostGIS: a type of another schema named geometry is an ordinary
-- custom scalar (its text), with no spatial operator
BEGIN;
CREATE SCHEMA notgis;
CREATE TYPE notgis.geometry AS (x int, y int);
CREATE TABLE shape (id int PRIMARY KEY, g notgis.geometry);
INSERT INTO shape VALUES (1, '(1,2)');
SELECT graphql.resolve('{ shape { id g } }');
SELECT graphql.resolve('{ shape(where: {g: {_eq: "(1,2)"}}) { id } }');
SELECT pg_temp.sdl_blocks('geometry', 'geometry_comparison_exp', 'st_d_within_input');
ROLLBACK;

BEGIN;
CREATE SCHEMA gis;
SET client_min_messages = warning;
CREATE EXTENSION postgis SCHEMA gis;
RESET client_min_messages;
CREATE TABLE place (id int PRIMARY KEY, name text NOT NULL, geom gis.geometry, geog gis.geography);
CREATE TABLE plain (id int PRIMARY KEY, note text);
INSERT INTO place VALUES
  (1, 'square', 'SRID=4326;POLYGON((0 0,2 0,2 2,0 2,0 0))', 'POINT(0 0)'),
  (2, 'point', 'SRID=4326;POINT(1 1)', 'POINT(0 1)'),
  (3, 'line', 'SRID=4326;LINESTRING(1 -1,1 3)', NULL),
  (4, 'far', 'SRID=4326;POINT(10 10)', 'POINT(1 0)');
INSERT INTO plain VALUES (1, 'unchanged');
CREATE FUNCTION place_within(area gis.geometry) RETURNS SETOF place LANGUAGE sql STABLE
  AS 'SELECT * FROM place WHERE gis.st_within(geom, area) ORDER BY id';
CREATE FUNCTION place_centroid(p place) RETURNS gis.geometry LANGUAGE sql STABLE
  AS 'SELECT gis.st_centroid(p.geom)';
CREATE FUNCTION origin() RETURNS gis.geography LANGUAGE sql STABLE
  AS $$SELECT 'POINT(0 0)'::gis.geography$$;

-- the schema: the scalars, their comparison types, the distance inputs,
-- a table's types with both
SELECT pg_temp.sdl_blocks('geography', 'geometry', 'geography_comparison_exp', 'geometry_comparison_exp',
                          'st_d_within_input', 'st_d_within_geography_input',
                          'place', 'place_bool_exp', 'place_insert_input', 'place_set_input');

-- output: GeoJSON objects, the crs member naming the SRID; null stays null
SELECT graphql.resolve('{ place(order_by: {id: asc}) { id name geom geog } }');
SELECT graphql.resolve('{ place_by_pk(id: 2) { geom } place_aggregate(where: {id: {_eq: 3}}) { nodes { geom geog } } }');
-- a computed field's and a function's value
SELECT graphql.resolve('{ place(where: {id: {_lt: 3}}, order_by: {id: asc}) { id centroid } origin }');

-- each operator: the rows that match, not the others
SELECT graphql.resolve('{ place(where: {geom: {_st_contains: {type: "Point", coordinates: [0.5, 0.5]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_crosses: {type: "LineString", coordinates: [[-1, 1], [3, 1]]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_equals: {type: "Point", coordinates: [1, 1]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_intersects: {type: "Point", coordinates: [1, 1]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_overlaps: {type: "Polygon", coordinates: [[[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_touches: {type: "Point", coordinates: [2, 2]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "Polygon", coordinates: [[[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]]]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_d_within: {distance: 1.5, from: {type: "Point", coordinates: [3, 3]}}}}, order_by: {id: asc}) { id } }');
-- (PostGIS's notice per row for 2D geometries compared in 3D left out)
SET client_min_messages = warning;
SELECT graphql.resolve('{ place(where: {geom: {_st_3d_intersects: {type: "Point", coordinates: [10, 10]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_3d_d_within: {distance: 1, from: {type: "Point", coordinates: [10, 10, 1]}}}}, order_by: {id: asc}) { id } }');
RESET client_min_messages;
-- geography: metres on the spheroid (use_spheroid defaults to true: 552.9 m
-- from (0, 0) to (0, 0.005)), or on a sphere (556.0 m)
SELECT graphql.resolve('{ place(where: {geog: {_st_d_within: {distance: 554, from: {type: "Point", coordinates: [0, 0.005]}}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geog: {_st_d_within: {distance: 554, from: {type: "Point", coordinates: [0, 0.005]}, use_spheroid: true}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geog: {_st_d_within: {distance: 554, from: {type: "Point", coordinates: [0, 0.005]}, use_spheroid: false}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geog: {_st_intersects: {type: "Point", coordinates: [0, 1]}}}, order_by: {id: asc}) { id } }');
-- the usual operators compare by PostGIS's own (=, IN)
SELECT graphql.resolve('{ place(where: {geom: {_eq: {type: "Point", coordinates: [1, 1]}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_in: [{type: "Point", coordinates: [10, 10]}, {type: "Point", coordinates: [1, 1]}]}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place(where: {geog: {_is_null: true}}) { id } }');

-- variables: a JSON object, also as the input of _st_d_within, and in a list
SELECT graphql.resolve('query ($g: geometry!) { place(where: {geom: {_st_intersects: $g}}, order_by: {id: asc}) { id } }',
                       '{"g": {"type": "Point", "coordinates": [1, 1]}}');
SELECT graphql.resolve('query ($d: st_d_within_geography_input!) { place(where: {geog: {_st_d_within: $d}}) { id } }',
                       '{"d": {"distance": 1000, "from": {"type": "Point", "coordinates": [1, 0.005]}}}');
SELECT graphql.resolve('query ($gs: [geometry!]) { place(where: {geom: {_nin: $gs}}, order_by: {id: asc}) { id } }',
                       '{"gs": [{"type": "Point", "coordinates": [1, 1]}]}');
-- a computed field compared; a function's argument
SELECT graphql.resolve('{ place(where: {centroid: {_st_within: {type: "Polygon", coordinates: [[[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]]]}}}, order_by: {id: asc}) { id } }');
SELECT graphql.resolve('{ place_within(args: {area: {type: "Polygon", coordinates: [[[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]]]}}) { id } }');

-- insert and update: a literal, a variable; a crs keeps its SRID
SELECT graphql.resolve('mutation { insert_place_one(object: {id: 5, name: "new", geom: {type: "LineString", coordinates: [[0, 0], [1, 1]]}, geog: {type: "Point", coordinates: [5, 6]}}) { id geom geog } }');
SELECT graphql.resolve('mutation ($g: geometry, $h: geography) { insert_place(objects: [{id: 6, name: "vars", geom: $g, geog: $h}]) { affected_rows returning { geom geog } } }',
                       '{"g": {"type": "Point", "coordinates": [7, 8], "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}}, "h": {"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}}');
SELECT graphql.resolve('mutation { update_place_by_pk(pk_columns: {id: 5}, _set: {geom: {type: "Point", coordinates: [-1.25, 2.5]}}) { id geom } }');
SELECT graphql.resolve('mutation ($g: geometry) { update_place(where: {id: {_eq: 6}}, _set: {geom: $g}) { returning { id geom } } }',
                       '{"g": {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [0, 0]}]}}');
SELECT id, gis.st_astext(geom), gis.st_srid(geom), gis.st_astext(geog) FROM place WHERE id >= 5 ORDER BY id;

-- a table without PostGIS's types is unaffected
SELECT graphql.resolve('{ plain { id note } }');
SELECT pg_temp.sdl_blocks('plain', 'Int_comparison_exp');

-- errors: a value that is not a GeoJSON geometry is Hasura's request
-- error, before anything runs (validation-failed), literal or variable
SELECT graphql.resolve('{ place(where: {geom: {_eq: "POINT(1 1)"}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "Circle", coordinates: [1, 1]}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "Point"}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "Point", coordinates: [1]}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "Point", coordinates: [1, "2"]}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "LineString", coordinates: [[1, 2]]}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]]}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "Polygon", coordinates: [[[0, 0], [1, 0], [0, 0]]]}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "Point", coordinates: [1, 1], crs: {type: "epsg"}}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geom: {_st_within: {type: "GeometryCollection", geometries: [{type: "Point", coordinates: [[1, 1]]}]}}}) { id } }');
SELECT graphql.resolve('{ place(where: {geog: {_st_d_within: {distance: 1, from: {type: "Point", coordinates: [0, 0]}, use_spheroid: null}}}) { id } }');
SELECT graphql.resolve('mutation ($g: geometry) { insert_place_one(object: {id: 7, name: "bad", geom: $g}) { id } }',
                       '{"g": "POINT(1 1)"}');
SELECT graphql.resolve('mutation ($g: geography) { update_place(where: {}, _set: {geog: $g}) { affected_rows } }',
                       '{"g": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}}');
SELECT graphql.resolve('query ($gs: [geometry!]) { place(where: {geom: {_in: $gs}}) { id } }',
                       '{"gs": [{"type": "Point", "coordinates": [1, 1]}, {"type": "Point", "coordinates": []}]}');
-- nested too deep to read: refused, no crash
SELECT graphql.resolve('query ($g: geometry) { place(where: {geom: {_eq: $g}}) { id } }',
                       jsonb_build_object('g', (SELECT repeat('{"type": "GeometryCollection", "geometries": [', 80)
                                                       || '{"type": "Point", "coordinates": [0, 0]}' || repeat(']}', 80))::jsonb));
-- PostGIS reads at most 31 levels: 14 collections around a LineString
-- are 31 (read), around a Polygon 32 (refused before PostGIS sees it)
SELECT graphql.resolve('query ($g: geometry) { place(where: {geom: {_eq: $g}}) { id } }',
                       jsonb_build_object('g', (SELECT repeat('{"type": "GeometryCollection", "geometries": [', 14)
                                                       || '{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}' || repeat(']}', 14))::jsonb));
SELECT graphql.resolve('query ($g: geometry) { place(where: {geom: {_eq: $g}}) { id } }',
                       jsonb_build_object('g', (SELECT repeat('{"type": "GeometryCollection", "geometries": [', 14)
                                                       || '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}'
                                                       || repeat(']}', 14))::jsonb));
-- nothing was written
SELECT count(*) FROM place;

-- a cached request re-run with new variable values checks them too
SET graphql.check_reuse = on;
SELECT graphql.resolve('query ($g: geometry!) { place(where: {geom: {_st_equals: $g}}) { id } }',
                       '{"g": {"type": "Point", "coordinates": [1, 1]}}');
SELECT graphql.resolve('query ($g: geometry!) { place(where: {geom: {_st_equals: $g}}) { id } }',
                       '{"g": {"type": "Point", "coordinates": [10, 10]}}');
SELECT graphql.resolve('query ($g: geometry!) { place(where: {geom: {_st_equals: $g}}) { id } }',
                       '{"g": {"type": "Point", "coordinates": [10]}}');
RESET graphql.check_reuse;

-- a domain over a PostGIS type is written and compared as PostGIS's own
-- type: the overloads for the domain that a role allowed to create in
-- PostGIS's schema made there are never called
CREATE DOMAIN spot AS gis.geometry;
CREATE TABLE marker (id int PRIMARY KEY, at spot);
INSERT INTO marker VALUES (1, 'SRID=4326;POINT(1 1)');
CREATE ROLE regress_gis_creator;
GRANT USAGE, CREATE ON SCHEMA gis TO regress_gis_creator;
SET ROLE regress_gis_creator;
CREATE FUNCTION gis.st_asgeojson(spot, integer, integer) RETURNS text LANGUAGE sql AS $$SELECT '"overload"'$$;
CREATE FUNCTION gis.st_within(spot, gis.geometry) RETURNS boolean LANGUAGE sql AS 'SELECT true';
RESET ROLE;
SELECT graphql.resolve('{ marker { id at } }');
SELECT graphql.resolve('{ marker(where: {at: {_st_within: {type: "Point", coordinates: [5, 5]}}}) { id } }');
SELECT graphql.resolve('{ marker(where: {at: {_st_within: {type: "Point", coordinates: [1, 1]}}}) { id } }');
ROLLBACK;
