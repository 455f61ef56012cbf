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
	GQL_ANSWER_NOT_ALLOWED		/* {"errors": ...}: a mutation from a GET */
} GqlAnswer;

/* graphql.c */
extern GqlAnswer gql_answer(text *query, Jsonb *variables, const char *operationName,
							bool queriesOnly, StringInfo out);

#endif							/* GRAPHQL_HTTP_H */
