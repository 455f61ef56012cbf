/*-------------------------------------------------------------------------
 *
 * http.h
 *	  A GraphQL request as it came over HTTP (graphql.http), and the one
 *	  request answer it and graphql.resolve share.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_HTTP_H
#define GRAPHQL_HTTP_H

#include "lib/stringinfo.h"
#include "utils/jsonb.h"

/* What an answer holds, for its HTTP status. */
typedef enum GqlAnswer
{
	GQL_ANSWER_DATA,			/* {"data": ...}, possibly with errors */
	GQL_ANSWER_REQUEST_ERROR,	/* {"errors": ...}: parse, validation, variables */
	GQL_ANSWER_DENIED,			/* {"errors": ...}: authentication refused */
	GQL_ANSWER_NOT_ALLOWED,		/* {"errors": ...}: a mutation from a GET */
	GQL_ANSWER_NEEDS_PRIMARY	/* a mutation on a read replica: run it on the primary */
} GqlAnswer;

/* Which operations a request may run. */
typedef enum GqlAllow
{
	GQL_ALLOW_ALL,
	GQL_ALLOW_QUERIES,			/* an HTTP GET: a mutation is refused (405) */
	GQL_ALLOW_READS				/* a read replica: a mutation is sent back (421) */
} GqlAllow;

/* graphql.c */
extern GqlAnswer gql_answer(text *query, Jsonb *variables, const char *operationName,
							GqlAllow allow, StringInfo out, StringInfo log);

#endif							/* GRAPHQL_HTTP_H */
