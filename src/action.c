/*-------------------------------------------------------------------------
 *
 * action.c
 *	  Actions defined: graphql.set_custom_types, graphql.add_action,
 *	  graphql.remove_action; and an action's definition read to call it.
 *
 * In:  Hasura's custom types ({"scalars", "enums", "input_objects",
 *	    "objects"}, objects with "relationships" to tables) and action
 *	    definitions ({"kind": "synchronous", "type": "mutation" | "query",
 *	    "arguments", "output_type", "handler", "headers",
 *	    "forward_client_headers", "timeout"}), from a superuser.
 * Out: rows of graphql.custom_types and graphql.action, merged into every
 *	    role's schema by schema_action.c.
 *
 * The JSON's shape is checked here (unknown keys, values of the wrong
 * kind, a handler that is not an http(s) URL once its {{ENV}} parts are
 * read); what it means (types that exist, names that are free) is checked
 * by building the caller's schema with the row written: what that schema
 * would leave out is refused with the reason.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "cache.h"
#include "json_tree.h"
#include "remote_schema.h"

PG_FUNCTION_INFO_V1(graphql_set_custom_types);
PG_FUNCTION_INFO_V1(graphql_add_action);
PG_FUNCTION_INFO_V1(graphql_remove_action);
PG_FUNCTION_INFO_V1(graphql_create_action_permission);
PG_FUNCTION_INFO_V1(graphql_drop_action_permission);

/* Hasura's default timeout of an action's handler, in seconds. */
#define DEFAULT_ACTION_TIMEOUT_S 30

#define action_error(name, at, ...) \
	ereport(ERROR, \
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE), \
			 errmsg("invalid definition of action \"%s\": %s: %s", (name), (at), psprintf(__VA_ARGS__))))

/* The handler's URL with its {{ENV_VAR}} parts read from the environment. */
static char *
handler_url(const char *name, const char *handler)
{
	StringInfoData out;
	const char *p = handler;

	initStringInfo(&out);
	while (*p)
	{
		const char *open = strstr(p, "{{");
		const char *close = open ? strstr(open, "}}") : NULL;
		char	   *var;
		const char *value;

		if (open == NULL || close == NULL)
		{
			appendStringInfoString(&out, p);
			break;
		}
		appendBinaryStringInfo(&out, p, open - p);
		var = pnstrdup(open + 2, close - open - 2);
		value = getenv(var);
		if (value == NULL)
			action_error(name, "definition.handler", "the environment variable \"%s\" is not set", var);
		appendStringInfoString(&out, value);
		p = close + 2;
	}
	if (strncmp(out.data, "http://", 7) != 0 && strncmp(out.data, "https://", 8) != 0)
		action_error(name, "definition.handler", "\"%s\" is not an http or https URL", out.data);
	if (strpbrk(out.data, "\r\n") != NULL)
		action_error(name, "definition.handler", "a URL cannot hold a line break");
	return out.data;
}

/* The member of an object, of a type if there; NULL if absent. */
static const JtNode *
member(const char *name, const JtNode *obj, const char *key, JtType type)
{
	const JtNode *v = jt_get(obj, key);

	if (v != NULL && v->type != type)
		action_error(name, psprintf("definition.%s", key), "expected %s, got %s",
					 jt_type_name(type), jt_type_name(v->type));
	return v;
}

/*
 * Check an action's definition and resolve what calling its handler
 * needs: the URL, the headers ("Name: value"), forwarding, the timeout.
 */
RemoteDef *
gql_action_def(const char *name, const char *definition)
{
	static const char *const keys[] = {"kind", "type", "arguments", "output_type", "handler", "headers",
	"forward_client_headers", "timeout", NULL};
	char	   *error = NULL;
	JtNode	   *root = jt_parse(definition, strlen(definition), &error);
	RemoteDef  *def = palloc0(sizeof(RemoteDef));
	const JtNode *handler;
	const JtNode *timeout;
	const JtNode *args;
	const char *bad;

	if (root == NULL || root->type != JT_OBJECT)
		action_error(name, "definition", "expected an object");
	if (jt_get(root, "request_transform") || jt_get(root, "response_transform"))
		action_error(name, "definition", "request and response transforms are not supported");
	if ((bad = jt_unknown_key(root, keys)) != NULL)
		action_error(name, "definition", "unknown key \"%s\"", bad);
	(void) member(name, root, "kind", JT_STRING);
	(void) member(name, root, "type", JT_STRING);
	if (member(name, root, "output_type", JT_STRING) == NULL)
		action_error(name, "definition", "\"output_type\" is required");
	args = member(name, root, "arguments", JT_ARRAY);
	for (int i = 0; args != NULL && i < args->count; i++)
	{
		static const char *const argKeys[] = {"name", "type", "description", NULL};

		if (args->items[i]->type != JT_OBJECT)
			action_error(name, psprintf("definition.arguments[%d]", i), "expected an object");
		if ((bad = jt_unknown_key(args->items[i], argKeys)) != NULL)
			action_error(name, psprintf("definition.arguments[%d]", i), "unknown key \"%s\"", bad);
	}
	handler = member(name, root, "handler", JT_STRING);
	if (handler == NULL)
		action_error(name, "definition", "\"handler\" is required");
	def->url = handler_url(name, handler->str);
	def->headers = gql_definition_headers("action", name, member(name, root, "headers", JT_ARRAY));
	def->forwardClientHeaders = member(name, root, "forward_client_headers", JT_BOOL) &&
		jt_get(root, "forward_client_headers")->boolean;
	timeout = member(name, root, "timeout", JT_NUMBER);
	def->timeoutSeconds = DEFAULT_ACTION_TIMEOUT_S;
	if (timeout != NULL)
	{
		char	   *end;
		long		v = strtol(timeout->str, &end, 10);

		if (*end != '\0' || v <= 0 || v > 3600)
			action_error(name, "definition.timeout", "expected a whole number of seconds from 1 to 3600");
		def->timeoutSeconds = (int) v;
	}
	return def;
}

/* After a row is written: refuse it if the caller's schema leaves something out. */
static void
check_merged(const char *what)
{
	Schema	   *s;

	CommandCounterIncrement();	/* the row seen; the trigger's invalidation taken */
	s = gql_current_schema();
	if (s->remotesLeftOut != NIL)
	{
		RemoteLeftOut *lo = linitial(s->remotesLeftOut);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s is left out of the schema: %s", what, gql_left_out_what(lo), lo->why)));
	}
}

/* graphql.set_custom_types(types jsonb) */
Datum
graphql_set_custom_types(PG_FUNCTION_ARGS)
{
	static const char *const keys[] = {"scalars", "enums", "input_objects", "objects", NULL};
	Jsonb	   *types = PG_GETARG_JSONB_P(0);
	char	   *text = JsonbToCString(NULL, &types->root, VARSIZE(types));
	char	   *error = NULL;
	JtNode	   *root = jt_parse(text, strlen(text), &error);
	const char *bad;
	Oid			argtypes[1] = {JSONBOID};
	Datum		values[1] = {PG_GETARG_DATUM(0)};

	gql_require_superuser("set custom types");
	if (root == NULL || root->type != JT_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid custom types: expected an object")));
	if ((bad = jt_unknown_key(root, keys)) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid custom types: unknown key \"%s\"", bad)));
	for (int i = 0; keys[i] != NULL; i++)
		if (jt_get(root, keys[i]) != NULL && jt_get(root, keys[i])->type != JT_ARRAY)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid custom types: %s: expected an array", keys[i])));
	(void) gql_spi_write("INSERT INTO graphql.custom_types (definition) VALUES ($1) "
					  "ON CONFLICT (one) DO UPDATE SET definition = excluded.definition",
					  1, argtypes, values, NULL);
	check_merged("the custom types cannot be set");
	PG_RETURN_VOID();
}

/* graphql.add_action(name text, definition jsonb, comment text) */
Datum
graphql_add_action(PG_FUNCTION_ARGS)
{
	char	   *name;
	Oid			types[3] = {TEXTOID, JSONBOID, TEXTOID};
	Datum		values[3];

	gql_require_superuser("add an action");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("an action needs a name and a definition")));
	name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	(void) gql_action_def(name, JsonbToCString(NULL, &PG_GETARG_JSONB_P(1)->root, VARSIZE(PG_GETARG_JSONB_P(1))));
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	values[2] = PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2);
	if (gql_spi_write("INSERT INTO graphql.action (name, definition, comment) VALUES ($1, $2, $3) "
				   "ON CONFLICT (name) DO NOTHING", 3, types, values, PG_ARGISNULL(2) ? "  n" : "   ") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("action \"%s\" already exists", name)));
	check_merged(psprintf("action \"%s\" cannot be added", name));
	PG_RETURN_VOID();
}

/* graphql.remove_action(name text) */
Datum
graphql_remove_action(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {PG_GETARG_DATUM(0)};

	gql_require_superuser("remove an action");
	if (gql_spi_write("DELETE FROM graphql.action WHERE name OPERATOR(pg_catalog.=) $1", 1, types, values, NULL) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("action \"%s\" does not exist", name)));
	PG_RETURN_VOID();
}

/* graphql.create_action_permission(action text, role name, comment text) */
Datum
graphql_create_action_permission(PG_FUNCTION_ARGS)
{
	char	   *action;
	char	   *role;
	Oid			types[3] = {TEXTOID, TEXTOID, TEXTOID};
	Datum		values[3];

	gql_require_superuser("let a role use an action");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("an action permission needs an action and a role")));
	action = text_to_cstring(PG_GETARG_TEXT_PP(0));
	role = NameStr(*PG_GETARG_NAME(1));
	if (!OidIsValid(get_role_oid(role, true)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" does not exist", role)));
	values[0] = PG_GETARG_DATUM(0);
	values[1] = CStringGetTextDatum(role);
	values[2] = PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2);
	if (gql_spi_write("SELECT 1 FROM graphql.action WHERE name OPERATOR(pg_catalog.=) $1", 1, types, values, NULL) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("action \"%s\" does not exist", action)));
	if (gql_spi_write("INSERT INTO graphql.action_permission (action, role, comment) VALUES ($1, $2, $3) "
				   "ON CONFLICT DO NOTHING", 3, types, values, PG_ARGISNULL(2) ? "  n" : "   ") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("role \"%s\" may already use action \"%s\"", role, action)));
	PG_RETURN_VOID();
}

/* graphql.drop_action_permission(action text, role name) */
Datum
graphql_drop_action_permission(PG_FUNCTION_ARGS)
{
	char	   *action = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *role = NameStr(*PG_GETARG_NAME(1));
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2] = {PG_GETARG_DATUM(0), CStringGetTextDatum(role)};

	gql_require_superuser("take an action back from a role");
	if (gql_spi_write("DELETE FROM graphql.action_permission WHERE action OPERATOR(pg_catalog.=) $1 "
				   "AND role OPERATOR(pg_catalog.=) $2", 2, types, values, NULL) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" has no permission on action \"%s\"", role, action)));
	PG_RETURN_VOID();
}
