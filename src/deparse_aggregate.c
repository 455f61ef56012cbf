/*-------------------------------------------------------------------------
 *
 * deparse_aggregate.c
 *	  <table>_aggregate fields (a root field, an array relationship's, a
 *	  set-returning function's) compiled into SQL.
 *
 * In:  the field's plan (plan_select.c): its row set and its object of
 *	    aggregates.
 * Out: one sub-select: the rows as a derived table, every aggregate the
 *	    selection asks for computed over it once, the JSON object built
 *	    from their results.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/builtins.h"

#include "deparse_internal.h"
#include "names.h"

/* Add an aggregate expression; return the reference to its result. */
static char *
add_aggregate(List **aggs, char *expr)
{
	char		digits[12];

	*aggs = lappend(*aggs, expr);
	pg_ltoa(list_length(*aggs) - 1, digits);
	return gql_cat("_a.a", digits, NULL);
}

/*
 * The JSON of an object built over aggregates (aggregate, aggregate.count,
 * aggregate.sum { ... }, nodes): each leaf becomes an aggregate expression
 * over the row set's alias b, computed once in the FROM list.
 */
static void
deparse_aggregate_object(Sql *sql, PlanObject *po, const char *b, List *order, List **aggs,
						 StringInfo out)
{
	List	   *exprs = NIL;
	ListCell   *lc;

	check_stack_depth();
	foreach(lc, po->fields)
	{
		PlanField  *pf = lfirst(lc);
		StringInfo	e = gql_new_expr();

		exprs = lappend(exprs, e);
		switch (pf->kind)
		{
			case PF_TYPENAME:
				appendStringInfoString(e, quote_literal_cstr(po->type->name));
				break;
			case PF_AGG_OBJECT:
				deparse_aggregate_object(sql, pf->object, b, order, aggs, e);
				break;
			case PF_AGG_COUNT:
				{
					StringInfoData c;

					initStringInfo(&c);
					gql_deparse_count(&c, pf->countColumns, pf->countDistinct, b);
					appendStringInfoString(e, add_aggregate(aggs, c.data));
					break;
				}
			case PF_AGG_COLUMN:
				append_value(e, add_aggregate(aggs, psprintf("pg_catalog.%s(%s)", pf->def->func,
															 gql_column_ref(b, pf->def->column))), pf);
				break;
			default:			/* PF_AGG_NODES */
				{
					StringInfoData nodes;

					initStringInfo(&nodes);
					appendStringInfoString(&nodes, "coalesce(pg_catalog.json_agg(");
					gql_deparse_object(sql, pf->object, b, &nodes, NULL);
					gql_order_by_exposed(&nodes, order, b);
					appendStringInfoString(&nodes, "), '[]'::pg_catalog.json)");
					appendStringInfoString(e, add_aggregate(aggs, nodes.data));
					break;
				}
		}
	}
	gql_emit_object(sql, po, exprs, out, NULL);
}

/*
 * <t>_aggregate (a root field, an array relationship's, a set-returning
 * function's): the rows as a derived table with the table's columns, the
 * aggregates computed over it in one sub-select, the JSON built from
 * their results.
 */
void
gql_deparse_aggregate(Sql *sql, PlanField *pf, const char *source, const char *joinAlias,
					  CatRelationship *rel, StringInfo out)
{
	CatTable   *t = pf->rows->table;
	RowSet		rs;
	StringInfoData base;
	StringInfoData json;
	List	   *aggs = NIL;
	char	   *b = gql_new_alias(sql);
	ListCell   *lc;

	gql_row_set(sql, pf->rows, source, joinAlias, rel, &rs);
	initStringInfo(&base);
	gql_select_clause(&base, &rs);
	if (t->allColumns)
		foreach(lc, t->allAttnames)
		{
			append_comma(&base, foreach_current_index(lc) == 0);
			append_ref(&base, rs.alias, quote_identifier(lfirst(lc)));
		}
	else
		foreach(lc, t->columns)
		{
			append_comma(&base, foreach_current_index(lc) == 0);
			append_ref(&base, rs.alias, ((CatColumn *) lfirst(lc))->quoted);
		}
	gql_append_order_values(&base, rs.order, false);
	append_si(&base, &rs.tail);

	initStringInfo(&json);
	deparse_aggregate_object(sql, pf->object, b, rs.order, &aggs, &json);
	appendStringInfoString(out, "(SELECT ");
	append_si(out, &json);
	appendStringInfoString(out, " FROM (SELECT ");
	if (aggs == NIL)
		appendStringInfoString(out, "pg_catalog.count(*) AS a0");	/* one row, whatever is selected */
	foreach(lc, aggs)
	{
		char		digits[12];

		append_comma(out, foreach_current_index(lc) == 0);
		appendStringInfoString(out, (char *) lfirst(lc));
		appendBinaryStringInfo(out, " AS a", 5);
		pg_ltoa(foreach_current_index(lc), digits);
		appendStringInfoString(out, digits);
	}
	appendStringInfoString(out, " FROM (");
	append_si(out, &base);
	appendBinaryStringInfo(out, ") ", 2);
	appendStringInfoString(out, b);
	appendStringInfoString(out, ") _a)");
}
