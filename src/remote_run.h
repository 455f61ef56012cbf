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

#include "storage/lock.h"

struct PlanField;
struct PlanAction;
struct JtNode;

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

/*
 * A remote relationship's field, planned: what its batched document is
 * made of.  The document asks for the remote's field once per distinct
 * set of lhs values, under the alias r<k>, its arguments the relationship
 * sets as variables ($__join<k>_<argument>), the client's own after them.
 */
typedef struct RemoteJoin
{
	const char *remote;			/* the remote schema */
	SRemoteRel *rel;			/* lhs columns, target field, arguments set */
	char	   *clientArgs;		/* the client's arguments, ", a: 1" each */
	List	   *selections;		/* of char *: each field's selection set, or "" */
	char	   *fragments;		/* the fragments they spread */
	char	   *varDefs;		/* the client's variables they use: "$n: Int, $m: ID" */
	List	   *variables;		/* of String: their names */
	char	   *missing;		/* a session variable a preset needs, not set */
	char	   *varValues;		/* their values: "\"n\": 5, \"m\": 1" */
	RemoteShape *shape;			/* the value's keys */
	char	   *errorPath;		/* extensions.path of its errors */
} RemoteJoin;

/*
 * Where a root field's answer holds remote relationships' values, level
 * by level (lists are passed through): a key whose value is one (join), or
 * leads to some (sub).  The SQL writes each such value as the JSON array
 * of its lhs values; they are replaced by the remote's answers.
 */
typedef struct JoinShape
{
	int			n;
	char	  **keys;
	RemoteJoin **joins;
	struct JoinShape **subs;
} JoinShape;

/* A remote root field's call, made: its value and errors. */
typedef struct RemoteResult
{
	const Step *step;
	const char *key;			/* the root field's response key */
	char	   *value;			/* the field's JSON ("null" if it failed) */
	List	   *errors;			/* of char *: the errors' JSON objects */
	/* an action's */
	bool		failed;			/* no answer came (errors says why) */
	long		status;			/* the HTTP status */
	const struct JtNode *answer;	/* the body, parsed (NULL: not JSON) */
} RemoteResult;

/* One call to a remote: what is sent, then what it answered. */
typedef struct RemoteSend
{
	const char *remote;			/* the remote schema's (or action's) name */
	bool		action;			/* an action's handler is called */
	const char *body;			/* the JSON body */
	char	   *ownPath;		/* "path" of our errors for it (a JSON array) */
	const char *errorPath;		/* their extensions.path */
	/* set by gql_remote_send */
	const struct JtNode *data;	/* the answer's data object, or NULL */
	const struct JtNode *errors;	/* the answer's errors array, or NULL */
	List	   *ownErrors;		/* of char *: our errors (it failed), JSON */
	long		status;			/* an action's: the HTTP status ... */
	const struct JtNode *answer;	/* ... and the body, parsed, or NULL */
	/* gql_remote_send's own */
	struct RemoteCall *call;
	LOCKTAG		slot;
	bool		hasSlot;
} RemoteSend;

extern RemoteShape *gql_remote_shape(Request *req, FieldGroup *g, SField *def);
extern void gql_remote_send(List *sends);
extern char *gql_call_error(const char *message, const char *path, const char *errorPath, const char *code,
							const struct JtNode *extensions);
extern char *gql_remote_error_json(const char *remote, const struct JtNode *e, List *prefix, int skip);
extern void gql_remote_write_shaped(StringInfo out, const struct JtNode *v, const RemoteShape *shape);
extern List *gql_remote_call(List *compiled);
extern struct JoinShape *gql_join_shape(struct PlanField *pf);
extern bool gql_action_checked(Schema *s, RemoteResult *r, struct PlanAction *pa, List **errors,
							   const struct JtNode **value);
extern char *gql_action_objects(const struct JtNode *value);
extern void gql_action_write(StringInfo out, struct PlanAction *pa, const struct JtNode *value,
							 const char *relsJson);
extern char *gql_remote_join(JoinShape *shape, const char *key, const char *json, List **errors);
extern RemoteResult *gql_remote_result(List *results, const Step *step);

#endif							/* GRAPHQL_REMOTE_RUN_H */
