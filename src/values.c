/*-------------------------------------------------------------------------
 *
 * values.c
 *	  Input coercion (spec 6.4.1 and 3.x "Input Coercion"): literals and
 *	  variable values against their declared types.
 *
 * In:  a literal (AST) or a variable's JSON value, and the type expected.
 * Out: a GqlInput tree of that type, or NULL with GraphQL errors appended.
 *
 * One function serves validation and execution: in checking mode
 * (validation, before variable values are known) a variable reference is
 * recorded as a VariableUsage for VariablesInAllowedPosition; in executing
 * mode it is replaced by the variable's coerced value.
 *
 * Scalars keep their text: the value reaches SQL as a parameter of the
 * column's type, parsed by PostgreSQL's own input function, so "uuid",
 * "timestamptz" or "numeric" values are checked by the database (a bad one
 * is a data-exception error naming the argument, see execute.c).  Messages
 * follow Hasura's wording: "expected a 32-bit integer for type 'Int', but
 * found a string".
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "error.h"
#include "names.h"
#include "values.h"

static void
add_error(CoerceContext *cx, const GqlLoc *loc, const char *path, const char *fmt,...)
pg_attribute_printf(4, 5);
static GqlInput *coerce_literal(CoerceContext *cx, const GqlValue *v, STypeRef *type,
								const char *path);
static GqlInput *from_leaf(CoerceContext *cx, GqlInput *in, JsonbValue *v, SType *t);

/* Append a validation error with a path. */
static void
add_error(CoerceContext *cx, const GqlLoc *loc, const char *path, const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	gql_add_error(&cx->errors, GQL_CODE_VALIDATION_FAILED, loc, path, "%s", gql_vformat(fmt, args));
	va_end(args);
}

static GqlInput *
new_input(InKind kind, const char *path)
{
	GqlInput   *in = palloc0(sizeof(GqlInput));

	in->kind = kind;
	in->path = (char *) path;
	return in;
}

/* Hasura's error for null where a non-null value of type is due. */
static void
null_for_non_null(CoerceContext *cx, const GqlLoc *loc, const char *path, const STypeRef *type)
{
	add_error(cx, loc, path, "unexpected null value for type '%s'", gql_ref_named(type)->name);
}

/* Hasura's message for a value that is not one of an enum's. */
static char *
enum_mismatch(const SType *t, const char *found)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "expected one of the values [");
	foreach(lc, gql_type_values(t))
		appendStringInfo(&buf, "%s'%s'", foreach_current_index(lc) ? ", " : "",
						 ((SEnumValue *) lfirst(lc))->name);
	appendStringInfo(&buf, "] for type '%s', but found '%s'", t->name, found);
	return buf.data;
}

/* What the scalar expects, in Hasura's words. */
static const char *
expected_phrase(const SType *t)
{
	if (t->kind == SK_ENUM)
		return "an enum value";
	if (t->kind == SK_INPUT_OBJECT)
		return "an object";
	if (strcmp(t->name, "Int") == 0)
		return "a 32-bit integer";
	if (strcmp(t->name, "Float") == 0)
		return "a float";
	if (strcmp(t->name, "Boolean") == 0)
		return "a boolean";
	return "a string";
}

/* What a literal is, in Hasura's words. */
static const char *
literal_phrase(const GqlValue *v)
{
	switch (v->n.kind)
	{
		case GQL_INT_VALUE:
			return "an integer";
		case GQL_FLOAT_VALUE:
			return "a float";
		case GQL_STRING_VALUE:
			return "a string";
		case GQL_BOOLEAN_VALUE:
			return "a boolean";
		case GQL_NULL_VALUE:
			return "null";
		case GQL_ENUM_VALUE:
			return "an enum value";
		case GQL_LIST_VALUE:
			return "a list";
		case GQL_OBJECT_VALUE:
			return "an object";
		default:
			return "a variable";
	}
}

/* What a JSON value is, in Hasura's words. */
char *
gql_json_kind_phrase(JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			return "null";
		case jbvString:
			return "a string";
		case jbvNumeric:
			return "a number";
		case jbvBool:
			return "a boolean";
		case jbvBinary:
			return JsonContainerIsArray(v->val.binary.data) ? "a list" : "an object";
		default:
			return "a list";
	}
}

/* Whether a custom scalar takes any JSON: json, jsonb, PostGIS's (GeoJSON). */
static bool
is_json_scalar(const SType *t)
{
	/* a custom scalar of a remote or an action's: any JSON, as graphql-js takes it */
	if (t->pgtype == NULL)
		return t->role == SR_CUSTOM_SCALAR;
	return t->pgtype->oid == JSONBOID || t->pgtype->oid == JSONOID || t->pgtype->geo != GEO_NONE;
}

/* A PostGIS type's value must be a GeoJSON geometry (postgis.c): in, or NULL. */
static GqlInput *
geojson_checked(CoerceContext *cx, GqlInput *in, const SType *t, const GqlLoc *loc)
{
	const char *why = t->pgtype && t->pgtype->geo ? gql_geojson_error(in->scalarText, t->name) : NULL;

	if (why != NULL)
		add_error(cx, loc, in->path, "%s", why);
	return why != NULL ? NULL : in;
}

/* Whether the text of an IntValue fits in 32 bits. */
static bool
int32_text(const char *s)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0' && v >= INT_MIN && v <= INT_MAX;
}

static char *json_text(JsonbValue *v);

/* A literal as JSON text (for json/jsonb scalars). */
static void
literal_to_json(StringInfo out, const GqlValue *v, CoerceContext *cx, bool *ok, STypeRef *itemType)
{
	ListCell   *lc;

	switch (v->n.kind)
	{
		case GQL_INT_VALUE:
		case GQL_FLOAT_VALUE:
			appendStringInfoString(out, v->str);
			break;
		case GQL_STRING_VALUE:
			if (memchr(v->str, '\0', v->len) != NULL)
			{
				*ok = false;	/* U+0000: JSON in PostgreSQL cannot hold it */
				break;
			}
			escape_json(out, v->str);
			break;
		case GQL_ENUM_VALUE:
			escape_json(out, v->str);
			break;
		case GQL_BOOLEAN_VALUE:
			appendStringInfoString(out, v->boolean ? "true" : "false");
			break;
		case GQL_NULL_VALUE:
			appendStringInfoString(out, "null");
			break;
		case GQL_LIST_VALUE:
			appendStringInfoChar(out, '[');
			foreach(lc, v->items)
			{
				if (foreach_current_index(lc) > 0)
					appendStringInfoChar(out, ',');
				literal_to_json(out, lfirst(lc), cx, ok, itemType);
			}
			appendStringInfoChar(out, ']');
			break;
		case GQL_OBJECT_VALUE:
			appendStringInfoChar(out, '{');
			foreach(lc, v->items)
			{
				GqlArgument *f = lfirst(lc);

				if (foreach_current_index(lc) > 0)
					appendStringInfoChar(out, ',');
				escape_json(out, f->name.value);
				appendStringInfoChar(out, ':');
				literal_to_json(out, f->value, cx, ok, NULL);
			}
			appendStringInfoChar(out, '}');
			break;
		default:
			/*
			 * a variable: its JSON value (as Hasura does).  In an object any
			 * type may stand there; as a list item, the scalar's own type
			 * (graphql-js's rule).
			 */
			if (cx->checking)
			{
				VariableUsage *u = palloc0(sizeof(VariableUsage));

				u->name = v->str;
				u->type = itemType;
				u->loc = v->n.loc;
				cx->usages = lappend(cx->usages, u);
				appendStringInfoString(out, "null");
			}
			else
			{
				ListCell   *lv;
				bool		found = false;

				foreach(lv, cx->variables)
				{
					VariableValue *vv = lfirst(lv);

					if (strcmp(vv->name, v->str) != 0)
						continue;
					if (vv->given != NULL && cx->pinned != NULL &&
						gql_json_origin(vv->given) != NULL)
						*cx->pinned = lappend(*cx->pinned, (void *) gql_json_origin(vv->given));
					if (vv->given != NULL)
						appendStringInfoString(out, vv->given->type == jbvString ?
											   JsonbToCString(NULL, &JsonbValueToJsonb(vv->given)->root, 0) :
											   json_text(vv->given));
					else if (vv->defaultValue != NULL)
						literal_to_json(out, vv->defaultValue, cx, ok, itemType);
					else
						break;
					found = true;
					break;
				}
				if (!found)
					appendStringInfoString(out, "null");
			}
			break;
	}
}

/*
 * A String where a PostgreSQL array's list is expected (gql_array_ref): the
 * array's text ('{a,b}'), read by the array type's input when bound, as
 * Hasura passes it on; one it refuses is its data-exception.  From a
 * variable, a leaf re-bound as any String (reuse.c); a list is another pattern.
 */
static GqlInput *
array_text(CoerceContext *cx, const char *text, JsonbValue *v, const char *path)
{
	GqlInput   *in = new_input(IN_SCALAR, path);

	in->scalarText = v ? json_text(v) : (char *) text;
	return v ? from_leaf(cx, in, v, cx->schema->typeString) : in;
}

/*
 * The value of a variable where it is used (executing mode): the request's
 * value coerced to the declared type, or the default, or null.  Where the
 * position takes a PostgreSQL array, so does the type (array_text).
 */
static GqlInput *
variable_value(CoerceContext *cx, const char *name, STypeRef *position, const char *path)
{
	ListCell   *lc;

	foreach(lc, cx->variables)
	{
		VariableValue *vv = lfirst(lc);

		if (strcmp(vv->name, name) != 0)
			continue;
		if (vv->given != NULL)
			return gql_coerce_json(cx, vv->given, gql_ref_with_arrays(vv->type, position), path, name);
		if (vv->defaultValue != NULL)
			return gql_coerce_literal(cx, vv->defaultValue, gql_ref_with_arrays(vv->type, position), path);
		break;
	}
	return new_input(IN_NULL, path);
}

/*
 * Hasura's rendering of a number (Haskell's Scientific): fixed notation
 * from 0.1 to 10^7 ("1.5", "123.0"), else d.ddde<n> ("2.147483648e9").
 */
static char *
scientific_text(const char *number)
{
	const char *p = number;
	bool		negative = (*p == '-');
	StringInfoData digits;
	int			point = -1;		/* digits before the decimal point */
	int			exponent = 0;
	int			lead;
	int			e;
	StringInfoData out;

	if (negative)
		p++;
	initStringInfo(&digits);
	for (; *p && *p != 'e' && *p != 'E'; p++)
	{
		if (*p == '.')
			point = digits.len;
		else
			appendStringInfoChar(&digits, *p);
	}
	if (*p)
		exponent = atoi(p + 1);
	if (point < 0)
		point = digits.len;
	/* strip leading zeros (keeping the point position) and trailing zeros */
	for (lead = 0; lead < digits.len - 1 && digits.data[lead] == '0'; lead++)
		point--;
	while (digits.len > lead + 1 && digits.data[digits.len - 1] == '0')
		digits.data[--digits.len] = '\0';
	e = point + exponent - 1;	/* the value is d.ddd * 10^e */
	initStringInfo(&out);
	if (negative)
		appendStringInfoChar(&out, '-');
	if (e >= -1 && e < 7)
	{
		/* fixed notation */
		int			intDigits = e + 1;

		for (int i = 0; i < intDigits; i++)
			appendStringInfoChar(&out, lead + i < digits.len ? digits.data[lead + i] : '0');
		if (intDigits <= 0)
			appendStringInfoChar(&out, '0');
		appendStringInfoChar(&out, '.');
		if (lead + Max(intDigits, 0) < digits.len)
		{
			for (int i = intDigits; i < 0; i++)
				appendStringInfoChar(&out, '0');
			appendStringInfoString(&out, digits.data + lead + Max(intDigits, 0));
		}
		else
			appendStringInfoChar(&out, '0');
	}
	else
	{
		appendStringInfoChar(&out, digits.data[lead]);
		appendStringInfoChar(&out, '.');
		appendStringInfoString(&out, digits.len > lead + 1 ? digits.data + lead + 1 : "0");
		appendStringInfo(&out, "e%d", e);
	}
	return out.data;
}

/* Append Hasura's error for a number that is not a 32-bit integer. */
static void
int_out_of_range(CoerceContext *cx, const GqlLoc *loc, const char *path, const char *number)
{
	gql_add_error(&cx->errors, GQL_CODE_PARSE_FAILED, loc, path,
				  "The value %s lies outside the bounds or is not an integer.  Maybe it is a float, or is there integer overflow?",
				  scientific_text(number));
}

/*
 * Whether every required field of t (non-null, no default) is among the
 * fields of in (given, even if its value did not coerce); an error for
 * each that is not.
 */
static bool
required_fields_given(CoerceContext *cx, SType *t, GqlInput *in, const GqlLoc *loc, const char *path)
{
	bool		ok = true;
	ListCell   *lc;

	foreach(lc, gql_type_fields(t))
	{
		SField	   *def = lfirst(lc);
		ListCell   *lc2;
		bool		given = false;

		if (def->type->kind != REF_NON_NULL || def->defaultValue != NULL)
			continue;
		foreach(lc2, in->items)
		{
			if (((GqlInputField *) lfirst(lc2))->field == def)
			{
				given = true;
				break;
			}
		}
		if (!given)
		{
			add_error(cx, loc, gql_cat(path, ".", def->name, NULL),
					  "missing required field '%s'", def->name);
			ok = false;
		}
	}
	return ok;
}

/*
 * An input object literal: its fields must be fields of t, each given once,
 * its required fields given.
 */
static GqlInput *
coerce_literal_object(CoerceContext *cx, const GqlValue *v, SType *t, const char *path)
{
	GqlInput   *in = new_input(IN_OBJECT, path);
	NameSet		seen = {NIL, NULL};
	bool		ok = true;
	ListCell   *lc;

	foreach(lc, v->items)
	{
		GqlArgument *f = lfirst(lc);
		SField	   *def = gql_type_field(t, f->name.value);
		GqlInputField *inf;

		CHECK_FOR_INTERRUPTS();
		if (def == NULL)
		{
			add_error(cx, &f->n.loc, gql_cat(path, ".", f->name.value, NULL),
					  "field '%s' not found in type: '%s'", f->name.value, t->name);
			ok = false;
			continue;
		}
		if (gql_name_set_has(&seen, f->name.value))
		{
			add_error(cx, &f->n.loc, path,
					  "There can be only one input field named \"%s\".", f->name.value);
			ok = false;
		}
		else
			gql_name_set_add(&seen, f->name.value);
		inf = palloc0(sizeof(GqlInputField));
		inf->field = def;
		inf->value = gql_coerce_literal(cx, f->value, def->type,
										gql_cat(path, ".", f->name.value, NULL));
		if (inf->value == NULL)
			ok = false;
		in->items = lappend(in->items, inf);
	}
	ok &= required_fields_given(cx, t, in, &v->n.loc, path);
	return ok ? in : NULL;
}

/* Coerce a literal to a named input type. */
static GqlInput *
coerce_literal_named(CoerceContext *cx, const GqlValue *v, SType *t, const char *path)
{
	GqlInput   *in;

	switch (t->kind)
	{
		case SK_ENUM:
			if (v->n.kind == GQL_ENUM_VALUE)
			{
				SEnumValue *ev = gql_enum_value(t, v->str);

				if (ev != NULL)
				{
					in = new_input(IN_ENUM, path);
					in->enumValue = ev;
					return in;
				}
				add_error(cx, &v->n.loc, path, "%s", enum_mismatch(t, v->str));
				return NULL;
			}
			break;
		case SK_INPUT_OBJECT:
			if (v->n.kind == GQL_OBJECT_VALUE)
				return coerce_literal_object(cx, v, t, path);
			break;
		default:
			if (is_json_scalar(t))
			{
				StringInfoData json;
				bool		ok = true;

				initStringInfo(&json);
				literal_to_json(&json, v, cx, &ok, gql_named_ref(t));
				if (!ok)
				{
					add_error(cx, &v->n.loc, path,
							  "string value contains U+0000, which PostgreSQL text cannot hold");
					return NULL;
				}
				in = new_input(IN_SCALAR, path);
				in->scalarText = json.data;
				return geojson_checked(cx, in, t, &v->n.loc);
			}
			if (t->role == SR_BUILTIN)
			{
				bool		fits = false;

				switch (t->name[0])
				{
					case 'I':	/* Int */
						fits = v->n.kind == GQL_INT_VALUE && int32_text(v->str);
						break;
					case 'F':	/* Float */
						fits = v->n.kind == GQL_INT_VALUE || v->n.kind == GQL_FLOAT_VALUE;
						break;
					case 'S':	/* String */
						fits = v->n.kind == GQL_STRING_VALUE;
						break;
					default:	/* Boolean */
						if (v->n.kind == GQL_BOOLEAN_VALUE)
						{
							in = new_input(IN_BOOLEAN, path);
							in->boolean = v->boolean;
							return in;
						}
						break;
				}
				if (fits)
				{
					in = new_input(IN_SCALAR, path);
					in->scalarText = (char *) v->str;
					return in;
				}
				if (v->n.kind == GQL_INT_VALUE && t->name[0] == 'I')
				{
					int_out_of_range(cx, &v->n.loc, path, v->str);
					return NULL;
				}
				break;
			}
			/* a custom scalar: its text, which PostgreSQL will parse */
			if (v->n.kind == GQL_STRING_VALUE || v->n.kind == GQL_INT_VALUE ||
				v->n.kind == GQL_FLOAT_VALUE)
			{
				in = new_input(IN_SCALAR, path);
				in->scalarText = (char *) v->str;
				return in;
			}
			if (v->n.kind == GQL_BOOLEAN_VALUE)
			{
				in = new_input(IN_SCALAR, path);
				in->scalarText = v->boolean ? "true" : "false";
				return in;
			}
			break;
	}
	add_error(cx, &v->n.loc, path, "expected %s for type '%s', but found %s",
			  expected_phrase(t), t->name, literal_phrase(v));
	return NULL;
}

/*
 * Coerce a literal to a type.  Return the value, or NULL with errors added.
 * In checking mode a variable is recorded and stands for a valid value.
 */
GqlInput *
gql_coerce_literal(CoerceContext *cx, const GqlValue *v, STypeRef *type, const char *path)
{
	GqlInput   *in;

	if (v->n.kind == GQL_STRING_VALUE && memchr(v->str, '\0', v->len) != NULL)
	{
		add_error(cx, &v->n.loc, path, "string value contains U+0000, which PostgreSQL text cannot hold");
		return NULL;
	}
	in = coerce_literal(cx, v, type, path);

	if (in != NULL && in->loc == NULL && v->n.kind != GQL_VARIABLE)
		in->loc = &v->n.loc;
	return in;
}

/* gql_coerce_literal without the location. */
static GqlInput *
coerce_literal(CoerceContext *cx, const GqlValue *v, STypeRef *type, const char *path)
{
	GqlInput   *in;

	check_stack_depth();
	if (v->n.kind == GQL_VARIABLE)
	{
		if (cx->checking)
		{
			VariableUsage *u = palloc0(sizeof(VariableUsage));

			u->name = v->str;
			u->type = type;
			u->loc = v->n.loc;
			u->path = path;
			cx->usages = lappend(cx->usages, u);
			return new_input(IN_NULL, path);
		}
		in = variable_value(cx, v->str, type, path);

		/*
		 * A nullable variable with a default may stand where null is not
		 * allowed (validation lets it); a null given for it is refused here
		 * (spec 6.4.2, CoerceArgumentValues).
		 */
		if (in != NULL && in->kind == IN_NULL && type->kind == REF_NON_NULL)
		{
			null_for_non_null(cx, &v->n.loc, path, type->of);
			return NULL;
		}
		return in;
	}
	if (type->kind == REF_NON_NULL)
	{
		if (v->n.kind == GQL_NULL_VALUE)
		{
			null_for_non_null(cx, &v->n.loc, path, type->of);
			return NULL;
		}
		return gql_coerce_literal(cx, v, type->of, path);
	}
	if (v->n.kind == GQL_NULL_VALUE)
		return new_input(IN_NULL, path);
	if (type->kind == REF_LIST && type->pgArray && v->n.kind == GQL_STRING_VALUE)
		return array_text(cx, v->str, NULL, path);
	if (type->kind == REF_LIST)
	{
		GqlInput   *in = new_input(IN_LIST, path);
		bool		ok = true;

		if (v->n.kind == GQL_LIST_VALUE)
		{
			ListCell   *lc;

			foreach(lc, v->items)
			{
				GqlInput   *item = gql_coerce_literal(cx, lfirst(lc), type->of,
													  gql_index_path(path, foreach_current_index(lc)));

				ok &= item != NULL;
				in->items = lappend(in->items, item);
			}
		}
		else
		{
			GqlInput   *item = gql_coerce_literal(cx, v, type->of, gql_index_path(path, 0));

			ok = item != NULL;
			in->items = list_make1(item);
		}
		return ok ? in : NULL;
	}
	return coerce_literal_named(cx, v, type->named, path);
}

/* The text of a JSON scalar (string, number, bool) or of a container. */
static char *
json_text(JsonbValue *v)
{
	switch (v->type)
	{
		case jbvString:
			return pnstrdup(v->val.string.val, v->val.string.len);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
		case jbvBool:
			return v->val.boolean ? "true" : "false";
		case jbvNull:
			return "null";
		default:
			return JsonbToCString(NULL, v->val.binary.data, v->val.binary.len);
	}
}

/* Whether a JSON number is an integer that fits in 32 bits. */
static bool
json_int32(JsonbValue *v)
{
	char	   *s;

	if (v->type != jbvNumeric)
		return false;
	s = json_text(v);
	return strspn(s, "-0123456789") == strlen(s) && int32_text(s);
}

/* A list variable value, or a single value where a list is expected (coerced to a list of one). */
static GqlInput *
coerce_json_list(CoerceContext *cx, JsonbValue *v, STypeRef *type, const char *path, const char *varName)
{
	GqlInput   *in;
	bool		ok = true;

	in = new_input(IN_LIST, path);
	if (v->type == jbvBinary && JsonContainerIsArray(v->val.binary.data))
	{
		JsonbIterator *it = JsonbIteratorInit(v->val.binary.data);
		JsonbValue	elem;
		JsonbIteratorToken tok;
		int			i = 0;

		/* the whole list may be bound as one array parameter */
		in->origin = v->val.binary.data;
		in->originType = gql_ref_named(type->of)->name;
		if (cx->leaves != NULL)
			*cx->leaves = lappend(*cx->leaves, in);

		while ((tok = JsonbIteratorNext(&it, &elem, true)) != WJB_DONE)
		{
			GqlInput   *item;

			if (tok != WJB_ELEM)
				continue;
			CHECK_FOR_INTERRUPTS();
			item = gql_coerce_json(cx, &elem, type->of, gql_index_path(path, i++), varName);
			ok &= item != NULL;
			in->items = lappend(in->items, item);
		}
	}
	else
	{
		GqlInput   *item = gql_coerce_json(cx, v, type->of, gql_index_path(path, 0), varName);

		ok = item != NULL;
		in->items = list_make1(item);
	}
	return ok ? in : NULL;
}

/* An input object variable value: its keys must be fields of t, its required fields given. */
static GqlInput *
coerce_json_object(CoerceContext *cx, JsonbValue *v, SType *t, const char *path, const char *varName)
{
	GqlInput   *in;
	JsonbIterator *it = JsonbIteratorInit(v->val.binary.data);
	JsonbValue	key;
	JsonbValue	val;
	JsonbIteratorToken tok;
	bool		ok = true;

	in = new_input(IN_OBJECT, path);
	while ((tok = JsonbIteratorNext(&it, &key, true)) != WJB_DONE)
	{
		char	   *name;
		SField	   *def;
		GqlInputField *inf;

		if (tok != WJB_KEY)
			continue;
		CHECK_FOR_INTERRUPTS();
		name = pnstrdup(key.val.string.val, key.val.string.len);
		tok = JsonbIteratorNext(&it, &val, true);
		if (!gql_is_name(name))
		{
			add_error(cx, NULL, gql_cat(path, ".", name, NULL),
					  "variable value contains object with key \"%s\", which is not a legal GraphQL name",
					  name);
			ok = false;
			continue;
		}
		def = gql_type_field(t, name);
		if (def == NULL)
		{
			add_error(cx, NULL, gql_cat(path, ".", name, NULL),
					  "field '%s' not found in type: '%s'", name, t->name);
			ok = false;
			continue;
		}
		inf = palloc0(sizeof(GqlInputField));
		inf->field = def;
		inf->value = gql_coerce_json(cx, &val, def->type, gql_cat(path, ".", name, NULL), varName);
		ok &= inf->value != NULL;
		in->items = lappend(in->items, inf);
	}
	/* given, even if its value did not coerce */
	ok &= required_fields_given(cx, t, in, NULL, path);
	return ok ? in : NULL;
}

/*
 * Coerce a variable's JSON value to a type.  Return the value, or NULL
 * with errors added.
 */
GqlInput *
gql_coerce_json(CoerceContext *cx, JsonbValue *v, STypeRef *type, const char *path,
				const char *varName)
{
	GqlInput   *in;
	SType	   *t;

	check_stack_depth();
	if (type->kind == REF_NON_NULL)
	{
		if (v->type == jbvNull)
		{
			null_for_non_null(cx, NULL, path, type->of);
			return NULL;
		}
		return gql_coerce_json(cx, v, type->of, path, varName);
	}
	if (v->type == jbvNull)
		return new_input(IN_NULL, path);
	if (type->kind == REF_LIST && type->pgArray && v->type == jbvString)
		return array_text(cx, NULL, v, path);
	if (type->kind == REF_LIST)
		return coerce_json_list(cx, v, type, path, varName);

	t = type->named;
	switch (t->kind)
	{
		case SK_ENUM:
			if (v->type == jbvString)
			{
				char	   *name = json_text(v);
				SEnumValue *ev = gql_enum_value(t, name);

				if (!gql_is_name(name))
				{
					add_error(cx, NULL, path, "expected an enum value for type '%s', but found a string",
							  t->name);
					return NULL;
				}
				if (ev != NULL)
				{
					/* read, not bound: a leaf the compiled SQL depends on */
					in = new_input(IN_ENUM, path);
					in->enumValue = ev;
					return from_leaf(cx, in, v, t);
				}
				add_error(cx, NULL, path, "%s", enum_mismatch(t, name));
				return NULL;
			}
			break;
		case SK_INPUT_OBJECT:
			if (v->type == jbvBinary && JsonContainerIsObject(v->val.binary.data))
				return coerce_json_object(cx, v, t, path, varName);
			break;
		default:
			return gql_coerce_json_leaf(cx, v, t, path);
	}
	add_error(cx, NULL, path, "expected %s for type '%s', but found %s",
			  expected_phrase(t), t->name, gql_json_kind_phrase(v));
	return NULL;
}

/*
 * The address of a variable's leaf (a non-empty string, a number) or
 * container inside the request's variables, which identifies it; NULL for
 * null, booleans and empty strings, which cannot be told apart by address.
 */
const void *
gql_json_origin(const JsonbValue *v)
{
	switch (v->type)
	{
		case jbvString:
			return v->val.string.len > 0 ? v->val.string.val : NULL;
		case jbvNumeric:
			return v->val.numeric;
		case jbvBinary:
			return v->val.binary.data;
		default:
			return NULL;
	}
}

/* Remember that in was made from the variables' leaf v, of type t. */
static GqlInput *
from_leaf(CoerceContext *cx, GqlInput *in, JsonbValue *v, SType *t)
{
	in->origin = gql_json_origin(v);
	in->originType = t->name;
	if (in->origin != NULL && cx->leaves != NULL)
		*cx->leaves = lappend(*cx->leaves, in);
	return in;
}

/*
 * Coerce a variable's JSON value to a scalar type (not an enum).  Return
 * the value, or NULL with errors added.
 */
GqlInput *
gql_coerce_json_leaf(CoerceContext *cx, JsonbValue *v, SType *t, const char *path)
{
	GqlInput   *in;

	if (is_json_scalar(t))
	{
		in = new_input(IN_SCALAR, path);
		in->scalarText = v->type == jbvString ? (char *) JsonbToCString(NULL, &JsonbValueToJsonb(v)->root, 0) : json_text(v);
		return geojson_checked(cx, from_leaf(cx, in, v, t), t, NULL);
	}
	if (t->role == SR_BUILTIN)
	{
		bool		fits = false;

		switch (t->name[0])
		{
			case 'I':
				fits = json_int32(v);
				break;
			case 'F':
				fits = v->type == jbvNumeric;
				break;
			case 'S':
				fits = v->type == jbvString;
				break;
			default:
				if (v->type == jbvBool)
				{
					in = new_input(IN_BOOLEAN, path);
					in->boolean = v->val.boolean;
					return in;
				}
				break;
		}
		if (fits)
		{
			in = new_input(IN_SCALAR, path);
			in->scalarText = json_text(v);
			return from_leaf(cx, in, v, t);
		}
		if (t->name[0] == 'I' && v->type == jbvNumeric)
		{
			int_out_of_range(cx, NULL, path, json_text(v));
			return NULL;
		}
	}
	else if (v->type == jbvString || v->type == jbvNumeric || v->type == jbvBool)
	{
		in = new_input(IN_SCALAR, path);
		in->scalarText = json_text(v);
		return from_leaf(cx, in, v, t);
	}
	add_error(cx, NULL, path, "expected %s for type '%s', but found %s",
			  expected_phrase(t), t->name, gql_json_kind_phrase(v));
	return NULL;
}

/*
 * A scalar value's text, for a use other than binding it as a parameter:
 * marks a variable's leaf as read, so that compiled statements are not
 * reused for another value of it.
 */
const char *
gql_input_text(GqlInput *in)
{
	in->inspected = true;
	return in->scalarText;
}

/* The value of an input object's field, or NULL if it was not given. */
GqlInput *
gql_input_field(const GqlInput *object, const char *name)
{
	ListCell   *lc;

	if (object == NULL || object->kind != IN_OBJECT)
		return NULL;
	foreach(lc, object->items)
		if (strcmp(GQL_CANON(((GqlInputField *) lfirst(lc))->field), name) == 0)
			return ((GqlInputField *) lfirst(lc))->value;
	return NULL;
}
