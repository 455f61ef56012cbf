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
} Request;

extern bool gql_coerce_variables(Request *req, Jsonb *variables);
extern void gql_execute(Request *req, StringInfo out);
extern void gql_explain(Request *req, StringInfo out);

#endif							/* GRAPHQL_EXECUTE_H */
