/*-------------------------------------------------------------------------
 *
 * remote_run.c
 *	  Runs a request's remote root fields: each STEP_HTTP step is POSTed
 *	  to its remote schema, all of them at once, and each answer becomes
 *	  the field's value and its errors.
 *
 * In:  the compiled root fields (their STEP_HTTP steps: the JSON body, the
 *	    remote's name, the shape of the value), SPI connected.
 * Out: a RemoteResult per step: the field's JSON, written with the
 *	    shape's keys, and the errors to add to the response.
 *
 * The call's URL, headers and timeout come from the stored definition,
 * read as its owner when the request runs (they never reach a role's
 * schema).  Headers sent, as Hasura sends them (a name given twice keeps
 * the first): the definition's; the session variables as x-hasura-*
 * headers; with forward_client_headers, the client's headers from
 * request.headers, less those that describe the client's own connection
 * or body (Hasura's list) and its x-hasura-* (the session variables
 * stand for them).  A value with a line break is never sent: a session
 * variable's is the field's error, a client header's is left out.
 *
 * A remote that cannot be reached, does not answer in time, or answers
 * something that is not a GraphQL response gives null for its fields and
 * an error with code remote-schema-error and the field's path; its own
 * GraphQL errors are passed on (message, path, extensions; under a
 * namespace the path starts with the namespace field's key).
 *
 * Each remote has at most graphql.remote_max_concurrent calls in flight,
 * across all backends of the database: a call takes a slot, a session
 * advisory lock on (the remote's name, slot); with every slot taken the
 * field answers at once that the remote is busy, instead of holding a
 * connection while it waits.  The slots are released when the calls end,
 * whatever ends them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/guc.h"
#include "utils/json.h"

#include "auth.h"
#include "catalog.h"
#include "error.h"
#include "json_tree.h"
#include "remote_http.h"
#include "remote_run.h"
#include "remote_schema.h"
#include "settings.h"

/* The longest answer a remote root field may give. */
#define MAX_ANSWER_BYTES (16 * 1024 * 1024)

/* pg_locks' objsubid of a remote's call slots (the SQL functions use 1, 2). */
#define SLOT_LOCK_KIND 3

/*
 * The shape of the value of a field selected on a remote type (a remote
 * root field, or the namespace field): NULL for a leaf, else the keys its
 * selections collect, each with its own.
 */
RemoteShape *
gql_remote_shape(Request *req, FieldGroup *g, SField *def)
{
	SType	   *type = gql_ref_named(def->type);
	List	   *groups;
	RemoteShape *shape;
	ListCell   *lc;

	check_stack_depth();
	if (gql_type_is_leaf(type))
		return NULL;
	groups = gql_sub_selections(req, g);
	shape = palloc0(sizeof(RemoteShape));
	shape->n = list_length(groups);
	shape->keys = palloc0(sizeof(char *) * Max(shape->n, 1));
	shape->typenames = palloc0(sizeof(char *) * Max(shape->n, 1));
	shape->subs = palloc0(sizeof(RemoteShape *) * Max(shape->n, 1));
	foreach(lc, groups)
	{
		FieldGroup *sub = lfirst(lc);
		const char *name = ((GqlField *) linitial(sub->fields))->name.value;
		int			i = foreach_current_index(lc);

		shape->keys[i] = (char *) sub->key;
		if (strcmp(name, "__typename") == 0)
			shape->typenames[i] = type->name;
		else
			shape->subs[i] = gql_remote_shape(req, sub, gql_type_field(type, name));
	}
	return shape;
}

/* Write a value of the answer with the keys of its shape. */
void
gql_remote_write_shaped(StringInfo out, const JtNode *v, const RemoteShape *shape)
{
	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (v == NULL)
		appendStringInfoString(out, "null");
	else if (shape != NULL && v->type == JT_ARRAY)
	{
		appendStringInfoChar(out, '[');
		for (int i = 0; i < v->count; i++)
		{
			if (i > 0)
				appendStringInfoString(out, ", ");
			gql_remote_write_shaped(out, v->items[i], shape);
		}
		appendStringInfoChar(out, ']');
	}
	else if (shape != NULL && v->type == JT_OBJECT)
	{
		appendStringInfoChar(out, '{');
		for (int i = 0; i < shape->n; i++)
		{
			if (i > 0)
				appendStringInfoString(out, ", ");
			escape_json(out, shape->keys[i]);
			appendStringInfoString(out, ": ");
			if (shape->typenames[i] != NULL)
				escape_json(out, shape->typenames[i]);
			else
				gql_remote_write_shaped(out, jt_get(v, shape->keys[i]), shape->subs[i]);
		}
		appendStringInfoChar(out, '}');
	}
	else
		jt_append(out, v);		/* a leaf, or a value of the wrong kind as given */
}

/* Our own error for a call, as a JSON object. */
static void
add_own_error(RemoteSend *p, const char *fmt,...) pg_attribute_printf(2, 3);

static void
add_own_error(RemoteSend *p, const char *fmt,...)
{
	va_list		args;
	char	   *message;

	va_start(args, fmt);
	message = gql_vformat(fmt, args);
	va_end(args);
	p->ownErrors = lappend(p->ownErrors,
						   gql_call_error(message, p->ownPath, p->errorPath,
										  p->action ? "unexpected" : "remote-schema-error", NULL));
}

/*
 * An error of a call to a remote or an action's handler, as a JSON object:
 * the message, the response path (a JSON array), and the extensions given,
 * or {"path": errorPath, "code": code}.
 */
char *
gql_call_error(const char *message, const char *path, const char *errorPath, const char *code,
			   const JtNode *extensions)
{
	StringInfoData out;

	initStringInfo(&out);
	appendStringInfoString(&out, "{\"message\": ");
	escape_json(&out, message);
	appendStringInfo(&out, ", \"path\": %s, \"extensions\": ", path);
	if (extensions != NULL)
		jt_append(&out, extensions);
	else
	{
		appendStringInfoString(&out, "{\"path\": ");
		escape_json(&out, errorPath);
		appendStringInfo(&out, ", \"code\": \"%s\"}", code);
	}
	appendStringInfoChar(&out, '}');
	return out.data;
}

/* Whether a header value can be sent as it is (no line break, no NUL). */
static bool
header_value_ok(const char *v)
{
	return strpbrk(v, "\r\n") == NULL;
}

/* Whether a header name is an HTTP token. */
static bool
header_name_ok(const char *n)
{
	if (*n == '\0')
		return false;
	for (; *n; n++)
		if (!(isalnum((unsigned char) *n) || strchr("!#$%&'*+-.^_`|~", *n)))
			return false;
	return true;
}

/* Whether headers (of "Name: value") already has one named name. */
static bool
has_header(List *headers, const char *name)
{
	size_t		len = strlen(name);
	ListCell   *lc;

	foreach(lc, headers)
	{
		const char *h = lfirst(lc);

		if (pg_strncasecmp(h, name, len) == 0 && h[len] == ':')
			return true;
	}
	return false;
}

/*
 * Client headers never forwarded: they describe the client's own request.
 * An underscore counts as a dash (CGI-style servers take X_Hasura_Role for
 * X-Hasura-Role).
 */
static bool
client_only_header(const char *given)
{
	static const char *const names[] = {
		"content-length", "content-md5", "user-agent", "host", "origin", "referer",
		"accept", "accept-encoding", "accept-language", "accept-datetime",
		"cache-control", "connection", "dnt", "content-type", "transfer-encoding",
		"te", "trailer", "upgrade", "keep-alive", "expect", "proxy-authorization",
		"proxy-connection"
	};
	char	   *name = pstrdup(given);

	for (char *c = name; *c; c++)
		if (*c == '_')
			*c = '-';

	for (size_t i = 0; i < lengthof(names); i++)
		if (pg_strcasecmp(name, names[i]) == 0)
			return true;
	return pg_strncasecmp(name, "x-hasura-", 9) == 0;
}

/*
 * The headers of a call: the definition's, the session variables, the
 * client's (if forwarded); false with the field's error set if a session
 * variable cannot be sent.
 */
static bool
call_headers(RemoteSend *p, RemoteDef *def, List **headers)
{
	char	   *error = NULL;
	const char *session = gql_session_json();
	/* an action's handler gets them in its payload, not as headers */
	JtNode	   *vars = p->action ? NULL : jt_parse(session, strlen(session), &error);
	ListCell   *lc;

	*headers = NIL;
	foreach(lc, def->headers)
		*headers = lappend(*headers, lfirst(lc));
	for (int i = 0; vars != NULL && vars->type == JT_OBJECT && i < vars->count; i++)
	{
		const JtNode *v = vars->items[i];
		StringInfoData value;

		if (pg_strncasecmp(vars->keys[i], "x-hasura-", 9) != 0 || has_header(*headers, vars->keys[i]))
			continue;
		initStringInfo(&value);
		if (v->type == JT_STRING)
			appendStringInfoString(&value, v->str);
		else
			jt_append(&value, v);
		if (!header_name_ok(vars->keys[i]) || !header_value_ok(value.data))
		{
			add_own_error(p, "the session variable \"%s\" cannot be sent to remote schema \"%s\" as a header",
						  vars->keys[i], p->remote);
			return false;
		}
		*headers = lappend(*headers, psprintf("%s: %s", vars->keys[i], value.data));
	}
	if (def->forwardClientHeaders)
	{
		const char *text = GetConfigOption("request.headers", true, false);
		JtNode	   *client = text && text[0] ? jt_parse(text, strlen(text), &error) : NULL;

		for (int i = 0; client != NULL && client->type == JT_OBJECT && i < client->count; i++)
		{
			const char *name = client->keys[i];
			const JtNode *v = client->items[i];

			if (v->type != JT_STRING || client_only_header(name) || has_header(*headers, name) ||
				!header_name_ok(name) || !header_value_ok(v->str))
				continue;
			*headers = lappend(*headers, psprintf("%s: %s", name, v->str));
		}
	}
	if (!has_header(*headers, "content-type"))
		*headers = lappend(*headers, "Content-Type: application/json");
	return true;
}

/*
 * Take one of the remote's call slots; false if every one is taken (a slot
 * this backend holds already, for another field, is taken too).
 */
static bool
take_slot(RemoteSend *p)
{
	char	   *key = psprintf("%s%s", p->action ? "action " : "", p->remote);
	uint32		remote = hash_bytes((const unsigned char *) key, strlen(key));

	for (int slot = 0; slot < gql_remote_max_concurrent; slot++)
	{
		LockAcquireResult got;

		SET_LOCKTAG_ADVISORY(p->slot, MyDatabaseId, remote, (uint32) slot, SLOT_LOCK_KIND);
		got = LockAcquire(&p->slot, ExclusiveLock, true, true);
		if (got == LOCKACQUIRE_OK)
		{
			p->hasSlot = true;
			return true;
		}
		if (got != LOCKACQUIRE_NOT_AVAIL)
			LockRelease(&p->slot, ExclusiveLock, true);
	}
	return false;
}

/* Set up a call; false with its error set if it is not made. */
static bool
prepare_call(RemoteSend *p)
{
	const char *what = p->action ? "action" : "remote schema";
	char	   *definition = gql_catalog_definition(p->action, p->remote);
	RemoteDef  *def;
	List	   *headers;

	if (definition == NULL)
	{
		add_own_error(p, "%s \"%s\" no longer exists", what, p->remote);
		return false;
	}
	def = p->action ? gql_action_def(p->remote, definition) : gql_remote_def(p->remote, definition);
	if (!call_headers(p, def, &headers))
		return false;
	if (!take_slot(p))
	{
		add_own_error(p, "%s \"%s\" is busy: graphql.remote_max_concurrent (%d) calls to it are running",
					  what, p->remote, gql_remote_max_concurrent);
		return false;
	}
	p->call = palloc0(sizeof(RemoteCall));
	p->call->url = def->url;
	p->call->headers = headers;
	p->call->body = p->body;
	p->call->timeoutMs = def->timeoutSeconds * 1000;
	p->call->maxBytes = MAX_ANSWER_BYTES;
	return true;
}

/*
 * One of the remote's errors as we pass it on (message, path, extensions):
 * its path's first skip items replaced by prefix (of JSON texts).
 */
char *
gql_remote_error_json(const char *remote, const JtNode *e, List *prefix, int skip)
{
	const JtNode *message = e->type == JT_OBJECT ? jt_get(e, "message") : NULL;
	const JtNode *path = e->type == JT_OBJECT ? jt_get(e, "path") : NULL;
	const JtNode *extensions = e->type == JT_OBJECT ? jt_get(e, "extensions") : NULL;
	StringInfoData out;

	initStringInfo(&out);
	appendStringInfoString(&out, "{\"message\": ");
	if (message != NULL && message->type == JT_STRING)
		escape_json(&out, message->str);
	else
		escape_json(&out, psprintf("remote schema \"%s\" answered an error without a message", remote));
	if (path != NULL && path->type == JT_ARRAY && path->count >= skip)
	{
		int			n = 0;
		ListCell   *lc;

		appendStringInfoString(&out, ", \"path\": [");
		foreach(lc, prefix)
			appendStringInfo(&out, "%s%s", n++ ? ", " : "", (char *) lfirst(lc));
		for (int i = skip; i < path->count; i++)
		{
			appendStringInfoString(&out, n++ ? ", " : "");
			jt_append(&out, path->items[i]);
		}
		appendStringInfoChar(&out, ']');
	}
	if (extensions != NULL && extensions->type == JT_OBJECT)
	{
		appendStringInfoString(&out, ", \"extensions\": ");
		jt_append(&out, extensions);
	}
	appendStringInfoChar(&out, '}');
	return out.data;
}

/* Read a call's answer: its data and errors, or our error. */
static void
read_answer(RemoteSend *p)
{
	RemoteCall *c = p->call;
	char	   *error = NULL;
	JtNode	   *answer;
	const JtNode *data;
	const JtNode *errors;

	if (c->error != NULL)
	{
		add_own_error(p, "%s \"%s\" did not answer: %s", p->action ? "the handler of action" : "remote schema",
					  p->remote, c->error);
		return;
	}
	answer = jt_parse_ext(c->response, c->responseLen, true, &error);
	if (p->action)
	{
		/* the handler's answer is read by action_run.c */
		p->status = c->status;
		p->answer = answer;
		return;
	}
	data = answer && answer->type == JT_OBJECT ? jt_get(answer, "data") : NULL;
	errors = answer && answer->type == JT_OBJECT ? jt_get(answer, "errors") : NULL;
	if ((data == NULL && errors == NULL) || (errors != NULL && errors->type != JT_ARRAY) ||
		(data != NULL && data->type != JT_OBJECT && data->type != JT_NULL))
	{
		if (c->status < 200 || c->status > 299)
			add_own_error(p, "remote schema \"%s\" answered HTTP status %ld", p->remote, c->status);
		else if (answer == NULL)
			add_own_error(p, "remote schema \"%s\" answered something that is not JSON", p->remote);
		else
			add_own_error(p, "remote schema \"%s\" did not answer a GraphQL response", p->remote);
		return;
	}
	p->data = data != NULL && data->type == JT_OBJECT ? data : NULL;
	p->errors = errors;
}

/* Set up the calls (their slots taken) and make them, all at once. */
static void
make_calls(List *sends)
{
	List	   *calls = NIL;
	ListCell   *lc;

	foreach(lc, sends)
	{
		RemoteSend *p = lfirst(lc);

		if (prepare_call(p))
			calls = lappend(calls, p->call);
	}
	gql_remote_run(calls);
}

/* Release the slots the calls took, whatever ended them. */
static void
release_slots(List *sends)
{
	ListCell   *lc;

	foreach(lc, sends)
	{
		RemoteSend *p = lfirst(lc);

		if (p->hasSlot)
			LockRelease(&p->slot, ExclusiveLock, true);
		p->hasSlot = false;
	}
}

/*
 * Make the calls (of RemoteSend), all at once: each one's data and errors
 * set, or its own error.
 */
void
gql_remote_send(List *sends)
{
	ListCell   *lc;

	PG_TRY();
	{
		make_calls(sends);
	}
	PG_CATCH();
	{
		release_slots(sends);
		PG_RE_THROW();
	}
	PG_END_TRY();
	release_slots(sends);
	foreach(lc, sends)
	{
		RemoteSend *p = lfirst(lc);

		if (p->call != NULL)
			read_answer(p);
	}
}

/*
 * Call the remote root fields of the compiled root fields (their STEP_HTTP
 * steps), all at once; a RemoteResult for each.
 */
List *
gql_remote_call(List *compiled)
{
	List	   *sends = NIL;
	List	   *results = NIL;
	ListCell   *lc;
	ListCell   *lr;

	foreach(lc, compiled)
	{
		Sql		   *sql = lfirst(lc);
		ListCell   *ls;

		foreach(ls, sql->steps)
		{
			Step	   *step = lfirst(ls);
			RemoteSend *p;
			RemoteResult *r;
			StringInfoData path;

			if (step->kind != STEP_HTTP)
				continue;
			p = palloc0(sizeof(RemoteSend));
			p->remote = step->remote;
			p->action = step->action != NULL;
			p->body = step->sql;
			initStringInfo(&path);
			appendStringInfoChar(&path, '[');
			escape_json(&path, sql->key);
			appendStringInfoChar(&path, ']');
			p->ownPath = path.data;
			p->errorPath = psprintf("$.selectionSet.%s", sql->key);
			sends = lappend(sends, p);
			r = palloc0(sizeof(RemoteResult));
			r->step = step;
			r->key = sql->key;
			results = lappend(results, r);
		}
	}
	if (sends == NIL)
		return NIL;				/* every query asks: most have no remote step */
	gql_remote_send(sends);
	forboth(lc, sends, lr, results)
	{
		RemoteSend *p = lfirst(lc);
		RemoteResult *r = lfirst(lr);
		List	   *prefix = NIL;

		r->errors = p->ownErrors;
		r->status = p->status;
		r->answer = p->answer;
		r->failed = p->call == NULL || p->call->error != NULL;
		if (r->step->remoteNamespaced)
		{
			StringInfoData key;

			initStringInfo(&key);
			escape_json(&key, r->key);
			prefix = list_make1(key.data);
		}
		for (int i = 0; p->errors != NULL && i < p->errors->count; i++)
			r->errors = lappend(r->errors, gql_remote_error_json(p->remote, p->errors->items[i], prefix, 0));
		if (p->data != NULL)
		{
			StringInfoData value;

			initStringInfo(&value);
			gql_remote_write_shaped(&value, r->step->remoteNamespaced ? p->data : jt_get(p->data, r->key),
						 r->step->remoteShape);
			r->value = value.data;
		}
		else
			r->value = "null";
	}
	return results;
}

/* The result of a step called by gql_remote_call, or NULL. */
RemoteResult *
gql_remote_result(List *results, const Step *step)
{
	ListCell   *lc;

	foreach(lc, results)
		if (((RemoteResult *) lfirst(lc))->step == step)
			return lfirst(lc);
	return NULL;
}
