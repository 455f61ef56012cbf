/*-------------------------------------------------------------------------
 *
 * mutation.c
 *	  Compiles mutation_root fields (insert, upsert, update, delete) into SQL.
 *
 * In:  a Request whose operation is a mutation, and one root field; its
 *		write is planned first (plan_mutation.c: every error found there),
 *		then written here, which cannot fail.
 * Out: Sql: one data-modifying statement per field (update_<t>_many: one
 *		per update), whose result is the field's JSON.
 *
 * Each statement writes in a CTE and builds the response from what the
 * write RETURNs, so "returning" sees the rows as written: defaults,
 * triggers' changes and generated columns included:
 *
 *	 WITH m AS (INSERT INTO t AS t1 (a, b) VALUES ($1, DEFAULT) ... RETURNING t1.*)
 *	 SELECT <{"affected_rows": count, "returning": [rows]}> FROM ...
 *
 * The same safety rules as deparse.c: values are $n parameters of the
 * column's type, identifiers go through quote_identifier().  execute.c runs
 * the fields in order in one subtransaction, so a failure writes nothing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "miscadmin.h"

#include "deparse.h"

/* The alias of the CTE holding the written rows. */
#define WRITTEN "\"graphql.m\""

/* "alias.c1, alias.c2, ...": the columns a write returns. */
static char *
returning_list(CatTable *t, const char *alias)
{
	StringInfoData r;
	ListCell   *lc;

	initStringInfo(&r);
	if (t->allColumns)
		foreach(lc, t->allAttnames)
			appendStringInfo(&r, "%s%s.%s", foreach_current_index(lc) ? ", " : "", alias,
							 quote_identifier(lfirst(lc)));
	else
		foreach(lc, t->columns)
			appendStringInfo(&r, "%s%s", foreach_current_index(lc) ? ", " : "",
							 gql_column_ref(alias, lfirst(lc)));
	/* none to select: a row each, to count, read without SELECT privilege */
	if (r.len == 0)
		appendStringInfoString(&r, "NULL");
	return r.data;
}

/*
 * The JSON of a <t>_mutation_response (affected_rows, returning) or of a
 * single row (the _one and _by_pk fields), over the written rows.
 */
static void
response_json(Sql *sql, PlanObject *po, const char *affected, StringInfo out)
{
	List	   *exprs = NIL;
	ListCell   *lc;

	if (po->type->role == SR_TABLE)
	{
		char	   *a = gql_new_alias(sql);

		appendStringInfoString(out, "(SELECT ");
		gql_deparse_object(sql, po, a, out, NULL);
		appendStringInfo(out, " FROM %s %s LIMIT 1)", WRITTEN, a);
		return;
	}
	foreach(lc, po->fields)
	{
		PlanField  *pf = lfirst(lc);
		StringInfo	e = makeStringInfo();

		exprs = lappend(exprs, e);
		if (pf->kind == PF_TYPENAME)
			appendStringInfoString(e, quote_literal_cstr(po->type->name));
		else if (pf->kind == PF_AFFECTED_ROWS)
		{
			if (affected)
				appendStringInfoString(e, affected);
			else
				appendStringInfo(e, "(SELECT pg_catalog.count(*) FROM %s)", WRITTEN);
		}
		else
		{
			char	   *a = gql_new_alias(sql);

			appendStringInfoString(e, "(SELECT coalesce(pg_catalog.json_agg(");
			gql_deparse_object(sql, pf->object, a, e, NULL);
			appendStringInfo(e, "), '[]'::pg_catalog.json) FROM %s %s)", WRITTEN, a);
		}
	}
	gql_emit_object(sql, po, exprs, out, NULL);
}

/* " ON CONFLICT ON CONSTRAINT ... DO UPDATE SET ... WHERE ... | DO NOTHING" */
static void
write_conflict(Sql *sql, PlanConflict *pc, const char *alias, StringInfo out)
{
	ListCell   *lc;

	if (pc == NULL)
		return;
	appendStringInfo(out, " ON CONFLICT ON CONSTRAINT %s DO ", quote_identifier(pc->constraint));
	if (pc->update == NIL)
	{
		appendStringInfoString(out, "NOTHING");
		return;
	}
	foreach(lc, pc->update)
	{
		CatColumn  *col = lfirst(lc);

		appendStringInfo(out, "%s%s = EXCLUDED.%s", foreach_current_index(lc) ? ", " : "UPDATE SET ",
						 col->quoted, col->quoted);
	}
	if (pc->where != NULL)
	{
		appendStringInfoString(out, " WHERE ");
		gql_deparse_filter(sql, pc->where, alias, out);
	}
}

/* A column whose value comes from another inserted row: "cte"."column". */
typedef struct Fixed
{
	CatColumn  *column;
	const char *source;			/* the CTE */
	CatColumn  *from;			/* its column */
} Fixed;

/* An insert statement being written: its CTEs and those whose rows count. */
typedef struct InsertWriter
{
	StringInfoData ctes;
	List	   *counted;		/* CTE names */
	int			next;
	List	   *guards;			/* of Guard */
} InsertWriter;

/* A row that must be written (PlanGuard), and the CTE that writes it. */
typedef struct Guard
{
	const char *cte;
	PlanGuard  *plan;
} Guard;

static void
add_guard(InsertWriter *iw, const char *cte, PlanGuard *plan)
{
	Guard	   *gd = palloc(sizeof(Guard));

	gd->cte = cte;
	gd->plan = plan;
	iw->guards = lappend(iw->guards, gd);
}

/* Append a CTE; return its name. */
static char *
add_cte(InsertWriter *iw, const char *body)
{
	char	   *name = psprintf("\"graphql.i%d\"", ++iw->next);

	appendStringInfo(&iw->ctes, "%s%s AS (%s)", iw->ctes.len ? ", " : "", name, body);
	iw->counted = lappend(iw->counted, name);
	return name;
}

/* The columns of a relationship's foreign key, set from the row of the CTE source. */
static List *
fixed_by(List *fixed, CatRelationship *r, const char *source)
{
	fixed = list_copy(fixed);
	for (int i = 0; i < r->fk->ncols; i++)
	{
		Fixed	   *fx = palloc0(sizeof(Fixed));

		fx->column = r->fk->fromCols[i];
		fx->source = source;
		fx->from = r->fk->toCols[i];
		fixed = lappend(fixed, fx);
	}
	return fixed;
}

/*
 * One row of a nested insert: its object-relationship parents first, then
 * the row (foreign key columns from the parents' CTEs), then its children
 * (their foreign key columns from this row's CTE).  Return the row's CTE.
 */
static char *
write_insert_row(Sql *sql, InsertWriter *iw, PlanInsertRow *pr, List *fixed)
{
	CatTable   *t = pr->table;
	char	   *alias = gql_new_alias(sql);
	StringInfoData cols;
	StringInfoData vals;
	StringInfoData from;
	StringInfoData body;
	char	   *row;
	ListCell   *lc;
	int			n = 0;

	check_stack_depth();
	initStringInfo(&from);
	foreach(lc, pr->parents)
	{
		PlanInsertRel *rel = lfirst(lc);
		char	   *parent = write_insert_row(sql, iw, linitial(rel->rows), NIL);

		if (rel->guard != NULL)
			add_guard(iw, parent, rel->guard);
		appendStringInfo(&from, "%s%s", from.len ? ", " : " FROM ", parent);
		fixed = fixed_by(fixed, rel->rel, parent);
	}

	initStringInfo(&cols);
	initStringInfo(&vals);
	foreach(lc, fixed)
	{
		Fixed	   *fx = lfirst(lc);

		if (strstr(from.data, fx->source) == NULL)
			appendStringInfo(&from, "%s%s", from.len ? ", " : " FROM ", fx->source);
		appendStringInfo(&cols, "%s%s", n ? ", " : "", quote_identifier(fx->column->attname));
		appendStringInfo(&vals, "%s%s.%s", n++ ? ", " : "", fx->source, quote_identifier(fx->from->attname));
	}
	foreach(lc, pr->values)
	{
		PlanColumnValue *cv = lfirst(lc);

		appendStringInfo(&cols, "%s%s", n ? ", " : "", quote_identifier(cv->column->attname));
		if (n++)
			appendStringInfoString(&vals, ", ");
		gql_deparse_column_value(sql, cv, &vals);
	}
	initStringInfo(&body);
	if (n == 0)
		appendStringInfo(&body, "INSERT INTO %s AS %s DEFAULT VALUES", gql_table_ref(t), alias);
	else
		appendStringInfo(&body, "INSERT INTO %s AS %s (%s) SELECT %s%s", gql_table_ref(t), alias,
						 cols.data, vals.data, from.data);
	write_conflict(sql, pr->conflict, alias, &body);
	appendStringInfo(&body, " RETURNING %s", returning_list(t, alias));
	row = add_cte(iw, body.data);
	if (pr->guard != NULL)
		add_guard(iw, row, pr->guard);

	foreach(lc, pr->children)
	{
		PlanInsertRel *rel = lfirst(lc);
		List	   *childFixed = fixed_by(NIL, rel->rel, row);
		ListCell   *lc2;

		foreach(lc2, rel->rows)
			(void) write_insert_row(sql, iw, lfirst(lc2), childFixed);
	}
	return row;
}

/* Plain rows: one INSERT with a VALUES list. */
static char *
write_plain_rows(Sql *sql, InsertWriter *iw, PlanMutation *pm)
{
	char	   *alias = gql_new_alias(sql);
	StringInfoData body;
	ListCell   *lc;

	initStringInfo(&body);
	appendStringInfo(&body, "INSERT INTO %s AS %s (", gql_table_ref(pm->table), alias);
	foreach(lc, pm->columns)
		appendStringInfo(&body, "%s%s", foreach_current_index(lc) ? ", " : "",
						 quote_identifier(((CatColumn *) lfirst(lc))->attname));
	appendStringInfoString(&body, ") VALUES ");
	foreach(lc, pm->rows)
	{
		ListCell   *lv;

		appendStringInfo(&body, "%s(", foreach_current_index(lc) ? ", " : "");
		foreach(lv, ((PlanInsertRow *) lfirst(lc))->values)
		{
			if (foreach_current_index(lv) > 0)
				appendStringInfoString(&body, ", ");
			gql_deparse_column_value(sql, lfirst(lv), &body);
		}
		appendStringInfoChar(&body, ')');
	}
	write_conflict(sql, pm->conflict, alias, &body);
	appendStringInfo(&body, " RETURNING %s", returning_list(pm->table, alias));
	return add_cte(iw, body.data);
}

/*
 * A parameter taking a column of the row of the field's write (its first
 * step): the rows written as JSON (1), or their count (2).
 */
static void
add_result_param(Sql *sql, Oid type, int column, StringInfo out)
{
	SqlParam   *p = palloc0(sizeof(SqlParam));

	p->source = PARAM_RESULT;
	p->type = type;
	p->step = 0;
	p->column = column;
	sql->params = lappend(sql->params, p);
	appendStringInfo(out, "$%d", list_length(sql->params));
}

/*
 * The write as the field's first step, returning the written rows as JSON
 * and their count (and, with guards, the one that failed); then the
 * response, reading the rows back from that JSON after the write, so that
 * relationships see the database as the write left it (as Hasura does).
 */
static void
write_then_read(Sql *sql, PlanMutation *pm, char *write, List *guards, char *errorPath)
{
	StringInfoData count;

	gql_add_step(sql, STEP_WRITE, write, 0, errorPath)->guards = guards;
	appendStringInfo(&sql->buf, "WITH %s AS (SELECT * FROM pg_catalog.json_populate_recordset(NULL::%s, ",
					 WRITTEN, gql_table_ref(pm->table));
	add_result_param(sql, JSONOID, 1, &sql->buf);
	appendStringInfoString(&sql->buf, ")) SELECT ");
	initStringInfo(&count);
	add_result_param(sql, INT8OID, 2, &count);
	response_json(sql, pm->response, count.data, &sql->buf);
	gql_add_step(sql, STEP_ANSWER, sql->buf.data, 0, errorPath);
}

/*
 * insert_<t> and insert_<t>_one, in two statements: the write (nested rows
 * included) returns the inserted rows as JSON and the number of rows
 * written; the response reads the rows back from that JSON, after the
 * write, so relationships see the nested rows too.
 */
static void
write_insert(Sql *sql, PlanMutation *pm)
{
	InsertWriter iw;
	StringInfoData write;
	List	   *tops = NIL;
	List	   *guards = NIL;
	ListCell   *lc;

	memset(&iw, 0, sizeof(iw));
	initStringInfo(&iw.ctes);
	if (pm->plain)
		tops = list_make1(write_plain_rows(sql, &iw, pm));
	else
		foreach(lc, pm->rows)
			tops = lappend(tops, write_insert_row(sql, &iw, lfirst(lc), NIL));

	initStringInfo(&write);
	if (tops == NIL)
		appendStringInfoString(&write, "SELECT '[]'::pg_catalog.json, 0::pg_catalog.int8");
	else
	{
		appendStringInfo(&write, "WITH %s SELECT (SELECT coalesce(pg_catalog.json_agg(pg_catalog.row_to_json(x.*)), '[]'::pg_catalog.json) FROM (",
						 iw.ctes.data);
		foreach(lc, tops)
			appendStringInfo(&write, "%sSELECT * FROM %s", foreach_current_index(lc) ? " UNION ALL " : "",
							 (char *) lfirst(lc));
		appendStringInfoString(&write, ") x), ");
		foreach(lc, iw.counted)
			appendStringInfo(&write, "%s(SELECT pg_catalog.count(*) FROM %s)", foreach_current_index(lc) ? PG_OP("+") : "",
							 (char *) lfirst(lc));
		if (iw.guards != NIL)
		{
			appendStringInfoString(&write, ", CASE");
			foreach(lc, iw.guards)
				appendStringInfo(&write, " WHEN NOT EXISTS (SELECT FROM %s) THEN %d",
								 ((Guard *) lfirst(lc))->cte, foreach_current_index(lc) + 1);
			appendStringInfoString(&write, " ELSE 0 END");
		}
	}
	foreach(lc, iw.guards)
	{
		PlanGuard  *gd = ((Guard *) lfirst(lc))->plan;
		StepGuard  *sg = palloc(sizeof(StepGuard));

		sg->message = gd->message;
		sg->path = gd->path;
		guards = lappend(guards, sg);
	}
	write_then_read(sql, pm, write.data, guards, pm->errorPath);
}

/* "<column> = <value>" for each column an update sets. */
static void
write_assigns(Sql *sql, List *assigns, const char *alias, StringInfo out)
{
	static const char *const opSql[UPDATE_OPS] = {
		PG_OP("+"), PG_OP("||"), NULL, PG_OP("-"), PG_OP("-"), PG_OP("#-")
	};
	ListCell   *lc;

	foreach(lc, assigns)
	{
		PlanAssign *a = lfirst(lc);
		PlanColumnValue *cv = &a->value;
		CatColumn  *col = cv->column;

		appendStringInfo(out, "%s%s = ", foreach_current_index(lc) ? ", " : "",
						 a->op == UPDATE_SET ? quote_identifier(col->attname) : col->quoted);
		if (a->op == UPDATE_SET || cv->value->kind == IN_NULL)
			gql_deparse_column_value(sql, cv, out);
		else if (a->op == UPDATE_PREPEND)
		{
			/* value || column */
			gql_deparse_column_value(sql, cv, out);
			appendStringInfo(out, PG_OP("||") "%s", gql_column_ref(alias, col));
		}
		else
		{
			appendStringInfo(out, "%s%s", gql_column_ref(alias, col), opSql[a->op]);
			gql_deparse_column_value(sql, cv, out);
		}
	}
}

/* The rows a write changes, as a WHERE condition on alias. */
static void
write_target(Sql *sql, PlanTarget *target, const char *alias, StringInfo out)
{
	if (target->where != NULL)
		gql_deparse_filter(sql, target->where, alias, out);
	else
		gql_deparse_key_match(sql, target->pkey, alias, out);
}

/* An UPDATE returning the rows it wrote (none if it sets no column). */
static void
write_update(Sql *sql, PlanUpdate *pu, CatTable *t, StringInfo out)
{
	char	   *alias = gql_new_alias(sql);

	if (pu->assigns == NIL)
	{
		/* operators without columns: nothing to write */
		appendStringInfo(out, "SELECT %s FROM %s %s WHERE false", returning_list(t, alias),
						 gql_table_ref(t), alias);
		return;
	}
	appendStringInfo(out, "UPDATE %s AS %s SET ", gql_table_ref(t), alias);
	write_assigns(sql, pu->assigns, alias, out);
	appendStringInfoString(out, " WHERE ");
	write_target(sql, &pu->target, alias, out);
	appendStringInfo(out, " RETURNING %s", returning_list(t, alias));
}

/* An update's or a delete's write returning its rows as JSON and their count, then the response. */
static void
two_phase(Sql *sql, PlanMutation *pm, StringInfo write)
{
	write_then_read(sql, pm,
					psprintf("WITH %s AS (%s) SELECT coalesce(pg_catalog.json_agg(pg_catalog.row_to_json(%s.*)), '[]'::pg_catalog.json), pg_catalog.count(*) FROM %s",
							 WRITTEN, write->data, WRITTEN, WRITTEN),
					NIL, NULL);
}

/*
 * update_<t>_many: one statement per update, "WITH m AS (<write>) SELECT
 * <response>", each answering a <t>_mutation_response.
 */
static void
write_update_many(Sql *sql, PlanMutation *pm)
{
	ListCell   *lc;

	sql->many = true;			/* no updates: [] */
	foreach(lc, pm->updates)
	{
		StringInfoData stmt;
		StringInfoData write;
		int			first = list_length(sql->params);

		initStringInfo(&stmt);
		initStringInfo(&write);
		write_update(sql, lfirst(lc), pm->table, &write);
		appendStringInfo(&stmt, "WITH %s AS (%s) SELECT ", WRITTEN, write.data);
		response_json(sql, pm->response, NULL, &stmt);
		gql_add_step(sql, STEP_ANSWER, stmt.data, first, NULL);
	}
}

/* Write a planned mutation_root field as its steps. */
void
gql_deparse_mutation(Sql *sql, PlanMutation *pm)
{
	StringInfoData write;

	initStringInfo(&write);
	switch (pm->kind)
	{
		case SF_INSERT:
		case SF_INSERT_ONE:
			write_insert(sql, pm);
			return;
		case SF_UPDATE_MANY:
			write_update_many(sql, pm);
			return;
		case SF_UPDATE:
		case SF_UPDATE_BY_PK:
			write_update(sql, linitial(pm->updates), pm->table, &write);
			break;
		default:
			{
				char	   *alias = gql_new_alias(sql);

				appendStringInfo(&write, "DELETE FROM %s AS %s WHERE ", gql_table_ref(pm->table), alias);
				write_target(sql, &pm->target, alias, &write);
				appendStringInfo(&write, " RETURNING %s", returning_list(pm->table, alias));
				break;
			}
	}
	two_phase(sql, pm, &write);
}
