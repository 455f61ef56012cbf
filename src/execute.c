/*-------------------------------------------------------------------------
 *
 * execute.c
 *	  Executes a validated query: collects the fields of the operation,
 *	  compiles each root field into one SQL statement, runs it through SPI
 *	  and assembles the response.
 *
 * In:  a Request (validated document, chosen operation) and the variables.
 * Out: the response JSON text: {"data": {...}}, or {"errors": [...]} for
 *		request errors, or {"data": null, "errors": [...]} when SQL fails.
 *
 * SQL safety, the rules every deparse_x function follows (as in
 * postgres_fdw's deparse.c):
 *	- every value from the request becomes a $n parameter of the column's
 *	  type, converted by that type's input function; no value is ever
 *	  spliced into the SQL text;
 *	- every identifier goes through quote_identifier(), and every name that
 *	  is spliced (response keys, __typename) is a GraphQL name from the
 *	  schema or the validated document, quoted as an identifier or literal;
 *	- the JSON is built by the database: row_to_json over a sub-select
 *	  whose columns carry the response keys (no argument limit, key order
 *	  kept), json_agg for lists, sub-selects for relationships.
 *
 * Statements run read-only, as the current role, so privileges and
 * row-level security apply as for any other query.  All root fields run in
 * one subtransaction: an SQL error (a bad value, a failed cast, a policy's
 * error) becomes a GraphQL error with its SQLSTATE; query cancel,
 * statement timeout, out-of-memory and shutdown are not caught.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "parser/parse_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "error.h"
#include "execute.h"
#include "validate.h"
#include "values.h"

/* A parameter of the statement being built. */
typedef struct SqlParam
{
	Oid			type;			/* the parameter's type (an array type for lists) */
	Oid			elemType;		/* for arrays: the element type */
	char	   *text;			/* scalar: input text */
	List	   *elems;			/* array: element texts */
	const char *path;			/* the argument it came from */
} SqlParam;

/* The statement being built for one root field. */
typedef struct Sql
{
	Request    *req;
	StringInfoData buf;
	List	   *params;			/* of SqlParam */
	int			nextAlias;
	bool		failed;			/* an error was added; the SQL is incomplete */
} Sql;

/* Fields of one response key, collected from a selection set. */
typedef struct FieldGroup
{
	const char *key;
	List	   *fields;			/* of GqlField, same field and arguments */
} FieldGroup;

static void deparse_object(Sql *sql, CatTable *t, const char *alias, SType *type, List *groups,
						   StringInfo out);
static void deparse_bool_exp(Sql *sql, GqlInput *exp, CatTable *t, const char *alias, StringInfo out);

/* The path of the argument being converted, for data-exception errors. */
static const char *convertingPath = NULL;

/* Append an error found while compiling. */
static void
sql_error(Sql *sql, const char *path, const char *fmt,...)
pg_attribute_printf(3, 4);

static void
sql_error(Sql *sql, const char *path, const char *fmt,...)
{
	StringInfoData buf;
	GqlError   *err;

	initStringInfo(&buf);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&buf, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	err = gql_error(GQL_CODE_VALIDATION_FAILED, NULL, "%s", buf.data);
	err->path = path ? pstrdup(path) : NULL;
	sql->req->errors = lappend(sql->req->errors, err);
	sql->failed = true;
}

/* A coercion context in executing mode for this request. */
static CoerceContext
exec_context(Request *req)
{
	CoerceContext cx = {req->schema, NIL, NIL, req->variables, false};

	return cx;
}

/*
 * CoerceVariableValues (spec 6.1.2): the operation's variables from the
 * request's "variables" object.  False with errors added on failure.
 */
bool
gql_coerce_variables(Request *req, Jsonb *variables)
{
	CoerceContext cx = exec_context(req);
	ListCell   *lc;
	StringInfoData extra;
	bool		isObject = variables == NULL ||
		(JB_ROOT_IS_OBJECT(variables) && !JB_ROOT_IS_SCALAR(variables));

	if (!isObject && !(JB_ROOT_IS_SCALAR(variables) && JB_ROOT_COUNT(variables) == 1 &&
					   getIthJsonbValueFromContainer(&variables->root, 0)->type == jbvNull))
	{
		GqlError   *err = gql_error(GQL_CODE_VALIDATION_FAILED, NULL,
									"variableValues must be an object");

		err->path = "$.variableValues";
		req->errors = lappend(req->errors, err);
		return false;
	}
	if (!isObject)
		variables = NULL;

	foreach(lc, req->op->variableDefinitions)
	{
		GqlVariableDefinition *d = lfirst(lc);
		STypeRef   *type = gql_type_from_ast(req->schema, d->type);
		VariableValue *vv = palloc0(sizeof(VariableValue));
		JsonbValue *given = NULL;
		char	   *path = psprintf("$.variableValues.%s", d->variable->str);

		vv->name = d->variable->str;
		if (variables != NULL)
		{
			JsonbValue	key;

			key.type = jbvString;
			key.val.string.val = (char *) d->variable->str;
			key.val.string.len = strlen(d->variable->str);
			given = findJsonbValueFromContainer(&variables->root, JB_FOBJECT, &key);
		}
		if (given != NULL)
			vv->value = gql_coerce_json(&cx, given, type, path, d->variable->str);
		else if (d->defaultValue != NULL)
			vv->value = gql_coerce_literal(&cx, d->defaultValue, type, path);
		else if (type->kind == REF_NON_NULL)
		{
			GqlError   *err = gql_error(GQL_CODE_VALIDATION_FAILED, &d->n.loc,
										"expecting a value for non-nullable variable: \"%s\"",
										d->variable->str);

			err->path = path;
			cx.errors = lappend(cx.errors, err);
		}
		cx.variables = lappend(cx.variables, vv);
	}

	/* Hasura refuses variables the operation does not declare */
	initStringInfo(&extra);
	if (variables != NULL)
	{
		JsonbIterator *it = JsonbIteratorInit(&variables->root);
		JsonbValue	v;
		JsonbIteratorToken tok;

		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			bool		declared = false;
			char	   *name;

			if (tok != WJB_KEY)
				continue;
			name = pnstrdup(v.val.string.val, v.val.string.len);
			foreach(lc, req->op->variableDefinitions)
				declared |= strcmp(((GqlVariableDefinition *) lfirst(lc))->variable->str, name) == 0;
			if (!declared)
				appendStringInfo(&extra, "%s%s", extra.len ? ", " : "", name);
		}
	}
	if (extra.len > 0)
	{
		GqlError   *err = gql_error(GQL_CODE_VALIDATION_FAILED, NULL,
									"unexpected variables in variableValues: %s", extra.data);

		err->path = "$";
		cx.errors = lappend(cx.errors, err);
	}
	req->variables = cx.variables;
	req->errors = list_concat(req->errors, cx.errors);
	return cx.errors == NIL;
}

/* Whether @skip and @include let a selection through. */
static bool
included(Request *req, List *directives)
{
	ListCell   *lc;

	foreach(lc, directives)
	{
		GqlDirective *d = lfirst(lc);
		CoerceContext cx = exec_context(req);
		GqlInput   *in;

		in = gql_coerce_literal(&cx, ((GqlArgument *) linitial(d->arguments))->value,
								gql_non_null_ref(gql_named_ref(req->schema->typeBoolean)),
								"$.directives");
		if (in == NULL || in->kind != IN_BOOLEAN)
			continue;
		if (d->name.value[0] == 's' ? in->boolean : !in->boolean)
			return false;
	}
	return true;
}

/* CollectFields (spec 6.3.2): fields by response key, in order. */
static void
collect_fields(Request *req, List *selections, List **groups, List **visited)
{
	ListCell   *lc;

	foreach(lc, selections)
	{
		GqlNode    *sel = lfirst(lc);

		if (sel->kind == GQL_FIELD)
		{
			GqlField   *f = (GqlField *) sel;
			const char *key = f->alias ? f->alias->value : f->name.value;
			ListCell   *lc2;
			FieldGroup	   *g = NULL;

			if (!included(req, f->directives))
				continue;
			foreach(lc2, *groups)
				if (strcmp(((FieldGroup *) lfirst(lc2))->key, key) == 0)
					g = lfirst(lc2);
			if (g == NULL)
			{
				g = palloc0(sizeof(FieldGroup));
				g->key = key;
				*groups = lappend(*groups, g);
			}
			g->fields = lappend(g->fields, f);
		}
		else if (sel->kind == GQL_FRAGMENT_SPREAD)
		{
			GqlFragmentSpread *s = (GqlFragmentSpread *) sel;
			ListCell   *lc2;
			bool		seen = false;

			if (!included(req, s->directives))
				continue;
			foreach(lc2, *visited)
				seen |= strcmp(lfirst(lc2), s->name.value) == 0;
			if (seen)
				continue;
			*visited = lappend(*visited, (char *) s->name.value);
			collect_fields(req, gql_find_fragment(req->doc, s->name.value)->selectionSet->selections,
						   groups, visited);
		}
		else
		{
			GqlInlineFragment *f = (GqlInlineFragment *) sel;

			if (included(req, f->directives))
				collect_fields(req, f->selectionSet->selections, groups, visited);
		}
	}
}

/* The sub-selections of a group's fields, merged. */
static List *
sub_selections(Request *req, FieldGroup *g)
{
	List	   *selections = NIL;
	List	   *groups = NIL;
	List	   *visited = NIL;
	ListCell   *lc;

	foreach(lc, g->fields)
	{
		GqlField   *f = lfirst(lc);

		if (f->selectionSet)
			selections = list_concat(selections, f->selectionSet->selections);
	}
	collect_fields(req, selections, &groups, &visited);
	return groups;
}

/* The coerced value of a field's argument, or NULL when not given. */
static GqlInput *
argument(Sql *sql, GqlField *f, SField *def, const char *name, const char *path)
{
	ListCell   *lc;

	foreach(lc, f->arguments)
	{
		GqlArgument *a = lfirst(lc);

		if (strcmp(a->name.value, name) == 0)
		{
			ListCell   *lc2;

			foreach(lc2, def->args)
			{
				SField	   *argdef = lfirst(lc2);

				if (strcmp(argdef->name, name) == 0)
				{
					CoerceContext cx = exec_context(sql->req);
					GqlInput   *in = gql_coerce_literal(&cx, a->value, argdef->type,
														psprintf("%s.args.%s", path, name));

					if (in == NULL)
					{
						sql->req->errors = list_concat(sql->req->errors, cx.errors);
						sql->failed = true;
					}
					return in;
				}
			}
		}
	}
	return NULL;
}

/* A new table alias: t1, t2, ... */
static char *
new_alias(Sql *sql)
{
	return psprintf("t%d", ++sql->nextAlias);
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
			return in->text;
	}
}

/* Add a scalar parameter of a type; append "$n" to out. */
static void
add_param(Sql *sql, Oid type, GqlInput *in, StringInfo out)
{
	SqlParam	   *p = palloc0(sizeof(SqlParam));

	p->type = type;
	p->text = leaf_text(in);
	p->path = in->path;
	sql->params = lappend(sql->params, p);
	appendStringInfo(out, "$%d", list_length(sql->params));
}

/* Add an array parameter of elements of elemType; append "$n" to out. */
static bool
add_array_param(Sql *sql, Oid elemType, GqlInput *in, StringInfo out)
{
	SqlParam	   *p = palloc0(sizeof(SqlParam));
	ListCell   *lc;

	p->elemType = elemType;
	p->type = get_array_type(elemType);
	p->path = in->path;
	if (p->type == InvalidOid)
	{
		sql_error(sql, in->path, "type \"%s\" has no array type", format_type_be(elemType));
		return false;
	}
	foreach(lc, in->items)
	{
		GqlInput   *item = lfirst(lc);

		if (item->kind == IN_NULL || item->kind == IN_LIST || item->kind == IN_OBJECT)
		{
			sql_error(sql, item->path ? item->path : in->path,
					  "unexpected null or nested value in a list for type '%s'", format_type_be(elemType));
			return false;
		}
		p->elems = lappend(p->elems, leaf_text(item));
	}
	sql->params = lappend(sql->params, p);
	appendStringInfo(out, "$%d", list_length(sql->params));
	return true;
}

/* "alias"."column" */
static char *
column_ref(const char *alias, CatColumn *col)
{
	return psprintf("%s.%s", alias, quote_identifier(col->attname));
}

/* The join condition of a relationship from alias (owner) to target alias. */
static void
deparse_join(StringInfo out, CatRelationship *r, const char *alias, const char *targetAlias)
{
	CatForeignKey *fk = r->fk;

	for (int i = 0; i < fk->ncols; i++)
	{
		CatColumn  *mine = r->outgoing ? fk->fromCols[i] : fk->toCols[i];
		CatColumn  *theirs = r->outgoing ? fk->toCols[i] : fk->fromCols[i];

		appendStringInfo(out, "%s%s = %s", i > 0 ? " AND " : "",
						 column_ref(targetAlias, theirs), column_ref(alias, mine));
	}
}

/* "schema"."table" */
static char *
table_ref(CatTable *t)
{
	return quote_qualified_identifier(t->nspname, t->relname);
}

/* One comparison operator applied to a column. */
static void
deparse_comparison(Sql *sql, SField *opdef, GqlInput *value, CatColumn *col,
				   const char *alias, StringInfo out)
{
	char	   *c = column_ref(alias, col);
	Oid			type = col->typid;
	CatType    *ct = gql_catalog_type(sql->req->schema->catalog, type);
	bool		isArray = ct != NULL && ct->elemtype != InvalidOid;
	static const char *const binary[] = {
		[OP_EQ] = "=",[OP_NEQ] = "<>",[OP_GT] = ">",[OP_GTE] = ">=",[OP_LT] = "<",[OP_LTE] = "<=",
		[OP_LIKE] = "LIKE",[OP_NLIKE] = "NOT LIKE",[OP_ILIKE] = "ILIKE",[OP_NILIKE] = "NOT ILIKE",
		[OP_SIMILAR] = "SIMILAR TO",[OP_NSIMILAR] = "NOT SIMILAR TO",
		[OP_REGEX] = "~",[OP_NREGEX] = "!~",[OP_IREGEX] = "~*",[OP_NIREGEX] = "!~*",
		[OP_CONTAINS] = "@>",[OP_CONTAINED_IN] = "<@",[OP_HAS_KEY] = "?",
		[OP_HAS_KEYS_ANY] = "?|",[OP_HAS_KEYS_ALL] = "?&",
	};

	if (value->kind == IN_NULL)
	{
		sql_error(sql, value->path, "unexpected null value for type '%s'",
				  gql_ref_string(opdef->type));
		return;
	}
	switch (opdef->op)
	{
		case OP_IS_NULL:
			appendStringInfo(out, "%s IS %sNULL", c, value->boolean ? "" : "NOT ");
			return;
		case OP_IN:
		case OP_NIN:
			if (isArray)
			{
				sql_error(sql, value->path, "_in and _nin are not supported on array columns");
				return;
			}
			appendStringInfo(out, "%s(%s = ANY (", opdef->op == OP_NIN ? "NOT " : "", c);
			if (add_array_param(sql, type, value, out))
				appendStringInfoString(out, "))");
			return;
		case OP_HAS_KEY:
			appendStringInfo(out, "%s ? ", c);
			add_param(sql, TEXTOID, value, out);
			return;
		case OP_HAS_KEYS_ANY:
		case OP_HAS_KEYS_ALL:
			appendStringInfo(out, "%s %s ", c, binary[opdef->op]);
			add_array_param(sql, TEXTOID, value, out);
			return;
		default:
			appendStringInfo(out, "%s %s ", c, binary[opdef->op]);
			if (isArray)
				add_array_param(sql, ct->elemtype, value, out);
			else
				add_param(sql, type, value, out);
			return;
	}
}

/* A <t>_bool_exp as an SQL condition on the row alias. */
static void
deparse_bool_exp(Sql *sql, GqlInput *exp, CatTable *t, const char *alias, StringInfo out)
{
	ListCell   *lc;
	int			n = 0;

	check_stack_depth();
	if (exp->kind == IN_NULL)
	{
		sql_error(sql, exp->path, "unexpected null value for type '%s_bool_exp'", t->gqlname);
		return;
	}
	appendStringInfoChar(out, '(');
	foreach(lc, exp->items)
	{
		GqlInputField *f = lfirst(lc);
		GqlInput   *v = f->value;
		ListCell   *lc2;

		if (n++ > 0)
			appendStringInfoString(out, " AND ");
		if (v->kind == IN_NULL)
		{
			sql_error(sql, v->path, "unexpected null value for type '%s'", gql_ref_string(f->field->type));
			return;
		}
		switch (f->field->kind)
		{
			case SF_BOOL_AND:
			case SF_BOOL_OR:
				if (v->items == NIL)
				{
					appendStringInfoString(out, f->field->kind == SF_BOOL_AND ? "true" : "false");
					break;
				}
				appendStringInfoChar(out, '(');
				foreach(lc2, v->items)
				{
					if (foreach_current_index(lc2) > 0)
						appendStringInfoString(out, f->field->kind == SF_BOOL_AND ? " AND " : " OR ");
					deparse_bool_exp(sql, lfirst(lc2), t, alias, out);
				}
				appendStringInfoChar(out, ')');
				break;
			case SF_BOOL_NOT:
				appendStringInfoString(out, "NOT ");
				deparse_bool_exp(sql, v, t, alias, out);
				break;
			case SF_BOOL_COLUMN:
				if (v->items == NIL)
				{
					appendStringInfoString(out, "true");
					break;
				}
				appendStringInfoChar(out, '(');
				foreach(lc2, v->items)
				{
					GqlInputField *op = lfirst(lc2);

					if (foreach_current_index(lc2) > 0)
						appendStringInfoString(out, " AND ");
					deparse_comparison(sql, op->field, op->value, f->field->column, alias, out);
				}
				appendStringInfoChar(out, ')');
				break;
			case SF_BOOL_RELATIONSHIP:
				{
					CatRelationship *r = f->field->rel;
					char	   *ta = new_alias(sql);

					appendStringInfo(out, "EXISTS (SELECT 1 FROM %s %s WHERE ", table_ref(r->target), ta);
					deparse_join(out, r, alias, ta);
					appendStringInfoString(out, " AND ");
					deparse_bool_exp(sql, v, r->target, ta, out);
					appendStringInfoChar(out, ')');
					break;
				}
			default:
				elog(ERROR, "unexpected field in a boolean expression");
		}
		if (sql->failed)
			return;
	}
	if (n == 0)
		appendStringInfoString(out, "true");
	appendStringInfoChar(out, ')');
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

/* An ordering item: an expression and a direction. */
typedef struct OrderItem
{
	char	   *expr;
	const char *direction;
	CatColumn  *column;			/* when a plain column of the table */
} OrderItem;

/*
 * Flatten a <t>_order_by value into ordering items; object relationships
 * become sub-selects of the related column.
 */
static void
collect_order(Sql *sql, GqlInput *ob, CatTable *t, const char *alias, List **items,
			  const char *wrapPrefix, const char *wrapSuffix)
{
	ListCell   *lc;

	check_stack_depth();
	if (ob->kind == IN_NULL)
		return;
	foreach(lc, ob->items)
	{
		GqlInputField *f = lfirst(lc);

		if (f->value->kind == IN_NULL)
			continue;
		if (f->field->kind == SF_ORDER_COLUMN)
		{
			OrderItem  *it = palloc0(sizeof(OrderItem));

			it->expr = psprintf("%s%s%s", wrapPrefix, column_ref(alias, f->field->column), wrapSuffix);
			it->direction = direction_sql(f->value->enumValue->direction);
			it->column = wrapPrefix[0] == '\0' ? f->field->column : NULL;
			*items = lappend(*items, it);
		}
		else
		{
			CatRelationship *r = f->field->rel;
			char	   *ta = new_alias(sql);
			StringInfoData prefix;

			initStringInfo(&prefix);
			appendStringInfo(&prefix, "%s(SELECT ", wrapPrefix);
			{
				StringInfoData suffix;

				initStringInfo(&suffix);
				appendStringInfo(&suffix, " FROM %s %s WHERE ", table_ref(r->target), ta);
				deparse_join(&suffix, r, alias, ta);
				appendStringInfo(&suffix, ")%s", wrapSuffix);
				collect_order(sql, f->value, r->target, ta, items, prefix.data, suffix.data);
			}
		}
	}
}

/*
 * The rows of a table as a JSON array, for a root list field or an array
 * relationship (joined to the parent row by joinCond).
 */
static void
deparse_list(Sql *sql, FieldGroup *g, SField *def, CatTable *t, const char *path,
			 const char *joinAlias, CatRelationship *rel, StringInfo out)
{
	GqlField   *f = linitial(g->fields);
	char	   *alias = new_alias(sql);
	GqlInput   *where = argument(sql, f, def, "where", path);
	GqlInput   *orderBy = argument(sql, f, def, "order_by", path);
	GqlInput   *distinctOn = argument(sql, f, def, "distinct_on", path);
	GqlInput   *limit = argument(sql, f, def, "limit", path);
	GqlInput   *offset = argument(sql, f, def, "offset", path);
	List	   *order = NIL;
	List	   *distinct = NIL;
	ListCell   *lc;
	StringInfoData inner;
	SType	   *type = gql_schema_type(sql->req->schema, t->gqlname);

	if (sql->failed)
		return;
	if (orderBy != NULL && orderBy->kind == IN_LIST)
		foreach(lc, orderBy->items)
			collect_order(sql, lfirst(lc), t, alias, &order, "", "");
	if (distinctOn != NULL && distinctOn->kind == IN_LIST)
		foreach(lc, distinctOn->items)
			distinct = list_append_unique_ptr(distinct, ((GqlInput *) lfirst(lc))->enumValue->column);

	if (distinct != NIL)
	{
		if (order == NIL)
		{
			foreach(lc, distinct)
			{
				OrderItem  *it = palloc0(sizeof(OrderItem));

				it->column = lfirst(lc);
				it->expr = column_ref(alias, it->column);
				it->direction = "ASC NULLS LAST";
				order = lappend(order, it);
			}
		}
		else
		{
			List	   *leading = NIL;

			for (int i = 0; i < list_length(order) && i < list_length(distinct); i++)
				leading = lappend(leading, ((OrderItem *) list_nth(order, i))->column);
			foreach(lc, distinct)
				if (!list_member_ptr(leading, lfirst(lc)))
				{
					sql_error(sql, psprintf("%s.args", path),
							  "\"distinct_on\" columns must match initial \"order_by\" columns");
					return;
				}
		}
	}

	initStringInfo(&inner);
	appendStringInfoString(&inner, "SELECT ");
	if (distinct != NIL)
	{
		appendStringInfoString(&inner, "DISTINCT ON (");
		foreach(lc, distinct)
			appendStringInfo(&inner, "%s%s", foreach_current_index(lc) ? ", " : "",
							 column_ref(alias, lfirst(lc)));
		appendStringInfoString(&inner, ") ");
	}
	deparse_object(sql, t, alias, type, sub_selections(sql->req, g), &inner);
	appendStringInfoString(&inner, " AS _j");
	foreach(lc, order)
		appendStringInfo(&inner, ", %s AS _o%d", ((OrderItem *) lfirst(lc))->expr,
						 foreach_current_index(lc));
	appendStringInfo(&inner, " FROM %s %s WHERE ", table_ref(t), alias);
	if (rel != NULL)
	{
		deparse_join(&inner, rel, joinAlias, alias);
		appendStringInfoString(&inner, " AND ");
	}
	if (where != NULL && where->kind != IN_NULL)
		deparse_bool_exp(sql, where, t, alias, &inner);
	else
		appendStringInfoString(&inner, "true");
	if (order != NIL)
	{
		appendStringInfoString(&inner, " ORDER BY ");
		foreach(lc, order)
		{
			OrderItem  *it = lfirst(lc);

			appendStringInfo(&inner, "%s%s %s", foreach_current_index(lc) ? ", " : "",
							 it->expr, it->direction);
		}
	}
	if (limit != NULL && limit->kind != IN_NULL)
	{
		appendStringInfoString(&inner, " LIMIT ");
		add_param(sql, INT4OID, limit, &inner);
	}
	if (offset != NULL && offset->kind != IN_NULL)
	{
		appendStringInfoString(&inner, " OFFSET ");
		add_param(sql, INT4OID, offset, &inner);
	}

	appendStringInfoString(out, "(SELECT coalesce(json_agg(_q._j");
	if (order != NIL)
	{
		appendStringInfoString(out, " ORDER BY ");
		foreach(lc, order)
			appendStringInfo(out, "%s_q._o%d %s", foreach_current_index(lc) ? ", " : "",
							 foreach_current_index(lc), ((OrderItem *) lfirst(lc))->direction);
	}
	appendStringInfo(out, "), '[]'::json) FROM (%s) _q)", inner.data);
}

/* One row as a JSON object: row_to_json over a sub-select keyed by response keys. */
static void
deparse_object(Sql *sql, CatTable *t, const char *alias, SType *type, List *groups,
			   StringInfo out)
{
	StringInfoData keys;
	ListCell   *lc;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	initStringInfo(&keys);
	appendStringInfoString(out, "row_to_json((SELECT _e FROM (SELECT ");
	foreach(lc, groups)
	{
		FieldGroup	   *g = lfirst(lc);
		GqlField   *f = linitial(g->fields);
		SField	   *def;

		if (foreach_current_index(lc) > 0)
		{
			appendStringInfoString(out, ", ");
			appendStringInfoString(&keys, ", ");
		}
		appendStringInfoString(&keys, quote_identifier(g->key));
		if (strcmp(f->name.value, "__typename") == 0)
		{
			appendStringInfoString(out, quote_literal_cstr(type->name));
			continue;
		}
		def = gql_type_field(type, f->name.value);
		if (def->kind == SF_COLUMN)
			appendStringInfoString(out, column_ref(alias, def->column));
		else if (def->rel->isArray)
			deparse_list(sql, g, def, def->rel->target, g->key, alias, def->rel, out);
		else
		{
			char	   *ta = new_alias(sql);
			SType	   *target = gql_schema_type(sql->req->schema, def->rel->target->gqlname);

			appendStringInfoString(out, "(SELECT ");
			deparse_object(sql, def->rel->target, ta, target, sub_selections(sql->req, g), out);
			appendStringInfo(out, " FROM %s %s WHERE ", table_ref(def->rel->target), ta);
			deparse_join(out, def->rel, alias, ta);
			appendStringInfoString(out, " LIMIT 1)");
		}
		if (sql->failed)
			return;
	}
	appendStringInfo(out, ") AS _e(%s)))", keys.data);
}

/* Compile one root field into sql->buf; false if it failed. */
static bool
deparse_root(Sql *sql, FieldGroup *g)
{
	GqlField   *f = linitial(g->fields);
	SField	   *def = gql_type_field(sql->req->schema->queryRoot, f->name.value);
	char	   *path = psprintf("$.selectionSet.%s", g->key);

	initStringInfo(&sql->buf);
	if (def->kind == SF_ROOT_LIST)
	{
		appendStringInfoString(&sql->buf, "SELECT ");
		deparse_list(sql, g, def, def->table, path, NULL, NULL, &sql->buf);
	}
	else
	{
		char	   *alias = new_alias(sql);
		SType	   *type = gql_schema_type(sql->req->schema, def->table->gqlname);
		StringInfoData where;
		ListCell   *lc;

		initStringInfo(&where);
		foreach(lc, def->args)
		{
			SField	   *argdef = lfirst(lc);
			GqlInput   *v = argument(sql, f, def, argdef->name, path);
			CatColumn  *col = gql_table_column(def->table, argdef->name);

			if (v == NULL || sql->failed)
				return false;
			if (col == NULL)
			{
				ListCell   *lc2;

				foreach(lc2, def->table->pkey)
					if (strcmp(((CatColumn *) lfirst(lc2))->gqlname, argdef->name) == 0)
						col = lfirst(lc2);
			}
			appendStringInfo(&where, "%s%s = ", foreach_current_index(lc) ? " AND " : "",
							 column_ref(alias, col));
			add_param(sql, col->typid, v, &where);
		}
		appendStringInfoString(&sql->buf, "SELECT ");
		deparse_object(sql, def->table, alias, type, sub_selections(sql->req, g), &sql->buf);
		appendStringInfo(&sql->buf, " FROM %s %s WHERE %s", table_ref(def->table), alias, where.data);
	}
	return !sql->failed;
}

/* Convert a parameter's text with its type's input function. */
static Datum
convert_param(SqlParam *p)
{
	Oid			typinput;
	Oid			typioparam;

	convertingPath = p->path;
	if (p->elemType == InvalidOid)
	{
		getTypeInputInfo(p->type, &typinput, &typioparam);
		return OidInputFunctionCall(typinput, p->text, typioparam, -1);
	}
	else
	{
		int			n = list_length(p->elems);
		Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
		int16		typlen;
		bool		typbyval;
		char		typalign;
		ListCell   *lc;

		getTypeInputInfo(p->elemType, &typinput, &typioparam);
		get_typlenbyvalalign(p->elemType, &typlen, &typbyval, &typalign);
		foreach(lc, p->elems)
			elems[foreach_current_index(lc)] =
				OidInputFunctionCall(typinput, lfirst(lc), typioparam, -1);
		return PointerGetDatum(construct_array(elems, n, p->elemType, typlen, typbyval, typalign));
	}
}

/* Run a compiled statement; append its single JSON value (or null) to out. */
static void
run_statement(Sql *sql, StringInfo out, bool explain)
{
	int			n = list_length(sql->params);
	Oid		   *types = palloc(sizeof(Oid) * Max(n, 1));
	Datum	   *values = palloc(sizeof(Datum) * Max(n, 1));
	ListCell   *lc;
	int			rc;
	char	   *text = explain ? psprintf("EXPLAIN %s", sql->buf.data) : sql->buf.data;

	foreach(lc, sql->params)
	{
		SqlParam	   *p = lfirst(lc);

		types[foreach_current_index(lc)] = p->type;
		values[foreach_current_index(lc)] = convert_param(p);
	}
	convertingPath = NULL;
	rc = SPI_execute_with_args(text, n, types, values, NULL, !explain, 0);
	if (rc != SPI_OK_SELECT && rc != SPI_OK_UTILITY)
		elog(ERROR, "graphql statement failed: %s", SPI_result_code_string(rc));
	if (explain)
	{
		for (uint64 i = 0; i < SPI_processed; i++)
			appendStringInfo(out, "%s\n", SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));
		return;
	}
	if (SPI_processed == 0)
		appendStringInfoString(out, "null");
	else
	{
		char	   *json = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		appendStringInfoString(out, json ? json : "null");
	}
}

/* Whether an error must not be turned into a GraphQL error. */
static bool
must_propagate(int sqlerrcode)
{
	return sqlerrcode == ERRCODE_QUERY_CANCELED ||
		sqlerrcode == ERRCODE_OUT_OF_MEMORY ||
		sqlerrcode == ERRCODE_ADMIN_SHUTDOWN ||
		sqlerrcode == ERRCODE_CRASH_SHUTDOWN ||
		ERRCODE_TO_CATEGORY(sqlerrcode) == ERRCODE_INSUFFICIENT_RESOURCES ||
		ERRCODE_TO_CATEGORY(sqlerrcode) == ERRCODE_PROGRAM_LIMIT_EXCEEDED ||
		ERRCODE_TO_CATEGORY(sqlerrcode) == ERRCODE_OPERATOR_INTERVENTION;
}

/* Hasura's error code for an SQLSTATE. */
static const char *
sqlstate_code(int sqlerrcode)
{
	switch (ERRCODE_TO_CATEGORY(sqlerrcode))
	{
		case ERRCODE_DATA_EXCEPTION:
			return "data-exception";
		case ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION:
			return "constraint-violation";
		case ERRCODE_INSUFFICIENT_PRIVILEGE:
			return "permission-error";
		default:
			return "unexpected";
	}
}

/*
 * Compile and run every root field of the operation; write the response.
 * explain: write each statement and its plan instead.
 */
static void
run_operation(Request *req, StringInfo out, bool explain)
{
	List	   *groups = NIL;
	List	   *visited = NIL;
	List	   *compiled = NIL;
	ListCell   *lc;
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	StringInfoData data;

	collect_fields(req, req->op->selectionSet->selections, &groups, &visited);
	foreach(lc, groups)
	{
		FieldGroup	   *g = lfirst(lc);
		Sql		   *sql = palloc0(sizeof(Sql));

		sql->req = req;
		if (strcmp(((GqlField *) linitial(g->fields))->name.value, "__typename") != 0)
			deparse_root(sql, g);
		compiled = lappend(compiled, sql);
	}
	if (req->errors != NIL)
	{
		gql_append_errors_response(out, req->errors);
		return;
	}

	initStringInfo(&data);
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		ListCell   *lg;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		MemoryContextSwitchTo(cxt);
		forboth(lg, groups, lc, compiled)
		{
			FieldGroup	   *g = lfirst(lg);
			Sql		   *sql = lfirst(lc);

			if (explain)
			{
				if (sql->buf.data == NULL)
					continue;
				appendStringInfo(&data, "-- %s\n%s\n\n", g->key, sql->buf.data);
				run_statement(sql, &data, true);
				appendStringInfoChar(&data, '\n');
			}
			else
			{
				appendStringInfo(&data, "%s", foreach_current_index(lg) ? ", " : "");
				escape_json(&data, g->key);
				appendStringInfoString(&data, ": ");
				if (sql->buf.data == NULL)
					escape_json(&data, "query_root");
				else
					run_statement(sql, &data, false);
			}
			MemoryContextSwitchTo(cxt);
		}
		SPI_finish();
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;
		GqlError   *err;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		if (must_propagate(edata->sqlerrcode))
			PG_RE_THROW();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;

		err = gql_error(sqlstate_code(edata->sqlerrcode), NULL, "%s", edata->message);
		err->sqlstate = pstrdup(unpack_sql_state(edata->sqlerrcode));
		err->path = convertingPath ? pstrdup(convertingPath) : "$";
		convertingPath = NULL;
		if (explain)
			ereport(ERROR,
					(errcode(edata->sqlerrcode),
					 errmsg("%s", edata->message)));
		appendStringInfoString(out, "{\"data\": null, \"errors\": ");
		{
			StringInfoData errs;

			initStringInfo(&errs);
			gql_append_errors_response(&errs, list_make1(err));
			/* {"errors": [...]} -> [...] */
			appendBinaryStringInfo(out, errs.data + strlen("{\"errors\": "),
								   errs.len - strlen("{\"errors\": ") - 1);
		}
		appendStringInfoChar(out, '}');
		return;
	}
	PG_END_TRY();

	if (explain)
		appendStringInfoString(out, data.data);
	else
		appendStringInfo(out, "{\"data\": {%s}}", data.data);
}

/* Execute the request's query operation; write the response JSON. */
void
gql_execute(Request *req, StringInfo out)
{
	run_operation(req, out, false);
}

/* Write each root field's SQL and its plan. */
void
gql_explain(Request *req, StringInfo out)
{
	run_operation(req, out, true);
}
