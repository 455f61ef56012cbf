/*-------------------------------------------------------------------------
 *
 * remote_schema.c
 *	  Remote schemas defined: graphql.add_remote_schema,
 *	  graphql.remove_remote_schema, graphql.reload_remote_schema.
 *
 * In:  a name and Hasura's remote schema definition (url or url_from_env,
 *	    headers with value or value_from_env, forward_client_headers,
 *	    timeout_seconds, customization), from a superuser.
 * Out: a row of graphql.remote_schema: the definition as given and the
 *	    remote's schema, read by the standard introspection query when the
 *	    remote is added and when it is reloaded.
 *
 * The definition is checked as a whole before anything is fetched: an
 * unknown key, a value of the wrong kind, a name that is not a GraphQL
 * name where one is needed, or an environment variable that is not set is
 * an error naming it.  The row is written with SPI as the caller (the
 * table is the superuser's: REVOKE ALL FROM PUBLIC, since headers may
 * hold secrets).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "access/xact.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "cache.h"
#include "json_tree.h"
#include "names.h"
#include "remote_http.h"
#include "remote_schema.h"

PG_FUNCTION_INFO_V1(graphql_add_remote_schema);
PG_FUNCTION_INFO_V1(graphql_remove_remote_schema);
PG_FUNCTION_INFO_V1(graphql_reload_remote_schema);
PG_FUNCTION_INFO_V1(graphql_remote_schema_changed);

/* The most an introspection answer may take. */
#define MAX_INTROSPECTION_BYTES (8 * 1024 * 1024)

/* Hasura's default timeout_seconds. */
#define DEFAULT_TIMEOUT_S 60

/*
 * The introspection query sent to a remote: every type with its fields,
 * arguments, input fields, enum values, interfaces and possible types,
 * to seven levels of wrapping.
 */
static const char *const introspectionQuery =
"query IntrospectionQuery { __schema { queryType { name } mutationType { name } "
"subscriptionType { name } types { ...FullType } } } "
"fragment FullType on __Type { kind name description "
"fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } "
"isDeprecated deprecationReason } "
"inputFields { ...InputValue } interfaces { ...TypeRef } "
"enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } "
"possibleTypes { ...TypeRef } } "
"fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue } "
"fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name "
"ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";

/* An error in the definition of a remote schema or an action (what), at a key path. */
#define def_error_of(what, name, at, ...) \
	ereport(ERROR, \
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE), \
			 errmsg("invalid definition of %s \"%s\": %s: %s", \
					(what), (name), (at), psprintf(__VA_ARGS__))))
#define def_error(name, at, ...) def_error_of("remote schema", name, at, __VA_ARGS__)

/* Check that an object has only the given keys. */
static void
check_keys(const char *name, const char *at, const JtNode *obj, const char *const *keys)
{
	const char *unknown = jt_unknown_key(obj, keys);

	if (unknown != NULL)
		def_error(name, at, "unknown key \"%s\"", unknown);
}

/* A member that must be of one type if given; NULL if absent or null. */
static const JtNode *
member(const char *name, const char *at, const JtNode *obj, const char *key, JtType type)
{
	const JtNode *v = jt_get(obj, key);

	if (v == NULL || v->type == JT_NULL)
		return NULL;
	if (v->type != type)
		def_error(name, psprintf("%s.%s", at, key), "expected %s, got %s",
				  jt_type_name(type), jt_type_name(v->type));
	return v;
}

/* A GraphQL name member, or NULL. */
static const char *
name_member(const char *name, const char *at, const JtNode *obj, const char *key)
{
	const JtNode *v = member(name, at, obj, key, JT_STRING);

	if (v != NULL && !gql_is_name(v->str))
		def_error(name, psprintf("%s.%s", at, key), "\"%s\" is not a GraphQL name", v->str);
	return v ? v->str : NULL;
}

/* An environment variable's value; an error if it is not set. */
static const char *
env_of(const char *what, const char *name, const char *at, const char *var)
{
	const char *value = getenv(var);

	if (value == NULL)
		def_error_of(what, name, at, "the environment variable \"%s\" is not set", var);
	return value;
}

#define from_env(name, at, var) env_of("remote schema", name, at, var)

/*
 * The "headers" of the definition of a remote schema or an action (what):
 * "Name: value" strings, value_from_env read.
 */
List *
gql_definition_headers(const char *what, const char *name, const JtNode *headers)
{
	List	   *out = NIL;

	for (int i = 0; headers != NULL && i < headers->count; i++)
	{
		static const char *const headerKeys[] = {"name", "value", "value_from_env", NULL};
		const char *at = psprintf("definition.headers[%d]", i);
		const JtNode *h = headers->items[i];
		const JtNode *hname = h->type == JT_OBJECT ? jt_get(h, "name") : NULL;
		const JtNode *value = h->type == JT_OBJECT ? jt_get(h, "value") : NULL;
		const JtNode *valueEnv = h->type == JT_OBJECT ? jt_get(h, "value_from_env") : NULL;

		if (h->type != JT_OBJECT)
			def_error_of(what, name, at, "expected an object");
		for (int k = 0; k < h->count; k++)
			if (strcmp(h->keys[k], headerKeys[0]) != 0 && strcmp(h->keys[k], headerKeys[1]) != 0 &&
				strcmp(h->keys[k], headerKeys[2]) != 0)
				def_error_of(what, name, at, "unknown key \"%s\"", h->keys[k]);
		if (hname == NULL || hname->type != JT_STRING || hname->str[0] == '\0' ||
			strpbrk(hname->str, ":\r\n") != NULL)
			def_error_of(what, name, at, "\"name\" must be a header name");
		if ((value == NULL) == (valueEnv == NULL) || (value && value->type != JT_STRING) ||
			(valueEnv && valueEnv->type != JT_STRING))
			def_error_of(what, name, at, "exactly one of \"value\" and \"value_from_env\" is required");
		out = lappend(out, psprintf("%s: %s", hname->str,
									value ? value->str : env_of(what, name, at, valueEnv->str)));
		if (strpbrk(llast(out), "\r\n") != NULL)
			def_error_of(what, name, at, "a header value cannot hold a line break");
	}
	return out;
}

/* A "mapping" member: an object of GraphQL names to GraphQL names. */
static void
check_mapping(const char *name, const char *at, const JtNode *obj)
{
	const JtNode *m = member(name, at, obj, "mapping", JT_OBJECT);

	for (int i = 0; m != NULL && i < m->count; i++)
	{
		if (!gql_is_name(m->keys[i]))
			def_error(name, psprintf("%s.mapping", at), "\"%s\" is not a GraphQL name", m->keys[i]);
		if (m->items[i]->type != JT_STRING || !gql_is_name(m->items[i]->str))
			def_error(name, psprintf("%s.mapping.%s", at, m->keys[i]), "expected a GraphQL name");
	}
}

/* customization: root_fields_namespace, type_names, field_names. */
static void
check_customization(const char *name, const JtNode *c)
{
	static const char *const keys[] = {"root_fields_namespace", "type_names", "field_names", NULL};
	static const char *const typeKeys[] = {"prefix", "suffix", "mapping", NULL};
	static const char *const fieldKeys[] = {"parent_type", "prefix", "suffix", "mapping", NULL};
	const JtNode *types;
	const JtNode *fields;

	check_keys(name, "customization", c, keys);
	(void) name_member(name, "customization", c, "root_fields_namespace");
	types = member(name, "customization", c, "type_names", JT_OBJECT);
	if (types != NULL)
	{
		check_keys(name, "customization.type_names", types, typeKeys);
		(void) name_member(name, "customization.type_names", types, "prefix");
		(void) member(name, "customization.type_names", types, "suffix", JT_STRING);
		check_mapping(name, "customization.type_names", types);
	}
	fields = member(name, "customization", c, "field_names", JT_ARRAY);
	for (int i = 0; fields != NULL && i < fields->count; i++)
	{
		const char *at = psprintf("customization.field_names[%d]", i);
		const JtNode *f = fields->items[i];

		if (f->type != JT_OBJECT)
			def_error(name, at, "expected an object");
		check_keys(name, at, f, fieldKeys);
		if (name_member(name, at, f, "parent_type") == NULL)
			def_error(name, at, "\"parent_type\" is required");
		(void) name_member(name, at, f, "prefix");
		(void) member(name, at, f, "suffix", JT_STRING);
		check_mapping(name, at, f);
	}
}

/*
 * Check a definition and resolve what calling the remote needs: its URL,
 * its headers ("Name: value") and timeout.
 */
RemoteDef *
gql_remote_def(const char *name, const char *definition)
{
	static const char *const keys[] = {"url", "url_from_env", "headers", "forward_client_headers",
	"timeout_seconds", "customization", NULL};
	RemoteDef  *def = palloc0(sizeof(RemoteDef));
	char	   *error = NULL;
	JtNode	   *root = jt_parse(definition, strlen(definition), &error);
	const JtNode *url;
	const JtNode *urlEnv;
	const JtNode *headers;
	const JtNode *timeout;
	const JtNode *c;

	if (root == NULL)
		def_error(name, "definition", "%s", error);
	if (root->type != JT_OBJECT)
		def_error(name, "definition", "expected an object");
	check_keys(name, "definition", root, keys);
	url = member(name, "definition", root, "url", JT_STRING);
	urlEnv = member(name, "definition", root, "url_from_env", JT_STRING);
	if ((url == NULL) == (urlEnv == NULL))
		def_error(name, "definition", "exactly one of \"url\" and \"url_from_env\" is required");
	def->url = url ? url->str : from_env(name, "definition.url_from_env", urlEnv->str);
	if (strncmp(def->url, "http://", 7) != 0 && strncmp(def->url, "https://", 8) != 0)
		def_error(name, "definition.url", "\"%s\" is not an http or https URL", def->url);
	headers = member(name, "definition", root, "headers", JT_ARRAY);
	def->headers = gql_definition_headers("remote schema", name, headers);
	def->forwardClientHeaders = member(name, "definition", root, "forward_client_headers", JT_BOOL) &&
		jt_get(root, "forward_client_headers")->boolean;
	timeout = member(name, "definition", root, "timeout_seconds", JT_NUMBER);
	def->timeoutSeconds = DEFAULT_TIMEOUT_S;
	if (timeout != NULL)
	{
		char	   *end;
		long		v = strtol(timeout->str, &end, 10);

		if (*end != '\0' || v <= 0 || v > 3600)
			def_error(name, "definition.timeout_seconds", "expected a whole number of seconds from 1 to 3600");
		def->timeoutSeconds = (int) v;
	}
	c = member(name, "definition", root, "customization", JT_OBJECT);
	if (c != NULL)
		check_customization(name, c);
	return def;
}

/*
 * The remote's schema: the "__schema" object of its answer to the
 * introspection query, as JSON text.
 */
static char *
fetch_schema(const char *name, RemoteDef *def)
{
	RemoteCall *call = palloc0(sizeof(RemoteCall));
	StringInfoData body;
	char	   *error = NULL;
	JtNode	   *answer;
	const JtNode *schema;
	StringInfoData out;

	initStringInfo(&body);
	appendStringInfoString(&body, "{\"query\": ");
	escape_json(&body, introspectionQuery);
	appendStringInfoChar(&body, '}');
	call->url = def->url;
	call->headers = lappend(list_copy(def->headers), "Content-Type: application/json");
	call->body = body.data;
	call->timeoutMs = def->timeoutSeconds * 1000;
	call->maxBytes = MAX_INTROSPECTION_BYTES;
	gql_remote_run(list_make1(call));
	if (call->error != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CONNECTION_FAILURE),
				 errmsg("remote schema \"%s\" could not be introspected: %s", name, call->error)));
	if (call->status != 200)
		ereport(ERROR,
				(errcode(ERRCODE_CONNECTION_FAILURE),
				 errmsg("remote schema \"%s\" could not be introspected: HTTP status %ld", name,
						call->status)));
	answer = jt_parse(call->response, call->responseLen, &error);
	if (answer == NULL || answer->type != JT_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_JSON_TEXT),
				 errmsg("remote schema \"%s\" could not be introspected: its answer is not a JSON object%s%s",
						name, error ? ": " : "", error ? error : "")));
	schema = jt_path(answer, "$.data.__schema", &error);
	if (schema == NULL || schema->type != JT_OBJECT)
	{
		const JtNode *errors = jt_get(answer, "errors");
		StringInfoData why;

		initStringInfo(&why);
		if (errors != NULL)
			jt_append(&why, errors);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("remote schema \"%s\" could not be introspected: its answer has no data.__schema",
						name),
				 why.len ? errdetail("errors: %s", why.data) : 0));
	}
	initStringInfo(&out);
	jt_append(&out, schema);
	return out.data;
}

/*
 * graphql._remote_schema_changed(): the statement trigger of
 * graphql.remote_schema.  Every backend's schemas reflect the table, so
 * any change to it (these functions', a superuser's own DML, a restore)
 * invalidates its relcache entry, which cache_watch_remote.c judges by
 * the rows' versions; other backends get it at commit.
 */
Datum
graphql_remote_schema_changed(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "graphql._remote_schema_changed() is a trigger function");
	CacheInvalidateRelcache(((TriggerData *) fcinfo->context)->tg_relation);
	return PointerGetDatum(NULL);
}

/*
 * After a remote schema's row is written: refuse it (the transaction
 * rolls back) if the caller's schema would leave it out, naming why.
 */
static void
check_merged(const char *name)
{
	Schema	   *s;
	const char *why;
	List	   *left;

	CommandCounterIncrement();	/* the row seen; the trigger's invalidation taken */
	s = gql_current_schema();
	left = s->remotesLeftOut;
	if (left == NIL)
		return;
	why = gql_remote_left_out(s, name);
	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("remote schema \"%s\" cannot be merged: %s", name, why)));
	/* something else is left out (because of this one, or of something else) */
	ereport(ERROR,
			(errcode(ERRCODE_DUPLICATE_OBJECT),
			 errmsg("remote schema \"%s\" cannot be merged while %s is left out: %s",
					name, gql_left_out_what(linitial(left)), ((RemoteLeftOut *) linitial(left))->why)));
}

/* What was left out, for messages: a remote schema, or a relationship. */
char *
gql_left_out_what(RemoteLeftOut *lo)
{
	if (lo->what != NULL)
		return psprintf("%s \"%s\"", lo->what, lo->name);
	if (OidIsValid(lo->relid))
	{
		char	   *table = get_rel_name(lo->relid);

		return psprintf("remote relationship \"%s\" of table \"%s\"", lo->name,
						table ? table : "?");
	}
	return psprintf("remote schema \"%s\"", lo->name);
}

/*
 * Only a superuser defines remote schemas, their relationships and
 * permissions, and actions: their headers may hold secrets, and what they
 * define every role's schema has.  doing: "add a remote schema", ...
 */
void
gql_require_superuser(const char *doing)
{
	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only a superuser may %s", doing)));
}

/*
 * Run an SPI statement on one of the extension's tables (remote schemas,
 * actions, their permissions); the number of rows it touched or returned.
 */
uint64
gql_spi_write(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls)
{
	int			rc;
	uint64		n;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rc = SPI_execute_with_args(sql, nargs, types, values, nulls, false, 0);
	if (rc < 0)
		elog(ERROR, "graphql: %s failed: %s", sql, SPI_result_code_string(rc));
	n = SPI_processed;
	SPI_finish();
	return n;
}

/* The stored definition of a remote schema, as JSON text; an error if there is none. */
static char *
stored_definition(const char *name)
{
	char	   *text = NULL;
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(name)};
	MemoryContext caller = CurrentMemoryContext;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT definition::pg_catalog.text FROM graphql.remote_schema WHERE name OPERATOR(pg_catalog.=) $1",
							  1, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "graphql: reading graphql.remote_schema failed");
	if (SPI_processed == 1)
		text = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	if (text != NULL)
		text = MemoryContextStrdup(caller, text);
	SPI_finish();
	if (text == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("remote schema with name \"%s\" does not exist", name)));
	return text;
}

/*
 * graphql.add_remote_schema(name text, definition jsonb, comment text)
 *
 * Check the definition, introspect the remote, store both.
 */
Datum
graphql_add_remote_schema(PG_FUNCTION_ARGS)
{
	char	   *name;
	char	   *definition;
	char	   *schema;
	Oid			types[4] = {TEXTOID, JSONBOID, TEXTOID, TEXTOID};
	Datum		values[4];

	gql_require_superuser("add a remote schema");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("a remote schema needs a name and a definition")));
	name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	definition = JsonbToCString(NULL, &PG_GETARG_JSONB_P(1)->root, VARSIZE(PG_GETARG_JSONB_P(1)));
	if (name[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a remote schema's name cannot be empty")));
	schema = fetch_schema(name, gql_remote_def(name, definition));
	values[0] = CStringGetTextDatum(name);
	values[1] = PG_GETARG_DATUM(1);
	values[2] = CStringGetTextDatum(schema);
	values[3] = PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("INSERT INTO graphql.remote_schema (name, definition, introspection, comment) "
							  "VALUES ($1, $2, $3::pg_catalog.jsonb, $4) ON CONFLICT (name) DO NOTHING",
							  4, types, values, PG_ARGISNULL(2) ? "   n" : "    ", false, 0) != SPI_OK_INSERT)
		elog(ERROR, "graphql: writing graphql.remote_schema failed");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("remote schema with name \"%s\" already exists", name)));
	SPI_finish();
	check_merged(name);
	PG_RETURN_VOID();
}

/* graphql.remove_remote_schema(name text) */
Datum
graphql_remove_remote_schema(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {PG_GETARG_DATUM(0)};

	gql_require_superuser("remove a remote schema");
	if (gql_spi_write("SELECT 1 FROM graphql.remote_relationship WHERE remote_schema OPERATOR(pg_catalog.=) $1",
					  1, types, values, NULL) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
				 errmsg("remote schema \"%s\" has remote relationships: remove them first", name)));
	if (gql_spi_write("DELETE FROM graphql.remote_schema WHERE name OPERATOR(pg_catalog.=) $1", 1, types, values, NULL) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("remote schema with name \"%s\" does not exist", name)));
	PG_RETURN_VOID();
}

/* graphql.reload_remote_schema(name text): introspect the remote again. */
Datum
graphql_reload_remote_schema(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *schema;
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];

	gql_require_superuser("reload a remote schema");
	schema = fetch_schema(name, gql_remote_def(name, stored_definition(name)));
	values[0] = PG_GETARG_DATUM(0);
	values[1] = CStringGetTextDatum(schema);
	(void) gql_spi_write("UPDATE graphql.remote_schema SET introspection = $2::pg_catalog.jsonb "
						 "WHERE name OPERATOR(pg_catalog.=) $1", 2, types, values, NULL);
	check_merged(name);
	PG_RETURN_VOID();
}
