/*-------------------------------------------------------------------------
 *
 * schema_function.c
 *	  SQL functions in the schema: root fields for functions of the exposed
 *	  schemas (queries for STABLE and IMMUTABLE ones, mutations for
 *	  VOLATILE ones), with an args input type, and computed fields of the
 *	  tables whose row a function takes.
 *
 * In:  the Schema being built and its Catalog's functions (catalog.c).
 * Out: fields on query_root, mutation_root and the tables' types.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"

#include "schema_internal.h"

/* Whether a scalar's values are ordered (a built-in scalar's are). */
static bool
scalar_sortable(const SType *scalar)
{
	return scalar->pgtype == NULL ||
		(gql_type_has_ordering(scalar->pgtype->oid) && gql_type_has_equality(scalar->pgtype->oid));
}

/* A value type of a function's result or argument: a scalar, or a list. */
static STypeRef *
value_ref(Schema *s, Oid typid)
{
	bool		isList;
	SType	   *scalar = gql_column_scalar(s, typid, &isList);
	STypeRef   *ref = gql_named_ref(scalar);

	return isList ? gql_array_ref(gql_non_null_ref(ref)) : ref;
}

/*
 * The field a function gives: its type, and the list arguments when it
 * returns a set of rows.
 */
static SField *
add_function_field(Schema *s, SType *owner, const char *name, CatFunction *fn, SFieldKind kind)
{
	SField	   *f;
	STypeRef   *ref;

	if (gql_type_field(owner, name) != NULL)
		return NULL;			/* the name is taken */
	if (fn->returnsTable != NULL)
	{
		SType	   *t = gql_declared_type(s, gql_type_name(s, "%s", fn->returnsTable->gqlname));

		if (t == NULL || t->table != fn->returnsTable)
			return NULL;
		ref = gql_named_ref(t);
		if (fn->retset)
			ref = gql_non_null_ref(gql_list_ref(gql_non_null_ref(ref)));
	}
	else
		ref = value_ref(s, fn->rettype);
	f = gql_add_field(owner, name, ref, kind);
	f->proc = fn;
	f->table = fn->returnsTable;
	f->description = fn->description;
	return f;
}

/*
 * The args argument of a function: <function>_args, if it takes any (a
 * computed field's: <SQL function>_args, as Hasura names it; its row is
 * not one).
 */
static void
add_function_args(Schema *s, SField *f, CatFunction *fn)
{
	SType	   *args;
	bool		required = false;
	ListCell   *lc;
	int			first = fn->computedOn != NULL ? 1 : 0;
	char	   *name = fn->computedOn == NULL ? gql_type_name(s, "%s_args", fn->gqlname) :
		strcmp(fn->nspname, "public") == 0 ? gql_type_name(s, "%s_args", fn->proname) :
		gql_type_name(s, "%s_%s_args", fn->nspname, fn->proname);
	bool		any = false;

	/* the session argument is filled by the request, never by the client */
	for_each_from(lc, fn->args, first)
		any |= !((CatFuncArg *) lfirst(lc))->session;
	if (!any)
		return;
	args = gql_declared_type(s, name);
	if (args == NULL)
	{
		args = gql_new_type(s, SK_INPUT_OBJECT, SR_FUNCTION_ARGS, name);
		if (args == NULL)
			return;
		for_each_from(lc, fn->args, first)
		{
			CatFuncArg *a = lfirst(lc);
			SField	   *af;

			if (a->session)
				continue;
			af = gql_add_field(args, a->name, value_ref(s, a->typid), SF_FUNCTION_ARG);
			af->procArg = a;
			af->proc = fn;
		}
	}
	if (args->role != SR_FUNCTION_ARGS)
		return;					/* the name is another type's */
	for_each_from(lc, fn->args, first)
		required |= !((CatFuncArg *) lfirst(lc))->hasDefault && !((CatFuncArg *) lfirst(lc))->session;
	gql_add_arg(f, "args", required ? gql_non_null_ref(gql_named_ref(args)) : gql_named_ref(args))
		->description = psprintf("input parameters for function \"%s\"", fn->proname);
}

/* The query fields of the functions that are not computed fields. */
void
gql_define_functions(Schema *s)
{
	ListCell   *lc;

	foreach(lc, s->catalog->functions)
	{
		CatFunction *fn = lfirst(lc);
		SField	   *f;

		SType	   *root;

		if (fn->computedOn != NULL)
			continue;
		/* a VOLATILE function may write: a mutation field (unless exposed as a query) */
		root = fn->mutation ? gql_mutation_root(s) : s->queryRoot;
		f = add_function_field(s, root, gql_root_field_name(s, fn->customName ? fn->gqlname :
																gql_default_root_name(s, fn->gqlname)),
							   fn, SF_ROOT_FUNCTION);
		if (f == NULL)
			continue;
		if (f->description == NULL)
			f->description = psprintf("execute function \"%s\" which returns \"%s\"", fn->proname,
									  gql_ref_named(f->type)->name);
		add_function_args(s, f, fn);
		if (fn->returnsTable != NULL)
		{
			/* one row or a set: Hasura gives both the list arguments and _aggregate */
			SType	   *agg = gql_declared_type(s, gql_type_name(s, "%s_aggregate", fn->returnsTable->gqlname));
			char	   *aggName = gql_root_field_name(s, fn->aggName ? fn->aggName :
													   gql_default_root_name(s, psprintf("%s_aggregate", fn->gqlname)));

			gql_add_list_args(s, f, fn->returnsTable);

			if (agg != NULL && gql_type_field(root, aggName) == NULL && !fn->mutation &&
				!fn->returnsTable->noAggregates)
			{
				f = gql_add_field(root, aggName,
								  gql_non_null_ref(gql_named_ref(agg)), SF_ROOT_FUNCTION_AGGREGATE);
				f->proc = fn;
				f->table = fn->returnsTable;
				f->description = psprintf("execute function \"%s\" and query aggregates on result of table type \"%s\"",
										  fn->proname, fn->returnsTable->relname);
				add_function_args(s, f, fn);
				gql_add_list_args(s, f, fn->returnsTable);
			}
		}
	}
}

/* Whether names (of char *) holds name. */
static bool
name_listed(List *names, const char *name)
{
	ListCell   *lc;

	foreach(lc, names)
		if (strcmp(lfirst(lc), name) == 0)
			return true;
	return false;
}

/* The computed fields of a table: functions taking its row. */
void
gql_define_computed_fields(Schema *s, CatTable *t, SType *obj, SType *boolExp, SType *orderBy)
{
	ListCell   *lc;

	foreach(lc, s->catalog->functions)
	{
		CatFunction *fn = lfirst(lc);
		SField	   *f;

		if (fn->computedOn != t)
			continue;
		/* the role's select permission lists those it sees */
		if (t->computedListed && !name_listed(t->computedAllowed, fn->gqlname))
			continue;
		f = add_function_field(s, obj, fn->gqlname, fn, SF_COMPUTED);
		if (f == NULL)
			continue;
		if (f->description == NULL)
			f->description = psprintf("A computed field, executes function \"%s\"", fn->proname);
		if (fn->retset)
		{
			f->type = f->type->of;	/* Hasura: [t!], nullable */
			gql_add_list_args(s, f, fn->returnsTable);
		}
		if (gql_computed_has_args(fn))
		{
			/* the client's arguments; such a field neither filters nor orders */
			add_function_args(s, f, fn);
			continue;
		}
		if (fn->returnsTable == NULL && f->type->kind == REF_NAMED && f->type->named->pgtype != NULL &&
			(f->type->named->pgtype->oid == JSONBOID || f->type->named->pgtype->oid == JSONOID))
			gql_add_arg(f, "path", gql_named_ref(s->typeString))->description = "JSON select path";
		if (fn->returnsTable != NULL)
		{
			/* a table computed field filters like a relationship (Hasura) */
			SType	   *target = gql_declared_type(s, gql_type_name(s, "%s_bool_exp", fn->returnsTable->gqlname));

			if (target != NULL && target->role == SR_BOOL_EXP && gql_type_field(boolExp, fn->gqlname) == NULL)
			{
				SField	   *bf = gql_add_field(boolExp, fn->gqlname, gql_named_ref(target), SF_BOOL_COMPUTED);

				bf->proc = fn;
				bf->table = t;
			}
		}
		else if (f->type->kind == REF_NAMED)
		{
			/* a scalar computed field filters and orders like a column */
			SType	   *cmp = gql_comparison_type(s, f->type->named, false);

			if (cmp != NULL && gql_type_field(boolExp, fn->gqlname) == NULL)
			{
				SField	   *bf = gql_add_field(boolExp, fn->gqlname, gql_named_ref(cmp), SF_BOOL_COMPUTED);

				bf->proc = fn;
				bf->table = t;
			}
			if (orderBy != NULL && scalar_sortable(f->type->named) &&
				gql_type_field(orderBy, fn->gqlname) == NULL)
			{
				SField	   *of = gql_add_field(orderBy, fn->gqlname,
											   gql_named_ref(gql_declared_type(s, "order_by")),
											   SF_ORDER_COMPUTED);

				of->proc = fn;
				of->table = t;
			}
		}
	}
}
