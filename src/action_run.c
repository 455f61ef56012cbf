/*-------------------------------------------------------------------------
 *
 * action_run.c
 *	  An action's handler's answer read: checked against the output type,
 *	  its error passed on as Hasura passes it, its objects handed to the
 *	  SQL of their relationships, and the field's value written.
 *
 * In:  the call's RemoteResult (status, body parsed), the PlanAction.
 * Out: the field's JSON (the keys the client selected, __typename ours,
 *	    relationships' values from the SQL's rows), or null and an error.
 *
 * A 2xx answer must fit the output type: an object where an object is
 * declared, every non-null field there, an Int a 32-bit whole number, an
 * enum one of its values (custom scalars take any JSON).  A 4xx answer's
 * {"message", "extensions"} is the client's error, as Hasura gives it; any
 * other status, or an answer that is not JSON, is an error naming the
 * action.  Errors carry the field's path.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/json.h"

#include "error.h"
#include "json_tree.h"
#include "plan.h"
#include "remote_run.h"

/* An error of the action's field, as a JSON object. */
static char *
action_error(const char *key, const char *message, const JtNode *extensions)
{
	StringInfoData path;

	initStringInfo(&path);
	appendStringInfoChar(&path, '[');
	escape_json(&path, key);
	appendStringInfoChar(&path, ']');
	return gql_call_error(message, path.data, psprintf("$.selectionSet.%s", key), "unexpected", extensions);
}

/* Why a value does not fit a type, or NULL if it does (at: where, for the message). */
static char *
misfit(Schema *s, const JtNode *v, const STypeRef *type, const char *at)
{
	SType	   *t;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (v == NULL || v->type == JT_NULL)
		return type->kind == REF_NON_NULL ? psprintf("%s: null where a value is required", at) : NULL;
	if (type->kind == REF_NON_NULL)
		type = type->of;
	if (type->kind == REF_LIST)
	{
		if (v->type != JT_ARRAY)
			return psprintf("%s: expected a list, got %s", at, jt_type_name(v->type));
		for (int i = 0; i < v->count; i++)
		{
			char	   *why = misfit(s, v->items[i], type->of, psprintf("%s[%d]", at, i));

			if (why)
				return why;
		}
		return NULL;
	}
	t = type->named;
	if (t->kind == SK_OBJECT)
	{
		ListCell   *lc;

		if (v->type != JT_OBJECT)
			return psprintf("%s: expected an object, got %s", at, jt_type_name(v->type));
		foreach(lc, t->fields)
		{
			SField	   *f = lfirst(lc);
			char	   *why;

			if (f->kind == SF_ACTION_FIELD &&
				(why = misfit(s, jt_get(v, f->name), f->type, psprintf("%s.%s", at, f->name))) != NULL)
				return why;
		}
		return NULL;
	}
	if (t->kind == SK_ENUM)
	{
		if (v->type != JT_STRING || gql_enum_value(t, v->str) == NULL)
			return psprintf("%s: not a value of enum %s", at, t->name);
		return NULL;
	}
	if (t == s->typeInt)
	{
		double		d = v->type == JT_NUMBER ? strtod(v->str, NULL) : 0.5;

		if (v->type != JT_NUMBER || d != floor(d) || d < -2147483648.0 || d > 2147483647.0)
			return psprintf("%s: expected an Int", at);
	}
	else if (t == s->typeFloat && v->type != JT_NUMBER)
		return psprintf("%s: expected a Float", at);
	else if (t == s->typeString && v->type != JT_STRING)
		return psprintf("%s: expected a String", at);
	else if (t == s->typeBoolean && v->type != JT_BOOL)
		return psprintf("%s: expected a Boolean", at);
	else if (strcmp(t->name, "ID") == 0 && v->type != JT_STRING && v->type != JT_NUMBER)
		return psprintf("%s: expected an ID", at);
	return NULL;
}

/*
 * Read an action's answer: true with *value set if it is the field's, else
 * false with its error appended to *errors.
 */
bool
gql_action_checked(Schema *s, RemoteResult *r, PlanAction *pa, List **errors, const JtNode **value)
{
	const char *name = pa->action->name;
	char	   *why;

	*value = NULL;
	if (r->failed)
	{
		*errors = list_concat(*errors, r->errors);
		return false;
	}
	if (r->status >= 400 && r->status <= 499)
	{
		const JtNode *message = r->answer && r->answer->type == JT_OBJECT ? jt_get(r->answer, "message") : NULL;
		const JtNode *extensions = r->answer && r->answer->type == JT_OBJECT ? jt_get(r->answer, "extensions") : NULL;

		*errors = lappend(*errors, action_error(r->key, message && message->type == JT_STRING ? message->str :
												psprintf("the handler of action \"%s\" answered HTTP status %ld",
														 name, r->status),
												extensions && extensions->type == JT_OBJECT ? extensions : NULL));
		return false;
	}
	if (r->status < 200 || r->status > 299)
		why = psprintf("the handler of action \"%s\" answered HTTP status %ld", name, r->status);
	else if (r->answer == NULL)
		why = psprintf("the handler of action \"%s\" answered something that is not JSON", name);
	else if ((why = misfit(s, r->answer, pa->output, "$")) != NULL)
		why = psprintf("the handler of action \"%s\" answered a value that is not of its output type: %s",
					   name, why);
	if (why != NULL)
	{
		*errors = lappend(*errors, action_error(r->key, why, NULL));
		return false;
	}
	*value = r->answer;
	return true;
}

/* The answer's objects, in order, as the JSON array the relationships' SQL reads. */
char *
gql_action_objects(const JtNode *value)
{
	StringInfoData out;

	initStringInfo(&out);
	if (value->type == JT_ARRAY)
		jt_append(&out, value);
	else
	{
		appendStringInfoChar(&out, '[');
		jt_append(&out, value);
		appendStringInfoChar(&out, ']');
	}
	return out.data;
}

/* One object of the answer, written with the shape's keys. */
static void
write_object(StringInfo out, PlanAction *pa, const JtNode *obj, const JtNode *rels, int *next)
{
	const JtNode *mine = rels != NULL && rels->type == JT_ARRAY && *next < rels->count ? rels->items[*next] : NULL;

	(*next)++;
	if (obj == NULL || obj->type != JT_OBJECT)
	{
		jt_append(out, obj);
		return;
	}
	appendStringInfoChar(out, '{');
	for (int i = 0; i < pa->shape->n; i++)
	{
		if (i > 0)
			appendStringInfoString(out, ", ");
		escape_json(out, pa->shape->keys[i]);
		appendStringInfoString(out, ": ");
		if (pa->shape->typenames[i] != NULL)
			escape_json(out, pa->shape->typenames[i]);
		else if (pa->rels[i] >= 0)
			jt_append(out, mine != NULL && mine->type == JT_ARRAY && pa->rels[i] < mine->count ?
					  mine->items[pa->rels[i]] : NULL);
		else
			gql_remote_write_shaped(out, jt_get(obj, pa->shape->keys[i]), pa->shape->subs[i]);
	}
	appendStringInfoChar(out, '}');
}

/*
 * Write an action's value: the answer with the selected keys, the
 * relationships' values from relsJson (the SQL's JSON array of one array
 * per object, in the order of gql_action_objects), or NULL if none.
 */
void
gql_action_write(StringInfo out, PlanAction *pa, const JtNode *value, const char *relsJson)
{
	char	   *error = NULL;
	JtNode	   *rels = relsJson ? jt_parse(relsJson, strlen(relsJson), &error) : NULL;
	int			next = 0;

	/* a json column's value jt_parse refuses (a key twice, \u0000) */
	if (relsJson != NULL && rels == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_JSON_TEXT),
				 errmsg("the rows of action \"%s\"'s relationships could not be read: %s",
						pa->action->name, error)));
	if (pa->shape == NULL)
	{
		jt_append(out, value);
		return;
	}
	if (value->type != JT_ARRAY)
	{
		write_object(out, pa, value, rels, &next);
		return;
	}
	appendStringInfoChar(out, '[');
	for (int i = 0; i < value->count; i++)
	{
		if (i > 0)
			appendStringInfoString(out, ", ");
		write_object(out, pa, value->items[i], rels, &next);
	}
	appendStringInfoChar(out, ']');
}
