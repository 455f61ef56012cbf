/*-------------------------------------------------------------------------
 *
 * schema_aggregate.c
 *	  The aggregate types of a table: <t>_aggregate, <t>_aggregate_fields,
 *	  <t>_<function>_fields, <t>_aggregate_order_by, <t>_aggregate_bool_exp.
 *
 * In:  a Schema being built, a table.
 * Out: the types, with their fields tagged for deparse.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/memutils.h"

#include "schema_internal.h"

static const struct
{
	const char *name;
	AggKind		kind;
}			aggFuncs[] = {
	{"avg", AGG_FLOAT}, {"max", AGG_MINMAX}, {"min", AGG_MINMAX}, {"stddev", AGG_FLOAT},
	{"stddev_pop", AGG_FLOAT}, {"stddev_samp", AGG_FLOAT}, {"sum", AGG_SUM},
	{"var_pop", AGG_FLOAT}, {"var_samp", AGG_FLOAT}, {"variance", AGG_FLOAT}
};

/*
 * Whether a type is one of the numbers sum, avg, stddev and the variances
 * take, and _inc adds to (the numeric category also holds oid and the reg*
 * types, which have none of them).
 */
static bool
is_number(Oid typid)
{
	switch (typid)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			return true;
		default:
			return false;
	}
}

/* Whether an aggregate function kind applies to a column. */
bool
gql_agg_applies(Schema *s, CatColumn *col, AggKind kind)
{
	CatType    *ct = gql_catalog_type(s->catalog, col->typid);

	if (ct != NULL && ct->basetype != ct->oid)
		ct = gql_catalog_type(s->catalog, ct->basetype);
	if (ct == NULL || ct->elemtype != InvalidOid)
		return false;
	if (kind == AGG_MINMAX)
		return (is_number(ct->oid) || ct->typcategory == 'S' || ct->typcategory == 'D' ||
				ct->typcategory == 'T' || ct->typtype == 'e') &&
			gql_type_has_ordering(ct->oid);
	return is_number(ct->oid);
}

/* Whether a table has a column an aggregate function kind applies to. */
static bool
agg_has_columns(Schema *s, CatTable *t, AggKind kind)
{
	ListCell   *lc;

	foreach(lc, t->columns)
		if (gql_agg_applies(s, lfirst(lc), kind))
			return true;
	return false;
}

/* Create the aggregate types of a table (their fields come later); false if a name is taken. */
static const char *const aggSuffixes[] = {
	"aggregate", "aggregate_fields", "aggregate_order_by", "aggregate_bool_exp",
	"aggregate_bool_exp_count"
};

/*
 * The suffixes of every name gql_declare_aggregate_types may give a
 * table's types ("<table>_<suffix>"); *n is set to their number.
 */
const char *const *
gql_aggregate_type_suffixes(int *n)
{
	static const char **suffixes = NULL;
	static int	count = 0;

	if (suffixes == NULL)
	{
		const char **all = MemoryContextAlloc(TopMemoryContext, sizeof(char *) *
											  (lengthof(aggSuffixes) + 2 * lengthof(aggFuncs)));

		for (int i = 0; i < (int) lengthof(aggSuffixes); i++)
			all[count++] = aggSuffixes[i];
		for (int i = 0; i < (int) lengthof(aggFuncs); i++)
		{
			all[count++] = MemoryContextStrdup(TopMemoryContext, psprintf("%s_fields", aggFuncs[i].name));
			all[count++] = MemoryContextStrdup(TopMemoryContext, psprintf("%s_order_by", aggFuncs[i].name));
		}
		suffixes = all;
	}
	*n = count;
	return suffixes;
}

/*
 * The name of the enum of a table's boolean columns that the bool_and or
 * bool_or predicate (fn) of <t>_aggregate_bool_exp takes, as Hasura names it.
 */
char *
gql_bool_columns_type_name(const char *g, const char *fn)
{
	return psprintf("%s_select_column_%s_aggregate_bool_exp_%s_arguments_columns", g, g, fn);
}

bool
gql_declare_aggregate_types(Schema *s, CatTable *t)
{
	const char *const *suffixes = aggSuffixes;
	static const STypeKind kinds[] = {
		SK_OBJECT, SK_OBJECT, SK_INPUT_OBJECT, SK_INPUT_OBJECT, SK_INPUT_OBJECT
	};
	static const char *const descriptions[] = {
		"aggregated selection of \"%s\"", "aggregate fields of \"%s\"",
		"order by aggregate values of table \"%s\"", NULL, NULL
	};

	for (int i = 0; i < (int) lengthof(aggSuffixes); i++)
	{
		SType	   *at = gql_new_type(s, kinds[i], SR_AGGREGATE, gql_type_name(s, "%s_%s", t->gqlname, suffixes[i]));

		if (at == NULL)
			return false;
		at->table = t;
		if (descriptions[i])
			at->description = psprintf(descriptions[i], t->relname);
	}
	for (int i = 0; i < (int) lengthof(aggFuncs); i++)
	{
		SType	   *ft;
		SType	   *ot;

		if (!agg_has_columns(s, t, aggFuncs[i].kind))
			continue;
		ft = gql_new_type(s, SK_OBJECT, SR_AGGREGATE, gql_type_name(s, "%s_%s_fields", t->gqlname, aggFuncs[i].name));
		ot = gql_new_type(s, SK_INPUT_OBJECT, SR_AGGREGATE, gql_type_name(s, "%s_%s_order_by", t->gqlname, aggFuncs[i].name));
		if (ft == NULL || ot == NULL)
			return false;
		ft->table = ot->table = t;
		ft->description = psprintf("aggregate %s on columns", aggFuncs[i].name);
		ot->description = psprintf("order by %s() on columns of table \"%s\"", aggFuncs[i].name, t->relname);
	}
	return true;
}

/* Fill in the fields of a table's aggregate types. */
void
gql_define_aggregate_types(Schema *s, CatTable *t)
{
	SType	   *agg = gql_declared_type(s, gql_type_name(s, "%s_aggregate", t->gqlname));
	SType	   *fields = gql_declared_type(s, gql_type_name(s, "%s_aggregate_fields", t->gqlname));
	SType	   *orderBy = gql_declared_type(s, gql_type_name(s, "%s_aggregate_order_by", t->gqlname));
	SType	   *boolExp = gql_declared_type(s, gql_type_name(s, "%s_aggregate_bool_exp", t->gqlname));
	SType	   *boolCount = gql_declared_type(s, gql_type_name(s, "%s_aggregate_bool_exp_count", t->gqlname));
	SType	   *selectColumn = gql_table_type(s, t, "select_column", SR_SELECT_COLUMN);
	SType	   *dir = gql_declared_type(s, "order_by");
	STypeRef   *columns = selectColumn ? gql_list_ref(gql_non_null_ref(gql_named_ref(selectColumn))) : NULL;
	SField	   *f;

	f = gql_add_field(agg, "aggregate", gql_named_ref(fields), SF_AGG_AGGREGATE);
	f->table = t;
	f = gql_add_field(agg, "nodes", gql_non_null_ref(gql_list_ref(gql_non_null_ref(
																	gql_named_ref(gql_declared_type(s, gql_type_name(s, "%s", t->gqlname)))))),
					  SF_AGG_NODES);
	f->table = t;

	for (int i = 0; i < (int) lengthof(aggFuncs); i++)
	{
		SType	   *ft = gql_declared_type(s, gql_type_name(s, "%s_%s_fields", t->gqlname, aggFuncs[i].name));
		SType	   *ot = gql_declared_type(s, gql_type_name(s, "%s_%s_order_by", t->gqlname, aggFuncs[i].name));
		ListCell   *lc;

		if (i == 1)
		{
			/* count comes between avg and max */
			f = gql_add_field(fields, "count", gql_non_null_ref(gql_named_ref(s->typeInt)), SF_AGG_COUNT);
			f->table = t;
			if (columns != NULL)
				gql_add_arg(f, "columns", columns);
			gql_add_arg(f, "distinct", gql_named_ref(s->typeBoolean));
			f = gql_add_field(orderBy, "count", gql_named_ref(dir), SF_ORDER_AGG_COUNT);
			f->table = t;
		}
		if (ft == NULL || ot == NULL)
			continue;
		f = gql_add_field(fields, aggFuncs[i].name, gql_named_ref(ft), SF_AGG_FUNC);
		f->table = t;
		f->func = aggFuncs[i].name;
		f = gql_add_field(orderBy, aggFuncs[i].name, gql_named_ref(ot), SF_ORDER_AGG_FUNC);
		f->table = t;
		f->func = aggFuncs[i].name;
		foreach(lc, t->columns)
		{
			CatColumn  *col = lfirst(lc);
			SType	   *scalar;
			bool		isList;

			if (!gql_agg_applies(s, col, aggFuncs[i].kind))
				continue;
			scalar = gql_column_scalar(s, col->typid, &isList);
			f = gql_add_field(ft, col->gqlname,
							  gql_named_ref(aggFuncs[i].kind == AGG_FLOAT ? s->typeFloat : scalar),
							  SF_AGG_COLUMN);
			f->table = t;
			f->column = col;
			f->func = aggFuncs[i].name;
			f = gql_add_field(ot, col->gqlname, gql_named_ref(dir), SF_ORDER_AGG_COLUMN);
			f->table = t;
			f->column = col;
			f->func = aggFuncs[i].name;
		}
	}
	/* bool_and, bool_or over the boolean columns, as Hasura has them */
	for (int k = 0; k < 2; k++)
	{
		const char *fn = k == 0 ? "bool_and" : "bool_or";
		SType	   *cols = NULL;
		SType	   *pred;
		ListCell   *lc;

		foreach(lc, t->columns)
		{
			CatColumn  *col = lfirst(lc);
			bool		isList;

			if (gql_column_scalar(s, col->typid, &isList) != s->typeBoolean || isList)
				continue;
			if (cols == NULL)
			{
				cols = gql_new_type(s, SK_ENUM, SR_SELECT_COLUMN, gql_type_name(s, "%s", gql_bool_columns_type_name(t->gqlname, fn)));
				if (cols == NULL)
					break;
				cols->table = t;
				cols->description = psprintf("select \"%s_aggregate_bool_exp_%s_arguments_columns\" columns of table \"%s\"",
											 t->gqlname, fn, t->relname);
			}
			gql_add_enum_value(cols, col->gqlname)->column = col;
			llast_node(SEnumValue, cols->values)->description = "column name";
		}
		if (cols == NULL)
			continue;
		pred = gql_new_type(s, SK_INPUT_OBJECT, SR_AGGREGATE, gql_type_name(s, "%s_aggregate_bool_exp_%s", t->gqlname, fn));
		if (pred == NULL)
			continue;
		pred->table = t;
		gql_add_field(pred, "arguments", gql_non_null_ref(gql_named_ref(cols)), SF_INPUT);
		gql_add_field(pred, "distinct", gql_named_ref(s->typeBoolean), SF_INPUT);
		gql_add_field(pred, "filter", gql_named_ref(gql_declared_type(s, gql_type_name(s, "%s_bool_exp", t->gqlname))),
					  SF_INPUT);
		gql_add_field(pred, "predicate",
					  gql_non_null_ref(gql_named_ref(gql_comparison_type(s, s->typeBoolean, false))), SF_INPUT);
		f = gql_add_field(boolExp, fn, gql_named_ref(pred), SF_BOOL_AGG_COUNT);
		f->table = t;
		f->func = fn;
	}
	f = gql_add_field(boolExp, "count", gql_named_ref(boolCount), SF_BOOL_AGG_COUNT);
	f->table = t;
	f->func = "count";
	if (columns != NULL)
		gql_add_field(boolCount, "arguments", columns, SF_INPUT);
	gql_add_field(boolCount, "distinct", gql_named_ref(s->typeBoolean), SF_INPUT);
	gql_add_field(boolCount, "filter", gql_named_ref(gql_declared_type(s, gql_type_name(s, "%s_bool_exp", t->gqlname))),
				  SF_INPUT);
	gql_add_field(boolCount, "predicate",
				  gql_non_null_ref(gql_named_ref(gql_comparison_type(s, s->typeInt, false))), SF_INPUT);
}
