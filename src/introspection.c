/*-------------------------------------------------------------------------
 *
 * introspection.c
 *	  The meta fields __schema and __type of query_root resolved (spec
 *	  section 4): the schema described through its introspection types.
 *
 * In:  a Schema (its introspection types are built by
 *	    schema_introspection.c) and a root field __schema or __type.
 * Out: the field's JSON, written directly (no SQL is involved).
 *
 * The schema described is the one resolve validates against, for the
 * current role: one source of truth.  Types are listed in
 * gql_schema_type_order's order, as graphql.sdl() prints them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/json.h"

#include "deparse.h"
#include "error.h"
#include "introspection.h"

/* What an introspection value is. */
typedef enum IKind
{
	I_SCHEMA,
	I_TYPE,						/* a named type: SType */
	I_WRAPPER,					/* a list or non-null wrapper: STypeRef */
	I_FIELD,					/* an output field: SField */
	I_INPUT_VALUE,				/* an argument or input field: SField */
	I_ENUM_VALUE,				/* SEnumValue */
	I_DIRECTIVE					/* SDirective */
} IKind;

static const char *const kindTypeNames[] = {
	"__Schema", "__Type", "__Type", "__Field", "__InputValue", "__EnumValue", "__Directive"
};

static void resolve_object(Request *req, IKind kind, const void *obj, List *groups, StringInfo out);

static void
put_string_or_null(StringInfo out, const char *s)
{
	if (s)
		escape_json(out, s);
	else
		appendStringInfoString(out, "null");
}

/* A list of introspection objects of one kind. */
static void
resolve_list(Request *req, IKind kind, List *items, FieldGroup *g, StringInfo out)
{
	List	   *groups = gql_sub_selections(req, g);
	ListCell   *lc;

	appendStringInfoChar(out, '[');
	foreach(lc, items)
	{
		if (foreach_current_index(lc) > 0)
			appendStringInfoString(out, ", ");
		resolve_object(req, kind, lfirst(lc), groups, out);
	}
	appendStringInfoChar(out, ']');
}

/* A type reference: a named type, or a wrapper with its ofType. */
static void
resolve_ref(Request *req, const STypeRef *ref, FieldGroup *g, StringInfo out)
{
	if (ref == NULL)
		appendStringInfoString(out, "null");
	else if (ref->kind == REF_NAMED)
		resolve_object(req, I_TYPE, ref->named, gql_sub_selections(req, g), out);
	else
		resolve_object(req, I_WRAPPER, ref, gql_sub_selections(req, g), out);
}

/* The __TypeKind of a named type. */
static const char *
type_kind(const SType *t)
{
	switch (t->kind)
	{
		case SK_SCALAR:
			return "SCALAR";
		case SK_OBJECT:
			return "OBJECT";
		case SK_ENUM:
			return "ENUM";
		default:
			return "INPUT_OBJECT";
	}
}

/* The listed fields of an object type (not the meta fields). */
static List *
listed_fields(const SType *t)
{
	List	   *out = NIL;
	ListCell   *lc;

	foreach(lc, gql_type_fields(t))
		if (((SField *) lfirst(lc))->kind != SF_META)
			out = lappend(out, lfirst(lc));
	return out;
}

/* One field of an introspection object. */
static void
resolve_field(Request *req, IKind kind, const void *obj, const char *name, FieldGroup *g,
			  StringInfo out)
{
	const SType *t = obj;
	const STypeRef *ref = obj;
	const SField *f = obj;
	const SEnumValue *ev = obj;
	const SDirective *d = obj;

	if (strcmp(name, "__typename") == 0)
	{
		escape_json(out, kindTypeNames[kind]);
		return;
	}
	switch (kind)
	{
		case I_SCHEMA:
			if (strcmp(name, "types") == 0)
				resolve_list(req, I_TYPE, gql_schema_type_order(req->schema), g, out);
			else if (strcmp(name, "queryType") == 0)
				resolve_object(req, I_TYPE, req->schema->queryRoot, gql_sub_selections(req, g), out);
			else if (strcmp(name, "mutationType") == 0 && req->schema->mutationRoot != NULL)
				resolve_object(req, I_TYPE, req->schema->mutationRoot, gql_sub_selections(req, g), out);
			else if (strcmp(name, "directives") == 0)
				resolve_list(req, I_DIRECTIVE, req->schema->directives, g, out);
			else
				appendStringInfoString(out, "null");	/* description, mutationType,
														 * subscriptionType */
			return;
		case I_TYPE:
			if (strcmp(name, "kind") == 0)
				escape_json(out, type_kind(t));
			else if (strcmp(name, "name") == 0)
				escape_json(out, t->name);
			else if (strcmp(name, "description") == 0)
				put_string_or_null(out, t->description);
			else if (strcmp(name, "fields") == 0 && t->kind == SK_OBJECT)
				resolve_list(req, I_FIELD, listed_fields(t), g, out);
			else if (strcmp(name, "interfaces") == 0 && t->kind == SK_OBJECT)
				appendStringInfoString(out, "[]");
			else if (strcmp(name, "enumValues") == 0 && t->kind == SK_ENUM)
				resolve_list(req, I_ENUM_VALUE, gql_type_values(t), g, out);
			else if (strcmp(name, "inputFields") == 0 && t->kind == SK_INPUT_OBJECT)
				resolve_list(req, I_INPUT_VALUE, gql_type_fields(t), g, out);
			else if (strcmp(name, "isOneOf") == 0 && t->kind == SK_INPUT_OBJECT)
				appendStringInfoString(out, "false");
			else
				appendStringInfoString(out, "null");	/* specifiedByURL,
														 * possibleTypes, ofType */
			return;
		case I_WRAPPER:
			if (strcmp(name, "kind") == 0)
				escape_json(out, ref->kind == REF_LIST ? "LIST" : "NON_NULL");
			else if (strcmp(name, "ofType") == 0)
				resolve_ref(req, ref->of, g, out);
			else
				appendStringInfoString(out, "null");
			return;
		case I_FIELD:
		case I_INPUT_VALUE:
			if (strcmp(name, "name") == 0)
				escape_json(out, f->name);
			else if (strcmp(name, "description") == 0)
				put_string_or_null(out, f->description);
			else if (strcmp(name, "args") == 0)
				resolve_list(req, I_INPUT_VALUE, f->args, g, out);
			else if (strcmp(name, "type") == 0)
				resolve_ref(req, f->type, g, out);
			else if (strcmp(name, "defaultValue") == 0)
				put_string_or_null(out, f->defaultValue);
			else if (strcmp(name, "isDeprecated") == 0)
				appendStringInfoString(out, "false");
			else
				appendStringInfoString(out, "null");	/* deprecationReason */
			return;
		case I_ENUM_VALUE:
			if (strcmp(name, "name") == 0)
				escape_json(out, ev->name);
			else if (strcmp(name, "description") == 0)
				put_string_or_null(out, ev->description);
			else if (strcmp(name, "isDeprecated") == 0)
				appendStringInfoString(out, "false");
			else
				appendStringInfoString(out, "null");
			return;
		case I_DIRECTIVE:
			if (strcmp(name, "name") == 0)
				escape_json(out, d->name);
			else if (strcmp(name, "description") == 0)
				put_string_or_null(out, d->description);
			else if (strcmp(name, "isRepeatable") == 0)
				appendStringInfoString(out, "false");
			else if (strcmp(name, "locations") == 0)
			{
				ListCell   *lc;

				appendStringInfoChar(out, '[');
				foreach(lc, d->locations)
				{
					if (foreach_current_index(lc) > 0)
						appendStringInfoString(out, ", ");
					escape_json(out, lfirst(lc));
				}
				appendStringInfoChar(out, ']');
			}
			else if (strcmp(name, "args") == 0)
				resolve_list(req, I_INPUT_VALUE, d->args, g, out);
			else
				appendStringInfoString(out, "null");
			return;
	}
}

/* An introspection object with its selections, as a JSON object. */
static void
resolve_object(Request *req, IKind kind, const void *obj, List *groups, StringInfo out)
{
	ListCell   *lc;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	appendStringInfoChar(out, '{');
	foreach(lc, groups)
	{
		FieldGroup *g = lfirst(lc);

		if (foreach_current_index(lc) > 0)
			appendStringInfoString(out, ", ");
		escape_json(out, g->key);
		appendStringInfoString(out, ": ");
		resolve_field(req, kind, obj, ((GqlField *) linitial(g->fields))->name.value, g, out);
	}
	appendStringInfoChar(out, '}');
}

/*
 * Resolve a root meta field (__schema or __type) into out; false with an
 * error added when its argument cannot be coerced.
 */
bool
gql_introspect(Request *req, FieldGroup *g, StringInfo out)
{
	GqlField   *f = linitial(g->fields);

	if (strcmp(f->name.value, "__schema") == 0)
	{
		resolve_object(req, I_SCHEMA, NULL, gql_sub_selections(req, g), out);
		return true;
	}
	else
	{
		CoerceContext cx = gql_exec_context(req);
		GqlArgument *a = linitial(f->arguments);
		GqlInput   *name = gql_coerce_literal(&cx, a->value,
											  gql_non_null_ref(gql_named_ref(req->schema->typeString)),
											  "$.selectionSet.__type.args.name");
		SType	   *t;

		if (name == NULL || name->kind != IN_SCALAR)
		{
			req->errors = list_concat(req->errors, cx.errors);
			return false;
		}
		t = gql_schema_type(req->schema, gql_input_text(name));
		if (t == NULL)
			appendStringInfoString(out, "null");
		else
			resolve_object(req, I_TYPE, t, gql_sub_selections(req, g), out);
		return true;
	}
}
