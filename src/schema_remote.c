/*-------------------------------------------------------------------------
 *
 * schema_remote.c
 *	  Remote schemas merged into a role's schema: each remote's types
 *	  (objects, input objects, enums, scalars) and its root fields, named
 *	  as its customization says.
 *
 * In:  the catalog's remote schemas (catalog_remote.c: each one's
 *	    introspected __schema and customization), after the database's
 *	    types are built.
 * Out: STypes of role SR_REMOTE (custom scalars: SR_CUSTOM_SCALAR without
 *	    a PostgreSQL type), each knowing its remote and its name there;
 *	    root fields of kind SF_REMOTE on query_root and mutation_root (or
 *	    one SF_REMOTE_NAMESPACE field whose type holds them).
 *
 * Names follow Hasura's customization rules: type_names' mapping first,
 * else prefix and suffix, for every type but the root types, the standard
 * scalars and those of "__", which only a mapping renames; field_names per
 * parent type likewise, for object types' fields (input fields and
 * arguments keep their names).  The standard scalars are the schema's own.
 *
 * A remote is merged whole or not at all: it is checked first (every type
 * of a kind we merge, every reference resolved, no name the database's
 * schema or an earlier remote already has, no two of its types or fields
 * renamed alike), and one that fails is left out with a WARNING naming
 * why.  graphql.add_remote_schema refuses such a remote in the first place.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "error.h"
#include "json_tree.h"
#include "names.h"
#include "parser.h"
#include "remote_schema.h"
#include "schema_internal.h"

/* A remote being merged: its introspection and how its names change. */
typedef struct Merge
{
	Schema	   *s;
	CatRemote  *remote;
	const JtNode *types;		/* __schema.types */
	const char *queryName;		/* its root types' names, or NULL */
	const char *mutationName;
	const char *ns;				/* root_fields_namespace, or NULL */
	const JtNode *typeMapping;	/* customization.type_names */
	const char *prefix;
	const char *suffix;
	const JtNode *fieldNames;	/* customization.field_names */
	NameMap    *remoteTypes;	/* remote type name -> its JtNode */
	NameMap    *byRemote;		/* remote type name -> SType, once made */
	char	   *why;			/* why the remote is left out */
} Merge;

static const char *const standardScalars[] = {"Int", "Float", "String", "Boolean", "ID"};

/* Whether a type name is one of GraphQL's standard scalars (Int, ..., ID). */
bool
gql_is_standard_scalar(const char *name)
{
	for (int i = 0; i < (int) lengthof(standardScalars); i++)
		if (strcmp(name, standardScalars[i]) == 0)
			return true;
	return false;
}

static const char *
jt_str(const JtNode *obj, const char *key)
{
	const JtNode *v = obj ? jt_get(obj, key) : NULL;

	return v && v->type == JT_STRING ? v->str : NULL;
}

/* Whether a remote type name is one of its root types. */
static bool
is_root(Merge *m, const char *name)
{
	return (m->queryName && strcmp(name, m->queryName) == 0) ||
		(m->mutationName && strcmp(name, m->mutationName) == 0);
}

/*
 * Our name of a remote type: its mapping, else prefix and suffix (not for
 * the standard scalars and "__" types; for the root types only when they
 * are types of ours, under root_fields_namespace).
 */
static const char *
our_type_name(Merge *m, const char *name)
{
	const char *to = jt_str(m->typeMapping, name);

	if (to != NULL)
		return to;
	if (strncmp(name, "__", 2) == 0 || gql_is_standard_scalar(name) || (is_root(m, name) && m->ns == NULL))
		return name;
	return gql_cat(m->prefix ? m->prefix : "", name, m->suffix ? m->suffix : "", NULL);
}

/* Our name of a field of a remote object type (the last entry for its type rules, as in Hasura). */
static const char *
our_field_name(Merge *m, const char *parent, const char *name)
{
	const JtNode *rule = NULL;
	const char *to;

	for (int i = 0; m->fieldNames != NULL && m->fieldNames->type == JT_ARRAY && i < m->fieldNames->count; i++)
	{
		const JtNode *f = m->fieldNames->items[i];

		if (f->type == JT_OBJECT && jt_str(f, "parent_type") && strcmp(jt_str(f, "parent_type"), parent) == 0)
			rule = f;
	}
	if (rule == NULL)
		return name;
	if ((to = jt_str(jt_get(rule, "mapping"), name)) != NULL)
		return to;
	return gql_cat(jt_str(rule, "prefix") ? jt_str(rule, "prefix") : "", name,
				   jt_str(rule, "suffix") ? jt_str(rule, "suffix") : "", NULL);
}

/* The remote's type of a name, or NULL. */
static const JtNode *
remote_type(Merge *m, const char *name)
{
	return gql_name_map_get(m->remoteTypes, name);
}

/* Whether a name can be a type's or a field's of ours. */
static bool
good_name(const char *name)
{
	return name != NULL && gql_is_name(name) && strlen(name) < TYPE_NAME_KEYSIZE;
}

/* Set why (the first reason only); false. */
static bool
refuse(Merge *m, const char *fmt,...) pg_attribute_printf(2, 3);

static bool
refuse(Merge *m, const char *fmt,...)
{
	va_list		args;

	if (m->why == NULL)
	{
		va_start(args, fmt);
		m->why = gql_vformat(fmt, args);
		va_end(args);
	}
	return false;
}

/* Whether a type reference (__Type of kind NON_NULL, LIST, or named) resolves. */
static bool
check_ref(Merge *m, const JtNode *ref, int depth)
{
	const char *kind = jt_str(ref, "kind");

	if (kind == NULL || depth > 16)
		return refuse(m, "a type reference is malformed");
	if (strcmp(kind, "NON_NULL") == 0 || strcmp(kind, "LIST") == 0)
		return check_ref(m, jt_get(ref, "ofType"), depth + 1);
	if (jt_str(ref, "name") == NULL || remote_type(m, jt_str(ref, "name")) == NULL)
		return refuse(m, "type \"%s\" is not defined", jt_str(ref, "name") ? jt_str(ref, "name") : "?");
	if (strncmp(jt_str(ref, "name"), "__", 2) == 0)
		return refuse(m, "a field refers to the introspection type \"%s\"", jt_str(ref, "name"));
	return true;
}

/* A member that must be an array when given: it, or NULL (an error set if it is another kind). */
static const JtNode *
array_member(Merge *m, const JtNode *obj, const char *key)
{
	const JtNode *v = jt_get(obj, key);

	if (v == NULL || v->type == JT_NULL)
		return NULL;
	if (v->type != JT_ARRAY)
		(void) refuse(m, "\"%s\" of type \"%s\" is not a list", key, jt_str(obj, "name"));
	return v->type == JT_ARRAY ? v : NULL;
}

/*
 * Whether the fields (or input values) of a type are objects with good
 * names and resolvable types, their arguments too; an object type's
 * fields also once each by our names (parent: its remote name).
 */
static bool
check_fields(Merge *m, const JtNode *owner, const char *key, const char *parent)
{
	const JtNode *fields = array_member(m, owner, key);
	NameSet		names = {NIL, NULL};

	if (m->why != NULL)
		return false;
	for (int i = 0; fields && i < fields->count; i++)
	{
		const JtNode *f = fields->items[i];
		const char *ours;

		CHECK_FOR_INTERRUPTS();
		if (f->type != JT_OBJECT || !good_name(jt_str(f, "name")) || !check_ref(m, jt_get(f, "type"), 0))
			return refuse(m, "a field or argument of type \"%s\" is malformed", jt_str(owner, "name"));
		if (parent == NULL)
			continue;
		if (!check_fields(m, f, "args", NULL))
			return false;
		ours = our_field_name(m, parent, jt_str(f, "name"));
		if (!good_name(ours))
			return refuse(m, "field \"%s.%s\" would be named \"%s\", which is not a GraphQL name",
						  parent, jt_str(f, "name"), ours);
		if (gql_name_set_has(&names, ours))
			return refuse(m, "two fields of type \"%s\" would be named \"%s\"", parent, ours);
		gql_name_set_add(&names, ours);
	}
	return true;
}

/* Whether an enum's values are objects with good names. */
static bool
check_values(Merge *m, const JtNode *t)
{
	const JtNode *values = array_member(m, t, "enumValues");

	for (int i = 0; values && i < values->count; i++)
		if (values->items[i]->type != JT_OBJECT || !good_name(jt_str(values->items[i], "name")))
			return refuse(m, "a value of enum \"%s\" is malformed", jt_str(t, "name"));
	return m->why == NULL;
}

/*
 * A default value as the remote gave it, kept only if it is one GraphQL
 * value literal and nothing else (it is printed into our SDL as it is).
 */
static const char *
default_value(const char *text)
{
	GqlParseError *error = NULL;
	GqlDocument *doc;
	GqlOperation *op;
	GqlField   *f;

	if (text == NULL || strlen(text) > 4096 || strpbrk(text, "\r\n#") != NULL)
		return NULL;
	doc = gql_parse(psprintf("{ f(a: %s) }", text), strlen(text) + 10, &error);
	if (doc == NULL || list_length(doc->definitions) != 1 ||
		GqlKindOf(linitial(doc->definitions)) != GQL_OPERATION_DEFINITION)
		return NULL;
	op = linitial(doc->definitions);
	if (list_length(op->selectionSet->selections) != 1 ||
		GqlKindOf(linitial(op->selectionSet->selections)) != GQL_FIELD)
		return NULL;
	f = linitial(op->selectionSet->selections);
	if (f->alias != NULL || list_length(f->arguments) != 1 || f->directives != NIL || f->selectionSet != NULL)
		return NULL;
	return pstrdup(text);
}

/* Whether our name of a remote type is free (a standard scalar may be shared). */
static bool
type_name_free(Merge *m, const char *name, const char *kind, const char *ours)
{
	SType	   *have = gql_schema_type(m->s, ours);

	if (strcmp(ours, "query_root") == 0 || strcmp(ours, "mutation_root") == 0 ||
		strcmp(ours, "subscription_root") == 0)
		return refuse(m, "its type \"%s\" would take the name of a root type", name);
	if (have == NULL)
		return true;
	if (strcmp(kind, "SCALAR") == 0 && have->kind == SK_SCALAR && gql_is_standard_scalar(name) &&
		strcmp(ours, name) == 0)
		return true;			/* Int, Float, String, Boolean, ID: shared */
	return refuse(m, "its type \"%s\" has the name of a type the schema has", ours);
}

/* Whether the root fields of one remote root type can join ours. */
static bool
check_root_fields(Merge *m, const char *rootName, bool mutation)
{
	const JtNode *rt = rootName ? remote_type(m, rootName) : NULL;
	const JtNode *fields = rt ? jt_get(rt, "fields") : NULL;
	SType	   *root = mutation ? m->s->mutationRoot : m->s->queryRoot;
	const char *rootOf = mutation ? "mutation_root" : "query_root";

	if (rootName != NULL && rt == NULL)
		return refuse(m, "its root type \"%s\" is not defined", rootName);
	if (rt == NULL)
		return true;
	if (strcmp(jt_str(rt, "kind"), "OBJECT") != 0 || fields == NULL || fields->type != JT_ARRAY ||
		fields->count == 0)
		return refuse(m, "its root type \"%s\" is not an object type with fields", rootName);
	if (m->ns != NULL)
		return root == NULL || gql_type_field(root, m->ns) == NULL ||
			refuse(m, "its namespace \"%s\" is a field %s already has", m->ns, rootOf);
	for (int i = 0; i < fields->count; i++)
	{
		const char *f = our_field_name(m, rootName, jt_str(fields->items[i], "name"));

		if (root != NULL && gql_type_field(root, f) != NULL)
			return refuse(m, "its root field \"%s\" is a field %s already has", f, rootOf);
	}
	return true;
}

/*
 * Check a remote before anything of it is made: its types' kinds and
 * members, their references, and that no name it brings is taken.
 */
static bool
check_remote(Merge *m)
{
	NameSet		names = {NIL, NULL};

	m->remoteTypes = gql_name_map_create();
	for (int i = 0; i < m->types->count; i++)
	{
		const char *name = m->types->items[i]->type == JT_OBJECT ? jt_str(m->types->items[i], "name") : NULL;

		if (name == NULL || gql_name_map_get(m->remoteTypes, name) != NULL)
			return refuse(m, "a type is malformed or defined twice");
		gql_name_map_put(m->remoteTypes, name, m->types->items[i]);
	}
	for (int i = 0; i < m->types->count; i++)
	{
		const JtNode *t = m->types->items[i];
		const char *name = jt_str(t, "name");
		const char *kind = jt_str(t, "kind");
		const char *ours;

		CHECK_FOR_INTERRUPTS();
		if (kind == NULL)
			return refuse(m, "type \"%s\" has no kind", name);
		if (strncmp(name, "__", 2) == 0)
			continue;
		if (!good_name(name))
			return refuse(m, "type \"%s\" does not have a GraphQL name", name);
		if (strcmp(kind, "INTERFACE") == 0 || strcmp(kind, "UNION") == 0)
			return refuse(m, "type \"%s\" is an %s, which remote schemas cannot have yet",
						  name, strcmp(kind, "UNION") == 0 ? "union" : "interface");
		if (strcmp(kind, "OBJECT") != 0 && strcmp(kind, "INPUT_OBJECT") != 0 &&
			strcmp(kind, "ENUM") != 0 && strcmp(kind, "SCALAR") != 0)
			return refuse(m, "type \"%s\" is of an unknown kind", name);
		if (!check_fields(m, t, "fields", strcmp(kind, "OBJECT") == 0 ? name : NULL) ||
			!check_fields(m, t, "inputFields", NULL) || !check_values(m, t))
			return false;
		if (is_root(m, name) && m->ns == NULL)
			continue;			/* its fields join ours */
		ours = our_type_name(m, name);
		if (!good_name(ours))
			return refuse(m, "type \"%s\" would be named \"%s\", which is not a GraphQL name", name, ours);
		if (gql_name_set_has(&names, ours))
			return refuse(m, "two of its types would be named \"%s\"", ours);
		gql_name_set_add(&names, ours);
		if (!type_name_free(m, name, kind, ours))
			return false;
	}
	return check_root_fields(m, m->queryName, false) && check_root_fields(m, m->mutationName, true);
}

/* Our reference for a remote type reference (checked). */
static STypeRef *
our_ref(Merge *m, const JtNode *ref)
{
	const char *kind = jt_str(ref, "kind");

	if (strcmp(kind, "NON_NULL") == 0)
		return gql_non_null_ref(our_ref(m, jt_get(ref, "ofType")));
	if (strcmp(kind, "LIST") == 0)
		return gql_list_ref(our_ref(m, jt_get(ref, "ofType")));
	return gql_named_ref(gql_name_map_get(m->byRemote, jt_str(ref, "name")));
}

/* Without a namespace, the remote's root types are ours: references to them too. */
static void
map_roots(Merge *m)
{
	if (m->ns != NULL)
		return;
	if (m->queryName != NULL)
		gql_name_map_put(m->byRemote, m->queryName, m->s->queryRoot);
	if (m->mutationName != NULL)
	{
		if (m->s->mutationRoot == NULL)
			m->s->mutationRoot = gql_new_type(m->s, SK_OBJECT, SR_MUTATION_ROOT, "mutation_root");
		gql_name_map_put(m->byRemote, m->mutationName, m->s->mutationRoot);
	}
}

/* Make the type a remote type stands for (or take the schema's standard scalar). */
static void
make_type(Merge *m, const JtNode *t)
{
	const char *name = jt_str(t, "name");
	const char *kind = jt_str(t, "kind");
	const char *ours = our_type_name(m, name);
	SType	   *type = gql_schema_type(m->s, ours);

	if (type == NULL)
	{
		STypeKind k = strcmp(kind, "OBJECT") == 0 ? SK_OBJECT :
			strcmp(kind, "INPUT_OBJECT") == 0 ? SK_INPUT_OBJECT :
			strcmp(kind, "ENUM") == 0 ? SK_ENUM : SK_SCALAR;

		type = gql_new_type(m->s, k, k == SK_SCALAR ? SR_CUSTOM_SCALAR : SR_REMOTE, ours);
		type->remote = m->remote;
		type->remoteName = pstrdup(name);
		type->description = jt_str(t, "description") ? pstrdup(jt_str(t, "description")) : NULL;
	}
	gql_name_map_put(m->byRemote, name, type);
}

/* An argument or input field from a remote __InputValue. */
static SField *
input_value(Merge *m, const JtNode *v, SFieldKind kind)
{
	SField	   *f = palloc0(sizeof(SField));

	f->name = pstrdup(jt_str(v, "name"));
	f->description = jt_str(v, "description") ? pstrdup(jt_str(v, "description")) : NULL;
	f->type = our_ref(m, jt_get(v, "type"));
	f->kind = kind;
	f->defaultValue = default_value(jt_str(v, "defaultValue"));
	f->remote = m->remote;
	f->remoteName = f->name;
	return f;
}

/* The fields of an object type (a remote's, or a root's) added to target. */
static void
add_fields(Merge *m, SType *target, const JtNode *t, SFieldKind kind)
{
	const JtNode *fields = jt_get(t, "fields");

	for (int i = 0; fields && i < fields->count; i++)
	{
		const JtNode *f = fields->items[i];
		const JtNode *args = jt_get(f, "args");
		SField	   *sf = gql_add_field(target, our_field_name(m, jt_str(t, "name"), jt_str(f, "name")),
									   our_ref(m, jt_get(f, "type")), kind);

		sf->description = jt_str(f, "description") ? pstrdup(jt_str(f, "description")) : NULL;
		sf->remote = m->remote;
		sf->remoteName = pstrdup(jt_str(f, "name"));
		for (int j = 0; args && j < args->count; j++)
			sf->args = lappend(sf->args, input_value(m, args->items[j], SF_ARGUMENT));
	}
}

/* Fill in a made type: its fields, input fields or values. */
static void
fill_type(Merge *m, const JtNode *t)
{
	SType	   *type = gql_name_map_get(m->byRemote, jt_str(t, "name"));
	const JtNode *inputs = jt_get(t, "inputFields");
	const JtNode *values = jt_get(t, "enumValues");

	if (type->role != SR_REMOTE || type->remote != m->remote)
		return;					/* the schema's scalar */
	if (type->kind == SK_OBJECT)
		add_fields(m, type, t, SF_REMOTE_FIELD);
	for (int i = 0; type->kind == SK_INPUT_OBJECT && inputs && i < inputs->count; i++)
		type->fields = lappend(type->fields, input_value(m, inputs->items[i], SF_INPUT));
	for (int i = 0; type->kind == SK_ENUM && values && i < values->count; i++)
	{
		SEnumValue *v = gql_add_enum_value(type, jt_str(values->items[i], "name"));

		v->description = jt_str(values->items[i], "description") ?
			pstrdup(jt_str(values->items[i], "description")) : NULL;
	}
}

/* Add a remote's root fields to query_root or mutation_root (made if needed). */
static void
add_root_fields(Merge *m, const char *rootName, bool mutation)
{
	const JtNode *rt = rootName ? remote_type(m, rootName) : NULL;
	SType	   *root;

	if (rt == NULL || jt_get(rt, "fields") == NULL || jt_get(rt, "fields")->count == 0)
		return;
	if (mutation && m->s->mutationRoot == NULL)
		m->s->mutationRoot = gql_new_type(m->s, SK_OBJECT, SR_MUTATION_ROOT, "mutation_root");
	root = mutation ? m->s->mutationRoot : m->s->queryRoot;
	if (m->ns != NULL)
	{
		SType	   *nsType = gql_name_map_get(m->byRemote, rootName);
		SField	   *f = gql_add_field(root, m->ns, gql_non_null_ref(gql_named_ref(nsType)),
									  SF_REMOTE_NAMESPACE);

		f->remote = m->remote;
		add_fields(m, nsType, rt, SF_REMOTE);
		return;
	}
	add_fields(m, root, rt, SF_REMOTE);
}

/* Attach the role's presets to the fields they are arguments of. */
static void
add_presets(Merge *m, List *presets)
{
	ListCell   *lc;

	foreach(lc, presets)
	{
		RemotePreset *p = lfirst(lc);
		SType	   *t = gql_name_map_get(m->byRemote, p->type);
		RemotePreset *copy = palloc(sizeof(RemotePreset));
		ListCell   *lf;

		copy->type = pstrdup(p->type);
		copy->field = pstrdup(p->field);
		copy->arg = pstrdup(p->arg);
		copy->argType = pstrdup(p->argType);
		copy->value = p->value ? pstrdup(p->value) : NULL;
		copy->sessionVar = p->sessionVar ? pstrdup(p->sessionVar) : NULL;
		foreach(lf, t ? t->fields : NIL)
		{
			SField	   *f = lfirst(lf);

			if (f->remote == m->remote && f->remoteName && strcmp(f->remoteName, p->field) == 0)
				f->remotePresets = lappend(f->remotePresets, copy);
		}
	}
}

/* Merge one remote schema, or leave it out with a WARNING. */
static void
merge_remote(Schema *s, CatRemote *r, MemoryContext scratch)
{
	Merge		m = {0};
	char	   *error = NULL;
	MemoryContext schemaCxt = MemoryContextSwitchTo(scratch);
	const char *introspection = r->introspection;
	List	   *presets = NIL;
	JtNode	   *schema;
	JtNode	   *custom = r->customization ?
		jt_parse(r->customization, strlen(r->customization), &error) : NULL;
	bool		ok;

	/* once some role has a permission on it, a role sees what its own lets it */
	if (r->restricted && !superuser_arg(GetUserId()))
	{
		if (r->permission == NULL)
		{
			MemoryContextSwitchTo(schemaCxt);
			return;
		}
		introspection = gql_remote_permission_apply(r->introspection, r->permission, &presets, &error);
	}
	schema = introspection ? jt_parse(introspection, strlen(introspection), &error) : NULL;
	m.s = s;
	m.remote = r;
	if (introspection == NULL)
		ok = refuse(&m, "the role's permission does not fit it: %s", error);
	else if (schema == NULL || schema->type != JT_OBJECT ||
		(m.types = jt_get(schema, "types")) == NULL || m.types->type != JT_ARRAY)
		ok = refuse(&m, "its stored schema is malformed");
	else
	{
		m.queryName = jt_str(jt_get(schema, "queryType"), "name");
		m.mutationName = jt_str(jt_get(schema, "mutationType"), "name");
		m.ns = jt_str(custom, "root_fields_namespace");
		m.typeMapping = jt_get(jt_get(custom, "type_names"), "mapping");
		m.prefix = jt_str(jt_get(custom, "type_names"), "prefix");
		m.suffix = jt_str(jt_get(custom, "type_names"), "suffix");
		m.fieldNames = custom ? jt_get(custom, "field_names") : NULL;
		ok = m.queryName != NULL ? check_remote(&m) : refuse(&m, "it has no query type");
	}
	MemoryContextSwitchTo(schemaCxt);
	if (!ok)
	{
		RemoteLeftOut *lo = palloc0(sizeof(RemoteLeftOut));

		ereport(WARNING,
				(errmsg("remote schema \"%s\" is left out: %s", r->name, m.why)));
		lo->name = r->name;
		lo->why = pstrdup(m.why);
		s->remotesLeftOut = lappend(s->remotesLeftOut, lo);
		return;
	}
	m.byRemote = gql_name_map_create();
	map_roots(&m);
	for (int i = 0; i < m.types->count; i++)
	{
		const char *name = jt_str(m.types->items[i], "name");

		if (strncmp(name, "__", 2) != 0 && (!is_root(&m, name) || m.ns != NULL))
			make_type(&m, m.types->items[i]);
	}
	for (int i = 0; i < m.types->count; i++)
	{
		const char *name = jt_str(m.types->items[i], "name");

		if (strncmp(name, "__", 2) != 0 && !is_root(&m, name))
			fill_type(&m, m.types->items[i]);
	}
	add_root_fields(&m, m.queryName, false);
	add_root_fields(&m, m.mutationName, true);
	add_presets(&m, presets);
}

/* Merge every remote schema of the catalog into the schema being built. */
void
gql_merge_remotes(Schema *s)
{
	MemoryContext scratch;
	ListCell   *lc;

	if (s->catalog->remotes == NIL)
		return;
	scratch = AllocSetContextCreate(CurrentMemoryContext, "graphql remote schemas", ALLOCSET_DEFAULT_SIZES);
	foreach(lc, s->catalog->remotes)
	{
		merge_remote(s, lfirst(lc), scratch);
		MemoryContextReset(scratch);
	}
	MemoryContextDelete(scratch);
}

/* Why a remote schema was left out of a schema, or NULL if it was merged. */
const char *
gql_remote_left_out(const Schema *s, const char *name)
{
	return gql_left_out(s, NULL, name);
}

/* Why an action ("action") or the custom types ("custom types") were left out, or NULL. */
const char *
gql_left_out(const Schema *s, const char *what, const char *name)
{
	ListCell   *lc;

	foreach(lc, s->remotesLeftOut)
	{
		RemoteLeftOut *lo = lfirst(lc);

		if (!OidIsValid(lo->relid) && (what == NULL ? lo->what == NULL :
									   lo->what != NULL && strcmp(lo->what, what) == 0) &&
			strcmp(lo->name, name) == 0)
			return lo->why;
	}
	return NULL;
}
