/*-------------------------------------------------------------------------
 *
 * metadata_join.c
 *	  Hasura's relationships for a role that may select both tables but not
 *	  a column the join reads (Hasura hides the column, not the
 *	  relationship): a SECURITY DEFINER function per relationship and role
 *	  that joins as the table's owner and returns the target rows' primary
 *	  keys, of the rows the role may see on both sides, never the column.
 *
 * In:  the catalog of the metadata being applied (every column), and the
 *		select permissions that applied: a table, a role, the permission.
 * Out: graphql.<schema>_<table>_<role>_join_<relationship>(the table's
 *		primary key) RETURNS TABLE (the target's primary key), made as the
 *		table's owner, callable by the role alone, its undoing recorded;
 *		each reported.  catalog_metadata_rel.c finds it when the role's
 *		schema is built, and deparse_filter.c joins through it:
 *
 *		 (target.id) IN (SELECT * FROM graphql.<join>(this.id))
 *
 * The function applies both tables' select filters of the role, so what
 * it answers anyone who may call it (the role) is only what the
 * relationship shows: which visible target rows a visible row relates to.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "metadata.h"
#include "deparse.h"
#include "plan.h"

/* Whether a select permission lets its role select column attname. */
static bool
column_allowed(const JtNode *perm, const char *attname)
{
	const JtNode *cols = jt_get(perm, "columns");

	if (cols != NULL && cols->type == JT_STRING && strcmp(cols->str, "*") == 0)
		return true;
	for (int i = 0; cols != NULL && cols->type == JT_ARRAY && i < cols->count; i++)
		if (cols->items[i]->type == JT_STRING && strcmp(cols->items[i]->str, attname) == 0)
			return true;
	return false;
}

/* Whether the permission lets its role select t's primary key (t has one). */
static bool
key_allowed(CatTable *t, const JtNode *perm)
{
	ListCell   *lc;

	if (t->pkey == NIL)
		return false;
	foreach(lc, t->pkey)
		if (!column_allowed(perm, ((CatColumn *) lfirst(lc))->attname))
			return false;
	return true;
}

/* The select permission of role on t that applied, or NULL. */
static const JtNode *
select_of(List *selects, CatTable *t, const char *role)
{
	ListCell   *lc;

	foreach(lc, selects)
	{
		AppliedSelect *s = lfirst(lc);

		if (s->table == t && strcmp(s->role, role) == 0)
			return s->permission;
	}
	return NULL;
}

/* Whether r's join reads a column the role may not select on either side. */
static bool
join_hidden(CatRelationship *r, const JtNode *mine, const JtNode *theirs)
{
	CatForeignKey *fk = r->fk;

	for (int i = 0; i < fk->ncols; i++)
	{
		CatColumn  *m = r->outgoing ? fk->fromCols[i] : fk->toCols[i];
		CatColumn  *o = r->outgoing ? fk->toCols[i] : fk->fromCols[i];

		if (!column_allowed(mine, m->attname) || !column_allowed(theirs, o->attname))
			return true;
	}
	return false;
}

/*
 * The statements making r's join function for role (name: its name), or
 * NULL with *why.
 */
static char *
join_function_sql(Catalog *cat, CatTable *t, CatRelationship *r, const char *role, const char *name,
				  const JtNode *mine, const JtNode *theirs, char **drop, const char **why)
{
	char	   *fn = quote_qualified_identifier("graphql", name);
	char	   *mineFilter = gql_permission_filter_sql(cat, t, jt_get(mine, "filter"), "s", why);
	char	   *theirFilter;
	StringInfoData args;
	StringInfoData result;
	StringInfoData body;
	ListCell   *lc;

	if (mineFilter == NULL ||
		(theirFilter = gql_permission_filter_sql(cat, r->target, jt_get(theirs, "filter"), "t", why)) == NULL)
		return NULL;
	initStringInfo(&args);
	initStringInfo(&result);
	initStringInfo(&body);
	appendStringInfoString(&body, "SELECT ");
	foreach(lc, r->target->pkey)
	{
		CatColumn  *c = lfirst(lc);
		int			i = foreach_current_index(lc);

		appendStringInfo(&result, "%sk%d %s", i ? ", " : "", i + 1, format_type_be_qualified(c->typid));
		appendStringInfo(&body, "%st.%s", i ? ", " : "", c->quoted);
	}
	appendStringInfo(&body, " FROM %s s JOIN %s t ON ", t->qualified, r->target->qualified);
	gql_deparse_join(&body, r, "s", "t");
	appendStringInfoString(&body, " WHERE ");
	foreach(lc, t->pkey)
	{
		CatColumn  *c = lfirst(lc);
		int			i = foreach_current_index(lc);

		appendStringInfo(&args, "%s%s", i ? ", " : "", format_type_be_qualified(c->typid));
		appendStringInfo(&body, "s.%s%s$%d AND ", c->quoted, gql_comparison_operator(c->typid, OP_EQ), i + 1);
	}
	appendStringInfo(&body, "(%s) AND (%s)", mineFilter, theirFilter);
	*drop = psprintf("DROP FUNCTION IF EXISTS %s(%s)", fn, args.data);
	/* as the filters' functions (metadata_permission.c): the owner's, the role's alone */
	return psprintf("CREATE FUNCTION %s(%s) RETURNS TABLE (%s) LANGUAGE sql STABLE SECURITY DEFINER "
					"SET search_path = pg_catalog, pg_temp AS %s; "
					"ALTER FUNCTION %s(%s) OWNER TO %s; "
					"REVOKE EXECUTE ON FUNCTION %s(%s) FROM PUBLIC; "
					"GRANT EXECUTE ON FUNCTION %s(%s) TO %s",
					fn, args.data, result.data, quote_literal_cstr(body.data),
					fn, args.data, quote_identifier(gql_table_owner(t)),
					fn, args.data, fn, args.data, quote_identifier(role));
}

/* r's join for one role, if it reads a column the role may not select. */
static void
apply_join(Catalog *cat, CatTable *t, CatRelationship *r, const char *role, const JtNode *mine,
		   const JtNode *theirs)
{
	char	   *object = psprintf("table %s", t->qualified);
	char	   *item = psprintf("%s_relationships.%s for %s", r->isArray ? "array" : "object", r->name, role);
	const char *name = gql_join_function_name(t, role, r->name);
	const char *why = NULL;
	char	   *create;
	char	   *drop = NULL;
	char	   *error;

	if (!join_hidden(r, mine, theirs))
		return;					/* the role's own privileges join it */
	if (!key_allowed(t, mine) || !key_allowed(r->target, theirs))
		why = psprintf("it joins on a column the role may not select, and %s or %s has no primary key the role "
					   "may select: the role does not see the relationship", t->qualified, r->target->qualified);
	else if (name == NULL)
		why = psprintf("the name of its join function (%s_%s_%s_join_%s) would be longer than PostgreSQL's %d bytes",
					   t->nspname, t->relname, role, r->name, NAMEDATALEN - 1);
	else if ((create = join_function_sql(cat, t, r, role, name, mine, theirs, &drop, &why)) == NULL)
		;
	else if (!gql_metadata_run(list_make1(create), &error))
		why = error;
	if (why != NULL)
	{
		/* the relationship stays (for other roles): nothing to cut */
		gql_meta_report(cat, object, item, "refused", why, NULL);
		return;
	}
	gql_metadata_record_undo(list_make1(drop));
	gql_meta_report(cat, object, item, "applied",
					psprintf("the role may not select a column it joins on: joined through %s",
							 quote_qualified_identifier("graphql", name)), NULL);
}

/*
 * The join functions of every relationship between two tables a role has
 * a select permission on (selects: of AppliedSelect) whose join reads a
 * column the role may not select.  SPI connected; after the permissions.
 */
void
gql_apply_joins(Catalog *cat, List *selects)
{
	ListCell   *lc;

	foreach(lc, selects)
	{
		AppliedSelect *s = lfirst(lc);
		ListCell   *lr;

		foreach(lr, s->table->relationships)
		{
			CatRelationship *r = lfirst(lr);
			const JtNode *theirs = select_of(selects, r->target, s->role);

			if (theirs != NULL && r->fk != NULL && r->fk->joinFunction == NULL)
				apply_join(cat, s->table, r, s->role, s->permission, theirs);
		}
	}
}
