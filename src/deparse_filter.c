/*-------------------------------------------------------------------------
 *
 * deparse_filter.c
 *	  Compiles where (<t>_bool_exp) and order_by (<t>_order_by) arguments
 *	  into SQL, and the relationship joins and count() expressions they
 *	  share with the rest of deparse.c. The SQL safety rules of deparse.c
 *	  apply: values become parameters, names go through quote_identifier.
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
#include "deparse.h"
#include "error.h"
#include "validate.h"

static void deparse_aggregate_predicate(Sql *sql, GqlInput *v, CatRelationship *r, const char *alias,
										StringInfo out);

/*
 * The error for a null where a filter needs a value, in Hasura's words:
 * "expected a list, but found null", "expected an object for type
 * 'Int_comparison_exp', but found null", "unexpected null value for type
 * 'Int'".
 */
static void
null_error(Sql *sql, const GqlInput *at, const STypeRef *type)
{
	SType	   *named = gql_ref_named(type);

	if (type->kind == REF_NON_NULL)
		type = type->of;
	if (type->kind == REF_LIST)
		gql_sql_error_at(sql, at, NULL, "expected a list, but found null");
	else if (named->kind == SK_INPUT_OBJECT)
		gql_sql_error_at(sql, at, NULL, "expected an object for type '%s', but found null", named->name);
	else
		gql_sql_error_at(sql, at, NULL, "unexpected null value for type '%s'", named->name);
}

/* count(*), count(col), count(DISTINCT col), count(ROW(a, b)) over alias. */
void
gql_deparse_count(StringInfo out, GqlInput *columns, GqlInput *distinct, const char *alias)
{
	bool		isDistinct = distinct != NULL && distinct->kind == IN_BOOLEAN && distinct->boolean;
	int			n = (columns != NULL && columns->kind == IN_LIST) ? list_length(columns->items) : 0;
	ListCell   *lc;

	if (n == 0)
	{
		appendStringInfoString(out, isDistinct ? "pg_catalog.count(DISTINCT " : "pg_catalog.count(*)");
		if (!isDistinct)
			return;
		appendStringInfo(out, "%s.*)", alias);
		return;
	}
	appendStringInfo(out, "pg_catalog.count(%s%s", isDistinct ? "DISTINCT " : "", n > 1 ? "ROW(" : "");
	foreach(lc, columns->items)
		appendStringInfo(out, "%s%s", foreach_current_index(lc) ? ", " : "",
						 gql_column_ref(alias, ((GqlInput *) lfirst(lc))->enumValue->column));
	appendStringInfoString(out, n > 1 ? "))" : ")");
}

/* The join condition of a relationship from alias (owner) to target alias. */
void
gql_deparse_join(StringInfo out, CatRelationship *r, const char *alias, const char *targetAlias)
{
	CatForeignKey *fk = r->fk;

	for (int i = 0; i < fk->ncols; i++)
	{
		CatColumn  *mine = r->outgoing ? fk->fromCols[i] : fk->toCols[i];
		CatColumn  *theirs = r->outgoing ? fk->toCols[i] : fk->fromCols[i];

		if (i > 0)
			appendBinaryStringInfo(out, " AND ", 5);
		appendStringInfoString(out, targetAlias);
		appendStringInfoChar(out, '.');
		appendStringInfoString(out, theirs->quoted);
		appendStringInfoString(out, gql_comparison_operator(fk->toCols[i]->typid, OP_EQ));
		appendStringInfoString(out, alias);
		appendStringInfoChar(out, '.');
		appendStringInfoString(out, mine->quoted);
	}
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

	/* the same few types and operators come again and again: keep the last ones */
	for (int i = 0; i < (int) lengthof(recent); i++)
		if (recent[i].sql != NULL && recent[i].typid == typid && recent[i].op == op &&
			recent[i].generation == generation)
			return recent[i].sql;

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

/* One comparison operator applied to a column. */
static void
deparse_comparison(Sql *sql, SField *opdef, GqlInput *value, const char *c, Oid typid,
				   StringInfo out)
{
	CatType    *ct = gql_catalog_type(sql->req->schema->catalog, typid);
	Oid			type;
	bool		isArray;
	Oid			elemtype;
	/* the operators of text (LIKE is ~~, SIMILAR TO ~ over similar_to_escape()) */
	static const char *const textOps[] = {
		[OP_LIKE] = "~~",[OP_NLIKE] = "!~~",[OP_ILIKE] = "~~*",[OP_NILIKE] = "!~~*",
		[OP_SIMILAR] = "~",[OP_NSIMILAR] = "!~",[OP_REGEX] = "~",[OP_NREGEX] = "!~",
		[OP_IREGEX] = "~*",[OP_NIREGEX] = "!~*",
	};
	/* the operators of jsonb and arrays */
	static const char *const builtinOps[] = {
		[OP_CONTAINS] = PG_OP("@>"),[OP_CONTAINED_IN] = PG_OP("<@"),
		[OP_HAS_KEY] = PG_OP("?"),[OP_HAS_KEYS_ANY] = PG_OP("?|"),[OP_HAS_KEYS_ALL] = PG_OP("?&"),
	};

	/* a domain's values are compared as its base type's: no CHECK on filters */
	if (ct != NULL && ct->basetype != ct->oid)
		ct = gql_catalog_type(sql->req->schema->catalog, ct->basetype);
	type = ct ? ct->oid : typid;
	isArray = ct != NULL && ct->elemtype != InvalidOid;
	elemtype = isArray ? ct->elemtype : InvalidOid;
	if (compares_as_text(opdef->op, type, ct))
	{
		c = psprintf("(%s)::pg_catalog.text%s", c, isArray ? "[]" : "");
		type = isArray ? TEXTARRAYOID : TEXTOID;
		elemtype = isArray ? TEXTOID : InvalidOid;
	}
	if (value->kind == IN_NULL)
	{
		null_error(sql, value, opdef->type);
		return;
	}
	switch (opdef->op)
	{
		case OP_IS_NULL:
			appendStringInfo(out, "%s IS %sNULL", c, value->boolean ? "" : "NOT ");
			return;
		case OP_IN:
		case OP_NIN:
			if (isArray)
			{
				/* a list of arrays: (c = $1 OR c = $2 ...), as c IN ($1, $2, ...) is */
				ListCell   *lc;

				if (value->items == NIL)
				{
					appendStringInfoString(out, opdef->op == OP_IN ? "false" : "true");
					return;
				}
				appendStringInfoString(out, opdef->op == OP_NIN ? "NOT (" : "(");
				foreach(lc, value->items)
				{
					if (foreach_current_index(lc) > 0)
						appendStringInfoString(out, " OR ");
					appendStringInfoString(out, c);
					appendStringInfoString(out, gql_comparison_operator(type, OP_EQ));
					if (!gql_add_array_param(sql, elemtype, lfirst(lc), out))
						return;
				}
				appendStringInfoChar(out, ')');
				return;
			}
			appendStringInfo(out, "%s(%s%sANY (", opdef->op == OP_NIN ? "NOT " : "", c,
							 gql_comparison_operator(type, OP_EQ));
			if (gql_add_array_param(sql, type, value, out))
				appendStringInfoString(out, "))");
			return;
		case OP_HAS_KEY:
			appendStringInfo(out, "%s%s", c, builtinOps[opdef->op]);
			gql_add_param(sql, TEXTOID, value, out);
			return;
		case OP_HAS_KEYS_ANY:
		case OP_HAS_KEYS_ALL:
			appendStringInfo(out, "%s%s", c, builtinOps[opdef->op]);
			gql_add_array_param(sql, TEXTOID, value, out);
			return;
		case OP_SIMILAR:
		case OP_NSIMILAR:
			appendStringInfo(out, "%s%spg_catalog.similar_to_escape(", c,
							 type_operator(type, textOps[opdef->op]));
			gql_add_param(sql, TEXTOID, value, out);
			appendStringInfoChar(out, ')');
			return;
		case OP_LIKE:
		case OP_NLIKE:
		case OP_ILIKE:
		case OP_NILIKE:
		case OP_REGEX:
		case OP_NREGEX:
		case OP_IREGEX:
		case OP_NIREGEX:
			appendStringInfo(out, "%s%s", c, type_operator(type, textOps[opdef->op]));
			gql_add_param(sql, type, value, out);
			return;
		case OP_CONTAINS:
		case OP_CONTAINED_IN:
			appendStringInfo(out, "%s%s", c, builtinOps[opdef->op]);
			if (isArray)
				gql_add_array_param(sql, elemtype, value, out);
			else
				gql_add_param(sql, type, value, out);
			return;
		default:
			/* =, <>, <, <=, >, >= */
			appendStringInfo(out, "%s%s", c, gql_comparison_operator(type, opdef->op));
			if (isArray)
				gql_add_array_param(sql, elemtype, value, out);
			else
				gql_add_param(sql, type, value, out);
			return;
	}
}

/*
 * A <type>_comparison_exp applied to the expression c of type typid: its
 * operators joined by AND ("true" when it has none).
 */
static void
deparse_comparisons(Sql *sql, GqlInput *ops, const char *c, Oid typid, StringInfo out)
{
	ListCell   *lc;

	if (ops->items == NIL)
	{
		appendStringInfoString(out, "true");
		return;
	}
	appendStringInfoChar(out, '(');
	foreach(lc, ops->items)
	{
		GqlInputField *op = lfirst(lc);

		if (foreach_current_index(lc) > 0)
			appendStringInfoString(out, " AND ");
		deparse_comparison(sql, op->field, op->value, c, typid, out);
	}
	appendStringInfoChar(out, ')');
}

/*
 * <rel>_aggregate: {count: {predicate, filter, arguments, distinct}} in a
 * filter: the related rows counted in a sub-select, compared like a column.
 */
static void
deparse_aggregate_predicate(Sql *sql, GqlInput *v, CatRelationship *r, const char *alias,
							StringInfo out)
{
	GqlInputField *which;
	GqlInput   *spec;
	GqlInput   *predicate;
	GqlInput   *filter;
	char	   *ta = gql_new_alias(sql);
	StringInfoData expr;
	ListCell   *lc;
	int			n = 0;
	bool		isCount;

	if (list_length(v->items) != 1)
	{
		gql_sql_error_at(sql, v, NULL, "exactly one predicate should be specified");
		return;
	}
	which = linitial(v->items);
	spec = which->value;
	isCount = strcmp(which->field->func, "count") == 0;
	if (spec->kind == IN_NULL)
	{
		gql_sql_error_at(sql, spec, NULL, "expected an object for type '%s', but found null",
					 gql_ref_named(which->field->type)->name);
		return;
	}
	predicate = gql_input_field(spec, "predicate");
	filter = gql_input_field(spec, "filter");
	initStringInfo(&expr);
	appendStringInfoString(&expr, "(SELECT ");
	if (isCount)
		gql_deparse_count(&expr, gql_input_field(spec, "arguments"), gql_input_field(spec, "distinct"), ta);
	else
		appendStringInfo(&expr, "pg_catalog.%s(%s)", which->field->func,
						 gql_column_ref(ta, gql_input_field(spec, "arguments")->enumValue->column));
	appendStringInfo(&expr, " FROM %s %s WHERE ", gql_table_ref(r->target), ta);
	gql_deparse_join(&expr, r, alias, ta);
	if (filter != NULL && filter->kind != IN_NULL)
	{
		appendStringInfoString(&expr, " AND ");
		gql_deparse_bool_exp(sql, filter, r->target, ta, &expr);
	}
	appendStringInfoChar(&expr, ')');

	appendStringInfoChar(out, '(');
	foreach(lc, predicate->items)
	{
		GqlInputField *op = lfirst(lc);

		if (n++ > 0)
			appendStringInfoString(out, " AND ");
		deparse_comparison(sql, op->field, op->value, expr.data, isCount ? INT8OID : BOOLOID, out);
	}
	if (n == 0)
		appendStringInfoString(out, "true");
	appendStringInfoChar(out, ')');
}

/* A <t>_bool_exp as an SQL condition on the row alias. */
void
gql_deparse_bool_exp(Sql *sql, GqlInput *exp, CatTable *t, const char *alias, StringInfo out)
{
	ListCell   *lc;
	int			n = 0;

	check_stack_depth();
	if (exp->kind == IN_NULL)
	{
		gql_sql_error_at(sql, exp, NULL, "expected an object for type '%s_bool_exp', but found null",
					 t->gqlname);
		return;
	}
	appendStringInfoChar(out, '(');
	foreach(lc, exp->items)
	{
		GqlInputField *f = lfirst(lc);
		GqlInput   *v = f->value;
		ListCell   *lc2;

		CHECK_FOR_INTERRUPTS();
		if (n++ > 0)
			appendStringInfoString(out, " AND ");
		if (v->kind == IN_NULL)
		{
			null_error(sql, v, f->field->type);
			return;
		}
		switch (f->field->kind)
		{
			case SF_BOOL_AND:
			case SF_BOOL_OR:
				if (v->items == NIL)
				{
					appendStringInfoString(out, f->field->kind == SF_BOOL_AND ? "true" : "false");
					break;
				}
				appendStringInfoChar(out, '(');
				foreach(lc2, v->items)
				{
					if (foreach_current_index(lc2) > 0)
						appendStringInfoString(out, f->field->kind == SF_BOOL_AND ? " AND " : " OR ");
					gql_deparse_bool_exp(sql, lfirst(lc2), t, alias, out);
				}
				appendStringInfoChar(out, ')');
				break;
			case SF_BOOL_NOT:
				appendStringInfoString(out, "NOT ");
				gql_deparse_bool_exp(sql, v, t, alias, out);
				break;
			case SF_BOOL_COLUMN:
				deparse_comparisons(sql, v, gql_column_ref(alias, f->field->column),
									f->field->column->typid, out);
				break;
			case SF_BOOL_RELATIONSHIP:
				{
					CatRelationship *r = f->field->rel;
					char	   *ta = gql_new_alias(sql);

					appendStringInfo(out, "EXISTS (SELECT 1 FROM %s %s WHERE ", gql_table_ref(r->target), ta);
					gql_deparse_join(out, r, alias, ta);
					appendStringInfoString(out, " AND ");
					gql_deparse_bool_exp(sql, v, r->target, ta, out);
					appendStringInfoChar(out, ')');
					break;
				}
			case SF_BOOL_AGGREGATE:
				deparse_aggregate_predicate(sql, v, f->field->rel, alias, out);
				break;
			case SF_BOOL_COMPUTED:
				deparse_comparisons(sql, v, gql_computed_call(sql, f->field->proc, alias),
									f->field->proc->rettype, out);
				break;
			default:
				elog(ERROR, "unexpected field in a boolean expression");
		}
		if (sql->failed)
			return;
	}
	if (n == 0)
		appendStringInfoString(out, "true");
	appendStringInfoChar(out, ')');
}

/* SQL for an order_by direction. */
static const char *
direction_sql(int dir)
{
	switch (dir)
	{
		case DIR_ASC:
		case DIR_ASC_NULLS_LAST:
			return "ASC NULLS LAST";
		case DIR_ASC_NULLS_FIRST:
			return "ASC NULLS FIRST";
		case DIR_DESC:
		case DIR_DESC_NULLS_FIRST:
			return "DESC NULLS FIRST";
		default:
			return "DESC NULLS LAST";
	}
}

/*
 * <rel>_aggregate: {count: asc, max: {rating: desc}} in order_by: the
 * related rows' aggregate, computed in a sub-select per ordering item.
 */
static void
collect_aggregate_order(Sql *sql, GqlInput *ob, CatRelationship *r, const char *alias, List **items,
						const char *wrapPrefix, const char *wrapSuffix)
{
	ListCell   *lc;

	foreach(lc, ob->items)
	{
		GqlInputField *f = lfirst(lc);
		List	   *cols = NIL;
		ListCell   *lc2;

		if (f->value->kind == IN_NULL)
			continue;
		if (f->field->kind == SF_ORDER_AGG_COUNT)
			cols = list_make1(f);
		else
			cols = f->value->items;
		foreach(lc2, cols)
		{
			GqlInputField *c = lfirst(lc2);
			OrderItem  *it = palloc0(sizeof(OrderItem));
			char	   *ta = gql_new_alias(sql);
			StringInfoData e;

			if (c->value->kind == IN_NULL)
				continue;
			initStringInfo(&e);
			appendStringInfo(&e, "%s(SELECT ", wrapPrefix);
			if (c->field->kind == SF_ORDER_AGG_COUNT)
				appendStringInfoString(&e, "pg_catalog.count(*)");
			else
				appendStringInfo(&e, "pg_catalog.%s(%s)", c->field->func, gql_column_ref(ta, c->field->column));
			appendStringInfo(&e, " FROM %s %s WHERE ", gql_table_ref(r->target), ta);
			gql_deparse_join(&e, r, alias, ta);
			appendStringInfo(&e, ")%s", wrapSuffix);
			it->expr = e.data;
			it->direction = direction_sql(c->value->enumValue->direction);
			*items = lappend(*items, it);
		}
	}
}

/*
 * Flatten a <t>_order_by value into ordering items; object relationships
 * become sub-selects of the related column.
 */
void
gql_collect_order(Sql *sql, GqlInput *ob, CatTable *t, const char *alias, List **items,
			  const char *wrapPrefix, const char *wrapSuffix)
{
	ListCell   *lc;

	check_stack_depth();
	if (ob->kind == IN_NULL)
		return;
	foreach(lc, ob->items)
	{
		GqlInputField *f = lfirst(lc);

		if (f->value->kind == IN_NULL)
			continue;
		if (f->field->kind == SF_ORDER_COLUMN)
		{
			OrderItem  *it = palloc0(sizeof(OrderItem));

			it->expr = psprintf("%s%s%s", wrapPrefix, gql_column_ref(alias, f->field->column), wrapSuffix);
			it->direction = direction_sql(f->value->enumValue->direction);
			it->column = wrapPrefix[0] == '\0' ? f->field->column : NULL;
			*items = lappend(*items, it);
		}
		else if (f->field->kind == SF_ORDER_AGGREGATE)
			collect_aggregate_order(sql, f->value, f->field->rel, alias, items, wrapPrefix, wrapSuffix);
		else if (f->field->kind == SF_ORDER_COMPUTED)
		{
			OrderItem  *it = palloc0(sizeof(OrderItem));

			it->expr = psprintf("%s%s%s", wrapPrefix, gql_computed_call(sql, f->field->proc, alias), wrapSuffix);
			it->direction = direction_sql(f->value->enumValue->direction);
			*items = lappend(*items, it);
		}
		else
		{
			CatRelationship *r = f->field->rel;
			char	   *ta = gql_new_alias(sql);
			StringInfoData prefix;

			initStringInfo(&prefix);
			appendStringInfo(&prefix, "%s(SELECT ", wrapPrefix);
			{
				StringInfoData suffix;

				initStringInfo(&suffix);
				appendStringInfo(&suffix, " FROM %s %s WHERE ", gql_table_ref(r->target), ta);
				gql_deparse_join(&suffix, r, alias, ta);
				appendStringInfo(&suffix, ")%s", wrapSuffix);
				gql_collect_order(sql, f->value, r->target, ta, items, prefix.data, suffix.data);
			}
		}
	}
}
