/*-------------------------------------------------------------------------
 *
 * settings.c
 *	  The settings that guard requests: the limits a request is checked
 *	  against before anything runs (graphql.max_tokens, max_depth,
 *	  max_nodes, max_batch, max_input_size) and graphql.introspection, their
 *	  values for the role a request runs as, and their protection from
 *	  clients.
 *
 * They are PGC_SUSET: set in postgresql.conf, by ALTER SYSTEM, or by a
 * superuser's ALTER ROLE/DATABASE ... SET; a client cannot raise them.
 * PostgreSQL applies a role's settings to the role a session logs in as
 * only, but a request runs as another role (SET ROLE by a front, the role
 * a token names in JWT mode).  So that role's own values are looked up in
 * pg_db_role_setting (cache.c keeps them with the role's schema, so they
 * are read again after a catalog change or in a new session, as
 * PostgreSQL's own role settings are) and take precedence over the
 * session's, unless a superuser set the value in the session itself.
 *
 * A value a client gave before the library was loaded (a connection option
 * such as PGOPTIONS='-c graphql.max_depth=1000', when graphql is not in
 * shared_preload_libraries) is held by a placeholder; PostgreSQL refuses it
 * when the library defines the setting, but by then it has replaced the
 * configured value.  gql_setting_tampered notices such a placeholder and
 * gql_setting_restore reads the configured value again from the
 * configuration files.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/pg_db_role_setting.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/guc_tables.h"
#include "utils/rel.h"

#include "settings.h"

GqlLimits	gql_limits;

/* graphql.remote_max_concurrent: calls to one remote at once (remote_run.c) */
int			gql_remote_max_concurrent = 8;

/* graphql.reject_unused_variables: the spec's NoUnusedVariables (validate.c) */
bool		gql_reject_unused_variables = false;

/* graphql.stringify_numeric_types: bigint, numeric, float8 as strings (plan_select.c) */
bool		gql_stringify_numeric_types = false;

/* The session's values (the GUC variables) */
static GqlLimits session;

/* One integer limit: its name, its field of GqlLimits and its GUC record. */
typedef struct IntLimit
{
	const char *name;
	size_t		offset;
	struct config_generic *guc; /* found after definition */
} IntLimit;

/* The field of a GqlLimits an IntLimit is. */
#define LIMIT(limits, l) (*(int *) ((char *) (limits) + (l)->offset))

static IntLimit intLimits[] = {
	{"graphql.max_tokens", offsetof(GqlLimits, maxTokens), NULL},
	{"graphql.max_depth", offsetof(GqlLimits, maxDepth), NULL},
	{"graphql.max_nodes", offsetof(GqlLimits, maxNodes), NULL},
	{"graphql.max_batch", offsetof(GqlLimits, maxBatch), NULL},
	{"graphql.max_input_size", offsetof(GqlLimits, maxInputSize), NULL},
};
static struct config_generic *introspectionGuc;

/* The GUC record of a setting (placeholder or defined), or NULL. */
static struct config_generic *
find_setting(const char *name)
{
	struct config_generic **vars = get_guc_variables();
	int			n = GetNumConfigOptions();

	for (int i = 0; i < n; i++)
		if (strcmp(vars[i]->name, name) == 0)
			return vars[i];
	return NULL;
}

/*
 * Whether a setting not yet defined holds a value a role that is not a
 * superuser gave it (a connection option, PGC_BACKEND; the reset value
 * such an option replaces).  Call before defining the setting.
 */
bool
gql_setting_tampered(const char *name)
{
	struct config_generic *g = find_setting(name);

	if (g == NULL || !(g->flags & GUC_CUSTOM_PLACEHOLDER))
		return false;
	return (g->reset_scontext == PGC_BACKEND || g->reset_scontext == PGC_USERSET) &&
		g->reset_source != PGC_S_DEFAULT;
}

/*
 * The value postgresql.conf and postgresql.auto.conf give a setting (the
 * last one wins, as when the server reads them), or NULL.
 */
char *
gql_setting_from_files(const char *name)
{
	ConfigVariable *head = NULL;
	ConfigVariable *tail = NULL;
	char	   *value = NULL;

	if (ConfigFileName == NULL)
		return NULL;
	(void) ParseConfigFile(ConfigFileName, false, NULL, 0, 0, DEBUG1, &head, &tail);
	(void) ParseConfigFile(PG_AUTOCONF_FILENAME, false, NULL, 0, 0, DEBUG1, &head, &tail);
	for (ConfigVariable *v = head; v != NULL; v = v->next)
		if (v->name != NULL && v->value != NULL && pg_strcasecmp(v->name, name) == 0)
			value = pstrdup(v->value);
	FreeConfigVariables(head);
	return value;
}

/*
 * After defining a tampered setting (PostgreSQL refused the client's value
 * with a warning): apply the configuration files' value, if any.
 */
static void
restore(const char *name)
{
	char	   *value = gql_setting_from_files(name);

	if (value != NULL)
		(void) set_config_option(name, value, PGC_SIGHUP, PGC_S_FILE, GUC_ACTION_SET, true,
								 WARNING, false);
}

/* Define an integer limit. */
static void
define_int(IntLimit *l, const char *description, const char *detail, int bootValue)
{
	bool		tampered = gql_setting_tampered(l->name);

	DefineCustomIntVariable(l->name, description, detail, &LIMIT(&session, l), bootValue, 1, INT_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);
	if (tampered)
		restore(l->name);
	l->guc = find_setting(l->name);
}

/* Define the settings that guard requests. */
void
gql_settings_init(void)
{
	bool		tampered;

	define_int(&intLimits[0],
			   "Sets the largest number of lexical tokens a GraphQL document may have.",
			   "Parsing stops with an error at the first token past the limit.", 15000);
	define_int(&intLimits[1],
			   "Sets the deepest nesting of selections a GraphQL request may have.",
			   "Counted with fragments expanded; the request is refused before it runs.", 32);
	define_int(&intLimits[2],
			   "Sets the most fields a GraphQL request may select.",
			   "Counted with fragments expanded, aliases included; the request is refused before it runs.",
			   1000);
	define_int(&intLimits[3],
			   "Sets the most root fields one GraphQL operation may have.",
			   "Counted with fragments expanded, aliases included.", 100);
	define_int(&intLimits[4],
			   "Sets the most values the variables and literals of a GraphQL request may hold.",
			   "Every scalar, list and object counts.", 100000);

	tampered = gql_setting_tampered("graphql.introspection");
	DefineCustomBoolVariable("graphql.introspection",
							 "Allows the introspection fields __schema and __type.",
							 "When off, they are unknown fields for the role (as in Hasura); __typename always works.",
							 &session.introspection, true, PGC_SUSET, 0, NULL, NULL, NULL);
	if (tampered)
		restore("graphql.introspection");
	introspectionGuc = find_setting("graphql.introspection");
	DefineCustomBoolVariable("graphql.reject_unused_variables",
							 "Refuses an operation that declares a variable it does not use.",
							 "The specification's rule; off, such a variable is accepted, as Hasura accepts it.",
							 &gql_reject_unused_variables, false, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("graphql.stringify_numeric_types",
							 "Writes bigint, numeric and double precision values as JSON strings.",
							 "As Hasura's HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES: in results, aggregates and mutation responses; count stays a number.",
							 &gql_stringify_numeric_types, false, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("graphql.remote_max_concurrent",
							"Sets the most calls to one remote schema that may run at once.",
							"Counted across the database's sessions; a call past it answers that the remote is busy.",
							&gql_remote_max_concurrent, 8, 1, 1000, PGC_SUSET, 0, NULL, NULL, NULL);
	gql_limits = session;
}

/*
 * What a plan-cache key takes from here: the limits of the request
 * (validation checks them, so a document validated under others is not
 * the same entry), and the settings the compiled statements depend on.
 */
void
gql_limits_key(StringInfo key)
{
	appendStringInfo(key, "%d|%d|%d|%d|%d|%d|%d|%d|", gql_limits.introspection ? 1 : 0,
					 gql_limits.maxTokens, gql_limits.maxDepth, gql_limits.maxNodes,
					 gql_limits.maxBatch, gql_limits.maxInputSize, gql_reject_unused_variables ? 1 : 0,
					 gql_stringify_numeric_types ? 1 : 0);
}

/*
 * The graphql.* settings a role has of its own: "name=value" strings, the
 * database-specific ones (ALTER ROLE ... IN DATABASE ... SET) first.
 */
List *
gql_role_settings(Oid role)
{
	List	   *out = NIL;
	Relation	rel = table_open(DbRoleSettingRelationId, AccessShareLock);
	Oid			databases[2] = {MyDatabaseId, InvalidOid};

	for (int d = 0; d < 2; d++)
	{
		ScanKeyData keys[2];
		SysScanDesc scan;
		HeapTuple	tup;

		ScanKeyInit(&keys[0], Anum_pg_db_role_setting_setdatabase, BTEqualStrategyNumber,
					F_OIDEQ, ObjectIdGetDatum(databases[d]));
		ScanKeyInit(&keys[1], Anum_pg_db_role_setting_setrole, BTEqualStrategyNumber,
					F_OIDEQ, ObjectIdGetDatum(role));
		scan = systable_beginscan(rel, DbRoleSettingDatidRolidIndexId, true, NULL, 2, keys);
		while (HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			bool		isnull;
			Datum		config = heap_getattr(tup, Anum_pg_db_role_setting_setconfig,
											  RelationGetDescr(rel), &isnull);
			Datum	   *items;
			int			n;

			if (isnull)
				continue;
			deconstruct_array(DatumGetArrayTypeP(config), TEXTOID, -1, false, TYPALIGN_INT,
							  &items, NULL, &n);
			for (int i = 0; i < n; i++)
			{
				char	   *item = TextDatumGetCString(items[i]);

				if (pg_strncasecmp(item, "graphql.", 8) == 0)
					out = lappend(out, item);
			}
		}
		systable_endscan(scan);
	}
	table_close(rel, AccessShareLock);
	return out;
}

/* A role's own value of a setting ("name=value" in settings), or NULL. */
static const char *
role_value(List *settings, const char *name)
{
	size_t		len = strlen(name);
	ListCell   *lc;

	foreach(lc, settings)
	{
		const char *item = lfirst(lc);

		if (pg_strncasecmp(item, name, len) == 0 && item[len] == '=')
			return item + len + 1;
	}
	return NULL;
}

/* Whether a superuser set the session's value itself (SET, a connection option). */
static bool
set_in_session(struct config_generic *g)
{
	return g != NULL && g->source >= PGC_S_CLIENT;
}

/*
 * Take the limits of the role a request runs as: its own values
 * (roleSettings, from gql_role_settings), else the session's.
 */
void
gql_settings_for_role(List *roleSettings)
{
	gql_limits = session;
	if (roleSettings == NIL)
		return;
	for (int i = 0; i < (int) lengthof(intLimits); i++)
	{
		IntLimit   *l = &intLimits[i];
		const char *v = set_in_session(l->guc) ? NULL : role_value(roleSettings, l->name);
		int			value;

		if (v != NULL && parse_int(v, &value, 0, NULL) && value >= 1)
			LIMIT(&gql_limits, l) = value;
	}
	if (!set_in_session(introspectionGuc))
	{
		const char *v = role_value(roleSettings, "graphql.introspection");
		bool		value;

		if (v != NULL && parse_bool(v, &value))
			gql_limits.introspection = value;
	}
}

/* Take the session's limits (for the SQL functions that do not run as a request's role). */
void
gql_settings_for_session(void)
{
	gql_limits = session;
}
