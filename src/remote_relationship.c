/*-------------------------------------------------------------------------
 *
 * remote_relationship.c
 *	  Remote relationships defined: graphql.add_remote_relationship and
 *	  graphql.remove_remote_relationship.
 *
 * In:  a table, a name and Hasura's remote relationship definition
 *	    ({"to_remote_schema": {"remote_schema", "lhs_fields", "remote_field":
 *	    {"<field>": {"arguments": {...}}}}}), from a superuser.
 * Out: a row of graphql.remote_relationship (the table by schema and name,
 *	    as Hasura's metadata names it), merged into every role's schema by
 *	    schema_remote_rel.c.
 *
 * The definition is checked before it is stored: an unknown key, a
 * remote schema that does not exist, an lhs field that is not a column of
 * the table, a "$name" in an argument that is not an lhs field, a nested
 * remote field (not supported yet) is an error naming it.  Once stored,
 * the caller's schema is built with it: a relationship that schema would
 * leave out (no such root field, an argument the field does not have, a
 * field of that name already) is refused with the reason.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "cache.h"
#include "json_tree.h"
#include "names.h"
#include "remote_schema.h"

PG_FUNCTION_INFO_V1(graphql_add_remote_relationship);
PG_FUNCTION_INFO_V1(graphql_remove_remote_relationship);

/* A mistake in a definition, at a place in it. */
static void
def_error(const char *name, const char *at, const char *fmt,...) pg_attribute_printf(3, 4);

static void
def_error(const char *name, const char *at, const char *fmt,...)
{
	va_list		args;
	char		why[512];

	va_start(args, fmt);
	vsnprintf(why, sizeof(why), fmt, args);
	va_end(args);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid definition of remote relationship \"%s\": %s: %s", name, at, why)));
}

/* Refuse keys of obj other than those allowed. */
static void
only_keys(const char *name, const char *at, const JtNode *obj, const char *const *allowed)
{
	const char *unknown = jt_unknown_key(obj, allowed);

	if (unknown != NULL)
		def_error(name, at, "unknown key \"%s\"", unknown);
}

/* A member of obj that must be there, of a type. */
static const JtNode *
required(const char *name, const char *at, const JtNode *obj, const char *key, JtType type)
{
	const JtNode *v = jt_get(obj, key);

	if (v == NULL)
		def_error(name, at, "\"%s\" is required", key);
	if (v->type != type)
		def_error(name, psprintf("%s.%s", at, key), "expected %s, got %s",
				  jt_type_name(type), jt_type_name(v->type));
	return v;
}

/* Every "$name" in an argument's value must be one of the lhs fields. */
static void
check_refs(const char *name, const char *at, const JtNode *v, const JtNode *lhs, int depth)
{
	check_stack_depth();
	if (depth > JT_MAX_DEPTH)
		def_error(name, at, "nested too deeply");
	if (v->type == JT_STRING && v->str[0] == '$')
	{
		for (int i = 0; i < lhs->count; i++)
			if (strcmp(lhs->items[i]->str, v->str + 1) == 0)
				return;
		def_error(name, at, "\"%s\" is not one of the lhs_fields", v->str);
	}
	for (int i = 0; (v->type == JT_ARRAY || v->type == JT_OBJECT) && i < v->count; i++)
		check_refs(name, v->type == JT_OBJECT ? psprintf("%s.%s", at, v->keys[i]) :
				   psprintf("%s[%d]", at, i), v->items[i], lhs, depth + 1);
}

/*
 * Check a definition; returns the remote schema's name.  SPI connected (the
 * remote schema is looked up).
 */
static char *
check_definition(const char *name, Oid relid, const char *definition)
{
	static const char *const top[] = {"to_remote_schema", NULL};
	static const char *const keys[] = {"remote_schema", "lhs_fields", "remote_field", NULL};
	static const char *const fieldKeys[] = {"arguments", NULL};
	char	   *error = NULL;
	JtNode	   *root = jt_parse(definition, strlen(definition), &error);
	const JtNode *to;
	const JtNode *remote;
	const JtNode *lhs;
	const JtNode *field;
	const JtNode *args;
	Oid			types[1] = {TEXTOID};
	Datum		values[1];

	if (root == NULL || root->type != JT_OBJECT)
		def_error(name, "definition", "expected an object");
	if (jt_get(root, "to_source") != NULL)
		def_error(name, "definition.to_source", "relationships to another database are not supported");
	only_keys(name, "definition", root, top);
	to = required(name, "definition", root, "to_remote_schema", JT_OBJECT);
	only_keys(name, "to_remote_schema", to, keys);
	remote = required(name, "to_remote_schema", to, "remote_schema", JT_STRING);
	values[0] = CStringGetTextDatum(remote->str);
	if (SPI_execute_with_args("SELECT 1 FROM graphql.remote_schema WHERE name OPERATOR(pg_catalog.=) $1",
							  1, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "graphql: reading graphql.remote_schema failed");
	if (SPI_processed == 0)
		def_error(name, "to_remote_schema.remote_schema", "remote schema \"%s\" does not exist", remote->str);
	lhs = required(name, "to_remote_schema", to, "lhs_fields", JT_ARRAY);
	if (lhs->count == 0)
		def_error(name, "to_remote_schema.lhs_fields", "expected at least one column");
	for (int i = 0; i < lhs->count; i++)
	{
		const char *at = psprintf("to_remote_schema.lhs_fields[%d]", i);

		if (lhs->items[i]->type != JT_STRING)
			def_error(name, at, "expected a string, got %s", jt_type_name(lhs->items[i]->type));
		if (get_attnum(relid, lhs->items[i]->str) == InvalidAttrNumber ||
			get_attnum(relid, lhs->items[i]->str) < 0)
			def_error(name, at, "table \"%s\" has no column \"%s\"", get_rel_name(relid), lhs->items[i]->str);
	}
	field = required(name, "to_remote_schema", to, "remote_field", JT_OBJECT);
	if (field->count != 1)
		def_error(name, "to_remote_schema.remote_field", "expected exactly one field");
	if (field->items[0]->type != JT_OBJECT)
		def_error(name, psprintf("to_remote_schema.remote_field.%s", field->keys[0]),
				  "expected an object, got %s", jt_type_name(field->items[0]->type));
	if (jt_get(field->items[0], "field") != NULL)
		def_error(name, psprintf("to_remote_schema.remote_field.%s.field", field->keys[0]),
				  "a remote field nested in another is not supported yet");
	only_keys(name, psprintf("to_remote_schema.remote_field.%s", field->keys[0]), field->items[0], fieldKeys);
	args = jt_get(field->items[0], "arguments");
	if (args != NULL && args->type != JT_OBJECT)
		def_error(name, psprintf("to_remote_schema.remote_field.%s.arguments", field->keys[0]),
				  "expected an object, got %s", jt_type_name(args->type));
	if (args != NULL)
		check_refs(name, psprintf("to_remote_schema.remote_field.%s.arguments", field->keys[0]), args, lhs, 0);
	return pstrdup(remote->str);
}

/*
 * After the row is written: refuse it if the caller's schema leaves the
 * relationship out, or has no field for it.
 */
static void
check_merged(Oid relid, const char *name)
{
	Schema	   *s;
	const char *why;
	ListCell   *lc;

	CommandCounterIncrement();	/* the row seen; the trigger's invalidation taken */
	s = gql_current_schema();
	why = gql_remote_rel_left_out(s, relid, name);
	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("remote relationship \"%s\" of table \"%s\" cannot be added: %s",
						name, get_rel_name(relid), why)));
	foreach(lc, s->types)
	{
		SType	   *t = lfirst(lc);
		SField	   *f;

		if (t->role == SR_TABLE && t->table != NULL && t->table->relid == relid &&
			(f = gql_type_field(t, name)) != NULL && f->kind == SF_REMOTE_RELATIONSHIP)
			return;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("remote relationship \"%s\" of table \"%s\" cannot be added: the table is not in the schema",
					name, get_rel_name(relid)),
			 errhint("Its schema must be in graphql.schemas, and its lhs_fields columns the caller may select.")));
}

/* graphql.add_remote_relationship(table regclass, name text, definition jsonb) */
Datum
graphql_add_remote_relationship(PG_FUNCTION_ARGS)
{
	Oid			relid;
	char	   *name;
	char	   *remote;
	char	   *nspname;
	Oid			types[5] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, JSONBOID};
	Datum		values[5];

	gql_require_superuser("add a remote relationship");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("a remote relationship needs a table, a name and a definition")));
	relid = PG_GETARG_OID(0);
	name = text_to_cstring(PG_GETARG_TEXT_PP(1));
	nspname = get_namespace_name(get_rel_namespace(relid));
	if (get_rel_name(relid) == NULL || nspname == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	if (!gql_is_name(name))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a remote relationship's name must be a GraphQL name, not \"%s\"", name)));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	remote = check_definition(name, relid,
							  JsonbToCString(NULL, &PG_GETARG_JSONB_P(2)->root, VARSIZE(PG_GETARG_JSONB_P(2))));
	values[0] = CStringGetTextDatum(nspname);
	values[1] = CStringGetTextDatum(get_rel_name(relid));
	values[2] = CStringGetTextDatum(name);
	values[3] = CStringGetTextDatum(remote);
	values[4] = PG_GETARG_DATUM(2);
	if (SPI_execute_with_args("INSERT INTO graphql.remote_relationship "
							  "(table_schema, table_name, name, remote_schema, definition) "
							  "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
							  5, types, values, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "graphql: writing graphql.remote_relationship failed");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("remote relationship \"%s\" of table \"%s\" already exists", name, get_rel_name(relid))));
	SPI_finish();
	check_merged(relid, name);
	PG_RETURN_VOID();
}

/* graphql.remove_remote_relationship(table regclass, name text) */
Datum
graphql_remove_remote_relationship(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *relname = get_rel_name(relid);
	char	   *nspname = relname ? get_namespace_name(get_rel_namespace(relid)) : NULL;
	Oid			types[3] = {TEXTOID, TEXTOID, TEXTOID};
	Datum		values[3];

	gql_require_superuser("remove a remote relationship");
	if (relname == NULL || nspname == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	values[0] = CStringGetTextDatum(nspname);
	values[1] = CStringGetTextDatum(relname);
	values[2] = PG_GETARG_DATUM(1);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("DELETE FROM graphql.remote_relationship WHERE table_schema OPERATOR(pg_catalog.=) $1 "
							  "AND table_name OPERATOR(pg_catalog.=) $2 AND name OPERATOR(pg_catalog.=) $3",
							  3, types, values, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "graphql: writing graphql.remote_relationship failed");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("remote relationship \"%s\" of table \"%s\" does not exist", name, relname)));
	SPI_finish();
	PG_RETURN_VOID();
}
