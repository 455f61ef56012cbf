/*-------------------------------------------------------------------------
 *
 * deparse.c
 *	  Compiles the root fields of a validated query into SQL: one
 *	  statement per root field, planned whole first (plan_select.c), then
 *	  written here.  where and order_by are written by deparse_filter.c,
 *	  aggregates by deparse_aggregate.c, mutations by mutation.c; none of
 *	  them can fail.
 *
 * In:  a Request and one root field's FieldGroup.
 * Out: Sql: the statement text and its parameters, or errors in the
 *	    Request (from planning).
 *
 * SQL safety, the rules every deparse_x function follows (as in
 * postgres_fdw's deparse.c):
 *	- every value from the request becomes a $n parameter of the column's
 *	  type, converted by that type's input function (execute.c); no value
 *	  is ever spliced into the SQL text;
 *	- every identifier goes through quote_identifier(); the only other names
 *	  in the text are response keys and type names, which are GraphQL names
 *	  (validated by the parser's grammar), quoted as identifiers or literals;
 *	- the JSON is built by the database: row_to_json over a sub-select
 *	  whose columns carry the response keys (no argument limit, key order
 *	  kept), json_agg ordered by the same keys as the rows, sub-selects for
 *	  relationships, EXISTS for relationship filters.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"

#include "auth.h"
#include "deparse_internal.h"
#include "names.h"
#include "print.h"
#include "remote_run.h"
#include "error.h"
#include "validate.h"

/*
 * A new StringInfo for one field's SQL expression: most are a column
 * reference, so it starts small (initStringInfo takes 1 kB).
 */
StringInfo
gql_new_expr(void)
{
	StringInfo	e = palloc(sizeof(StringInfoData));

	e->maxlen = 64;
	e->data = palloc(e->maxlen);
	resetStringInfo(e);
	return e;
}

/* Append the name of the i-th exposed ordering value: "graphql.o<i>". */
static void
append_order_name(StringInfo out, int i)
{
	char		digits[12];

	pg_ltoa(i, digits);
	appendStringInfoString(out, "\"graphql.o");
	appendStringInfoString(out, digits);
	appendStringInfoChar(out, '"');
}

/* Append "expr AS "graphql.o<i>"" for each ordering item, after ", " unless first. */
void
gql_append_order_values(StringInfo out, List *order, bool first)
{
	ListCell   *lc;

	foreach(lc, order)
	{
		append_comma(out, first && foreach_current_index(lc) == 0);
		appendStringInfoString(out, ((OrderItem *) lfirst(lc))->expr);
		appendBinaryStringInfo(out, " AS ", 4);
		append_order_name(out, foreach_current_index(lc));
	}
}


/* The row of alias as a value of its table's row type (for computed fields). */
static char *
row_value(CatTable *t, const char *alias)
{
	StringInfoData r;
	ListCell   *lc;

	initStringInfo(&r);
	appendStringInfoString(&r, "ROW(");
	foreach(lc, t->allAttnames)
		appendStringInfo(&r, "%s%s.%s", foreach_current_index(lc) ? ", " : "",
						 alias, quote_identifier(lfirst(lc)));
	appendStringInfo(&r, ")::%s", gql_table_ref(t));
	return r.data;
}

/* "schema.function(" */
static char *
function_name(CatFunction *fn)
{
	return psprintf("%s(", quote_qualified_identifier(fn->nspname, fn->proname));
}

/*
 * Add the parameter of a session argument: the request's session variables
 * as JSON (bound when the statement runs, so that a statement compiled for
 * one request never carries its session to another); append "$n".
 */
static void
add_session_param(Sql *sql, Oid type, StringInfo out)
{
	SqlParam   *p = palloc0(sizeof(SqlParam));

	p->source = PARAM_SESSION;
	p->type = type;
	p->path = "$";
	sql->params = lappend(sql->params, p);
	appendStringInfo(out, "$%d", list_length(sql->params));
}

static char *function_call(Sql *sql, CatFunction *fn, List *args);

/*
 * A computed field's call on the row of alias: then the session, if it
 * takes it, or (args: its planned call, gql_plan_call) its arguments in
 * named notation, as a function's (function_call).
 */
static char *
computed_call(Sql *sql, CatFunction *fn, const char *alias, List *args)
{
	StringInfoData call;
	ListCell   *lc;

	initStringInfo(&call);
	appendStringInfoString(&call, function_name(fn));
	appendStringInfoString(&call, row_value(fn->computedOn, alias));
	if (gql_computed_has_args(fn))
	{
		/* "name(a => $1, ...)" after the row: ", a => $1, ...)"; none: the defaults */
		if (args != NIL)
			appendStringInfo(&call, ", %s", function_call(sql, fn, args) + strlen(function_name(fn)));
		else
			appendStringInfoChar(&call, ')');
		return call.data;
	}
	for_each_from(lc, fn->args, 1)
	{
		appendStringInfoString(&call, ", ");
		add_session_param(sql, ((CatFuncArg *) lfirst(lc))->typid, &call);
	}
	appendStringInfoChar(&call, ')');
	return call.data;
}

/* A computed field's call on the row of alias (and the session, if it takes it). */
char *
gql_computed_call(Sql *sql, CatFunction *fn, const char *alias)
{
	return computed_call(sql, fn, alias, NIL);
}

/*
 * A query function's call with its planned arguments (gql_plan_call), in
 * named notation: a given argument is a parameter of its type, an omitted
 * one with a default is left out, an omitted one without a default is
 * NULL.
 */
static char *
function_call(Sql *sql, CatFunction *fn, List *args)
{
	StringInfoData call;
	ListCell   *lc;

	initStringInfo(&call);
	appendStringInfoString(&call, function_name(fn));
	foreach(lc, args)
	{
		PlanCallArg *a = lfirst(lc);

		appendStringInfo(&call, "%s%s => ", foreach_current_index(lc) ? ", " : "",
						 quote_identifier(a->arg->name));
		if (a->arg->session)
			add_session_param(sql, a->arg->typid, &call);
		else if (a->value == NULL)
			appendStringInfo(&call, "NULL::%s", format_type_be_qualified(a->arg->typid));
		else if (a->value->kind == IN_LIST)
			gql_add_array_param(sql, a->elemType, a->value, &call);
		else
			gql_add_param(sql, a->arg->typid, a->value, &call);
	}
	appendStringInfoChar(&call, ')');
	return call.data;
}

/* A function's single row (or null), or its scalar value, as JSON. */
static void
deparse_function_value(Sql *sql, PlanField *pf, const char *call, StringInfo out)
{
	char	   *ta;

	if (pf->object == NULL)
	{
		appendStringInfoString(out, "pg_catalog.to_json(");
		append_value(out, call, pf);
		appendStringInfoChar(out, ')');
		return;
	}
	ta = gql_new_alias(sql);
	appendStringInfoString(out, "(SELECT ");
	gql_deparse_object(sql, pf->object, ta, out, NULL);
	appendStringInfo(out, " FROM %s %s WHERE NOT (%s IS NULL))", call, ta, ta);
}

/* A limit's parameter: a variable's is checked before the request runs. */
static void
add_limit_param(Sql *sql, PlanRowSet *plan, StringInfo out)
{
	gql_add_param(sql, INT4OID, plan->limit, out);
	((SqlParam *) llast(sql->params))->nonNegative = plan->limitAtRun;
	sql->checked |= plan->limitAtRun;
}

/*
 * The planned rows of a list field (gql_plan_row_set) over a table (a
 * source, or the table), joined to the parent row for a relationship,
 * written into rs.
 */
void
gql_row_set(Sql *sql, PlanRowSet *plan, const char *source, const char *joinAlias,
			CatRelationship *rel, RowSet *rs)
{
	ListCell   *lc;

	memset(rs, 0, sizeof(RowSet));
	rs->alias = gql_new_alias(sql);
	gql_collect_order(sql, plan->order, rs->alias, &rs->order, "", "");
	rs->distinct = plan->distinct;
	if (rs->distinct != NIL && rs->order == NIL)
	{
		/* DISTINCT ON alone orders by its columns */
		foreach(lc, rs->distinct)
		{
			OrderItem  *it = palloc0(sizeof(OrderItem));

			it->column = lfirst(lc);
			it->expr = gql_column_ref(rs->alias, it->column);
			it->direction = "ASC NULLS LAST";
			rs->order = lappend(rs->order, it);
		}
	}

	initStringInfo(&rs->tail);
	appendBinaryStringInfo(&rs->tail, " FROM ", 6);
	appendStringInfoString(&rs->tail, source ? source : gql_table_ref(plan->table));
	appendStringInfoChar(&rs->tail, ' ');
	appendStringInfoString(&rs->tail, rs->alias);
	rs->fromLen = rs->tail.len;
	appendStringInfoString(&rs->tail, " WHERE ");
	if (rel != NULL)
	{
		gql_deparse_join(&rs->tail, rel, joinAlias, rs->alias);
		appendStringInfoString(&rs->tail, " AND ");
	}
	if (plan->where != NULL)
		gql_deparse_filter(sql, plan->where, rs->alias, &rs->tail);
	else
		appendStringInfoString(&rs->tail, "true");
	rs->limited = plan->limit != NULL || plan->offset != NULL || plan->table->permLimited;

	/*
	 * The order matters here only to choose rows (limit, offset, the first
	 * row of each distinct_on group); the JSON array (json_agg ... ORDER BY
	 * over the exposed ordering values) orders them itself.
	 */
	if (rs->order != NIL && (rs->limited || rs->distinct != NIL))
	{
		appendStringInfoString(&rs->tail, " ORDER BY ");
		foreach(lc, rs->order)
		{
			OrderItem  *it = lfirst(lc);

			appendStringInfo(&rs->tail, "%s%s %s", foreach_current_index(lc) ? ", " : "",
							 it->expr, it->direction);
		}
	}
	/* the role's select permission may limit the rows (Hasura's limit) */
	if (plan->limit != NULL && plan->table->permLimited)
	{
		appendStringInfoString(&rs->tail, " LIMIT LEAST(");
		add_limit_param(sql, plan, &rs->tail);
		appendStringInfo(&rs->tail, ", %d)", plan->table->permLimit);
	}
	else if (plan->limit != NULL)
	{
		appendStringInfoString(&rs->tail, " LIMIT ");
		add_limit_param(sql, plan, &rs->tail);
	}
	else if (plan->table->permLimited)
		appendStringInfo(&rs->tail, " LIMIT %d", plan->table->permLimit);
	if (plan->offset != NULL)
	{
		appendStringInfoString(&rs->tail, " OFFSET ");
		gql_add_param(sql, INT4OID, plan->offset, &rs->tail);
	}
}

/* "SELECT DISTINCT ON (...) " or "SELECT " for a row set. */
void
gql_select_clause(StringInfo out, RowSet *rs)
{
	ListCell   *lc;

	appendStringInfoString(out, "SELECT ");
	if (rs->distinct == NIL)
		return;
	appendStringInfoString(out, "DISTINCT ON (");
	foreach(lc, rs->distinct)
		appendStringInfo(out, "%s%s", foreach_current_index(lc) ? ", " : "",
						 gql_column_ref(rs->alias, lfirst(lc)));
	appendStringInfoString(out, ") ");
}

/* " ORDER BY q.col0 dir, ..." over the ordering columns exposed as prefix<i>. */
void
gql_order_by_exposed(StringInfo out, List *order, const char *qualifier)
{
	ListCell   *lc;

	if (order == NIL)
		return;
	appendStringInfoString(out, " ORDER BY ");
	foreach(lc, order)
	{
		append_comma(out, foreach_current_index(lc) == 0);
		appendStringInfoString(out, qualifier);
		appendStringInfoChar(out, '.');
		append_order_name(out, foreach_current_index(lc));
		appendStringInfoChar(out, ' ');
		appendStringInfoString(out, ((OrderItem *) lfirst(lc))->direction);
	}
}

/*
 * Append "alias.col, ..." for the columns of its table that an object
 * built over a limited list's chosen rows reads (gql_plan_columns_read),
 * every column if it reads the whole row: only those go through the sort.
 * The count appended.
 */
static int
append_read_columns(StringInfo out, PlanObject *po, const char *alias)
{
	CatTable   *t = po->table;
	NameSet		names = {NIL, NULL};
	bool		all = gql_plan_columns_read(po, &names);
	int			n = 0;
	ListCell   *lc;

	/* a computed field reads every attribute (ROW(...)), the role may read them all */
	if (t->allColumns)
		foreach(lc, t->allAttnames)
		{
			const char *q = quote_identifier(lfirst(lc));

			if (all || gql_name_set_has(&names, q))
			{
				append_comma(out, n++ == 0);
				append_ref(out, alias, q);
			}
		}
	else
		foreach(lc, t->columns)
		{
			const char *q = ((CatColumn *) lfirst(lc))->quoted;

			if (all || gql_name_set_has(&names, q))
			{
				append_comma(out, n++ == 0);
				append_ref(out, alias, q);
			}
		}
	return n;
}

/*
 * The rows of a table as a JSON array, for a root list field, an array
 * relationship (joined to the parent row by joinAlias) or a set-returning
 * function (its call the source).
 */
static void
deparse_list(Sql *sql, PlanField *pf, const char *source, const char *joinAlias,
			 CatRelationship *rel, StringInfo out)
{
	RowSet		rs;
	StringInfoData inner;

	gql_row_set(sql, pf->rows, source, joinAlias, rel, &rs);
	initStringInfo(&inner);
	if (rs.limited)
	{
		/*
		 * With limit or offset, the rows are chosen first (the columns their
		 * JSON reads and the ordering values, under the same alias) and their
		 * JSON is built afterwards, for the rows returned only: PostgreSQL
		 * would otherwise compute the select list below the sort, for every
		 * matching row.
		 */
		StringInfoData rows;
		StringInfoData lateral;
		int			n;

		initStringInfo(&rows);
		initStringInfo(&lateral);
		appendStringInfoString(&inner, "SELECT ");
		gql_deparse_object(sql, pf->object, rs.alias, &inner, &lateral);
		gql_select_clause(&rows, &rs);
		n = append_read_columns(&rows, pf->object, rs.alias);
		gql_append_order_values(&rows, rs.order, n == 0);
		append_si(&rows, &rs.tail);
		appendStringInfoString(&inner, " AS _j");
		for (int i = 0; i < list_length(rs.order); i++)
		{
			appendBinaryStringInfo(&inner, ", ", 2);
			appendStringInfoString(&inner, rs.alias);
			appendStringInfoChar(&inner, '.');
			append_order_name(&inner, i);
		}
		appendStringInfoString(&inner, " FROM (");
		append_si(&inner, &rows);
		appendStringInfo(&inner, ") %s", rs.alias);
		append_si(&inner, &lateral);
	}
	else
	{
		StringInfoData lateral;

		initStringInfo(&lateral);
		gql_select_clause(&inner, &rs);
		gql_deparse_object(sql, pf->object, rs.alias, &inner, &lateral);
		appendStringInfoString(&inner, " AS _j");
		gql_append_order_values(&inner, rs.order, false);
		/* the LATERAL right after the row's FROM item */
		appendBinaryStringInfo(&inner, rs.tail.data, rs.fromLen);
		append_si(&inner, &lateral);
		appendBinaryStringInfo(&inner, rs.tail.data + rs.fromLen, rs.tail.len - rs.fromLen);
	}

	appendStringInfoString(out, "(SELECT coalesce(pg_catalog.json_agg(_q._j");
	gql_order_by_exposed(out, rs.order, "_q");
	appendStringInfoString(out, "), '[]'::pg_catalog.json) FROM (");
	append_si(out, &inner);
	appendStringInfoString(out, ") _q)");
}

/*
 * A function returning one row, with the list arguments applied to it (as
 * Hasura does): the row, or null when it is filtered out or all null.
 */
static void
deparse_first_row(Sql *sql, PlanField *pf, const char *call, StringInfo out)
{
	RowSet		rs;
	StringInfoData inner;

	gql_row_set(sql, pf->rows, call, NULL, NULL, &rs);
	initStringInfo(&inner);
	gql_select_clause(&inner, &rs);
	gql_deparse_object(sql, pf->object, rs.alias, &inner, NULL);
	appendStringInfo(&inner, " AS _j, (%s IS NULL) AS \"graphql.null\"", rs.alias);
	gql_append_order_values(&inner, rs.order, false);
	append_si(&inner, &rs.tail);
	appendStringInfoString(out, "(SELECT _q._j FROM (");
	append_si(out, &inner);
	appendStringInfoString(out, ") _q WHERE NOT _q.\"graphql.null\"");
	gql_order_by_exposed(out, rs.order, "_q");
	appendStringInfoString(out, " LIMIT 1)");
}

/* A json/jsonb value with a "path" argument: value #> $n. */
static void
deparse_json_path(Sql *sql, PlanField *pf, const char *value, StringInfo out)
{
	GqlInput   *steps = pf->jsonPath;

	if (steps == NULL)
	{
		appendStringInfoString(out, value);
		return;
	}
	appendStringInfo(out, "%s" PG_OP("#>"), value);
	gql_add_array_param(sql, TEXTOID, steps, out);
}

/*
 * Compose a JSON object from the expressions of its fields, keyed by the
 * groups' response keys.
 */
void
gql_emit_object(Sql *sql, PlanObject *po, List *exprs, StringInfo out, StringInfo lateral)
{
	List	   *groups = po->groups;
	ListCell   *lc;
	ListCell   *le;

	if (groups == NIL)
	{
		/* every field skipped (@skip, @include): an empty object */
		appendStringInfoString(out, "'{}'::pg_catalog.json");
		return;
	}
	if (!po->longKey && lateral != NULL)
	{
		/*
		 * The caller's FROM takes ", LATERAL (SELECT <fields>) AS r(<keys>)"
		 * and the value is row_to_json(r): PostgreSQL pulls such a
		 * sub-select up into the query, where the form below costs a
		 * sub-plan per row.
		 */
		char	   *r = gql_new_alias(sql);

		appendStringInfoString(lateral, ", LATERAL (SELECT ");
		forboth(lc, groups, le, exprs)
		{
			if (foreach_current_index(lc) > 0)
				appendStringInfoString(lateral, ", ");
			append_si(lateral, (StringInfo) lfirst(le));
		}
		appendBinaryStringInfo(lateral, ") AS ", 5);
		appendStringInfoString(lateral, r);
		appendStringInfoChar(lateral, '(');
		foreach(lc, groups)
		{
			if (foreach_current_index(lc) > 0)
				appendStringInfoString(lateral, ", ");
			appendStringInfoString(lateral, quote_identifier(((FieldGroup *) lfirst(lc))->key));
		}
		appendStringInfoChar(lateral, ')');
		appendStringInfoString(out, "pg_catalog.row_to_json(");
		appendStringInfoString(out, r);
		appendStringInfoString(out, ".*)");
	}
	else if (!po->longKey)
	{
		/*
		 * row_to_json over a sub-select whose column names are the response
		 * keys: no limit on the number of fields.  The row's own alias is not
		 * a GraphQL name, so no key can shadow it.
		 */
		appendStringInfoString(out, "pg_catalog.row_to_json((SELECT \"graphql.row\" FROM (SELECT ");
		forboth(lc, groups, le, exprs)
		{
			if (foreach_current_index(lc) > 0)
				appendStringInfoString(out, ", ");
			append_si(out, (StringInfo) lfirst(le));
		}
		appendStringInfoString(out, ") AS \"graphql.row\"(");
		foreach(lc, groups)
		{
			append_comma(out, foreach_current_index(lc) == 0);
			appendStringInfoString(out, quote_identifier(((FieldGroup *) lfirst(lc))->key));
		}
		appendStringInfoString(out, ")))");
	}
	else
	{
		/* a key too long for an SQL name: json_build_object takes any text */
		appendStringInfoString(out, "pg_catalog.json_build_object(");
		forboth(lc, groups, le, exprs)
			appendStringInfo(out, "%s%s, %s", foreach_current_index(lc) ? ", " : "",
							 quote_literal_cstr(((FieldGroup *) lfirst(lc))->key),
							 ((StringInfo) lfirst(le))->data);
		appendStringInfoChar(out, ')');
	}
}

/*
 * One row as a JSON object, its fields' expressions over the row alias.
 * With lateral, the object is built in a LATERAL sub-select appended there,
 * for the caller to put right after the row's FROM item.
 */
void
gql_deparse_object(Sql *sql, PlanObject *po, const char *alias, StringInfo out, StringInfo lateral)
{
	List	   *exprs = NIL;
	ListCell   *lc;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	foreach(lc, po->fields)
	{
		PlanField  *pf = lfirst(lc);
		SField	   *def = pf->def;
		StringInfo	e = gql_new_expr();

		exprs = lappend(exprs, e);
		switch (pf->kind)
		{
			case PF_TYPENAME:
				appendStringInfoString(e, quote_literal_cstr(po->type->name));
				break;
			case PF_COLUMN:
				if (def->column->enumTable != NULL && sql->req->schema->catalog->graphqlDefault)
					/* graphql-default's enum values: the keys in upper case (schema_naming.c) */
					append_value(e, psprintf("pg_catalog.translate(%s, 'abcdefghijklmnopqrstuvwxyz', "
											 "'ABCDEFGHIJKLMNOPQRSTUVWXYZ')", gql_column_ref(alias, def->column)), pf);
				else
					append_value(e, gql_column_ref(alias, def->column), pf);
				break;
			case PF_JSON_PATH:
				if (def->kind == SF_COLUMN)
					deparse_json_path(sql, pf, gql_column_ref(alias, def->column), e);
				else
					deparse_json_path(sql, pf, computed_call(sql, def->proc, alias, pf->call), e);
				break;
			case PF_VALUE:
				deparse_function_value(sql, pf, computed_call(sql, def->proc, alias, pf->call), e);
				break;
			case PF_LIST:
				if (def->kind == SF_COMPUTED)
					deparse_list(sql, pf, computed_call(sql, def->proc, alias, pf->call), NULL, NULL, e);
				else
					gql_deparse_relationship(sql, pf, alias, e);
				break;
			case PF_AGGREGATE:
				gql_deparse_aggregate(sql, pf, NULL, alias, def->rel, e);
				break;
			case PF_REMOTE_JOIN:
				{
					ListCell   *lh;

					/* the lhs values, which remote_join.c replaces by the answer */
					appendStringInfoString(e, "pg_catalog.json_build_array(");
					foreach(lh, def->remoteRel->lhs)
					{
						append_comma(e, foreach_current_index(lh) == 0);
						append_ref(e, alias, ((CatColumn *) lfirst(lh))->quoted);
					}
					appendStringInfoChar(e, ')');
					break;
				}
			default:			/* PF_OBJECT */
				gql_deparse_relationship(sql, pf, alias, e);
				break;
		}
	}
	gql_emit_object(sql, po, exprs, out, lateral);
}

/*
 * A relationship's value for the row of alias (an array relationship's
 * rows, PF_LIST, or an object relationship's row, PF_OBJECT).
 */
void
gql_deparse_relationship(Sql *sql, PlanField *pf, const char *alias, StringInfo e)
{
	CatRelationship *rel = pf->def->rel;
	char	   *ta;
	StringInfoData lat;

	if (pf->kind == PF_LIST)
	{
		deparse_list(sql, pf, NULL, alias, rel, e);
		return;
	}
	ta = gql_new_alias(sql);
	initStringInfo(&lat);
	appendStringInfoString(e, "(SELECT ");
	gql_deparse_object(sql, pf->object, ta, e, &lat);
	appendStringInfo(e, " FROM %s %s", gql_table_ref(rel->target), ta);
	append_si(e, &lat);
	appendStringInfoString(e, " WHERE ");
	gql_deparse_join(e, rel, alias, ta);
	appendStringInfoString(e, " LIMIT 1)");
}

/*
 * An action's steps: the POST of its payload to the handler, then, if it
 * has relationships, the SQL that gives each object of the answer their
 * values: a JSON array per object, in order, over the objects bound as
 * one jsonb parameter (the mapped fields cast to the columns' types).
 */
static void
deparse_action(Sql *sql, PlanField *pf)
{
	PlanAction *pa = pf->action;
	StringInfoData body;
	StringInfoData cols;
	SqlParam   *objects;
	Step	   *step;
	List	   *done = NIL;
	ListCell   *lc;
	int			first;

	initStringInfo(&body);
	appendStringInfoString(&body, "{\"action\": {\"name\": ");
	escape_json(&body, pa->action->name);
	appendStringInfo(&body, "}, \"input\": %s, \"session_variables\": %s, \"request_query\": ",
					 pa->input, gql_session_json());
	escape_json(&body, text_to_cstring(sql->req->query));
	appendStringInfoChar(&body, '}');
	step = gql_add_step(sql, STEP_HTTP, body.data, 0, NULL);
	step->remote = pa->action->name;
	step->action = pa;
	if (pa->relFields == NIL)
		return;
	first = list_length(sql->params);
	objects = palloc0(sizeof(SqlParam));
	objects->source = PARAM_ACTION;
	objects->type = JSONBOID;
	sql->params = lappend(sql->params, objects);
	initStringInfo(&cols);
	foreach(lc, pa->relFields)
	{
		CatForeignKey *fk = ((PlanField *) lfirst(lc))->def->rel->fk;

		for (int i = 0; i < fk->ncols; i++)
		{
			CatColumn  *c = fk->fromCols[i];

			if (list_member(done, makeString(c->attname)))
				continue;
			done = lappend(done, makeString(c->attname));
			appendStringInfo(&cols, ", (e.v OPERATOR(pg_catalog.->>) %s)::%s AS %s",
							 quote_literal_cstr(c->attname), gql_type_sql(c->typid), c->quoted);
		}
	}
	resetStringInfo(&sql->buf);
	appendStringInfoString(&sql->buf, "SELECT pg_catalog.json_agg(pg_catalog.json_build_array(");
	foreach(lc, pa->relFields)
	{
		append_comma(&sql->buf, foreach_current_index(lc) == 0);
		gql_deparse_relationship(sql, lfirst(lc), "src", &sql->buf);
	}
	appendStringInfo(&sql->buf, ") ORDER BY src.\"graphql.ord\") FROM (SELECT e.ord AS \"graphql.ord\"%s "
					 "FROM pg_catalog.jsonb_array_elements($%d) WITH ORDINALITY AS e(v, ord)) src",
					 cols.data, first + 1);
	gql_add_step(sql, STEP_ANSWER, pstrdup(sql->buf.data), first, psprintf("$.selectionSet.%s", sql->key));
}

/* A planned column value: DEFAULT, NULL, or a parameter. */
void
gql_deparse_column_value(Sql *sql, PlanColumnValue *cv, StringInfo out)
{
	if (cv->value == NULL)
		appendStringInfoString(out, "DEFAULT");
	else if (cv->value->kind == IN_NULL)
		appendStringInfoString(out, "NULL");
	else if (cv->elemType != InvalidOid)
		gql_add_array_param(sql, cv->elemType, cv->value, out);
	else
		gql_add_param(sql, cv->type, cv->value, out);
}

/* "alias.k1 = $n AND ...": the row whose key columns equal the planned values. */
void
gql_deparse_key_match(Sql *sql, List *pkey, const char *alias, StringInfo out)
{
	ListCell   *lc;

	foreach(lc, pkey)
	{
		PlanColumnValue *cv = lfirst(lc);

		appendStringInfo(out, "%s%s%s", foreach_current_index(lc) ? " AND " : "",
						 gql_column_ref(alias, cv->column), gql_comparison_operator(cv->column->typid, OP_EQ));
		gql_deparse_column_value(sql, cv, out);
	}
}

/* query_root.<t>_by_pk: the row whose key equals the arguments, or null. */
static void
deparse_by_pk(Sql *sql, PlanField *pf, StringInfo out)
{
	CatTable   *t = pf->def->table;
	char	   *alias = gql_new_alias(sql);
	StringInfoData where;
	StringInfoData lateral;

	initStringInfo(&where);
	initStringInfo(&lateral);
	gql_deparse_key_match(sql, pf->pkey, alias, &where);
	appendStringInfoString(out, "SELECT ");
	gql_deparse_object(sql, pf->object, alias, out, &lateral);
	appendStringInfo(out, " FROM %s %s%s WHERE %s", gql_table_ref(t), alias, lateral.data, where.data);
}

/*
 * The JSON body of a remote root field's request: the document, and the
 * values of the variables it uses as the request gave them (one not given
 * is left out, for the remote's default).
 */
static void
remote_body(Sql *sql, PlanField *pf, StringInfo out)
{
	appendStringInfoString(out, "{\"query\": ");
	escape_json(out, pf->remoteDocument);
	appendStringInfoString(out, ", \"variables\": {");
	(void) gql_print_variable_values(sql->req, pf->remoteVariables, out);
	appendStringInfoString(out, "}}");
}

/*
 * Compile one root field, a field of parent (the operation's root, or the
 * source's namespace under it) at path, into sql->buf: planned whole
 * (plan_select.c), then written; false if planning found an error.
 */
bool
gql_deparse_root(Sql *sql, FieldGroup *g, SType *parent, const char *path)
{
	GqlField   *f = linitial(g->fields);
	SField	   *def = gql_type_field(parent, f->name.value);
	Planner		pl = {sql->req, false};
	PlanField  *pf = gql_plan_root(&pl, g, def, gql_cat(path, ".selectionSet.", f->name.value, NULL));
	char	   *call;
	Step	   *step;

	initStringInfo(&sql->buf);
	if (pf == NULL)
	{
		sql->failed = true;
		return false;
	}
	if (pf->kind != PF_REMOTE)
		sql->joins = gql_join_shape(pf);
	switch (pf->kind)
	{
		case PF_MUTATION:
			gql_deparse_mutation(sql, pf->mutation);
			return true;
		case PF_BY_PK:
			deparse_by_pk(sql, pf, &sql->buf);
			gql_add_step(sql, STEP_ANSWER, sql->buf.data, 0, NULL);
			return true;
		case PF_ACTION:
			deparse_action(sql, pf);
			return true;
		case PF_REMOTE:
			remote_body(sql, pf, &sql->buf);
			step = gql_add_step(sql, STEP_HTTP, sql->buf.data, 0, NULL);
			step->remote = pf->def->remote->name;
			step->remoteShape = pf->remoteShape;
			step->remoteNamespaced = pf->def->kind == SF_REMOTE_NAMESPACE;
			return true;
		default:
			break;
	}
	if (def->kind == SF_ROOT_LIST || def->kind == SF_ROOT_AGGREGATE)
	{
		appendStringInfoString(&sql->buf, "SELECT ");
		if (pf->kind == PF_LIST)
			deparse_list(sql, pf, NULL, NULL, NULL, &sql->buf);
		else
			gql_deparse_aggregate(sql, pf, NULL, NULL, NULL, &sql->buf);
		gql_add_step(sql, STEP_ANSWER, sql->buf.data, 0, NULL);
		return true;
	}
	/* a function */
	call = function_call(sql, def->proc, pf->call);
	appendStringInfoString(&sql->buf, "SELECT ");
	if (pf->kind == PF_AGGREGATE)
		gql_deparse_aggregate(sql, pf, call, NULL, NULL, &sql->buf);
	else if (pf->kind == PF_LIST)
		deparse_list(sql, pf, call, NULL, NULL, &sql->buf);
	else if (pf->kind == PF_FIRST_ROW)
		deparse_first_row(sql, pf, call, &sql->buf);
	else
		deparse_function_value(sql, pf, call, &sql->buf);
	gql_add_step(sql, STEP_ANSWER, sql->buf.data, 0, NULL);
	return true;
}
