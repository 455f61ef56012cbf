/*-------------------------------------------------------------------------
 *
 * schema.c
 *	  Builds the GraphQL schema (Hasura's "hasura-default" naming) from a
 *	  reflected Catalog.
 *
 * In:  a Catalog (catalog.c).
 * Out: a Schema: named types with their fields and arguments, each field
 *		tagged with what it stands for (column, relationship, filter,
 *		comparison operator, ...), so that validation can work on the
 *		schema alone and the planner can turn fields into SQL.
 *
 * For a table "author" (type name from catalog.c):
 *	 author					object: columns and relationships
 *	 author_bool_exp		input: _and, _or, _not, columns, relationships
 *	 author_order_by		input: columns, object relationships
 *	 author_select_column	enum: the columns
 *	 query_root.author(distinct_on, limit, offset, order_by, where): [author!]!
 *	 query_root.author_by_pk(<primary key columns>): author
 * and per scalar S used by a column, S_comparison_exp (S_array_comparison_exp
 * for array columns).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "names.h"
#include "schema_internal.h"

/* The reference to a named type (one per type, shared: never changed). */
STypeRef *
gql_named_ref(SType *type)
{
	return type->ref;
}

STypeRef *
gql_list_ref(STypeRef *of)
{
	STypeRef   *r = palloc0(sizeof(STypeRef));

	r->kind = REF_LIST;
	r->of = of;
	return r;
}

/*
 * The list of a PostgreSQL array's elements (a column's, a function
 * argument's value): where it is expected, a String stands for the array's
 * text, as Hasura takes it.
 */
STypeRef *
gql_array_ref(STypeRef *of)
{
	STypeRef   *r = gql_list_ref(of);

	r->pgArray = true;
	return r;
}

/*
 * A variable's declared type with the PostgreSQL arrays of the position it
 * is used in (validation made their lists and names the same): declared
 * itself when the position has none.
 */
STypeRef *
gql_ref_with_arrays(STypeRef *declared, const STypeRef *position)
{
	STypeRef   *inner;
	STypeRef   *r;

	if (position->kind == REF_NON_NULL)
		position = position->of;
	if (declared->kind == REF_NON_NULL)
	{
		inner = gql_ref_with_arrays(declared->of, position);
		return inner == declared->of ? declared : gql_non_null_ref(inner);
	}
	if (declared->kind != REF_LIST || position->kind != REF_LIST)
		return declared;
	inner = gql_ref_with_arrays(declared->of, position->of);
	if (inner == declared->of && declared->pgArray == position->pgArray)
		return declared;
	r = gql_list_ref(inner);
	r->pgArray = position->pgArray;
	return r;
}

STypeRef *
gql_non_null_ref(STypeRef *of)
{
	STypeRef   *r = palloc0(sizeof(STypeRef));

	r->kind = REF_NON_NULL;
	r->of = of;
	return r;
}

/* The named type inside any wrappers. */
SType *
gql_ref_named(const STypeRef *ref)
{
	while (ref->kind != REF_NAMED)
		ref = ref->of;
	return ref->named;
}

/* The type reference in GraphQL syntax: "[author!]!". */
char *
gql_ref_string(const STypeRef *ref)
{
	switch (ref->kind)
	{
		case REF_NAMED:
			return ref->named->name;
		case REF_LIST:
			return psprintf("[%s]", gql_ref_string(ref->of));
		default:
			return psprintf("%s!", gql_ref_string(ref->of));
	}
}

/* Whether values of the type can be input (scalars, enums, input objects). */
bool
gql_type_is_input(const SType *type)
{
	return type->kind != SK_OBJECT;
}

/* Whether the type is a leaf (scalar or enum). */
bool
gql_type_is_leaf(const SType *type)
{
	return type->kind == SK_SCALAR || type->kind == SK_ENUM;
}

/* Create a named type; NULL if the name is taken. */
SType *
gql_new_type(Schema *s, STypeKind kind, STypeRole role, const char *name)
{
	SType	   *t;

	if (s->building <= 0)
		elog(ERROR, "graphql: type \"%s\" added to a schema already built", name);
	if (strlen(name) >= TYPE_NAME_KEYSIZE)
		return NULL;
	if (gql_name_map_get(s->byName, name) != NULL)
	{
		/* lazy_safe (schema_lazy.c) rules out a clash while completing */
		Assert(s->completing == NULL);
		return NULL;
	}
	t = palloc0(sizeof(SType));
	t->kind = kind;
	t->role = role;
	t->name = pstrdup(name);
	t->ref = palloc0(sizeof(STypeRef));
	t->ref->kind = REF_NAMED;
	t->ref->named = t;
	gql_name_map_put(s->byName, t->name, t);
	s->types = lappend(s->types, t);
	if (s->completing != NULL)
	{
		/* made by a lazy table's definition: final when that is */
		t->pending = s->completing;
		s->completing->types = lappend(s->completing->types, t);
	}
	return t;
}

/*
 * Names of fields, arguments and enum values, stored once per schema being
 * built: a column's name recurs in some thirty types of its table.  (Names
 * are never changed in place.)
 */
static NameMap *interned = NULL;

static char *
intern(const char *name)
{
	char	   *copy;

	if (interned == NULL)
		return pstrdup(name);
	copy = gql_name_map_get(interned, name);
	if (copy == NULL)
	{
		copy = pstrdup(name);
		gql_name_map_put(interned, copy, copy);
	}
	return copy;
}

/* Append a field to a type. */
SField *
gql_add_field(SType *t, const char *name, STypeRef *type, SFieldKind kind)
{
	SField	   *f = palloc0(sizeof(SField));

	f->name = intern(name);
	f->type = type;
	f->kind = kind;
	t->fields = lappend(t->fields, f);
	return f;
}

/*
 * A root field of a table, named as gql_root_name says (with the source's
 * root field prefix and suffix), described by the
 * metadata's comment or description (a format of the table's name).  With
 * metadata, custom names may clash: a name another table's root field has
 * is made but left out of the root (the apply reports it), as is a root
 * field the role's permission leaves out.
 */
SField *
gql_add_table_root(Schema *s, SType *root, CatTable *t, CatRoot which,
				   STypeRef *type, SFieldKind kind, const char *description)
{
	char	   *name = gql_root_field_name(s, t->rootNames[which] != NULL ? t->rootNames[which] :
											gql_default_root_name(s, gql_root_name(t, which)));
	SField	   *f;

	if (s->catalog->metadata != NULL)
	{
		char	   *key = psprintf("%s.%s", root->name, name);

		if (s->rootFields == NULL)
			s->rootFields = gql_name_map_create();
		/* or one the role's permission leaves out (query_root_fields) */
		if (gql_name_map_get(s->rootFields, key) != NULL || (t->rootHidden & (1U << which)) != 0)
		{
			f = palloc0(sizeof(SField));	/* on no root */
			f->name = name;
			f->type = type;
			f->kind = kind;
		}
		else
		{
			f = gql_add_field(root, name, type, kind);
			gql_name_map_put(s->rootFields, key, f);
		}
	}
	else
		f = gql_add_field(root, name, type, kind);
	f->table = t;
	f->description = t->rootComments[which] != NULL ? t->rootComments[which] :
		psprintf(description, t->relname);
	return f;
}

/* Append an argument to an output field. */
SField *
gql_add_arg(SField *field, const char *name, STypeRef *type)
{
	SField	   *a = palloc0(sizeof(SField));

	a->name = intern(name);
	a->type = type;
	a->kind = SF_ARGUMENT;
	field->args = lappend(field->args, a);
	return a;
}

SEnumValue *
gql_add_enum_value(SType *t, const char *name)
{
	SEnumValue *v = palloc0(sizeof(SEnumValue));

	v->name = intern(name);
	t->values = lappend(t->values, v);
	return v;
}

/* A PostgreSQL enum as a GraphQL enum, or NULL if a label is not a name. */
static SType *
enum_type(Schema *s, CatType *ct)
{
	char	   *name = strcmp(ct->nspname, "public") == 0 ? ct->typname :
		psprintf("%s_%s", ct->nspname, ct->typname);
	SType	   *t = gql_declared_type(s, name);
	ListCell   *lc;

	if (t != NULL)
		return t->role == SR_PG_ENUM && t->pgtype == ct ? t : NULL;
	if (!gql_is_name(name))
		return NULL;
	foreach(lc, ct->enumLabels)
	{
		const char *label = lfirst(lc);

		if (!gql_is_name(label) || strcmp(label, "true") == 0 ||
			strcmp(label, "false") == 0 || strcmp(label, "null") == 0)
			return NULL;
	}
	t = gql_new_type(s, SK_ENUM, SR_PG_ENUM, name);
	if (t == NULL)
		return NULL;
	t->pgtype = ct;
	t->description = ct->description;
	foreach(lc, ct->enumLabels)
		gql_add_enum_value(t, lfirst(lc));
	return t;
}

/*
 * An enum table's enum (Hasura's is_enum), <table>_enum, its values the
 * table's rows; NULL if the name is another type's.
 */
static SType *
enum_table_type(Schema *s, CatTable *t)
{
	char	   *name = gql_type_name(s, "%s_enum", t->gqlname);
	SType	   *e = gql_declared_type(s, name);
	ListCell   *lc;

	if (e != NULL)
		return e->role == SR_ENUM_TABLE && e->table == t ? e : NULL;
	e = gql_new_type(s, SK_ENUM, SR_ENUM_TABLE, name);
	if (e == NULL)
		return NULL;
	e->table = t;
	foreach(lc, t->enumValues)
		gql_add_enum_value(e, ((CatEnumValue *) lfirst(lc))->name)->description =
			((CatEnumValue *) lfirst(lc))->description;
	return e;
}

/*
 * The GraphQL scalar (or enum) for values of a column type; *isList when
 * the column is an array of it.  Domains count as their base type.
 */
SType *
gql_column_scalar(Schema *s, Oid typid, bool *isList)
{
	CatType    *ct = gql_catalog_type(s->catalog, typid);
	const char *name;
	SType	   *t;

	*isList = false;
	if (ct == NULL)
		return s->typeString;
	if (ct->basetype != ct->oid)
		return gql_column_scalar(s, ct->basetype, isList);
	if (ct->elemtype != InvalidOid)
	{
		bool		nested;
		SType	   *elem = gql_column_scalar(s, ct->elemtype, &nested);

		*isList = true;
		return elem;
	}
	switch (ct->oid)
	{
		case INT2OID:
		case INT4OID:
			return s->typeInt;
		case FLOAT4OID:
		case FLOAT8OID:
			return s->typeFloat;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case NAMEOID:
			return s->typeString;
		case BOOLOID:
			return s->typeBoolean;
		case INT8OID:
			name = "bigint";
			break;
		default:
			if (ct->typtype == 'e')
			{
				t = enum_type(s, ct);
				if (t != NULL)
					return t;
				return s->typeString;
			}
			name = ct->typname;
			break;
	}
	t = gql_declared_type(s, name);
	if (t != NULL)
		return t->role == SR_CUSTOM_SCALAR ? t : s->typeString;
	if (!gql_is_name(name))
		return s->typeString;
	t = gql_new_type(s, SK_SCALAR, SR_CUSTOM_SCALAR, name);
	t->pgtype = ct;
	if (ct->geo != GEO_NONE)
		gql_postgis_input_types(s, t);
	return t;
}

/*
 * Whether values of a type can be compared for equality (=, IN, = ANY,
 * DISTINCT): it has a default btree or hash operator class, found the way
 * PostgreSQL finds it for those (the type cache; a domain by its base type,
 * an array by its element type).
 */
bool
gql_type_has_equality(Oid typid)
{
	return OidIsValid(lookup_type_cache(typid, TYPECACHE_EQ_OPR)->eq_opr);
}

/* Whether values of a type are ordered (ORDER BY, DISTINCT ON, <, >, min, max). */
bool
gql_type_has_ordering(Oid typid)
{
	TypeCacheEntry *tc = lookup_type_cache(typid, TYPECACHE_LT_OPR | TYPECACHE_GT_OPR);

	return OidIsValid(tc->lt_opr) && OidIsValid(tc->gt_opr);
}

/* Whether a column can order rows and pick distinct ones (order_by, distinct_on). */
bool
gql_column_sortable(CatColumn *col)
{
	return gql_type_has_ordering(col->typid) && gql_type_has_equality(col->typid);
}

/* Whether a table has a column that can order its rows. */
static bool
has_sortable_column(CatTable *t)
{
	ListCell   *lc;

	foreach(lc, t->columns)
		if (gql_column_sortable(lfirst(lc)))
			return true;
	return false;
}

/*
 * A table's own type of a role, named <table>_<suffix>, or NULL: a table
 * without a sortable column has no <t>_order_by or <t>_select_column of
 * its own, and the name may belong to another table's type.
 */
SType *
gql_table_type(Schema *s, CatTable *t, const char *suffix, STypeRole role)
{
	SType	   *type = gql_declared_type(s, gql_type_name(s, "%s_%s", t->gqlname, suffix));

	return type != NULL && type->role == role && type->table == t ? type : NULL;
}

static int
compare_field_names(const ListCell *a, const ListCell *b)
{
	return strcmp(((SField *) lfirst(a))->name, ((SField *) lfirst(b))->name);
}

/* Add comparison operators to a comparison type. */
static void
add_ops(SType *cmp, const char *const *names, const CmpOp *ops, int n, STypeRef *type)
{
	for (int i = 0; i < n; i++)
		gql_add_field(cmp, names[i], type, SF_COMPARISON)->op = ops[i];
}

/* <S>_comparison_exp, or <S>_array_comparison_exp for array columns. */
SType *
gql_comparison_type(Schema *s, SType *scalar, bool isList)
{
	char	   *name = psprintf("%s_%scomparison_exp", scalar->name, isList ? "array_" : "");
	SType	   *t = gql_declared_type(s, name);
	STypeRef   *value;
	STypeRef   *values;
	static const char *const basic[] = {"_eq", "_gt", "_gte"};
	static const CmpOp basicOps[] = {OP_EQ, OP_GT, OP_GTE};
	static const char *const cmp[] = {"_lt", "_lte", "_neq"};
	static const CmpOp cmpOps[] = {OP_LT, OP_LTE, OP_NEQ};
	static const char *const text[] = {"_ilike", "_iregex", "_like", "_nilike", "_niregex",
	"_nlike", "_nregex", "_nsimilar", "_regex", "_similar"};
	static const CmpOp textOps[] = {OP_ILIKE, OP_IREGEX, OP_LIKE, OP_NILIKE, OP_NIREGEX,
	OP_NLIKE, OP_NREGEX, OP_NSIMILAR, OP_REGEX, OP_SIMILAR};
	bool		isText;
	bool		isJsonb;
	bool		equality = scalar->pgtype == NULL || gql_type_has_equality(scalar->pgtype->oid);
	bool		ordering = scalar->role != SR_ENUM_TABLE &&
		(scalar->pgtype == NULL || gql_type_has_ordering(scalar->pgtype->oid));

	if (t != NULL)
		return t->role == SR_COMPARISON ? t : NULL;
	t = gql_new_type(s, SK_INPUT_OBJECT, SR_COMPARISON, name);
	if (t == NULL)
		return NULL;
	t->pgtype = scalar->pgtype;
	t->description = psprintf("Boolean expression to compare columns of type \"%s\". All fields are combined with logical 'AND'.",
							  scalar->name);

	value = gql_named_ref(scalar);
	if (isList)
		value = gql_array_ref(gql_non_null_ref(value));
	values = gql_list_ref(gql_non_null_ref(value));
	isText = !isList && (scalar == s->typeString ||
						 (scalar->pgtype != NULL && scalar->pgtype->typcategory == 'S'));
	isJsonb = !isList && scalar->pgtype != NULL && scalar->pgtype->oid == JSONBOID;

	/*
	 * Only the operators the type has: without equality (json, xml, point)
	 * there is no _eq, _in or array containment; without an ordering no
	 * _gt or _lt.  An array compares by its elements' operators.
	 */
	if ((isList && equality) || isJsonb)
	{
		gql_add_field(t, "_contained_in", value, SF_COMPARISON)->op = OP_CONTAINED_IN;
		gql_add_field(t, "_contains", value, SF_COMPARISON)->op = OP_CONTAINS;
	}
	if (equality)
		add_ops(t, basic, basicOps, 1, value);	/* _eq */
	if (ordering)
		add_ops(t, basic + 1, basicOps + 1, 2, value);	/* _gt, _gte */
	if (isJsonb)
	{
		STypeRef   *keys = gql_list_ref(gql_non_null_ref(gql_named_ref(s->typeString)));

		gql_add_field(t, "_has_key", gql_named_ref(s->typeString), SF_COMPARISON)->op = OP_HAS_KEY;
		gql_add_field(t, "_has_keys_all", keys, SF_COMPARISON)->op = OP_HAS_KEYS_ALL;
		gql_add_field(t, "_has_keys_any", keys, SF_COMPARISON)->op = OP_HAS_KEYS_ANY;
	}
	if (isText)
		add_ops(t, text, textOps, 1, value);	/* _ilike */
	if (equality)
		gql_add_field(t, "_in", values, SF_COMPARISON)->op = OP_IN;
	if (isText)
		add_ops(t, text + 1, textOps + 1, 1, value);	/* _iregex */
	gql_add_field(t, "_is_null", gql_named_ref(s->typeBoolean), SF_COMPARISON)->op = OP_IS_NULL;
	if (isText)
		add_ops(t, text + 2, textOps + 2, 1, value);	/* _like */
	if (ordering)
		add_ops(t, cmp, cmpOps, 2, value);	/* _lt, _lte */
	if (equality)
		add_ops(t, cmp + 2, cmpOps + 2, 1, value);	/* _neq */
	if (isText)
		add_ops(t, text + 3, textOps + 3, 5, value);	/* _nilike .. _nsimilar */
	if (equality)
		gql_add_field(t, "_nin", values, SF_COMPARISON)->op = OP_NIN;
	if (isText)
		add_ops(t, text + 8, textOps + 8, 2, value);	/* _regex, _similar */
	if (!isList && scalar->pgtype != NULL && scalar->pgtype->geo != GEO_NONE)
		gql_postgis_comparison_ops(s, t, scalar);
	list_sort(t->fields, compare_field_names);
	return t;
}

/* The type of a column's field: its scalar, a list for arrays, ! if NOT NULL. */
STypeRef *
gql_column_type_ref(Schema *s, CatColumn *col, SType **scalar, bool *isList)
{
	STypeRef   *ref;

	/* a column referencing an enum table takes its enum */
	*scalar = col->enumTable != NULL ? enum_table_type(s, col->enumTable) : NULL;
	*isList = false;
	if (*scalar == NULL)
		*scalar = gql_column_scalar(s, col->typid, isList);
	ref = gql_named_ref(*scalar);
	if (*isList)
		ref = gql_array_ref(gql_non_null_ref(ref));
	return col->notnull ? gql_non_null_ref(ref) : ref;
}

/* The arguments every list of rows takes. */
void
gql_add_list_args(Schema *s, SField *f, CatTable *t)
{
	SType	   *selectColumn = gql_table_type(s, t, "select_column", SR_SELECT_COLUMN);
	SType	   *orderBy = gql_table_type(s, t, "order_by", SR_ORDER_BY);
	SType	   *boolExp = gql_declared_type(s, gql_type_name(s, "%s_bool_exp", t->gqlname));
	SField	   *a;

	/* a table whose columns have no ordering has neither (has_sortable_column) */
	if (selectColumn != NULL)
	{
		a = gql_add_arg(f, "distinct_on", gql_list_ref(gql_non_null_ref(gql_named_ref(selectColumn))));
		a->description = "distinct select on columns";
	}
	a = gql_add_arg(f, "limit", gql_named_ref(s->typeInt));
	a->description = "limit the number of rows returned";
	a = gql_add_arg(f, "offset", gql_named_ref(s->typeInt));
	a->description = "skip the first n rows. Use only with order_by";
	if (orderBy != NULL)
	{
		a = gql_add_arg(f, "order_by", gql_list_ref(gql_non_null_ref(gql_named_ref(orderBy))));
		a->description = "sort the rows by one or more columns";
	}
	a = gql_add_arg(f, "where", gql_named_ref(boolExp));
	a->description = "filter the rows returned";
}

/*
 * The suffixes of every name gql_declare_table may give a table's types
 * ("<table>_<suffix>", and the table's own name), for schema_lazy.c; *n is
 * set to their number.
 */
const char *const *
gql_table_type_suffixes(int *n)
{
	static const char **suffixes = NULL;
	static int	count = 0;

	if (suffixes == NULL)
	{
		static const char *const own[] = {"bool_exp", "order_by", "select_column"};
		int			nagg;
		const char *const *agg = gql_aggregate_type_suffixes(&nagg);
		const char **all = MemoryContextAlloc(TopMemoryContext,
											  sizeof(char *) * (lengthof(own) + nagg));

		for (int i = 0; i < (int) lengthof(own); i++)
			all[count++] = own[i];
		for (int i = 0; i < nagg; i++)
			all[count++] = agg[i];
		suffixes = all;
	}
	*n = count;
	return suffixes;
}

/* Create the named types of a table; false if a name is taken. */
bool
gql_declare_table(Schema *s, CatTable *t)
{
	SType	   *obj;
	SType	   *boolExp;
	SType	   *orderBy;
	SType	   *selectColumn;

	/* the name of the mutation root, made later (after the first table) */
	if (strcmp(t->gqlname, "mutation_root") == 0)
		return false;
	obj = gql_new_type(s, SK_OBJECT, SR_TABLE, gql_type_name(s, "%s", t->gqlname));
	if (obj == NULL)
		return false;
	obj->table = t;
	obj->description = t->description ? t->description :
		psprintf("columns and relationships of \"%s\"", t->relname);

	boolExp = gql_new_type(s, SK_INPUT_OBJECT, SR_BOOL_EXP, gql_type_name(s, "%s_bool_exp", t->gqlname));
	if (boolExp == NULL)
		return false;
	boolExp->table = t;
	boolExp->description = psprintf("Boolean expression to filter rows from the table \"%s\". All fields are combined with a logical 'AND'.", t->relname);

	/*
	 * <t>_select_column lists the columns distinct_on can use, <t>_order_by
	 * those that order: a table with none (only json, xml, point columns)
	 * has neither type, so no empty type and no argument that cannot run.
	 */
	if (has_sortable_column(t) || t->relationships != NIL)
	{
		orderBy = gql_new_type(s, SK_INPUT_OBJECT, SR_ORDER_BY, gql_type_name(s, "%s_order_by", t->gqlname));
		if (orderBy == NULL)
			return false;
		orderBy->table = t;
		orderBy->description = psprintf("Ordering options when selecting data from \"%s\".", t->relname);
	}
	if (has_sortable_column(t))
	{
		selectColumn = gql_new_type(s, SK_ENUM, SR_SELECT_COLUMN, gql_type_name(s, "%s_select_column", t->gqlname));
		if (selectColumn == NULL)
			return false;
		selectColumn->table = t;
		selectColumn->description = psprintf("select columns of table \"%s\"", t->relname);
	}
	return gql_declare_aggregate_types(s, t);
}

/* Fill in the fields of a table's types and its root fields. */
void
gql_define_table(Schema *s, CatTable *t)
{
	SType	   *obj = gql_declared_type(s, gql_type_name(s, "%s", t->gqlname));
	SType	   *boolExp = gql_declared_type(s, gql_type_name(s, "%s_bool_exp", t->gqlname));
	SType	   *orderBy = gql_table_type(s, t, "order_by", SR_ORDER_BY);
	SType	   *selectColumn = gql_table_type(s, t, "select_column", SR_SELECT_COLUMN);
	SType	   *dir = gql_declared_type(s, "order_by");
	STypeRef   *selfBoolExp = gql_named_ref(boolExp);
	SField	   *f;
	ListCell   *lc;

	f = gql_add_field(boolExp, "_and", gql_list_ref(gql_non_null_ref(selfBoolExp)), SF_BOOL_AND);
	f = gql_add_field(boolExp, "_not", selfBoolExp, SF_BOOL_NOT);
	f = gql_add_field(boolExp, "_or", gql_list_ref(gql_non_null_ref(selfBoolExp)), SF_BOOL_OR);

	foreach(lc, t->columns)
	{
		CatColumn  *col = lfirst(lc);
		SType	   *scalar;
		bool		isList;
		SType	   *cmp;

		f = gql_add_field(obj, col->gqlname, gql_column_type_ref(s, col, &scalar, &isList), SF_COLUMN);
		f->table = t;
		f->column = col;
		f->description = col->description;
		if (!isList && scalar->pgtype != NULL &&
			(scalar->pgtype->oid == JSONBOID || scalar->pgtype->oid == JSONOID))
			gql_add_arg(f, "path", gql_named_ref(s->typeString))->description = "JSON select path";

		cmp = gql_comparison_type(s, scalar, isList);
		if (cmp != NULL)
		{
			f = gql_add_field(boolExp, col->gqlname, gql_named_ref(cmp), SF_BOOL_COLUMN);
			f->table = t;
			f->column = col;
		}
		/*
		 * No order_by, no distinct_on.  (A lazy table is declared before it
		 * is defined: an operator class made in between can make a column
		 * sortable whose table has no such types.)
		 */
		if (!gql_column_sortable(col) || orderBy == NULL || selectColumn == NULL)
			continue;
		f = gql_add_field(orderBy, col->gqlname, gql_named_ref(dir), SF_ORDER_COLUMN);
		f->table = t;
		f->column = col;
		gql_add_enum_value(selectColumn, col->gqlname)->column = col;
		llast_node(SEnumValue, selectColumn->values)->description = "column name";
	}

	foreach(lc, t->relationships)
	{
		CatRelationship *r = lfirst(lc);
		SType	   *target = gql_declared_type(s, gql_type_name(s, "%s", r->target->gqlname));
		STypeRef   *ref;

		if (target == NULL || target->role != SR_TABLE || target->table != r->target)
			continue;
		ref = gql_named_ref(target);
		if (r->isArray)
			ref = gql_non_null_ref(gql_list_ref(gql_non_null_ref(ref)));
		else if (!r->nullable)
			ref = gql_non_null_ref(ref);
		f = gql_add_field(obj, r->name, ref, SF_RELATIONSHIP);
		f->table = t;
		f->rel = r;
		f->description = r->isArray ? "An array relationship" : "An object relationship";
		if (r->isArray)
			gql_add_list_args(s, f, r->target);
		if (r->isArray && !r->target->noAggregates)
		{
			f = gql_add_field(obj, psprintf("%s_aggregate", r->name),
							  gql_non_null_ref(gql_named_ref(gql_declared_type(s, gql_type_name(s, "%s_aggregate", r->target->gqlname)))),
							  SF_REL_AGGREGATE);
			f->table = t;
			f->rel = r;
			f->description = "An aggregate relationship";
			gql_add_list_args(s, f, r->target);
		}

		f = gql_add_field(boolExp, r->name,
					  gql_named_ref(gql_declared_type(s, gql_type_name(s, "%s_bool_exp", r->target->gqlname))),
					  SF_BOOL_RELATIONSHIP);
		f->table = t;
		f->rel = r;
		if (r->isArray && r->target->noAggregates)
			;					/* the role may not aggregate its rows */
		else if (r->isArray)
		{
			f = gql_add_field(boolExp, psprintf("%s_aggregate", r->name),
							  gql_named_ref(gql_declared_type(s, gql_type_name(s, "%s_aggregate_bool_exp", r->target->gqlname))),
							  SF_BOOL_AGGREGATE);
			f->table = t;
			f->rel = r;
			f = gql_add_field(orderBy, psprintf("%s_aggregate", r->name),
							  gql_named_ref(gql_declared_type(s, gql_type_name(s, "%s_aggregate_order_by", r->target->gqlname))),
							  SF_ORDER_AGGREGATE);
			f->table = t;
			f->rel = r;
		}
		else if (gql_table_type(s, r->target, "order_by", SR_ORDER_BY) != NULL)
		{
			f = gql_add_field(orderBy, r->name,
							  gql_named_ref(gql_table_type(s, r->target, "order_by", SR_ORDER_BY)),
							  SF_ORDER_RELATIONSHIP);
			f->table = t;
			f->rel = r;
		}
	}

	gql_define_computed_fields(s, t, obj, boolExp, orderBy);

	/* root fields */
	f = gql_add_table_root(s, s->queryRoot, t, ROOT_SELECT,
						   gql_non_null_ref(gql_list_ref(gql_non_null_ref(gql_named_ref(obj)))),
						   SF_ROOT_LIST, "fetch data from the table: \"%s\"");
	gql_add_list_args(s, f, t);

	if (!t->noAggregates)
	{
		f = gql_add_table_root(s, s->queryRoot, t, ROOT_SELECT_AGGREGATE,
							   gql_non_null_ref(gql_named_ref(gql_declared_type(s, gql_type_name(s, "%s_aggregate", t->gqlname)))),
							   SF_ROOT_AGGREGATE, "fetch aggregated fields from the table: \"%s\"");
		gql_add_list_args(s, f, t);
	}
	gql_define_aggregate_types(s, t);

	if (t->pkey != NIL)
	{
		f = gql_add_table_root(s, s->queryRoot, t, ROOT_SELECT_BY_PK, gql_named_ref(obj), SF_ROOT_BY_PK,
							   "fetch data from the table: \"%s\" using primary key columns");
		foreach(lc, t->pkey)
		{
			CatColumn  *col = lfirst(lc);
			SType	   *scalar;
			bool		isList;
			STypeRef   *ref = gql_column_type_ref(s, col, &scalar, &isList);

			if (ref->kind != REF_NON_NULL)
				ref = gql_non_null_ref(ref);
			gql_add_arg(f, col->gqlname, ref);
		}
	}
}

static int
compare_enum_values(const ListCell *a, const ListCell *b)
{
	return strcmp(((SEnumValue *) lfirst(a))->name, ((SEnumValue *) lfirst(b))->name);
}

/*
 * Sort a type's fields, arguments and enum values by name, as Hasura
 * presents its schema (introspection and SDL); response keys keep the
 * query's order.
 */
void
gql_sort_type(SType *t)
{
	ListCell   *lf;

	if (t->role == SR_INTROSPECTION)
		return;					/* graphql-js's own order */
	list_sort(t->fields, compare_field_names);
	list_sort(t->values, compare_enum_values);
	foreach(lf, t->fields)
		gql_sort_type_args(lfirst(lf));
}

/* Sort a field's arguments by name. */
void
gql_sort_type_args(SField *f)
{
	list_sort(f->args, compare_field_names);
}

/* Sort every type made so far that no lazy table fills in later. */
static void
sort_schema(Schema *s)
{
	ListCell   *lc;

	foreach(lc, s->types)
		if (((SType *) lfirst(lc))->pending == NULL)
			gql_sort_type(lfirst(lc));
}

/*
 * Build the schema of a catalog, in a memory context of its own.  lazy: the
 * tables' types are filled in when first needed (schema_lazy.c), if that
 * gives the same schema.
 */
static Schema *
build(Catalog *cat, bool lazy)
{
	Schema	   *s = palloc0(sizeof(Schema));
	SType	   *dir;
	ListCell   *lc;
	List	   *exposed = NIL;
	static const char *const directions[] = {
		"asc", "asc_nulls_first", "asc_nulls_last", "desc", "desc_nulls_first", "desc_nulls_last"
	};
	static const char *const directionDescriptions[] = {
		"in ascending order, nulls last", "in ascending order, nulls first",
		"in ascending order, nulls last", "in descending order, nulls first",
		"in descending order, nulls first", "in descending order, nulls last"
	};

	s->cxt = CurrentMemoryContext;
	s->catalog = cat;
	s->building = 1;
	s->byName = gql_name_map_create();

	s->typeBoolean = gql_new_type(s, SK_SCALAR, SR_BUILTIN, "Boolean");
	s->typeFloat = gql_new_type(s, SK_SCALAR, SR_BUILTIN, "Float");
	s->typeInt = gql_new_type(s, SK_SCALAR, SR_BUILTIN, "Int");
	s->typeString = gql_new_type(s, SK_SCALAR, SR_BUILTIN, "String");
	s->queryRoot = gql_new_type(s, SK_OBJECT, SR_ROOT, "query_root");

	dir = gql_new_type(s, SK_ENUM, SR_ORDER_DIRECTION, "order_by");
	dir->description = "column ordering options";
	for (int i = 0; i < (int) lengthof(directions); i++)
	{
		SEnumValue *v = gql_add_enum_value(dir, directions[i]);

		v->direction = i;
		v->description = (char *) directionDescriptions[i];
	}

	/* scalars of every column first, so a table cannot take their names */
	foreach(lc, list_concat_copy(cat->tables, cat->writeOnly))
	{
		CatTable   *t = lfirst(lc);
		ListCell   *lc2;

		foreach(lc2, list_concat_copy(t->columns, t->writeColumns))
		{
			bool		isList;
			SType	   *scalar;

			(void) gql_column_type_ref(s, lfirst(lc2), &scalar, &isList);
		}
	}
	foreach(lc, cat->functions)
	{
		CatFunction *fn = lfirst(lc);
		ListCell   *lc2;
		bool		isList;

		if (fn->returnsTable == NULL)
			(void) gql_column_scalar(s, fn->rettype, &isList);
		if (fn->computedOn == NULL)
			foreach(lc2, fn->args)
				(void) gql_column_scalar(s, ((CatFuncArg *) lfirst(lc2))->typid, &isList);
	}
	foreach(lc, cat->tables)
		if (((CatTable *) lfirst(lc))->columns != NIL)
			exposed = lappend(exposed, lfirst(lc));
	/*
	 * A remote schema's names are checked against every table's, and
	 * custom root field names against each other: eager; and so are the
	 * tables the role may only write, whose names come after the others'
	 */
	if (lazy && cat->remotes == NIL && cat->actions == NIL && cat->metadata == NULL &&
		cat->writeOnly == NIL && gql_lazy_begin(s, exposed))
	{
		/* tables are declared and defined when first needed (schema_lazy.c) */
		gql_lazy_functions_tables(s);
		gql_define_functions(s);
		gql_lazy_finish_build(s);
	}
	else
	{
		List	   *declared = NIL;

		foreach(lc, exposed)
			if (gql_declare_table(s, lfirst(lc)))
				declared = lappend(declared, lfirst(lc));
		exposed = declared;
		foreach(lc, exposed)
			gql_define_table(s, lfirst(lc));
		foreach(lc, exposed)
			gql_define_mutations(s, lfirst(lc));
		foreach(lc, cat->writeOnly)
			gql_define_mutations(s, lfirst(lc));
		foreach(lc, exposed)
			gql_define_nested_inserts(s, lfirst(lc));
		gql_define_functions(s);
		gql_namespace_roots(s);
		gql_apply_naming(s);
		gql_merge_remotes(s);
		gql_merge_remote_rels(s);
		gql_merge_actions(s);
		/* a role with nothing to query: Hasura's placeholder (an object type needs a field) */
		if (s->queryRoot->fields == NIL)
			gql_add_field(s->queryRoot, "no_queries_available", gql_non_null_ref(gql_named_ref(s->typeString)),
						  SF_PLACEHOLDER)->description =
				"There are no queries available to the current role. Either there are no sources or remote schemas configured, or the current role doesn't have the required permissions.";
	}
	gql_add_introspection(s);
	sort_schema(s);
	hash_destroy((HTAB *) interned);
	s->building = 0;
	return s;
}

/* The schema of a catalog (see build). */
Schema *
gql_schema_build(Catalog *cat, bool lazy)
{
	Schema	   *volatile s = NULL;

	/* never left set: a lazy table defined later interns nothing */
	interned = gql_name_map_create();
	PG_TRY();
	{
		s = build(cat, lazy);
	}
	PG_FINALLY();
	{
		interned = NULL;
	}
	PG_END_TRY();
	return s;
}
