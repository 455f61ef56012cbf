/*-------------------------------------------------------------------------
 *
 * metadata_permission.c
 *	  A Hasura permission (select, insert, update or delete, of a role on a
 *	  table) compiled to native PostgreSQL objects: GRANTs of its columns,
 *	  a row-level security policy whose expression is its filter or check,
 *	  and a trigger for its presets.
 *
 * In:  the catalog as the metadata describes it (loaded by the apply, as
 *		its superuser or owner: every column, the metadata's relationships),
 *		a table, a role, the operation and the permission's JSON.
 * Out: the statements that make the objects, and for each the statement
 *		that undoes it (metadata.c runs them, records the undoing ones and
 *		runs those when the metadata is applied again or cleared); or why
 *		the permission cannot be compiled.
 *
 * A boolean expression (Hasura's filter and check: columns' operators,
 * _and, _or, _not, relationships, _exists, computed fields) is written as
 * SQL: values as literals cast to the column's type, session variables
 * as graphql.session_var(name, true), which raises Hasura's "missing
 * session variables" error when the request lacks one.  An expression
 * over the row alone goes into the policy as it is, where PostgreSQL can
 * use the table's indexes.  One that reads other rows (a relationship,
 * _exists, a computed field) is a SECURITY DEFINER function of the row,
 * owned by whoever applied the metadata: as in Hasura, a filter sees the
 * rows it reads whatever the role's own permissions on them.
 *
 * Names are quoted identifiers, types and functions are qualified,
 * values are quoted literals: nothing of the metadata reaches SQL
 * otherwise.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/syscache.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "deparse.h"
#include "metadata.h"
#include "plan.h"
#include "schema.h"

/* A boolean expression being written. */
typedef struct PermExpr
{
	Catalog    *cat;
	const char *why;			/* the first reason it cannot be, or NULL */
	bool		rowOnly;		/* written in a policy: no other rows */
	bool		readsOthers;	/* it read other rows (rowOnly: it failed) */
	int			aliases;		/* sub-selects' aliases made so far */
	CatTable   *root;			/* the table whose row is tested ("$" in _ceq) */
} PermExpr;

static void write_exp(PermExpr *pe, StringInfo out, const JtNode *exp, CatTable *t,
					  const char *alias, const char *root);

static void
fail(PermExpr *pe, const char *why)
{
	if (pe->why == NULL)
		pe->why = why;
}

/* A column of t as SQL: qualified by the alias, if any. */
static char *
column_sql(const char *alias, CatColumn *c)
{
	return alias != NULL ? psprintf("%s.%s", alias, c->quoted) : pstrdup(c->quoted);
}

/* Whether a value names a session variable (Hasura: X-Hasura-*, any case). */
static bool
session_var_name(const JtNode *v)
{
	return v->type == JT_STRING && pg_strncasecmp(v->str, "x-hasura-", strlen("x-hasura-")) == 0;
}

/* A session variable as SQL of a type (typname: qualified SQL). */
static char *
session_var_sql(const char *name, const char *typname)
{
	char	   *lower = pstrdup(name);

	for (char *c = lower; *c; c++)
		*c = pg_ascii_tolower((unsigned char) *c);
	return psprintf("graphql.session_var(%s, true)::%s", quote_literal_cstr(lower), typname);
}

/* A value of the metadata as SQL of type typid: a literal or a session variable. */
static char *
value_sql(PermExpr *pe, const JtNode *v, Oid typid)
{
	char	   *typname = gql_type_sql(typid);
	StringInfoData text;

	if (session_var_name(v))
		return session_var_sql(v->str, typname);
	initStringInfo(&text);
	switch (v->type)
	{
		case JT_STRING:
		case JT_NUMBER:
			appendStringInfoString(&text, v->str);
			break;
		case JT_BOOL:
			appendStringInfoString(&text, v->boolean ? "true" : "false");
			break;
		case JT_ARRAY:
		case JT_OBJECT:
			jt_append(&text, v);
			break;
		case JT_NULL:
			fail(pe, "a null value in a permission's expression is not supported");
			return pstrdup("NULL");
	}
	return psprintf("%s::%s", quote_literal_cstr(text.data), typname);
}

/* A list value of type typid (an element's type): ARRAY[...] or a session variable. */
static char *
list_sql(PermExpr *pe, const JtNode *v, Oid typid)
{
	Oid			arraytype = get_array_type(typid);
	StringInfoData out;

	if (!OidIsValid(arraytype))
	{
		fail(pe, psprintf("the type %s has no array type", format_type_be(typid)));
		return pstrdup("NULL");
	}
	if (session_var_name(v))
		return session_var_sql(v->str, gql_type_sql(arraytype));
	if (v->type != JT_ARRAY)
	{
		fail(pe, "expected a list");
		return pstrdup("NULL");
	}
	initStringInfo(&out);
	appendStringInfoString(&out, "ARRAY[");
	for (int i = 0; i < v->count; i++)
		appendStringInfo(&out, "%s%s", i ? ", " : "", value_sql(pe, v->items[i], typid));
	appendStringInfo(&out, "]::%s", gql_type_sql(arraytype));
	return out.data;
}

/* The operators written as " OPERATOR(pg_catalog.x) " on the text of a value. */
static const struct
{
	const char *name;
	const char *op;
	bool		similar;
}			textOps[] = {
	{"_like", "~~", false}, {"_nlike", "!~~", false}, {"_ilike", "~~*", false}, {"_nilike", "!~~*", false},
	{"_regex", "~", false}, {"_nregex", "!~", false}, {"_iregex", "~*", false}, {"_niregex", "!~*", false},
	{"_similar", "~", true}, {"_nsimilar", "!~", true},
};

/* Comparison operators by name, and the ones comparing with another column. */
static const struct
{
	const char *name;
	const char *columnName;
	CmpOp		op;
}			cmpOps[] = {
	{"_eq", "_ceq", OP_EQ}, {"_neq", "_cneq", OP_NEQ}, {"_gt", "_cgt", OP_GT},
	{"_gte", "_cgte", OP_GTE}, {"_lt", "_clt", OP_LT}, {"_lte", "_clte", OP_LTE},
};

/* Another column a _ceq names: "column" of t, or ["$", "column"] of the root row. */
static char *
other_column_sql(PermExpr *pe, const JtNode *v, CatTable *t, const char *alias, const char *root,
				 CatTable *rootTable)
{
	const JtNode *name = v;
	CatTable   *in = t;
	const char *at = alias;
	CatColumn  *c;

	if (v->type == JT_ARRAY && v->count == 2 && v->items[0]->type == JT_STRING &&
		strcmp(v->items[0]->str, "$") == 0)
	{
		name = v->items[1];
		in = rootTable;
		at = root;
	}
	if (name->type != JT_STRING || (c = gql_table_column(in, name->str)) == NULL)
	{
		fail(pe, "a column comparison names a column the table does not have");
		return pstrdup("NULL");
	}
	return column_sql(at, c);
}

/* One operator applied to the SQL expression col, of type typid. */
static void
write_operator(PermExpr *pe, StringInfo out, const char *name, const JtNode *v, const char *col,
			   Oid typid, CatTable *t, const char *alias, const char *root, CatTable *rootTable)
{
	Oid			base = getBaseType(typid);

	for (int i = 0; i < (int) lengthof(cmpOps); i++)
	{
		bool		other = strcmp(name, cmpOps[i].columnName) == 0;

		if (strcmp(name, cmpOps[i].name) != 0 && !other)
			continue;
		if (!(cmpOps[i].op == OP_EQ || cmpOps[i].op == OP_NEQ ? gql_type_has_equality(base) :
			  gql_type_has_ordering(base)))
		{
			fail(pe, psprintf("the type %s has no operator for %s", format_type_be(typid), name));
			return;
		}
		appendStringInfo(out, "%s%s%s", col, gql_comparison_operator(base, cmpOps[i].op),
						 other ? other_column_sql(pe, v, t, alias, root, rootTable) : value_sql(pe, v, typid));
		return;
	}
	for (int i = 0; i < (int) lengthof(textOps); i++)
	{
		if (strcmp(name, textOps[i].name) != 0)
			continue;
		appendStringInfo(out, "(%s)::pg_catalog.text OPERATOR(pg_catalog.%s) ", col, textOps[i].op);
		if (textOps[i].similar)
			appendStringInfo(out, "pg_catalog.similar_to_escape(%s)", value_sql(pe, v, TEXTOID));
		else
			appendStringInfoString(out, value_sql(pe, v, TEXTOID));
		return;
	}
	if (strcmp(name, "_in") == 0 || strcmp(name, "_nin") == 0)
	{
		if (!gql_type_has_equality(base))
			fail(pe, psprintf("the type %s has no equality", format_type_be(typid)));
		else if (v->type == JT_ARRAY && v->count == 0)
			appendStringInfoString(out, name[1] == 'i' ? "false" : "true");
		else
			appendStringInfo(out, "%s(%s%sANY (%s))", name[1] == 'n' ? "NOT " : "", col,
							 gql_comparison_operator(base, OP_EQ), list_sql(pe, v, typid));
	}
	else if (strcmp(name, "_is_null") == 0)
	{
		if (v->type != JT_BOOL)
			fail(pe, "_is_null takes true or false");
		else
			appendStringInfo(out, "%s IS %sNULL", col, v->boolean ? "" : "NOT ");
	}
	else if ((strcmp(name, "_contains") == 0 || strcmp(name, "_contained_in") == 0) && base == JSONBOID)
		appendStringInfo(out, "%s OPERATOR(pg_catalog.%s) %s", col, name[4] == 't' ? "@>" : "<@",
						 value_sql(pe, v, JSONBOID));
	else if (strcmp(name, "_has_key") == 0 && base == JSONBOID)
		appendStringInfo(out, "%s OPERATOR(pg_catalog.?) %s", col, value_sql(pe, v, TEXTOID));
	else if ((strcmp(name, "_has_keys_any") == 0 || strcmp(name, "_has_keys_all") == 0) && base == JSONBOID)
		appendStringInfo(out, "%s OPERATOR(pg_catalog.%s) %s", col, name[10] == 'a' && name[11] == 'n' ? "?|" : "?&",
						 list_sql(pe, v, TEXTOID));
	else
		fail(pe, psprintf("the operator %s is not supported here", name));
}

/* The operators of one column (or computed field): all of them hold. */
static void
write_operators(PermExpr *pe, StringInfo out, const JtNode *ops, const char *col, Oid typid,
				CatTable *t, const char *alias, const char *root, CatTable *rootTable)
{
	if (ops->type != JT_OBJECT)
	{
		fail(pe, "a column's comparison must be an object of operators");
		return;
	}
	appendStringInfoChar(out, '(');
	if (ops->count == 0)
		appendStringInfoString(out, "true");
	for (int i = 0; i < ops->count; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (i > 0)
			appendStringInfoString(out, " AND ");
		write_operator(pe, out, ops->keys[i], ops->items[i], col, typid, t, alias, root, rootTable);
	}
	appendStringInfoChar(out, ')');
}

/* A sub-select's new alias. */
static char *
new_alias(PermExpr *pe)
{
	return psprintf("_p%d", ++pe->aliases);
}

/* The rows a relationship or _exists reads: only where other rows may be read. */
static bool
reads_others(PermExpr *pe)
{
	pe->readsOthers = true;
	return !pe->rowOnly;
}

/* A list of expressions joined by AND or OR; empty, their unit. */
static void
write_list(PermExpr *pe, StringInfo out, const JtNode *list, const char *sep, const char *empty,
		   CatTable *t, const char *alias, const char *root)
{
	if (list->type != JT_ARRAY)
	{
		fail(pe, "_and and _or take a list");
		return;
	}
	appendStringInfoChar(out, '(');
	if (list->count == 0)
		appendStringInfoString(out, empty);
	for (int i = 0; i < list->count; i++)
	{
		if (i > 0)
			appendStringInfoString(out, sep);
		write_exp(pe, out, list->items[i], t, alias, root);
	}
	appendStringInfoChar(out, ')');
}

/* _exists: {"_table": ..., "_where": ...} over any row of a tracked table. */
static void
write_exists(PermExpr *pe, StringInfo out, const JtNode *v)
{
	const JtNode *ref = jt_get(v, "_table");
	const JtNode *nsp = jt_get(ref, "schema");
	const JtNode *name = ref != NULL && ref->type == JT_STRING ? ref : jt_get(ref, "name");
	CatTable   *other;
	char	   *a;

	if (!reads_others(pe))
		return;
	if (name == NULL || name->type != JT_STRING ||
		(other = gql_catalog_find_table(pe->cat->tables, nsp && nsp->type == JT_STRING ? nsp->str : "public",
										name->str)) == NULL)
	{
		fail(pe, "_exists names a table that is not tracked");
		return;
	}
	a = new_alias(pe);
	appendStringInfo(out, "EXISTS (SELECT FROM %s %s WHERE ", other->qualified, a);
	if (jt_get(v, "_where") != NULL)
		write_exp(pe, out, jt_get(v, "_where"), other, a, a);
	else
		appendStringInfoString(out, "true");
	appendStringInfoChar(out, ')');
}

/* A computed field of t called name (a scalar one), or NULL. */
static CatFunction *
computed_field(Catalog *cat, CatTable *t, const char *name)
{
	ListCell   *lc;

	foreach(lc, cat->functions)
	{
		CatFunction *f = lfirst(lc);

		if (f->computedOn == t && strcmp(f->gqlname, name) == 0)
			return f;
	}
	return NULL;
}

/* A boolean expression over the row alias of t (the root row: root). */
static void
write_exp(PermExpr *pe, StringInfo out, const JtNode *exp, CatTable *t, const char *alias, const char *root)
{
	CatTable   *rootTable = pe->root;

	check_stack_depth();
	if (exp->type != JT_OBJECT)
	{
		fail(pe, "a boolean expression must be an object");
		return;
	}
	appendStringInfoChar(out, '(');
	if (exp->count == 0)
		appendStringInfoString(out, "true");
	for (int i = 0; i < exp->count && pe->why == NULL; i++)
	{
		const char *key = exp->keys[i];
		const JtNode *v = exp->items[i];
		CatColumn  *c;
		CatFunction *f;
		ListCell   *lc;
		bool		done = false;

		CHECK_FOR_INTERRUPTS();
		if (i > 0)
			appendStringInfoString(out, " AND ");
		if (strcmp(key, "_and") == 0)
			write_list(pe, out, v, " AND ", "true", t, alias, root);
		else if (strcmp(key, "_or") == 0)
			write_list(pe, out, v, " OR ", "false", t, alias, root);
		else if (strcmp(key, "_not") == 0)
		{
			appendStringInfoString(out, "NOT ");
			write_exp(pe, out, v, t, alias, root);
		}
		else if (strcmp(key, "_exists") == 0)
			write_exists(pe, out, v);
		else if ((c = gql_table_column(t, key)) != NULL)
			write_operators(pe, out, v, column_sql(alias, c), c->typid, t, alias, root, rootTable);
		else
		{
			foreach(lc, t->relationships)
			{
				CatRelationship *r = lfirst(lc);
				char	   *a;

				if (strcmp(r->name, key) != 0)
					continue;
				done = true;
				if (!reads_others(pe))
					break;
				a = new_alias(pe);
				appendStringInfo(out, "EXISTS (SELECT FROM %s %s WHERE ", r->target->qualified, a);
				gql_deparse_join(out, r, alias, a);
				appendStringInfoString(out, " AND ");
				write_exp(pe, out, v, r->target, a, root);
				appendStringInfoChar(out, ')');
				break;
			}
			if (done)
				continue;
			if ((f = computed_field(pe->cat, t, key)) != NULL && f->returnsTable == NULL)
			{
				if (reads_others(pe))
					write_operators(pe, out, v, psprintf("%s(%s)", quote_qualified_identifier(f->nspname, f->proname),
														 alias), f->rettype, t, alias, root, rootTable);
			}
			else
				fail(pe, psprintf("%s has no column, relationship or computed field \"%s\"", t->qualified, key));
		}
	}
	appendStringInfoChar(out, ')');
}

/*
 * A filter as SQL over the row alias of t, as a SECURITY DEFINER function
 * of the table's owner writes it (other rows read inline), or NULL with
 * *why: for metadata_join.c.
 */
char *
gql_permission_filter_sql(Catalog *cat, CatTable *t, const JtNode *exp, const char *alias, const char **why)
{
	PermExpr	pe = {.cat = cat, .root = t};
	StringInfoData out;

	if (exp == NULL || exp->type == JT_NULL)
		return pstrdup("true");
	initStringInfo(&out);
	write_exp(&pe, &out, exp, t, alias, alias);
	*why = pe.why;
	return pe.why == NULL ? out.data : NULL;
}

/* The name of a table's owner. */
char *
gql_table_owner(CatTable *t)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(t->relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", t->relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return GetUserNameFromId(owner, false);
}

/*
 * A permission's boolean expression as SQL over the table's row: inline,
 * for a policy, when it reads only the row (*function: NULL); else the
 * call of a SECURITY DEFINER function of the row, whose CREATE and DROP
 * are set (name: the function's, in schema graphql).  NULL with *why.
 */
static char *
expression_sql(Catalog *cat, CatTable *t, const JtNode *exp, const char *role, const char *name,
			   char **create, char **drop, const char **why)
{
	PermExpr	pe = {.cat = cat, .rowOnly = true, .root = t};
	StringInfoData out;
	char	   *fn;

	*create = *drop = NULL;
	if (exp == NULL || exp->type == JT_NULL)
		return pstrdup("true");
	initStringInfo(&out);
	write_exp(&pe, &out, exp, t, NULL, NULL);
	if (!pe.readsOthers)
	{
		*why = pe.why;
		return pe.why == NULL ? out.data : NULL;
	}
	/* other rows: a function of the row, as the one who applies */
	pe = (PermExpr) {.cat = cat, .root = t};
	resetStringInfo(&out);
	write_exp(&pe, &out, exp, t, "r", "r");
	if ((*why = pe.why) != NULL)
		return NULL;
	fn = quote_qualified_identifier("graphql", name);

	/*
	 * The role's alone: no one else may ask it about rows made up.  Owned by
	 * the table's owner, never by the superuser who applies: the code it
	 * reaches (a computed field, an operator, a view) is the owner's to
	 * change, so it must not run with more than the owner's privileges.
	 */
	*create = psprintf("CREATE FUNCTION %s(r %s) RETURNS pg_catalog.bool LANGUAGE sql STABLE SECURITY DEFINER "
					   "SET search_path = pg_catalog, pg_temp AS %s; "
					   "ALTER FUNCTION %s(%s) OWNER TO %s; "
					   "REVOKE EXECUTE ON FUNCTION %s(%s) FROM PUBLIC; "
					   "GRANT EXECUTE ON FUNCTION %s(%s) TO %s",
					   fn, t->qualified, quote_literal_cstr(psprintf("SELECT %s", out.data)),
					   fn, t->qualified, quote_identifier(gql_table_owner(t)),
					   fn, t->qualified, fn, t->qualified, quote_identifier(role));
	*drop = psprintf("DROP FUNCTION IF EXISTS %s(%s)", fn, t->qualified);
	/* rel.*: the whole row even where a column has the table's name */
	return psprintf("%s(%s.*)", fn, quote_identifier(t->relname));
}

/*
 * The columns a permission lists, as a GRANT's list (less those "set"
 * presets); "*": every column, now and to come, which the caller grants
 * on the table if nothing is preset.  NULL with *why.
 */
static char *
columns_sql(CatTable *t, const JtNode *cols, const JtNode *set, const char **why)
{
	StringInfoData out;
	int			n = 0;

	initStringInfo(&out);
	if (cols != NULL && cols->type == JT_STRING && strcmp(cols->str, "*") == 0)
	{
		ListCell   *lc;

		if (set == NULL || set->type != JT_OBJECT || set->count == 0)
			return "*";
		foreach(lc, t->columns)
		{
			CatColumn  *c = lfirst(lc);

			if (jt_get(set, c->attname) == NULL)
				appendStringInfo(&out, "%s%s", n++ ? ", " : "", c->quoted);
		}
		return out.data;
	}
	if (cols == NULL || cols->type != JT_ARRAY)
	{
		*why = "\"columns\" must be a list of columns or \"*\"";
		return NULL;
	}
	for (int i = 0; i < cols->count; i++)
	{
		CatColumn  *c = cols->items[i]->type == JT_STRING ? gql_table_column(t, cols->items[i]->str) : NULL;

		if (c == NULL)
		{
			*why = psprintf("%s has no column %s", t->qualified,
							cols->items[i]->type == JT_STRING ? quote_identifier(cols->items[i]->str) : "?");
			return NULL;
		}
		if (jt_get(set, c->attname) == NULL)
			appendStringInfo(&out, "%s%s", n++ ? ", " : "", c->quoted);
	}
	return out.data;
}

/* The trigger of a role's presets (set), and its undoing; false with *why. */
static bool
preset_trigger(CatTable *t, const char *role, const char *op, const JtNode *set, Compiled *c,
			   const char **why)
{
	StringInfoData args;
	const char *trigger = quote_identifier(psprintf("graphql_%s_%s_set", role, op));

	if (set == NULL || (set->type == JT_OBJECT && set->count == 0))
		return true;
	if (set->type != JT_OBJECT)
	{
		*why = "\"set\" must be an object of columns";
		return false;
	}
	initStringInfo(&args);
	appendStringInfoString(&args, quote_literal_cstr(role));
	for (int i = 0; i < set->count; i++)
	{
		const JtNode *v = set->items[i];
		StringInfoData text;

		if (gql_table_column(t, set->keys[i]) == NULL)
		{
			*why = psprintf("\"set\" names a column %s does not have", t->qualified);
			return false;
		}
		initStringInfo(&text);
		if (v->type == JT_STRING || v->type == JT_NUMBER)
			appendStringInfoString(&text, v->str);
		else if (v->type == JT_BOOL)
			appendStringInfoString(&text, v->boolean ? "true" : "false");
		else if (v->type == JT_NULL)
		{
			*why = "a null preset is not supported";
			return false;
		}
		else
			jt_append(&text, v);
		appendStringInfo(&args, ", %s, %s", quote_literal_cstr(set->keys[i]), quote_literal_cstr(text.data));
	}
	c->statements = lappend(c->statements,
							psprintf("CREATE TRIGGER %s BEFORE %s ON %s FOR EACH ROW EXECUTE FUNCTION graphql._preset(%s)",
									 trigger, strcmp(op, "insert") == 0 ? "INSERT" : "UPDATE", t->qualified, args.data));
	c->undo = lappend(c->undo, psprintf("DROP TRIGGER IF EXISTS %s ON %s", trigger, t->qualified));
	return true;
}

/*
 * Why a Hasura role cannot be a PostgreSQL role, or NULL: PUBLIC and the
 * other names PostgreSQL reserves (a role "public" would grant every role),
 * pg_ (its own roles), too long.
 */
const char *
gql_metadata_role_refused(const char *role)
{
	static const char *const reserved[] = {"public", "none", "current_user", "current_role", "session_user"};

	for (int i = 0; i < (int) lengthof(reserved); i++)
		if (pg_strcasecmp(role, reserved[i]) == 0)
			return psprintf("PostgreSQL reserves the role name \"%s\": rename the Hasura role (a role every "
							"request may use is graphql.anon_role's)", role);
	if (pg_strncasecmp(role, "pg_", 3) == 0)
		return "PostgreSQL reserves role names starting with pg_";
	if (strlen(role) >= NAMEDATALEN)
		return psprintf("a role name is at most %d bytes", NAMEDATALEN - 1);
	return NULL;
}

/*
 * Whether names, a permission's list (NULL or null: none given), holds
 * only distinct strings each passing ok(t, name); else why not.
 */
static const char *
name_list_refused(CatTable *t, const char *key, const JtNode *names, bool (*ok) (CatTable *, const char *),
				  const char *what)
{
	if (names == NULL || names->type == JT_NULL)
		return NULL;
	if (names->type != JT_ARRAY)
		return psprintf("\"%s\" must be a list of %s", key, what);
	for (int i = 0; i < names->count; i++)
	{
		if (names->items[i]->type != JT_STRING || !ok(t, names->items[i]->str))
			return psprintf("\"%s\" must be a list of %s", key, what);
		for (int j = 0; j < i; j++)
			if (strcmp(names->items[j]->str, names->items[i]->str) == 0)
				return psprintf("\"%s\" lists \"%s\" twice", key, names->items[i]->str);
	}
	return NULL;
}

static bool
query_root_kind(CatTable *t, const char *name)
{
	(void) t;
	return strcmp(name, "select") == 0 || strcmp(name, "select_by_pk") == 0 ||
		strcmp(name, "select_aggregate") == 0;
}

static bool
subscription_root_kind(CatTable *t, const char *name)
{
	return query_root_kind(t, name) || strcmp(name, "select_stream") == 0;
}

/* Whether name is a computed field the metadata gives table t. */
static bool
computed_field_of(CatTable *t, const char *name)
{
	const JtNode *fields = gql_meta_array(t->meta, "computed_fields");

	for (int i = 0; fields != NULL && i < fields->count; i++)
		if (gql_meta_string(fields->items[i], "name") != NULL &&
			strcmp(gql_meta_string(fields->items[i], "name"), name) == 0)
			return true;
	return false;
}

/*
 * The lists of a select permission (the root fields it has, the computed
 * fields it sees), or why they are refused; other permissions have none.
 */
static const char *
select_lists_refused(CatTable *t, const JtNode *perm, bool isSelect)
{
	static const char *const keys[] = {"query_root_fields", "subscription_root_fields", "computed_fields"};
	bool		(*const ok[]) (CatTable *, const char *) = {query_root_kind, subscription_root_kind, computed_field_of};
	static const char *const what[] = {
		"\"select\", \"select_by_pk\" and \"select_aggregate\"",
		"\"select\", \"select_by_pk\", \"select_aggregate\" and \"select_stream\"",
		"the table's computed fields"
	};

	for (int k = 0; k < (int) lengthof(keys); k++)
	{
		const JtNode *names = jt_get(perm, keys[k]);
		const char *why;

		if (names != NULL && names->type != JT_NULL && !isSelect)
			return psprintf("only a select permission has \"%s\"", keys[k]);
		if ((why = name_list_refused(t, keys[k], names, ok[k], what[k])) != NULL)
			return why;
	}
	return NULL;
}

/*
 * One permission of a role on a table (op: select, insert, update,
 * delete): the statements making its objects and their undoing, or false
 * with *why.  The table's row-level security and the role's other
 * privileges are the caller's (metadata.c).
 */
bool
gql_compile_permission(Catalog *cat, CatTable *t, const char *role, const char *op,
					   const JtNode *perm, Compiled *c, const char **why)
{
	static const char *const known[] = {"columns", "filter", "check", "set", "limit", "allow_aggregations",
	"computed_fields", "backend_only", "query_root_fields", "subscription_root_fields", NULL};
	const JtNode *filter = jt_get(perm, "filter");
	const JtNode *check = jt_get(perm, "check");
	const JtNode *set = jt_get(perm, "set");
	const char *policy = quote_identifier(psprintf("graphql_%s_%s", role, op));
	const char *r = quote_identifier(role);
	char	   *using = NULL;
	char	   *withCheck = NULL;
	char	   *cols = NULL;
	const char *unknown;
	bool		isSelect = strcmp(op, "select") == 0;
	bool		isDelete = strcmp(op, "delete") == 0;
	bool		backendOnly;

	*why = NULL;
	if ((*why = gql_metadata_role_refused(role)) != NULL)
		return false;
	if (strlen(psprintf("%s_%s_%s_%s_check", t->nspname, t->relname, role, op)) >= NAMEDATALEN ||
		strlen(psprintf("graphql_%s_%s_set", role, op)) >= NAMEDATALEN)
	{
		*why = psprintf("the names of its objects (graphql_%s_%s, ...) would be longer than PostgreSQL's %d bytes",
						role, op, NAMEDATALEN - 1);
		return false;
	}
	if (perm == NULL || perm->type != JT_OBJECT)
	{
		*why = "a permission needs a \"permission\" object";
		return false;
	}
	if ((unknown = jt_unknown_key(perm, known)) != NULL)
	{
		*why = psprintf("\"%s\" is not a permission setting graphql knows", unknown);
		return false;
	}
	for (int i = 0; i < perm->count; i++)
		if (strcmp(perm->keys[i], "backend_only") == 0 && perm->items[i]->type != JT_BOOL &&
			perm->items[i]->type != JT_NULL)
		{
			*why = "\"backend_only\" must be true or false";
			return false;
		}
	if ((*why = select_lists_refused(t, perm, isSelect)) != NULL)
		return false;
	if (jt_get(perm, "limit") != NULL &&
		(jt_get(perm, "limit")->type != JT_NUMBER || strspn(jt_get(perm, "limit")->str, "0123456789") !=
		 strlen(jt_get(perm, "limit")->str) || strlen(jt_get(perm, "limit")->str) > 9))
	{
		*why = "\"limit\" must be a whole number, at most 999999999";
		return false;
	}
	if (jt_get(perm, "allow_aggregations") != NULL && jt_get(perm, "allow_aggregations")->type != JT_BOOL)
	{
		*why = "\"allow_aggregations\" must be true or false";
		return false;
	}
	backendOnly = jt_get(perm, "backend_only") != NULL && jt_get(perm, "backend_only")->type == JT_BOOL &&
		jt_get(perm, "backend_only")->boolean;
	if (backendOnly && isSelect)
	{
		*why = "only an insert, update or delete permission is backend_only";
		return false;
	}
	if (!isDelete && (cols = columns_sql(t, jt_get(perm, "columns"), isSelect ? NULL : set, why)) == NULL)
		return false;
	if (isSelect || isDelete || strcmp(op, "update") == 0)
	{
		char	   *create;
		char	   *drop;

		using = expression_sql(cat, t, filter, role, psprintf("%s_%s_%s_%s", t->nspname, t->relname, role, op),
							   &create, &drop, why);
		if (using == NULL)
			return false;
		if (create != NULL)
		{
			c->statements = lappend(c->statements, create);
			c->undo = lappend(c->undo, drop);
		}
	}
	if (!isSelect && !isDelete)
	{
		char	   *create;
		char	   *drop;
		char	   *checked = expression_sql(cat, t, check, role, psprintf("%s_%s_%s_%s_check", t->nspname,
																   t->relname, role, op),
											 &create, &drop, why);

		if (checked == NULL)
			return false;
		if (create != NULL)
		{
			c->statements = lappend(c->statements, create);
			c->undo = lappend(c->undo, drop);
		}
		withCheck = check == NULL || check->type == JT_NULL ? pstrdup("true") :
			psprintf("graphql._permission_check(%s)", checked);
		if (!preset_trigger(t, role, op, set, c, why))
			return false;
	}

	/*
	 * backend_only: the rows are written only by a request that says so
	 * (an admin's), whatever the filter or check; anyone else's write
	 * fails with its error, before the filter or check is read
	 */
	if (backendOnly)
	{
		const char *backend = "graphql._backend_only(graphql.session_var('x-hasura-use-backend-only-permissions'))";

		if (using != NULL)
			using = psprintf("CASE WHEN %s THEN %s END", backend, using);
		if (withCheck != NULL)
			withCheck = psprintf("CASE WHEN %s THEN %s END", backend, withCheck);
		if (using == NULL && withCheck == NULL)
			withCheck = pstrdup(backend);
	}

	/* the privilege (none for no columns), then the policy */
	if (isDelete || strcmp(cols, "*") == 0)
		c->statements = lappend(c->statements, psprintf("GRANT %s ON %s TO %s", op, t->qualified, r));
	else if (cols[0] != '\0')
		c->statements = lappend(c->statements, psprintf("GRANT %s (%s) ON %s TO %s", op, cols, t->qualified, r));
	c->undo = lappend(c->undo, psprintf("REVOKE %s ON %s FROM %s", op, t->qualified, r));
	if (!isDelete && cols[0] != '\0' && strcmp(cols, "*") != 0)
		c->undo = lappend(c->undo, psprintf("REVOKE %s (%s) ON %s FROM %s", op, cols, t->qualified, r));
	c->statements = lappend(c->statements,
							psprintf("CREATE POLICY %s ON %s FOR %s TO %s%s%s%s%s%s", policy, t->qualified, op, r,
									 using ? " USING (" : "", using ? using : "", using ? ")" : "",
									 withCheck ? " WITH CHECK (" : "", withCheck ? psprintf("%s)", withCheck) : ""));
	c->undo = lappend(c->undo, psprintf("DROP POLICY IF EXISTS %s ON %s", policy, t->qualified));
	return true;
}
