/*-------------------------------------------------------------------------
 *
 * introspection.c
 *	  The introspection system (spec section 4): the types __Schema,
 *	  __Type, __Field, __InputValue, __EnumValue, __Directive, the meta
 *	  fields __schema and __type of query_root, and their resolution.
 *
 * In:  a Schema (schema.c) and a root field __schema or __type.
 * Out: the field's JSON, written directly (no SQL is involved).
 *
 * The introspection types are ordinary types of the Schema, so validation
 * treats them like any other; the schema they describe is the one
 * resolve validates against, for the current role: one source of truth.
 * Types are listed in the order graphql-js gives its type map (the query
 * type and everything it references, depth first, then the directives'
 * argument types, then the introspection types), and graphql.sdl() prints
 * them in the same order.
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

/* Add an argument with a default value (a GraphQL literal) to a field. */
static void
add_arg_default(SField *f, const char *name, STypeRef *type, const char *defaultValue)
{
	SField	   *a = gql_add_arg(f, name, type);

	a->defaultValue = defaultValue;
}

/* Add an introspection field. */
static SField *
ifield(SType *t, const char *name, STypeRef *type)
{
	return gql_add_field(t, name, type, SF_INTROSPECTION);
}

/* The built-in directives every schema has. */
static void
add_directives(Schema *s)
{
	STypeRef   *boolean = gql_non_null_ref(gql_named_ref(s->typeBoolean));
	SDirective *d;

	d = palloc0(sizeof(SDirective));
	d->name = "include";
	d->description = "Directs the executor to include this field or fragment only when the `if` argument is true.";
	d->locations = list_make3("FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT");
	d->args = list_make1(palloc0(sizeof(SField)));
	((SField *) linitial(d->args))->name = "if";
	((SField *) linitial(d->args))->description = "Included when true.";
	((SField *) linitial(d->args))->type = boolean;
	((SField *) linitial(d->args))->kind = SF_ARGUMENT;
	s->directives = lappend(s->directives, d);

	d = palloc0(sizeof(SDirective));
	d->name = "skip";
	d->description = "Directs the executor to skip this field or fragment when the `if` argument is true.";
	d->locations = list_make3("FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT");
	d->args = list_make1(palloc0(sizeof(SField)));
	((SField *) linitial(d->args))->name = "if";
	((SField *) linitial(d->args))->description = "Skipped when true.";
	((SField *) linitial(d->args))->type = boolean;
	((SField *) linitial(d->args))->kind = SF_ARGUMENT;
	s->directives = lappend(s->directives, d);

	d = palloc0(sizeof(SDirective));
	d->name = "deprecated";
	d->description = "Marks an element of a GraphQL schema as no longer supported.";
	d->locations = list_make4("FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE");
	d->args = list_make1(palloc0(sizeof(SField)));
	((SField *) linitial(d->args))->name = "reason";
	((SField *) linitial(d->args))->description = "Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/).";
	((SField *) linitial(d->args))->type = gql_named_ref(s->typeString);
	((SField *) linitial(d->args))->kind = SF_ARGUMENT;
	((SField *) linitial(d->args))->defaultValue = "\"No longer supported\"";
	s->directives = lappend(s->directives, d);

	d = palloc0(sizeof(SDirective));
	d->name = "specifiedBy";
	d->description = "Exposes a URL that specifies the behavior of this scalar.";
	d->locations = list_make1("SCALAR");
	d->args = list_make1(palloc0(sizeof(SField)));
	((SField *) linitial(d->args))->name = "url";
	((SField *) linitial(d->args))->description = "The URL that specifies the behavior of this scalar.";
	((SField *) linitial(d->args))->type = gql_non_null_ref(gql_named_ref(s->typeString));
	((SField *) linitial(d->args))->kind = SF_ARGUMENT;
	s->directives = lappend(s->directives, d);
}

/*
 * Add the introspection types and the meta fields __schema and __type
 * (not listed among query_root's fields) to a schema.
 */
void
gql_add_introspection(Schema *s)
{
	STypeRef   *string = gql_named_ref(s->typeString);
	STypeRef   *nnString = gql_non_null_ref(string);
	STypeRef   *nnBoolean = gql_non_null_ref(gql_named_ref(s->typeBoolean));
	STypeRef   *boolean = gql_named_ref(s->typeBoolean);
	SType	   *schemaT = gql_new_type(s, SK_OBJECT, SR_INTROSPECTION, "__Schema");
	SType	   *typeT = gql_new_type(s, SK_OBJECT, SR_INTROSPECTION, "__Type");
	SType	   *fieldT = gql_new_type(s, SK_OBJECT, SR_INTROSPECTION, "__Field");
	SType	   *inputT = gql_new_type(s, SK_OBJECT, SR_INTROSPECTION, "__InputValue");
	SType	   *enumValueT = gql_new_type(s, SK_OBJECT, SR_INTROSPECTION, "__EnumValue");
	SType	   *directiveT = gql_new_type(s, SK_OBJECT, SR_INTROSPECTION, "__Directive");
	SType	   *kindT = gql_new_type(s, SK_ENUM, SR_INTROSPECTION, "__TypeKind");
	SType	   *locationT = gql_new_type(s, SK_ENUM, SR_INTROSPECTION, "__DirectiveLocation");
	STypeRef   *type = gql_named_ref(typeT);
	STypeRef   *nnType = gql_non_null_ref(type);
	STypeRef   *types = gql_list_ref(nnType);
	STypeRef   *inputs = gql_list_ref(gql_non_null_ref(gql_named_ref(inputT)));
	SField	   *f;
	static const char *const kinds[] = {
		"SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "LIST", "NON_NULL"
	};
	static const char *const locations[] = {
		"QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD",
		"INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION",
		"ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT",
		"INPUT_FIELD_DEFINITION"
	};

	schemaT->description = "A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and directives on the server, as well as the entry points for query, mutation, and subscription operations.";
	ifield(schemaT, "description", string);
	ifield(schemaT, "types", gql_non_null_ref(types))->description = "A list of all types supported by this server.";
	ifield(schemaT, "queryType", nnType)->description = "The type that query operations will be rooted at.";
	ifield(schemaT, "mutationType", type)->description = "If this server supports mutation, the type that mutation operations will be rooted at.";
	ifield(schemaT, "subscriptionType", type)->description = "If this server support subscription, the type that subscription operations will be rooted at.";
	ifield(schemaT, "directives", gql_non_null_ref(gql_list_ref(gql_non_null_ref(gql_named_ref(directiveT)))))->description = "A list of all directives supported by this server.";

	typeT->description = "The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.\n\nDepending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.";
	ifield(typeT, "kind", gql_non_null_ref(gql_named_ref(kindT)));
	ifield(typeT, "name", string);
	ifield(typeT, "description", string);
	ifield(typeT, "specifiedByURL", string);
	f = ifield(typeT, "fields", gql_list_ref(gql_non_null_ref(gql_named_ref(fieldT))));
	add_arg_default(f, "includeDeprecated", boolean, "false");
	ifield(typeT, "interfaces", types);
	ifield(typeT, "possibleTypes", types);
	f = ifield(typeT, "enumValues", gql_list_ref(gql_non_null_ref(gql_named_ref(enumValueT))));
	add_arg_default(f, "includeDeprecated", boolean, "false");
	f = ifield(typeT, "inputFields", inputs);
	add_arg_default(f, "includeDeprecated", boolean, "false");
	ifield(typeT, "ofType", type);
	ifield(typeT, "isOneOf", boolean);

	fieldT->description = "Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type.";
	ifield(fieldT, "name", nnString);
	ifield(fieldT, "description", string);
	f = ifield(fieldT, "args", gql_non_null_ref(inputs));
	add_arg_default(f, "includeDeprecated", boolean, "false");
	ifield(fieldT, "type", nnType);
	ifield(fieldT, "isDeprecated", nnBoolean);
	ifield(fieldT, "deprecationReason", string);

	inputT->description = "Arguments provided to Fields or Directives and the input fields of an InputObject are represented as Input Values which describe their type and optionally a default value.";
	ifield(inputT, "name", nnString);
	ifield(inputT, "description", string);
	ifield(inputT, "type", nnType);
	ifield(inputT, "defaultValue", string)->description = "A GraphQL-formatted string representing the default value for this input value.";
	ifield(inputT, "isDeprecated", nnBoolean);
	ifield(inputT, "deprecationReason", string);

	enumValueT->description = "One possible value for a given Enum. Enum values are unique values, not a placeholder for a string or numeric value. However an Enum value is returned in a JSON response as a string.";
	ifield(enumValueT, "name", nnString);
	ifield(enumValueT, "description", string);
	ifield(enumValueT, "isDeprecated", nnBoolean);
	ifield(enumValueT, "deprecationReason", string);

	directiveT->description = "A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.\n\nIn some cases, you need to provide options to alter GraphQL's execution behavior in ways field arguments will not suffice, such as conditionally including or skipping a field. Directives provide this by describing additional information to the executor.";
	ifield(directiveT, "name", nnString);
	ifield(directiveT, "description", string);
	ifield(directiveT, "isRepeatable", nnBoolean);
	ifield(directiveT, "locations", gql_non_null_ref(gql_list_ref(gql_non_null_ref(gql_named_ref(locationT)))));
	f = ifield(directiveT, "args", gql_non_null_ref(inputs));
	add_arg_default(f, "includeDeprecated", boolean, "false");

	kindT->description = "An enum describing what kind of type a given `__Type` is.";
	for (int i = 0; i < (int) lengthof(kinds); i++)
		gql_add_enum_value(kindT, kinds[i]);
	locationT->description = "A Directive can be adjacent to many parts of the GraphQL language, a __DirectiveLocation describes one such possible adjacencies.";
	for (int i = 0; i < (int) lengthof(locations); i++)
		gql_add_enum_value(locationT, locations[i]);

	f = gql_add_field(s->queryRoot, "__schema", gql_non_null_ref(gql_named_ref(schemaT)), SF_META);
	f->description = "Access the current type schema of this server.";
	f = gql_add_field(s->queryRoot, "__type", type, SF_META);
	f->description = "Request the type information of a single type.";
	gql_add_arg(f, "name", nnString);

	add_directives(s);
}

/* Types collected so far: the list in order, and a set of them. */
typedef struct TypeOrder
{
	List	   *order;
	HTAB	   *seen;			/* of SType * */
} TypeOrder;

/* Add a named type and, depth first, every type it references. */
static void
collect_type(TypeOrder *o, SType *t)
{
	ListCell   *lc;
	bool		found;

	check_stack_depth();
	hash_search(o->seen, &t, HASH_ENTER, &found);
	if (found)
		return;
	o->order = lappend(o->order, t);
	foreach(lc, t->fields)
	{
		SField	   *f = lfirst(lc);
		ListCell   *la;

		if (f->kind == SF_META)
			continue;
		collect_type(o, gql_ref_named(f->type));
		foreach(la, f->args)
			collect_type(o, gql_ref_named(((SField *) lfirst(la))->type));
	}
}

static int
compare_type_names(const ListCell *a, const ListCell *b)
{
	return strcmp(((SType *) lfirst(a))->name, ((SType *) lfirst(b))->name);
}

/*
 * The schema's types, sorted by name as Hasura lists them: those the query
 * type references (depth first), the directives' argument types, the
 * introspection types.  (graphql-js keeps this order when it builds a
 * client schema, so its printSchema prints them in it too.)
 */
List *
gql_schema_type_order(const Schema *s)
{
	TypeOrder	o;
	HASHCTL		ctl;
	ListCell   *lc;

	ctl.keysize = sizeof(SType *);
	ctl.entrysize = sizeof(SType *);
	ctl.hcxt = CurrentMemoryContext;
	o.order = NIL;
	o.seen = hash_create("graphql type order", 1024, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	collect_type(&o, s->queryRoot);
	if (s->mutationRoot != NULL)
		collect_type(&o, s->mutationRoot);
	foreach(lc, s->directives)
	{
		ListCell   *la;

		foreach(la, ((SDirective *) lfirst(lc))->args)
			collect_type(&o, gql_ref_named(((SField *) lfirst(la))->type));
	}
	collect_type(&o, gql_schema_type(s, "__Schema"));
	hash_destroy(o.seen);
	list_sort(o.order, compare_type_names);
	return o.order;
}


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

	foreach(lc, t->fields)
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
				resolve_list(req, I_ENUM_VALUE, t->values, g, out);
			else if (strcmp(name, "inputFields") == 0 && t->kind == SK_INPUT_OBJECT)
				resolve_list(req, I_INPUT_VALUE, t->fields, g, out);
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
