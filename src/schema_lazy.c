/*-------------------------------------------------------------------------
 *
 * schema_lazy.c
 *	  A schema whose tables are filled in when first needed: a request
 *	  that is not introspection builds the types it reaches, not the
 *	  types of every table.
 *
 * In:  a Schema with the scalars of every column and the types of the
 *		functions made (schema.c), and the exposed tables (those with
 *		columns) of its Catalog.
 * Out: the same schema an eager build gives, made piece by piece.  Each
 *		table goes through three stages, each the first time a request
 *		needs it: STAGE_DECLARED, its named types exist, empty (when a
 *		relationship, a computed field or a function leads to it);
 *		STAGE_DEFINED, their fields, its root fields and its mutation types
 *		(when a root field of it, or a type it makes, is looked up:
 *		gql_lazy_find_root_field, gql_lazy_find_type); STAGE_COMPLETE, its
 *		nested insert fields (when one of its types is looked into:
 *		gql_type_fields, gql_type_values, gql_type_field, gql_enum_value in
 *		schema_lookup.c).  gql_schema_complete takes every table there
 *		(introspection of __schema, sdl()).
 *
 * Defining a table declares the tables its fields lead to; completing it
 * defines the tables it relates to (their mutation types are its nested
 * inserts' types), and no further: one table never cascades along a chain
 * of foreign keys.
 *
 * Order.  An eager build declares all tables, then defines all, then all
 * mutations, then all nested inserts, then functions; here the order
 * depends on the requests.  The two give the same schema only if no type
 * name and no root field name can be claimed by two makers: then who comes
 * first decides nothing.  lazy_safe checks every name each table and
 * function may make before a schema is made lazy; a database where it
 * fails (a table called "foo_insert_input" next to "foo", say) is built
 * eagerly, as before.
 *
 * Memory and errors.  Definitions allocate in the schema's context (it
 * grows with the requests, up to what an eager build holds).  A
 * definition that fails half way (an out-of-memory error, a cancel) marks
 * the schema broken, and the cache drops it at the next request.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "utils/memutils.h"

#include "names.h"
#include "schema_internal.h"

/*
 * Add the name in buf to a set of names (kept as 64-bit hashes: two names
 * of one hash only make the build eager); false if it is there already.
 */
static bool
claim(HTAB *set, StringInfo buf)
{
	uint64		h = hash_bytes_extended((const unsigned char *) buf->data, buf->len, 0);
	bool		found;

	hash_search(set, &h, HASH_ENTER, &found);
	return !found;
}

/*
 * claim "<prefix><base>", or "<prefix><base>_<suffix>" (suffix not NULL).
 * A name too long to be a type's (TYPE_NAME_KEYSIZE: a directive may name a
 * table so) is not claimed either: an eager build leaves its table out,
 * where a lazy one could only fail to declare it.
 */
static bool
claim_name(HTAB *set, StringInfo buf, const char *prefix, const char *base, const char *suffix)
{
	resetStringInfo(buf);
	appendStringInfoString(buf, prefix);
	appendStringInfoString(buf, base);
	if (suffix != NULL)
	{
		appendStringInfoChar(buf, '_');
		appendStringInfoString(buf, suffix);
	}
	return buf->len < TYPE_NAME_KEYSIZE && claim(set, buf);
}

/* claim a table's root fields (query and mutation) */
static bool
claim_root_fields(HTAB *fields, StringInfo buf, const char *g)
{
	return claim_name(fields, buf, "", g, NULL) &&
		claim_name(fields, buf, "", g, "aggregate") &&
		claim_name(fields, buf, "", g, "by_pk") &&
		claim_name(fields, buf, "insert_", g, NULL) &&
		claim_name(fields, buf, "insert_", g, "one") &&
		claim_name(fields, buf, "update_", g, NULL) &&
		claim_name(fields, buf, "update_", g, "by_pk") &&
		claim_name(fields, buf, "update_", g, "many") &&
		claim_name(fields, buf, "delete_", g, NULL) &&
		claim_name(fields, buf, "delete_", g, "by_pk");
}

/* claim every type name a table may be given, declared or made */
static bool
claim_table_types(HTAB *types, StringInfo buf, const char *g)
{
	static const char *const bools[] = {"bool_and", "bool_or"};
	int			n;
	const char *const *declared = gql_table_type_suffixes(&n);
	int			nmade;
	const char *const *made = gql_mutation_type_suffixes(&nmade);

	if (!claim_name(types, buf, "", g, NULL))
		return false;
	for (int i = 0; i < n; i++)
		if (!claim_name(types, buf, "", g, declared[i]))
			return false;
	for (int i = 0; i < nmade; i++)
		if (!claim_name(types, buf, "", g, made[i]))
			return false;
	/* the bool_and, bool_or predicates' types (schema_aggregate.c) */
	for (int i = 0; i < (int) lengthof(bools); i++)
		if (!claim_name(types, buf, "", g, psprintf("aggregate_bool_exp_%s", bools[i])) ||
			!claim_name(types, buf, "", gql_bool_columns_type_name(g, bools[i]), NULL))
			return false;
	return true;
}

/*
 * Whether every name that a table's declaration or definition, or a
 * function, may make is made by one maker only: then the order in which
 * tables are declared and defined cannot matter.
 */
static bool
lazy_safe(Schema *s, List *exposed)
{
	MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "graphql lazy names",
												  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(scratch);
	HASHCTL		ctl;
	HTAB	   *types;
	HTAB	   *fields;
	StringInfoData buf;
	ListCell   *lc;
	bool		safe = true;

	ctl.keysize = sizeof(uint64);
	ctl.entrysize = sizeof(uint64);
	ctl.hcxt = scratch;
	types = hash_create("graphql lazy type names", 32 * list_length(exposed) + 256, &ctl,
						HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	fields = hash_create("graphql lazy field names", 16 * list_length(exposed) + 256, &ctl,
						 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	initStringInfo(&buf);

	/* the types made so far (scalars, query_root, order_by), and mutation_root */
	foreach(lc, s->types)
		claim_name(types, &buf, "", ((SType *) lfirst(lc))->name, NULL);
	safe = claim_name(types, &buf, "", "mutation_root", NULL);
	foreach(lc, s->types)
	{
		SType	   *t = lfirst(lc);

		if (safe && (t->role == SR_BUILTIN || t->role == SR_CUSTOM_SCALAR || t->role == SR_PG_ENUM))
			safe = claim_name(types, &buf, "", t->name, "comparison_exp") &&
				claim_name(types, &buf, "", t->name, "array_comparison_exp");
	}
	foreach(lc, exposed)
	{
		const char *g = ((CatTable *) lfirst(lc))->gqlname;

		/* the introspection types (made later) have names of "__" */
		if (!safe || strncmp(g, "__", 2) == 0 ||
			!claim_table_types(types, &buf, g) || !claim_root_fields(fields, &buf, g))
		{
			safe = false;
			break;
		}
	}
	foreach(lc, s->catalog->functions)
	{
		CatFunction *fn = lfirst(lc);

		if (!safe)
			break;
		if (fn->computedOn != NULL)
			continue;
		safe = claim_name(types, &buf, "", fn->gqlname, "args") &&
			claim_name(fields, &buf, "", fn->gqlname, NULL) &&
			claim_name(fields, &buf, "", fn->gqlname, "aggregate");
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(scratch);	/* the names and both sets */
	return safe;
}

/* The state of the exposed table whose type name is name, or NULL. */
static TableState *
state_by_name(Schema *s, const char *name)
{
	return gql_name_map_get(s->stateByName, name);
}

/*
 * Make the schema lazy, if that gives the same schema: each exposed table
 * (one with columns) is declared and defined when first needed.  False if
 * the tables must be declared and defined now (an eager build).
 */
bool
gql_lazy_begin(Schema *s, List *exposed)
{
	TableState *rootState;
	ListCell   *lc;

	if (exposed == NIL || !lazy_safe(s, exposed))
		return false;

	/* the roots' state leads to the schema; it has nothing to define */
	rootState = palloc0(sizeof(TableState));
	rootState->schema = s;
	rootState->stage = STAGE_COMPLETE;
	s->queryRoot->pending = rootState;

	s->stateByName = gql_name_map_create();
	foreach(lc, exposed)
	{
		CatTable   *t = lfirst(lc);
		TableState *ts = palloc0(sizeof(TableState));

		ts->schema = s;
		ts->table = t;
		ts->stage = STAGE_LISTED;
		s->states = lappend(s->states, ts);
		gql_name_map_put(s->stateByName, t->gqlname, ts);
	}
	s->incomplete = true;
	return true;
}

/* Declare the exposed table t (if it is one). */
static void
declare_table(Schema *s, CatTable *t)
{
	TableState *ts = t != NULL ? state_by_name(s, t->gqlname) : NULL;

	if (ts != NULL && ts->table == t)
		gql_lazy_define(ts, STAGE_DECLARED);
}

/* Before the functions' root fields: the tables they return, declared. */
void
gql_lazy_functions_tables(Schema *s)
{
	ListCell   *lc;

	foreach(lc, s->catalog->functions)
	{
		CatFunction *fn = lfirst(lc);

		if (fn->computedOn == NULL)
			declare_table(s, fn->returnsTable);
	}
}

/* Sort the arguments of the root fields from the nth on (added by a table). */
static void
sort_new_root_args(SType *root, int n)
{
	ListCell   *lc;

	if (root == NULL)
		return;
	for_each_from(lc, root->fields, n)
		gql_sort_type_args(lfirst(lc));
}

/*
 * Whether gql_define_mutations may give the table a mutation field: rows
 * it may delete, or a column it may insert or update.
 */
static bool
may_change(CatTable *t)
{
	ListCell   *lc;

	if (t->canDelete)
		return true;
	foreach(lc, t->columns)
	{
		CatColumn  *col = lfirst(lc);

		if ((t->canInsert && col->canInsert) || (t->canUpdate && col->canUpdate))
			return true;
	}
	return false;
}

/*
 * After the functions are defined: whether mutation_root exists is known
 * by defining the first table the role may change (lazy_safe leaves its
 * mutation type names free, so it makes the root).
 */
void
gql_lazy_finish_build(Schema *s)
{
	ListCell   *lc;

	foreach(lc, s->states)
	{
		TableState *ts = lfirst(lc);

		if (s->mutationRoot != NULL)
			break;
		if (may_change(ts->table))
			gql_lazy_define(ts, STAGE_DEFINED);
	}
	/* the functions' root fields: their arguments sorted now, the fields when listed */
	sort_new_root_args(s->queryRoot, 0);
	sort_new_root_args(s->mutationRoot, 0);
}

/* Declare a table's types: they exist, empty (pending on ts). */
static void
declare(TableState *ts)
{
	Schema	   *s = ts->schema;

	if (ts->stage >= STAGE_DECLARED)
		return;
	s->completing = ts;
	ts->stage = STAGE_DECLARED;
	/* lazy_safe claimed every name it may take */
	if (!gql_declare_table(s, ts->table))
		elog(ERROR, "graphql: the types of relation %s could not be declared", ts->table->qualified);
}

/*
 * Define a table: the tables its fields lead to (relationships, computed
 * fields returning rows) declared first.
 */
static void
define(TableState *ts)
{
	Schema	   *s = ts->schema;
	CatTable   *t = ts->table;
	int			nq = list_length(s->queryRoot->fields);
	int			nm = s->mutationRoot ? list_length(s->mutationRoot->fields) : 0;
	ListCell   *lc;

	declare(ts);
	foreach(lc, t->relationships)
		declare_table(s, ((CatRelationship *) lfirst(lc))->target);
	foreach(lc, s->catalog->functions)
		if (((CatFunction *) lfirst(lc))->computedOn == t)
			declare_table(s, ((CatFunction *) lfirst(lc))->returnsTable);
	s->completing = ts;
	ts->stage = STAGE_DEFINED;
	gql_define_table(s, t);
	gql_define_mutations(s, t);
	sort_new_root_args(s->queryRoot, nq);
	sort_new_root_args(s->mutationRoot, nm);
}

/* Complete a table: nested inserts, after the tables it relates to are defined. */
static void
complete(TableState *ts)
{
	Schema	   *s = ts->schema;
	ListCell   *lc;

	foreach(lc, ts->table->relationships)
	{
		CatRelationship *r = lfirst(lc);
		TableState *target = state_by_name(s, r->target->gqlname);

		if (target != NULL && target->table == r->target)
			gql_lazy_define(target, STAGE_DEFINED);
	}
	s->completing = ts;
	ts->stage = STAGE_COMPLETE;
	gql_define_nested_inserts(s, ts->table);
	foreach(lc, ts->types)
		gql_sort_type(lfirst(lc));
}

/* Bring a lazy table to stage. */
void
gql_lazy_define(TableState *ts, TableStage stage)
{
	Schema	   *s = ts->schema;
	TableState *outer = s->completing;
	MemoryContext old;

	if (ts->stage >= stage)
		return;
	old = MemoryContextSwitchTo(s->cxt);
	s->building++;
	PG_TRY();
	{
		if (stage >= STAGE_DECLARED)
			declare(ts);
		if (stage >= STAGE_DEFINED && ts->stage < STAGE_DEFINED)
			define(ts);
		if (stage >= STAGE_COMPLETE && ts->stage < STAGE_COMPLETE)
			complete(ts);
	}
	PG_CATCH();
	{
		s->broken = true;
		s->completing = outer;
		s->building--;
		MemoryContextSwitchTo(old);
		PG_RE_THROW();
	}
	PG_END_TRY();
	s->completing = outer;
	s->building--;
	MemoryContextSwitchTo(old);
}

/* Define every table of a lazy schema (introspection, sdl()). */
void
gql_schema_complete(Schema *s)
{
	ListCell   *lc;

	if (!s->incomplete)
		return;
	/* in an eager build's order: all tables, then all nested inserts */
	foreach(lc, s->states)
		gql_lazy_define(lfirst(lc), STAGE_DEFINED);
	foreach(lc, s->states)
		gql_lazy_define(lfirst(lc), STAGE_COMPLETE);
	gql_sort_type(s->queryRoot);
	if (s->mutationRoot != NULL)
		gql_sort_type(s->mutationRoot);
	s->incomplete = false;
}

/* Define the table called name, if there is one. */
static void
define_named(Schema *s, const char *name, TableStage stage)
{
	TableState *ts = state_by_name(s, name);

	if (ts != NULL)
		gql_lazy_define(ts, stage);
}

/* name without suffix, or NULL if it does not end with it. */
static char *
strip_suffix(const char *name, const char *suffix)
{
	size_t		n = strlen(name);
	size_t		k = strlen(suffix);

	if (n <= k || strcmp(name + n - k, suffix) != 0)
		return NULL;
	return pnstrdup(name, n - k);
}

/* Define the tables that would have a root field called name. */
void
gql_lazy_find_root_field(Schema *s, SType *root, const char *name)
{
	static const char *const mutationPrefixes[] = {"insert_", "update_", "delete_"};
	static const char *const mutationSuffixes[] = {"_one", "_by_pk", "_many"};
	char	   *rest;

	if (root == s->queryRoot)
	{
		define_named(s, name, STAGE_DEFINED);
		if ((rest = strip_suffix(name, "_aggregate")) != NULL)
			define_named(s, rest, STAGE_DEFINED);
		if ((rest = strip_suffix(name, "_by_pk")) != NULL)
			define_named(s, rest, STAGE_DEFINED);
		return;
	}
	for (int i = 0; i < (int) lengthof(mutationPrefixes); i++)
	{
		size_t		k = strlen(mutationPrefixes[i]);

		if (strncmp(name, mutationPrefixes[i], k) != 0)
			continue;
		define_named(s, name + k, STAGE_DEFINED);
		for (int j = 0; j < (int) lengthof(mutationSuffixes); j++)
			if ((rest = strip_suffix(name + k, mutationSuffixes[j])) != NULL)
				define_named(s, rest, STAGE_DEFINED);
	}
}

/*
 * A type not made yet, looked up by name: define the tables that would
 * make it.  Its table's name is a prefix of its own ("<table>_insert_input");
 * the nested insert types of a table are made by the tables that relate to
 * it; a comparison type by any table with a column of its scalar.  (A
 * table's own types are declared when it is defined.)
 */
SType *
gql_lazy_find_type(Schema *s, const char *name)
{
	SType	   *t;
	char	   *target;

	define_named(s, name, STAGE_DEFINED);
	for (const char *p = strchr(name, '_'); p != NULL; p = strchr(p + 1, '_'))
		define_named(s, pnstrdup(name, p - name), STAGE_DEFINED);
	if ((t = gql_declared_type(s, name)) != NULL)
		return t;
	if ((target = strip_suffix(name, "_obj_rel_insert_input")) != NULL ||
		(target = strip_suffix(name, "_arr_rel_insert_input")) != NULL)
	{
		ListCell   *lc;

		foreach(lc, s->states)
		{
			TableState *ts = lfirst(lc);
			ListCell   *lr;

			foreach(lr, ts->table->relationships)
				if (strcmp(((CatRelationship *) lfirst(lr))->target->gqlname, target) == 0)
				{
					gql_lazy_define(ts, STAGE_COMPLETE);
					break;
				}
		}
		return gql_declared_type(s, name);
	}
	if (strip_suffix(name, "comparison_exp") != NULL)
	{
		gql_schema_complete(s);
		return gql_declared_type(s, name);
	}
	return NULL;
}

/*
 * How many exposed tables are at least at stage (0: listed, so all of
 * them; 1: declared; 2: defined; 3: complete).  An eager schema's are all
 * complete.
 */
int
gql_schema_tables_at(const Schema *s, int stage)
{
	ListCell   *lc;
	int			n = 0;

	if (s->states == NIL)
	{
		foreach(lc, s->types)
			n += ((SType *) lfirst(lc))->role == SR_TABLE;
		return n;
	}
	foreach(lc, s->states)
		n += (int) ((TableState *) lfirst(lc))->stage >= stage;
	return n;
}
