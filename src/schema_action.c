/*-------------------------------------------------------------------------
 *
 * schema_action.c
 *	  Actions merged into a role's schema: their custom types, their
 *	  relationships to tables, and a root field per action.
 *
 * In:  the schema being built (tables, functions, remote schemas merged),
 *	    the catalog's actions (definitions without handler and headers) and
 *	    custom types (Hasura's set_custom_types JSON).
 * Out: custom scalars (SR_CUSTOM_SCALAR, no PostgreSQL type), enums, input
 *	    objects and objects (SR_ACTION); an object's relationship to a
 *	    table is an SF_RELATIONSHIP over a CatRelationship whose "from"
 *	    columns are the object's fields (the run casts them to the target
 *	    columns' types); each action an SF_ACTION on query_root or
 *	    mutation_root.
 *
 * Everything is checked before anything is made, and merged whole or
 * not at all: custom types that name a type that does not exist, or take
 * a name the schema has, are left out with every action (a WARNING); an
 * action whose types or root field name do not fit is left out alone.
 * graphql.set_custom_types and graphql.add_action refuse what the
 * caller's schema would leave out (action.c).  A relationship to a table
 * the role cannot see, or whose mapped columns it may not select, is not
 * there for that role; that is not a warning.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/builtins.h"

#include "error.h"
#include "json_tree.h"
#include "names.h"
#include "schema_internal.h"

typedef struct ActionMerge
{
	Schema	   *s;
	JtNode	   *types;			/* the custom types, or NULL */
	char	   *why;			/* the first problem found */
} ActionMerge;

static const char *const typeLists[] = {"scalars", "enums", "input_objects", "objects"};

static bool
problem(ActionMerge *m, const char *fmt,...) pg_attribute_printf(2, 3);

static bool
problem(ActionMerge *m, const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	if (m->why == NULL)
		m->why = gql_vformat(fmt, args);
	va_end(args);
	return false;
}

/* A string member, or NULL. */
static const char *
str(const JtNode *obj, const char *key)
{
	const JtNode *v = obj != NULL && obj->type == JT_OBJECT ? jt_get(obj, key) : NULL;

	return v != NULL && v->type == JT_STRING ? v->str : NULL;
}

/* An array member (an empty one if absent or not an array). */
static const JtNode *
list(const JtNode *obj, const char *key)
{
	static const JtNode empty = {.type = JT_ARRAY};
	const JtNode *v = obj != NULL && obj->type == JT_OBJECT ? jt_get(obj, key) : NULL;

	return v != NULL && v->type == JT_ARRAY ? v : &empty;
}

/*
 * The kind a type name stands for: 'S' scalar, 'E' enum, 'I' input object,
 * 'O' custom object, or 0 if none (a table's object type is not one).
 */
static char
kind_of(ActionMerge *m, const char *name)
{
	SType	   *t = gql_schema_type(m->s, name);

	for (int l = 0; l < (int) lengthof(typeLists); l++)
	{
		const JtNode *items = list(m->types, typeLists[l]);

		for (int i = 0; i < items->count; i++)
			if (str(items->items[i], "name") && strcmp(str(items->items[i], "name"), name) == 0)
				return "SEIO"[l];
	}
	if (t == NULL || t->role == SR_INTROSPECTION)
		return 0;
	return t->kind == SK_SCALAR ? 'S' : t->kind == SK_ENUM ? 'E' :
		t->kind == SK_INPUT_OBJECT ? 'I' : 0;
}

/* What read_ref returns for a reference it only checked. */
static STypeRef checked;

/*
 * Read a type reference ("[Int!]!") from *p: with make, as an STypeRef of
 * the schema; without, checked (NULL with the problem set, else &checked).
 */
static STypeRef *
read_ref(ActionMerge *m, const char **p, bool input, bool make, const char *what)
{
	STypeRef   *ref;

	check_stack_depth();
	while (**p == ' ')
		(*p)++;
	if (**p == '[')
	{
		STypeRef   *inner;

		(*p)++;
		if ((inner = read_ref(m, p, input, make, what)) == NULL)
			return NULL;
		while (**p == ' ')
			(*p)++;
		if (**p != ']')
			return problem(m, "%s: the type is not a GraphQL type", what), NULL;
		(*p)++;
		ref = make ? gql_list_ref(inner) : inner;
	}
	else
	{
		const char *start = *p;
		char	   *name;
		char		k;

		while (isalnum((unsigned char) **p) || **p == '_')
			(*p)++;
		name = pnstrdup(start, *p - start);
		if (!gql_is_name(name))
			return problem(m, "%s: the type is not a GraphQL type", what), NULL;
		k = kind_of(m, name);
		if (k == 0 || (input && k == 'O') || (!input && k == 'I'))
			return problem(m, "%s: type \"%s\" is not %s", what, name,
						   input ? "an input type (a scalar, an enum or an input object)" :
						   "an output type (a scalar, an enum or a custom object)"), NULL;
		ref = make ? gql_named_ref(gql_schema_type(m->s, name)) : &checked;
	}
	while (**p == ' ')
		(*p)++;
	if (**p == '!')
	{
		(*p)++;
		if (make)
			ref = gql_non_null_ref(ref);
	}
	return ref;
}

/* A whole type string: checked, or made. */
static STypeRef *
type_ref(ActionMerge *m, const char *text, bool input, bool make, const char *what)
{
	const char *p = text;
	STypeRef   *ref;

	if (text == NULL)
		return problem(m, "%s: \"type\" is required", what), NULL;
	ref = read_ref(m, &p, input, make, what);
	while (ref != NULL && *p == ' ')
		p++;
	if (ref != NULL && *p != '\0')
		return problem(m, "%s: the type is not a GraphQL type", what), NULL;
	return ref;
}

/* The table a relationship names ("t", or {"schema", "name"}), or NULL. */
static CatTable *
remote_table(ActionMerge *m, const JtNode *rel)
{
	const JtNode *t = jt_get(rel, "remote_table");
	const char *nsp = t && t->type == JT_OBJECT && str(t, "schema") ? str(t, "schema") : "public";
	const char *name = t && t->type == JT_STRING ? t->str : str(t, "name");
	ListCell   *lc;

	foreach(lc, m->s->catalog->tables)
	{
		CatTable   *c = lfirst(lc);

		if (name && nsp && strcmp(c->relname, name) == 0 && strcmp(c->nspname, nsp) == 0)
			return c;
	}
	return NULL;
}

/* Check the custom types: names free, fields' types known. */
static bool
check_types(ActionMerge *m)
{
	for (int l = 0; l < (int) lengthof(typeLists); l++)
	{
		const JtNode *items = list(m->types, typeLists[l]);

		for (int i = 0; i < items->count; i++)
		{
			const char *name = str(items->items[i], "name");
			SType	   *had;
			const JtNode *fields = list(items->items[i], "fields");

			if (name == NULL || !gql_is_name(name) || strlen(name) >= NAMEDATALEN)
				return problem(m, "%s[%d]: \"name\" must be a GraphQL name", typeLists[l], i);
			had = gql_schema_type(m->s, name);
			if (had != NULL && !(l == 0 && had->kind == SK_SCALAR))
				return problem(m, "type \"%s\" has the name of a type the schema has", name);
			if (strcmp(name, "query_root") == 0 || strcmp(name, "mutation_root") == 0 ||
				strcmp(name, "subscription_root") == 0 || strncmp(name, "__", 2) == 0)
				return problem(m, "type \"%s\" has a name the schema keeps for itself", name);
			for (int l2 = 0; l2 <= l; l2++)
			{
				const JtNode *others = list(m->types, typeLists[l2]);

				for (int j = 0; j < (l2 == l ? i : others->count); j++)
					if (str(others->items[j], "name") && strcmp(str(others->items[j], "name"), name) == 0)
						return problem(m, "two custom types are named \"%s\"", name);
			}
			for (int f = 0; l >= 2 && f < fields->count; f++)
			{
				const char *fname = str(fields->items[f], "name");
				char	   *what = psprintf("%s.%s", name, fname ? fname : "?");

				if (fname == NULL || !gql_is_name(fname))
					return problem(m, "%s: \"name\" must be a GraphQL name", what);
				if (type_ref(m, str(fields->items[f], "type"), l == 2, false, what) == NULL)
					return false;
			}
			if (l >= 2 && fields->count == 0)
				return problem(m, "type \"%s\" has no fields", name);
			if (l == 1 && list(items->items[i], "values")->count == 0)
				return problem(m, "enum \"%s\" has no values", name);
			for (int v = 0; l == 1 && v < list(items->items[i], "values")->count; v++)
			{
				const char *value = str(list(items->items[i], "values")->items[v], "value");

				if (value == NULL || !gql_is_name(value) || strcmp(value, "true") == 0 ||
					strcmp(value, "false") == 0 || strcmp(value, "null") == 0)
					return problem(m, "enum \"%s\": values[%d] must be a GraphQL name (not true, false or null)", name, v);
			}
		}
	}
	return true;
}

/* Make the custom types (checked), their fields after all are made. */
static void
make_types(ActionMerge *m)
{
	for (int l = 0; l < (int) lengthof(typeLists); l++)
	{
		const JtNode *items = list(m->types, typeLists[l]);

		for (int i = 0; i < items->count; i++)
		{
			const char *name = str(items->items[i], "name");
			const JtNode *values = list(items->items[i], "values");
			SType	   *t;

			if (l == 0 && gql_schema_type(m->s, name) != NULL)
				continue;		/* a scalar the schema has */
			t = gql_new_type(m->s, l == 0 ? SK_SCALAR : l == 1 ? SK_ENUM : l == 2 ? SK_INPUT_OBJECT : SK_OBJECT,
							 l == 0 ? SR_CUSTOM_SCALAR : SR_ACTION, name);
			if (t == NULL)
				elog(ERROR, "graphql: custom type \"%s\" could not be made", name);	/* checked: not reached */
			t->description = str(items->items[i], "description") ? pstrdup(str(items->items[i], "description")) : NULL;
			for (int v = 0; v < values->count; v++)
				gql_add_enum_value(t, str(values->items[v], "value"))->description =
					str(values->items[v], "description") ? pstrdup(str(values->items[v], "description")) : NULL;
		}
	}
	for (int l = 2; l < (int) lengthof(typeLists); l++)
	{
		const JtNode *items = list(m->types, typeLists[l]);

		for (int i = 0; i < items->count; i++)
		{
			SType	   *t = gql_schema_type(m->s, str(items->items[i], "name"));
			const JtNode *fields = list(items->items[i], "fields");

			for (int f = 0; f < fields->count; f++)
			{
				const char *fname = str(fields->items[f], "name");
				STypeRef   *ref = type_ref(m, str(fields->items[f], "type"), l == 2, true, fname);
				SField	   *sf;

				if (l == 2)
				{
					sf = palloc0(sizeof(SField));
					sf->name = pstrdup(fname);
					sf->type = ref;
					sf->kind = SF_INPUT;
					t->fields = lappend(t->fields, sf);
				}
				else
					sf = gql_add_field(t, fname, ref, SF_ACTION_FIELD);
				sf->description = str(fields->items[f], "description") ?
					pstrdup(str(fields->items[f], "description")) : NULL;
			}
		}
	}
}

/* Check an object's relationships: fields mapped, tables and columns there. */
static bool
check_relationships(ActionMerge *m)
{
	const JtNode *objects = list(m->types, "objects");

	for (int i = 0; i < objects->count; i++)
	{
		const char *name = str(objects->items[i], "name");
		const JtNode *rels = list(objects->items[i], "relationships");

		for (int r = 0; r < rels->count; r++)
		{
			const JtNode *rel = rels->items[r];
			const char *rname = str(rel, "name");
			const char *kind = str(rel, "type");
			const JtNode *mapping = rel->type == JT_OBJECT ? jt_get(rel, "field_mapping") : NULL;
			char	   *what = psprintf("%s.%s", name, rname ? rname : "?");

			if (rname == NULL || !gql_is_name(rname))
				return problem(m, "%s: a relationship's \"name\" must be a GraphQL name", what);
			if (kind == NULL || (strcmp(kind, "object") != 0 && strcmp(kind, "array") != 0))
				return problem(m, "%s: \"type\" must be \"object\" or \"array\"", what);
			if (remote_table(m, rel) == NULL)
				return problem(m, "%s: its remote_table is not a table of graphql.schemas", what);
			if (mapping == NULL || mapping->type != JT_OBJECT || mapping->count == 0)
				return problem(m, "%s: \"field_mapping\" must map fields to columns", what);
			for (int f = 0; f < mapping->count; f++)
			{
				bool		found = false;
				const JtNode *fields = list(objects->items[i], "fields");

				for (int k = 0; k < fields->count; k++)
					found |= str(fields->items[k], "name") && strcmp(str(fields->items[k], "name"), mapping->keys[f]) == 0;
				if (!found)
					return problem(m, "%s: field_mapping names \"%s\", which is not a field of %s", what,
								   mapping->keys[f], name);
				if (mapping->items[f]->type != JT_STRING)
					return problem(m, "%s: field_mapping.%s must name a column", what, mapping->keys[f]);
			}
		}
	}
	return true;
}

/* The target table's selectable column of that name, or NULL. */
static CatColumn *
column_of(CatTable *t, const char *attname)
{
	ListCell   *lc;

	foreach(lc, t->columns)
		if (strcmp(((CatColumn *) lfirst(lc))->attname, attname) == 0)
			return lfirst(lc);
	return NULL;
}

static void leave_out(Schema *s, const char *what, const char *name, const char *why);

/*
 * Whether a field mapped to a column of type typid is mapped to a column
 * of another type by an earlier relationship (mapped: of CatColumn, the
 * object's fields as mapped so far): the answer's value is cast once.
 */
static bool
mapped_otherwise(List *mapped, const char *field, Oid typid)
{
	ListCell   *lc;

	foreach(lc, mapped)
		if (strcmp(((CatColumn *) lfirst(lc))->attname, field) == 0 &&
			((CatColumn *) lfirst(lc))->typid != typid)
			return true;
	return false;
}

/* Add an object's relationships its role may use. */
static void
make_relationships(ActionMerge *m)
{
	const JtNode *objects = list(m->types, "objects");

	for (int i = 0; i < objects->count; i++)
	{
		SType	   *obj = gql_schema_type(m->s, str(objects->items[i], "name"));
		const JtNode *rels = list(objects->items[i], "relationships");
		List	   *mapped = NIL;

		for (int r = 0; r < rels->count; r++)
		{
			const JtNode *rel = rels->items[r];
			const JtNode *mapping = jt_get(rel, "field_mapping");
			CatTable   *table = remote_table(m, rel);
			SType	   *target = gql_table_object_type(m->s, table);
			CatRelationship *cr = palloc0(sizeof(CatRelationship));
			CatForeignKey *fk = palloc0(sizeof(CatForeignKey));
			STypeRef   *ref;
			SField	   *f;
			bool		ok = target != NULL && target->role == SR_TABLE && target->table == table &&
				gql_type_field(obj, str(rel, "name")) == NULL;

			fk->ncols = mapping->count;
			fk->fromCols = palloc0(sizeof(CatColumn *) * fk->ncols);
			fk->toCols = palloc0(sizeof(CatColumn *) * fk->ncols);
			fk->to = table;
			for (int k = 0; ok && k < mapping->count; k++)
			{
				CatColumn  *to = column_of(table, mapping->items[k]->str);
				CatColumn  *from = palloc0(sizeof(CatColumn));

				ok = to != NULL;
				if (!ok)
					break;
				if (mapped_otherwise(mapped, mapping->keys[k], to->typid))
				{
					leave_out(m->s, "relationship", psprintf("%s.%s", obj->name, str(rel, "name")),
							  psprintf("field \"%s\" is mapped to columns of two types", mapping->keys[k]));
					ok = false;
					break;
				}
				from->attname = pstrdup(mapping->keys[k]);
				from->quoted = quote_identifier(from->attname);
				from->gqlname = from->attname;
				from->typid = to->typid;
				fk->fromCols[k] = from;
				fk->toCols[k] = to;
			}
			if (!ok)
				continue;		/* not this role's to use, or left out */
			for (int k = 0; k < fk->ncols; k++)
				mapped = lappend(mapped, fk->fromCols[k]);
			cr->name = pstrdup(str(rel, "name"));
			cr->isArray = strcmp(str(rel, "type"), "array") == 0;
			cr->nullable = true;
			cr->target = table;
			cr->fk = fk;
			cr->outgoing = true;
			ref = gql_named_ref(target);
			if (cr->isArray)
				ref = gql_non_null_ref(gql_list_ref(gql_non_null_ref(ref)));
			f = gql_add_field(obj, cr->name, ref, SF_RELATIONSHIP);
			f->rel = cr;
			f->description = cr->isArray ? "An array relationship" : "An object relationship";
			if (cr->isArray)
			{
				gql_add_list_args(m->s, f, table);
				gql_apply_naming_args(m->s, f);
			}
		}
	}
}

/* Leave something out of the schema, with a WARNING. */
static void
leave_out(Schema *s, const char *what, const char *name, const char *why)
{
	RemoteLeftOut *lo = palloc0(sizeof(RemoteLeftOut));

	ereport(WARNING,
			(errmsg("%s \"%s\" is left out: %s", what, name, why)));
	lo->what = what;
	lo->name = pstrdup(name);
	lo->why = pstrdup(why);
	s->remotesLeftOut = lappend(s->remotesLeftOut, lo);
}

/* Check an action's definition against the schema: NULL if it fits, else why. */
static bool
check_action(ActionMerge *m, CatAction *a, const JtNode *def, SType **root)
{
	const char *kind = str(def, "kind");
	const char *type = str(def, "type");
	const JtNode *args = list(def, "arguments");

	if (def == NULL || def->type != JT_OBJECT)
		return problem(m, "its stored definition is malformed");
	if (kind != NULL && strcmp(kind, "synchronous") != 0)
		return problem(m, "only synchronous actions are supported");
	if (type != NULL && strcmp(type, "query") != 0 && strcmp(type, "mutation") != 0)
		return problem(m, "\"type\" must be \"query\" or \"mutation\"");
	*root = type != NULL && strcmp(type, "query") == 0 ? m->s->queryRoot : m->s->mutationRoot;
	if (*root != NULL && gql_type_field(*root, a->name) != NULL)
		return problem(m, "%s has a field \"%s\"", (*root)->name, a->name);
	for (int i = 0; i < args->count; i++)
	{
		const char *name = str(args->items[i], "name");

		if (name == NULL || !gql_is_name(name))
			return problem(m, "arguments[%d]: \"name\" must be a GraphQL name", i);
		if (type_ref(m, str(args->items[i], "type"), true, false, psprintf("argument \"%s\"", name)) == NULL)
			return false;
	}
	return type_ref(m, str(def, "output_type"), false, false, "output_type") != NULL;
}

/* Add an action's root field. */
static void
make_action(ActionMerge *m, CatAction *a, const JtNode *def)
{
	const char *type = str(def, "type");
	bool		query = type != NULL && strcmp(type, "query") == 0;
	const JtNode *args = list(def, "arguments");
	SField	   *f;

	if (!query && m->s->mutationRoot == NULL)
		m->s->mutationRoot = gql_new_type(m->s, SK_OBJECT, SR_MUTATION_ROOT, "mutation_root");
	if (!query && m->s->mutationRoot == NULL)
		elog(ERROR, "graphql: mutation_root could not be made");	/* the name is kept: not reached */
	f = gql_add_field(query ? m->s->queryRoot : m->s->mutationRoot, a->name,
					  type_ref(m, str(def, "output_type"), false, true, a->name), SF_ACTION);
	f->action = a;
	f->description = a->comment;
	for (int i = 0; i < args->count; i++)
	{
		SField	   *arg = gql_add_arg(f, str(args->items[i], "name"),
									  type_ref(m, str(args->items[i], "type"), true, true, a->name));

		arg->description = str(args->items[i], "description") ?
			pstrdup(str(args->items[i], "description")) : NULL;
	}
}

/* Merge the actions and their custom types into the schema being built. */
void
gql_merge_actions(Schema *s)
{
	ActionMerge m = {s, NULL, NULL};
	MemoryContext old;
	char	   *error = NULL;
	ListCell   *lc;

	if (s->catalog->actions == NIL)
		return;
	old = MemoryContextSwitchTo(s->cxt);
	if (s->catalog->customTypes != NULL)
		m.types = jt_parse(s->catalog->customTypes, strlen(s->catalog->customTypes), &error);
	if ((m.types != NULL && m.types->type != JT_OBJECT) || (m.types == NULL && error != NULL))
		problem(&m, "they are malformed");
	if (m.why != NULL || !check_types(&m) || !check_relationships(&m))
	{
		leave_out(s, "custom types", "custom_types", m.why);
		foreach(lc, s->catalog->actions)
			leave_out(s, "action", ((CatAction *) lfirst(lc))->name, "the custom types are left out");
		MemoryContextSwitchTo(old);
		return;
	}
	make_types(&m);
	make_relationships(&m);
	foreach(lc, s->catalog->actions)
	{
		CatAction  *a = lfirst(lc);
		JtNode	   *def = jt_parse(a->definition, strlen(a->definition), &error);
		SType	   *root = NULL;

		CHECK_FOR_INTERRUPTS();
		if (!a->allowed)
			continue;			/* not the role's (Hasura: admin only, unless granted) */
		m.why = NULL;
		if (!gql_is_name(a->name))
			problem(&m, "its name is not a GraphQL name");
		else if (check_action(&m, a, def, &root))
		{
			make_action(&m, a, def);
			continue;
		}
		leave_out(s, "action", a->name, m.why);
	}
	MemoryContextSwitchTo(old);
}
