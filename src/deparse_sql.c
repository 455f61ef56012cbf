/*-------------------------------------------------------------------------
 *
 * deparse_sql.c
 *	  The statement being built for a root field (Sql): its parameters,
 *	  its aliases, and how a column or a table is named in it.
 *
 * In:  planned values (GqlInputs of the Request's variables and literals).
 * Out: $n parameters added to the Sql (never a value in the text), with
 *	    the variables' leaves they came from, for re-use (reuse.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "deparse_internal.h"
#include "error.h"
#include "names.h"

/* A new table alias: t1, t2, ... */
char *
gql_new_alias(Sql *sql)
{
	char		digits[12];

	pg_ltoa(++sql->nextAlias, digits);
	return gql_cat("t", digits, NULL);
}

/* The input text of a leaf value. */
static char *
leaf_text(GqlInput *in)
{
	switch (in->kind)
	{
		case IN_BOOLEAN:
			return in->boolean ? "true" : "false";
		case IN_ENUM:
			/* an enum table's value renamed by graphql-default: the row's key */
			return in->enumValue->value != NULL ? in->enumValue->value : in->enumValue->name;
		default:
			return in->scalarText;
	}
}

/*
 * Add a scalar parameter of a type; append "$n" to out.  A value of
 * PostGIS's types is its GeoJSON (values.c checked it), bound as text and
 * read by PostGIS (postgis.c).
 */
void
gql_add_param(Sql *sql, Oid type, GqlInput *in, StringInfo out)
{
	SqlParam	   *p = palloc0(sizeof(SqlParam));
	CatType    *geo = gql_catalog_geo_type(sql->req->schema->catalog, type);

	p->type = geo != NULL ? TEXTOID : type;
	p->text = leaf_text(in);
	p->path = in->path;
	p->origin = in->origin;
	in->bound = true;
	sql->params = lappend(sql->params, p);
	if (geo != NULL)
		gql_geojson_in(out, geo->geo, geo->nspname, list_length(sql->params));
	else
		appendStringInfo(out, "$%d", list_length(sql->params));
}

/*
 * Add an array parameter of elements of elemType; append "$n" to out.  The
 * value was checked by gql_plan_array_param (an array type, no null or
 * nested item).  A String given for the array (values.c) is its text, one
 * parameter of the array type, which PostgreSQL's array input reads.
 */
void
gql_add_array_param(Sql *sql, Oid elemType, GqlInput *in, StringInfo out)
{
	SqlParam   *p;
	CatType    *geo;
	ListCell   *lc;

	if (in->kind == IN_SCALAR)
	{
		gql_add_param(sql, get_array_type(elemType), in, out);
		return;
	}
	geo = gql_catalog_geo_type(sql->req->schema->catalog, elemType);
	if (geo != NULL)
		elemType = TEXTOID;		/* GeoJSON texts, as gql_add_param's */
	p = palloc0(sizeof(SqlParam));
	p->elemType = elemType;
	p->type = get_array_type(elemType);
	p->path = in->path;
	p->listOrigin = in->origin;
	in->bound = true;
	foreach(lc, in->items)
	{
		GqlInput   *item = lfirst(lc);

		p->elems = lappend(p->elems, leaf_text(item));
		p->elemOrigins = lappend(p->elemOrigins, (void *) item->origin);
		item->bound = true;
	}
	sql->params = lappend(sql->params, p);
	if (geo != NULL)
		gql_geojson_in_array(out, geo->geo, geo->nspname, list_length(sql->params));
	else
		appendStringInfo(out, "$%d", list_length(sql->params));
}

/* "alias"."column" */
char *
gql_column_ref(const char *alias, CatColumn *col)
{
	return gql_cat(alias, ".", col->quoted, NULL);
}

/* "schema"."table" */
const char *
gql_table_ref(CatTable *t)
{
	return t->qualified;
}
