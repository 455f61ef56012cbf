/*-------------------------------------------------------------------------
 *
 * deparse.h
 *	  Compiling root fields into SQL statements with parameters.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_DEPARSE_H
#define GRAPHQL_DEPARSE_H

#include "lib/stringinfo.h"

#include "collect.h"
#include "compiled.h"
#include "plan.h"
#include "request.h"
#include "values.h"

/*
 * Built-in functions, operators and types in the SQL written here are
 * always qualified with pg_catalog (an operator as OPERATOR(pg_catalog.=)),
 * as postgres_fdw's deparse.c does, so that no object on the caller's
 * search_path, such as an exact-type overload a role with CREATE on a
 * schema in that path defined, is ever used instead.
 */
#define PG_OP(op) " OPERATOR(pg_catalog." op ") "

extern bool gql_deparse_root(Sql *sql, FieldGroup *g, SType *parent, const char *path);

/* The pieces mutation.c and deparse_aggregate.c write with (deparse.c). */
extern char *gql_new_alias(Sql *sql);
extern void gql_add_param(Sql *sql, Oid type, GqlInput *in, StringInfo out);
extern void gql_add_array_param(Sql *sql, Oid elemType, GqlInput *in, StringInfo out);
extern char *gql_column_ref(const char *alias, CatColumn *col);
extern const char *gql_table_ref(CatTable *t);
extern void gql_deparse_filter(Sql *sql, PlanFilter *f, const char *alias, StringInfo out);
extern void gql_deparse_column_value(Sql *sql, PlanColumnValue *cv, StringInfo out);
extern void gql_deparse_key_match(Sql *sql, List *pkey, const char *alias, StringInfo out);
extern void gql_deparse_object(Sql *sql, PlanObject *po, const char *alias, StringInfo out,
							   StringInfo lateral);
extern void gql_deparse_relationship(Sql *sql, PlanField *pf, const char *alias, StringInfo e);
extern void gql_emit_object(Sql *sql, PlanObject *po, List *exprs, StringInfo out, StringInfo lateral);

/* An order_by item: an expression and its direction (deparse_filter.c). */
typedef struct OrderItem
{
	char	   *expr;
	const char *direction;
	CatColumn  *column;			/* when a plain column of the table */
} OrderItem;

/* deparse_filter.c: where, order_by, joins, count() */
extern void gql_deparse_count(StringInfo out, GqlInput *columns, GqlInput *distinct, const char *alias);
extern void gql_deparse_join(StringInfo out, CatRelationship *r, const char *alias, const char *targetAlias);
extern void gql_collect_order(Sql *sql, List *order, const char *alias, List **items,
							  const char *wrapPrefix, const char *wrapSuffix);
extern char *gql_computed_call(Sql *sql, CatFunction *fn, const char *alias);

/* mutation.c */
extern void gql_deparse_mutation(Sql *sql, PlanMutation *pm);

#endif							/* GRAPHQL_DEPARSE_H */
