/*-------------------------------------------------------------------------
 *
 * deparse_internal.h
 *	  What the files that write a query's SQL share (deparse.c,
 *	  deparse_aggregate.c): small appenders and the compiled row set of a
 *	  list field.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_DEPARSE_INTERNAL_H
#define GRAPHQL_DEPARSE_INTERNAL_H

#include "deparse.h"

/* Append a StringInfo's text (its length known: no strlen, no format). */
#define append_si(out, si) appendBinaryStringInfo((out), (si)->data, (si)->len)

/* Append ", " unless first. */
static inline void
append_comma(StringInfo out, bool first)
{
	if (!first)
		appendBinaryStringInfo(out, ", ", 2);
}

/* Append alias.quotedName. */
static inline void
append_ref(StringInfo out, const char *alias, const char *quotedName)
{
	appendStringInfoString(out, alias);
	appendStringInfoChar(out, '.');
	appendStringInfoString(out, quotedName);
}

/* Append the expression expr of a field's value in its planned form (plan.h). */
static inline void
append_value(StringInfo out, const char *expr, const PlanField *pf)
{
	if (pf->form == VALUE_GEOJSON)
	{
		gql_geojson_out(out, pf->geoKind, pf->geoSchema, expr);
		return;
	}
	appendStringInfoString(out, expr);
	if (pf->form == VALUE_TEXT)
		appendStringInfoString(out, "::pg_catalog.text");
	else if (pf->form == VALUE_TEXT_ARRAY)
		appendStringInfoString(out, "::pg_catalog.text[]");
}

/* The rows a list field selects: its arguments compiled. */
typedef struct RowSet
{
	char	   *alias;			/* the table's alias in tail */
	List	   *order;			/* of OrderItem */
	List	   *distinct;		/* of CatColumn */
	StringInfoData tail;		/* " FROM ... WHERE ... ORDER BY ... LIMIT ..." */
	int			fromLen;		/* the length of tail's " FROM <table> <alias>" */
	bool		limited;		/* limit or offset given */
} RowSet;

extern StringInfo gql_new_expr(void);
extern void gql_append_order_values(StringInfo out, List *order, bool first);
extern void gql_row_set(Sql *sql, PlanRowSet *plan, const char *source, const char *joinAlias,
						CatRelationship *rel, RowSet *rs);
extern void gql_select_clause(StringInfo out, RowSet *rs);
extern void gql_order_by_exposed(StringInfo out, List *order, const char *qualifier);

/* deparse_aggregate.c */
extern void gql_deparse_aggregate(Sql *sql, PlanField *pf, const char *source, const char *joinAlias,
								  CatRelationship *rel, StringInfo out);

#endif							/* GRAPHQL_DEPARSE_INTERNAL_H */
