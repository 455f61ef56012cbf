/*-------------------------------------------------------------------------
 *
 * schema_naming.c
 *	  Hasura's graphql-default naming convention (a source's
 *	  customization.naming_convention): camelCase fields and arguments,
 *	  PascalCase types, upper-case enum values.
 *
 * In:  a schema being built eagerly with Catalog.graphqlDefault, its
 *		tables' and functions' types and root fields made (and put under
 *		the namespace, if any), before remote schemas and actions are
 *		merged (theirs keep their own names).  The types the source's
 *		tables and functions make are PascalCase already (gql_type_name),
 *		and so are their root fields' names, camelCase (gql_add_table_root,
 *		schema_function.c): a custom name is taken as it is given.
 * Out: every other name of the source renamed in place: the fields and
 *		arguments hasura-default names in snake_case (distinct_on ->
 *		distinctOn, affected_rows -> affectedRows, _is_null -> _isNull),
 *		the columns (author_id -> authorId), the comparison types and
 *		order_by (IntComparisonExp, OrderBy), order_by's values (ASC,
 *		DESC_NULLS_LAST) and enum tables' values (upper case, the row's
 *		key kept in SEnumValue.value for the SQL).  Relationships' and
 *		computed fields' names are the metadata's and stay.  A renamed
 *		field or argument keeps its hasura-default name in SField.canon,
 *		which is the name the planner looks it up by (GQL_CANON), so the
 *		planner reads one convention whatever the schema shows; nothing of
 *		this is done per request.  A name that would become another of the
 *		same type's keeps its own (Schema.namingClash says which: the apply
 *		refuses the convention).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"

#include "names.h"
#include "schema_internal.h"

/* Whether a type belongs to the source (the convention names it). */
static bool
source_type(const SType *t)
{
	switch (t->role)
	{
		case SR_ROOT:
		case SR_MUTATION_ROOT:
		case SR_TABLE:
		case SR_BOOL_EXP:
		case SR_ORDER_BY:
		case SR_SELECT_COLUMN:
		case SR_COMPARISON:
		case SR_ORDER_DIRECTION:
		case SR_AGGREGATE:
		case SR_FUNCTION_ARGS:
		case SR_MUTATION_RESPONSE:
		case SR_MUTATION_INPUT:
		case SR_ENUM_TABLE:
		case SR_NAMESPACE:
			return true;
		default:
			return false;
	}
}

/*
 * Whether a field keeps its name: the metadata's names (relationships,
 * computed fields), root fields (named when made), and what is not the
 * source's.
 */
static bool
keeps_name(SFieldKind kind)
{
	switch (kind)
	{
		case SF_RELATIONSHIP:
		case SF_BOOL_RELATIONSHIP:
		case SF_ORDER_RELATIONSHIP:
		case SF_INPUT_RELATIONSHIP:
		case SF_COMPUTED:
		case SF_BOOL_COMPUTED:
		case SF_ORDER_COMPUTED:
		case SF_ROOT_LIST:
		case SF_ROOT_BY_PK:
		case SF_ROOT_AGGREGATE:
		case SF_ROOT_FUNCTION:
		case SF_ROOT_FUNCTION_AGGREGATE:
		case SF_INSERT:
		case SF_INSERT_ONE:
		case SF_UPDATE:
		case SF_UPDATE_BY_PK:
		case SF_UPDATE_MANY:
		case SF_DELETE:
		case SF_DELETE_BY_PK:
		case SF_NAMESPACE:
		case SF_META:
		case SF_INTROSPECTION:
		case SF_REMOTE:
		case SF_REMOTE_NAMESPACE:
		case SF_REMOTE_FIELD:
		case SF_REMOTE_RELATIONSHIP:
		case SF_ACTION:
		case SF_ACTION_FIELD:
			return true;
		default:
			return false;
	}
}

/* Note the first clash: what owner would have had twice. */
static void
clash(Schema *s, const char *owner, const char *name)
{
	if (s->namingClash == NULL)
		s->namingClash = psprintf("two names of %s would both be \"%s\"", owner, name);
}

/* Rename a list of fields or arguments; names taken keep theirs. */
static void
rename_fields(Schema *s, List *fields, const char *owner, bool all)
{
	NameSet		taken = {0};
	ListCell   *lc;

	/* the names that stay are taken first */
	foreach(lc, fields)
	{
		SField	   *f = lfirst(lc);

		if (!all && keeps_name(f->kind))
			gql_name_set_add(&taken, f->name);
	}
	foreach(lc, fields)
	{
		SField	   *f = lfirst(lc);
		char	   *name;

		CHECK_FOR_INTERRUPTS();
		if (!all && keeps_name(f->kind))
			continue;
		name = gql_camel_case(f->name);
		if (gql_name_set_has(&taken, name))
		{
			clash(s, owner, name);
			name = f->name;
		}
		if (strcmp(name, f->name) != 0)
		{
			f->canon = f->name;
			f->name = name;
		}
		gql_name_set_add(&taken, f->name);
	}
}

/* Rename an enum's values: upper case, or a column's camelCase. */
static void
rename_values(Schema *s, SType *t)
{
	NameSet		taken = {0};
	ListCell   *lc;

	if (t->role != SR_ORDER_DIRECTION && t->role != SR_ENUM_TABLE && t->role != SR_SELECT_COLUMN &&
		t->role != SR_MUTATION_INPUT)
		return;
	foreach(lc, t->values)
	{
		SEnumValue *v = lfirst(lc);
		char	   *name = v->column != NULL ? gql_camel_case(v->name) :
			t->role == SR_ORDER_DIRECTION || t->role == SR_ENUM_TABLE ? gql_upper_case(v->name) : v->name;

		if (gql_name_set_has(&taken, name))
		{
			clash(s, psprintf("enum \"%s\"", t->name), name);
			name = v->name;
		}
		if (strcmp(name, v->name) != 0)
		{
			if (t->role == SR_ENUM_TABLE)
				v->value = v->name;
			v->name = name;
		}
		gql_name_set_add(&taken, v->name);
	}
}

/*
 * The arguments of a field made after the source's names (an action's
 * relationship to a table: its list arguments) in the convention.
 */
void
gql_apply_naming_args(Schema *s, SField *f)
{
	if (s->catalog->graphqlDefault)
		rename_fields(s, f->args, psprintf("field \"%s\"", f->name), true);
}

/* Apply graphql-default to the source's names; see the file's comment. */
void
gql_apply_naming(Schema *s)
{
	ListCell   *lc;

	if (!s->catalog->graphqlDefault)
		return;
	/* the comparison types and order_by take new names: a new map */
	s->byName = gql_name_map_create();
	foreach(lc, s->types)
	{
		SType	   *t = lfirst(lc);
		char	   *name = t->role == SR_COMPARISON || t->role == SR_ORDER_DIRECTION ?
			gql_pascal_case(t->name) : t->name;

		if (gql_name_map_get(s->byName, name) != NULL)
		{
			clash(s, "the schema's types", name);
			name = t->name;
		}
		t->name = name;
		gql_name_map_put(s->byName, t->name, t);
	}
	foreach(lc, s->types)
	{
		SType	   *t = lfirst(lc);
		char	   *owner;
		ListCell   *lf;

		CHECK_FOR_INTERRUPTS();
		if (!source_type(t))
			continue;
		owner = psprintf("type \"%s\"", t->name);
		rename_fields(s, t->fields, owner, false);
		foreach(lf, t->fields)
		{
			SField	   *f = lfirst(lf);

			if (f->args != NIL)
				rename_fields(s, f->args, psprintf("field \"%s.%s\"", t->name, f->name), true);
		}
		rename_values(s, t);
	}
}
