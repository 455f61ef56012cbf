/*-------------------------------------------------------------------------
 *
 * plan_mutation.c
 *	  The plan of a mutation_root field: its write's arguments coerced,
 *	  checked and decided, then its response (gql_plan_mutation_response,
 *	  plan_select.c).
 *
 * In:  a mutation_root field, its definition and the request.
 * Out: a PlanMutation (plan.h), or NULL with the request's errors added;
 *	    mutation.c writes it and cannot fail.
 *
 * An insert is planned as plain rows (one INSERT ... VALUES) or, when an
 * object holds a nested insert, as a tree of rows: each row's parents (the
 * object relationships whose foreign key it holds), its columns, then its
 * children.  An update is planned per UPDATE (update_<t>_many: one per
 * element of "updates"), a delete as its target rows.
 *
 * Errors are found in the order the one-pass compiler found them, so a
 * request with several mistakes reports the same ones: a row's parents,
 * then its values, then its ON CONFLICT, then its children; an update's
 * operators, then _set, then where (or pk_columns); then the response
 * (update_<t>_many: after the first update, as the one-pass compiler
 * wrote each update's response after its write).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"

#include "plan.h"

/* An insert's planning: each on_conflict argument is planned once. */
typedef struct InsertPlanner
{
	Planner    *pl;
	List	   *conflictInputs;	/* of GqlInput: on_conflict values planned */
	List	   *conflicts;		/* their PlanConflicts (NULL: it failed) */
} InsertPlanner;

/* The operators of an update but _set, as UpdateOp numbers them. */
static const char *const updateOpNames[UPDATE_OPS] = {
	"_inc", "_append", "_prepend", "_delete_key", "_delete_elem", "_delete_at_path"
};

/* The input field of an object that sets a column, or NULL. */
static GqlInputField *
column_field(GqlInput *obj, CatColumn *col)
{
	ListCell   *lc;

	foreach(lc, obj->items)
	{
		GqlInputField *f = lfirst(lc);

		if (f->field->kind == SF_INPUT_COLUMN && f->field->column == col)
			return f;
	}
	return NULL;
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

/*
 * ON CONFLICT from an on_conflict argument (NULL when none is given); the
 * update columns each once; a where only when something is updated.
 */
static PlanConflict *
plan_conflict(Planner *pl, GqlInput *onConflict, CatTable *t)
{
	PlanConflict *pc;
	GqlInput   *updateColumns;
	GqlInput   *where;
	ListCell   *lc;

	if (onConflict == NULL || onConflict->kind != IN_OBJECT)
		return NULL;
	pc = palloc0(sizeof(PlanConflict));
	pc->constraint = gql_input_field(onConflict, "constraint")->enumValue->name;
	updateColumns = gql_input_field(onConflict, "update_columns");
	where = gql_input_field(onConflict, "where");
	if (updateColumns != NULL && updateColumns->kind == IN_LIST)
		foreach(lc, updateColumns->items)
		{
			CatColumn  *col = ((GqlInput *) lfirst(lc))->enumValue->column;

			if (col == NULL)
			{
				gql_plan_error(pl, NULL, onConflict->path, "erroneous column name");
				return NULL;
			}
			pc->update = list_append_unique_ptr(pc->update, col);
		}
	if (pc->update != NIL && where != NULL && where->kind != IN_NULL)
		pc->where = gql_plan_filter(pl, where, t);
	return pc;
}

/* The plan of an on_conflict argument, planned the first time a row asks. */
static PlanConflict *
insert_conflict(InsertPlanner *ip, GqlInput *onConflict, CatTable *t)
{
	PlanConflict *pc;
	ListCell   *lc;

	if (onConflict == NULL)
		return NULL;
	foreach(lc, ip->conflictInputs)
		if (lfirst(lc) == onConflict)
			return list_nth(ip->conflicts, foreach_current_index(lc));
	pc = plan_conflict(ip->pl, onConflict, t);
	ip->conflictInputs = lappend(ip->conflictInputs, onConflict);
	ip->conflicts = lappend(ip->conflicts, pc);
	return pc;
}

static PlanGuard *
new_guard(char *message, char *path)
{
	PlanGuard  *gd = palloc(sizeof(PlanGuard));

	gd->message = message;
	gd->path = path;
	return gd;
}

static PlanInsertRow *plan_insert_row(InsertPlanner *ip, CatTable *t, GqlInput *obj,
									  GqlInput *onConflict, List *fixed, const char *path);

/*
 * The parents of a nested insert's row: its object relationships whose
 * foreign key it holds, given a row.  *fixed gains their columns.  False
 * (an error added) if a column would be set twice.
 */
static bool
plan_parents(InsertPlanner *ip, PlanInsertRow *row, GqlInput *obj, List **fixed, const char *path)
{
	ListCell   *lc;

	foreach(lc, obj->items)
	{
		GqlInputField *f = lfirst(lc);
		CatRelationship *r = f->field->rel;
		PlanInsertRel *pr;
		PlanInsertRow *parent;

		if (f->field->kind != SF_INPUT_RELATIONSHIP || !r->outgoing || f->value->kind == IN_NULL)
			continue;
		for (int i = 0; i < r->fk->ncols; i++)
			if (gql_input_field(obj, r->fk->fromCols[i]->gqlname) != NULL ||
				list_member_ptr(*fixed, r->fk->fromCols[i]))
			{
				gql_plan_error(ip->pl, f->value, NULL,
							   "cannot insert object relationship \"%s\" as \"%s\" column values are already determined",
							   r->name, r->fk->fromCols[i]->gqlname);
				return false;
			}
		parent = plan_insert_row(ip, r->target, gql_input_field(f->value, "data"),
								 gql_input_field(f->value, "on_conflict"), NIL,
								 psprintf("%s.%s.data", path, r->name));
		if (parent == NULL)
			return false;
		pr = palloc0(sizeof(PlanInsertRel));
		pr->rel = r;
		pr->rows = list_make1(parent);
		if (gql_input_field(f->value, "on_conflict") != NULL)
			pr->guard = new_guard(psprintf("cannot proceed to insert object relation \"%s\" since insert to table \"%s\" affects zero rows",
										   r->name, r->target->relname),
								  psprintf("%s.%s", path, r->name));
		row->parents = lappend(row->parents, pr);
		for (int i = 0; i < r->fk->ncols; i++)
			*fixed = lappend(list_copy(*fixed), r->fk->fromCols[i]);
	}
	return true;
}

/*
 * The children of a nested insert's row: the rows of its relationships
 * whose foreign key references it.  False (an error added) if a child sets
 * a column the row determines.
 */
static bool
plan_children(InsertPlanner *ip, PlanInsertRow *row, GqlInput *obj, const char *path)
{
	ListCell   *lc;

	foreach(lc, obj->items)
	{
		GqlInputField *f = lfirst(lc);
		CatRelationship *r = f->field->rel;
		GqlInput   *data;
		List	   *children;
		List	   *childFixed = NIL;
		PlanInsertRel *pr;
		ListCell   *lc2;

		if (f->field->kind != SF_INPUT_RELATIONSHIP || r->outgoing || f->value->kind == IN_NULL)
			continue;
		data = gql_input_field(f->value, "data");
		children = r->isArray ? data->items : list_make1(data);
		for (int i = 0; i < r->fk->ncols; i++)
			childFixed = lappend(childFixed, r->fk->fromCols[i]);
		pr = palloc0(sizeof(PlanInsertRel));
		pr->rel = r;
		foreach(lc2, children)
		{
			GqlInput   *child = lfirst(lc2);
			PlanInsertRow *planned;

			CHECK_FOR_INTERRUPTS();
			for (int i = 0; i < r->fk->ncols; i++)
				if (gql_input_field(child, r->fk->fromCols[i]->gqlname) != NULL)
				{
					char	   *cpath = r->isArray ? child->path : psprintf("%s[0]", child->path);

					gql_plan_error(ip->pl, NULL, cpath,
								   "cannot insert \"%s\" columns as their values are already being determined by parent insert",
								   r->fk->fromCols[i]->gqlname);
					return false;
				}
			planned = plan_insert_row(ip, r->target, child, gql_input_field(f->value, "on_conflict"),
									  childFixed, psprintf("%s.%s.data", path, r->name));
			if (planned == NULL)
				return false;
			pr->rows = lappend(pr->rows, planned);
		}
		row->children = lappend(row->children, pr);
	}
	return true;
}

/*
 * One row of a nested insert; fixed lists the columns the caller sets
 * (from the parent row it is a child of).  NULL if a column would be set
 * twice (an error added, planning stops); after other errors (a value's,
 * the ON CONFLICT's) planning goes on, so that later ones are reported
 * too, and pl->failed tells.
 */
static PlanInsertRow *
plan_insert_row(InsertPlanner *ip, CatTable *t, GqlInput *obj, GqlInput *onConflict,
				List *fixed, const char *path)
{
	PlanInsertRow *row = palloc0(sizeof(PlanInsertRow));
	ListCell   *lc;

	check_stack_depth();
	row->table = t;
	if (!plan_parents(ip, row, obj, &fixed, path))
		return NULL;
	foreach(lc, obj->items)
	{
		GqlInputField *f = lfirst(lc);
		PlanColumnValue *cv;

		if (f->field->kind != SF_INPUT_COLUMN)
			continue;
		cv = palloc(sizeof(PlanColumnValue));
		gql_plan_column_value(ip->pl, f->field->column, f->field, f->value, cv);
		row->values = lappend(row->values, cv);
	}
	row->conflict = insert_conflict(ip, onConflict, t);
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
			row->guard = new_guard(psprintf("cannot proceed to insert array relations since insert to table \"%s\" affects zero rows",
											t->relname),
								   pstrdup(path));
	}
	if (!plan_children(ip, row, obj, path))
		return NULL;
	return row;
}

/* Plain rows: one VALUES list over the columns any of them sets. */
static void
plan_plain_rows(InsertPlanner *ip, PlanMutation *pm, List *objects, GqlInput *onConflict)
{
	ListCell   *lc;

	pm->plain = true;
	pm->columns = insert_columns(objects);
	if (pm->columns == NIL)
		foreach(lc, list_concat_copy(pm->table->columns, pm->table->writeColumns))
			if (((CatColumn *) lfirst(lc))->canInsert)
			{
				pm->columns = list_make1(lfirst(lc));
				break;
			}
	foreach(lc, objects)
	{
		GqlInput   *obj = lfirst(lc);
		PlanInsertRow *row = palloc0(sizeof(PlanInsertRow));
		ListCell   *lcol;

		CHECK_FOR_INTERRUPTS();
		row->table = pm->table;
		foreach(lcol, pm->columns)
		{
			CatColumn  *col = lfirst(lcol);
			GqlInputField *f = column_field(obj, col);
			PlanColumnValue *cv = palloc0(sizeof(PlanColumnValue));

			cv->column = col;
			if (f != NULL)
				gql_plan_column_value(ip->pl, col, f->field, f->value, cv);
			row->values = lappend(row->values, cv);
		}
		pm->rows = lappend(pm->rows, row);
	}
	pm->conflict = insert_conflict(ip, onConflict, pm->table);
}

/* insert_<t>, insert_<t>_one */
static bool
plan_insert(Planner *pl, PlanMutation *pm, GqlField *f, SField *def, const char *path)
{
	bool		one = def->kind == SF_INSERT_ONE;
	const char *arg = one ? "object" : "objects";
	GqlInput   *objects = gql_plan_argument(pl, f, def, arg, path);
	GqlInput   *onConflict = gql_plan_argument(pl, f, def, "on_conflict", path);
	InsertPlanner ip = {pl, NIL, NIL};
	List	   *objs;
	ListCell   *lc;

	if (pl->failed)
		return false;
	pm->errorPath = psprintf("%s.args.%s", path, arg);
	objs = one ? list_make1(objects) : objects->items;
	if (objs != NIL && !has_nested(objs))
	{
		plan_plain_rows(&ip, pm, objs, onConflict);
		return !pl->failed;
	}
	foreach(lc, objs)
	{
		PlanInsertRow *row = plan_insert_row(&ip, pm->table, lfirst(lc), onConflict, NIL,
											 psprintf("%s.args.%s[%d]", path, arg,
													  foreach_current_index(lc)));

		if (row == NULL)
			return false;
		pm->rows = lappend(pm->rows, row);
	}
	return !pl->failed;
}

/*
 * The operator arguments of an update (_inc, ... _delete_at_path): of the
 * field, or of an element of update_<t>_many's "updates".
 */
static void
update_ops(Planner *pl, GqlField *f, SField *def, GqlInput *obj, const char *path,
		   GqlInput **ops)
{
	for (int k = 0; k < UPDATE_OPS; k++)
		ops[k] = obj ? gql_input_field(obj, updateOpNames[k]) : gql_plan_argument(pl, f, def, updateOpNames[k], path);
}

/* Hasura's error when no operator is given: those argDefs has, in its order. */
static void
no_operator_error(Planner *pl, List *argDefs, const char *path)
{
	StringInfoData names;

	initStringInfo(&names);
	for (int k = -1; k < UPDATE_OPS; k++)
	{
		const char *name = k < 0 ? "_set" : updateOpNames[k];
		ListCell   *lc;

		foreach(lc, argDefs)
			if (strcmp(GQL_CANON((SField *) lfirst(lc)), name) == 0)
				appendStringInfo(&names, "%s%s", names.len ? ", " : "", ((SField *) lfirst(lc))->name);
	}
	gql_plan_error(pl, NULL, path, "at least any one of %s is expected", names.data);
}

/* False (an error added) if a column is in two operators: Hasura names them all. */
static bool
check_repeated(Planner *pl, GqlInput *set, GqlInput **ops, const char *path)
{
	List	   *done = NIL;
	List	   *repeated = NIL;
	StringInfoData names;
	ListCell   *lc;

	for (int k = -1; k < UPDATE_OPS; k++)
	{
		GqlInput   *op = k < 0 ? set : ops[k];

		if (op == NULL || op->kind != IN_OBJECT)
			continue;
		foreach(lc, op->items)
		{
			CatColumn  *col = ((GqlInputField *) lfirst(lc))->field->column;

			if (list_member_ptr(done, col))
				repeated = list_append_unique_ptr(repeated, col);
			done = lappend(done, col);
		}
	}
	if (repeated == NIL)
		return true;
	initStringInfo(&names);
	foreach(lc, repeated)
		appendStringInfo(&names, "%s'%s'", names.len ? ", " : "", ((CatColumn *) lfirst(lc))->gqlname);
	gql_plan_error(pl, NULL, path, "Column found in multiple operators: [%s].", names.data);
	return false;
}

/* The columns an update sets: _set's, then each operator's. */
static List *
plan_assigns(Planner *pl, GqlInput *set, GqlInput **ops)
{
	Catalog    *cat = pl->req->schema->catalog;
	List	   *assigns = NIL;
	ListCell   *lc;

	for (int k = -1; k < UPDATE_OPS; k++)
	{
		GqlInput   *op = k < 0 ? set : ops[k];

		if (op == NULL || op->kind != IN_OBJECT)
			continue;
		foreach(lc, op->items)
		{
			GqlInputField *f = lfirst(lc);
			PlanAssign *a = palloc0(sizeof(PlanAssign));
			PlanColumnValue *cv = &a->value;

			a->op = (UpdateOp) k;
			cv->column = f->field->column;
			cv->value = f->value;
			if (k < 0)
				gql_plan_column_value(pl, f->field->column, f->field, f->value, cv);
			else if (f->value->kind == IN_NULL)
				;				/* set to NULL */
			else if (k == UPDATE_INC)
				cv->type = gql_column_base_type(cat, f->field->column);
			else if (k == UPDATE_APPEND || k == UPDATE_PREPEND)
				cv->type = JSONBOID;
			else if (k == UPDATE_DELETE_KEY)
				cv->type = TEXTOID;
			else if (k == UPDATE_DELETE_ELEM)
				cv->type = INT4OID;
			else
			{
				cv->elemType = TEXTOID;
				(void) gql_plan_array_param(pl, TEXTOID, f->value);
			}
			assigns = lappend(assigns, a);
		}
	}
	return assigns;
}

/* The definition of a field's argument. */
static SField *
arg_def(SField *def, const char *name)
{
	ListCell   *lc;

	foreach(lc, def->args)
		if (strcmp(GQL_CANON((SField *) lfirst(lc)), name) == 0)
			return lfirst(lc);
	elog(ERROR, "no argument \"%s\"", name);
}

/* A primary key's columns compared with values, from an object or the field's arguments. */
static List *
plan_pkey(Planner *pl, GqlInput *pk, GqlField *f, SField *def, CatTable *t, const char *path)
{
	List	   *values = NIL;
	ListCell   *lc;

	if (pk != NULL)
		foreach(lc, pk->items)
		{
			GqlInputField *field = lfirst(lc);
			PlanColumnValue *cv = palloc0(sizeof(PlanColumnValue));

			gql_plan_column_value(pl, field->field->column, field->field, field->value, cv);
			values = lappend(values, cv);
		}
	else
		foreach(lc, t->pkey)
		{
			CatColumn  *col = lfirst(lc);
			GqlInput   *v = gql_plan_argument(pl, f, def, col->gqlname, path);
			PlanColumnValue *cv = palloc0(sizeof(PlanColumnValue));

			if (v == NULL)
				continue;		/* it did not coerce (errors added) */
			gql_plan_column_value(pl, col, arg_def(def, col->gqlname), v, cv);
			values = lappend(values, cv);
		}
	return values;
}

/*
 * One UPDATE (update_<t>, update_<t>_by_pk, an element of update_<t>_many);
 * argDefs are the arguments it could have been given, for the error that
 * none was.  NULL on an error.
 */
static PlanUpdate *
plan_update(Planner *pl, List *argDefs, GqlInput *where, GqlInput *pk, GqlInput *set,
			GqlInput **ops, CatTable *t, const char *path)
{
	PlanUpdate *pu = palloc0(sizeof(PlanUpdate));
	bool		given = set != NULL && set->kind != IN_NULL;

	if (pl->failed)
		return NULL;			/* an argument did not coerce */
	for (int k = 0; k < UPDATE_OPS; k++)
		given |= ops[k] != NULL && ops[k]->kind != IN_NULL;
	if (!given)
	{
		no_operator_error(pl, argDefs, path);
		return NULL;
	}
	if (!check_repeated(pl, set, ops, path))
		return NULL;
	pu->assigns = plan_assigns(pl, set, ops);
	if (pu->assigns == NIL)
		return pl->failed ? NULL : pu;	/* nothing to write */
	if (pk != NULL)
		pu->target.pkey = plan_pkey(pl, pk, NULL, NULL, t, path);
	else
		pu->target.where = gql_plan_filter(pl, where, t);
	return pl->failed ? NULL : pu;
}

/* update_<t>_many: an UPDATE per element of "updates", planned until one fails. */
static bool
plan_update_many(Planner *pl, PlanMutation *pm, FieldGroup *g, SField *def, const char *path)
{
	GqlField   *f = linitial(g->fields);
	GqlInput   *updates = gql_plan_argument(pl, f, def, "updates", path);
	/* the operators of <t>_updates, for the error that none is given */
	List	   *argDefs = gql_type_fields(gql_ref_named(((SField *) linitial(def->args))->type));
	ListCell   *lc;

	if (pl->failed)
		return false;
	foreach(lc, updates->items)
	{
		GqlInput   *u = lfirst(lc);
		char	   *upath = psprintf("%s.args.updates[%d]", path, foreach_current_index(lc));
		GqlInput   *ops[UPDATE_OPS];
		PlanUpdate *pu;

		update_ops(pl, f, def, u, upath, ops);
		pu = plan_update(pl, argDefs, gql_input_field(u, "where"), NULL,
						 gql_input_field(u, "_set"), ops, pm->table, upath);
		if (pu == NULL)
			return false;
		pm->updates = lappend(pm->updates, pu);
		/* each update answers the same selections: planned after the first */
		if (pm->response == NULL &&
			(pm->response = gql_plan_mutation_response(pl, g, def, pm->table, path)) == NULL)
			return false;
	}
	return true;
}

/* update_<t>, update_<t>_by_pk */
static bool
plan_update_field(Planner *pl, PlanMutation *pm, GqlField *f, SField *def, const char *path)
{
	GqlInput   *ops[UPDATE_OPS];
	GqlInput   *where = NULL;
	GqlInput   *pk = NULL;
	GqlInput   *set;
	PlanUpdate *pu;

	/* coerced in the order the one-pass compiler's build coerced them */
	update_ops(pl, f, def, NULL, path, ops);
	set = gql_plan_argument(pl, f, def, "_set", path);
	if (def->kind == SF_UPDATE)
		where = gql_plan_argument(pl, f, def, "where", path);
	else
		pk = gql_plan_argument(pl, f, def, "pk_columns", path);
	pu = plan_update(pl, def->args, where, pk, set, ops, pm->table, psprintf("%s.args", path));
	if (pu == NULL)
		return false;
	pm->updates = list_make1(pu);
	return true;
}

/* delete_<t>, delete_<t>_by_pk */
static bool
plan_delete(Planner *pl, PlanMutation *pm, GqlField *f, SField *def, const char *path)
{
	if (def->kind == SF_DELETE)
	{
		GqlInput   *where = gql_plan_argument(pl, f, def, "where", path);

		if (where == NULL)
			return false;		/* it did not coerce (errors added) */
		pm->target.where = gql_plan_filter(pl, where, pm->table);
	}
	else
		pm->target.pkey = plan_pkey(pl, NULL, f, def, pm->table, path);
	return !pl->failed;
}

/*
 * Plan a mutation_root field: its write, then its response.  NULL on an
 * error (added to the request's errors).
 */
PlanMutation *
gql_plan_mutation(Planner *pl, FieldGroup *g, SField *def, const char *path)
{
	GqlField   *f = linitial(g->fields);
	PlanMutation *pm = palloc0(sizeof(PlanMutation));
	bool		ok;

	pm->kind = def->kind;
	pm->table = def->table;
	switch (def->kind)
	{
		case SF_INSERT:
		case SF_INSERT_ONE:
			ok = plan_insert(pl, pm, f, def, path);
			break;
		case SF_UPDATE:
		case SF_UPDATE_BY_PK:
			ok = plan_update_field(pl, pm, f, def, path);
			break;
		case SF_UPDATE_MANY:
			return plan_update_many(pl, pm, g, def, path) ? pm : NULL;
		case SF_DELETE:
		case SF_DELETE_BY_PK:
			ok = plan_delete(pl, pm, f, def, path);
			break;
		default:
			elog(ERROR, "unexpected mutation field");
	}
	if (!ok || pl->failed)
		return NULL;
	pm->response = gql_plan_mutation_response(pl, g, def, pm->table, path);
	return pm->response ? pm : NULL;
}
