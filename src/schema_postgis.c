/*-------------------------------------------------------------------------
 *
 * schema_postgis.c
 *	  PostGIS's types in the schema, as Hasura has them: the scalars
 *	  geometry and geography (schema.c makes them like any other type's),
 *	  the input types of their distance operators, and the spatial
 *	  operators of geometry_comparison_exp and geography_comparison_exp.
 *
 * In:  a scalar whose type is PostGIS's (CatType.geo, postgis.c).
 * Out: st_d_within_input {distance: Float!, from: geometry!} and
 *	    st_d_within_geography_input {distance: Float!, from: geography!,
 *	    use_spheroid: Boolean = true}, made with the scalar (so that a
 *	    variable may name them before any table is defined); the _st_*
 *	    fields of the scalar's comparison type, each an SF_COMPARISON with
 *	    its CmpOp, written by deparse_filter.c as a call of PostGIS's
 *	    function of that name.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "schema_internal.h"

/* The input type of a PostGIS scalar's _st_d_within and _st_3d_d_within. */
static const char *
d_within_type_name(const SType *scalar)
{
	return scalar->pgtype->geo == GEO_GEOGRAPHY ? "st_d_within_geography_input" : "st_d_within_input";
}

/* Make the input type of a PostGIS scalar's distance operators. */
void
gql_postgis_input_types(Schema *s, SType *scalar)
{
	SType	   *t = gql_new_type(s, SK_INPUT_OBJECT, SR_POSTGIS_INPUT, d_within_type_name(scalar));

	/* a name a table took: the operators are left out (gql_postgis_comparison_ops) */
	if (t == NULL)
		return;
	t->pgtype = scalar->pgtype;
	gql_add_field(t, "distance", gql_non_null_ref(gql_named_ref(s->typeFloat)), SF_INPUT);
	gql_add_field(t, "from", gql_non_null_ref(gql_named_ref(scalar)), SF_INPUT);
	if (scalar->pgtype->geo == GEO_GEOGRAPHY)
		gql_add_field(t, "use_spheroid", gql_named_ref(s->typeBoolean), SF_INPUT)->defaultValue = "true";
}

/* Add PostGIS's operators to the comparison type of a PostGIS scalar. */
void
gql_postgis_comparison_ops(Schema *s, SType *cmp, SType *scalar)
{
	static const struct
	{
		const char *name;
		CmpOp		op;
		bool		geography;	/* geography has it too */
		bool		distance;	/* takes the distance input type */
		const char *description;	/* Hasura's, with the type's name */
	}			ops[] = {
		{"_st_3d_d_within", OP_ST_3D_D_WITHIN, false, true,
		"is the column within a given 3D distance from the given %s value"},
		{"_st_3d_intersects", OP_ST_3D_INTERSECTS, false, false,
		"does the column spatially intersect the given %s value in 3D"},
		{"_st_contains", OP_ST_CONTAINS, false, false,
		"does the column contain the given %s value"},
		{"_st_crosses", OP_ST_CROSSES, false, false,
		"does the column cross the given %s value"},
		{"_st_d_within", OP_ST_D_WITHIN, true, true,
		"is the column within a given distance from the given %s value"},
		{"_st_equals", OP_ST_EQUALS, false, false,
		"is the column equal to given %s value (directionality is ignored)"},
		{"_st_intersects", OP_ST_INTERSECTS, true, false,
		"does the column spatially intersect the given %s value"},
		{"_st_overlaps", OP_ST_OVERLAPS, false, false,
		"does the column 'spatially overlap' (intersect but not completely contain) the given %s value"},
		{"_st_touches", OP_ST_TOUCHES, false, false,
		"does the column have atleast one point in common with the given %s value"},
		{"_st_within", OP_ST_WITHIN, false, false,
		"is the column contained in the given %s value"},
	};
	bool		geography = scalar->pgtype->geo == GEO_GEOGRAPHY;
	SType	   *distance = gql_declared_type(s, d_within_type_name(scalar));

	if (distance != NULL && distance->role != SR_POSTGIS_INPUT)
		distance = NULL;
	for (int i = 0; i < (int) lengthof(ops); i++)
	{
		SField	   *f;

		if ((geography && !ops[i].geography) || (ops[i].distance && distance == NULL))
			continue;
		f = gql_add_field(cmp, ops[i].name,
						  gql_named_ref(ops[i].distance ? distance : scalar), SF_COMPARISON);
		f->op = ops[i].op;
		f->description = psprintf(ops[i].description, scalar->name);
	}
}
