/*-------------------------------------------------------------------------
 *
 * compiled.h
 *	  A compiled root field: the SQL steps it runs, and where each of
 *	  their parameters' values comes from.
 *
 * deparse.c, deparse_aggregate.c and mutation.c build it (Sql); execute.c
 * runs it (one generic loop over its steps); reuse.c keeps it with the
 * plan cache and binds new values into a copy; nothing else changes it
 * once it is built.
 *
 * A field's steps share one list of parameters ($1 ... $n in every step's
 * text); each step binds the range of them it uses (the others are null).
 * A parameter's value is one of:
 *	- a value of the request (a variable's leaf or a literal), by text, or
 *	  a list of them bound as one array;
 *	- the request's session variables, as JSON, bound when the step runs;
 *	- a column of the row an earlier step of the field returned (a write's
 *	  rows, as JSON, and their count, for the response that follows it).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_COMPILED_H
#define GRAPHQL_COMPILED_H

#include "lib/stringinfo.h"

#include "request.h"

/* Where a parameter's value comes from. */
typedef enum ParamSource
{
	PARAM_VALUE,				/* text (or elems) from the request */
	PARAM_SESSION,				/* the session variables, as JSON */
	PARAM_RESULT,				/* a column of an earlier step's row */
	PARAM_ACTION				/* the objects an action's handler answered,
								 * as a JSON array (bound by the run) */
} ParamSource;

/* A parameter of a compiled root field's steps. */
typedef struct SqlParam
{
	ParamSource source;
	Oid			type;			/* the parameter's type (an array type for lists) */
	Oid			elemType;		/* for arrays: the element type */
	char	   *text;			/* VALUE, scalar: input text */
	List	   *elems;			/* VALUE, array: element texts */
	const char *path;			/* VALUE: the argument it came from */
	const void *origin;			/* VALUE, scalar: the variables' leaf it came from */
	List	   *elemOrigins;	/* VALUE, array: each element's, or NULL */
	const void *listOrigin;		/* VALUE, array: the variables' JSON array it is */
	bool		nonNegative;	/* VALUE: a variable's limit, refused if
								 * negative before the request runs */
	int			step;			/* RESULT: the step (index in steps) ... */
	int			column;			/* ... and the column of its row (from 1) */
} SqlParam;

/* What a step's row is. */
typedef enum StepKind
{
	STEP_WRITE,					/* a write: one row, whose columns later
								 * steps' parameters take */
	STEP_ANSWER,				/* one JSON value: the field's answer (or,
								 * many, one element of it) */
	STEP_HTTP					/* a request to a remote schema: sql is its
								 * JSON body; remote its name */
} StepKind;

/*
 * A row a write needed but did not write (an upsert left out a parent
 * nested rows depend on): the write's row holds, after the columns later
 * steps take, the number of the first guard that failed (0: none), which
 * is raised as an error with its message and path.
 */
typedef struct StepGuard
{
	char	   *message;
	char	   *path;
} StepGuard;

/* One SQL statement of a compiled root field. */
typedef struct Step
{
	StepKind	kind;
	char	   *sql;
	int			firstParam;		/* the parameters it binds: firstParam ... */
	int			endParam;		/* ... up to endParam (exclusive) */
	List	   *guards;			/* STEP_WRITE: of StepGuard, or NIL */
	char	   *errorPath;		/* extensions.path of an SQL error in it, or
								 * NULL ("$") */
	const char *remote;			/* STEP_HTTP: the remote schema's name */
	struct RemoteShape *remoteShape;	/* STEP_HTTP: the value's keys
										 * (remote_run.h), NULL for a leaf */
	bool		remoteNamespaced;	/* STEP_HTTP: the answer's data is the
									 * value (else its member under the key) */
	struct PlanAction *action;	/* STEP_HTTP: an action's (remote is its name) */
} Step;

/* One root field: being compiled, then compiled. */
typedef struct Sql
{
	Request    *req;
	const char *key;			/* the root field's response key */
	StringInfoData buf;			/* the statement being written; literal: the
								 * field's JSON itself */
	List	   *params;			/* of SqlParam */
	int			nextAlias;
	bool		failed;			/* planning found an error: nothing written */
	bool		literal;		/* buf is the answer: no step */
	bool		many;			/* the answer is the array of its ANSWER
								 * steps' values (update_<t>_many) */
	bool		checked;		/* a parameter is nonNegative */
	List	   *steps;			/* of Step, run in order */
	struct JoinShape *joins;	/* where its answer holds remote
								 * relationships (remote_join.c), or NULL */
	const char *ns;				/* under the source's namespace: its response
								 * key (the answer is a member of its object),
								 * else NULL */
	bool		nsOpen;			/* the first of the namespace's fields: opens it */
	bool		nsClose;		/* the last: closes it */
} Sql;

/* Append a step over the field's parameters from firstParam to the last so far. */
static inline Step *
gql_add_step(Sql *sql, StepKind kind, char *text, int firstParam, char *errorPath)
{
	Step	   *step = palloc0(sizeof(Step));

	step->kind = kind;
	step->sql = text;
	step->firstParam = firstParam;
	step->endParam = list_length(sql->params);
	step->errorPath = errorPath;
	sql->steps = lappend(sql->steps, step);
	return step;
}

#endif							/* GRAPHQL_COMPILED_H */
