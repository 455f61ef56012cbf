/*-------------------------------------------------------------------------
 *
 * validate.c
 *	  Validates a parsed document against the schema: the rules of spec
 *	  section 5 that apply to queries.
 *
 * In:  a GqlDocument (parser.c) and a Schema (schema.c).
 * Out: a list of GqlError, empty when the document is valid.
 *
 * Rules, by their graphql-js names: UniqueOperationNames,
 * LoneAnonymousOperation, KnownTypeNames, FragmentsOnCompositeTypes,
 * VariablesAreInputTypes, ScalarLeafs, FieldsOnCorrectType,
 * UniqueFragmentNames, KnownFragmentNames, NoUnusedFragments,
 * PossibleFragmentSpreads, NoFragmentCycles, UniqueVariableNames,
 * NoUndefinedVariables, NoUnusedVariables, KnownDirectives,
 * UniqueDirectivesPerLocation, KnownArgumentNames, UniqueArgumentNames,
 * ValuesOfCorrectType, ProvidedRequiredArguments,
 * VariablesInAllowedPosition, OverlappingFieldsCanBeMerged,
 * UniqueInputFieldNames.  Messages are Hasura's where Hasura has one
 * ("field 'x' not found in type: 'query_root'"), graphql-js's otherwise.
 *
 * Fragments are checked once each, on their own type; the variables they
 * use are carried to every operation that spreads them, directly or not.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include "error.h"
#include "settings.h"
#include "names.h"
#include "collect.h"
#include "validate.h"
#include "values.h"

/* What is known of a fragment definition. */
typedef struct FragmentInfo
{
	GqlFragmentDefinition *def;
	SType	   *type;			/* its type condition, NULL if invalid */
	List	   *usages;			/* of VariableUsage */
	List	   *spreads;		/* names (char *) of fragments it spreads */
	bool		used;
} FragmentInfo;

/* Where a selection set's checks are recording into. */
typedef struct Unit
{
	List	   *usages;
	List	   *spreads;
} Unit;

typedef struct Validator
{
	Schema	   *schema;
	GqlDocument *doc;
	List	   *errors;
	List	   *fragments;		/* of FragmentInfo */
	NameMap    *fragmentMap;	/* FragmentInfo by name */
	int			mergeBudget;	/* comparisons left for field merging */
} Validator;

static void check_selection_set(Validator *v, GqlSelectionSet *ss, SType *parent,
								const char *path, Unit *unit);

static void
add_error(Validator *v, const GqlLoc *loc, const char *path, const char *fmt,...)
pg_attribute_printf(4, 5);

/* Append a validation error. */
static void
add_error(Validator *v, const GqlLoc *loc, const char *path, const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	gql_add_error(&v->errors, GQL_CODE_VALIDATION_FAILED, loc, path, "%s", gql_vformat(fmt, args));
	va_end(args);
}

static FragmentInfo *
fragment_info(Validator *v, const char *name)
{
	return v->fragmentMap ? gql_name_map_get(v->fragmentMap, name) : NULL;
}

/* A type reference from its AST, or NULL if a named type is unknown. */
STypeRef *
gql_type_from_ast(Schema *schema, const GqlType *t)
{
	STypeRef   *inner;
	SType	   *named;

	switch (t->n.kind)
	{
		case GQL_NAMED_TYPE:
			named = gql_schema_type(schema, t->name.value);
			return named ? gql_named_ref(named) : NULL;
		case GQL_LIST_TYPE:
			inner = gql_type_from_ast(schema, t->inner);
			return inner ? gql_list_ref(inner) : NULL;
		default:
			inner = gql_type_from_ast(schema, t->inner);
			return inner ? gql_non_null_ref(inner) : NULL;
	}
}

/* The name of the innermost named type of a type AST. */
static const GqlType *
ast_named_type(const GqlType *t)
{
	while (t->n.kind != GQL_NAMED_TYPE)
		t = t->inner;
	return t;
}

/*
 * Hasura's @cached(ttl: Int! = 60, refresh: Boolean! = false) on a query:
 * its arguments checked; the directive is accepted and ignored (a result
 * cache is Hasura Cloud's; every request is answered afresh).
 */
static void
check_cached(Validator *v, GqlDirective *d, const char *path, Unit *unit)
{
	ListCell   *lc;

	foreach(lc, d->arguments)
	{
		GqlArgument *a = lfirst(lc);
		bool		ttl = strcmp(a->name.value, "ttl") == 0;
		ListCell   *lc2;
		bool		first = true;

		if (!ttl && strcmp(a->name.value, "refresh") != 0)
		{
			add_error(v, &a->n.loc, path, "'cached' has no argument named '%s'", a->name.value);
			continue;
		}
		for (lc2 = list_head(d->arguments); lfirst(lc2) != a; lc2 = lnext(d->arguments, lc2))
			first &= strcmp(((GqlArgument *) lfirst(lc2))->name.value, a->name.value) != 0;
		if (!first)
		{
			add_error(v, &a->n.loc, path, "There can be only one argument named \"%s\".", a->name.value);
			continue;
		}
		{
			CoerceContext cx = {v->schema, NIL, NIL, NIL, true, NULL, NULL};

			gql_coerce_literal(&cx, a->value,
							   gql_non_null_ref(gql_named_ref(ttl ? v->schema->typeInt : v->schema->typeBoolean)),
							   gql_cat(path, ".directives.cached.", a->name.value, NULL));
			v->errors = list_concat(v->errors, cx.errors);
			unit->usages = list_concat(unit->usages, cx.usages);
		}
	}
}

/*
 * KnownDirectives, UniqueDirectivesPerLocation, and the arguments of
 * @skip and @include (and of Hasura's @cached on a query).
 */
static void
check_directives(Validator *v, List *directives, bool executable, const char *location,
				 const char *path, Unit *unit)
{
	ListCell   *lc;

	StringInfoData repeated;
	GqlDirective *repeatedAt = NULL;

	initStringInfo(&repeated);
	foreach(lc, directives)
	{
		GqlDirective *d = lfirst(lc);
		ListCell   *lc2;
		bool		hasIf = false;
		bool		first = true;
		bool		cached = strcmp(d->name.value, "cached") == 0 && !executable &&
			strcmp(location, "a query") == 0;

		if (!cached && strcmp(d->name.value, "skip") != 0 && strcmp(d->name.value, "include") != 0)
		{
			if (strcmp(d->name.value, "deprecated") == 0 || strcmp(d->name.value, "specifiedBy") == 0 ||
				strcmp(d->name.value, "cached") == 0)
				add_error(v, &d->n.loc, path, "directive '%s' is not allowed on %s", d->name.value,
						  executable ? "a field" : location);
			else
				add_error(v, &d->n.loc, path, "directive '%s' is not defined in the schema", d->name.value);
			continue;
		}
		if (!executable && !cached)
		{
			add_error(v, &d->n.loc, path, "directive '%s' is not allowed on %s",
					  d->name.value, location);
			continue;
		}
		for (lc2 = list_head(directives); lfirst(lc2) != d; lc2 = lnext(directives, lc2))
			first &= strcmp(((GqlDirective *) lfirst(lc2))->name.value, d->name.value) != 0;
		if (!first)
		{
			if (repeated.len == 0)
				repeatedAt = d;
			if (strstr(repeated.data, psprintf("'%s'", d->name.value)) == NULL)
				appendStringInfo(&repeated, "%s'%s'", repeated.len ? ", " : "", d->name.value);
			continue;
		}
		if (cached)
		{
			check_cached(v, d, path, unit);
			continue;
		}
		foreach(lc2, d->arguments)
		{
			GqlArgument *a = lfirst(lc2);

			if (strcmp(a->name.value, "if") != 0)
			{
				add_error(v, &a->n.loc, path, "'%s' has no argument named '%s'",
						  d->name.value, a->name.value);
				continue;
			}
			if (hasIf)
			{
				add_error(v, &a->n.loc, path, "There can be only one argument named \"if\".");
				continue;
			}
			hasIf = true;
			if (a->value->n.kind == GQL_NULL_VALUE)
			{
				add_error(v, &a->value->n.loc, gql_cat(path, ".directives.", d->name.value, ".if", NULL),
						  "expected a boolean for type 'Boolean', but found null");
				continue;
			}
			{
				CoerceContext cx = {v->schema, NIL, NIL, NIL, true, NULL, NULL};

				gql_coerce_literal(&cx, a->value,
								   gql_non_null_ref(gql_named_ref(v->schema->typeBoolean)),
								   gql_cat(path, ".directives.", d->name.value, ".if", NULL));
				v->errors = list_concat(v->errors, cx.errors);
				unit->usages = list_concat(unit->usages, cx.usages);
			}
		}
		if (!hasIf)
			add_error(v, &d->n.loc, path, "missing required field 'if'");
	}
	if (repeated.len > 0)
		add_error(v, &repeatedAt->n.loc, path,
				  "the following directives are used more than once: [%s]", repeated.data);
}

/* KnownArgumentNames, UniqueArgumentNames, ValuesOfCorrectType, required ones. */
static void
check_arguments(Validator *v, GqlField *field, SField *def, const char *path, Unit *unit)
{
	ListCell   *lc;

	foreach(lc, field->arguments)
	{
		GqlArgument *a = lfirst(lc);
		SField	   *argdef = NULL;
		ListCell   *lc2;
		bool		duplicate = false;

		foreach(lc2, def->args)
			if (strcmp(((SField *) lfirst(lc2))->name, a->name.value) == 0)
				argdef = lfirst(lc2);
		if (argdef == NULL)
		{
			add_error(v, &a->n.loc, path, "'%s' has no argument named '%s'",
					  def->name, a->name.value);
			continue;
		}
		for (lc2 = list_head(field->arguments); lfirst(lc2) != a; lc2 = lnext(field->arguments, lc2))
			duplicate |= strcmp(((GqlArgument *) lfirst(lc2))->name.value, a->name.value) == 0;
		if (duplicate)
		{
			add_error(v, &a->n.loc, path, "There can be only one argument named \"%s\".",
					  a->name.value);
			continue;
		}
		{
			CoerceContext cx = {v->schema, NIL, NIL, NIL, true, NULL, NULL};

			gql_coerce_literal(&cx, a->value, argdef->type,
							   gql_cat(path, ".args.", a->name.value, NULL));
			v->errors = list_concat(v->errors, cx.errors);
			unit->usages = list_concat(unit->usages, cx.usages);
		}
	}
	foreach(lc, def->args)
	{
		SField	   *argdef = lfirst(lc);
		ListCell   *lc2;
		bool		given = false;

		if (argdef->type->kind != REF_NON_NULL || argdef->defaultValue != NULL)
			continue;
		foreach(lc2, field->arguments)
			given |= strcmp(((GqlArgument *) lfirst(lc2))->name.value, argdef->name) == 0;
		if (!given)
			add_error(v, &field->n.loc, gql_cat(path, ".args.", argdef->name, NULL),
					  "missing required field '%s'", argdef->name);
	}
}

/* FieldsOnCorrectType, ScalarLeafs and the field's arguments and directives. */
static void
check_field(Validator *v, GqlField *field, SType *parent, const char *parentPath, Unit *unit)
{
	char	   *path = gql_cat(parentPath, ".selectionSet.", field->name.value, NULL);
	SField	   *def;
	SType	   *type;

	check_directives(v, field->directives, true, "FIELD", path, unit);
	if (strcmp(field->name.value, "__typename") == 0)
	{
		if (field->arguments != NIL)
			add_error(v, &field->n.loc, path, "'__typename' has no argument named '%s'",
					  ((GqlArgument *) linitial(field->arguments))->name.value);
		if (field->selectionSet)
			add_error(v, &field->n.loc, path,
					  "unexpected subselection set for non-object field");
		return;
	}
	def = gql_type_field(parent, field->name.value);
	if (def != NULL && def->kind == SF_META && !gql_limits.introspection)
		def = NULL;
	if (def == NULL)
	{
		add_error(v, &field->n.loc, path, "field '%s' not found in type: '%s'",
				  field->name.value, parent->name);
		return;
	}
	check_arguments(v, field, def, path, unit);
	type = gql_ref_named(def->type);
	if (gql_type_is_leaf(type))
	{
		if (field->selectionSet)
			add_error(v, &field->n.loc, path, "unexpected subselection set for non-object field");
	}
	else if (field->selectionSet == NULL)
		add_error(v, &field->n.loc, gql_cat(path, ".selectionSet", NULL),
				  "missing selection set for '%s'", type->name);
	else
		check_selection_set(v, field->selectionSet, type, path, unit);
}

/* Check every selection of a selection set on a parent type. */
static void
check_selection_set(Validator *v, GqlSelectionSet *ss, SType *parent, const char *path, Unit *unit)
{
	ListCell   *lc;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	foreach(lc, ss->selections)
	{
		GqlNode    *sel = lfirst(lc);

		if (sel->kind == GQL_FIELD)
			check_field(v, (GqlField *) sel, parent, path, unit);
		else if (sel->kind == GQL_FRAGMENT_SPREAD)
		{
			GqlFragmentSpread *s = (GqlFragmentSpread *) sel;
			FragmentInfo *fi = fragment_info(v, s->name.value);

			check_directives(v, s->directives, true, "FRAGMENT_SPREAD", path, unit);
			if (fi == NULL)
			{
				add_error(v, &s->n.loc, path, "reference to undefined fragment \"%s\"", s->name.value);
				continue;
			}
			unit->spreads = lappend(unit->spreads, (char *) s->name.value);
			if (fi->type != NULL && fi->type != parent)
				add_error(v, &s->n.loc, path,
						  "Fragment \"%s\" cannot be spread here as objects of type \"%s\" can never be of type \"%s\".",
						  s->name.value, parent->name, fi->type->name);
		}
		else
		{
			GqlInlineFragment *f = (GqlInlineFragment *) sel;
			SType	   *type = parent;

			check_directives(v, f->directives, true, "INLINE_FRAGMENT", path, unit);
			if (f->typeCondition)
			{
				type = gql_schema_type(v->schema, f->typeCondition->name.value);
				if (type == NULL)
				{
					add_error(v, &f->typeCondition->n.loc, path, "Unknown type \"%s\".",
							  f->typeCondition->name.value);
					continue;
				}
				if (type->kind != SK_OBJECT)
				{
					add_error(v, &f->typeCondition->n.loc, path,
							  "Fragment cannot condition on non composite type \"%s\".", type->name);
					continue;
				}
				if (type != parent)
				{
					add_error(v, &f->n.loc, path,
							  "Fragment cannot be spread here as objects of type \"%s\" can never be of type \"%s\".",
							  parent->name, type->name);
					continue;
				}
			}
			check_selection_set(v, f->selectionSet, type, path, unit);
		}
	}
}

/* The definition a field resolves to: NULL for __typename, an unknown field or parent. */
static SField *
field_def(SType *parent, const GqlField *f)
{
	return parent ? gql_type_field(parent, f->name.value) : NULL;
}

/* Structural equality of two argument values (variables by name). */
static bool
same_value(const GqlValue *a, const GqlValue *b)
{
	ListCell   *la;
	ListCell   *lb;

	if (a->n.kind != b->n.kind)
		return false;
	switch (a->n.kind)
	{
		case GQL_BOOLEAN_VALUE:
			return a->boolean == b->boolean;
		case GQL_NULL_VALUE:
			return true;
		case GQL_STRING_VALUE:
			return a->len == b->len && memcmp(a->str, b->str, a->len) == 0 && a->block == b->block;
		case GQL_LIST_VALUE:
			if (list_length(a->items) != list_length(b->items))
				return false;
			forboth(la, a->items, lb, b->items)
				if (!same_value(lfirst(la), lfirst(lb)))
				return false;
			return true;
		case GQL_OBJECT_VALUE:
			if (list_length(a->items) != list_length(b->items))
				return false;
			forboth(la, a->items, lb, b->items)
			{
				GqlArgument *fa = lfirst(la);
				GqlArgument *fb = lfirst(lb);

				if (strcmp(fa->name.value, fb->name.value) != 0 || !same_value(fa->value, fb->value))
					return false;
			}
			return true;
		default:
			return strcmp(a->str, b->str) == 0;
	}
}

/* Whether two fields have the same arguments (in any order). */
static bool
same_arguments(const GqlField *a, const GqlField *b)
{
	ListCell   *la;

	if (list_length(a->arguments) != list_length(b->arguments))
		return false;
	foreach(la, a->arguments)
	{
		GqlArgument *x = lfirst(la);
		ListCell   *lb;
		bool		found = false;

		foreach(lb, b->arguments)
		{
			GqlArgument *y = lfirst(lb);

			if (strcmp(x->name.value, y->name.value) == 0)
			{
				found = same_value(x->value, y->value);
				break;
			}
		}
		if (!found)
			return false;
	}
	return true;
}

/* Whether two field types have the same shape (lists, non-null, leaf name). */
static bool
same_shape(const STypeRef *a, const STypeRef *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind != REF_NAMED)
		return same_shape(a->of, b->of);
	if (gql_type_is_leaf(a->named) || gql_type_is_leaf(b->named))
		return a->named == b->named;
	return true;
}

/*
 * OverlappingFieldsCanBeMerged: fields with one response name must be the
 * same field with the same arguments, and their sub-selections must merge.
 * Returns the reason they cannot, or NULL.
 */
static char *
merge_conflict(Validator *v, List *selections, SType *parent, GqlField **at)
{
	Collect		how = {v->doc, v->schema, NULL};
	List	   *groups;
	ListCell   *lc;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	groups = gql_collect(&how, selections, parent);
	foreach(lc, groups)
	{
		FieldGroup *g = lfirst(lc);
		GqlField   *first = linitial(g->fields);
		SField	   *firstDef = field_def(linitial(g->parents), first);
		List	   *sub = NIL;
		ListCell   *lf,
				   *lp;

		forboth(lf, g->fields, lp, g->parents)
		{
			GqlField   *other = lfirst(lf);
			SField	   *otherDef = field_def(lfirst(lp), other);

			if (--v->mergeBudget < 0)
				return NULL;
			if (other != first)
			{
				if (strcmp(first->name.value, other->name.value) != 0)
				{
					*at = other;
					return psprintf("selection of both '%s' and '%s' specify the same response name, '%s'",
									first->name.value, other->name.value, g->key);
				}
				if (!same_arguments(first, other))
				{
					*at = other;
					return psprintf("inconsistent arguments between multiple selections of field '%s'",
									first->name.value);
				}
				if (firstDef && otherDef && !same_shape(firstDef->type, otherDef->type))
				{
					*at = other;
					return psprintf("Fields \"%s\" conflict because they return conflicting types \"%s\" and \"%s\". Use different aliases on the fields to fetch both if this was intentional.",
									g->key, gql_ref_string(firstDef->type), gql_ref_string(otherDef->type));
				}
			}
			if (other->selectionSet)
				sub = list_concat(sub, other->selectionSet->selections);
		}
		if (sub != NIL && firstDef != NULL && list_length(g->fields) > 1)
		{
			char	   *reason = merge_conflict(v, sub, gql_ref_named(firstDef->type), at);

			if (reason)
				return reason;
		}
	}
	return NULL;
}

/* Check merging in a selection set and every selection set below it. */
static void
check_merging(Validator *v, GqlSelectionSet *ss, SType *parent)
{
	GqlField   *at = NULL;
	char	   *reason;
	ListCell   *lc;

	if (ss == NULL || parent == NULL || v->mergeBudget < 0)
		return;
	reason = merge_conflict(v, ss->selections, parent, &at);
	if (reason)
	{
		add_error(v, &at->n.loc, NULL, "%s", reason);
		return;
	}
	foreach(lc, ss->selections)
	{
		GqlNode    *sel = lfirst(lc);

		if (sel->kind == GQL_FIELD)
		{
			GqlField   *f = (GqlField *) sel;
			SField	   *def = gql_type_field(parent, f->name.value);

			if (def && f->selectionSet)
				check_merging(v, f->selectionSet, gql_ref_named(def->type));
		}
		else if (sel->kind == GQL_INLINE_FRAGMENT)
			check_merging(v, ((GqlInlineFragment *) sel)->selectionSet, parent);
	}
}

/* NoFragmentCycles: depth-first search from a fragment. */
static void
check_cycles(Validator *v, FragmentInfo *fi, List *stack, List **done)
{
	ListCell   *lc;

	check_stack_depth();
	if (list_member_ptr(*done, fi))
		return;
	stack = lappend(list_copy(stack), fi);
	foreach(lc, fi->spreads)
	{
		FragmentInfo *next = fragment_info(v, lfirst(lc));

		if (next == NULL)
			continue;
		if (list_member_ptr(stack, next))
		{
			List	   *cycle = NIL;
			StringInfoData names;
			bool		inCycle = false;
			ListCell   *lc2;

			/* the cycle runs from next to the end of the stack */
			foreach(lc2, stack)
			{
				inCycle |= lfirst(lc2) == next;
				if (inCycle)
					cycle = lappend(cycle, (char *) ((FragmentInfo *) lfirst(lc2))->def->name.value);
			}
			initStringInfo(&names);
			foreach(lc2, cycle)
				appendStringInfo(&names, "%s%s",
								 foreach_current_index(lc2) == 0 ? "" :
								 foreach_current_index(lc2) == list_length(cycle) - 1 ? " and " : ", ",
								 (char *) lfirst(lc2));
			add_error(v, &next->def->n.loc, NULL, "the fragment definition(s) %s form a cycle",
					  names.data);
			continue;
		}
		check_cycles(v, next, stack, done);
	}
	*done = lappend(*done, fi);
}

/* Every fragment reachable from a list of spreads, marked used, in *out. */
static void
reachable_fragments(Validator *v, List *spreads, List **out)
{
	ListCell   *lc;

	foreach(lc, spreads)
	{
		FragmentInfo *fi = fragment_info(v, lfirst(lc));

		if (fi == NULL || list_member_ptr(*out, fi))
			continue;
		fi->used = true;
		*out = lappend(*out, fi);
		reachable_fragments(v, fi->spreads, out);
	}
}

/* Whether a variable of type varType may be used where locType is expected. */
static bool
type_allowed(const STypeRef *varType, const STypeRef *locType)
{
	if (locType->kind == REF_NON_NULL)
		return varType->kind == REF_NON_NULL && type_allowed(varType->of, locType->of);
	if (varType->kind == REF_NON_NULL)
		return type_allowed(varType->of, locType);
	if (locType->kind == REF_LIST)
		return varType->kind == REF_LIST && type_allowed(varType->of, locType->of);
	if (varType->kind == REF_LIST)
		return false;
	return varType->named == locType->named;
}

/* Validate one operation: variables, selections, variable usage. */
static void
check_operation(Validator *v, GqlOperation *op)
{
	Unit		unit = {NIL, NIL};
	List	   *defs = NIL;		/* of STypeRef, parallel to variableDefinitions */
	List	   *frags = NIL;
	List	   *usages;
	ListCell   *lc;
	const char *opName = op->name ? op->name->value : NULL;

	check_directives(v, op->directives, false,
					 op->operation == GQL_OP_QUERY ? "a query" :
					 op->operation == GQL_OP_MUTATION ? "a mutation" : "a subscription",
					 "$", &unit);

	foreach(lc, op->variableDefinitions)
	{
		GqlVariableDefinition *d = lfirst(lc);
		STypeRef   *type = gql_type_from_ast(v->schema, d->type);
		ListCell   *lc2;

		for (lc2 = list_head(op->variableDefinitions); lfirst(lc2) != d;
			 lc2 = lnext(op->variableDefinitions, lc2))
		{
			if (strcmp(((GqlVariableDefinition *) lfirst(lc2))->variable->str, d->variable->str) == 0)
			{
				GqlError   *err = gql_error(GQL_CODE_PARSE_FAILED, &d->n.loc,
											"multiple definitions for variable \"%s\"", d->variable->str);

				err->path = "$";
				v->errors = lappend(v->errors, err);
				break;
			}
		}
		check_directives(v, d->directives, false, "a variable definition", "$", &unit);
		if (type == NULL)
			add_error(v, &ast_named_type(d->type)->n.loc, "$",
					  "no such type exists in the schema: '%s'", ast_named_type(d->type)->name.value);
		else if (!gql_type_is_input(gql_ref_named(type)))
		{
			add_error(v, &d->type->n.loc, "$", "Variable \"$%s\" cannot be non-input type \"%s\".",
					  d->variable->str, gql_ref_string(type));
			type = NULL;
		}
		else if (d->defaultValue)
		{
			CoerceContext cx = {v->schema, NIL, NIL, NIL, true, NULL, NULL};

			gql_coerce_literal(&cx, d->defaultValue, type,
							   psprintf("$.variableDefinitions.%s.defaultValue", d->variable->str));
			v->errors = list_concat(v->errors, cx.errors);
		}
		defs = lappend(defs, type);
	}

	if (op->operation == GQL_OP_QUERY ||
		(op->operation == GQL_OP_MUTATION && v->schema->mutationRoot != NULL))
	{
		SType	   *root = op->operation == GQL_OP_QUERY ? v->schema->queryRoot : v->schema->mutationRoot;

		check_selection_set(v, op->selectionSet, root, "$", &unit);
		check_merging(v, op->selectionSet, root);
	}

	/* variables of the operation and of every fragment it reaches */
	usages = list_copy(unit.usages);
	reachable_fragments(v, unit.spreads, &frags);
	foreach(lc, frags)
		usages = list_concat(usages, ((FragmentInfo *) lfirst(lc))->usages);

	foreach(lc, usages)
	{
		VariableUsage *u = lfirst(lc);
		GqlVariableDefinition *def = NULL;
		STypeRef   *varType = NULL;
		ListCell   *ld;
		ListCell   *lt;

		forboth(ld, op->variableDefinitions, lt, defs)
		{
			if (strcmp(((GqlVariableDefinition *) lfirst(ld))->variable->str, u->name) == 0)
			{
				def = lfirst(ld);
				varType = lfirst(lt);
				break;
			}
		}
		if (def == NULL)
		{
			add_error(v, &u->loc, u->path, "unbound variable \"%s\"", u->name);
			continue;
		}
		if (varType == NULL || u->type == NULL)
			continue;			/* an unknown type, or inside a json literal: any type */
		/* a non-null default lets a nullable variable fill a non-null position */
		if (u->type->kind == REF_NON_NULL && varType->kind != REF_NON_NULL &&
			def->defaultValue != NULL && def->defaultValue->n.kind != GQL_NULL_VALUE)
			varType = gql_non_null_ref(varType);
		if (!type_allowed(varType, u->type))
			add_error(v, &u->loc, u->path, "variable \"%s\" is declared as %s, but used where %s is expected",
					  u->name, gql_ref_string(varType), gql_ref_string(u->type));
	}

	foreach(lc, op->variableDefinitions)
	{
		GqlVariableDefinition *d = lfirst(lc);
		ListCell   *lu;
		bool		used = false;

		foreach(lu, usages)
			used |= strcmp(((VariableUsage *) lfirst(lu))->name, d->variable->str) == 0;
		if (!used && gql_reject_unused_variables)
		{
			if (opName)
				add_error(v, &d->n.loc, "$", "Variable \"$%s\" is never used in operation \"%s\".",
						  d->variable->str, opName);
			else
				add_error(v, &d->n.loc, "$", "Variable \"$%s\" is never used.", d->variable->str);
		}
	}
}

/*
 * Validate a document.  Return its errors (NIL when valid).  Mutations
 * and subscriptions are reported by the caller, after validation.
 */
List *
gql_validate(Schema *schema, GqlDocument *doc)
{
	Validator	v;
	ListCell   *lc;
	int			anonymous = 0;
	int			operations = 0;
	List	   *done = NIL;

	memset(&v, 0, sizeof(v));
	v.schema = schema;
	v.doc = doc;
	v.mergeBudget = 100000;

	/* UniqueOperationNames, LoneAnonymousOperation, UniqueFragmentNames */
	foreach(lc, doc->definitions)
	{
		GqlNode    *def = lfirst(lc);
		ListCell   *lc2;

		if (def->kind == GQL_OPERATION_DEFINITION)
		{
			GqlOperation *op = (GqlOperation *) def;

			operations++;
			if (op->name == NULL)
				anonymous++;
			else
				for (lc2 = list_head(doc->definitions); lfirst(lc2) != op; lc2 = lnext(doc->definitions, lc2))
				{
					GqlOperation *other = lfirst(lc2);

					if (other->n.kind == GQL_OPERATION_DEFINITION && other->name &&
						strcmp(other->name->value, op->name->value) == 0)
					{
						add_error(&v, &op->name->loc, NULL,
								  "There can be only one operation named \"%s\".", op->name->value);
						break;
					}
				}
		}
		else
		{
			GqlFragmentDefinition *f = (GqlFragmentDefinition *) def;
			FragmentInfo *fi;

			if (fragment_info(&v, f->name.value) != NULL)
			{
				GqlError   *err = gql_error(GQL_CODE_PARSE_FAILED, &f->name.loc,
											"multiple definitions for fragment \"%s\"", f->name.value);

				v.errors = lappend(v.errors, err);
				continue;
			}
			fi = palloc0(sizeof(FragmentInfo));
			fi->def = f;
			fi->type = gql_schema_type(schema, f->typeCondition->name.value);
			if (fi->type == NULL)
				add_error(&v, &f->typeCondition->n.loc, NULL, "Unknown type \"%s\".",
						  f->typeCondition->name.value);
			else if (fi->type->kind != SK_OBJECT)
			{
				add_error(&v, &f->typeCondition->n.loc, NULL,
						  "Fragment \"%s\" cannot condition on non composite type \"%s\".",
						  f->name.value, fi->type->name);
				fi->type = NULL;
			}
			v.fragments = lappend(v.fragments, fi);
			if (v.fragmentMap == NULL)
				v.fragmentMap = gql_name_map_create();	/* documents without fragments need none */
			gql_name_map_put(v.fragmentMap, f->name.value, fi);
		}
	}
	/* LoneAnonymousOperation: reported when the operation is chosen, as Hasura does */
	(void) anonymous;
	(void) operations;

	/* each fragment on its own type */
	foreach(lc, v.fragments)
	{
		FragmentInfo *fi = lfirst(lc);
		Unit		unit = {NIL, NIL};
		const char *path = psprintf("$.fragments.%s", fi->def->name.value);

		check_directives(&v, fi->def->directives, false, "a fragment definition", path, &unit);
		if (fi->type != NULL)
		{
			check_selection_set(&v, fi->def->selectionSet, fi->type, path, &unit);
			check_merging(&v, fi->def->selectionSet, fi->type);
		}
		fi->usages = unit.usages;
		fi->spreads = unit.spreads;
	}
	foreach(lc, v.fragments)
		check_cycles(&v, lfirst(lc), NIL, &done);

	foreach(lc, doc->definitions)
	{
		GqlOperation *op = lfirst(lc);

		if (op->n.kind == GQL_OPERATION_DEFINITION)
			check_operation(&v, op);
	}

	/* NoUnusedFragments */
	foreach(lc, v.fragments)
	{
		FragmentInfo *fi = lfirst(lc);

		if (!fi->used)
			add_error(&v, &fi->def->n.loc, NULL, "Fragment \"%s\" is never used.", fi->def->name.value);
	}
	return v.errors;
}

/*
 * The operation to execute: the one named operationName, or the only one.
 * NULL with *errors set if there is none.
 */
GqlOperation *
gql_select_operation(GqlDocument *doc, const char *operationName, List **errors)
{
	GqlOperation *found = NULL;
	int			count = 0;
	ListCell   *lc;

	foreach(lc, doc->definitions)
	{
		GqlOperation *op = lfirst(lc);

		if (op->n.kind != GQL_OPERATION_DEFINITION)
			continue;
		count++;
		if (operationName == NULL ||
			(op->name != NULL && strcmp(op->name->value, operationName) == 0))
			found = op;
	}
	if (operationName == NULL && count > 1)
	{
		*errors = lappend(*errors, gql_error(GQL_CODE_VALIDATION_FAILED, NULL,
											 "exactly one operation has to be present in the document when operationName is not specified"));
		return NULL;
	}
	if (operationName != NULL)
	{
		foreach(lc, doc->definitions)
		{
			GqlOperation *op = lfirst(lc);

			if (op->n.kind == GQL_OPERATION_DEFINITION && op->name == NULL)
			{
				*errors = lappend(*errors, gql_error(GQL_CODE_VALIDATION_FAILED, NULL,
													 "operationName cannot be used when an anonymous operation exists in the document"));
				return NULL;
			}
		}
	}
	if (found == NULL)
	{
		*errors = lappend(*errors,
						  gql_error(GQL_CODE_VALIDATION_FAILED, NULL,
									"no such operation found in the document: \"%s\"",
									operationName ? operationName : ""));
		return NULL;
	}
	return found;
}
