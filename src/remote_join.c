/*-------------------------------------------------------------------------
 *
 * remote_join.c
 *	  Remote relationships' values joined into a root field's answer: one
 *	  batched call per relationship field, whatever the number of rows.
 *
 * In:  the root field's answer as its SQL wrote it, where each remote
 *	    relationship's value is the JSON array of the row's lhs values, and
 *	    the field's JoinShape (where those values are).
 * Out: the answer with each such array replaced by the remote's answer for
 *	    it (written with the keys the client selected), and the errors.
 *
 * The values are found by their place in the answer (the shape), never by
 * their content: a column's JSON cannot pass for one.  For each
 * relationship field the distinct sets of lhs values are collected in the
 * order met; one document asks the remote for all of them, each under the
 * alias r<k> with the arguments the relationship sets as variables; the
 * calls of all the field's relationships go out at once.  A set holding a
 * null is not sent: its value is null.  A call that fails makes every
 * value of its relationship null, with one error at the first place it
 * occurs; the remote's own errors for r<k> get the path of the first row
 * with those values.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "miscadmin.h"
#include "utils/hsearch.h"
#include "utils/json.h"

#include "json_tree.h"
#include "plan.h"
#include "print.h"
#include "remote_run.h"

/* The shape of an object's keys that hold remote relationships, or NULL. */
static JoinShape *
object_shape(PlanObject *po)
{
	JoinShape  *shape = NULL;
	int			n = list_length(po->fields);
	ListCell   *lf;
	ListCell   *lg;

	check_stack_depth();
	forboth(lf, po->fields, lg, po->groups)
	{
		PlanField  *pf = lfirst(lf);
		int			i = foreach_current_index(lf);
		JoinShape  *sub = NULL;

		if (pf->kind != PF_REMOTE_JOIN && (pf->object == NULL || (sub = object_shape(pf->object)) == NULL))
			continue;
		if (shape == NULL)
		{
			shape = palloc0(sizeof(JoinShape));
			shape->n = n;
			shape->keys = palloc0(sizeof(char *) * n);
			shape->joins = palloc0(sizeof(RemoteJoin *) * n);
			shape->subs = palloc0(sizeof(JoinShape *) * n);
		}
		shape->keys[i] = (char *) ((FieldGroup *) lfirst(lg))->key;
		shape->joins[i] = pf->kind == PF_REMOTE_JOIN ? pf->remoteJoin : NULL;
		shape->subs[i] = sub;
	}
	return shape;
}

/* Where a root field's answer holds remote relationships, or NULL. */
JoinShape *
gql_join_shape(PlanField *pf)
{
	PlanObject *po = pf->kind == PF_MUTATION ? pf->mutation->response : pf->object;

	return po != NULL ? object_shape(po) : NULL;
}

/* One relationship field's values met in the answer. */
typedef struct JoinCall
{
	RemoteJoin *join;
	HTAB	   *index;			/* lhs values' text -> KeyEntry */
	List	   *keys;			/* of KeyEntry, in the order met */
	RemoteSend *send;
} JoinCall;

typedef struct KeyEntry
{
	char	   *text;			/* the hash key: the lhs values' JSON */
	int			k;				/* its alias number */
	const JtNode *values;		/* the lhs values */
	List	   *path;			/* where first met (JSON texts) */
} KeyEntry;

/* A join being done: its calls, and the place in the answer being walked. */
typedef struct Joining
{
	List	   *calls;			/* of JoinCall */
	List	   *path;			/* of char *: JSON texts of the keys and indexes */
} Joining;

static uint32
key_hash(const void *key, Size keysize)
{
	const char *s = *(const char *const *) key;

	return hash_bytes((const unsigned char *) s, strlen(s));
}

static int
key_match(const void *a, const void *b, Size keysize)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The call of a relationship field (made the first time it is met). */
static JoinCall *
call_of(Joining *jn, RemoteJoin *j)
{
	ListCell   *lc;
	JoinCall   *c;
	HASHCTL		ctl;

	foreach(lc, jn->calls)
		if (((JoinCall *) lfirst(lc))->join == j)
			return lfirst(lc);
	c = palloc0(sizeof(JoinCall));
	c->join = j;
	ctl.keysize = sizeof(char *);
	ctl.entrysize = sizeof(KeyEntry);
	ctl.hash = key_hash;
	ctl.match = key_match;
	ctl.hcxt = CurrentMemoryContext;
	c->index = hash_create("graphql remote join keys", 64, &ctl,
						   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	jn->calls = lappend(jn->calls, c);
	return c;
}

/* Whether lhs values can be sent: an array of the lhs' count, no null. */
static bool
sendable(const JtNode *v, RemoteJoin *j)
{
	if (v == NULL || v->type != JT_ARRAY || v->count != list_length(j->rel->lhs))
		return false;
	for (int i = 0; i < v->count; i++)
		if (v->items[i]->type == JT_NULL)
			return false;
	return true;
}

/* The entry of a set of lhs values (added the first time it is met). */
static KeyEntry *
key_of(Joining *jn, JoinCall *c, const JtNode *v, bool add)
{
	StringInfoData text;
	KeyEntry   *e;
	bool		found;

	initStringInfo(&text);
	jt_append(&text, v);
	e = hash_search(c->index, &text.data, add ? HASH_ENTER : HASH_FIND, &found);
	if (e != NULL && !found)
	{
		e->k = list_length(c->keys);
		e->values = v;
		e->path = list_copy(jn->path);
		c->keys = lappend(c->keys, e);
	}
	return e;
}

/* A JSON text for a path item: a key, or an index. */
static char *
key_item(const char *key)
{
	StringInfoData s;

	initStringInfo(&s);
	escape_json(&s, key);
	return s.data;
}

/*
 * Walk a value of the answer with its shape: collect the lhs values
 * (out NULL), or write the value with them replaced.
 */
static void
walk(Joining *jn, const JtNode *v, const JoinShape *shape, StringInfo out)
{
	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (v != NULL && v->type == JT_ARRAY)
	{
		if (out)
			appendStringInfoChar(out, '[');
		for (int i = 0; i < v->count; i++)
		{
			if (out && i > 0)
				appendStringInfoString(out, ", ");
			jn->path = lappend(jn->path, psprintf("%d", i));
			walk(jn, v->items[i], shape, out);
			jn->path = list_delete_last(jn->path);
		}
		if (out)
			appendStringInfoChar(out, ']');
		return;
	}
	if (v == NULL || v->type != JT_OBJECT)
	{
		if (out)
			jt_append(out, v);
		return;
	}
	if (out)
		appendStringInfoChar(out, '{');
	for (int i = 0; i < v->count; i++)
	{
		const JoinShape *sub = NULL;
		RemoteJoin *join = NULL;

		for (int s = 0; s < shape->n; s++)
			if (shape->keys[s] != NULL && strcmp(shape->keys[s], v->keys[i]) == 0)
			{
				sub = shape->subs[s];
				join = shape->joins[s];
			}
		if (out)
		{
			if (i > 0)
				appendStringInfoString(out, ", ");
			escape_json(out, v->keys[i]);
			appendStringInfoString(out, ": ");
		}
		jn->path = lappend(jn->path, key_item(v->keys[i]));
		if (join != NULL)
		{
			JoinCall   *c = call_of(jn, join);
			KeyEntry   *e = sendable(v->items[i], join) ? key_of(jn, c, v->items[i], out == NULL) : NULL;

			if (out && (e == NULL || c->send == NULL || c->send->data == NULL))
				appendStringInfoString(out, "null");
			else if (out)
				gql_remote_write_shaped(out, jt_get(c->send->data, psprintf("r%d", e->k)), join->shape);
		}
		else if (sub != NULL)
			walk(jn, v->items[i], sub, out);
		else if (out)
			jt_append(out, v->items[i]);
		jn->path = list_delete_last(jn->path);
	}
	if (out)
		appendStringInfoChar(out, '}');
}

/* Write an argument's template with the row's lhs values for its "$column"s. */
static void
write_template(StringInfo out, const JtNode *t, RemoteJoin *j, const JtNode *values)
{
	check_stack_depth();
	if (t->type == JT_STRING && t->str[0] == '$')
	{
		ListCell   *lc;

		foreach(lc, j->rel->lhs)
			if (strcmp(((CatColumn *) lfirst(lc))->attname, t->str + 1) == 0)
			{
				jt_append(out, values->items[foreach_current_index(lc)]);
				return;
			}
		appendStringInfoString(out, "null");	/* checked when merged: not reached */
	}
	else if (t->type == JT_ARRAY || t->type == JT_OBJECT)
	{
		appendStringInfoChar(out, t->type == JT_ARRAY ? '[' : '{');
		for (int i = 0; i < t->count; i++)
		{
			if (i > 0)
				appendStringInfoString(out, ", ");
			if (t->type == JT_OBJECT)
			{
				escape_json(out, t->keys[i]);
				appendStringInfoString(out, ": ");
			}
			write_template(out, t->items[i], j, values);
		}
		appendStringInfoChar(out, t->type == JT_ARRAY ? ']' : '}');
	}
	else
		jt_append(out, t);
}

/* The type of the target field's argument name, with the remote's names. */
static void
arg_type(StringInfo out, RemoteJoin *j, const char *name)
{
	ListCell   *lc;

	foreach(lc, j->rel->target->args)
		if (strcmp(((SField *) lfirst(lc))->name, name) == 0)
		{
			gql_print_remote_ref(out, ((SField *) lfirst(lc))->type);
			return;
		}
}

/* The JSON body asking the remote for every set of lhs values of a call. */
static char *
join_body(JoinCall *c)
{
	RemoteJoin *j = c->join;
	StringInfoData defs;
	StringInfoData vars;
	StringInfoData doc;
	StringInfoData body;
	ListCell   *lk;
	ListCell   *la;
	ListCell   *lt;

	initStringInfo(&defs);
	initStringInfo(&vars);
	initStringInfo(&doc);
	foreach(lk, c->keys)
	{
		KeyEntry   *e = lfirst(lk);
		ListCell   *ls;

		CHECK_FOR_INTERRUPTS();
		forboth(la, j->rel->argNames, lt, j->rel->argTemplates)
		{
			const char *sep = defs.len ? ", " : "";

			appendStringInfo(&defs, "%s$__join%d_%s: ", sep, e->k, (char *) lfirst(la));
			arg_type(&defs, j, lfirst(la));
			appendStringInfo(&vars, "%s\"__join%d_%s\": ", sep, e->k, (char *) lfirst(la));
			write_template(&vars, lfirst(lt), j, e->values);
		}
		foreach(ls, j->selections)
		{
			StringInfoData args;

			initStringInfo(&args);
			foreach(la, j->rel->argNames)
				appendStringInfo(&args, ", %s: $__join%d_%s", (char *) lfirst(la), e->k, (char *) lfirst(la));
			appendStringInfoString(&args, j->clientArgs);
			appendStringInfo(&doc, " r%d: %s", e->k, j->rel->target->remoteName);
			if (args.len > 0)
				appendStringInfo(&doc, "(%s)", args.data + 2);
			appendStringInfoString(&doc, lfirst(ls));
		}
	}
	if (j->varDefs[0] != '\0')
		appendStringInfo(&defs, "%s%s", defs.len ? ", " : "", j->varDefs);
	if (j->varValues[0] != '\0')
		appendStringInfo(&vars, "%s%s", vars.len ? ", " : "", j->varValues);
	initStringInfo(&body);
	appendStringInfoString(&body, "{\"query\": ");
	escape_json(&body, psprintf("query%s%s%s {%s }%s", defs.len ? "(" : "", defs.data,
								defs.len ? ")" : "", doc.data, j->fragments));
	appendStringInfo(&body, ", \"variables\": {%s}}", vars.data);
	return body.data;
}

/* A path (of JSON texts) as a JSON array. */
static char *
path_json(List *path)
{
	StringInfoData s;
	ListCell   *lc;

	initStringInfo(&s);
	appendStringInfoChar(&s, '[');
	foreach(lc, path)
		appendStringInfo(&s, "%s%s", foreach_current_index(lc) ? ", " : "", (char *) lfirst(lc));
	appendStringInfoChar(&s, ']');
	return s.data;
}

/* The remote's errors for a call, each at the place of the values it is about. */
static void
call_errors(JoinCall *c, List **errors)
{
	const JtNode *errs = c->send->errors;

	*errors = list_concat(*errors, c->send->ownErrors);
	for (int i = 0; errs != NULL && i < errs->count; i++)
	{
		const JtNode *path = errs->items[i]->type == JT_OBJECT ? jt_get(errs->items[i], "path") : NULL;
		const char *alias = path && path->type == JT_ARRAY && path->count > 0 &&
			path->items[0]->type == JT_STRING ? path->items[0]->str : NULL;
		KeyEntry   *e = NULL;

		if (alias != NULL && alias[0] == 'r')
		{
			int			k = atoi(alias + 1);

			if (k >= 0 && k < list_length(c->keys) && strcmp(psprintf("r%d", k), alias) == 0)
				e = list_nth(c->keys, k);
		}
		*errors = lappend(*errors, gql_remote_error_json(c->join->remote, errs->items[i],
														 e ? e->path : NIL, e ? 1 : path ? path->count : 0));
	}
}

/*
 * A root field's answer (json, under key) with its remote relationships'
 * values joined in; their errors appended to *errors.
 */
char *
gql_remote_join(JoinShape *shape, const char *key, const char *json, List **errors)
{
	Joining		jn = {NIL, list_make1(key_item(key))};
	char	   *error = NULL;
	JtNode	   *answer = jt_parse(json, strlen(json), &error);
	List	   *sends = NIL;
	StringInfoData out;
	ListCell   *lc;

	if (answer == NULL)
		elog(ERROR, "graphql: a root field's answer could not be read for its remote relationships: %s", error);
	walk(&jn, answer, shape, NULL);
	foreach(lc, jn.calls)
	{
		JoinCall   *c = lfirst(lc);
		KeyEntry   *first;

		if (c->keys == NIL)
			continue;
		first = linitial(c->keys);
		c->send = palloc0(sizeof(RemoteSend));
		c->send->remote = c->join->remote;
		c->send->body = join_body(c);
		c->send->ownPath = path_json(first->path);
		c->send->errorPath = c->join->errorPath;
		sends = lappend(sends, c->send);
	}
	gql_remote_send(sends);
	foreach(lc, jn.calls)
	{
		JoinCall   *c = lfirst(lc);

		if (c->send != NULL)
			call_errors(c, errors);
	}
	initStringInfo(&out);
	walk(&jn, answer, shape, &out);
	return out.data;
}
