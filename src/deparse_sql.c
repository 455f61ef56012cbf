/*-------------------------------------------------------------------------
 *
 * deparse_sql.c
 *	  The statement being built for a root field (Sql): its parameters
 *	  and aliases, and what compiling reads from the request (the
 *	  fields collected with @skip and @include decided, arguments coerced).
 *
 * In:  a Request with its variables (request.c).
 * Out: $n parameters added to the Sql (never a value in the text), with
 *	    the variables' leaves they came from, for re-use (reuse.c); an
 *	    argument that does not coerce adds its errors to the Request.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "deparse_internal.h"
#include "error.h"
#include "names.h"

/* CollectFields with the request's variables deciding @skip and @include (FieldGroups). */
List *
gql_collect_fields(Request *req, List *selections)
{
	CoerceContext cx = gql_exec_context(req);
	Collect		how = {req->doc, NULL, &cx};

	return gql_collect(&how, selections, NULL);
}

/*
 * The sub-selections of a group's fields, merged: collected once per
 * request (introspection asks for those of one group once per object it
 * lists), so the caller must not change the list.
 */
List *
gql_sub_selections(Request *req, FieldGroup *g)
{
	List	   *selections = NIL;
	ListCell   *lc;

	if (g->subFor == req)
		return g->sub;
	foreach(lc, g->fields)
	{
		GqlField   *f = lfirst(lc);

		if (f->selectionSet)
			selections = list_concat(selections, f->selectionSet->selections);
	}
	g->sub = gql_collect_fields(req, selections);
	g->subFor = req;
	list_free(selections);
	return g->sub;
}

/* The coerced value of a field's argument, or NULL when not given. */
GqlInput *
gql_argument(Sql *sql, GqlField *f, SField *def, const char *name, const char *path)
{
	Planner		pl = gql_sql_planner(sql);
	GqlInput   *in = gql_plan_argument(&pl, f, def, name, path);

	if (pl.failed)
		sql->failed = true;
	return in;
}

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
			return in->enumValue->name;
		default:
			return in->scalarText;
	}
}

/* Add a scalar parameter of a type; append "$n" to out. */
void
gql_add_param(Sql *sql, Oid type, GqlInput *in, StringInfo out)
{
	SqlParam	   *p = palloc0(sizeof(SqlParam));

	p->type = type;
	p->text = leaf_text(in);
	p->path = in->path;
	p->origin = in->origin;
	in->bound = true;
	sql->params = lappend(sql->params, p);
	appendStringInfo(out, "$%d", list_length(sql->params));
}

/*
 * Add an array parameter of elements of elemType; append "$n" to out.  The
 * value was checked by gql_plan_array_param (an array type, no null or
 * nested item).
 */
void
gql_add_array_param(Sql *sql, Oid elemType, GqlInput *in, StringInfo out)
{
	SqlParam   *p;
	ListCell   *lc;

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
