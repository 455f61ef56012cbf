/*-------------------------------------------------------------------------
 *
 * collect.c
 *	  CollectFields (spec 6.3.2), once for both of its users.
 *
 * In:  a selection set of a parsed document, and how to collect it
 *	    (Collect: validating, with each field's parent type; or executing,
 *	    with @skip and @include decided by the request's variables).
 * Out: FieldGroups, one per response key in the order keys first appear,
 *	    each with its fields in order.  Fragments are followed once each.
 *
 * Validation (validate.c) compares the fields of each group
 * (OverlappingFieldsCanBeMerged); compiling (deparse.c, introspection.c,
 * mutation.c) answers each group once.  Work is linear in the selections:
 * groups are indexed by key once there are more than a few, fragments by
 * name.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "collect.h"
#include "names.h"

/* The groups being collected, indexed by key once there are more than a few. */
typedef struct Collector
{
	const Collect *how;
	List	   *groups;			/* of FieldGroup */
	NameMap    *byKey;			/* FieldGroup by key, or NULL */
	NameMap    *visited;		/* fragments spread, made at the first */
} Collector;

/*
 * The (first) fragment definition called name, or NULL.  The document's
 * fragments are indexed by name on first use, in the document's memory
 * context (a cached document keeps its index).
 */
GqlFragmentDefinition *
gql_find_fragment(GqlDocument *doc, const char *name)
{
	if (doc->fragments == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(doc));
		NameMap    *map = gql_name_map_create();
		ListCell   *lc;

		foreach(lc, doc->definitions)
		{
			GqlFragmentDefinition *f = lfirst(lc);

			if (f->n.kind == GQL_FRAGMENT_DEFINITION && gql_name_map_get(map, f->name.value) == NULL)
				gql_name_map_put(map, f->name.value, f);
		}
		MemoryContextSwitchTo(old);
		doc->fragments = map;
	}
	return gql_name_map_get(doc->fragments, name);
}

/* Whether @skip and @include let a selection through (always, when validating). */
static bool
included(const Collect *how, List *directives)
{
	ListCell   *lc;

	if (how->exec == NULL)
		return true;
	foreach(lc, directives)
	{
		GqlDirective *d = lfirst(lc);
		CoerceContext cx = *how->exec;
		GqlInput   *in;

		in = gql_coerce_literal(&cx, ((GqlArgument *) linitial(d->arguments))->value,
								gql_non_null_ref(gql_named_ref(cx.schema->typeBoolean)),
								"$.directives");
		if (in == NULL || in->kind != IN_BOOLEAN)
			continue;
		if (d->name.value[0] == 's' ? in->boolean : !in->boolean)
			return false;
	}
	return true;
}

/* The group of a response key, or NULL. */
static FieldGroup *
find_group(Collector *c, const char *key)
{
	ListCell   *lc;

	if (c->byKey != NULL)
		return gql_name_map_get(c->byKey, key);
	foreach(lc, c->groups)
		if (strcmp(((FieldGroup *) lfirst(lc))->key, key) == 0)
			return lfirst(lc);
	if (list_length(c->groups) > 8)
	{
		c->byKey = gql_name_map_create();
		foreach(lc, c->groups)
			gql_name_map_put(c->byKey, ((FieldGroup *) lfirst(lc))->key, lfirst(lc));
	}
	return NULL;
}

/* The type a fragment's condition names, if an object type (recorded types only). */
static SType *
condition_type(Collector *c, GqlType *condition, SType *parent)
{
	SType	   *t;

	if (c->how->schema == NULL)
		return NULL;
	if (condition == NULL)
		return parent;
	t = gql_schema_type(c->how->schema, condition->name.value);
	return t != NULL && t->kind == SK_OBJECT ? t : NULL;
}

static void
collect(Collector *c, List *selections, SType *parent)
{
	ListCell   *lc;

	check_stack_depth();
	foreach(lc, selections)
	{
		GqlNode    *sel = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (sel->kind == GQL_FIELD)
		{
			GqlField   *f = (GqlField *) sel;
			const char *key = f->alias ? f->alias->value : f->name.value;
			FieldGroup *g;

			if (!included(c->how, f->directives))
				continue;
			g = find_group(c, key);
			if (g == NULL)
			{
				g = palloc0(sizeof(FieldGroup));
				g->key = key;
				c->groups = lappend(c->groups, g);
				if (c->byKey != NULL)
					gql_name_map_put(c->byKey, key, g);
			}
			g->fields = lappend(g->fields, f);
			if (c->how->schema != NULL)
				g->parents = lappend(g->parents, parent);
		}
		else if (sel->kind == GQL_FRAGMENT_SPREAD)
		{
			GqlFragmentSpread *s = (GqlFragmentSpread *) sel;
			GqlFragmentDefinition *def;

			if (!included(c->how, s->directives))
				continue;
			if (c->visited == NULL)
				c->visited = gql_name_map_create();
			if (gql_name_map_get(c->visited, s->name.value) != NULL)
				continue;
			def = gql_find_fragment(c->how->doc, s->name.value);
			if (def == NULL)
				continue;		/* unknown: validation reports it */
			gql_name_map_put(c->visited, s->name.value, def);
			collect(c, def->selectionSet->selections, condition_type(c, def->typeCondition, parent));
		}
		else
		{
			GqlInlineFragment *f = (GqlInlineFragment *) sel;

			if (included(c->how, f->directives))
				collect(c, f->selectionSet->selections,
						condition_type(c, f->typeCondition, parent));
		}
	}
}

/*
 * CollectFields: the fields of selections (of a parent type, NULL if
 * unknown) by response key, in order (FieldGroups).
 */
List *
gql_collect(const Collect *how, List *selections, SType *parent)
{
	Collector	c = {how, NIL, NULL, NULL};

	collect(&c, selections, parent);
	return c.groups;
}
