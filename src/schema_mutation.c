/*-------------------------------------------------------------------------
 *
 * schema_mutation.c
 *	  The mutations of a table: mutation_root's insert, update and delete
 *	  fields, their input types, and the nested insert types.
 *
 * In:  a Schema being built, a table.
 * Out: mutation_root fields and types, tagged for mutation.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"

#include "names.h"
#include "schema_internal.h"

/*
 * An input type of a mutation with one field per column passing keep():
 * of the columns the role may select, and with written also of those it
 * may only write (a value given is written, never read: insert and _set).
 */
static SType *
column_input_type(Schema *s, CatTable *t, const char *suffix, const char *description,
				  bool (*keep) (Schema *, CatColumn *), STypeRef *(*type) (Schema *, CatColumn *),
				  bool written)
{
	SType	   *in = NULL;
	List	   *columns = written ? list_concat_copy(t->columns, t->writeColumns) : t->columns;
	ListCell   *lc;

	foreach(lc, columns)
	{
		CatColumn  *col = lfirst(lc);
		SField	   *f;

		if (!keep(s, col))
			continue;
		if (in == NULL)
		{
			in = gql_new_type(s, SK_INPUT_OBJECT, SR_MUTATION_INPUT, gql_type_name(s, "%s_%s", t->gqlname, suffix));
			if (in == NULL)
				return NULL;
			in->table = t;
			in->description = psprintf(description, t->relname);
		}
		f = gql_add_field(in, col->gqlname, type(s, col), SF_INPUT_COLUMN);
		f->table = t;
		f->column = col;
	}
	return in;
}

/* The column's value type, nullable. */
static STypeRef *
nullable_column_type(Schema *s, CatColumn *col)
{
	SType	   *scalar;
	bool		isList;
	STypeRef   *ref = gql_column_type_ref(s, col, &scalar, &isList);

	return ref->kind == REF_NON_NULL ? ref->of : ref;
}

static bool
keep_insertable(Schema *s, CatColumn *col)
{
	return col->canInsert;
}

static bool
keep_updatable(Schema *s, CatColumn *col)
{
	return col->canUpdate;
}

/* Whether a column is updatable and numeric (for _inc). */
static bool
keep_incrementable(Schema *s, CatColumn *col)
{
	return col->canUpdate && gql_agg_applies(s, col, AGG_SUM);
}

/* Whether a column is updatable jsonb (for _append and the other jsonb operators). */
static bool
keep_jsonb(Schema *s, CatColumn *col)
{
	bool		isList;
	SType	   *scalar = gql_column_scalar(s, col->typid, &isList);

	return col->canUpdate && !isList && scalar->pgtype != NULL && scalar->pgtype->oid == JSONBOID;
}

static STypeRef *
string_type(Schema *s, CatColumn *col)
{
	return gql_named_ref(s->typeString);
}

static STypeRef *
int_type(Schema *s, CatColumn *col)
{
	return gql_named_ref(s->typeInt);
}

static STypeRef *
string_list_type(Schema *s, CatColumn *col)
{
	return gql_list_ref(gql_non_null_ref(gql_named_ref(s->typeString)));
}

/*
 * The suffixes of every name a table's mutations and nested inserts may
 * give its types ("<table>_<suffix>"), for schema_lazy.c: a type made here
 * under a new suffix must be added, or a lazy schema could differ from an
 * eager one where two tables' names meet.  *n is set to their number.
 */
const char *const *
gql_mutation_type_suffixes(int *n)
{
	static const char *const suffixes[] = {
		"insert_input", "set_input", "inc_input", "append_input", "prepend_input",
		"delete_key_input", "delete_elem_input", "delete_at_path_input", "updates",
		"pk_columns_input", "mutation_response", "constraint", "update_column",
		"on_conflict", "obj_rel_insert_input", "arr_rel_insert_input"
	};

	*n = lengthof(suffixes);
	return suffixes;
}

/* The root type of mutations, made when the first mutation field comes. */
SType *
gql_mutation_root(Schema *s)
{
	if (s->mutationRoot == NULL)
	{
		s->mutationRoot = gql_new_type(s, SK_OBJECT, SR_MUTATION_ROOT, "mutation_root");
		/* a lazy schema's roots lead to it (schema_lazy.c) */
		s->mutationRoot->pending = s->queryRoot->pending;
	}
	return s->mutationRoot;
}

/* A mutation_root field of a table. */
static SField *
add_mutation(Schema *s, CatTable *t, CatRoot which, STypeRef *type, SFieldKind kind,
			 const char *description)
{
	return gql_add_table_root(s, gql_mutation_root(s), t, which, type, kind, description);
}

/* The primary key columns as field arguments. */
static void
add_pk_args(Schema *s, SField *f, CatTable *t)
{
	ListCell   *lc;

	foreach(lc, t->pkey)
	{
		CatColumn  *col = lfirst(lc);
		SType	   *scalar;
		bool		isList;
		STypeRef   *ref = gql_column_type_ref(s, col, &scalar, &isList);

		gql_add_arg(f, col->gqlname, ref->kind == REF_NON_NULL ? ref : gql_non_null_ref(ref));
	}
}

/*
 * <t>_on_conflict and its enums (<t>_constraint, <t>_update_column), or NULL
 * when the table has no unique constraint with a GraphQL name.
 */
static SType *
define_on_conflict(Schema *s, CatTable *t, STypeRef *boolExp)
{
	SField	   *f;
	ListCell   *lc;
	SType	   *onConflict = NULL;

	if (t->uniqueConstraints != NIL)
	{
		SType	   *constraint = gql_new_type(s, SK_ENUM, SR_MUTATION_INPUT, gql_type_name(s, "%s_constraint", t->gqlname));
		SType	   *updateColumn = gql_new_type(s, SK_ENUM, SR_MUTATION_INPUT, gql_type_name(s, "%s_update_column", t->gqlname));

		onConflict = gql_new_type(s, SK_INPUT_OBJECT, SR_MUTATION_INPUT, gql_type_name(s, "%s_on_conflict", t->gqlname));
		if (constraint != NULL && updateColumn != NULL && onConflict != NULL)
		{
			constraint->table = updateColumn->table = onConflict->table = t;
			constraint->description = psprintf("unique or primary key constraints on table \"%s\"", t->relname);
			foreach(lc, t->uniqueConstraints)
				if (gql_is_name(lfirst(lc)))
					gql_add_enum_value(constraint, lfirst(lc))->description = "unique or primary key constraint";
			updateColumn->description = psprintf("update columns of table \"%s\"", t->relname);
			foreach(lc, t->columns)
			{
				CatColumn  *col = lfirst(lc);

				if (col->canUpdate)
				{
					gql_add_enum_value(updateColumn, col->gqlname)->column = col;
					llast_node(SEnumValue, updateColumn->values)->description = "column name";
				}
			}
			if (updateColumn->values == NIL)
				gql_add_enum_value(updateColumn, "_PLACEHOLDER")->description = "placeholder (do not use)";
			onConflict->description = psprintf("on_conflict condition type for table \"%s\"", t->relname);
			gql_add_field(onConflict, "constraint", gql_non_null_ref(gql_named_ref(constraint)), SF_INPUT);
			f = gql_add_field(onConflict, "update_columns",
							  gql_non_null_ref(gql_list_ref(gql_non_null_ref(gql_named_ref(updateColumn)))),
							  SF_INPUT);
			f->defaultValue = "[]";
			gql_add_field(onConflict, "where", boolExp, SF_INPUT);
		}
		else
			onConflict = NULL;
		if (constraint != NULL && constraint->values == NIL)
			onConflict = NULL;
	}
	return onConflict;
}

/* insert_<t> and insert_<t>_one. */
static void
define_inserts(Schema *s, CatTable *t, SType *obj, SType *response, SType *insertInput, STypeRef *boolExp)
{
	SType	   *onConflict = define_on_conflict(s, t, boolExp);
	SField	   *f;

	f = add_mutation(s, t, ROOT_INSERT, gql_named_ref(response), SF_INSERT,
					 "insert data into the table: \"%s\"");
	gql_add_arg(f, "objects", gql_non_null_ref(gql_list_ref(gql_non_null_ref(gql_named_ref(insertInput)))))
		->description = "the rows to be inserted";
	if (onConflict)
		gql_add_arg(f, "on_conflict", gql_named_ref(onConflict))->description = "upsert condition";
	if (obj == NULL)
		return;					/* no row to return */
	f = add_mutation(s, t, ROOT_INSERT_ONE, gql_named_ref(obj), SF_INSERT_ONE,
					 "insert a single row into the table: \"%s\"");
	gql_add_arg(f, "object", gql_non_null_ref(gql_named_ref(insertInput)))->description = "the row to be inserted";
	if (onConflict)
		gql_add_arg(f, "on_conflict", gql_named_ref(onConflict))->description = "upsert condition";
}

/* update_<t>, update_<t>_by_pk, update_<t>_many, with their operators' input types. */
static void
define_updates(Schema *s, CatTable *t, SType *obj, SType *response, SType *setInput, STypeRef *boolExp)
{
	SType	   *ops[6];
	static const char *const opNames[] = {
		"_inc", "_append", "_prepend", "_delete_key", "_delete_elem", "_delete_at_path"
	};
	static const char *const opDescriptions[] = {
		"increments the numeric columns with given value of the filtered values",
		"append existing jsonb value of filtered columns with new jsonb value",
		"prepend existing jsonb value of filtered columns with new jsonb value",
		"delete key/value pair or string element. key/value pairs are matched based on their key value",
		"delete the array element with specified index (negative integers count from the end). throws an error if top level container is not an array",
		"delete the field or element with specified path (for JSON arrays, negative integers count from the end)"
	};
	SType	   *updates;
	SField	   *f;
	ListCell   *lc;
	SField	   *fields[3];	/* update, update_by_pk; then the _updates type */

	ops[0] = column_input_type(s, t, "inc_input", "input type for incrementing numeric columns in table \"%s\"",
							   keep_incrementable, nullable_column_type, false);
	ops[1] = column_input_type(s, t, "append_input", "append existing jsonb value of filtered columns with new jsonb value",
							   keep_jsonb, nullable_column_type, false);
	ops[2] = column_input_type(s, t, "prepend_input", "prepend existing jsonb value of filtered columns with new jsonb value",
							   keep_jsonb, nullable_column_type, false);
	ops[3] = column_input_type(s, t, "delete_key_input", "delete key/value pair or string element. key/value pairs are matched based on their key value",
							   keep_jsonb, string_type, false);
	ops[4] = column_input_type(s, t, "delete_elem_input", "delete the array element with specified index (negative integers count from the end). throws an error if top level container is not an array",
							   keep_jsonb, int_type, false);
	ops[5] = column_input_type(s, t, "delete_at_path_input", "delete the field or element with specified path (for JSON arrays, negative integers count from the end)",
							   keep_jsonb, string_list_type, false);
	updates = gql_new_type(s, SK_INPUT_OBJECT, SR_MUTATION_INPUT, gql_type_name(s, "%s_updates", t->gqlname));

	fields[0] = add_mutation(s, t, ROOT_UPDATE, gql_named_ref(response), SF_UPDATE,
							 "update data of the table: \"%s\"");
	gql_add_arg(fields[0], "where", gql_non_null_ref(boolExp))->description = "filter the rows which have to be updated";
	fields[1] = NULL;
	if (t->pkey != NIL && obj != NULL)
	{
		SType	   *pkInput = gql_new_type(s, SK_INPUT_OBJECT, SR_MUTATION_INPUT,
										   gql_type_name(s, "%s_pk_columns_input", t->gqlname));

		if (pkInput != NULL)
		{
			pkInput->table = t;
			pkInput->description = psprintf("primary key columns input for table: %s", t->relname);
			foreach(lc, t->pkey)
			{
				CatColumn  *col = lfirst(lc);
				STypeRef   *ref = nullable_column_type(s, col);

				f = gql_add_field(pkInput, col->gqlname, gql_non_null_ref(ref), SF_INPUT_COLUMN);
				f->column = col;
			}
			fields[1] = add_mutation(s, t, ROOT_UPDATE_BY_PK, gql_named_ref(obj),
									 SF_UPDATE_BY_PK, "update single row of the table: \"%s\"");
			gql_add_arg(fields[1], "pk_columns", gql_non_null_ref(gql_named_ref(pkInput)));
		}
	}
	if (updates != NULL)
	{
		updates->table = t;
		gql_add_field(updates, "where", gql_non_null_ref(boolExp), SF_INPUT)->description =
			"filter the rows which have to be updated";
	}
	fields[2] = NULL;
	for (int i = 0; i < 3; i++)
	{
		SField	   *target = i < 2 ? fields[i] : NULL;
		SType	   *utype = i == 2 ? updates : NULL;

		if (i < 2 && target == NULL)
			continue;
		if (i == 2 && utype == NULL)
			continue;
		for (int k = -1; k < (int) lengthof(opNames); k++)
		{
			SType	   *it = k < 0 ? setInput : ops[k];
			const char *name = k < 0 ? "_set" : opNames[k];
			const char *desc = k < 0 ? "sets the columns of the filtered rows to the given values" :
				opDescriptions[k];

			if (it == NULL)
				continue;
			if (target)
				gql_add_arg(target, name, gql_named_ref(it))->description = (char *) desc;
			else
				gql_add_field(utype, name, gql_named_ref(it), SF_INPUT)->description = (char *) desc;
		}
	}
	if (updates != NULL)
	{
		f = add_mutation(s, t, ROOT_UPDATE_MANY,
						 gql_list_ref(gql_named_ref(response)), SF_UPDATE_MANY,
						 "update multiples rows of table: \"%s\"");
		gql_add_arg(f, "updates", gql_non_null_ref(gql_list_ref(gql_non_null_ref(gql_named_ref(updates)))))
			->description = "updates to execute, in order";
	}
}

/* delete_<t> and delete_<t>_by_pk. */
static void
define_deletes(Schema *s, CatTable *t, SType *obj, SType *response, STypeRef *boolExp)
{
	SField	   *f;

	f = add_mutation(s, t, ROOT_DELETE, gql_named_ref(response), SF_DELETE,
					 "delete data from the table: \"%s\"");
	gql_add_arg(f, "where", gql_non_null_ref(boolExp))->description = "filter the rows which have to be deleted";
	if (t->pkey != NIL && obj != NULL)
	{
		f = add_mutation(s, t, ROOT_DELETE_BY_PK, gql_named_ref(obj), SF_DELETE_BY_PK,
						 "delete single row from the table: \"%s\"");
		add_pk_args(s, f, t);
	}
}

/*
 * The <t>_bool_exp of a table the role may write but select no column of:
 * _and, _or and _not alone, as Hasura gives a role without select
 * permission (the where of its update and delete), or NULL if the name is
 * taken.
 */
static SType *
write_only_bool_exp(Schema *s, CatTable *t)
{
	SType	   *boolExp = gql_new_type(s, SK_INPUT_OBJECT, SR_BOOL_EXP, gql_type_name(s, "%s_bool_exp", t->gqlname));
	STypeRef   *self;

	if (boolExp == NULL)
		return NULL;
	boolExp->table = t;
	boolExp->description = psprintf("Boolean expression to filter rows from the table \"%s\". All fields are combined with a logical 'AND'.", t->relname);
	self = gql_named_ref(boolExp);
	gql_add_field(boolExp, "_and", gql_list_ref(gql_non_null_ref(self)), SF_BOOL_AND);
	gql_add_field(boolExp, "_not", self, SF_BOOL_NOT);
	gql_add_field(boolExp, "_or", gql_list_ref(gql_non_null_ref(self)), SF_BOOL_OR);
	return boolExp;
}

/*
 * The mutations of a table: insert, update, delete and their types.  Of a
 * table the role may write but not select (Catalog.writeOnly), those that
 * return no row: insert_<t>, update_<t>, update_<t>_many and delete_<t>,
 * whose response has affected_rows alone.
 */
void
gql_define_mutations(Schema *s, CatTable *t)
{
	bool		writeOnly = t->columns == NIL;
	SType	   *obj = writeOnly ? NULL : gql_declared_type(s, gql_type_name(s, "%s", t->gqlname));
	SType	   *boolType = writeOnly ? write_only_bool_exp(s, t) :
		gql_declared_type(s, gql_type_name(s, "%s_bool_exp", t->gqlname));
	STypeRef   *boolExp;
	SType	   *response;
	SType	   *insertInput;
	SType	   *setInput;
	SField	   *f;

	insertInput = t->canInsert ?
		column_input_type(s, t, "insert_input", "input type for inserting data into table \"%s\"",
						  keep_insertable, nullable_column_type, true) : NULL;
	setInput = t->canUpdate ?
		column_input_type(s, t, "set_input", "input type for updating data in table \"%s\"",
						  keep_updatable, nullable_column_type, true) : NULL;
	if ((insertInput == NULL && setInput == NULL && !t->canDelete) || boolType == NULL)
		return;
	boolExp = gql_named_ref(boolType);

	response = gql_new_type(s, SK_OBJECT, SR_MUTATION_RESPONSE, gql_type_name(s, "%s_mutation_response", t->gqlname));
	if (response == NULL)
		return;
	response->table = t;
	response->description = psprintf("response of any mutation on the table \"%s\"", t->relname);
	f = gql_add_field(response, "affected_rows", gql_non_null_ref(gql_named_ref(s->typeInt)), SF_AFFECTED_ROWS);
	f->description = "number of rows affected by the mutation";
	if (obj != NULL)
	{
		f = gql_add_field(response, "returning",
						  gql_non_null_ref(gql_list_ref(gql_non_null_ref(gql_named_ref(obj)))), SF_RETURNING);
		f->description = "data from the rows affected by the mutation";
		f->table = t;
	}

	if (insertInput != NULL)
		define_inserts(s, t, obj, response, insertInput, boolExp);
	if (setInput != NULL)
		define_updates(s, t, obj, response, setInput, boolExp);
	if (t->canDelete)
		define_deletes(s, t, obj, response, boolExp);
}

/*
 * Nested inserts: each relationship of a table whose target can be
 * inserted into becomes a field of <t>_insert_input, of type
 * <target>_obj_rel_insert_input {data, on_conflict} or
 * <target>_arr_rel_insert_input {data: [...], on_conflict}.
 */
void
gql_define_nested_inserts(Schema *s, CatTable *t)
{
	SType	   *in = gql_declared_type(s, gql_type_name(s, "%s_insert_input", t->gqlname));
	ListCell   *lc;

	if (in == NULL || in->role != SR_MUTATION_INPUT)
		return;
	foreach(lc, t->relationships)
	{
		CatRelationship *r = lfirst(lc);
		SType	   *targetIn = gql_declared_type(s, gql_type_name(s, "%s_insert_input", r->target->gqlname));
		SType	   *onConflict = gql_declared_type(s, gql_type_name(s, "%s_on_conflict", r->target->gqlname));
		const char *kind = r->isArray ? "arr" : "obj";
		char	   *name = gql_type_name(s, "%s_%s_rel_insert_input", r->target->gqlname, kind);
		SType	   *rel;
		SField	   *f;

		/* a join the role may not see the columns of cannot set them */
		if (targetIn == NULL || targetIn->role != SR_MUTATION_INPUT || gql_type_field(in, r->name) != NULL ||
			r->fk->joinFunction != NULL)
			continue;
		rel = gql_declared_type(s, name);
		if (rel == NULL)
		{
			rel = gql_new_type(s, SK_INPUT_OBJECT, SR_MUTATION_INPUT, name);
			if (rel == NULL)
				continue;
			rel->table = r->target;
			rel->description = psprintf("input type for inserting %s relation for remote table \"%s\"",
										r->isArray ? "array" : "object", r->target->relname);
			gql_add_field(rel, "data", r->isArray ?
						  gql_non_null_ref(gql_list_ref(gql_non_null_ref(gql_named_ref(targetIn)))) :
						  gql_non_null_ref(gql_named_ref(targetIn)), SF_INPUT);
			if (onConflict != NULL)
				gql_add_field(rel, "on_conflict", gql_named_ref(onConflict), SF_INPUT)->description =
					"upsert condition";
		}
		else if (rel->role != SR_MUTATION_INPUT || rel->table != r->target)
			continue;			/* the name is another type's (a table <target>_arr_rel's, say) */
		f = gql_add_field(in, r->name, gql_named_ref(rel), SF_INPUT_RELATIONSHIP);
		f->table = t;
		f->rel = r;
	}
}
