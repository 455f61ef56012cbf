/*-------------------------------------------------------------------------
 *
 * execute.h
 *	  Executing a validated query operation: one SQL statement per root
 *	  field.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_EXECUTE_H
#define GRAPHQL_EXECUTE_H

#include "lib/stringinfo.h"
#include "utils/jsonb.h"

#include "ast.h"
#include "schema.h"

/* A request after parsing and validation. */
typedef struct Request
{
	Schema	   *schema;
	GqlDocument *doc;
	GqlOperation *op;
	List	   *variables;		/* of VariableValue */
	List	   *errors;			/* of GqlError */
	struct PlanEntry *plans;	/* the plan cache's entry, or NULL */
	Jsonb	   *json;			/* the variables as given, or NULL */
	List	   *leaves;			/* of GqlInput made from its leaves */
	List	   *pinned;			/* of leaves read otherwise (values.h) */
	uint64		generation;		/* the catalog's when the schema was taken */
	bool		stale;			/* the catalog changed before the statements ran:
								 * compile again (graphql.c) */
	bool		lastAttempt;	/* compiled again too often: report errors as they are */
} Request;

extern bool gql_coerce_variables(Request *req, Jsonb *variables);
extern void gql_execute(Request *req, StringInfo out);
extern void gql_execute_compiled(Request *req, List *compiled, StringInfo out);
extern void gql_explain(Request *req, StringInfo out);
extern int	gql_plan_only(Request *req, bool postgres);
extern bool gql_must_propagate(int sqlerrcode);

#endif							/* GRAPHQL_EXECUTE_H */
