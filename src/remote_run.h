/*-------------------------------------------------------------------------
 *
 * remote_run.h
 *	  Running a request's remote root fields: the calls made, their
 *	  answers read into the response's values and errors (remote_run.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_REMOTE_RUN_H
#define GRAPHQL_REMOTE_RUN_H

#include "collect.h"
#include "compiled.h"

/*
 * The response keys a remote field's value has, level by level: its
 * answer is written with exactly these keys, in this order (a key the
 * remote left out is null, a key it added is dropped), a __typename with
 * the merged schema's name of its type.
 */
typedef struct RemoteShape
{
	int			n;
	char	  **keys;
	const char **typenames;		/* a __typename key: our name of the type */
	struct RemoteShape **subs;	/* a key of an object type: its shape */
} RemoteShape;

/* A remote root field's call, made: its value and errors. */
typedef struct RemoteResult
{
	const Step *step;
	char	   *value;			/* the field's JSON ("null" if it failed) */
	List	   *errors;			/* of char *: the errors' JSON objects */
} RemoteResult;

extern RemoteShape *gql_remote_shape(Request *req, FieldGroup *g, SField *def);
extern List *gql_remote_call(List *compiled);
extern RemoteResult *gql_remote_result(List *results, const Step *step);

#endif							/* GRAPHQL_REMOTE_RUN_H */
