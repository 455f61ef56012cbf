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
static void
column_value(Sql *sql, CatColumn *col, GqlInput *v, StringInfo out)
{
	CatType    *ct = gql_catalog_type(sql->req->schema->catalog, col->typid);

	if (v == NULL || v->kind == IN_NULL)
		appendStringInfoString(out, "NULL");
	else if (v->kind == IN_LIST && ct != NULL && ct->elemtype != InvalidOid)
		gql_add_array_param(sql, ct->elemtype, v, out);
	else
		gql_add_param(sql, gql_column_base_type(sql->req->schema->catalog, col), v, out);
}

/*
 * The JSON of a <t>_mutation_response (affected_rows, returning) or of a
 * single row (the _one and _by_pk fields), over the written rows.
 */
static void
response_json(Sql *sql, FieldGroup *g, SField *def, CatTable *t, const char *path, StringInfo out)
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
		gql_deparse_object(sql, t, a, rowType, groups, path, out);
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
			appendStringInfo(e, "(SELECT count(*) FROM %s)", WRITTEN);
		else
		{
			char	   *a = gql_new_alias(sql);

			appendStringInfoString(e, "(SELECT coalesce(json_agg(");
			gql_deparse_object(sql, t, a, rowType, gql_sub_selections(sql->req, sub),
							   psprintf("%s.selectionSet.returning", path), e);
			appendStringInfo(e, "), '[]'::json) FROM %s %s)", WRITTEN, a);
		}
	}
	gql_emit_object(sql, groups, exprs, path, out);
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
			cols = list_append_unique_ptr(cols, ((GqlInputField *) lfirst(lf))->field->column);
	}
	return cols;
}

/* INSERT ... ON CONFLICT for insert_<t> and insert_<t>_one. */
static void
deparse_insert(Sql *sql, GqlField *f, SField *def, CatTable *t, const char *path, StringInfo out)
{
	bool		one = def->kind == SF_INSERT_ONE;
	GqlInput   *objects = gql_argument(sql, f, def, one ? "object" : "objects", path);
	GqlInput   *onConflict = gql_argument(sql, f, def, "on_conflict", path);
	List	   *rows;
	List	   *cols;
	char	   *alias = gql_new_alias(sql);
	ListCell   *lc;

	if (sql->failed)
		return;
	rows = one ? list_make1(objects) : objects->items;
	if (rows == NIL)
	{
		/* nothing to insert: no rows, no statement's side effects */
		appendStringInfo(out, "SELECT %s FROM %s %s WHERE false", returning_list(t, alias),
						 gql_table_ref(t), alias);
		return;
	}
	cols = insert_columns(rows);
	if (cols == NIL)
	{
		/* every column from its default */
		foreach(lc, t->columns)
			if (((CatColumn *) lfirst(lc))->canInsert)
			{
				cols = list_make1(lfirst(lc));
				break;
			}
	}
	appendStringInfo(out, "INSERT INTO %s AS %s (", gql_table_ref(t), alias);
	foreach(lc, cols)
		appendStringInfo(out, "%s%s", foreach_current_index(lc) ? ", " : "",
						 quote_identifier(((CatColumn *) lfirst(lc))->attname));
	appendStringInfoString(out, ") VALUES ");
	foreach(lc, rows)
	{
		GqlInput   *obj = lfirst(lc);
		ListCell   *lcol;

		appendStringInfo(out, "%s(", foreach_current_index(lc) ? ", " : "");
		foreach(lcol, cols)
		{
			CatColumn  *col = lfirst(lcol);
			GqlInput   *v = gql_input_field(obj, col->gqlname);

			if (foreach_current_index(lcol) > 0)
				appendStringInfoString(out, ", ");
			if (v == NULL)
				appendStringInfoString(out, "DEFAULT");
			else
				column_value(sql, col, v, out);
		}
		appendStringInfoChar(out, ')');
	}

	if (onConflict != NULL && onConflict->kind == IN_OBJECT)
	{
		GqlInput   *constraint = gql_input_field(onConflict, "constraint");
		GqlInput   *updateColumns = gql_input_field(onConflict, "update_columns");
		GqlInput   *where = gql_input_field(onConflict, "where");
		int			n = 0;

		appendStringInfo(out, " ON CONFLICT ON CONSTRAINT %s DO ",
						 quote_identifier(constraint->enumValue->name));
		if (updateColumns != NULL && updateColumns->kind == IN_LIST)
			foreach(lc, updateColumns->items)
			{
				CatColumn  *col = ((GqlInput *) lfirst(lc))->enumValue->column;

				if (col == NULL)
					continue;	/* _PLACEHOLDER */
				appendStringInfo(out, "%s%s = EXCLUDED.%s", n++ ? ", " : "UPDATE SET ",
								 quote_identifier(col->attname), quote_identifier(col->attname));
			}
		if (n == 0)
			appendStringInfoString(out, "NOTHING");
		else if (where != NULL && where->kind != IN_NULL)
		{
			appendStringInfoString(out, " WHERE ");
			gql_deparse_bool_exp(sql, where, t, alias, out);
		}
	}
	appendStringInfo(out, " RETURNING %s", returning_list(t, alias));
}

/* The SET list of an update from its operator arguments; false if there is none. */
static bool
update_set_list(Sql *sql, GqlInput *set, GqlInput **ops, const char *alias, StringInfo out)
{
	static const char *const opSql[] = {"%s + ", "%s || ", NULL, "%s - ", "%s - ", "%s #- "};
	List	   *done = NIL;
	int			n = 0;
	ListCell   *lc;

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

			if (list_member_ptr(done, col))
			{
				gql_sql_error_at(sql, f->value, NULL,
								 "column found in multiple operators; \"%s\" in more than one of _set, _inc, _append, _prepend, _delete_key, _delete_elem, _delete_at_path",
								 col->gqlname);
				return false;
			}
			done = lappend(done, col);
			appendStringInfo(out, "%s%s = ", n++ ? ", " : "", quote_identifier(col->attname));
			if (f->value->kind == IN_NULL)
			{
				appendStringInfoString(out, "NULL");
				continue;
			}
			if (k == 2)
			{
				/* _prepend: value || column */
				gql_add_param(sql, JSONBOID, f->value, out);
				appendStringInfo(out, " || %s", c);
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
				gql_add_array_param(sql, TEXTOID, f->value, out);
		}
	}
	return n > 0;
}

/*
 * UPDATE for update_<t>, update_<t>_by_pk and each of update_<t>_many:
 * args is the field's arguments (or one element of "updates").
 */
static void
deparse_update(Sql *sql, GqlInput *where, GqlInput *pk, GqlInput *set, GqlInput **ops,
			   CatTable *t, const char *path, StringInfo out)
{
	char	   *alias = gql_new_alias(sql);
	StringInfoData setList;

	initStringInfo(&setList);
	if (!update_set_list(sql, set, ops, alias, &setList))
	{
		if (!sql->failed)
			gql_sql_error_at(sql, NULL, path,
							 "at least any one of _set, _inc, _append, _prepend, _delete_key, _delete_elem, _delete_at_path is expected");
		return;
	}
	appendStringInfo(out, "UPDATE %s AS %s SET %s WHERE ", gql_table_ref(t), alias, setList.data);
	if (pk != NULL)
	{
		ListCell   *lc;

		foreach(lc, pk->items)
		{
			GqlInputField *f = lfirst(lc);

			appendStringInfo(out, "%s%s = ", foreach_current_index(lc) ? " AND " : "",
							 gql_column_ref(alias, f->field->column));
			column_value(sql, f->field->column, f->value, out);
		}
	}
	else
		gql_deparse_bool_exp(sql, where, t, alias, out);
	appendStringInfo(out, " RETURNING %s", returning_list(t, alias));
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

/* "WITH m AS (<write>) SELECT <response>" */
static void
wrap_write(Sql *sql, FieldGroup *g, SField *def, CatTable *t, const char *path,
		   StringInfo write, StringInfo out)
{
	appendStringInfo(out, "WITH %s AS (%s) SELECT ", WRITTEN, write->data);
	response_json(sql, g, def, t, path, out);
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
			deparse_insert(sql, f, def, t, path, &write);
			break;
		case SF_UPDATE:
			update_ops(sql, f, def, NULL, path, ops);
			deparse_update(sql, gql_argument(sql, f, def, "where", path), NULL,
						   gql_argument(sql, f, def, "_set", path), ops, t, path, &write);
			break;
		case SF_UPDATE_BY_PK:
			update_ops(sql, f, def, NULL, path, ops);
			deparse_update(sql, NULL, gql_argument(sql, f, def, "pk_columns", path),
						   gql_argument(sql, f, def, "_set", path), ops, t, path, &write);
			break;
		case SF_UPDATE_MANY:
			{
				GqlInput   *updates = gql_argument(sql, f, def, "updates", path);
				ListCell   *lc;

				if (sql->failed)
					return;
				foreach(lc, updates->items)
				{
					GqlInput   *u = lfirst(lc);
					StringInfo	stmt = makeStringInfo();
					char	   *upath = psprintf("%s.args.updates[%d]", path, foreach_current_index(lc));

					resetStringInfo(&write);
					update_ops(sql, f, def, u, upath, ops);
					deparse_update(sql, gql_input_field(u, "where"), NULL, gql_input_field(u, "_set"),
								   ops, t, upath, &write);
					if (sql->failed)
						return;
					{
						/* each element is a <t>_mutation_response */
						SField		elem = *def;

						elem.type = def->type->of;
						wrap_write(sql, g, &elem, t, path, &write, stmt);
					}
					sql->statements = lappend(sql->statements, stmt);
				}
				return;
			}
		case SF_DELETE:
		case SF_DELETE_BY_PK:
			{
				char	   *alias = gql_new_alias(sql);

				appendStringInfo(&write, "DELETE FROM %s AS %s WHERE ", gql_table_ref(t), alias);
				if (def->kind == SF_DELETE)
					gql_deparse_bool_exp(sql, gql_argument(sql, f, def, "where", path), t, alias, &write);
				else
				{
					ListCell   *lc;

					foreach(lc, t->pkey)
					{
						CatColumn  *col = lfirst(lc);

						appendStringInfo(&write, "%s%s = ", foreach_current_index(lc) ? " AND " : "",
										 gql_column_ref(alias, col));
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
	wrap_write(sql, g, def, t, path, &write, &sql->buf);
}
