/*-------------------------------------------------------------------------
 *
 * plan_filter.c
 *	  Boolean expressions planned: a where argument (<t>_bool_exp) or an
 *	  aggregate predicate's filter turned into a PlanFilter tree, with
 *	  every request error found and every operator chosen.
 *
 * In:  the coerced argument (values.c) and the table whose rows it tests.
 * Out: a PlanFilter (plan.h), or NULL with errors added to the request;
 *	    deparse_filter.c writes it as an SQL condition and cannot fail.
 *
 * Errors are found in the order the old one-pass compiler found them,
 * and as many: within one <t>_bool_exp, once an error was found (in it or
 * before it in the statement) the field being planned is the last; the
 * elements of _and and _or, the operators of one comparison expression,
 * and an aggregate predicate's filter and operators are each checked in
 * full.
 *
 * Operators are those of the compared type's default operator class, by
 * their schema, never the search_path (see gql_comparison_operator).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "cache.h"
#include "error.h"
#include "plan.h"

/* Append an error found while planning. */
void
gql_plan_error(Planner *pl, const GqlInput *at, const char *path, const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	gql_request_verror(pl->req, at, path, fmt, args);
	va_end(args);
	pl->failed = true;
}

/*
 * The error for a null where a filter needs a value, in Hasura's words:
 * "expected a list, but found null", "expected an object for type
 * 'Int_comparison_exp', but found null", "unexpected null value for type
 * 'Int'".
 */
static void
null_error(Planner *pl, const GqlInput *at, const STypeRef *type)
{
	SType	   *named = gql_ref_named(type);

	if (type->kind == REF_NON_NULL)
		type = type->of;
	if (type->kind == REF_LIST)
		gql_plan_error(pl, at, NULL, "expected a list, but found null");
	else if (named->kind == SK_INPUT_OBJECT)
		gql_plan_error(pl, at, NULL, "expected an object for type '%s', but found null", named->name);
	else
		gql_plan_error(pl, at, NULL, "unexpected null value for type '%s'", named->name);
}

/* " OPERATOR(schema.name) " for an operator. */
static char *
operator_sql(Oid opr)
{
	HeapTuple	tup = SearchSysCache1(OPEROID, ObjectIdGetDatum(opr));
	Form_pg_operator form;
	char	   *sql;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for operator %u", opr);
	form = (Form_pg_operator) GETSTRUCT(tup);
	sql = psprintf(" OPERATOR(%s.%s) ", quote_identifier(get_namespace_name(form->oprnamespace)),
				   NameStr(form->oprname));
	ReleaseSysCache(tup);
	return sql;
}

/*
 * The operator comparing values of a type: =, <>, <, <=, >, >= of its
 * default operator class, as PostgreSQL chooses them for DISTINCT and
 * ORDER BY (the type cache; a domain's base type's, an array's by its
 * elements), never by the search_path.  So a type of an extension
 * (citext, PostGIS) compares by its own operators wherever they live.
 * The text is palloc'd in the current memory context.
 */
const char *
gql_comparison_operator(Oid typid, CmpOp op)
{
	static struct
	{
		Oid			typid;
		CmpOp		op;
		uint64		generation;
		char	   *sql;
	}			recent[16];
	static int	next = 0;
	uint64		generation = gql_catalog_generation();
	TypeCacheEntry *tc;
	Oid			opr = InvalidOid;
	char	   *sql;

	/*
	 * The same few types and operators come again and again: keep the last
	 * ones.  A copy is returned: a plan keeps it while later calls recycle
	 * the slots.
	 */
	for (int i = 0; i < (int) lengthof(recent); i++)
		if (recent[i].sql != NULL && recent[i].typid == typid && recent[i].op == op &&
			recent[i].generation == generation)
			return pstrdup(recent[i].sql);

	tc = lookup_type_cache(typid, TYPECACHE_EQ_OPR | TYPECACHE_LT_OPR |
						   TYPECACHE_GT_OPR | TYPECACHE_BTREE_OPFAMILY);

	switch (op)
	{
		case OP_EQ:
		case OP_IN:
		case OP_NIN:
			opr = tc->eq_opr;
			break;
		case OP_NEQ:
			opr = OidIsValid(tc->eq_opr) ? get_negator(tc->eq_opr) : InvalidOid;
			break;
		case OP_LT:
			opr = tc->lt_opr;
			break;
		case OP_GT:
			opr = tc->gt_opr;
			break;
		case OP_LTE:
		case OP_GTE:
			if (OidIsValid(tc->btree_opf))
				opr = get_opfamily_member(tc->btree_opf, tc->btree_opintype, tc->btree_opintype,
										  op == OP_LTE ? BTLessEqualStrategyNumber :
										  BTGreaterEqualStrategyNumber);
			break;
		default:
			break;
	}
	/* the schema offers these only for types that have them (schema.c) */
	if (!OidIsValid(opr))
		elog(ERROR, "type %s has no comparison operator %d", format_type_be(typid), (int) op);
	sql = operator_sql(opr);
	if (recent[next].sql != NULL)
		pfree(recent[next].sql);
	recent[next].typid = typid;
	recent[next].op = op;
	recent[next].generation = generation;
	recent[next].sql = MemoryContextStrdup(TopMemoryContext, sql);
	next = (next + 1) % lengthof(recent);
	return sql;
}

/*
 * " OPERATOR(schema.name) " for an operator of a type's own kind (LIKE's
 * ~~, ~): the one its type's schema defines for (type, type) if it is not
 * a built-in type (citext's), else pg_catalog's.
 */
static const char *
type_operator(Oid typid, const char *name)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	Oid			nsp;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", typid);
	nsp = ((Form_pg_type) GETSTRUCT(tup))->typnamespace;
	ReleaseSysCache(tup);
	if (nsp != PG_CATALOG_NAMESPACE)
	{
		Oid			opr = OpernameGetOprid(list_make2(makeString(get_namespace_name(nsp)),
													  makeString((char *) name)),
										   typid, typid);

		if (OidIsValid(opr))
			return operator_sql(opr);
	}
	return psprintf(" OPERATOR(pg_catalog.%s) ", name);
}

/*
 * Whether a comparison compares the text of the values rather than the
 * values: the schema offers every column whose type it has no scalar for
 * (an enum whose labels are not GraphQL names, a type whose name is not
 * one) as a String, with String's operators, and where the type itself
 * lacks one (an enum's LIKE, a composite's equality) its text is compared.
 */
static bool
compares_as_text(CmpOp op, Oid type, CatType *ct)
{
	switch (op)
	{
		case OP_LIKE:
		case OP_NLIKE:
		case OP_ILIKE:
		case OP_NILIKE:
		case OP_SIMILAR:
		case OP_NSIMILAR:
		case OP_REGEX:
		case OP_NREGEX:
		case OP_IREGEX:
		case OP_NIREGEX:
			return ct == NULL || ct->typcategory != TYPCATEGORY_STRING;
		case OP_EQ:
		case OP_NEQ:
		case OP_IN:
		case OP_NIN:
		case OP_CONTAINS:
		case OP_CONTAINED_IN:
			/* an array's containment compares its elements with their equality */
			return !gql_type_has_equality(type);
		case OP_LT:
		case OP_LTE:
		case OP_GT:
		case OP_GTE:
			return !gql_type_has_ordering(type);
		default:
			return false;
	}
}

/*
 * PostGIS's _st_d_within or _st_3d_d_within: the input's distance, from
 * and (geography) use_spheroid, which when given must not be null (Hasura
 * would send the null on to PostGIS, which refuses it).  False on error.
 */
static bool
plan_d_within(Planner *pl, PlanCompare *pc)
{
	GqlInput   *in = pc->value;

	pc->distance = gql_input_field(in, "distance");
	pc->value = gql_input_field(in, "from");
	pc->spheroid = gql_input_field(in, "use_spheroid");
	if (pc->spheroid != NULL && pc->spheroid->kind == IN_NULL)
	{
		gql_plan_error(pl, pc->spheroid, NULL, "unexpected null value for type 'Boolean'");
		return false;
	}
	return true;
}

/*
 * One comparison operator applied to an operand of type typid: the type it
 * compares as, its operator, its value checked.  NULL on error.
 */
static PlanCompare *
plan_compare(Planner *pl, SField *opdef, GqlInput *value, Oid typid)
{
	CatType    *ct = gql_catalog_type(pl->req->schema->catalog, typid);
	PlanCompare *pc = palloc0(sizeof(PlanCompare));
	/* the operators of text (LIKE is ~~, SIMILAR TO ~ over similar_to_escape()) */
	static const char *const textOps[] = {
		[OP_LIKE] = "~~",[OP_NLIKE] = "!~~",[OP_ILIKE] = "~~*",[OP_NILIKE] = "!~~*",
		[OP_SIMILAR] = "~",[OP_NSIMILAR] = "!~",[OP_REGEX] = "~",[OP_NREGEX] = "!~",
		[OP_IREGEX] = "~*",[OP_NIREGEX] = "!~*",
	};

	/* a domain's values are compared as its base type's: no CHECK on filters */
	if (ct != NULL && ct->basetype != ct->oid)
	{
		ct = gql_catalog_type(pl->req->schema->catalog, ct->basetype);
		pc->domain = true;
	}
	pc->op = opdef->op;
	pc->value = value;
	pc->type = ct ? ct->oid : typid;
	pc->isArray = ct != NULL && ct->elemtype != InvalidOid;
	pc->elemType = pc->isArray ? ct->elemtype : InvalidOid;
	if (compares_as_text(pc->op, pc->type, ct))
	{
		pc->asText = true;
		pc->type = pc->isArray ? TEXTARRAYOID : TEXTOID;
		pc->elemType = pc->isArray ? TEXTOID : InvalidOid;
	}
	if (value->kind == IN_NULL)
	{
		null_error(pl, value, opdef->type);
		return NULL;
	}
	switch (pc->op)
	{
		case OP_IS_NULL:
		case OP_HAS_KEY:
			return pc;
		case OP_IN:
		case OP_NIN:
			if (pc->isArray)
			{
				/* a list of arrays, each bound as one */
				ListCell   *lc;

				if (value->items == NIL)
					return pc;
				pc->operator = gql_comparison_operator(pc->type, OP_EQ);
				foreach(lc, value->items)
					if (!gql_plan_array_param(pl, pc->elemType, lfirst(lc)))
						return NULL;
				return pc;
			}
			pc->operator = gql_comparison_operator(pc->type, OP_EQ);
			return gql_plan_array_param(pl, pc->type, value) ? pc : NULL;
		case OP_HAS_KEYS_ANY:
		case OP_HAS_KEYS_ALL:
			return gql_plan_array_param(pl, TEXTOID, value) ? pc : NULL;
		case OP_SIMILAR:
		case OP_NSIMILAR:
		case OP_LIKE:
		case OP_NLIKE:
		case OP_ILIKE:
		case OP_NILIKE:
		case OP_REGEX:
		case OP_NREGEX:
		case OP_IREGEX:
		case OP_NIREGEX:
			pc->operator = type_operator(pc->type, textOps[pc->op]);
			return pc;
		case OP_CONTAINS:
		case OP_CONTAINED_IN:
			return !pc->isArray || gql_plan_array_param(pl, pc->elemType, value) ? pc : NULL;
		case OP_ST_D_WITHIN:
		case OP_ST_3D_D_WITHIN:
			return plan_d_within(pl, pc) ? pc : NULL;
		case OP_ST_CONTAINS:
		case OP_ST_CROSSES:
		case OP_ST_EQUALS:
		case OP_ST_INTERSECTS:
		case OP_ST_OVERLAPS:
		case OP_ST_TOUCHES:
		case OP_ST_WITHIN:
		case OP_ST_3D_INTERSECTS:
			return pc;			/* a call of PostGIS's function (deparse_filter.c) */
		default:
			/* =, <>, <, <=, >, >= */
			pc->operator = gql_comparison_operator(pc->type, pc->op);
			return !pc->isArray || gql_plan_array_param(pl, pc->elemType, value) ? pc : NULL;
	}
}

/*
 * A <type>_comparison_exp applied to an operand of type typid: every
 * operator planned (all of them, for their errors).  NULL on error.
 */
static PlanFilter *
plan_compares(Planner *pl, GqlInput *ops, PlanOperand *operand, Oid typid, CatTable *t)
{
	PlanFilter *f = palloc0(sizeof(PlanFilter));
	bool		ok = true;
	ListCell   *lc;

	f->kind = FILTER_COMPARE;
	f->table = t;
	f->operand = operand;
	foreach(lc, ops->items)
	{
		GqlInputField *op = lfirst(lc);
		PlanCompare *pc = plan_compare(pl, op->field, op->value, typid);

		if (pc == NULL)
			ok = false;
		else
			f->compares = lappend(f->compares, pc);
	}
	return ok ? f : NULL;
}

/* An operand of one kind. */
static PlanOperand *
new_operand(OperandKind kind)
{
	PlanOperand *o = palloc0(sizeof(PlanOperand));

	o->kind = kind;
	return o;
}

/*
 * <rel>_aggregate: {count: {predicate, filter, arguments, distinct}} in a
 * filter: the related rows' aggregate compared like a column.
 */
static PlanFilter *
plan_aggregate_predicate(Planner *pl, GqlInput *v, CatRelationship *r, CatTable *t)
{
	GqlInputField *which;
	GqlInput   *spec;
	GqlInput   *filter;
	PlanOperand *operand = new_operand(OPERAND_AGGREGATE);
	PlanFilter *f;
	bool		isCount;

	if (list_length(v->items) != 1)
	{
		gql_plan_error(pl, v, NULL, "exactly one predicate should be specified");
		return NULL;
	}
	which = linitial(v->items);
	spec = which->value;
	isCount = strcmp(which->field->func, "count") == 0;
	if (spec->kind == IN_NULL)
	{
		gql_plan_error(pl, spec, NULL, "expected an object for type '%s', but found null",
					   gql_ref_named(which->field->type)->name);
		return NULL;
	}
	operand->rel = r;
	operand->func = which->field->func;
	operand->arguments = gql_input_field(spec, "arguments");
	operand->distinct = gql_input_field(spec, "distinct");
	if (!isCount)
		operand->column = operand->arguments->enumValue->column;
	filter = gql_input_field(spec, "filter");
	if (filter != NULL && filter->kind != IN_NULL)
		operand->filter = gql_plan_filter(pl, filter, r->target);
	f = plan_compares(pl, gql_input_field(spec, "predicate"), operand, isCount ? INT8OID : BOOLOID, t);
	if (filter != NULL && filter->kind != IN_NULL && operand->filter == NULL)
		return NULL;
	return f;
}

/* A filter node of a kind over args. */
static PlanFilter *
new_filter(FilterKind kind, CatTable *t, List *args)
{
	PlanFilter *f = palloc0(sizeof(PlanFilter));

	f->kind = kind;
	f->table = t;
	f->args = args;
	return f;
}

/* One field of a <t>_bool_exp, its value not null.  NULL on error. */
static PlanFilter *
plan_bool_field(Planner *pl, GqlInputField *field, CatTable *t)
{
	SField	   *def = field->field;
	GqlInput   *v = field->value;
	PlanFilter *sub;
	PlanOperand *operand;

	switch (def->kind)
	{
		case SF_BOOL_AND:
		case SF_BOOL_OR:
			{
				List	   *args = NIL;
				bool		ok = true;
				ListCell   *lc;

				foreach(lc, v->items)
				{
					sub = gql_plan_filter(pl, lfirst(lc), t);
					ok &= sub != NULL;
					args = lappend(args, sub);
				}
				return ok ? new_filter(def->kind == SF_BOOL_AND ? FILTER_AND : FILTER_OR, t, args) : NULL;
			}
		case SF_BOOL_NOT:
			sub = gql_plan_filter(pl, v, t);
			return sub ? new_filter(FILTER_NOT, t, list_make1(sub)) : NULL;
		case SF_BOOL_COLUMN:
			operand = new_operand(OPERAND_COLUMN);
			operand->column = def->column;
			return plan_compares(pl, v, operand, def->column->typid, t);
		case SF_BOOL_RELATIONSHIP:
			sub = gql_plan_filter(pl, v, def->rel->target);
			if (sub == NULL)
				return NULL;
			sub = new_filter(FILTER_EXISTS, t, list_make1(sub));
			sub->rel = def->rel;
			return sub;
		case SF_BOOL_AGGREGATE:
			return plan_aggregate_predicate(pl, v, def->rel, t);
		case SF_BOOL_COMPUTED:
			if (def->proc->returnsTable != NULL)
			{
				/* a table computed field: some row it returns passes */
				sub = gql_plan_filter(pl, v, def->proc->returnsTable);
				if (sub == NULL)
					return NULL;
				sub = new_filter(FILTER_EXISTS, t, list_make1(sub));
				sub->function = def->proc;
				return sub;
			}
			operand = new_operand(OPERAND_COMPUTED);
			operand->function = def->proc;
			return plan_compares(pl, v, operand, def->proc->rettype, t);
		default:
			elog(ERROR, "unexpected field in a boolean expression");
	}
	return NULL;				/* keep the compiler quiet */
}

/*
 * A <t>_bool_exp over the rows of t, planned: its fields ANDed.  NULL, with
 * errors added, when a value cannot be used.
 */
PlanFilter *
gql_plan_filter(Planner *pl, GqlInput *exp, CatTable *t)
{
	PlanFilter *f;
	ListCell   *lc;

	check_stack_depth();
	if (exp->kind == IN_NULL)
	{
		gql_plan_error(pl, exp, NULL, "expected an object for type '%s', but found null",
					   gql_type_name(pl->req->schema, "%s_bool_exp", t->gqlname));
		return NULL;
	}
	f = new_filter(FILTER_OBJECT, t, NIL);
	foreach(lc, exp->items)
	{
		GqlInputField *field = lfirst(lc);
		PlanFilter *sub;

		CHECK_FOR_INTERRUPTS();
		if (field->value->kind == IN_NULL)
		{
			null_error(pl, field->value, field->field->type);
			return NULL;
		}
		sub = plan_bool_field(pl, field, t);
		if (sub == NULL || pl->failed)
			return NULL;		/* after an error, nothing more in this object */
		f->args = lappend(f->args, sub);
	}
	return f;
}
