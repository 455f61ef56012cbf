/*-------------------------------------------------------------------------
 *
 * request.h
 *	  A request on its way through the compiler: what each stage reads and
 *	  adds (graphql.c makes it; validation, variables, compiling and
 *	  execution fill it in).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_REQUEST_H
#define GRAPHQL_REQUEST_H

#include "utils/jsonb.h"

#include "ast.h"
#include "collect.h"
#include "schema.h"
#include "values.h"

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
	text	   *query;			/* the query text as given */
	List	   *leaves;			/* of GqlInput made from its leaves */
	List	   *pinned;			/* of leaves read otherwise (values.h) */
	uint64		generation;		/* the catalog's when the schema was taken */
	bool		stale;			/* the catalog changed before the statements ran:
								 * compile again (graphql.c) */
	bool		lastAttempt;	/* compiled again too often: report errors as they are */
} Request;

extern bool gql_coerce_variables(Request *req, Jsonb *variables);
extern CoerceContext gql_exec_context(Request *req);
extern void gql_request_verror(Request *req, const GqlInput *at, const char *path, const char *fmt,
							   va_list args) pg_attribute_printf(4, 0);

/* CollectFields with the request's variables deciding @skip and @include. */
extern List *gql_collect_fields(Request *req, List *selections);
extern List *gql_sub_selections(Request *req, FieldGroup *g);

#endif							/* GRAPHQL_REQUEST_H */
