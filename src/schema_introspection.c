/*-------------------------------------------------------------------------
 *
 * schema_introspection.c
 *	  The introspection types of a schema (spec section 4.5: __Schema,
 *	  __Type, __Field, __InputValue, __EnumValue, __Directive), the built-in
 *	  directives, and the order in which the schema's types are listed.
 *
 * In:  a Schema being built (schema.c calls gql_add_introspection last).
 * Out: the introspection types as ordinary types of that Schema, so that
 *	    validation treats them like any other; introspection.c resolves
 *	    them, sdl.c prints the types in gql_schema_type_order's order.
 *
 * Types are listed in the order graphql-js gives its type map (the query
 * type and everything it references, depth first, then the directives'
 * argument types, then the introspection types).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/hsearch.h"

#include "schema_internal.h"

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

	/* Hasura's: accepted on a query, and ignored (validate.c) */
	d = palloc0(sizeof(SDirective));
	d->name = "cached";
	d->description = "whether this query should be cached (Hasura Cloud only)";
	d->locations = list_make1("QUERY");
	d->args = list_make2(palloc0(sizeof(SField)), palloc0(sizeof(SField)));
	((SField *) linitial(d->args))->name = "ttl";
	((SField *) linitial(d->args))->description = "measured in seconds";
	((SField *) linitial(d->args))->type = gql_non_null_ref(gql_named_ref(s->typeInt));
	((SField *) linitial(d->args))->kind = SF_ARGUMENT;
	((SField *) linitial(d->args))->defaultValue = "60";
	((SField *) lsecond(d->args))->name = "refresh";
	((SField *) lsecond(d->args))->description = "refresh the cache entry";
	((SField *) lsecond(d->args))->type = boolean;
	((SField *) lsecond(d->args))->kind = SF_ARGUMENT;
	((SField *) lsecond(d->args))->defaultValue = "false";
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

	gql_schema_complete((Schema *) s);	/* every type is listed */
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
	collect_type(&o, gql_declared_type(s, "__Schema"));
	hash_destroy(o.seen);
	list_sort(o.order, compare_type_names);
	return o.order;
}
