/*-------------------------------------------------------------------------
 *
 * plan.c
 *	  The plan of a list field's rows: its arguments (where, order_by,
 *	  distinct_on, limit, offset) coerced, checked and decided.
 *
 * In:  the field's group (collect.c), its definition and table.
 * Out: a PlanRowSet (plan.h), or NULL with the request's errors added;
 *	    deparse.c writes it (gql_row_set) and cannot fail.
 *
 * Arguments are coerced in the order the one-pass compiler coerced them
 * (where, order_by, distinct_on, limit, offset), all of them, so that the
 * same errors are reported; then distinct_on is checked against order_by,
 * then where is planned (plan_filter.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "error.h"
#include "json_path.h"
#include "names.h"
#include "plan.h"

/* The coerced value of a field's argument, or NULL when not given (or on error). */
GqlInput *
gql_plan_argument(Planner *pl, GqlField *f, SField *def, const char *name, const char *path)
{
	ListCell   *lc;

	/* the argument the schema knows by name (its hasura-default name) */
	foreach(lc, def->args)
	{
		SField	   *argdef = lfirst(lc);
		ListCell   *lc2;

		if (strcmp(GQL_CANON(argdef), name) != 0)
			continue;
		foreach(lc2, f->arguments)
		{
			GqlArgument *a = lfirst(lc2);
			CoerceContext cx;
			GqlInput   *in;

			if (strcmp(a->name.value, argdef->name) != 0)
				continue;
			cx = gql_exec_context(pl->req);
			in = gql_coerce_literal(&cx, a->value, argdef->type, gql_cat(path, ".args.", argdef->name, NULL));
			if (in == NULL)
			{
				pl->req->errors = list_concat(pl->req->errors, cx.errors);
				pl->failed = true;
			}
			return in;
		}
	}
	return NULL;
}

/*
 * Whether a limit is Hasura's non-negative Int.  A value the document
 * holds (a literal, a variable's default) is checked here.  A variable's is
 * not read, which would make it part of what a re-use must match (reuse.c:
 * every value would compile its own statements); it is refused when the
 * request runs, before anything does (execute.c).
 */
static bool
plan_limit(Planner *pl, PlanRowSet *rs)
{
	if (rs->limit->origin != NULL)
	{
		rs->limitAtRun = true;
		return true;
	}
	if (strtol(gql_input_text(rs->limit), NULL, 10) >= 0)
		return true;
	gql_plan_error(pl, rs->limit, NULL, GQL_NEGATIVE_LIMIT, "an integer");
	return false;
}

/* SQL for an order_by direction. */
static const char *
direction_sql(int dir)
{
	switch (dir)
	{
		case DIR_ASC:
		case DIR_ASC_NULLS_LAST:
			return "ASC NULLS LAST";
		case DIR_ASC_NULLS_FIRST:
			return "ASC NULLS FIRST";
		case DIR_DESC:
		case DIR_DESC_NULLS_FIRST:
			return "DESC NULLS FIRST";
		default:
			return "DESC NULLS LAST";
	}
}

/* A new ordering item of a kind, in a direction (an OrderDirection value). */
static PlanOrder *
new_order(OrderKind kind, GqlInput *direction)
{
	PlanOrder  *o = palloc0(sizeof(PlanOrder));

	o->kind = kind;
	if (direction != NULL)
		o->direction = direction_sql(direction->enumValue->direction);
	return o;
}

/*
 * <rel>_aggregate: {count: asc, max: {rating: desc}} in order_by: an item
 * per aggregate asked for.
 */
static void
plan_aggregate_order(GqlInput *ob, CatRelationship *r, List **items)
{
	ListCell   *lc;

	foreach(lc, ob->items)
	{
		GqlInputField *f = lfirst(lc);
		List	   *cols;
		ListCell   *lc2;

		if (f->value->kind == IN_NULL)
			continue;
		cols = f->field->kind == SF_ORDER_AGG_COUNT ? list_make1(f) : f->value->items;
		foreach(lc2, cols)
		{
			GqlInputField *c = lfirst(lc2);
			PlanOrder  *o;

			/* a null one orders by nothing but takes an alias, as it always did */
			o = new_order(ORDER_AGGREGATE, c->value->kind == IN_NULL ? NULL : c->value);
			o->rel = r;
			if (c->field->kind == SF_ORDER_AGG_COUNT)
				o->func = "count";
			else
			{
				o->func = c->field->func;
				o->column = c->field->column;
			}
			*items = lappend(*items, o);
		}
	}
}

/* The items of a <t>_order_by value, in order, nulls left out. */
static List *
plan_order(GqlInput *ob)
{
	List	   *items = NIL;
	ListCell   *lc;

	check_stack_depth();
	if (ob->kind == IN_NULL)
		return NIL;
	foreach(lc, ob->items)
	{
		GqlInputField *f = lfirst(lc);
		PlanOrder  *o;

		CHECK_FOR_INTERRUPTS();
		if (f->value->kind == IN_NULL)
			continue;
		switch (f->field->kind)
		{
			case SF_ORDER_COLUMN:
				o = new_order(ORDER_COLUMN, f->value);
				o->column = f->field->column;
				break;
			case SF_ORDER_AGGREGATE:
				plan_aggregate_order(f->value, f->field->rel, &items);
				continue;
			case SF_ORDER_COMPUTED:
				o = new_order(ORDER_COMPUTED, f->value);
				o->function = f->field->proc;
				break;
			default:			/* an object relationship */
				o = new_order(ORDER_RELATIONSHIP, NULL);
				o->rel = f->field->rel;
				o->items = plan_order(f->value);
				break;
		}
		items = lappend(items, o);
	}
	return items;
}

/*
 * The columns of the leading ordering items, as many as limit: a plain
 * column of the row, or NULL for anything else (an aggregate, a computed
 * field, a column of a related row).
 */
static void
leading_columns(List *order, bool top, int limit, List **out)
{
	ListCell   *lc;

	foreach(lc, order)
	{
		PlanOrder  *o = lfirst(lc);

		if (list_length(*out) >= limit)
			return;
		if (o->kind == ORDER_RELATIONSHIP)
			leading_columns(o->items, false, limit, out);
		else if (o->direction != NULL)
			*out = lappend(*out, top && o->kind == ORDER_COLUMN ? o->column : NULL);
	}
}

/*
 * A list field's rows planned: the arguments coerced, distinct_on checked
 * against order_by (its columns must lead the ordering, as DISTINCT ON
 * requires), where planned.  NULL on error.
 */
PlanRowSet *
gql_plan_row_set(Planner *pl, FieldGroup *g, SField *def, CatTable *t, const char *path)
{
	GqlField   *f = linitial(g->fields);
	GqlInput   *where = gql_plan_argument(pl, f, def, "where", path);
	GqlInput   *orderBy = gql_plan_argument(pl, f, def, "order_by", path);
	GqlInput   *distinctOn = gql_plan_argument(pl, f, def, "distinct_on", path);
	PlanRowSet *rs = palloc0(sizeof(PlanRowSet));
	ListCell   *lc;

	rs->table = t;
	rs->limit = gql_plan_argument(pl, f, def, "limit", path);
	rs->offset = gql_plan_argument(pl, f, def, "offset", path);
	if (pl->failed)
		return NULL;
	if (rs->limit != NULL && rs->limit->kind == IN_NULL)
		rs->limit = NULL;
	if (rs->offset != NULL && rs->offset->kind == IN_NULL)
		rs->offset = NULL;
	if (rs->limit != NULL && !plan_limit(pl, rs))
		return NULL;
	if (orderBy != NULL && orderBy->kind == IN_LIST)
		foreach(lc, orderBy->items)
			rs->order = list_concat(rs->order, plan_order(lfirst(lc)));
	if (distinctOn != NULL && distinctOn->kind == IN_LIST)
		foreach(lc, distinctOn->items)
		{
			GqlInput   *item = lfirst(lc);

			/* coercion refuses null items: [<t>_select_column!] */
			if (item->kind != IN_ENUM)
				elog(ERROR, "unexpected null item in distinct_on");
			rs->distinct = list_append_unique_ptr(rs->distinct, item->enumValue->column);
		}
	if (rs->distinct != NIL)
	{
		List	   *leading = NIL;

		/* an order_by that orders by nothing ({rel: {}}) is none */
		leading_columns(rs->order, true, list_length(rs->distinct), &leading);
		if (leading != NIL)
			foreach(lc, rs->distinct)
				if (!list_member_ptr(leading, lfirst(lc)))
				{
					gql_plan_error(pl, NULL, psprintf("%s.args", path),
								   "\"distinct_on\" columns must match initial \"order_by\" columns");
					return NULL;
				}
	}
	if (where != NULL && where->kind != IN_NULL)
	{
		rs->where = gql_plan_filter(pl, where, t);
		if (rs->where == NULL)
			return NULL;
	}
	return rs;
}

/*
 * Why a list value cannot be bound as one array of elemType, or NULL if it
 * can; *path says where.  A String given for the array (IN_SCALAR, its
 * text: values.c) is bound as it is, PostgreSQL's array input judges it.
 */
static const char *
array_param_error(Oid elemType, GqlInput *in, const char **path)
{
	ListCell   *lc;

	*path = in->path;
	if (in->kind == IN_SCALAR)
		return NULL;
	if (get_array_type(elemType) == InvalidOid)
		return psprintf("type \"%s\" has no array type", format_type_be(elemType));
	foreach(lc, in->items)
	{
		GqlInput   *item = lfirst(lc);

		if (item->kind == IN_NULL || item->kind == IN_LIST || item->kind == IN_OBJECT)
		{
			if (item->path)
				*path = item->path;
			return psprintf("unexpected null or nested value in a list for type '%s'",
							format_type_be(elemType));
		}
	}
	return NULL;
}

/* Whether a list value can be bound as an array of elemType; an error if not. */
bool
gql_plan_array_param(Planner *pl, Oid elemType, GqlInput *in)
{
	const char *path;
	const char *error = array_param_error(elemType, in, &path);

	if (error == NULL)
		return true;
	gql_plan_error(pl, NULL, path, "%s", error);
	return false;
}

/*
 * A value for a column, given through the input field def: NULL (not for
 * a NOT NULL column: Hasura's column parser refuses it there), a list as
 * an array parameter, or a parameter of the column's type.  An error is
 * added to the request (and planning goes on, to report later ones).
 */
void
gql_plan_column_value(Planner *pl, CatColumn *col, SField *def, GqlInput *v, PlanColumnValue *out)
{
	Catalog    *cat = pl->req->schema->catalog;
	CatType    *ct = gql_catalog_type(cat, col->typid);

	out->column = col;
	out->value = v;
	out->type = InvalidOid;
	out->elemType = InvalidOid;
	if (v->kind == IN_NULL)
	{
		if (col->notnull)
			gql_plan_error(pl, v, NULL, "unexpected null value for type '%s'",
						   gql_ref_named(def->type)->name);
	}
	else if (v->kind == IN_LIST && ct != NULL && ct->elemtype != InvalidOid)
	{
		out->elemType = ct->elemtype;
		(void) gql_plan_array_param(pl, ct->elemtype, v);
	}
	else
		out->type = gql_column_base_type(cat, col);
}

/*
 * The arguments of a function's call (its "args" argument, the session
 * argument), in order: those not given that have a default are left out,
 * a list must be given for an array argument.  Errors set pl->failed (if
 * "args" did not coerce, it is NULL and nothing more is checked).
 */
List *
gql_plan_call(Planner *pl, CatFunction *fn, GqlField *f, SField *def, const char *path)
{
	GqlInput   *args = gql_plan_argument(pl, f, def, "args", path);
	List	   *planned = NIL;
	ListCell   *lc;

	/* a computed field's row is the row's, not an argument */
	for_each_from(lc, fn->args, fn->computedOn != NULL ? 1 : 0)
	{
		CatFuncArg *a = lfirst(lc);
		GqlInput   *v = a->session ? NULL : gql_input_field(args, a->name);
		PlanCallArg *pa;

		if (v == NULL && a->hasDefault && !a->session)
			continue;
		pa = palloc0(sizeof(PlanCallArg));
		pa->arg = a;
		if (v != NULL && v->kind != IN_NULL)
			pa->value = v;
		if (v != NULL && v->kind == IN_LIST)
		{
			CatType    *ct = gql_catalog_type(pl->req->schema->catalog, a->typid);

			/* a domain over an array takes its base type's array (its CHECK runs in the call) */
			if (ct != NULL && ct->basetype != ct->oid)
				ct = gql_catalog_type(pl->req->schema->catalog, ct->basetype);
			if (ct == NULL || ct->elemtype == InvalidOid)
			{
				gql_plan_error(pl, NULL, v->path, "argument '%s' is not an array", a->name);
				return NIL;
			}
			pa->elemType = ct->elemtype;
			gql_plan_array_param(pl, ct->elemtype, v);	/* the next ones checked too */
		}
		planned = lappend(planned, pa);
	}
	return planned;				/* the caller checks pl->failed */
}

/*
 * The "path" argument of a JSON column or function's field, as the array
 * of its steps (text) to bind, or NULL when none is given or it is "$"
 * (the whole value).  The path's text is read (gql_input_text): a
 * statement is not re-used for another.  A path that does not parse is
 * Hasura's validation error, at the field's arguments.
 */
GqlInput *
gql_plan_json_path(Planner *pl, GqlField *f, SField *def, const char *path)
{
	GqlInput   *given = gql_plan_argument(pl, f, def, "path", path);
	const char *text;
	List	   *steps;
	GqlInput   *array;
	ListCell   *lc;

	if (given == NULL || given->kind == IN_NULL)
		return NULL;
	text = gql_input_text(given);
	switch (gql_parse_json_path(text, strlen(text), &steps))
	{
		case JSON_PATH_SYNTAX:
			gql_plan_error(pl, NULL, psprintf("%s.args", path),
						   "parse json path error: %s. Accept letters, digits, underscore (_) or hyphen (-) only. "
						   "Use quotes enclosed in bracket ([\"...\"]) if there is any special character",
						   text);
			return NULL;
		case JSON_PATH_ENCODING:
			gql_plan_error(pl, NULL, psprintf("%s.args", path),
						   "parse json path error: %s. A key holds a character that the database's encoding %s cannot hold",
						   text, GetDatabaseEncodingName());
			return NULL;
		case JSON_PATH_OK:
			break;
	}
	if (steps == NIL)
		return NULL;
	array = palloc0(sizeof(GqlInput));
	array->kind = IN_LIST;
	array->path = given->path;
	foreach(lc, steps)
	{
		GqlInput   *step = palloc0(sizeof(GqlInput));

		step->kind = IN_SCALAR;
		step->scalarText = lfirst(lc);
		step->path = given->path;
		array->items = lappend(array->items, step);
	}
	return array;
}
