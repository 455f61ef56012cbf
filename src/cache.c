/*-------------------------------------------------------------------------
 *
 * cache.c
 *	  The per-backend cache of reflected schemas, keyed by role and
 *	  graphql.schemas, and its invalidation.
 *
 * In:  the current role and the graphql.schemas setting.
 * Out: the Schema that role sees (catalog.c, schema.c), built on a miss.
 *
 * Each schema lives in a memory context of its own under
 * CacheMemoryContext.  The invalidation callbacks record what changed
 * (cache_watch.c); when the generation is next asked for, inside a
 * transaction, what was recorded is judged, and a change to anything a
 * cached schema reflects (DDL or GRANT, committed in any session, or
 * rolled back in this one) bumps a generation counter.  VACUUM, ANALYZE,
 * another session's temporary tables and objects outside graphql.schemas
 * do not.  A lookup that finds an entry of an older generation drops every
 * entry and rebuilds.  A relevant change judged while a schema is being
 * built makes that schema unusable for the cache (it is used once and
 * dropped), so a half-updated catalog is never remembered.  The generation
 * is also part of the plan cache's key.
 *
 * Comments (COMMENT ON) do not cause invalidations in PostgreSQL: a changed
 * comment of a relation or column is seen after the next invalidation of
 * that relation; of a constraint, type or function, after the next change
 * to what the schema reflects, or in a new session.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/varlena.h"

#include "cache.h"
#include "cache_watch.h"
#include "settings.h"

/* graphql.schemas: the schemas whose relations are exposed */
char	   *gql_schemas_setting = NULL;

/* graphql.lazy_schema: tables' types filled in when first needed */
static bool lazy_schema = true;

#define MAX_CACHED_SCHEMAS 16

typedef struct CacheEntry
{
	Oid			role;
	char	   *schemas;
	uint64		generation;
	MemoryContext cxt;
	Schema	   *schema;
	uint64		lastUsed;
} CacheEntry;

static CacheEntry entries[MAX_CACHED_SCHEMAS];
static int	nentries = 0;
static uint64 generation = 1;
static uint64 useCounter = 0;

/*
 * The current catalog generation: changes whenever something a cached
 * schema reflects changed.  Judges the invalidations recorded since the
 * last call (inside a transaction).
 */
uint64
gql_catalog_generation(void)
{
	if (gql_watch_changed())
	{
		generation++;
		gql_watch_reset();
	}
	/*
	 * A lazy table's definition that failed half way leaves its schema
	 * broken: it and the plans made with it go, as after a change (here,
	 * before a request reads the generation, so the request is compiled
	 * once, against a new schema).
	 */
	for (int i = 0; i < nentries; i++)
		if (entries[i].schema->broken)
		{
			generation++;
			break;
		}
	return generation;
}

/* Relcache callback: a relation (InvalidOid: any) may have changed. */
static void
relcache_changed(Datum arg, Oid relid)
{
	gql_watch_relation(relid);
}

/* Syscache callback: a type, schema, constraint, enum, function or role changed. */
static void
syscache_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	gql_watch_syscache(cacheid, hashvalue);
}

/*
 * What a plan-cache key takes from here: the role a request runs as and
 * graphql.schemas (the schema a document was validated against).
 */
void
gql_cache_key(StringInfo key)
{
	const char *schemas = gql_schemas_setting ? gql_schemas_setting : "public";

	appendStringInfo(key, "%u|%d|%s|", GetUserId(), (int) strlen(schemas), schemas);
}

/* Check the setting: a list of identifiers. */
static bool
check_schemas(char **newval, void **extra, GucSource source)
{
	char	   *copy = pstrdup(*newval);
	List	   *names;
	bool		ok = SplitIdentifierString(copy, ',', &names);

	if (!ok)
		GUC_check_errdetail("List syntax is invalid.");
	list_free(names);
	pfree(copy);
	return ok;
}

/* Define the settings and register the invalidation callbacks. */
void
gql_cache_init(void)
{
	DefineCustomStringVariable("graphql.schemas",
							   "Sets the schemas whose tables and views the GraphQL API exposes.",
							   "A comma-separated list of schema names. Tables outside \"public\" get the schema name as a prefix.",
							   &gql_schemas_setting,
							   "public",
							   PGC_USERSET,
							   GUC_LIST_INPUT,
							   check_schemas, NULL, NULL);

	DefineCustomBoolVariable("graphql.lazy_schema",
							 "Builds each table's GraphQL types when a request first needs them.",
							 "Off: every table's types are built with the schema (the same schema, "
							 "built at once). Applies to schemas built after it is set.",
							 &lazy_schema,
							 true,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);

	CacheRegisterRelcacheCallback(relcache_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(TYPEOID, syscache_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(NAMESPACEOID, syscache_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(CONSTROID, syscache_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(ENUMOID, syscache_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, syscache_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHMEMMEMROLE, syscache_changed, (Datum) 0);
	/* columns (ATTNUM) need none: a change to one invalidates its relation */
	CacheRegisterSyscacheCallback(PROCOID, syscache_changed, (Datum) 0);
}

/* Drop every cached schema. */
static void
drop_all(void)
{
	for (int i = 0; i < nentries; i++)
	{
		MemoryContextDelete(entries[i].cxt);
		pfree(entries[i].schemas);
	}
	nentries = 0;
}

/* Build the schema the current role sees, in a new context under parent. */
static Schema *
build_schema(MemoryContext parent, const char *schemas, MemoryContext *cxtOut)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "graphql schema",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	char	   *copy = pstrdup(schemas);
	List	   *names;
	Schema	   *schema = NULL;

	if (!SplitIdentifierString(copy, ',', &names))
		names = NIL;
	PG_TRY();
	{
		/* what to watch, taken before the catalog is read: never newer */
		GqlWatch   *watch = gql_watch_prepare(names);

		schema = gql_schema_build(gql_catalog_load(names), lazy_schema);
		schema->roleSettings = gql_role_settings(GetUserId());
		gql_watch_commit(watch, schema->catalog, GetUserId());
	}
	PG_CATCH();
	{
		gql_watch_abandon();
		MemoryContextSwitchTo(old);
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(old);
	*cxtOut = cxt;
	return schema;
}

/*
 * The schema of the current role and graphql.schemas.  If the catalog
 * changes while it is being built, the result lives in the caller's
 * memory context instead of the cache.
 */
Schema *
gql_current_schema(void)
{
	Oid			role = GetUserId();
	const char *schemas = gql_schemas_setting ? gql_schemas_setting : "public";
	uint64		startGeneration;
	CacheEntry *e;
	MemoryContext cxt;
	Schema	   *schema;
	int			victim = 0;

	AcceptInvalidationMessages();
	(void) gql_catalog_generation();
	for (int i = 0; i < nentries; i++)
	{
		if (entries[i].generation != generation)
		{
			drop_all();
			break;
		}
		if (entries[i].role == role && strcmp(entries[i].schemas, schemas) == 0)
		{
			entries[i].lastUsed = ++useCounter;
			return entries[i].schema;
		}
	}

	startGeneration = generation;
	schema = build_schema(CacheMemoryContext, schemas, &cxt);
	/* judge what was committed meanwhile, against what the build watched */
	AcceptInvalidationMessages();
	if (gql_catalog_generation() != startGeneration)
	{
		/* changed under us: use it for this request only */
		MemoryContextSetParent(cxt, CurrentMemoryContext);
		return schema;
	}

	if (nentries == MAX_CACHED_SCHEMAS)
	{
		for (int i = 1; i < nentries; i++)
			if (entries[i].lastUsed < entries[victim].lastUsed)
				victim = i;
		MemoryContextDelete(entries[victim].cxt);
		pfree(entries[victim].schemas);
		entries[victim] = entries[--nentries];
	}
	e = &entries[nentries++];
	e->role = role;
	e->schemas = MemoryContextStrdup(CacheMemoryContext, schemas);
	e->generation = generation;
	e->cxt = cxt;
	e->schema = schema;
	e->lastUsed = ++useCounter;
	return schema;
}
