/*-------------------------------------------------------------------------
 *
 * catalog_remote.c
 *	  The remote schemas the schema merges (graphql.remote_schema), the
 *	  remote relationships, the actions and the applied metadata
 *	  (graphql.metadata), read for the catalog.
 *
 * In:  SPI connected, inside the catalog's snapshot (catalog.c).
 * Out: a CatRemote per stored remote schema, by name: its introspected
 *	    __schema and its customization, as JSON text.
 *
 * The table is the superuser's alone (a definition's headers may hold
 * secrets), so it is read as the bootstrap superuser, in a restricted
 * security context: for the schema, only the two columns every role's
 * schema needs, never the headers or the URL; the whole definition only
 * when a request calls the remote (gql_catalog_remote_definition).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "catalog/pg_type.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "catalog.h"

/*
 * Run a read of a table of the extension's as the bootstrap superuser, in
 * a restricted security context; false if the table does not exist (a
 * database whose extension was made before it has no remote schemas).
 */
static bool
read_as_owner(const char *table, const char *query, int nargs, Oid *types, Datum *values)
{
	Oid			savedUser;
	int			savedContext;

	if (!OidIsValid(get_relname_relid(table, get_namespace_oid("graphql", true))))
		return false;
	GetUserIdAndSecContext(&savedUser, &savedContext);
	SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID,
						   savedContext | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	PG_TRY();
	{
		if (SPI_execute_with_args(query, nargs, types, values, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "graphql: reading graphql.remote_schema failed");
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(savedUser, savedContext);
	}
	PG_END_TRY();
	return true;
}

/* The remote schemas to merge, in the current memory context. */
List *
gql_catalog_remotes(void)
{
	MemoryContext target = CurrentMemoryContext;
	List	   *remotes = NIL;
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(GetUserNameFromId(GetUserId(), false))};
	bool		permissions = OidIsValid(get_relname_relid("remote_schema_permission",
														   get_namespace_oid("graphql", true)));

	if (!read_as_owner("remote_schema", permissions ?
					   "SELECT name, introspection::pg_catalog.text, "
					   "(definition OPERATOR(pg_catalog.->) 'customization')::pg_catalog.text, "
					   "EXISTS (SELECT FROM graphql.remote_schema_permission p "
					   "WHERE p.remote_schema OPERATOR(pg_catalog.=) r.name), "
					   "(SELECT p.definition OPERATOR(pg_catalog.->>) 'schema' FROM graphql.remote_schema_permission p "
					   "WHERE p.remote_schema OPERATOR(pg_catalog.=) r.name AND p.role OPERATOR(pg_catalog.=) $1) "
					   "FROM graphql.remote_schema r ORDER BY name COLLATE pg_catalog.\"C\"" :
					   "SELECT name, introspection::pg_catalog.text, "
					   "(definition OPERATOR(pg_catalog.->) 'customization')::pg_catalog.text, false, NULL "
					   "FROM graphql.remote_schema ORDER BY name COLLATE pg_catalog.\"C\"", permissions ? 1 : 0,
					   types, values))
		return NIL;
	MemoryContextSwitchTo(target);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		CatRemote  *r = palloc0(sizeof(CatRemote));
		char	   *c = SPI_getvalue(row, desc, 3);

		r->name = pstrdup(SPI_getvalue(row, desc, 1));
		r->introspection = pstrdup(SPI_getvalue(row, desc, 2));
		r->customization = c && strcmp(c, "null") != 0 ? pstrdup(c) : NULL;
		r->restricted = strcmp(SPI_getvalue(row, desc, 4), "t") == 0;
		r->permission = SPI_getvalue(row, desc, 5) ? pstrdup(SPI_getvalue(row, desc, 5)) : NULL;
		remotes = lappend(remotes, r);
	}
	return remotes;
}

/*
 * The stored definition of a remote schema, or (action) of an action:
 * JSON text in the current memory context, to call it with; NULL if it is
 * not stored (removed since the schema was built).  SPI connected.  Only
 * the run reads it: a URL and headers never reach a role's schema.
 */
char *
gql_catalog_definition(bool action, const char *name)
{
	MemoryContext target = CurrentMemoryContext;
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(name)};
	char	   *def;

	if (!read_as_owner(action ? "action" : "remote_schema", action ?
					   "SELECT definition::pg_catalog.text FROM graphql.action WHERE name OPERATOR(pg_catalog.=) $1" :
					   "SELECT definition::pg_catalog.text FROM graphql.remote_schema WHERE name OPERATOR(pg_catalog.=) $1",
					   1, types, values) ||
		SPI_processed != 1)
		return NULL;
	def = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	MemoryContextSwitchTo(target);
	return def ? pstrdup(def) : NULL;
}

/*
 * The remote relationships of tables that exist (by schema and name, as
 * stored), in the current memory context.
 */
List *
gql_catalog_remote_rels(void)
{
	MemoryContext target = CurrentMemoryContext;
	List	   *rels = NIL;

	if (!read_as_owner("remote_relationship",
					   "SELECT c.oid, r.name, r.remote_schema, "
					   "(r.definition OPERATOR(pg_catalog.->) 'to_remote_schema')::pg_catalog.text "
					   "FROM graphql.remote_relationship r "
					   "JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) r.table_schema "
					   "JOIN pg_catalog.pg_class c ON c.relnamespace OPERATOR(pg_catalog.=) n.oid "
					   "AND c.relname OPERATOR(pg_catalog.=) r.table_name "
					   "ORDER BY r.table_schema COLLATE pg_catalog.\"C\", r.table_name COLLATE pg_catalog.\"C\", "
					   "r.name COLLATE pg_catalog.\"C\"", 0, NULL, NULL))
		return NIL;
	MemoryContextSwitchTo(target);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		CatRemoteRel *r = palloc0(sizeof(CatRemoteRel));
		char	   *d = SPI_getvalue(row, desc, 4);

		r->relid = DatumGetObjectId(DirectFunctionCall1(oidin, CStringGetDatum(SPI_getvalue(row, desc, 1))));
		r->name = pstrdup(SPI_getvalue(row, desc, 2));
		r->remote = pstrdup(SPI_getvalue(row, desc, 3));
		r->definition = d ? pstrdup(d) : pstrdup("null");
		rels = lappend(rels, r);
	}
	return rels;
}

/*
 * The actions (by name) and, in *customTypes, their custom types (JSON
 * text, or NULL), in the current memory context; only the definitions'
 * parts a schema needs (the handler and headers are read when called).
 */
List *
gql_catalog_actions(char **customTypes)
{
	MemoryContext target = CurrentMemoryContext;
	List	   *actions = NIL;
	bool		super = superuser_arg(GetUserId());
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(GetUserNameFromId(GetUserId(), false))};

	*customTypes = NULL;
	if (!read_as_owner("action",
					   "SELECT name, (definition OPERATOR(pg_catalog.-) "
					   "ARRAY['handler', 'headers']::pg_catalog.text[])::pg_catalog.text, comment, "
					   "EXISTS (SELECT FROM graphql.action_permission p WHERE p.action OPERATOR(pg_catalog.=) a.name "
					   "AND p.role OPERATOR(pg_catalog.=) $1) "
					   "FROM graphql.action a ORDER BY name COLLATE pg_catalog.\"C\"", 1, types, values))
		return NIL;
	MemoryContextSwitchTo(target);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		CatAction  *a = palloc0(sizeof(CatAction));
		char	   *c = SPI_getvalue(row, desc, 3);

		a->name = pstrdup(SPI_getvalue(row, desc, 1));
		a->definition = pstrdup(SPI_getvalue(row, desc, 2));
		a->comment = c ? pstrdup(c) : NULL;
		a->allowed = super || strcmp(SPI_getvalue(row, desc, 4), "t") == 0;
		actions = lappend(actions, a);
	}
	if (actions != NIL &&
		read_as_owner("custom_types", "SELECT definition::pg_catalog.text FROM graphql.custom_types", 0, NULL, NULL) &&
		SPI_processed == 1)
	{
		char	   *t = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		MemoryContextSwitchTo(target);
		*customTypes = t ? pstrdup(t) : NULL;
	}
	return actions;
}

/*
 * The applied metadata (graphql.apply_metadata), JSON text in the current
 * memory context, or NULL if none is applied; *enums (if enums is not
 * NULL), the values of its enum tables the apply read.
 */
char *
gql_catalog_metadata_text(char **enums)
{
	MemoryContext target = CurrentMemoryContext;
	char	   *text;
	char	   *values;

	if (!read_as_owner("metadata", "SELECT metadata::pg_catalog.text, enums::pg_catalog.text FROM graphql.metadata",
					   0, NULL, NULL) ||
		SPI_processed != 1)
		return NULL;
	text = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	values = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	MemoryContextSwitchTo(target);
	if (enums != NULL)
		*enums = values ? pstrdup(values) : NULL;
	return text ? pstrdup(text) : NULL;
}

/*
 * The applied metadata's Postgres source (an empty one if it has none: then
 * nothing is exposed), or NULL if no metadata is applied; *enums, the
 * values of its enum tables.  SPI connected.
 */
const JtNode *
gql_catalog_stored_metadata(const JtNode **enums)
{
	static const JtNode emptySource = {.type = JT_OBJECT};
	char	   *values = NULL;
	char	   *text = gql_catalog_metadata_text(&values);
	char	   *error = NULL;
	JtNode	   *m = text != NULL ? jt_parse(text, strlen(text), &error) : NULL;
	const JtNode *source;

	if (text != NULL && m == NULL)
		elog(WARNING, "graphql: the stored metadata is not read: %s", error);
	*enums = values != NULL ? jt_parse(values, strlen(values), &error) : NULL;
	source = gql_metadata_source(m);
	return m != NULL && source == NULL ? &emptySource : source;
}
