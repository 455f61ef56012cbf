/*-------------------------------------------------------------------------
 *
 * ast_json.c
 *	  Renders a parsed document as jsonb in graphql-js's AST shape.
 *
 * In:  a GqlDocument from gql_parse().
 * Out: jsonb equal to JSON.parse(JSON.stringify(parse(src, {noLocation:
 *		true}))) in graphql-js: members that graphql-js leaves undefined
 *		(a missing alias, name, default value or selection set) are absent.
 *
 * This is graphql.parse's output, a debugging aid; the rest of the
 * extension reads the C tree directly.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/jsonb.h"

#include "ast_json.h"

typedef struct Out
{
	JsonbParseState *state;
	JsonbValue *result;
} Out;

static void put_value(Out *o, const GqlValue *v);
static void put_selection_set(Out *o, const GqlSelectionSet *ss);

/* Push a string scalar (the parser's strings are in the server encoding). */
static void
put_string(Out *o, const char *s, int len, JsonbIteratorToken token)
{
	JsonbValue	jv;

	if (memchr(s, '\0', len) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
				 errmsg("string value contains U+0000, which jsonb cannot hold")));
	jv.type = jbvString;
	jv.val.string.val = (char *) s;
	jv.val.string.len = len;
	o->result = pushJsonbValue(&o->state, token, &jv);
}

static void
put_key(Out *o, const char *key)
{
	put_string(o, key, strlen(key), WJB_KEY);
}

static void
put_str(Out *o, const char *s)
{
	put_string(o, s, strlen(s), WJB_VALUE);
}

static void
begin_object(Out *o, const char *kind)
{
	o->result = pushJsonbValue(&o->state, WJB_BEGIN_OBJECT, NULL);
	put_key(o, "kind");
	put_str(o, kind);
}

static void
end_object(Out *o)
{
	o->result = pushJsonbValue(&o->state, WJB_END_OBJECT, NULL);
}

static void
begin_array(Out *o, const char *key)
{
	put_key(o, key);
	o->result = pushJsonbValue(&o->state, WJB_BEGIN_ARRAY, NULL);
}

static void
end_array(Out *o)
{
	o->result = pushJsonbValue(&o->state, WJB_END_ARRAY, NULL);
}

/* {"kind": "Name", "value": ...} under key. */
static void
put_name(Out *o, const char *key, const char *value)
{
	put_key(o, key);
	begin_object(o, "Name");
	put_key(o, "value");
	put_str(o, value);
	end_object(o);
}

static void
put_type(Out *o, const char *key, const GqlType *t)
{
	check_stack_depth();
	put_key(o, key);
	switch (t->n.kind)
	{
		case GQL_NAMED_TYPE:
			begin_object(o, "NamedType");
			put_name(o, "name", t->name.value);
			break;
		case GQL_LIST_TYPE:
			begin_object(o, "ListType");
			put_type(o, "type", t->inner);
			break;
		default:
			begin_object(o, "NonNullType");
			put_type(o, "type", t->inner);
			break;
	}
	end_object(o);
}

/* Arguments or object fields: [{"kind", "name", "value"}, ...] under key. */
static void
put_arguments(Out *o, const char *key, const List *args)
{
	ListCell   *lc;

	begin_array(o, key);
	foreach(lc, args)
	{
		const GqlArgument *a = lfirst(lc);

		begin_object(o, a->n.kind == GQL_ARGUMENT ? "Argument" : "ObjectField");
		put_name(o, "name", a->name.value);
		put_key(o, "value");
		put_value(o, a->value);
		end_object(o);
	}
	end_array(o);
}

static void
put_directives(Out *o, const List *dirs)
{
	ListCell   *lc;

	begin_array(o, "directives");
	foreach(lc, dirs)
	{
		const GqlDirective *d = lfirst(lc);

		begin_object(o, "Directive");
		put_name(o, "name", d->name.value);
		put_arguments(o, "arguments", d->arguments);
		end_object(o);
	}
	end_array(o);
}

/* A value literal, as an array element or after its key. */
static void
put_value(Out *o, const GqlValue *v)
{
	JsonbValue	jv;
	ListCell   *lc;

	check_stack_depth();
	switch (v->n.kind)
	{
		case GQL_VARIABLE:
			begin_object(o, "Variable");
			put_name(o, "name", v->str);
			break;
		case GQL_INT_VALUE:
		case GQL_FLOAT_VALUE:
		case GQL_ENUM_VALUE:
			begin_object(o, v->n.kind == GQL_INT_VALUE ? "IntValue" :
						 v->n.kind == GQL_FLOAT_VALUE ? "FloatValue" : "EnumValue");
			put_key(o, "value");
			put_str(o, v->str);
			break;
		case GQL_STRING_VALUE:
			begin_object(o, "StringValue");
			put_key(o, "value");
			put_string(o, v->str, v->len, WJB_VALUE);
			put_key(o, "block");
			jv.type = jbvBool;
			jv.val.boolean = v->block;
			o->result = pushJsonbValue(&o->state, WJB_VALUE, &jv);
			break;
		case GQL_BOOLEAN_VALUE:
			begin_object(o, "BooleanValue");
			put_key(o, "value");
			jv.type = jbvBool;
			jv.val.boolean = v->boolean;
			o->result = pushJsonbValue(&o->state, WJB_VALUE, &jv);
			break;
		case GQL_NULL_VALUE:
			begin_object(o, "NullValue");
			break;
		case GQL_LIST_VALUE:
			begin_object(o, "ListValue");
			begin_array(o, "values");
			foreach(lc, v->items)
				put_value(o, lfirst(lc));
			end_array(o);
			break;
		default:
			begin_object(o, "ObjectValue");
			put_arguments(o, "fields", v->items);
			break;
	}
	end_object(o);
}

static void
put_selection(Out *o, const GqlNode *sel)
{
	switch (sel->kind)
	{
		case GQL_FIELD:
			{
				const GqlField *f = (const GqlField *) sel;

				begin_object(o, "Field");
				if (f->alias)
					put_name(o, "alias", f->alias->value);
				put_name(o, "name", f->name.value);
				put_arguments(o, "arguments", f->arguments);
				put_directives(o, f->directives);
				if (f->selectionSet)
					put_selection_set(o, f->selectionSet);
				break;
			}
		case GQL_FRAGMENT_SPREAD:
			{
				const GqlFragmentSpread *s = (const GqlFragmentSpread *) sel;

				begin_object(o, "FragmentSpread");
				put_name(o, "name", s->name.value);
				put_directives(o, s->directives);
				break;
			}
		default:
			{
				const GqlInlineFragment *f = (const GqlInlineFragment *) sel;

				begin_object(o, "InlineFragment");
				if (f->typeCondition)
					put_type(o, "typeCondition", f->typeCondition);
				put_directives(o, f->directives);
				put_selection_set(o, f->selectionSet);
				break;
			}
	}
	end_object(o);
}

static void
put_selection_set(Out *o, const GqlSelectionSet *ss)
{
	ListCell   *lc;

	check_stack_depth();
	put_key(o, "selectionSet");
	begin_object(o, "SelectionSet");
	begin_array(o, "selections");
	foreach(lc, ss->selections)
		put_selection(o, lfirst(lc));
	end_array(o);
	end_object(o);
}

static void
put_operation(Out *o, const GqlOperation *op)
{
	static const char *const names[] = {"query", "mutation", "subscription"};
	ListCell   *lc;

	begin_object(o, "OperationDefinition");
	put_key(o, "operation");
	put_str(o, names[op->operation]);
	if (op->name)
		put_name(o, "name", op->name->value);
	begin_array(o, "variableDefinitions");
	foreach(lc, op->variableDefinitions)
	{
		const GqlVariableDefinition *d = lfirst(lc);

		begin_object(o, "VariableDefinition");
		put_key(o, "variable");
		put_value(o, d->variable);
		put_type(o, "type", d->type);
		if (d->defaultValue)
		{
			put_key(o, "defaultValue");
			put_value(o, d->defaultValue);
		}
		put_directives(o, d->directives);
		end_object(o);
	}
	end_array(o);
	put_directives(o, op->directives);
	put_selection_set(o, op->selectionSet);
	end_object(o);
}

static void
put_fragment_definition(Out *o, const GqlFragmentDefinition *f)
{
	begin_object(o, "FragmentDefinition");
	put_name(o, "name", f->name.value);
	put_type(o, "typeCondition", f->typeCondition);
	put_directives(o, f->directives);
	put_selection_set(o, f->selectionSet);
	end_object(o);
}

/* Render doc as graphql-js's AST without locations. */
Jsonb *
gql_document_to_jsonb(const GqlDocument *doc)
{
	Out			o = {NULL, NULL};
	ListCell   *lc;

	begin_object(&o, "Document");
	begin_array(&o, "definitions");
	foreach(lc, doc->definitions)
	{
		const GqlNode *def = lfirst(lc);

		if (def->kind == GQL_OPERATION_DEFINITION)
			put_operation(&o, (const GqlOperation *) def);
		else
			put_fragment_definition(&o, (const GqlFragmentDefinition *) def);
	}
	end_array(&o);
	end_object(&o);
	return JsonbValueToJsonb(o.result);
}
