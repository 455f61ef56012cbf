/*-------------------------------------------------------------------------
 *
 * schema_lazy.c
 *	  A schema whose tables are filled in when first needed: a request
 *	  that is not introspection builds the types it reaches, not the
 *	  types of every table.
 *
 * In:  a Schema whose every named type is declared (schema.c: the tables'
 *		own types, the scalars of every column, the functions' fields),
 *		and the exposed tables.
 * Out: the same schema an eager build gives, filled in piece by piece:
 *		a table is defined (its fields, its root fields, its mutation
 *		types) the first time a type it fills in is looked into
 *		(gql_type_fields, gql_type_values, gql_type_field, gql_enum_value),
 *		a root field of it is looked up, or a type it would make is looked
 *		up by name (gql_schema_type).  gql_schema_complete defines every
 *		table (introspection and sdl() list everything).
 *
 * A table's definition goes in two stages.  STAGE_DEFINED fills in its
 * declared types, adds its root fields and makes its mutation types;
 * STAGE_COMPLETE adds the nested insert fields, which need the mutation
 * types of the tables it relates to (so those are brought to
 * STAGE_DEFINED first, and no further: defining one table never cascades
 * along a chain of foreign keys).  Reading a table's types always brings
 * it to STAGE_COMPLETE.
 *
 * Order.  An eager build defines all tables, then all mutations, then all
 * nested inserts, then functions; here the order depends on the requests.
 * The two give the same schema only if no name made after declaration
 * (mutation types, comparison types, nested insert types, function
 * arguments) and no root field name can be claimed by two makers: then
 * who comes first decides nothing.  lazy_safe checks that before a
 * schema is made lazy; a database where it fails (a table called
 * "foo_insert_input" next to "foo", say) is built eagerly, as before.
 *
 * Memory and errors.  Definitions allocate in the schema's context (it
 * grows with the requests, up to what an eager build holds).  A
 * definition that fails half way (an out-of-memory error, a cancel) marks
 * the schema broken, and the cache drops it at the next request.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "names.h"
#include "schema_internal.h"

/* Suffixes of the types a table's definition makes (schema_mutation.c). */
static const char *const made_suffixes[] = {
	"insert_input", "set_input", "inc_input", "append_input", "prepend_input",
	"delete_key_input", "delete_elem_input", "delete_at_path_input", "updates",
	"pk_columns_input", "mutation_response", "constraint", "update_column",
	"on_conflict", "obj_rel_insert_input", "arr_rel_insert_input",
	"aggregate_bool_exp_bool_and", "aggregate_bool_exp_bool_or"
};

/* Root field names of a table: "%s" is its type name. */
static const char *const query_fields[] = {"%s", "%s_aggregate", "%s_by_pk"};
static const char *const mutation_fields[] = {
	"insert_%s", "insert_%s_one", "update_%s", "update_%s_by_pk", "update_%s_many",
	"delete_%s", "delete_%s_by_pk"
};

/* Add name to the set; false if it is there already or is a declared type. */
static bool
claim(Schema *s, NameMap *set, const char *name, bool types)
{
	if ((types && gql_declared_type(s, name) != NULL) || gql_name_map_get(set, name) != NULL)
		return false;
	gql_name_map_put(set, name, (void *) name);
	return true;
}

/*
 * Whether every name that a table's definition or a function may make is
 * made by one maker only: then the order of definitions cannot matter.
 */
static bool
lazy_safe(Schema *s, List *exposed)
{
	NameMap    *types = gql_name_map_create();
	NameMap    *fields = gql_name_map_create();
	ListCell   *lc;
	bool		safe = true;

	foreach(lc, exposed)
	{
		const char *g = ((CatTable *) lfirst(lc))->gqlname;

		for (int i = 0; i < (int) lengthof(made_suffixes) && safe; i++)
			safe = claim(s, types, psprintf("%s_%s", g, made_suffixes[i]), true);
		safe = safe &&
			claim(s, types, psprintf("%s_select_column_%s_aggregate_bool_exp_bool_and_arguments_columns", g, g), true) &&
			claim(s, types, psprintf("%s_select_column_%s_aggregate_bool_exp_bool_or_arguments_columns", g, g), true);
		for (int i = 0; i < (int) lengthof(query_fields) && safe; i++)
			safe = claim(s, fields, psprintf(query_fields[i], g), false);
		for (int i = 0; i < (int) lengthof(mutation_fields) && safe; i++)
			safe = claim(s, fields, psprintf(mutation_fields[i], g), false);
		if (!safe)
			break;
	}
	foreach(lc, s->types)
	{
		SType	   *t = lfirst(lc);

		if (!safe)
			break;
		if (t->role == SR_BUILTIN || t->role == SR_CUSTOM_SCALAR || t->role == SR_PG_ENUM)
			safe = claim(s, types, psprintf("%s_comparison_exp", t->name), true) &&
				claim(s, types, psprintf("%s_array_comparison_exp", t->name), true);
	}
	foreach(lc, s->catalog->functions)
	{
		CatFunction *fn = lfirst(lc);

		if (!safe)
			break;
		if (fn->computedOn != NULL)
			continue;
		safe = claim(s, types, psprintf("%s_args", fn->gqlname), true) &&
			claim(s, fields, fn->gqlname, false) &&
			claim(s, fields, psprintf("%s_aggregate", fn->gqlname), false);
	}
	hash_destroy((HTAB *) types);
	hash_destroy((HTAB *) fields);
	return safe;
}

/* The state of the exposed table whose type name is name, or NULL. */
static TableState *
state_by_name(Schema *s, const char *name)
{
	SType	   *obj = gql_declared_type(s, name);

	if (obj == NULL || obj->role != SR_TABLE || obj->pending == NULL ||
		obj->pending->table != obj->table)
		return NULL;
	return obj->pending;
}

/*
 * Make the schema lazy, if that gives the same schema: every table's
 * declared types wait for its definition.  False if the tables must be
 * defined now (an eager build).
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

	foreach(lc, exposed)
	{
		CatTable   *t = lfirst(lc);
		TableState *ts = palloc0(sizeof(TableState));

		ts->schema = s;
		ts->table = t;
		ts->stage = STAGE_DECLARED;
		gql_declared_type(s, t->gqlname)->pending = ts;
		s->states = lappend(s->states, ts);
	}
	/* the other declared types of each table (bool_exp, order_by, aggregates) */
	foreach(lc, s->types)
	{
		SType	   *t = lfirst(lc);
		SType	   *obj;

		if (t->table == NULL || t->pending != NULL)
			continue;
		obj = gql_declared_type(s, t->table->gqlname);
		if (obj != NULL && obj->role == SR_TABLE && obj->table == t->table)
			t->pending = obj->pending;
	}
	foreach(lc, s->types)
	{
		SType	   *t = lfirst(lc);

		if (t->pending != NULL && t->pending != rootState)
			t->pending->types = lappend(t->pending->types, t);
	}
	s->incomplete = true;
	return true;
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

/* Bring a lazy table's definition to stage. */
void
gql_lazy_define(TableState *ts, TableStage stage)
{
	Schema	   *s = ts->schema;
	CatTable   *t = ts->table;
	TableState *outer = s->completing;
	MemoryContext old;

	if (ts->stage >= stage)
		return;
	old = MemoryContextSwitchTo(s->cxt);
	s->building++;
	PG_TRY();
	{
		if (ts->stage < STAGE_DEFINED)
		{
			int			nq = list_length(s->queryRoot->fields);
			int			nm = s->mutationRoot ? list_length(s->mutationRoot->fields) : 0;

			s->completing = ts;
			ts->stage = STAGE_DEFINED;
			gql_define_table(s, t);
			gql_define_mutations(s, t);
			sort_new_root_args(s->queryRoot, nq);
			sort_new_root_args(s->mutationRoot, nm);
		}
		if (stage == STAGE_COMPLETE)
		{
			ListCell   *lc;

			/* the mutation types of the tables it relates to */
			foreach(lc, t->relationships)
			{
				CatRelationship *r = lfirst(lc);
				TableState *target = state_by_name(s, r->target->gqlname);

				if (target != NULL && target->table == r->target)
					gql_lazy_define(target, STAGE_DEFINED);
			}
			s->completing = ts;
			ts->stage = STAGE_COMPLETE;
			gql_define_nested_inserts(s, t);
			foreach(lc, ts->types)
				gql_sort_type(lfirst(lc));
		}
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
 * it; a comparison type by any table with a column of its scalar.
 */
SType *
gql_lazy_find_type(Schema *s, const char *name)
{
	SType	   *t;
	char	   *target;

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
 * How many exposed tables are at least at stage (0: declared, so all of
 * them; 1: defined; 2: complete).  An eager schema's are all complete.
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
