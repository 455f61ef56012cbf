/*-------------------------------------------------------------------------
 *
 * deparse_filter.c
 *	  Writes planned boolean expressions (plan_filter.c) and order_by
 *	  (<t>_order_by) arguments as SQL, and the relationship joins and
 *	  count() expressions they share with the rest of deparse.c. The SQL
 *	  safety rules of deparse.c apply: values become parameters, names go
 *	  through quote_identifier.  Writing a planned filter cannot fail.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "deparse.h"

static void write_filter(Sql *sql, PlanFilter *f, const char *alias, StringInfo out);

/* count(*), count(col), count(DISTINCT col), count(ROW(a, b)) over alias. */
void
gql_deparse_count(StringInfo out, GqlInput *columns, GqlInput *distinct, const char *alias)
{
	bool		isDistinct = distinct != NULL && distinct->kind == IN_BOOLEAN && distinct->boolean;
	int			n = (columns != NULL && columns->kind == IN_LIST) ? list_length(columns->items) : 0;
	ListCell   *lc;

	if (n == 0)
	{
		appendStringInfoString(out, isDistinct ? "pg_catalog.count(DISTINCT " : "pg_catalog.count(*)");
		if (!isDistinct)
			return;
		appendStringInfo(out, "%s.*)", alias);
		return;
	}
	appendStringInfo(out, "pg_catalog.count(%s%s", isDistinct ? "DISTINCT " : "", n > 1 ? "ROW(" : "");
	foreach(lc, columns->items)
		appendStringInfo(out, "%s%s", foreach_current_index(lc) ? ", " : "",
						 gql_column_ref(alias, ((GqlInput *) lfirst(lc))->enumValue->column));
	appendStringInfoString(out, n > 1 ? "))" : ")");
}

/* The join condition of a relationship from alias (owner) to target alias. */
void
gql_deparse_join(StringInfo out, CatRelationship *r, const char *alias, const char *targetAlias)
{
	CatForeignKey *fk = r->fk;

	if (fk->joinFunction != NULL)
	{
		/* (target's key) IN (SELECT * FROM graphql.<join>(this row's key)) */
		appendStringInfoChar(out, '(');
		for (int i = 0; i < fk->ntargetCols; i++)
			appendStringInfo(out, "%s%s.%s", i ? ", " : "", targetAlias, fk->targetCols[i]->quoted);
		appendStringInfo(out, ") IN (SELECT * FROM %s(", fk->joinFunction);
		for (int i = 0; i < fk->ncols; i++)
			appendStringInfo(out, "%s%s.%s", i ? ", " : "", alias, fk->fromCols[i]->quoted);
		appendStringInfoString(out, "))");
		return;
	}
	for (int i = 0; i < fk->ncols; i++)
	{
		CatColumn  *mine = r->outgoing ? fk->fromCols[i] : fk->toCols[i];
		CatColumn  *theirs = r->outgoing ? fk->toCols[i] : fk->fromCols[i];

		if (i > 0)
			appendBinaryStringInfo(out, " AND ", 5);
		appendStringInfoString(out, targetAlias);
		appendStringInfoChar(out, '.');
		appendStringInfoString(out, theirs->quoted);
		appendStringInfoString(out, gql_comparison_operator(fk->toCols[i]->typid, OP_EQ));
		appendStringInfoString(out, alias);
		appendStringInfoChar(out, '.');
		appendStringInfoString(out, mine->quoted);
	}
}

/*
 * PostGIS's operator applied to the expression c: a call of its function,
 * by PostGIS's schema (the compared type's), with c cast to PostGIS's type
 * (c may be a domain's), the value read from GeoJSON.
 */
static void
write_postgis(Sql *sql, PlanCompare *pc, const char *c, StringInfo out)
{
	static const char *const funcs[] = {
		[OP_ST_CONTAINS] = "st_contains",[OP_ST_CROSSES] = "st_crosses",
		[OP_ST_EQUALS] = "st_equals",[OP_ST_INTERSECTS] = "st_intersects",
		[OP_ST_OVERLAPS] = "st_overlaps",[OP_ST_TOUCHES] = "st_touches",
		[OP_ST_WITHIN] = "st_within",[OP_ST_3D_INTERSECTS] = "st_3dintersects",
		[OP_ST_D_WITHIN] = "st_dwithin",[OP_ST_3D_D_WITHIN] = "st_3ddwithin",
	};
	CatType    *geo = gql_catalog_geo_type(sql->req->schema->catalog, pc->type);

	gql_postgis_call(out, geo->nspname, funcs[pc->op]);
	appendStringInfoChar(out, '(');
	gql_postgis_operand(out, geo->geo, geo->nspname, c);
	appendStringInfoString(out, ", ");
	gql_add_param(sql, pc->type, pc->value, out);
	if (pc->distance != NULL)
	{
		appendStringInfoString(out, ", ");
		gql_add_param(sql, FLOAT8OID, pc->distance, out);
	}
	if (pc->distance != NULL && geo->geo == GEO_GEOGRAPHY)
	{
		/* use_spheroid: true unless given */
		appendStringInfoString(out, ", ");
		if (pc->spheroid != NULL)
			gql_add_param(sql, BOOLOID, pc->spheroid, out);
		else
			appendStringInfoString(out, "true");
	}
	appendStringInfoChar(out, ')');
}

/* One planned comparison applied to the expression c. */
static void
write_compare(Sql *sql, PlanCompare *pc, const char *c, StringInfo out)
{
	/* the operators of jsonb and arrays */
	static const char *const builtinOps[] = {
		[OP_CONTAINS] = PG_OP("@>"),[OP_CONTAINED_IN] = PG_OP("<@"),
		[OP_HAS_KEY] = PG_OP("?"),[OP_HAS_KEYS_ANY] = PG_OP("?|"),[OP_HAS_KEYS_ALL] = PG_OP("?&"),
	};
	GqlInput   *value = pc->value;

	if (pc->asText)
		c = psprintf("(%s)::pg_catalog.text%s", c, pc->isArray ? "[]" : "");

	/*
	 * A domain's value as its base type's, which the operator was chosen
	 * for: left a domain, the operator's name would be resolved again in its
	 * schema, where an operator taking the domain (made by a role that may
	 * create there) would be chosen over it.  The type without a typmod,
	 * written so (pg_catalog.bpchar, not character: character(1))
	 */
	else if (pc->domain)
		c = psprintf("(%s)::%s", c, gql_type_sql(pc->type));
	switch (pc->op)
	{
		case OP_IS_NULL:
			appendStringInfo(out, "%s IS %sNULL", c, value->boolean ? "" : "NOT ");
			return;
		case OP_ST_CONTAINS:
		case OP_ST_CROSSES:
		case OP_ST_EQUALS:
		case OP_ST_INTERSECTS:
		case OP_ST_OVERLAPS:
		case OP_ST_TOUCHES:
		case OP_ST_WITHIN:
		case OP_ST_3D_INTERSECTS:
		case OP_ST_D_WITHIN:
		case OP_ST_3D_D_WITHIN:
			write_postgis(sql, pc, c, out);
			return;
		case OP_IN:
		case OP_NIN:
			if (pc->isArray)
			{
				/* a list of arrays: (c = $1 OR c = $2 ...), as c IN ($1, $2, ...) is */
				ListCell   *lc;

				if (value->items == NIL)
				{
					appendStringInfoString(out, pc->op == OP_IN ? "false" : "true");
					return;
				}
				appendStringInfoString(out, pc->op == OP_NIN ? "NOT (" : "(");
				foreach(lc, value->items)
				{
					if (foreach_current_index(lc) > 0)
						appendStringInfoString(out, " OR ");
					appendStringInfoString(out, c);
					appendStringInfoString(out, pc->operator);
					gql_add_array_param(sql, pc->elemType, lfirst(lc), out);
				}
				appendStringInfoChar(out, ')');
				return;
			}
			appendStringInfo(out, "%s(%s%sANY (", pc->op == OP_NIN ? "NOT " : "", c, pc->operator);
			gql_add_array_param(sql, pc->type, value, out);
			appendStringInfoString(out, "))");
			return;
		case OP_HAS_KEY:
			appendStringInfo(out, "%s%s", c, builtinOps[pc->op]);
			gql_add_param(sql, TEXTOID, value, out);
			return;
		case OP_HAS_KEYS_ANY:
		case OP_HAS_KEYS_ALL:
			appendStringInfo(out, "%s%s", c, builtinOps[pc->op]);
			gql_add_array_param(sql, TEXTOID, value, out);
			return;
		case OP_SIMILAR:
		case OP_NSIMILAR:
			appendStringInfo(out, "%s%spg_catalog.similar_to_escape(", c, pc->operator);
			gql_add_param(sql, TEXTOID, value, out);
			appendStringInfoChar(out, ')');
			return;
		case OP_LIKE:
		case OP_NLIKE:
		case OP_ILIKE:
		case OP_NILIKE:
		case OP_REGEX:
		case OP_NREGEX:
		case OP_IREGEX:
		case OP_NIREGEX:
			appendStringInfo(out, "%s%s", c, pc->operator);
			gql_add_param(sql, pc->type, value, out);
			return;
		case OP_CONTAINS:
		case OP_CONTAINED_IN:
			appendStringInfo(out, "%s%s", c, builtinOps[pc->op]);
			break;
		default:
			/* =, <>, <, <=, >, >= */
			appendStringInfo(out, "%s%s", c, pc->operator);
			break;
	}
	if (pc->isArray)
		gql_add_array_param(sql, pc->elemType, value, out);
	else
		gql_add_param(sql, pc->type, value, out);
}

/*
 * The expression a comparison's operand stands for over the row alias: a
 * column, a computed field's call, or the related rows' aggregate in a
 * sub-select.
 */
static char *
write_operand(Sql *sql, PlanOperand *o, const char *alias)
{
	StringInfoData expr;
	char	   *ta;

	switch (o->kind)
	{
		case OPERAND_COLUMN:
			return gql_column_ref(alias, o->column);
		case OPERAND_COMPUTED:
			return gql_computed_call(sql, o->function, alias);
		default:
			break;
	}
	ta = gql_new_alias(sql);
	initStringInfo(&expr);
	appendStringInfoString(&expr, "(SELECT ");
	if (o->column == NULL)
		gql_deparse_count(&expr, o->arguments, o->distinct, ta);
	else
		appendStringInfo(&expr, "pg_catalog.%s(%s)", o->func, gql_column_ref(ta, o->column));
	appendStringInfo(&expr, " FROM %s %s WHERE ", gql_table_ref(o->rel->target), ta);
	gql_deparse_join(&expr, o->rel, alias, ta);
	if (o->filter != NULL)
	{
		appendStringInfoString(&expr, " AND ");
		write_filter(sql, o->filter, ta, &expr);
	}
	appendStringInfoChar(&expr, ')');
	return expr.data;
}

/* Write args joined by sep in parentheses, or empty when there are none. */
static void
write_list(Sql *sql, List *args, const char *sep, const char *empty, const char *alias,
		   StringInfo out)
{
	ListCell   *lc;

	if (args == NIL)
	{
		appendStringInfoString(out, empty);
		return;
	}
	appendStringInfoChar(out, '(');
	foreach(lc, args)
	{
		if (foreach_current_index(lc) > 0)
			appendStringInfoString(out, sep);
		write_filter(sql, lfirst(lc), alias, out);
	}
	appendStringInfoChar(out, ')');
}

/* A planned filter as an SQL condition on the row alias. */
static void
write_filter(Sql *sql, PlanFilter *f, const char *alias, StringInfo out)
{
	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	switch (f->kind)
	{
		case FILTER_OBJECT:
			write_list(sql, f->args, " AND ", "(true)", alias, out);
			return;
		case FILTER_AND:
			write_list(sql, f->args, " AND ", "true", alias, out);
			return;
		case FILTER_OR:
			write_list(sql, f->args, " OR ", "false", alias, out);
			return;
		case FILTER_NOT:
			appendStringInfoString(out, "NOT ");
			write_filter(sql, linitial(f->args), alias, out);
			return;
		case FILTER_EXISTS:
			{
				char	   *ta = gql_new_alias(sql);

				if (f->function != NULL)
					appendStringInfo(out, "EXISTS (SELECT 1 FROM %s %s WHERE ",
									 gql_computed_call(sql, f->function, alias), ta);
				else
				{
					appendStringInfo(out, "EXISTS (SELECT 1 FROM %s %s WHERE ", gql_table_ref(f->rel->target), ta);
					gql_deparse_join(out, f->rel, alias, ta);
					appendStringInfoString(out, " AND ");
				}
				write_filter(sql, linitial(f->args), ta, out);
				appendStringInfoChar(out, ')');
				return;
			}
		case FILTER_COMPARE:
			{
				char	   *c = write_operand(sql, f->operand, alias);
				ListCell   *lc;

				if (f->compares == NIL)
				{
					/* an aggregate predicate is always in parentheses */
					appendStringInfoString(out, f->operand->kind == OPERAND_AGGREGATE ? "(true)" : "true");
					return;
				}
				appendStringInfoChar(out, '(');
				foreach(lc, f->compares)
				{
					if (foreach_current_index(lc) > 0)
						appendStringInfoString(out, " AND ");
					write_compare(sql, lfirst(lc), c, out);
				}
				appendStringInfoChar(out, ')');
				return;
			}
	}
}

/* A planned filter (gql_plan_filter) as an SQL condition on the row alias. */
void
gql_deparse_filter(Sql *sql, PlanFilter *f, const char *alias, StringInfo out)
{
	write_filter(sql, f, alias, out);
}

/*
 * Flatten planned ordering items over the row alias into OrderItems, each
 * expression wrapped in wrapPrefix and wrapSuffix; an object
 * relationship's items become sub-selects of the related row, an
 * aggregate's a sub-select over the related rows.
 */
void
gql_collect_order(Sql *sql, List *order, const char *alias, List **items,
				  const char *wrapPrefix, const char *wrapSuffix)
{
	ListCell   *lc;

	check_stack_depth();
	foreach(lc, order)
	{
		PlanOrder  *o = lfirst(lc);
		OrderItem  *it = palloc0(sizeof(OrderItem));
		char	   *ta;
		StringInfoData e;

		it->direction = o->direction;
		switch (o->kind)
		{
			case ORDER_COLUMN:
				it->expr = psprintf("%s%s%s", wrapPrefix, gql_column_ref(alias, o->column), wrapSuffix);
				it->column = wrapPrefix[0] == '\0' ? o->column : NULL;
				break;
			case ORDER_COMPUTED:
				it->expr = psprintf("%s%s%s", wrapPrefix, gql_computed_call(sql, o->function, alias),
									wrapSuffix);
				break;
			case ORDER_AGGREGATE:
				ta = gql_new_alias(sql);
				if (o->direction == NULL)
					continue;	/* given null: an alias taken, nothing ordered */
				initStringInfo(&e);
				appendStringInfo(&e, "%s(SELECT ", wrapPrefix);
				if (o->column == NULL)
					appendStringInfoString(&e, "pg_catalog.count(*)");
				else
					appendStringInfo(&e, "pg_catalog.%s(%s)", o->func, gql_column_ref(ta, o->column));
				appendStringInfo(&e, " FROM %s %s WHERE ", gql_table_ref(o->rel->target), ta);
				gql_deparse_join(&e, o->rel, alias, ta);
				appendStringInfo(&e, ")%s", wrapSuffix);
				it->expr = e.data;
				break;
			case ORDER_RELATIONSHIP:
				{
					StringInfoData suffix;

					ta = gql_new_alias(sql);
					initStringInfo(&suffix);
					appendStringInfo(&suffix, " FROM %s %s WHERE ", gql_table_ref(o->rel->target), ta);
					gql_deparse_join(&suffix, o->rel, alias, ta);
					appendStringInfo(&suffix, ")%s", wrapSuffix);
					gql_collect_order(sql, o->items, ta, items, psprintf("%s(SELECT ", wrapPrefix),
									  suffix.data);
					continue;
				}
		}
		*items = lappend(*items, it);
	}
}
