/*-------------------------------------------------------------------------
 *
 * mutation.c
 *	  Compiles mutation_root fields (insert, upsert, update, delete) into SQL.
 *
 * In:  a Request whose operation is a mutation, and one root field.
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
#include "utils/lsyscache.h"

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
	return r.data;
}

/* A value for a column: a parameter of its type, or NULL. */
/* A list value as an array parameter, once it is checked (mutations are not planned yet). */
static void
add_array_param(Sql *sql, Oid elemType, GqlInput *v, StringInfo out)
{
	Planner		pl = gql_sql_planner(sql);

	if (gql_plan_array_param(&pl, elemType, v))
		gql_add_array_param(sql, elemType, v, out);
	else
		sql->failed = true;
}

static void
column_value(Sql *sql, CatColumn *col, GqlInput *v, StringInfo out)
{
	CatType    *ct = gql_catalog_type(sql->req->schema->catalog, col->typid);

	if (v != NULL && v->kind == IN_NULL && col->notnull)
	{
		/* Hasura's column parser: a NOT NULL column takes no null */
		bool		isList;

		gql_sql_error_at(sql, v, NULL, "unexpected null value for type '%s'",
						 gql_column_scalar(sql->req->schema, col->typid, &isList)->name);
		return;
	}
	if (v == NULL || v->kind == IN_NULL)
		appendStringInfoString(out, "NULL");
	else if (v->kind == IN_LIST && ct != NULL && ct->elemtype != InvalidOid)
		add_array_param(sql, ct->elemtype, v, out);
	else
		gql_add_param(sql, gql_column_base_type(sql->req->schema->catalog, col), v, out);
}

/*
 * The JSON of a <t>_mutation_response (affected_rows, returning) or of a
 * single row (the _one and _by_pk fields), over the written rows.
 */
static void
response_json(Sql *sql, FieldGroup *g, SField *def, CatTable *t, const char *path,
			  const char *affected, StringInfo out)
{
	SType	   *type = gql_ref_named(def->type);
	SType	   *rowType = gql_schema_type(sql->req->schema, t->gqlname);
	List	   *groups = gql_sub_selections(sql->req, g);
	List	   *exprs = NIL;
	ListCell   *lc;

	if (type->role == SR_TABLE)
	{
		char	   *a = gql_new_alias(sql);

		appendStringInfoString(out, "(SELECT ");
		gql_deparse_object(sql, t, a, rowType, groups, path, out, NULL);
		appendStringInfo(out, " FROM %s %s LIMIT 1)", WRITTEN, a);
		return;
	}
	foreach(lc, groups)
	{
		FieldGroup *sub = lfirst(lc);
		GqlField   *f = linitial(sub->fields);
		StringInfo	e = makeStringInfo();

		exprs = lappend(exprs, e);
		if (strcmp(f->name.value, "__typename") == 0)
			appendStringInfoString(e, quote_literal_cstr(type->name));
		else if (strcmp(f->name.value, "affected_rows") == 0)
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
			gql_deparse_object(sql, t, a, rowType, gql_sub_selections(sql->req, sub),
							   psprintf("%s.selectionSet.returning", path), e, NULL);
			appendStringInfo(e, "), '[]'::pg_catalog.json) FROM %s %s)", WRITTEN, a);
		}
	}
	gql_emit_object(sql, groups, exprs, path, out, NULL);
}

/* The columns of insert objects, in the order they first appear. */
static List *
insert_columns(List *objects)
{
	List	   *cols = NIL;
	ListCell   *lc;

	foreach(lc, objects)
	{
		GqlInput   *obj = lfirst(lc);
		ListCell   *lf;

		foreach(lf, obj->items)
		{
			GqlInputField *f = lfirst(lf);

			if (f->field->kind == SF_INPUT_COLUMN)
				cols = list_append_unique_ptr(cols, f->field->column);
		}
	}
	return cols;
}

/* Whether some insert object holds a nested insert. */
static bool
has_nested(List *objects)
{
	ListCell   *lc;

	foreach(lc, objects)
	{
		ListCell   *lf;

		foreach(lf, ((GqlInput *) lfirst(lc))->items)
			if (((GqlInputField *) lfirst(lf))->field->kind == SF_INPUT_RELATIONSHIP)
				return true;
	}
	return false;
}

/* " ON CONFLICT ON CONSTRAINT ... DO UPDATE SET ... WHERE ... | DO NOTHING" */
static void
on_conflict_clause(Sql *sql, GqlInput *onConflict, CatTable *t, const char *alias, StringInfo out)
{
	GqlInput   *constraint;
	GqlInput   *updateColumns;
	GqlInput   *where;
	int			n = 0;
	ListCell   *lc;

	if (onConflict == NULL || onConflict->kind != IN_OBJECT)
		return;
	constraint = gql_input_field(onConflict, "constraint");
	updateColumns = gql_input_field(onConflict, "update_columns");
	where = gql_input_field(onConflict, "where");
	appendStringInfo(out, " ON CONFLICT ON CONSTRAINT %s DO ",
					 quote_identifier(constraint->enumValue->name));
	if (updateColumns != NULL && updateColumns->kind == IN_LIST)
	{
		List	   *done = NIL;

		foreach(lc, updateColumns->items)
		{
			CatColumn  *col = ((GqlInput *) lfirst(lc))->enumValue->column;

			if (col == NULL)
			{
				gql_sql_error_at(sql, NULL, onConflict->path, "erroneous column name");
				return;
			}
			if (list_member_ptr(done, col))
				continue;		/* a column named twice is set once */
			done = lappend(done, col);
			appendStringInfo(out, "%s%s = EXCLUDED.%s", n++ ? ", " : "UPDATE SET ",
							 col->quoted, col->quoted);
		}
	}
	if (n == 0)
		appendStringInfoString(out, "NOTHING");
	else if (where != NULL && where->kind != IN_NULL)
	{
		appendStringInfoString(out, " WHERE ");
		gql_deparse_bool_exp(sql, where, t, alias, out);
	}
}

/* A column whose value comes from another inserted row: "cte"."column". */
typedef struct Fixed
{
	CatColumn  *column;
	const char *source;			/* the CTE */
	CatColumn  *from;			/* its column */
} Fixed;

/* State of one insert statement: its CTEs and those whose rows count. */
typedef struct InsertPlan
{
	StringInfoData ctes;
	List	   *counted;		/* CTE names */
	int			next;
	List	   *guards;			/* of Guard: rows later rows depend on */
} InsertPlan;

/*
 * A row that later rows need: if an upsert leaves it out (DO NOTHING, or a
 * where that does not match), Hasura refuses the whole insert.
 */
typedef struct Guard
{
	const char *cte;
	char	   *message;
	char	   *path;
} Guard;

/* Add a guard on a CTE. */
static void
add_guard(InsertPlan *ip, const char *cte, char *message, char *path)
{
	Guard	   *gd = palloc0(sizeof(Guard));

	gd->cte = cte;
	gd->message = message;
	gd->path = path;
	ip->guards = lappend(ip->guards, gd);
}

static char *insert_row(Sql *sql, InsertPlan *ip, CatTable *t, GqlInput *obj, GqlInput *onConflict,
						List *fixed, const char *path);

/* Append a CTE; return its name. */
static char *
add_cte(InsertPlan *ip, const char *body)
{
	char	   *name = psprintf("\"graphql.i%d\"", ++ip->next);

	appendStringInfo(&ip->ctes, "%s%s AS (%s)", ip->ctes.len ? ", " : "", name, body);
	ip->counted = lappend(ip->counted, name);
	return name;
}

/* Whether a fixed list already sets a column. */
static bool
fixed_has(List *fixed, CatColumn *col)
{
	ListCell   *lc;

	foreach(lc, fixed)
		if (((Fixed *) lfirst(lc))->column == col)
			return true;
	return false;
}

/*
 * One row of a nested insert: its object-relationship parents first, then
 * the row (foreign key columns from the parents' CTEs), then its children
 * (their foreign key columns from this row's CTE).  Return the row's CTE.
 */
static char *
insert_row(Sql *sql, InsertPlan *ip, CatTable *t, GqlInput *obj, GqlInput *onConflict,
		   List *fixed, const char *path)
{
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
	/* parents: object relationships whose foreign key this row holds */
	foreach(lc, obj->items)
	{
		GqlInputField *f = lfirst(lc);
		CatRelationship *r = f->field->rel;
		char	   *parent;

		if (f->field->kind != SF_INPUT_RELATIONSHIP || !r->outgoing || f->value->kind == IN_NULL)
			continue;
		for (int i = 0; i < r->fk->ncols; i++)
			if (gql_input_field(obj, r->fk->fromCols[i]->gqlname) != NULL || fixed_has(fixed, r->fk->fromCols[i]))
			{
				gql_sql_error_at(sql, f->value, NULL,
								 "cannot insert object relationship \"%s\" as \"%s\" column values are already determined",
								 r->name, r->fk->fromCols[i]->gqlname);
				return NULL;
			}
		parent = insert_row(sql, ip, r->target, gql_input_field(f->value, "data"),
							gql_input_field(f->value, "on_conflict"), NIL,
							psprintf("%s.%s.data", path, r->name));
		if (parent == NULL)
			return NULL;
		if (gql_input_field(f->value, "on_conflict") != NULL)
			add_guard(ip, parent,
					  psprintf("cannot proceed to insert object relation \"%s\" since insert to table \"%s\" affects zero rows",
							   r->name, r->target->relname),
					  psprintf("%s.%s", path, r->name));
		appendStringInfo(&from, "%s%s", from.len ? ", " : " FROM ", parent);
		for (int i = 0; i < r->fk->ncols; i++)
		{
			Fixed	   *fx = palloc0(sizeof(Fixed));

			fx->column = r->fk->fromCols[i];
			fx->source = parent;
			fx->from = r->fk->toCols[i];
			fixed = lappend(list_copy(fixed), fx);
		}
	}

	initStringInfo(&cols);
	initStringInfo(&vals);
	foreach(lc, fixed)
	{
		Fixed	   *fx = lfirst(lc);

		if (list_length(fixed) > 0 && strstr(from.data, fx->source) == NULL)
			appendStringInfo(&from, "%s%s", from.len ? ", " : " FROM ", fx->source);
		appendStringInfo(&cols, "%s%s", n ? ", " : "", quote_identifier(fx->column->attname));
		appendStringInfo(&vals, "%s%s.%s", n++ ? ", " : "", fx->source, quote_identifier(fx->from->attname));
	}
	foreach(lc, obj->items)
	{
		GqlInputField *f = lfirst(lc);

		if (f->field->kind != SF_INPUT_COLUMN)
			continue;
		appendStringInfo(&cols, "%s%s", n ? ", " : "", quote_identifier(f->field->column->attname));
		if (n++)
			appendStringInfoString(&vals, ", ");
		column_value(sql, f->field->column, f->value, &vals);
	}
	initStringInfo(&body);
	if (n == 0)
		appendStringInfo(&body, "INSERT INTO %s AS %s DEFAULT VALUES", gql_table_ref(t), alias);
	else
		appendStringInfo(&body, "INSERT INTO %s AS %s (%s) SELECT %s%s", gql_table_ref(t), alias,
						 cols.data, vals.data, from.data);
	on_conflict_clause(sql, onConflict, t, alias, &body);
	appendStringInfo(&body, " RETURNING %s", returning_list(t, alias));
	row = add_cte(ip, body.data);
	if (onConflict != NULL && onConflict->kind == IN_OBJECT)
	{
		bool		children = false;

		foreach(lc, obj->items)
		{
			GqlInputField *f = lfirst(lc);

			children |= f->field->kind == SF_INPUT_RELATIONSHIP && !f->field->rel->outgoing &&
				f->value->kind != IN_NULL;
		}
		if (children)
			add_guard(ip, row,
					  psprintf("cannot proceed to insert array relations since insert to table \"%s\" affects zero rows",
							   t->relname),
					  pstrdup(path));
	}

	/* children: rows whose foreign key references this one */
	foreach(lc, obj->items)
	{
		GqlInputField *f = lfirst(lc);
		CatRelationship *r = f->field->rel;
		GqlInput   *data;
		List	   *children;
		List	   *childFixed = NIL;
		ListCell   *lc2;

		if (f->field->kind != SF_INPUT_RELATIONSHIP || r->outgoing || f->value->kind == IN_NULL)
			continue;
		data = gql_input_field(f->value, "data");
		children = r->isArray ? data->items : list_make1(data);
		for (int i = 0; i < r->fk->ncols; i++)
		{
			Fixed	   *fx = palloc0(sizeof(Fixed));

			fx->column = r->fk->fromCols[i];
			fx->source = row;
			fx->from = r->fk->toCols[i];
			childFixed = lappend(childFixed, fx);
		}
		foreach(lc2, children)
		{
			GqlInput   *child = lfirst(lc2);

			for (int i = 0; i < r->fk->ncols; i++)
				if (gql_input_field(child, r->fk->fromCols[i]->gqlname) != NULL)
				{
					char	   *cpath = r->isArray ? child->path : psprintf("%s[0]", child->path);

					gql_sql_error_at(sql, NULL, cpath,
									 "cannot insert \"%s\" columns as their values are already being determined by parent insert",
									 r->fk->fromCols[i]->gqlname);
					return NULL;
				}
			if (insert_row(sql, ip, r->target, child, gql_input_field(f->value, "on_conflict"),
						   childFixed, psprintf("%s.%s.data", path, r->name)) == NULL)
				return NULL;
		}
	}
	return row;
}

/* A runtime parameter: the write's first (rows) or second (count) result. */
static void
add_runtime_param(Sql *sql, Oid type, int which, StringInfo out)
{
	SqlParam   *p = palloc0(sizeof(SqlParam));

	p->type = type;
	p->runtime = which;
	sql->params = lappend(sql->params, p);
	appendStringInfo(out, "$%d", list_length(sql->params));
}

/*
 * insert_<t> and insert_<t>_one, in two statements: the write (nested rows
 * included) returns the inserted rows as JSON and the number of rows
 * written; the response reads the rows back from that JSON, after the
 * write, so relationships see the nested rows too.
 */
static void
deparse_insert(Sql *sql, FieldGroup *g, GqlField *f, SField *def, CatTable *t, const char *path)
{
	bool		one = def->kind == SF_INSERT_ONE;
	GqlInput   *objects = gql_argument(sql, f, def, one ? "object" : "objects", path);
	GqlInput   *onConflict = gql_argument(sql, f, def, "on_conflict", path);
	InsertPlan	ip;
	StringInfoData write;
	List	   *rows;
	List	   *tops = NIL;
	ListCell   *lc;

	if (sql->failed)
		return;
	memset(&ip, 0, sizeof(ip));
	initStringInfo(&ip.ctes);
	rows = one ? list_make1(objects) : objects->items;
	if (rows != NIL && !has_nested(rows))
	{
		/* plain rows: one INSERT with a VALUES list */
		List	   *cols = insert_columns(rows);
		char	   *alias = gql_new_alias(sql);
		StringInfoData body;

		initStringInfo(&body);
		if (cols == NIL)
			foreach(lc, t->columns)
				if (((CatColumn *) lfirst(lc))->canInsert)
				{
					cols = list_make1(lfirst(lc));
					break;
				}
		appendStringInfo(&body, "INSERT INTO %s AS %s (", gql_table_ref(t), alias);
		foreach(lc, cols)
			appendStringInfo(&body, "%s%s", foreach_current_index(lc) ? ", " : "",
							 quote_identifier(((CatColumn *) lfirst(lc))->attname));
		appendStringInfoString(&body, ") VALUES ");
		foreach(lc, rows)
		{
			GqlInput   *obj = lfirst(lc);
			ListCell   *lcol;

			appendStringInfo(&body, "%s(", foreach_current_index(lc) ? ", " : "");
			foreach(lcol, cols)
			{
				CatColumn  *col = lfirst(lcol);
				GqlInput   *v = gql_input_field(obj, col->gqlname);

				if (foreach_current_index(lcol) > 0)
					appendStringInfoString(&body, ", ");
				if (v == NULL)
					appendStringInfoString(&body, "DEFAULT");
				else
					column_value(sql, col, v, &body);
			}
			appendStringInfoChar(&body, ')');
		}
		on_conflict_clause(sql, onConflict, t, alias, &body);
		appendStringInfo(&body, " RETURNING %s", returning_list(t, alias));
		tops = list_make1(add_cte(&ip, body.data));
	}
	else
		foreach(lc, rows)
		{
			char	   *top = insert_row(sql, &ip, t, lfirst(lc), onConflict, NIL,
										 psprintf("%s.args.%s[%d]", path, one ? "object" : "objects",
												  foreach_current_index(lc)));

			if (top == NULL)
				return;
			tops = lappend(tops, top);
		}
	if (sql->failed)
		return;

	initStringInfo(&write);
	if (tops == NIL)
		appendStringInfoString(&write, "SELECT '[]'::pg_catalog.json, 0::pg_catalog.int8");
	else
	{
		appendStringInfo(&write, "WITH %s SELECT (SELECT coalesce(pg_catalog.json_agg(pg_catalog.row_to_json(x)), '[]'::pg_catalog.json) FROM (",
						 ip.ctes.data);
		foreach(lc, tops)
			appendStringInfo(&write, "%sSELECT * FROM %s", foreach_current_index(lc) ? " UNION ALL " : "",
							 (char *) lfirst(lc));
		appendStringInfoString(&write, ") x), ");
		foreach(lc, ip.counted)
			appendStringInfo(&write, "%s(SELECT pg_catalog.count(*) FROM %s)", foreach_current_index(lc) ? PG_OP("+") : "",
							 (char *) lfirst(lc));
		if (ip.guards != NIL)
		{
			appendStringInfoString(&write, ", CASE");
			foreach(lc, ip.guards)
				appendStringInfo(&write, " WHEN NOT EXISTS (SELECT FROM %s) THEN %d",
								 ((Guard *) lfirst(lc))->cte, foreach_current_index(lc) + 1);
			appendStringInfoString(&write, " ELSE 0 END");
		}
	}
	sql->writeStmt = write.data;
	foreach(lc, ip.guards)
	{
		Guard	   *gd = lfirst(lc);

		sql->guardMessages = lappend(sql->guardMessages, gd->message);
		sql->guardPaths = lappend(sql->guardPaths, gd->path);
	}
	sql->errorPath = psprintf("%s.args.%s", path, one ? "object" : "objects");

	/* the response, over the rows as written */
	appendStringInfo(&sql->buf, "WITH %s AS (SELECT * FROM pg_catalog.json_populate_recordset(NULL::%s, ",
					 WRITTEN, gql_table_ref(t));
	add_runtime_param(sql, JSONOID, 1, &sql->buf);
	appendStringInfoString(&sql->buf, ")) SELECT ");
	{
		StringInfoData count;

		initStringInfo(&count);
		add_runtime_param(sql, INT8OID, 2, &count);
		response_json(sql, g, def, t, path, count.data, &sql->buf);
	}
}

/* The SET list of an update from its operator arguments; false if there is none. */
static bool
update_set_list(Sql *sql, GqlInput *set, GqlInput **ops, const char *alias, const char *path,
				StringInfo out)
{
	static const char *const opSql[] = {
		"%s" PG_OP("+"), "%s" PG_OP("||"), NULL, "%s" PG_OP("-"), "%s" PG_OP("-"), "%s" PG_OP("#-")
	};
	List	   *done = NIL;
	StringInfoData repeated;
	int			n = 0;
	ListCell   *lc;

	/* a column in two operators: Hasura names them all, at the arguments */
	initStringInfo(&repeated);
	for (int k = -1; k < 6; k++)
	{
		GqlInput   *op = k < 0 ? set : ops[k];

		if (op == NULL || op->kind != IN_OBJECT)
			continue;
		foreach(lc, op->items)
		{
			CatColumn  *col = ((GqlInputField *) lfirst(lc))->field->column;

			if (list_member_ptr(done, col) &&
				strstr(repeated.data, psprintf("'%s'", col->gqlname)) == NULL)
				appendStringInfo(&repeated, "%s'%s'", repeated.len ? ", " : "", col->gqlname);
			done = lappend(done, col);
		}
	}
	if (repeated.len > 0)
	{
		gql_sql_error_at(sql, NULL, path, "Column found in multiple operators: [%s].", repeated.data);
		return false;
	}
	done = NIL;

	if (set != NULL && set->kind == IN_OBJECT)
		foreach(lc, set->items)
		{
			GqlInputField *f = lfirst(lc);

			appendStringInfo(out, "%s%s = ", n++ ? ", " : "", quote_identifier(f->field->column->attname));
			column_value(sql, f->field->column, f->value, out);
			done = lappend(done, f->field->column);
		}
	for (int k = 0; k < 6; k++)
	{
		if (ops[k] == NULL || ops[k]->kind != IN_OBJECT)
			continue;
		foreach(lc, ops[k]->items)
		{
			GqlInputField *f = lfirst(lc);
			CatColumn  *col = f->field->column;
			char	   *c = gql_column_ref(alias, col);

			done = lappend(done, col);
			appendStringInfo(out, "%s%s = ", n++ ? ", " : "", col->quoted);
			if (f->value->kind == IN_NULL)
			{
				appendStringInfoString(out, "NULL");
				continue;
			}
			if (k == 2)
			{
				/* _prepend: value || column */
				gql_add_param(sql, JSONBOID, f->value, out);
				appendStringInfo(out, PG_OP("||") "%s", c);
				continue;
			}
			appendStringInfo(out, opSql[k], c);
			if (k == 0)
				gql_add_param(sql, gql_column_base_type(sql->req->schema->catalog, col), f->value, out);
			else if (k == 1)
				gql_add_param(sql, JSONBOID, f->value, out);
			else if (k == 3)
				gql_add_param(sql, TEXTOID, f->value, out);
			else if (k == 4)
				gql_add_param(sql, INT4OID, f->value, out);
			else
				add_array_param(sql, TEXTOID, f->value, out);
		}
	}
	return n > 0;
}

/*
 * UPDATE for update_<t>, update_<t>_by_pk and each of update_<t>_many:
 * args is the field's arguments (or one element of "updates").
 */
static bool
deparse_update(Sql *sql, SField *def, GqlInput *where, GqlInput *pk, GqlInput *set, GqlInput **ops,
			   CatTable *t, const char *path, StringInfo out)
{
	char	   *alias = gql_new_alias(sql);
	StringInfoData setList;
	bool		given = set != NULL && set->kind != IN_NULL;

	if (sql->failed)
		return false;			/* an argument did not coerce */
	for (int k = 0; k < 6; k++)
		given |= ops[k] != NULL && ops[k]->kind != IN_NULL;
	if (!given)
	{
		/* Hasura lists the operators the table has, in its order */
		static const char *const order[] = {
			"_set", "_inc", "_append", "_prepend", "_delete_key", "_delete_elem", "_delete_at_path"
		};
		StringInfoData names;

		initStringInfo(&names);
		for (int k = 0; k < (int) lengthof(order); k++)
		{
			ListCell   *lc;

			foreach(lc, def->args)
				if (strcmp(((SField *) lfirst(lc))->name, order[k]) == 0)
					appendStringInfo(&names, "%s%s", names.len ? ", " : "", order[k]);
		}
		gql_sql_error_at(sql, NULL, path, "at least any one of %s is expected", names.data);
		return false;
	}
	initStringInfo(&setList);
	if (!update_set_list(sql, set, ops, alias, path, &setList))
	{
		if (sql->failed)
			return false;
		/* operators without columns: nothing to write */
		appendStringInfo(out, "SELECT %s FROM %s %s WHERE false", returning_list(t, alias),
						 gql_table_ref(t), alias);
		return true;
	}
	appendStringInfo(out, "UPDATE %s AS %s SET %s WHERE ", gql_table_ref(t), alias, setList.data);
	if (pk != NULL)
	{
		ListCell   *lc;

		foreach(lc, pk->items)
		{
			GqlInputField *f = lfirst(lc);

			appendStringInfo(out, "%s%s%s", foreach_current_index(lc) ? " AND " : "",
							 gql_column_ref(alias, f->field->column),
							 gql_comparison_operator(f->field->column->typid, OP_EQ));
			column_value(sql, f->field->column, f->value, out);
		}
	}
	else
		gql_deparse_bool_exp(sql, where, t, alias, out);
	appendStringInfo(out, " RETURNING %s", returning_list(t, alias));
	return !sql->failed;
}

/* The jsonb and _inc operator arguments of an update, from an object or a field. */
static void
update_ops(Sql *sql, GqlField *f, SField *def, GqlInput *obj, const char *path, GqlInput **ops)
{
	static const char *const names[] = {
		"_inc", "_append", "_prepend", "_delete_key", "_delete_elem", "_delete_at_path"
	};

	for (int k = 0; k < 6; k++)
		ops[k] = obj ? gql_input_field(obj, names[k]) : gql_argument(sql, f, def, names[k], path);
}

/*
 * The write, returning the written rows as JSON and their count; then the
 * response, reading the rows back from that JSON after the write, so that
 * relationships see the database as the write left it (as Hasura does).
 */
static void
two_phase(Sql *sql, FieldGroup *g, SField *def, CatTable *t, const char *path, StringInfo write)
{
	StringInfoData count;

	sql->writeStmt = psprintf("WITH %s AS (%s) SELECT coalesce(pg_catalog.json_agg(pg_catalog.row_to_json(%s)), '[]'::pg_catalog.json), pg_catalog.count(*) FROM %s",
							  WRITTEN, write->data, WRITTEN, WRITTEN);
	appendStringInfo(&sql->buf, "WITH %s AS (SELECT * FROM pg_catalog.json_populate_recordset(NULL::%s, ",
					 WRITTEN, gql_table_ref(t));
	add_runtime_param(sql, JSONOID, 1, &sql->buf);
	appendStringInfoString(&sql->buf, ")) SELECT ");
	initStringInfo(&count);
	add_runtime_param(sql, INT8OID, 2, &count);
	response_json(sql, g, def, t, path, count.data, &sql->buf);
}

/* "WITH m AS (<write>) SELECT <response>" */
static void
wrap_write(Sql *sql, FieldGroup *g, SField *def, CatTable *t, const char *path,
		   StringInfo write, StringInfo out)
{
	appendStringInfo(out, "WITH %s AS (%s) SELECT ", WRITTEN, write->data);
	response_json(sql, g, def, t, path, NULL, out);
}

/* Compile a mutation_root field into sql->buf (or sql->statements). */
void
gql_deparse_mutation(Sql *sql, FieldGroup *g, SField *def, const char *path)
{
	GqlField   *f = linitial(g->fields);
	CatTable   *t = def->table;
	StringInfoData write;
	GqlInput   *ops[6];

	initStringInfo(&write);
	switch (def->kind)
	{
		case SF_INSERT:
		case SF_INSERT_ONE:
			deparse_insert(sql, g, f, def, t, path);
			return;
		case SF_UPDATE:
			update_ops(sql, f, def, NULL, path, ops);
			if (!deparse_update(sql, def, gql_argument(sql, f, def, "where", path), NULL,
								gql_argument(sql, f, def, "_set", path), ops, t,
								psprintf("%s.args", path), &write))
				return;
			break;
		case SF_UPDATE_BY_PK:
			update_ops(sql, f, def, NULL, path, ops);
			if (!deparse_update(sql, def, NULL, gql_argument(sql, f, def, "pk_columns", path),
								gql_argument(sql, f, def, "_set", path), ops, t,
								psprintf("%s.args", path), &write))
				return;
			break;
		case SF_UPDATE_MANY:
			{
				GqlInput   *updates = gql_argument(sql, f, def, "updates", path);
				ListCell   *lc;

				if (sql->failed)
					return;
				sql->many = true;	/* no updates: [] */
				foreach(lc, updates->items)
				{
					GqlInput   *u = lfirst(lc);
					StringInfo	stmt = makeStringInfo();
					char	   *upath = psprintf("%s.args.updates[%d]", path, foreach_current_index(lc));
					SField		byFields = *def;

					resetStringInfo(&write);
					/* the operators of <t>_updates, for the error that none is given */
					byFields.args = gql_type_fields(gql_ref_named(((SField *) linitial(def->args))->type));
					update_ops(sql, f, def, u, upath, ops);
					if (!deparse_update(sql, &byFields, gql_input_field(u, "where"), NULL,
										gql_input_field(u, "_set"), ops, t, upath, &write))
						return;
					{
						/* each element is a <t>_mutation_response */
						SField		elem = *def;

						elem.type = def->type->of;
						wrap_write(sql, g, &elem, t, path, &write, stmt);
					}
					sql->statements = lappend(sql->statements, stmt);
					sql->statementParams = lappend_int(sql->statementParams, list_length(sql->params));
				}
				return;
			}
		case SF_DELETE:
		case SF_DELETE_BY_PK:
			{
				char	   *alias = gql_new_alias(sql);

				appendStringInfo(&write, "DELETE FROM %s AS %s WHERE ", gql_table_ref(t), alias);
				if (def->kind == SF_DELETE)
				{
					GqlInput   *where = gql_argument(sql, f, def, "where", path);

					if (where == NULL)
						return;	/* it did not coerce (errors added) */
					gql_deparse_bool_exp(sql, where, t, alias, &write);
				}
				else
				{
					ListCell   *lc;

					foreach(lc, t->pkey)
					{
						CatColumn  *col = lfirst(lc);

						appendStringInfo(&write, "%s%s%s", foreach_current_index(lc) ? " AND " : "",
										 gql_column_ref(alias, col), gql_comparison_operator(col->typid, OP_EQ));
						column_value(sql, col, gql_argument(sql, f, def, col->gqlname, path), &write);
					}
				}
				appendStringInfo(&write, " RETURNING %s", returning_list(t, alias));
				break;
			}
		default:
			elog(ERROR, "unexpected mutation field");
	}
	if (sql->failed)
		return;
	two_phase(sql, g, def, t, path, &write);
}
