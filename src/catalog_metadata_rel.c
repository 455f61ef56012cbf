/*-------------------------------------------------------------------------
 *
 * catalog_metadata_rel.c
 *	  A Hasura metadata's relationships read into the catalog: object and
 *	  array relationships by foreign key (this table's, or the other
 *	  table's to this one) or by manual configuration, with their names,
 *	  and no others.
 *
 * In:  the catalog being loaded with metadata: its tracked tables (their
 *		entries in the metadata), columns and foreign keys.
 * Out: CatTable.relationships; while the metadata is applied, each
 *		relationship reported (applied, or refused with why).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "catalog.h"
#include "names.h"
#include "schema.h"

static void
refuse(Catalog *cat, const char *object, const char *item, const JtNode *node, const char *reason)
{
	gql_meta_report(cat, object, item, "refused", reason, node);
}

/* The columns named (a string or a list of strings) of t, or false. */
static bool
named_columns(CatTable *t, const JtNode *names, CatColumn ***cols, int *ncols)
{
	int			n = names->type == JT_STRING ? 1 : names->type == JT_ARRAY ? names->count : 0;

	if (n == 0)
		return false;
	*cols = palloc(sizeof(CatColumn *) * n);
	*ncols = n;
	for (int i = 0; i < n; i++)
	{
		const JtNode *name = names->type == JT_STRING ? names : names->items[i];

		if (name->type != JT_STRING || ((*cols)[i] = gql_table_column(t, name->str)) == NULL)
			return false;
	}
	return true;
}

/* The foreign key from `from`'s columns (in any order) to `to`, or NULL. */
static CatForeignKey *
find_fk(Catalog *cat, CatTable *from, CatTable *to, CatColumn **cols, int ncols)
{
	ListCell   *lc;

	foreach(lc, cat->fkeys)
	{
		CatForeignKey *fk = lfirst(lc);
		int			same = 0;

		if (fk->from != from || (to != NULL && fk->to != to) || fk->ncols != ncols)
			continue;
		for (int i = 0; i < ncols; i++)
			for (int k = 0; k < ncols; k++)
				same += fk->fromCols[i] == cols[k];
		if (same == ncols)
			return fk;
	}
	return NULL;
}

/* The table a reference names, among those loaded; NULL with *why set. */
static CatTable *
referenced_table(Catalog *cat, const JtNode *ref, char **why)
{
	const char *nsp;
	const char *name;
	CatTable   *t;

	if (!gql_meta_qualified(ref, &nsp, &name))
	{
		*why = "the table must be {\"schema\": ..., \"name\": ...} or a name";
		return NULL;
	}
	t = gql_catalog_find_table(cat->tables, nsp, name);
	if (t == NULL)
		*why = psprintf("%s is not a tracked table", quote_qualified_identifier(nsp, name));
	return t;
}

/*
 * A relationship by foreign key: {"foreign_key_constraint_on": columns of
 * t} (an object relationship), or {"table": ..., "column(s)": ...}, the
 * other table's foreign key to t.  NULL with *why if it does not resolve.
 */
static CatRelationship *
fk_relationship(Catalog *cat, CatTable *t, bool isArray, const JtNode *on, char **why)
{
	CatRelationship *r = palloc0(sizeof(CatRelationship));
	CatColumn **cols;
	int			ncols;

	if (on->type == JT_OBJECT)
	{
		const JtNode *names = jt_get(on, "columns") ? jt_get(on, "columns") : jt_get(on, "column");

		if ((r->target = referenced_table(cat, jt_get(on, "table"), why)) == NULL)
			return NULL;
		if (names == NULL || !named_columns(r->target, names, &cols, &ncols) ||
			(r->fk = find_fk(cat, r->target, t, cols, ncols)) == NULL)
		{
			*why = psprintf("%s has no foreign key to %s on the columns named", r->target->qualified, t->qualified);
			return NULL;
		}
		r->isArray = isArray;
		r->nullable = true;
		return r;
	}
	if (isArray)
	{
		*why = "an array relationship's foreign_key_constraint_on names the other table: {\"table\": ..., \"columns\": ...}";
		return NULL;
	}
	if (!named_columns(t, on, &cols, &ncols) || (r->fk = find_fk(cat, t, NULL, cols, ncols)) == NULL)
	{
		*why = psprintf("%s has no foreign key on the columns named to a tracked table", t->qualified);
		return NULL;
	}
	r->target = r->fk->to;
	r->outgoing = true;
	r->nullable = r->fk->to->rls;
	for (int i = 0; i < ncols; i++)
		r->nullable |= !r->fk->fromCols[i]->notnull;
	return r;
}

/*
 * A relationship by manual_configuration: {"remote_table": ...,
 * "column_mapping": {t's column: the other's}, "insertion_order"}.  It
 * joins like a foreign key the catalog does not have; an object
 * relationship inserts the other row first unless "after_parent".
 */
static CatRelationship *
manual_relationship(Catalog *cat, CatTable *t, bool isArray, const JtNode *conf, char **why)
{
	CatRelationship *r = palloc0(sizeof(CatRelationship));
	CatForeignKey *fk = palloc0(sizeof(CatForeignKey));
	const JtNode *map = jt_get(conf, "column_mapping");
	const char *order = gql_meta_string(conf, "insertion_order");
	CatColumn **mine;
	CatColumn **theirs;

	if (conf->type != JT_OBJECT || (r->target = referenced_table(cat, jt_get(conf, "remote_table"), why)) == NULL)
	{
		if (conf->type != JT_OBJECT)
			*why = "manual_configuration must be an object";
		return NULL;
	}
	if (map == NULL || map->type != JT_OBJECT || map->count == 0)
	{
		*why = "\"column_mapping\" must be an object of columns";
		return NULL;
	}
	mine = palloc(sizeof(CatColumn *) * map->count);
	theirs = palloc(sizeof(CatColumn *) * map->count);
	for (int i = 0; i < map->count; i++)
	{
		if ((mine[i] = gql_table_column(t, map->keys[i])) == NULL ||
			map->items[i]->type != JT_STRING ||
			(theirs[i] = gql_table_column(r->target, map->items[i]->str)) == NULL)
		{
			*why = psprintf("\"column_mapping\" names a column that %s or %s does not have",
							t->qualified, r->target->qualified);
			return NULL;
		}
		if (getBaseType(mine[i]->typid) != getBaseType(theirs[i]->typid) ||
			!gql_type_has_equality(getBaseType(mine[i]->typid)))
		{
			*why = psprintf("the columns %s and %s are not of one type with an equality",
							mine[i]->quoted, theirs[i]->quoted);
			return NULL;
		}
	}
	if (order != NULL && strcmp(order, "before_parent") != 0 && strcmp(order, "after_parent") != 0)
	{
		*why = "\"insertion_order\" must be \"before_parent\" or \"after_parent\"";
		return NULL;
	}
	fk->ncols = map->count;
	r->isArray = isArray;
	r->nullable = true;
	r->fk = fk;
	/* as a foreign key: t's columns reference the other's, or the reverse */
	r->outgoing = !isArray && (order == NULL || strcmp(order, "before_parent") == 0);
	fk->from = r->outgoing ? t : r->target;
	fk->to = r->outgoing ? r->target : t;
	fk->fromCols = r->outgoing ? mine : theirs;
	fk->toCols = r->outgoing ? theirs : mine;
	return r;
}

/*
 * The name (in schema graphql) of the function joining t's relationship
 * name for role: made by the apply (metadata_join.c) when the join reads a
 * column the role may not select.  NULL if too long for PostgreSQL.
 */
char *
gql_join_function_name(CatTable *t, const char *role, const char *name)
{
	char	   *fn = psprintf("%s_%s_%s_join_%s", t->nspname, t->relname, role, name);

	return strlen(fn) < NAMEDATALEN ? fn : NULL;
}

/* One row, one column of a catalog query with text parameters, or NULL. */
static char *
lookup(const char *sql, int nargs, Oid *types, Datum *values)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			rc = SPI_execute_with_args(sql, nargs, types, values, NULL, true, 1);
	char	   *v = NULL;

	MemoryContextSwitchTo(cxt);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "graphql catalog query failed: %s", SPI_result_code_string(rc));
	if (SPI_processed == 1)
		v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	return v != NULL ? pstrdup(v) : NULL;
}

/*
 * The table a relationship joins t to, by its "using", when the columns
 * it names are not all visible: the named table, or the one t's foreign
 * key on the columns named references (read from pg_constraint).
 */
static CatTable *
join_target(Catalog *cat, CatTable *t, const JtNode *using)
{
	const JtNode *on = jt_get(using, "foreign_key_constraint_on");
	const JtNode *manual = jt_get(using, "manual_configuration");
	char	   *why;
	Datum	   *names;
	int			n;
	Oid			types[2] = {OIDOID, TEXTARRAYOID};
	Datum		values[2];
	char	   *relid;
	ListCell   *lc;

	if (manual != NULL)
		return manual->type == JT_OBJECT ? referenced_table(cat, jt_get(manual, "remote_table"), &why) : NULL;
	if (on == NULL || on->type == JT_OBJECT)
		return on != NULL ? referenced_table(cat, jt_get(on, "table"), &why) : NULL;
	n = on->type == JT_STRING ? 1 : on->type == JT_ARRAY ? on->count : 0;
	if (n == 0)
		return NULL;
	names = palloc(sizeof(Datum) * n);
	for (int i = 0; i < n; i++)
	{
		const JtNode *c = on->type == JT_STRING ? on : on->items[i];

		if (c->type != JT_STRING)
			return NULL;
		names[i] = CStringGetTextDatum(c->str);
	}
	values[0] = ObjectIdGetDatum(t->relid);
	values[1] = PointerGetDatum(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
	relid = lookup("SELECT c.confrelid FROM pg_catalog.pg_constraint c"
				   " WHERE c.conrelid OPERATOR(pg_catalog.=) $1 AND c.contype OPERATOR(pg_catalog.=) 'f'"
				   "   AND ARRAY(SELECT a.attname::pg_catalog.text FROM pg_catalog.pg_attribute a"
				   "              WHERE a.attrelid OPERATOR(pg_catalog.=) c.conrelid"
				   "                AND a.attnum OPERATOR(pg_catalog.=) ANY (c.conkey) ORDER BY 1)"
				   "       OPERATOR(pg_catalog.=) ARRAY(SELECT pg_catalog.unnest($2) ORDER BY 1)",
				   2, types, values);
	if (relid == NULL)
		return NULL;
	foreach(lc, cat->tables)
		if (((CatTable *) lfirst(lc))->relid == (Oid) strtoul(relid, NULL, 10))
			return lfirst(lc);
	return NULL;
}

/* A list of columns as an array. */
static CatColumn **
column_array(List *cols, int *n)
{
	CatColumn **a = palloc(sizeof(CatColumn *) * Max(list_length(cols), 1));
	ListCell   *lc;

	*n = 0;
	foreach(lc, cols)
		a[(*n)++] = lfirst(lc);
	return a;
}

/*
 * At a role's build, a relationship joining on columns the role may not
 * select (so it did not resolve): the join through the function the apply
 * made for the role, if the role may call it, from t's primary key to the
 * target's.  NULL if there is none.
 */
static CatRelationship *
joined_relationship(Catalog *cat, CatTable *t, bool isArray, const char *name, const JtNode *using)
{
	char	   *fn;
	CatTable   *target;
	CatRelationship *r;
	CatForeignKey *fk;
	Oid			types[1] = {TEXTOID};
	Datum		values[1];

	if (cat->report != NULL || t->pkey == NIL ||
		(fn = gql_join_function_name(t, GetUserNameFromId(GetUserId(), false), name)) == NULL)
		return NULL;
	values[0] = CStringGetTextDatum(fn);
	if (lookup("SELECT p.oid FROM pg_catalog.pg_proc p"
			   " WHERE p.pronamespace OPERATOR(pg_catalog.=) 'graphql'::pg_catalog.regnamespace"
			   "   AND p.proname OPERATOR(pg_catalog.=) $1::pg_catalog.name"
			   "   AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')", 1, types, values) == NULL ||
		(target = join_target(cat, t, using)) == NULL || target->pkey == NIL)
		return NULL;
	fk = palloc0(sizeof(CatForeignKey));
	fk->from = t;
	fk->to = target;
	fk->fromCols = column_array(t->pkey, &fk->ncols);
	fk->targetCols = column_array(target->pkey, &fk->ntargetCols);
	fk->joinFunction = quote_qualified_identifier("graphql", fn);
	r = palloc0(sizeof(CatRelationship));
	r->isArray = isArray;
	r->nullable = true;
	r->target = target;
	r->fk = fk;
	r->outgoing = true;			/* the join reads this row's key (fromCols) */
	return r;
}

/* The relationships of a tracked table, as its metadata lists them. */
static void
table_relationships(Catalog *cat, CatTable *t, bool isArray)
{
	const char *key = isArray ? "array_relationships" : "object_relationships";
	const JtNode *rels = gql_meta_array(t->meta, key);
	char	   *object = psprintf("table %s", t->qualified);

	for (int i = 0; i < rels->count; i++)
	{
		const JtNode *rel = rels->items[i];
		const char *name = gql_meta_string(rel, "name");
		const JtNode *using = rel->type == JT_OBJECT ? jt_get(rel, "using") : NULL;
		char	   *item = psprintf("%s.%s", key, name ? name : "?");
		CatRelationship *r = NULL;
		char	   *why = NULL;

		if (name == NULL || !gql_is_name(name))
			why = "a relationship needs a \"name\" that is a GraphQL name";
		else if (using == NULL || using->type != JT_OBJECT)
			why = "a relationship needs \"using\"";
		else if (jt_get(using, "foreign_key_constraint_on") != NULL)
			r = fk_relationship(cat, t, isArray, jt_get(using, "foreign_key_constraint_on"), &why);
		else if (jt_get(using, "manual_configuration") != NULL)
			r = manual_relationship(cat, t, isArray, jt_get(using, "manual_configuration"), &why);
		else
			why = "\"using\" must hold foreign_key_constraint_on or manual_configuration";
		if (r == NULL && why != NULL && name != NULL && using != NULL && using->type == JT_OBJECT)
			r = joined_relationship(cat, t, isArray, name, using);
		if (r != NULL && !gql_catalog_add_relationship(t, pstrdup(name), r->isArray, r->nullable,
													   r->target, r->fk, r->outgoing))
			why = psprintf("%s already has a field \"%s\"", t->qualified, name);
		else if (r != NULL)
			why = NULL;
		if (why != NULL)
			refuse(cat, object, item, rel, why);
		else
			gql_meta_report(cat, object, item, "applied", NULL, rel);
	}
}

/*
 * What the metadata makes of the tables' keys (catalog.c calls it once
 * they are loaded): the enum tables, then every tracked table's
 * relationships, the metadata's and no others.
 */
void
gql_metadata_keyed(Catalog *cat, const JtNode *enums)
{
	ListCell   *lc;

	gql_metadata_enums(cat, enums);

	foreach(lc, cat->tables)
	{
		CatTable   *t = lfirst(lc);

		if (t->meta == NULL)
			continue;
		table_relationships(cat, t, false);
		table_relationships(cat, t, true);
	}
}
