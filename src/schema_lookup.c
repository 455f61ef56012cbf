/*-------------------------------------------------------------------------
 *
 * schema_lookup.c
 *	  Reading a schema: types by name, a type's fields and enum values.
 *
 * In:  a built Schema (schema.c), lazy or not.
 * Out: what a request reads of it.  In a lazy schema (schema_lazy.c) every
 *		read here fills in what it reads first: a table's types are defined
 *		before their fields are listed or looked up, a root's missing field
 *		defines the table that would have it, a missing type the tables
 *		that would make it.  Code outside the builders reads SType.fields
 *		and SType.values only through these functions.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "utils/memutils.h"

#include "names.h"
#include "schema_internal.h"

/* The named type called name, or NULL: one made so far (the builders' lookup). */
SType *
gql_declared_type(const Schema *schema, const char *name)
{
	if (strlen(name) >= TYPE_NAME_KEYSIZE)
		return NULL;
	return gql_name_map_get(schema->byName, name);
}

/*
 * The named type called name, or NULL.  In a lazy schema, a type a table's
 * definition makes (its mutation inputs, say) is made first.
 */
SType *
gql_schema_type(const Schema *schema, const char *name)
{
	SType	   *t = gql_declared_type(schema, name);

	if (t == NULL && schema->incomplete)
		t = gql_lazy_find_type((Schema *) schema, name);
	return t;
}

static SField *find_field(const SType *type, const char *name);

/*
 * A lazy schema's type: its table defined.  (A root's pending state has no
 * table and is always complete: it only leads to the schema.)  Not while
 * building: a builder looks into the type it is making.
 */
static inline void
fill_in(const SType *type)
{
	if (type->pending != NULL && type->pending->stage != STAGE_COMPLETE &&
		type->pending->schema->building == 0)
		gql_lazy_define(type->pending, STAGE_COMPLETE);
}

/*
 * The schema of a lazy schema's root type, or NULL.  (Builders look into
 * the types they are making, never for another table's: while the schema
 * is building, nothing is defined on the side.)
 */
static inline Schema *
lazy_root(const SType *type)
{
	if ((type->role == SR_ROOT || type->role == SR_MUTATION_ROOT) &&
		type->pending != NULL && type->pending->schema->incomplete &&
		type->pending->schema->building == 0)
		return type->pending->schema;
	return NULL;
}

/* The fields (or input fields) of a type, in order. */
List *
gql_type_fields(const SType *type)
{
	Schema	   *s = lazy_root(type);

	fill_in(type);
	if (s != NULL)
		gql_schema_complete(s);	/* a root lists every table's fields */
	return type->fields;
}

/* The values of an enum type, in order. */
List *
gql_type_values(const SType *type)
{
	fill_in(type);
	return type->values;
}

/*
 * An open-addressing hash of a type's fields by name, for types with many
 * fields (a table's type has a field per column and relationship, looked up
 * for every field of every request).  Fields are only ever appended, so an
 * index whose count differs from the list's is rebuilt.
 */
#define FIELD_INDEX_MIN 12

typedef struct FieldIndex
{
	int			count;			/* fields indexed */
	uint32		mask;			/* slots - 1 (a power of two - 1) */
	SField	  **slots;
} FieldIndex;

static FieldIndex *
build_field_index(SType *type)
{
	MemoryContext cxt = GetMemoryChunkContext(type);
	FieldIndex *ix = MemoryContextAlloc(cxt, sizeof(FieldIndex));
	uint32		size = 16;
	ListCell   *lc;

	while (size < (uint32) list_length(type->fields) * 2)
		size *= 2;
	ix->count = list_length(type->fields);
	ix->mask = size - 1;
	ix->slots = MemoryContextAllocZero(cxt, sizeof(SField *) * size);
	foreach(lc, type->fields)
	{
		SField	   *f = lfirst(lc);
		uint32		slot = hash_bytes((const unsigned char *) f->name, strlen(f->name)) & ix->mask;

		while (ix->slots[slot] != NULL)
		{
			/* the first of two same-named fields wins, as in a list search */
			if (strcmp(ix->slots[slot]->name, f->name) == 0)
				break;
			slot = (slot + 1) & ix->mask;
		}
		if (ix->slots[slot] == NULL)
			ix->slots[slot] = f;
	}
	type->fieldIndex = ix;
	return ix;
}

/* The field (or input field) of type called name, or NULL. */
SField *
gql_type_field(const SType *type, const char *name)
{
	SField	   *f;
	Schema	   *s;

	fill_in(type);
	f = find_field(type, name);
	if (f == NULL && (s = lazy_root(type)) != NULL)
	{
		/* the tables that would have this field on this root */
		gql_lazy_find_root_field(s, (SType *) type, name);
		f = find_field(type, name);
	}
	return f;
}

static SField *
find_field(const SType *type, const char *name)
{
	int			n = list_length(type->fields);
	FieldIndex *ix = type->fieldIndex;
	uint32		slot;
	ListCell   *lc;

	if (n < FIELD_INDEX_MIN)
	{
		foreach(lc, type->fields)
		{
			SField	   *f = lfirst(lc);

			if (strcmp(f->name, name) == 0)
				return f;
		}
		return NULL;
	}
	if (ix == NULL || ix->count != n)
		ix = build_field_index((SType *) type);
	for (slot = hash_bytes((const unsigned char *) name, strlen(name)) & ix->mask;
		 ix->slots[slot] != NULL; slot = (slot + 1) & ix->mask)
		if (strcmp(ix->slots[slot]->name, name) == 0)
			return ix->slots[slot];
	return NULL;
}

/* The value of an enum type called name, or NULL. */
SEnumValue *
gql_enum_value(const SType *type, const char *name)
{
	ListCell   *lc;

	foreach(lc, gql_type_values(type))
	{
		SEnumValue *v = lfirst(lc);

		if (strcmp(v->name, name) == 0)
			return v;
	}
	return NULL;
}

/*
 * The name of a type the source's tables and functions make (fmt's text,
 * PascalCase under graphql-default): with the metadata's type_names prefix
 * and suffix around it, if any (catalog_customization.c).  Scalars,
 * comparison types, order_by and the roots are not the source's and are
 * named without it.
 */
char *
gql_type_name(const Schema *s, const char *fmt,...)
{
	StringInfoData buf;
	int			start;

	/*
	 * Without customization, the text alone, allocated to fit: a schema
	 * build names tens of thousands of types, and a StringInfo's 1 kB each
	 * made a 2,000-table introspection 15% slower.
	 */
	if (s->catalog->typePrefix == NULL && s->catalog->typeSuffix == NULL && !s->catalog->graphqlDefault)
	{
		size_t		len = 64;

		for (;;)
		{
			char	   *result = palloc(len);
			va_list		args;
			size_t		needed;

			va_start(args, fmt);
			needed = pvsnprintf(result, len, fmt, args);
			va_end(args);
			if (needed < len)
				return result;
			pfree(result);
			len = needed;
		}
	}
	initStringInfo(&buf);
	if (s->catalog->typePrefix != NULL)
		appendStringInfoString(&buf, s->catalog->typePrefix);
	start = buf.len;
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&buf, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	if (s->catalog->graphqlDefault)
	{
		char	   *pascal = gql_pascal_case(buf.data + start);

		buf.len = start;
		buf.data[start] = '\0';
		appendStringInfoString(&buf, pascal);
	}
	if (s->catalog->typeSuffix != NULL)
		appendStringInfoString(&buf, s->catalog->typeSuffix);
	return buf.data;
}

/* The object type of a table's rows (NULL if it has none). */
SType *
gql_table_object_type(const Schema *s, const CatTable *t)
{
	if (s->catalog->typePrefix == NULL && s->catalog->typeSuffix == NULL && !s->catalog->graphqlDefault)
		return gql_schema_type(s, t->gqlname);
	return gql_schema_type(s, gql_type_name(s, "%s", t->gqlname));
}

/*
 * The name of a root field the source's tables and functions make: with
 * the metadata's root_fields prefix and suffix around it, if any (under
 * graphql-default, what follows the prefix begins upper-case).
 */
char *
gql_root_field_name(const Schema *s, const char *name)
{
	const Catalog *cat = s->catalog;

	if (cat->rootPrefix == NULL && cat->rootSuffix == NULL)
		return (char *) name;
	if (cat->graphqlDefault)
		return psprintf("%s%s%s", cat->rootPrefix ? cat->rootPrefix : "",
						cat->rootPrefix ? gql_upper_first(name) : name,
						cat->rootSuffix ? gql_upper_first(cat->rootSuffix) : "");
	return psprintf("%s%s%s", cat->rootPrefix ? cat->rootPrefix : "", name,
					cat->rootSuffix ? cat->rootSuffix : "");
}

/*
 * A default (not custom) root field name in the source's naming
 * convention: camelCase under graphql-default.
 */
char *
gql_default_root_name(const Schema *s, const char *name)
{
	return s->catalog->graphqlDefault ? gql_camel_case(name) : (char *) name;
}

/*
 * Where the source's root fields are: the type of the root's namespace
 * field (schema_namespace.c), else the root (query_root, or mutation_root,
 * which may be NULL).
 */
SType *
gql_source_root(const Schema *s, bool mutation)
{
	SType	   *root = mutation ? s->mutationRoot : s->queryRoot;
	SField	   *f;

	if (root == NULL || s->catalog->rootNamespace == NULL)
		return root;
	f = gql_type_field(root, s->catalog->rootNamespace);
	return f != NULL && f->kind == SF_NAMESPACE ? gql_ref_named(f->type) : root;
}
