/*-------------------------------------------------------------------------
 *
 * request.c
 *	  A request's variables: the operation's variable definitions matched
 *	  with the values given, and the coercion context that reads them; and
 *	  its fields collected with @skip and @include decided by them.
 *
 * In:  a Request with its schema and chosen operation (graphql.c), and the
 *	    "variables" object as given.
 * Out: req->variables (VariableValue: the definition, the value given or
 *	    NULL), or request errors.  Values are coerced where they are used
 *	    (values.c), so that an error names the argument, as Hasura's do.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"

#include "error.h"
#include "names.h"
#include "request.h"
#include "validate.h"

/* A coercion context in executing mode for this request. */
CoerceContext
gql_exec_context(Request *req)
{
	CoerceContext cx = {req->schema, NIL, NIL, req->variables, false, &req->leaves, &req->pinned};

	return cx;
}

/*
 * The operation's variables from the request's "variables" object: every
 * non-null one given (or defaulted), no undeclared ones.  Their values are
 * coerced where they are used (values.c), so that errors name the
 * argument, as Hasura's do.  False with errors added on failure.
 */
bool
gql_coerce_variables(Request *req, Jsonb *variables)
{
	CoerceContext cx = gql_exec_context(req);
	ListCell   *lc;
	StringInfoData extra;
	bool		isObject = variables == NULL ||
		(JB_ROOT_IS_OBJECT(variables) && !JB_ROOT_IS_SCALAR(variables));

	if (!isObject && !(JB_ROOT_IS_SCALAR(variables) && JB_ROOT_COUNT(variables) == 1 &&
					   getIthJsonbValueFromContainer(&variables->root, 0)->type == jbvNull))
	{
		GqlError   *err = gql_error(GQL_CODE_VALIDATION_FAILED, NULL,
									"variableValues must be an object");

		err->path = "$.variableValues";
		req->errors = lappend(req->errors, err);
		return false;
	}
	if (!isObject)
		variables = NULL;

	foreach(lc, req->op->variableDefinitions)
	{
		GqlVariableDefinition *d = lfirst(lc);
		STypeRef   *type = gql_type_from_ast(req->schema, d->type);
		VariableValue *vv = palloc0(sizeof(VariableValue));
		JsonbValue *given = NULL;
		char	   *path = "$";

		vv->name = d->variable->str;
		vv->type = type;
		vv->defaultValue = d->defaultValue;
		if (variables != NULL)
		{
			JsonbValue	key;

			key.type = jbvString;
			key.val.string.val = (char *) d->variable->str;
			key.val.string.len = strlen(d->variable->str);
			given = findJsonbValueFromContainer(&variables->root, JB_FOBJECT, &key);
		}
		vv->given = given;
		if (type->kind == REF_NON_NULL &&
			((given == NULL && d->defaultValue == NULL) || (given != NULL && given->type == jbvNull)))
		{
			GqlError   *err = given == NULL ?
				gql_error(GQL_CODE_VALIDATION_FAILED, &d->n.loc,
						  "expecting a value for non-nullable variable: \"%s\"", d->variable->str) :
				gql_error(GQL_CODE_VALIDATION_FAILED, &d->n.loc,
						  "null value found for non-nullable type: \"%s\"", gql_ref_string(type));

			err->path = path;
			cx.errors = lappend(cx.errors, err);
		}
		cx.variables = lappend(cx.variables, vv);
	}

	/* Hasura refuses variables the operation does not declare */
	initStringInfo(&extra);
	if (variables != NULL)
	{
		JsonbIterator *it = JsonbIteratorInit(&variables->root);
		JsonbValue	v;
		JsonbIteratorToken tok;

		NameSet		declared = {NIL, NULL};

		foreach(lc, req->op->variableDefinitions)
			gql_name_set_add(&declared, ((GqlVariableDefinition *) lfirst(lc))->variable->str);
		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			char	   *name;

			CHECK_FOR_INTERRUPTS();
			if (tok != WJB_KEY)
				continue;
			name = pnstrdup(v.val.string.val, v.val.string.len);
			if (!gql_name_set_has(&declared, name))
				appendStringInfo(&extra, "%s%s", extra.len ? ", " : "", name);
		}
	}
	if (extra.len > 0)
	{
		GqlError   *err = gql_error(GQL_CODE_VALIDATION_FAILED, NULL,
									"unexpected variables in variableValues: %s", extra.data);

		err->path = "$";
		cx.errors = lappend(cx.errors, err);
	}
	req->variables = cx.variables;
	req->errors = list_concat(req->errors, cx.errors);
	return cx.errors == NIL;
}

/*
 * Append a request error found while planning (or compiling) to req; at is
 * the value it is about, path where it is (at's path when NULL).
 */
void
gql_request_verror(Request *req, const GqlInput *at, const char *path, const char *fmt, va_list args)
{
	gql_add_error(&req->errors, GQL_CODE_VALIDATION_FAILED, at ? at->loc : NULL,
				  path ? path : (at ? at->path : NULL), "%s", gql_vformat(fmt, args));
}

/* CollectFields with the request's variables deciding @skip and @include (FieldGroups). */
List *
gql_collect_fields(Request *req, List *selections)
{
	CoerceContext cx = gql_exec_context(req);
	Collect		how = {req->doc, NULL, &cx};

	return gql_collect(&how, selections, NULL);
}

/*
 * The sub-selections of a group's fields, merged: collected once per
 * request (introspection asks for those of one group once per object it
 * lists), so the caller must not change the list.
 */
List *
gql_sub_selections(Request *req, FieldGroup *g)
{
	List	   *selections = NIL;
	ListCell   *lc;

	if (g->subFor == req)
		return g->sub;
	foreach(lc, g->fields)
	{
		GqlField   *f = lfirst(lc);

		if (f->selectionSet)
			selections = list_concat(selections, f->selectionSet->selections);
	}
	g->sub = gql_collect_fields(req, selections);
	g->subFor = req;
	list_free(selections);
	return g->sub;
}
