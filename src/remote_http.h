/*-------------------------------------------------------------------------
 *
 * remote_http.h
 *	  HTTP POSTs to remote schemas and action handlers, made concurrently
 *	  by the backend (remote_http.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_REMOTE_HTTP_H
#define GRAPHQL_REMOTE_HTTP_H

#include "nodes/pg_list.h"

/* One POST: what to send, then how it ended. */
typedef struct RemoteCall
{
	const char *url;
	List	   *headers;		/* of "Name: value" strings */
	const char *body;
	int			timeoutMs;
	size_t		maxBytes;		/* a longer response is an error */
	/* filled in by gql_remote_run */
	bool		done;
	long		status;			/* the HTTP status, 0 if none came */
	char	   *error;			/* why the transfer failed, or NULL */
	char	   *response;		/* the response's body (empty on an error) */
	size_t		responseLen;
} RemoteCall;

extern void gql_remote_run(List *calls);

#endif							/* GRAPHQL_REMOTE_HTTP_H */
