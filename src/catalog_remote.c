/*-------------------------------------------------------------------------
 *
 * catalog_remote.c
 *	  The remote schemas the schema merges (graphql.remote_schema), read
 *	  for the catalog.
 *
 * In:  SPI connected, inside the catalog's snapshot (catalog.c).
 * Out: a CatRemote per stored remote schema, by name: its introspected
 *	    __schema and its customization, as JSON text.
 *
 * The table is the superuser's alone (a definition's headers may hold
 * secrets), so it is read as the bootstrap superuser, in a restricted
 * security context, and only the two columns every role's schema needs:
 * never the headers or the URL.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"

#include "catalog.h"

/* The remote schemas to merge, in the current memory context. */
List *
gql_catalog_remotes(void)
{
	MemoryContext target = CurrentMemoryContext;
	Oid			savedUser;
	int			savedContext;
	List	   *remotes;

	/* a database whose extension was made before the table existed has none */
	if (!OidIsValid(get_relname_relid("remote_schema", get_namespace_oid("graphql", true))))
		return NIL;
	GetUserIdAndSecContext(&savedUser, &savedContext);
	SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID,
						   savedContext | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	PG_TRY();
	{
		if (SPI_execute("SELECT name, introspection::pg_catalog.text, "
						"(definition OPERATOR(pg_catalog.->) 'customization')::pg_catalog.text "
						"FROM graphql.remote_schema ORDER BY name COLLATE pg_catalog.\"C\"", true, 0) != SPI_OK_SELECT)
			elog(ERROR, "graphql: reading graphql.remote_schema failed");
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(savedUser, savedContext);
	}
	PG_END_TRY();
	MemoryContextSwitchTo(target);
	remotes = NIL;
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		CatRemote  *r = palloc0(sizeof(CatRemote));
		char	   *c = SPI_getvalue(row, desc, 3);

		r->name = pstrdup(SPI_getvalue(row, desc, 1));
		r->introspection = pstrdup(SPI_getvalue(row, desc, 2));
		r->customization = c && strcmp(c, "null") != 0 ? pstrdup(c) : NULL;
		remotes = lappend(remotes, r);
	}
	return remotes;
}
