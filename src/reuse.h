/*-------------------------------------------------------------------------
 *
 * reuse.h
 *	  Compiled statements of a cached request, re-run with new variable
 *	  values.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_REUSE_H
#define GRAPHQL_REUSE_H

#include "request.h"

extern bool gql_check_reuse;

extern void gql_reuse_init(void);
extern void gql_remember_compiled(Request *req, List *compiled);
extern char *gql_compiled_differs(List *reused, List *fresh);
extern List *gql_recall_compiled(Request *req, Jsonb *json);

#endif							/* GRAPHQL_REUSE_H */
