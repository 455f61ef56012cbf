/*-------------------------------------------------------------------------
 *
 * postgis.c
 *	  PostGIS's geometry and geography as Hasura serves them: GeoJSON in,
 *	  GeoJSON out, when PostGIS is installed.  The extension does not
 *	  depend on PostGIS: its types are recognised by name and by belonging
 *	  to the installed extension "postgis" (pg_depend), and its functions
 *	  are called by their schema, the types' own (never the search_path).
 *
 * In:  a type's oid and name (the catalog); a GeoJSON value's text (input
 *	    coercion, values.c); a parameter's number or an expression (the
 *	    SQL writers).
 * Out: whether the type is PostGIS's; why a value is not a GeoJSON
 *	    geometry, in Hasura's words (it parses every value before it runs
 *	    anything: a request error); SQL text.
 *
 * A value is checked as Hasura's parser checks it (a Position has at
 * least two numbers, a LineString two Positions, a LinearRing four with
 * the first and last equal, a crs is a "name" or "link" object); what
 * passes is then read by PostGIS's own ST_GeomFromGeoJSON, as a parameter.
 * Output is ST_AsGeoJSON(value, 15, 4): 15 decimal digits and the crs
 * member naming the SRID ("urn:ogc:def:crs:EPSG::4326"), Hasura's choice.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/dependency.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "json_tree.h"
#include "postgis.h"

/*
 * Whether typid, named typname, is PostGIS's geometry or geography: one
 * of those names, a member of the installed extension "postgis".
 */
GeoKind
gql_postgis_type(Oid typid, const char *typname)
{
	GeoKind		kind;
	Oid			ext;

	if (strcmp(typname, "geometry") == 0)
		kind = GEO_GEOMETRY;
	else if (strcmp(typname, "geography") == 0)
		kind = GEO_GEOGRAPHY;
	else
		return GEO_NONE;
	ext = get_extension_oid("postgis", true);
	if (!OidIsValid(ext) || getExtensionOfObject(TypeRelationId, typid) != ext)
		return GEO_NONE;
	return kind;
}

/* What a JSON value is, in Hasura's words. */
static const char *
found_phrase(const JtNode *n)
{
	switch (n->type)
	{
		case JT_NULL:
			return "null";
		case JT_BOOL:
			return "a boolean";
		case JT_NUMBER:
			return "a number";
		case JT_STRING:
			return "a string";
		case JT_ARRAY:
			return "a list";
		default:
			return "an object";
	}
}

/* A Position: a list of at least two numbers.  NULL if it is one. */
static const char *
position_error(const JtNode *n)
{
	if (n->type != JT_ARRAY)
		return psprintf("expected a list for a Position, but found %s", found_phrase(n));
	if (n->count < 2)
		return "A Position needs at least 2 elements";
	for (int i = 0; i < n->count; i++)
		if (n->items[i]->type != JT_NUMBER)
			return psprintf("expected a number in a Position, but found %s",
							found_phrase(n->items[i]));
	return NULL;
}

/* Whether two Positions are the same place (their first three numbers). */
static bool
same_position(const JtNode *a, const JtNode *b)
{
	for (int i = 0; i < 3; i++)
	{
		if ((i < a->count) != (i < b->count))
			return false;
		if (i < a->count && strtod(a->items[i]->str, NULL) != strtod(b->items[i]->str, NULL))
			return false;
	}
	return true;
}

/*
 * Coordinates of a given depth: 0 a Position, 1 a list of them (at least
 * min, and closed: a LinearRing), 2 a list of those, 3 a list of lists of
 * LinearRings.  NULL if they are.
 */
static const char *
coordinates_error(const JtNode *n, int depth, int min, bool closed, const char *what)
{
	const char *err;

	CHECK_FOR_INTERRUPTS();
	if (depth == 0)
		return position_error(n);
	if (n->type != JT_ARRAY)
		return psprintf("expected a list for %s, but found %s", what, found_phrase(n));
	for (int i = 0; i < n->count; i++)
	{
		err = coordinates_error(n->items[i], depth - 1, depth == 1 ? 0 : min,
								depth == 1 ? false : closed, depth == 1 ? "a Position" : what);
		if (err != NULL)
			return err;
	}
	if (depth == 1 && n->count < min)
		return closed ? "A LinearRing needs at least 4 Positions" :
			"A LineString needs at least 2 Positions";
	if (depth == 1 && closed && !same_position(n->items[0], n->items[n->count - 1]))
		return "the first and last locations have to be equal for a LinearRing";
	return NULL;
}

/* A crs member: {"type": "name", "properties": {"name": ...}} or a "link". */
static const char *
crs_error(const JtNode *crs)
{
	const JtNode *type = jt_get(crs, "type");
	const JtNode *props = jt_get(crs, "properties");
	const char *key;

	if (crs->type != JT_OBJECT || type == NULL || type->type != JT_STRING)
		return "a crs must be an object with a \"type\" of \"name\" or \"link\"";
	if (strcmp(type->str, "name") == 0)
		key = "name";
	else if (strcmp(type->str, "link") == 0)
		key = "href";
	else
		return psprintf("unexpected crs type: %s", type->str);
	if (props == NULL || props->type != JT_OBJECT || jt_get(props, key) == NULL ||
		jt_get(props, key)->type != JT_STRING)
		return psprintf("a crs of type \"%s\" needs \"properties\" with a string \"%s\"",
						type->str, key);
	return NULL;
}

/* A geometry object (a member of a GeometryCollection too).  NULL if it is one. */
static const char *
geometry_error(const JtNode *g, const char *typname)
{
	static const struct
	{
		const char *name;
		int			depth;		/* of its coordinates */
		int			min;		/* Positions in each innermost list */
		bool		closed;		/* each innermost list a LinearRing */
	}			kinds[] = {
		{"Point", 0, 0, false}, {"MultiPoint", 1, 0, false},
		{"LineString", 1, 2, false}, {"MultiLineString", 2, 2, false},
		{"Polygon", 2, 4, true}, {"MultiPolygon", 3, 4, true},
	};
	const JtNode *type = jt_get(g, "type");
	const JtNode *member;

	check_stack_depth();
	if (g->type != JT_OBJECT)
		return psprintf("expected a GeoJSON geometry object for type '%s', but found %s",
						typname, found_phrase(g));
	if (type == NULL)
		return "key \"type\" not found";
	if (type->type != JT_STRING)
		return psprintf("expected a string for the geometry's \"type\", but found %s",
						found_phrase(type));
	if ((member = jt_get(g, "crs")) != NULL && member->type != JT_NULL &&
		crs_error(member) != NULL)
		return crs_error(member);
	if (strcmp(type->str, "GeometryCollection") == 0)
	{
		const char *err;

		if ((member = jt_get(g, "geometries")) == NULL)
			return "key \"geometries\" not found";
		if (member->type != JT_ARRAY)
			return psprintf("expected a list for \"geometries\", but found %s", found_phrase(member));
		for (int i = 0; i < member->count; i++)
			if ((err = geometry_error(member->items[i], typname)) != NULL)
				return err;
		return NULL;
	}
	for (int i = 0; i < (int) lengthof(kinds); i++)
	{
		if (strcmp(type->str, kinds[i].name) != 0)
			continue;
		if ((member = jt_get(g, "coordinates")) == NULL)
			return "key \"coordinates\" not found";
		return coordinates_error(member, kinds[i].depth, kinds[i].min, kinds[i].closed,
								 psprintf("a %s's coordinates", kinds[i].name));
	}
	return psprintf("unexpected geometry type: %s", type->str);
}

/* How deep a JSON value nests objects and lists (0 for a scalar). */
static int
json_depth(const JtNode *n)
{
	int			deepest = 0;

	if (n->type != JT_OBJECT && n->type != JT_ARRAY)
		return 0;
	check_stack_depth();
	for (int i = 0; i < n->count; i++)
	{
		/* once per member (Max() would evaluate the call twice: 2^depth) */
		int			d = json_depth(n->items[i]);

		CHECK_FOR_INTERRUPTS();
		deepest = Max(deepest, d);
	}
	return deepest + 1;
}

/*
 * PostGIS reads GeoJSON with json-c, which refuses nesting of 32 levels or
 * more ("nesting too deep", an internal error): refused here first.
 */
#define POSTGIS_MAX_DEPTH 31

/*
 * Why the JSON text of a value for a PostGIS type (typname, for messages)
 * is not a GeoJSON geometry Hasura takes, or NULL if it is one.
 */
const char *
gql_geojson_error(const char *json, const char *typname)
{
	char	   *parseError = NULL;
	JtNode	   *root = jt_parse_ext(json, strlen(json), true, &parseError);

	if (root == NULL)
		return psprintf("expected a GeoJSON geometry object for type '%s': %s", typname,
						parseError ? parseError : "not JSON");
	if (json_depth(root) > POSTGIS_MAX_DEPTH)
		return psprintf("expected a GeoJSON geometry object for type '%s': nested deeper than the %d levels PostGIS reads",
						typname, POSTGIS_MAX_DEPTH);
	return geometry_error(root, typname);
}

/* Append "schema". for a function of PostGIS's, then its name. */
void
gql_postgis_call(StringInfo out, const char *nspname, const char *func)
{
	appendStringInfoString(out, quote_identifier(nspname));
	appendStringInfoChar(out, '.');
	appendStringInfoString(out, func);
}

/* The cast after a geometry that makes it a geography, or nothing. */
static void
append_kind_cast(StringInfo out, GeoKind kind, const char *nspname)
{
	if (kind == GEO_GEOGRAPHY)
		appendStringInfo(out, "::%s.geography", quote_identifier(nspname));
}

/* Append a value of a PostGIS type read from parameter $param, GeoJSON text. */
void
gql_geojson_in(StringInfo out, GeoKind kind, const char *nspname, int param)
{
	appendStringInfoChar(out, '(');
	gql_postgis_call(out, nspname, "st_geomfromgeojson");
	appendStringInfo(out, "($%d::pg_catalog.text)", param);
	append_kind_cast(out, kind, nspname);
	appendStringInfoChar(out, ')');
}

/* Append an array of a PostGIS type read from parameter $param, a text[] of GeoJSON. */
void
gql_geojson_in_array(StringInfo out, GeoKind kind, const char *nspname, int param)
{
	appendStringInfoString(out, "ARRAY(SELECT ");
	gql_postgis_call(out, nspname, "st_geomfromgeojson");
	appendStringInfoString(out, "(g.v)");
	append_kind_cast(out, kind, nspname);
	appendStringInfo(out, " FROM pg_catalog.unnest($%d::pg_catalog.text[]) WITH ORDINALITY AS g(v, n) ORDER BY g.n)",
					 param);
}

/*
 * Append expr, a value of a PostGIS type (of kind, a domain's too), cast to
 * PostGIS's own type: a function of PostGIS's called with it then has
 * exactly its declared argument types, so no overload another role made
 * in PostGIS's schema (for a domain, say) is chosen instead.
 */
void
gql_postgis_operand(StringInfo out, GeoKind kind, const char *nspname, const char *expr)
{
	appendStringInfo(out, "(%s)::%s.%s", expr, quote_identifier(nspname),
					 kind == GEO_GEOGRAPHY ? "geography" : "geometry");
}

/* Append expr, a PostGIS type's value (of kind), as Hasura's GeoJSON (json). */
void
gql_geojson_out(StringInfo out, GeoKind kind, const char *nspname, const char *expr)
{
	gql_postgis_call(out, nspname, "st_asgeojson");
	appendStringInfoChar(out, '(');
	gql_postgis_operand(out, kind, nspname, expr);
	appendStringInfoString(out, ", 15, 4)::pg_catalog.json");
}
