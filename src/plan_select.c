/*-------------------------------------------------------------------------
 *
 * plan_select.c
 *	  The plan of what a root field selects: each field's kind, its row
 *	  set, its arguments, its sub-selections, as a tree.
 *
 * In:  a root field's group (collect.c) and its definition.
 * Out: a PlanField (plan.h) for the whole root field, or NULL with the
 *	    request's errors added; deparse.c, deparse_aggregate.c and
 *	    mutation.c write it and cannot fail.
 *
 * The tree is planned depth first in the order its SQL is written: a list
 * field's rows (plan.c) before its selections, the fields of an object in
 * order, then its keys.  Planning an object stops at the first field that
 * fails, as the one-pass compiler stopped writing, so that a request with
 * several mistakes reports the same errors as before.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/value.h"
#include "utils/json.h"

#include "error.h"
#include "names.h"
#include "plan.h"
#include "print.h"
#include "remote_run.h"
#include "settings.h"

static PlanField *plan_aggregate(Planner *pl, FieldGroup *g, SField *def, CatTable *t,
								 const char *path);

static PlanField *
new_field(PlanFieldKind kind, SField *def)
{
	PlanField  *pf = palloc0(sizeof(PlanField));

	pf->kind = kind;
	pf->def = def;
	return pf;
}

/*
 * How a value of a type is written: with graphql.stringify_numeric_types,
 * a bigint, numeric or double precision as its text, as Hasura writes the
 * types it stringifies (bigint, bigserial, numeric, double precision; its
 * money is text anyway); a domain as its base type and an array element
 * by element, since the schema gives them the scalar of those (schema.c).
 */
static ValueForm
value_form(Catalog *cat, Oid typid)
{
	CatType    *ct;

	if (!gql_stringify_numeric_types)
		return VALUE_AS_IS;
	ct = gql_catalog_type(cat, typid);
	while (ct != NULL && ct->basetype != ct->oid)
		ct = gql_catalog_type(cat, ct->basetype);
	if (ct == NULL)
		return VALUE_AS_IS;
	if (ct->elemtype != InvalidOid)
		return value_form(cat, ct->elemtype) == VALUE_TEXT ? VALUE_TEXT_ARRAY : VALUE_AS_IS;
	switch (ct->oid)
	{
		case INT8OID:
		case NUMERICOID:
		case FLOAT8OID:
			return VALUE_TEXT;
		default:
			return VALUE_AS_IS;
	}
}

/*
 * A field whose value is a column's, or a function's scalar, of a type;
 * PostGIS's types are written as GeoJSON, as Hasura writes them.
 */
static PlanField *
new_value_field(Planner *pl, PlanFieldKind kind, SField *def, Oid typid)
{
	PlanField  *pf = new_field(kind, def);
	CatType    *geo = gql_catalog_geo_type(pl->req->schema->catalog, typid);

	pf->form = geo != NULL ? VALUE_GEOJSON : value_form(pl->req->schema->catalog, typid);
	pf->geoSchema = geo != NULL ? geo->nspname : NULL;
	pf->geoKind = geo != NULL ? geo->geo : GEO_NONE;
	return pf;
}

/*
 * Whether a response key of the groups is too long for an SQL name, so
 * that their object is built by json_build_object, which takes at most
 * FUNC_MAX_ARGS arguments: an error if there are more fields than that.
 */
static bool
long_keys(Planner *pl, List *groups, const char *path)
{
	bool		longKey = false;
	ListCell   *lc;

	foreach(lc, groups)
		longKey |= strlen(((FieldGroup *) lfirst(lc))->key) >= NAMEDATALEN;
	if (longKey && list_length(groups) > FUNC_MAX_ARGS / 2)
		gql_plan_error(pl, NULL, path, "a selection with a response key longer than %d bytes may have at most %d fields",
					   NAMEDATALEN - 1, FUNC_MAX_ARGS / 2);
	return longKey;
}

static PlanObject *
new_object(CatTable *t, SType *type, List *groups)
{
	PlanObject *po = palloc0(sizeof(PlanObject));

	po->table = t;
	po->type = type;
	po->groups = groups;
	return po;
}

/* The object's keys checked, after its fields; NULL if planning failed. */
static PlanObject *
finish_object(Planner *pl, PlanObject *po, const char *path)
{
	if (po->groups != NIL)
		po->longKey = long_keys(pl, po->groups, path);
	return pl->failed ? NULL : po;
}

/* A list of rows: its row set, then each row's selections. */
static PlanField *
plan_list(Planner *pl, FieldGroup *g, SField *def, CatTable *t, PlanFieldKind kind,
		  const char *path)
{
	PlanField  *pf = new_field(kind, def);

	pf->rows = gql_plan_row_set(pl, g, def, t, path);
	if (pf->rows == NULL || pl->failed)
		return NULL;
	pf->object = gql_plan_object(pl, t, gql_table_object_type(pl->req->schema, t),
								 gql_sub_selections(pl->req, g), path);
	return pf->object ? pf : NULL;
}

/* A column's or a json value's path argument: PF_JSON_PATH. */
static PlanField *
plan_json_path(Planner *pl, FieldGroup *g, SField *def, const char *path)
{
	PlanField  *pf = new_field(PF_JSON_PATH, def);

	pf->jsonPath = gql_plan_json_path(pl, linitial(g->fields), def, path);
	return pl->failed ? NULL : pf;
}

/* Whether a field has an argument of that name. */
static bool
has_arg(SField *def, const char *name)
{
	ListCell   *lc;

	foreach(lc, def->args)
		if (strcmp(GQL_CANON((SField *) lfirst(lc)), name) == 0)
			return true;
	return false;
}

/* A function's value: a scalar, or its row's selections. */
static PlanField *
plan_value(Planner *pl, FieldGroup *g, SField *def, const char *path)
{
	PlanField  *pf = new_value_field(pl, PF_VALUE, def, def->proc->rettype);
	CatTable   *t = def->proc->returnsTable;

	if (t != NULL)
		pf->object = gql_plan_object(pl, t, gql_table_object_type(pl->req->schema, t),
									 gql_sub_selections(pl->req, g), path);
	return pl->failed ? NULL : pf;
}

/*
 * The values of the variables a remote's document carries, checked against
 * their declared types as the role sees them (a field or enum value its
 * permission hides is refused here, as in a literal); false on an error.
 */
static bool
check_forwarded(Planner *pl, List *names, const char *path)
{
	ListCell   *lc;

	foreach(lc, names)
	{
		const char *name = strVal(lfirst(lc));
		ListCell   *lv;

		foreach(lv, pl->req->variables)
		{
			VariableValue *vv = lfirst(lv);
			CoerceContext cx;

			if (strcmp(vv->name, name) != 0 || vv->given == NULL)
				continue;
			cx = gql_exec_context(pl->req);
			if (gql_coerce_json(&cx, vv->given, vv->type, path, name) == NULL)
			{
				pl->req->errors = list_concat(pl->req->errors, cx.errors);
				pl->failed = true;
				return false;
			}
		}
	}
	return true;
}

/* A role's preset needs a session variable the request does not have: Hasura's error. */
static PlanField *
missing_session_variable(Planner *pl, const char *name, const char *path)
{
	gql_add_error(&pl->req->errors, "not-found", NULL, path, "missing session variables: \"%s\"", name);
	pl->failed = true;
	return NULL;
}

/*
 * A remote relationship's field: the pieces of the batched document that
 * asks the remote for it (print.c), the shape of its value.
 */
static PlanField *
plan_remote_join(Planner *pl, FieldGroup *g, SField *def, char *path)
{
	PlanField  *pf = new_field(PF_REMOTE_JOIN, def);
	RemoteJoin *j = palloc0(sizeof(RemoteJoin));
	StringInfoData values;
	ListCell   *lc;

	j->remote = def->remote->name;
	j->rel = def->remoteRel;
	gql_print_remote_join(pl->req, g, def, j);
	if (j->missing != NULL)
		return missing_session_variable(pl, j->missing, path);
	foreach(lc, j->variables)
		if (strncmp(strVal(lfirst(lc)), "__join", 6) == 0)
		{
			gql_plan_error(pl, NULL, path, "variables named $__join... are kept for remote relationships");
			return NULL;
		}
	if (!check_forwarded(pl, j->variables, path))
		return NULL;
	initStringInfo(&values);
	(void) gql_print_variable_values(pl->req, j->variables, &values);
	j->varValues = values.data;
	j->shape = gql_remote_shape(pl->req, g, def);
	j->errorPath = path;
	pf->remoteJoin = j;
	return pf;
}

/* One field of an object over rows of t; NULL if it failed. */
static PlanField *
plan_field(Planner *pl, FieldGroup *g, CatTable *t, SType *type, const char *path)
{
	GqlField   *f = linitial(g->fields);
	SField	   *def;
	char	   *fieldPath;

	if (strcmp(f->name.value, "__typename") == 0)
		return new_field(PF_TYPENAME, NULL);
	def = gql_type_field(type, f->name.value);
	if (def->kind == SF_COLUMN && def->args == NIL)
		return new_value_field(pl, PF_COLUMN, def, def->column->typid);
	fieldPath = gql_cat(path, ".selectionSet.", f->name.value, NULL);
	if (def->kind == SF_COLUMN)
		return plan_json_path(pl, g, def, fieldPath);
	if (def->kind == SF_COMPUTED)
	{
		PlanField  *pf;
		List	   *call = NIL;

		/* Hasura's computed field with args: planned as a function's call */
		if (gql_computed_has_args(def->proc))
		{
			call = gql_plan_call(pl, def->proc, f, def, fieldPath);
			if (pl->failed)
				return NULL;
		}
		if (def->proc->retset)
			pf = plan_list(pl, g, def, def->proc->returnsTable, PF_LIST, fieldPath);
		else if (def->proc->returnsTable == NULL && has_arg(def, "path"))
			pf = plan_json_path(pl, g, def, fieldPath);	/* json: path */
		else
			pf = plan_value(pl, g, def, fieldPath);
		if (pf != NULL)
			pf->call = call;
		return pf;
	}
	if (def->kind == SF_REL_AGGREGATE)
		return plan_aggregate(pl, g, def, def->rel->target, fieldPath);
	if (def->kind == SF_REMOTE_RELATIONSHIP)
		return plan_remote_join(pl, g, def, fieldPath);
	if (def->rel->isArray)
		return plan_list(pl, g, def, def->rel->target, PF_LIST, fieldPath);
	{
		CatTable   *target = def->rel->target;
		PlanField  *pf = new_field(PF_OBJECT, def);

		pf->object = gql_plan_object(pl, target, gql_table_object_type(pl->req->schema, target),
									 gql_sub_selections(pl->req, g), fieldPath);
		return pf->object ? pf : NULL;
	}
}

/*
 * The selections (groups) of an object of type over rows of t, each field
 * planned in order; NULL at the first that fails (errors added).  Once an
 * error is found (here, or before: pl->failed), the first field that
 * plans something is still planned and reports its own errors, as the
 * one-pass compiler did.
 */
PlanObject *
gql_plan_object(Planner *pl, CatTable *t, SType *type, List *groups, const char *path)
{
	PlanObject *po = new_object(t, type, groups);
	ListCell   *lc;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	foreach(lc, groups)
	{
		PlanField  *pf = plan_field(pl, lfirst(lc), t, type, path);

		if (pf == NULL)
			return NULL;
		if (pl->failed && pf->kind != PF_TYPENAME && pf->kind != PF_COLUMN)
			return NULL;
		po->fields = lappend(po->fields, pf);
	}
	return finish_object(pl, po, path);
}

/*
 * An object of aggregates (<t>_aggregate, aggregate { }, sum { }): each
 * leaf an aggregate over the rows of t.
 */
static PlanObject *
plan_aggregate_object(Planner *pl, CatTable *t, SType *type, List *groups, const char *path)
{
	PlanObject *po = new_object(t, type, groups);
	ListCell   *lc;

	check_stack_depth();
	foreach(lc, groups)
	{
		FieldGroup *g = lfirst(lc);
		GqlField   *f = linitial(g->fields);
		char	   *fieldPath = gql_cat(path, ".selectionSet.", f->name.value, NULL);
		SField	   *def;
		PlanField  *pf;

		if (strcmp(f->name.value, "__typename") == 0)
		{
			po->fields = lappend(po->fields, new_field(PF_TYPENAME, NULL));
			continue;
		}
		def = gql_type_field(type, f->name.value);
		switch (def->kind)
		{
			case SF_AGG_AGGREGATE:
			case SF_AGG_FUNC:
				pf = new_field(PF_AGG_OBJECT, def);
				pf->object = plan_aggregate_object(pl, t, gql_ref_named(def->type),
												   gql_sub_selections(pl->req, g), fieldPath);
				break;
			case SF_AGG_COUNT:
				pf = new_field(PF_AGG_COUNT, def);
				pf->countColumns = gql_plan_argument(pl, f, def, "columns", fieldPath);
				pf->countDistinct = gql_plan_argument(pl, f, def, "distinct", fieldPath);
				break;
			case SF_AGG_COLUMN:
				/* by the column's type, as Hasura: the sum or avg of an integer is a number */
				pf = new_value_field(pl, PF_AGG_COLUMN, def, def->column->typid);
				break;
			default:			/* SF_AGG_NODES */
				pf = new_field(PF_AGG_NODES, def);
				pf->object = gql_plan_object(pl, t, gql_table_object_type(pl->req->schema, t),
											 gql_sub_selections(pl->req, g), fieldPath);
				break;
		}
		if (pl->failed)
			return NULL;
		po->fields = lappend(po->fields, pf);
	}
	return finish_object(pl, po, path);
}

/* <t>_aggregate over rows of t: its row set, then its aggregates. */
static PlanField *
plan_aggregate(Planner *pl, FieldGroup *g, SField *def, CatTable *t, const char *path)
{
	PlanField  *pf = new_field(PF_AGGREGATE, def);

	pf->rows = gql_plan_row_set(pl, g, def, t, path);
	if (pf->rows == NULL || pl->failed)
		return NULL;
	pf->object = plan_aggregate_object(pl, t, gql_ref_named(def->type),
									   gql_sub_selections(pl->req, g), path);
	return pf->object ? pf : NULL;
}

/*
 * A root function's field: its call's arguments, then what it returns (an
 * error in the arguments still lets the rows' arguments be checked, as
 * the one-pass compiler did).
 */
static PlanField *
plan_function(Planner *pl, FieldGroup *g, SField *def, const char *path)
{
	CatFunction *fn = def->proc;
	List	   *call = gql_plan_call(pl, fn, linitial(g->fields), def, path);
	PlanField  *pf;

	if (def->kind == SF_ROOT_FUNCTION_AGGREGATE)
		pf = plan_aggregate(pl, g, def, fn->returnsTable, path);
	else if (fn->retset)
		pf = plan_list(pl, g, def, fn->returnsTable, PF_LIST, path);
	else if (fn->returnsTable != NULL)
		pf = plan_list(pl, g, def, fn->returnsTable, PF_FIRST_ROW, path);
	else
		pf = new_value_field(pl, PF_VALUE, def, fn->rettype);
	if (pf == NULL || pl->failed)
		return NULL;
	pf->call = call;
	return pf;
}

/* query_root.<t>_by_pk: the key's arguments, then the row's selections. */
static PlanField *
plan_by_pk(Planner *pl, FieldGroup *g, SField *def, const char *path)
{
	GqlField   *f = linitial(g->fields);
	CatTable   *t = def->table;
	PlanField  *pf = new_field(PF_BY_PK, def);
	ListCell   *lc;

	foreach(lc, def->args)
	{
		SField	   *argdef = lfirst(lc);
		GqlInput   *v = gql_plan_argument(pl, f, def, GQL_CANON(argdef), path);
		CatColumn  *col = gql_table_column(t, GQL_CANON(argdef));
		PlanColumnValue *cv = palloc0(sizeof(PlanColumnValue));

		if (v == NULL || pl->failed)
			return NULL;
		if (col == NULL)
		{
			ListCell   *lc2;

			foreach(lc2, t->pkey)
				if (strcmp(((CatColumn *) lfirst(lc2))->gqlname, GQL_CANON(argdef)) == 0)
					col = lfirst(lc2);
		}
		gql_plan_column_value(pl, col, argdef, v, cv);
		pf->pkey = lappend(pf->pkey, cv);
	}
	if (pl->failed)
		return NULL;
	pf->object = gql_plan_object(pl, t, gql_table_object_type(pl->req->schema, t),
								 gql_sub_selections(pl->req, g), path);
	return pf->object ? pf : NULL;
}

/* A coerced input value as JSON, by its type (an action handler's input). */
static void
input_json(Schema *s, StringInfo out, GqlInput *in, STypeRef *type)
{
	SType	   *t = gql_ref_named(type);
	ListCell   *lc;

	check_stack_depth();
	switch (in->kind)
	{
		case IN_NULL:
			appendStringInfoString(out, "null");
			break;
		case IN_BOOLEAN:
			appendStringInfoString(out, in->boolean ? "true" : "false");
			break;
		case IN_ENUM:
			escape_json(out, in->enumValue->name);
			break;
		case IN_LIST:
			appendStringInfoChar(out, '[');
			while (type->kind == REF_NON_NULL)
				type = type->of;
			foreach(lc, in->items)
			{
				if (foreach_current_index(lc) > 0)
					appendStringInfoString(out, ", ");
				input_json(s, out, lfirst(lc), type->kind == REF_LIST ? type->of : type);
			}
			appendStringInfoChar(out, ']');
			break;
		case IN_OBJECT:
			appendStringInfoChar(out, '{');
			foreach(lc, in->items)
			{
				GqlInputField *f = lfirst(lc);

				if (foreach_current_index(lc) > 0)
					appendStringInfoString(out, ", ");
				escape_json(out, f->field->name);
				appendStringInfoString(out, ": ");
				input_json(s, out, f->value, f->field->type);
			}
			appendStringInfoChar(out, '}');
			break;
		default:
			/* Int and Float as numbers, a custom scalar's JSON as it is, others as strings */
			if (t == s->typeInt || t == s->typeFloat ||
				(t->pgtype == NULL && t->role == SR_CUSTOM_SCALAR))
				appendStringInfoString(out, gql_input_text(in));
			else
				escape_json(out, gql_input_text(in));
			break;
	}
}

/*
 * Whether a selection of an action's output selects a relationship below
 * the output object's own fields (nested true: this level is below).
 */
static bool
nested_relationship(Planner *pl, List *groups, SType *type, bool nested)
{
	ListCell   *lc;

	check_stack_depth();
	foreach(lc, groups)
	{
		FieldGroup *sub = lfirst(lc);
		const char *name = ((GqlField *) linitial(sub->fields))->name.value;
		SField	   *fd = strcmp(name, "__typename") == 0 ? NULL : gql_type_field(type, name);

		if (fd == NULL)
			continue;
		if (fd->kind == SF_RELATIONSHIP)
		{
			if (nested)
				return true;
			continue;
		}
		if (!gql_type_is_leaf(gql_ref_named(fd->type)) &&
			nested_relationship(pl, gql_sub_selections(pl->req, sub), gql_ref_named(fd->type), true))
			return true;
	}
	return false;
}

/*
 * An action's root field: its arguments as the handler's input, the
 * output's keys, and its relationships to tables planned over the rows of
 * their targets.
 */
static PlanField *
plan_action(Planner *pl, FieldGroup *g, SField *def, const char *path)
{
	PlanField  *pf = new_field(PF_ACTION, def);
	PlanAction *pa = palloc0(sizeof(PlanAction));
	GqlField   *f = linitial(g->fields);
	SType	   *out = gql_ref_named(def->type);
	StringInfoData input;
	int			n = 0;
	ListCell   *lc;

	pf->action = pa;
	pa->action = def->action;
	pa->output = def->type;
	initStringInfo(&input);
	appendStringInfoChar(&input, '{');
	foreach(lc, def->args)
	{
		SField	   *arg = lfirst(lc);
		GqlInput   *in = gql_plan_argument(pl, f, def, arg->name, path);

		if (in == NULL)
			continue;
		appendStringInfoString(&input, n++ ? ", " : "");
		escape_json(&input, arg->name);
		appendStringInfoString(&input, ": ");
		input_json(pl->req->schema, &input, in, arg->type);
	}
	appendStringInfoChar(&input, '}');
	pa->input = input.data;
	if (pl->failed)
		return NULL;
	pa->shape = gql_remote_shape(pl->req, g, def);
	if (pa->shape == NULL)
		return pf;
	if (nested_relationship(pl, gql_sub_selections(pl->req, g), out, false))
	{
		gql_plan_error(pl, NULL, path, "relationships of custom objects nested in an action's output are not supported");
		return NULL;
	}
	pa->rels = palloc(sizeof(int) * Max(pa->shape->n, 1));
	foreach(lc, gql_sub_selections(pl->req, g))
	{
		FieldGroup *sub = lfirst(lc);
		const char *name = ((GqlField *) linitial(sub->fields))->name.value;
		SField	   *fd = strcmp(name, "__typename") == 0 ? NULL : gql_type_field(out, name);
		int			i = foreach_current_index(lc);
		PlanField  *rf;

		pa->rels[i] = -1;
		if (fd == NULL || fd->kind != SF_RELATIONSHIP)
			continue;
		rf = plan_field(pl, sub, NULL, out, path);
		if (rf == NULL)
			return NULL;
		if (gql_join_shape(rf) != NULL)
		{
			gql_plan_error(pl, NULL, path, "remote relationships under an action's relationships are not supported");
			return NULL;
		}
		pa->rels[i] = list_length(pa->relFields);
		pa->relFields = lappend(pa->relFields, rf);
		pa->shape->subs[i] = NULL;	/* written from the rows, not the answer */
	}
	return pf;
}

/*
 * Plan a root field (of query_root, or of mutation_root) whole; NULL on an
 * error (added to the request's errors).
 */
PlanField *
gql_plan_root(Planner *pl, FieldGroup *g, SField *def, const char *path)
{
	PlanField  *pf;
	char	   *missing;

	switch (def->kind)
	{
		case SF_ROOT_LIST:
			return plan_list(pl, g, def, def->table, PF_LIST, path);
		case SF_ROOT_AGGREGATE:
			return plan_aggregate(pl, g, def, def->table, path);
		case SF_ROOT_FUNCTION:
		case SF_ROOT_FUNCTION_AGGREGATE:
			return plan_function(pl, g, def, path);
		case SF_ROOT_BY_PK:
			return plan_by_pk(pl, g, def, path);
		case SF_ACTION:
			return plan_action(pl, g, def, path);
		case SF_REMOTE:
		case SF_REMOTE_NAMESPACE:
			pf = new_field(PF_REMOTE, def);
			pf->remoteDocument = gql_print_remote(pl->req, g, pl->req->op->operation == GQL_OP_MUTATION ?
												  pl->req->schema->mutationRoot : pl->req->schema->queryRoot,
												  def->kind == SF_REMOTE_NAMESPACE, &pf->remoteVariables,
												  &missing);
			if (missing != NULL)
				return missing_session_variable(pl, missing, path);
			if (!check_forwarded(pl, pf->remoteVariables, path))
				return NULL;
			pf->remoteShape = gql_remote_shape(pl->req, g, def);
			return pf;
		default:
			pf = new_field(PF_MUTATION, def);
			pf->mutation = gql_plan_mutation(pl, g, def, path);
			return pf->mutation ? pf : NULL;
	}
}

/* Add the columns of the row a relationship's join reads. */
static void
join_columns_read(CatRelationship *r, NameSet *names)
{
	CatForeignKey *fk = r->fk;

	for (int i = 0; i < fk->ncols; i++)
	{
		CatColumn  *mine = r->outgoing ? fk->fromCols[i] : fk->toCols[i];

		gql_name_set_add(names, mine->quoted);
	}
}

/*
 * The columns of a row that an object's fields read, added to names by
 * their quoted names: a column (with a JSON path or not), the columns a
 * relationship or a relationship's aggregate joins on.  True when they
 * read the whole row (a computed field's call).
 */
bool
gql_plan_columns_read(PlanObject *po, NameSet *names)
{
	ListCell   *lc;

	foreach(lc, po->fields)
	{
		PlanField  *pf = lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (pf->kind == PF_TYPENAME)
			continue;
		switch (pf->def->kind)
		{
			case SF_COLUMN:
				gql_name_set_add(names, pf->def->column->quoted);
				break;
			case SF_RELATIONSHIP:
			case SF_REL_AGGREGATE:
				join_columns_read(pf->def->rel, names);
				break;
			case SF_REMOTE_RELATIONSHIP:
				{
					ListCell   *lc2;

					foreach(lc2, pf->def->remoteRel->lhs)
						gql_name_set_add(names, ((CatColumn *) lfirst(lc2))->quoted);
					break;
				}
			default:
				return true;	/* a computed field: ROW(every attribute) */
		}
	}
	return false;
}

/*
 * A mutation's response over the rows it wrote, of t: a row (insert_<t>_one,
 * ..._by_pk), or a <t>_mutation_response (affected_rows, returning).  Every
 * field is planned, even after one fails, as the one-pass compiler did.
 */
PlanObject *
gql_plan_mutation_response(Planner *pl, FieldGroup *g, SField *def, CatTable *t, const char *path)
{
	SType	   *type = gql_ref_named(def->type);
	SType	   *rowType = gql_table_object_type(pl->req->schema, t);
	List	   *groups = gql_sub_selections(pl->req, g);
	PlanObject *po;
	ListCell   *lc;

	if (type->role == SR_TABLE)
		return gql_plan_object(pl, t, rowType, groups, path);
	po = new_object(t, type, groups);
	foreach(lc, groups)
	{
		FieldGroup *sub = lfirst(lc);
		const char *name = ((GqlField *) linitial(sub->fields))->name.value;
		PlanField  *pf;

		if (strcmp(name, "__typename") == 0)
			pf = new_field(PF_TYPENAME, NULL);
		else if (gql_type_field(type, name)->kind == SF_AFFECTED_ROWS)
			pf = new_field(PF_AFFECTED_ROWS, NULL);
		else
		{
			pf = new_field(PF_RETURNING, NULL);
			pf->object = gql_plan_object(pl, t, rowType, gql_sub_selections(pl->req, sub),
										 psprintf("%s.selectionSet.%s", path, name));
		}
		po->fields = lappend(po->fields, pf);
	}
	return finish_object(pl, po, path);
}
