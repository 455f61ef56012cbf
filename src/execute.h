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

#include "request.h"

extern void gql_execute(Request *req, StringInfo out);
extern void gql_execute_compiled(Request *req, List *compiled, StringInfo out);
extern void gql_explain(Request *req, StringInfo out);
extern int	gql_plan_only(Request *req, bool postgres);
extern bool gql_must_propagate(int sqlerrcode);

#endif							/* GRAPHQL_EXECUTE_H */
