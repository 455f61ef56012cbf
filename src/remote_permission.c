/*-------------------------------------------------------------------------
 *
 * remote_permission.c
 *	  Role-based remote schema permissions: graphql.add_remote_schema_
 *	  permissions and drop_remote_schema_permissions, and a remote's schema
 *	  cut down to what a role may see.
 *
 * In:  Hasura's permission: a remote schema, a role and {"schema": SDL},
 *	    the SDL a subset of the remote's schema in the remote's own names,
 *	    an argument's @preset(value: ...) setting it for the role (a string
 *	    "x-hasura-..." is that session variable, unless static: true).
 * Out: rows of graphql.remote_schema_permission; for the schema, the
 *	    remote's introspection with only the types, fields, arguments and
 *	    enum values the SDL lists (preset arguments left out), and the
 *	    presets, which the document sent to the remote carries (print.c).
 *
 * Once a remote has a permission for some role, a role without one does
 * not see it at all (superusers see it whole), as in Hasura.  The SDL is
 * checked against the remote's schema: every type of the remote's with the
 * same kind, every field and argument with the same type, every argument
 * the remote requires listed or preset, every type it refers to listed;
 * a mistake is an error naming it.  Interfaces and unions are refused, as
 * in the merge.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_authid.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

#include "json_tree.h"
#include "lexer.h"
#include "remote_schema.h"
#include "schema.h"

PG_FUNCTION_INFO_V1(graphql_add_remote_schema_permissions);
PG_FUNCTION_INFO_V1(graphql_drop_remote_schema_permissions);

/* An argument or input field of the SDL. */
typedef struct PermValue
{
	char	   *name;
	char	   *type;			/* as written, normalized: "[Int!]!" */
	char	   *preset;			/* @preset's value: GraphQL text, or NULL */
	char	   *sessionVar;		/* ... or the session variable it names */
} PermValue;

typedef struct PermField
{
	char	   *name;
	char	   *type;
	List	   *args;			/* of PermValue */
} PermField;

typedef struct PermType
{
	char		kind;			/* 'O' type, 'I' input, 'E' enum, 'S' scalar */
	char	   *name;
	List	   *fields;			/* of PermField ('O'), PermValue ('I') */
	List	   *values;			/* of char * ('E') */
} PermType;

typedef struct Perm
{
	char	   *queryName;		/* from a schema { } block, or NULL */
	char	   *mutationName;
	List	   *types;			/* of PermType */
} Perm;

typedef struct SdlParser
{
	GqlLexer	lx;
	char	   *why;
} SdlParser;

#define TOK(p) (&(p)->lx.token)

static void
pg_attribute_noreturn()
sdl_fail(SdlParser *p, const char *fmt,...) pg_attribute_printf(2, 3);

static void
sdl_fail(SdlParser *p, const char *fmt,...)
{
	va_list		args;
	char		why[256];

	va_start(args, fmt);
	vsnprintf(why, sizeof(why), fmt, args);
	va_end(args);
	p->why = psprintf("line %d: %s", TOK(p)->loc.line, why);
	gql_fail(&p->lx, GQL_ERR_SYNTAX, TOK(p)->start, "%s", why);
}

static bool
is_name(SdlParser *p, const char *name)
{
	return TOK(p)->kind == TOK_NAME && strcmp(TOK(p)->value, name) == 0;
}

static void
expect(SdlParser *p, GqlTokenKind kind)
{
	if (TOK(p)->kind != kind)
		sdl_fail(p, "expected %s, found %s", gql_token_kind_name(kind), gql_token_description(TOK(p)));
	gql_lexer_advance(&p->lx);
}

static char *
read_name(SdlParser *p)
{
	char	   *name;

	if (TOK(p)->kind != TOK_NAME)
		sdl_fail(p, "expected a name, found %s", gql_token_description(TOK(p)));
	name = pstrdup(TOK(p)->value);
	gql_lexer_advance(&p->lx);
	return name;
}

static void
skip_description(SdlParser *p)
{
	if (TOK(p)->kind == TOK_STRING || TOK(p)->kind == TOK_BLOCK_STRING)
		gql_lexer_advance(&p->lx);
}

/* Type : Name | [ Type ], then ! ; returned normalized. */
static char *
read_type(SdlParser *p, int depth)
{
	char	   *t;

	if (depth > 16)
		sdl_fail(p, "a type nested too deeply");
	if (TOK(p)->kind == TOK_BRACKET_L)
	{
		gql_lexer_advance(&p->lx);
		t = psprintf("[%s]", read_type(p, depth + 1));
		expect(p, TOK_BRACKET_R);
	}
	else
		t = read_name(p);
	if (TOK(p)->kind == TOK_BANG)
	{
		gql_lexer_advance(&p->lx);
		t = psprintf("%s!", t);
	}
	return t;
}

/* Skip a value (balanced brackets and braces); its source text. */
static char *
read_value(SdlParser *p)
{
	int			start = TOK(p)->start;
	int			depth = 0;
	int			end;

	do
	{
		CHECK_FOR_INTERRUPTS();
		if (TOK(p)->kind == TOK_EOF)
			sdl_fail(p, "a value is not closed");
		if (TOK(p)->kind == TOK_BRACKET_L || TOK(p)->kind == TOK_BRACE_L)
			depth++;
		else if (TOK(p)->kind == TOK_BRACKET_R || TOK(p)->kind == TOK_BRACE_R)
			depth--;
		end = TOK(p)->end;
		gql_lexer_advance(&p->lx);
	} while (depth > 0);
	return pnstrdup(p->lx.src + start, end - start);
}

/* Directives: only @preset(value: V, static: B) means something here. */
static void
read_directives(SdlParser *p, PermValue *v)
{
	while (TOK(p)->kind == TOK_AT)
	{
		char	   *name;
		char	   *value = NULL;
		bool		isString = false;
		bool		isStatic = false;

		gql_lexer_advance(&p->lx);
		name = read_name(p);
		if (TOK(p)->kind == TOK_PAREN_L)
		{
			gql_lexer_advance(&p->lx);
			while (TOK(p)->kind != TOK_PAREN_R)
			{
				char	   *arg = read_name(p);

				expect(p, TOK_COLON);
				if (strcmp(arg, "value") == 0)
				{
					isString = TOK(p)->kind == TOK_STRING;
					value = isString ? pstrdup(TOK(p)->value) : NULL;
					if (!isString)
						value = read_value(p);
					else
						gql_lexer_advance(&p->lx);
				}
				else if (strcmp(arg, "static") == 0)
				{
					isStatic = is_name(p, "true");
					(void) read_value(p);
				}
				else
					sdl_fail(p, "@%s has no argument \"%s\"", name, arg);
			}
			gql_lexer_advance(&p->lx);
		}
		if (strcmp(name, "preset") != 0)
			continue;			/* other directives (@deprecated, ...) mean nothing here */
		if (v == NULL)
			sdl_fail(p, "@preset is for arguments");
		if (value == NULL)
			sdl_fail(p, "@preset needs a value");
		if (isString && !isStatic && pg_strncasecmp(value, "x-hasura-", 9) == 0)
			v->sessionVar = value;
		else if (isString)
		{
			StringInfoData s;

			initStringInfo(&s);
			escape_json(&s, value);
			v->preset = s.data;
		}
		else
			v->preset = value;
	}
}

/* InputValueDefinition : Description? Name : Type DefaultValue? Directives? */
static PermValue *
read_input_value(SdlParser *p)
{
	PermValue  *v = palloc0(sizeof(PermValue));

	skip_description(p);
	v->name = read_name(p);
	expect(p, TOK_COLON);
	v->type = read_type(p, 0);
	if (TOK(p)->kind == TOK_EQUALS)
	{
		gql_lexer_advance(&p->lx);
		(void) read_value(p);
	}
	read_directives(p, v);
	return v;
}

/* A type-system definition of the SDL. */
static void
read_definition(SdlParser *p, Perm *perm)
{
	PermType   *t;

	skip_description(p);
	if (is_name(p, "schema"))
	{
		gql_lexer_advance(&p->lx);
		read_directives(p, NULL);
		expect(p, TOK_BRACE_L);
		while (TOK(p)->kind != TOK_BRACE_R)
		{
			char	   *op = read_name(p);

			expect(p, TOK_COLON);
			if (strcmp(op, "query") == 0)
				perm->queryName = read_name(p);
			else if (strcmp(op, "mutation") == 0)
				perm->mutationName = read_name(p);
			else
				sdl_fail(p, "only query and mutation root types are supported");
		}
		gql_lexer_advance(&p->lx);
		return;
	}
	t = palloc0(sizeof(PermType));
	if (is_name(p, "type"))
		t->kind = 'O';
	else if (is_name(p, "input"))
		t->kind = 'I';
	else if (is_name(p, "enum"))
		t->kind = 'E';
	else if (is_name(p, "scalar"))
		t->kind = 'S';
	else
		sdl_fail(p, "%s definitions are not supported",
				 TOK(p)->kind == TOK_NAME ? TOK(p)->value : gql_token_description(TOK(p)));
	gql_lexer_advance(&p->lx);
	t->name = read_name(p);
	if (is_name(p, "implements"))
		sdl_fail(p, "interfaces are not supported");
	read_directives(p, NULL);
	perm->types = lappend(perm->types, t);
	if (t->kind == 'S' || TOK(p)->kind != TOK_BRACE_L)
		return;
	gql_lexer_advance(&p->lx);
	while (TOK(p)->kind != TOK_BRACE_R)
	{
		CHECK_FOR_INTERRUPTS();
		if (t->kind == 'I')
			t->fields = lappend(t->fields, read_input_value(p));
		else if (t->kind == 'E')
		{
			skip_description(p);
			t->values = lappend(t->values, read_name(p));
			read_directives(p, NULL);
		}
		else
		{
			PermField  *f = palloc0(sizeof(PermField));

			skip_description(p);
			f->name = read_name(p);
			if (TOK(p)->kind == TOK_PAREN_L)
			{
				gql_lexer_advance(&p->lx);
				while (TOK(p)->kind != TOK_PAREN_R)
					f->args = lappend(f->args, read_input_value(p));
				gql_lexer_advance(&p->lx);
			}
			expect(p, TOK_COLON);
			f->type = read_type(p, 0);
			read_directives(p, NULL);
			t->fields = lappend(t->fields, f);
		}
	}
	gql_lexer_advance(&p->lx);
}

/* Parse a permission's SDL; NULL with *why set on a mistake. */
static Perm *
parse_sdl(const char *sdl, char **why)
{
	SdlParser  *p = palloc0(sizeof(SdlParser));
	Perm	   *perm = palloc0(sizeof(Perm));
	sigjmp_buf	fail;

	gql_lexer_init(&p->lx, sdl, strlen(sdl), &fail);
	if (sigsetjmp(fail, 0) != 0)
	{
		*why = p->why ? p->why : psprintf("line %d: %s", p->lx.error->loc.line, p->lx.error->message);
		return NULL;
	}
	if (gql_invalid_utf8_offset(sdl, strlen(sdl)) >= 0)
		sdl_fail(p, "the text is not valid UTF-8");
	gql_lexer_advance(&p->lx);
	while (TOK(p)->kind != TOK_EOF)
		read_definition(p, perm);
	return perm;
}

/* An introspected type reference as the SDL writes it: "[Int!]!". */
static char *
ref_string(const JtNode *ref, int depth)
{
	const JtNode *kind = ref && ref->type == JT_OBJECT ? jt_get(ref, "kind") : NULL;
	const JtNode *name = ref && ref->type == JT_OBJECT ? jt_get(ref, "name") : NULL;
	const JtNode *of = ref && ref->type == JT_OBJECT ? jt_get(ref, "ofType") : NULL;

	if (kind == NULL || kind->type != JT_STRING || depth > 16)
		return "?";
	if (strcmp(kind->str, "NON_NULL") == 0)
		return psprintf("%s!", ref_string(of, depth + 1));
	if (strcmp(kind->str, "LIST") == 0)
		return psprintf("[%s]", ref_string(of, depth + 1));
	return name && name->type == JT_STRING ? name->str : "?";
}

/* The named type of a type string. */
static char *
base_name(const char *type)
{
	const char *start = type + strspn(type, "[");

	return pnstrdup(start, strcspn(start, "]!"));
}

/* A member of a list member (fields, args, ...) named name, or NULL. */
static const JtNode *
named(const JtNode *obj, const char *list, const char *name)
{
	const JtNode *items = obj ? jt_get(obj, list) : NULL;

	for (int i = 0; items && items->type == JT_ARRAY && i < items->count; i++)
	{
		const JtNode *n = jt_get(items->items[i], "name");

		if (n && n->type == JT_STRING && strcmp(n->str, name) == 0)
			return items->items[i];
	}
	return NULL;
}

/* Whether an introspected input value is required (non-null, no default). */
static bool
required(const JtNode *v)
{
	const JtNode *type = jt_get(v, "type");
	const JtNode *kind = type ? jt_get(type, "kind") : NULL;
	const JtNode *def = jt_get(v, "defaultValue");

	return kind && kind->type == JT_STRING && strcmp(kind->str, "NON_NULL") == 0 &&
		(def == NULL || def->type == JT_NULL);
}

/* Whether a permission lists a type. */
static bool
perm_lists(Perm *perm, const char *name)
{
	ListCell   *lc;

	foreach(lc, perm->types)
		if (strcmp(((PermType *) lfirst(lc))->name, name) == 0)
			return true;
	return false;
}

typedef struct Applying
{
	const JtNode *schema;		/* the remote's __schema */
	Perm	   *perm;
	List	   *used;			/* of char *: type names the kept parts use */
	List	   *presets;		/* of RemotePreset */
	char	   *why;
} Applying;

/* Write the kept input values (args or input fields) of a remote owner. */
static bool
write_values(Applying *a, StringInfo out, const JtNode *owner, const char *list, List *wanted,
			 const char *typeName, const char *fieldName)
{
	const JtNode *all = jt_get(owner, list);
	int			n = 0;
	ListCell   *lc;

	appendStringInfo(out, "\"%s\": [", list);
	foreach(lc, wanted)
	{
		PermValue  *v = lfirst(lc);
		const JtNode *rv = named(owner, list, v->name);
		char	   *at = fieldName ? psprintf("%s.%s(%s)", typeName, fieldName, v->name) :
			psprintf("%s.%s", typeName, v->name);

		if (rv == NULL)
			return (a->why = psprintf("%s: the remote has no such %s", at, fieldName ? "argument" : "field")), false;
		if (strcmp(ref_string(jt_get(rv, "type"), 0), v->type) != 0)
			return (a->why = psprintf("%s: the remote's type is %s, not %s", at,
									  ref_string(jt_get(rv, "type"), 0), v->type)), false;
		if (v->preset != NULL || v->sessionVar != NULL)
		{
			RemotePreset *p = palloc0(sizeof(RemotePreset));

			if (fieldName == NULL)
				return (a->why = psprintf("%s: @preset is for arguments", at)), false;
			p->type = typeName;
			p->field = fieldName;
			p->arg = v->name;
			p->value = v->preset;
			p->sessionVar = v->sessionVar;
			p->argType = v->type;
			a->presets = lappend(a->presets, p);
			continue;
		}
		appendStringInfoString(out, n++ ? ", " : "");
		jt_append(out, rv);
		a->used = lappend(a->used, base_name(v->type));
	}
	appendStringInfoChar(out, ']');
	for (int i = 0; all && all->type == JT_ARRAY && i < all->count; i++)
	{
		const char *name = jt_get(all->items[i], "name") ? jt_get(all->items[i], "name")->str : "?";
		bool		listed = false;

		foreach(lc, wanted)
			listed |= strcmp(((PermValue *) lfirst(lc))->name, name) == 0;
		if (!listed && required(all->items[i]))
			return (a->why = fieldName ?
					psprintf("%s.%s: argument \"%s\" is required by the remote: list it or preset it",
							 typeName, fieldName, name) :
					psprintf("%s: field \"%s\" is required by the remote: list it", typeName, name)), false;
	}
	return true;
}

/* Write one type of the permission, cut from the remote's. */
static bool
write_type(Applying *a, StringInfo out, PermType *t)
{
	const JtNode *rt = named(a->schema, "types", t->name);
	const char *kinds = t->kind == 'O' ? "OBJECT" : t->kind == 'I' ? "INPUT_OBJECT" :
		t->kind == 'E' ? "ENUM" : "SCALAR";
	ListCell   *lc;
	int			n = 0;

	if (rt == NULL)
		return (a->why = psprintf("type \"%s\": the remote has no such type", t->name)), false;
	if (jt_get(rt, "kind") == NULL || jt_get(rt, "kind")->type != JT_STRING ||
		strcmp(jt_get(rt, "kind")->str, kinds) != 0)
		return (a->why = psprintf("type \"%s\": the remote's is not of this kind", t->name)), false;
	appendStringInfo(out, "{\"kind\": \"%s\", \"name\": ", kinds);
	escape_json(out, t->name);
	if (jt_get(rt, "description"))
	{
		appendStringInfoString(out, ", \"description\": ");
		jt_append(out, jt_get(rt, "description"));
	}
	if (t->kind == 'O')
	{
		appendStringInfoString(out, ", \"interfaces\": [], \"fields\": [");
		foreach(lc, t->fields)
		{
			PermField  *f = lfirst(lc);
			const JtNode *rf = named(rt, "fields", f->name);

			CHECK_FOR_INTERRUPTS();
			if (rf == NULL)
				return (a->why = psprintf("%s.%s: the remote has no such field", t->name, f->name)), false;
			if (strcmp(ref_string(jt_get(rf, "type"), 0), f->type) != 0)
				return (a->why = psprintf("%s.%s: the remote's type is %s, not %s", t->name, f->name,
										  ref_string(jt_get(rf, "type"), 0), f->type)), false;
			a->used = lappend(a->used, base_name(f->type));
			appendStringInfoString(out, n++ ? ", {\"name\": " : "{\"name\": ");
			escape_json(out, f->name);
			appendStringInfoString(out, ", \"type\": ");
			jt_append(out, jt_get(rf, "type"));
			if (jt_get(rf, "description"))
			{
				appendStringInfoString(out, ", \"description\": ");
				jt_append(out, jt_get(rf, "description"));
			}
			appendStringInfoString(out, ", ");
			if (!write_values(a, out, rf, "args", f->args, t->name, f->name))
				return false;
			appendStringInfoChar(out, '}');
		}
		appendStringInfoChar(out, ']');
	}
	else if (t->kind == 'I')
	{
		appendStringInfoString(out, ", ");
		if (!write_values(a, out, rt, "inputFields", t->fields, t->name, NULL))
			return false;
	}
	else if (t->kind == 'E')
	{
		appendStringInfoString(out, ", \"enumValues\": [");
		foreach(lc, t->values)
		{
			const JtNode *rv = named(rt, "enumValues", lfirst(lc));

			if (rv == NULL)
				return (a->why = psprintf("enum \"%s\": the remote has no value %s", t->name,
										  (char *) lfirst(lc))), false;
			appendStringInfoString(out, n++ ? ", " : "");
			jt_append(out, rv);
		}
		appendStringInfoChar(out, ']');
	}
	appendStringInfoChar(out, '}');
	return true;
}

/*
 * A remote's __schema (JSON text) cut down to a role's permission (its
 * SDL): the kept __schema as JSON text, the presets in *presets (of
 * RemotePreset); NULL with *why set if the SDL does not fit the remote.
 */
char *
gql_remote_permission_apply(const char *introspection, const char *sdl, List **presets, char **why)
{
	Applying	a = {0};
	char	   *error = NULL;
	JtNode	   *schema = jt_parse(introspection, strlen(introspection), &error);
	const char *query;
	const char *mutation;
	StringInfoData out;
	ListCell   *lc;
	const JtNode *types;

	*why = NULL;
	a.schema = schema;
	if (schema == NULL || schema->type != JT_OBJECT || (types = jt_get(schema, "types")) == NULL ||
		types->type != JT_ARRAY)
		return (*why = "the remote's stored schema is malformed"), NULL;
	if ((a.perm = parse_sdl(sdl, why)) == NULL)
		return NULL;
	query = a.perm->queryName ? a.perm->queryName :
		jt_get(schema, "queryType") && jt_get(jt_get(schema, "queryType"), "name") &&
		jt_get(jt_get(schema, "queryType"), "name")->type == JT_STRING ?
		jt_get(jt_get(schema, "queryType"), "name")->str : "Query";
	mutation = a.perm->mutationName ? a.perm->mutationName :
		jt_get(schema, "mutationType") && jt_get(jt_get(schema, "mutationType"), "name") &&
		jt_get(jt_get(schema, "mutationType"), "name")->type == JT_STRING ?
		jt_get(jt_get(schema, "mutationType"), "name")->str : "Mutation";
	initStringInfo(&out);
	appendStringInfoString(&out, "{\"queryType\": {\"name\": ");
	escape_json(&out, query);
	appendStringInfoString(&out, "}, \"mutationType\": ");
	if (named(schema, "types", mutation) != NULL)
	{
		if (perm_lists(a.perm, mutation))
		{
			appendStringInfoString(&out, "{\"name\": ");
			escape_json(&out, mutation);
			appendStringInfoChar(&out, '}');
		}
		else
			appendStringInfoString(&out, "null");
	}
	else
		appendStringInfoString(&out, "null");
	appendStringInfoString(&out, ", \"types\": [");
	foreach(lc, a.perm->types)
	{
		if (foreach_current_index(lc) > 0)
			appendStringInfoString(&out, ", ");
		if (!write_type(&a, &out, lfirst(lc)))
			return (*why = a.why), NULL;
	}
	/* the standard scalars the remote has, as it has them */
	for (int i = 0, n = list_length(a.perm->types); i < types->count; i++)
	{
		const JtNode *name = jt_get(types->items[i], "name");

		if (name && name->type == JT_STRING && gql_is_standard_scalar(name->str) &&
			!perm_lists(a.perm, name->str))
		{
			appendStringInfoString(&out, n++ ? ", " : "");
			jt_append(&out, types->items[i]);
		}
	}
	appendStringInfoString(&out, "]}");
	/* every type the kept parts use is kept */
	foreach(lc, a.used)
		if (!gql_is_standard_scalar(lfirst(lc)) && !perm_lists(a.perm, lfirst(lc)))
			return (*why = psprintf("type \"%s\" is used but not listed", (char *) lfirst(lc))), NULL;
	*presets = a.presets;
	return out.data;
}

/*
 * graphql.add_remote_schema_permissions(remote_schema text, role name,
 * definition jsonb, comment text)
 */
Datum
graphql_add_remote_schema_permissions(PG_FUNCTION_ARGS)
{
	char	   *remote;
	char	   *role;
	Jsonb	   *def;
	char	   *defText;
	char	   *error = NULL;
	JtNode	   *root;
	const JtNode *sdl;
	char	   *introspection = NULL;
	char	   *why = NULL;
	List	   *presets;
	Oid			types[4] = {TEXTOID, TEXTOID, JSONBOID, TEXTOID};
	Datum		values[4];

	gql_require_superuser("set remote schema permissions");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("a remote schema permission needs a remote schema, a role and a definition")));
	remote = text_to_cstring(PG_GETARG_TEXT_PP(0));
	role = NameStr(*PG_GETARG_NAME(1));
	def = PG_GETARG_JSONB_P(2);
	defText = JsonbToCString(NULL, &def->root, VARSIZE(def));
	root = jt_parse(defText, strlen(defText), &error);
	sdl = root && root->type == JT_OBJECT ? jt_get(root, "schema") : NULL;
	if (sdl == NULL || sdl->type != JT_STRING || root->count != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid remote schema permission: the definition must be {\"schema\": \"<SDL>\"}")));
	if (!OidIsValid(get_role_oid(role, true)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" does not exist", role)));
	values[0] = CStringGetTextDatum(remote);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT introspection::pg_catalog.text FROM graphql.remote_schema "
							  "WHERE name OPERATOR(pg_catalog.=) $1", 1, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "graphql: reading graphql.remote_schema failed");
	if (SPI_processed == 1)
		introspection = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	if (introspection == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("remote schema with name \"%s\" does not exist", remote)));
	if (gql_remote_permission_apply(introspection, sdl->str, &presets, &why) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid permission of role \"%s\" on remote schema \"%s\": %s", role, remote, why)));
	values[1] = CStringGetTextDatum(role);
	values[2] = PG_GETARG_DATUM(2);
	values[3] = PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3);
	types[1] = TEXTOID;
	if (SPI_execute_with_args("INSERT INTO graphql.remote_schema_permission (remote_schema, role, definition, comment) "
							  "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", 4, types, values,
							  PG_ARGISNULL(3) ? "   n" : "    ", false, 0) != SPI_OK_INSERT)
		elog(ERROR, "graphql: writing graphql.remote_schema_permission failed");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("role \"%s\" already has a permission on remote schema \"%s\"", role, remote)));
	SPI_finish();
	PG_RETURN_VOID();
}

/* graphql.drop_remote_schema_permissions(remote_schema text, role name) */
Datum
graphql_drop_remote_schema_permissions(PG_FUNCTION_ARGS)
{
	char	   *remote = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *role = NameStr(*PG_GETARG_NAME(1));
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2] = {CStringGetTextDatum(remote), CStringGetTextDatum(role)};

	gql_require_superuser("set remote schema permissions");
	if (gql_spi_write("DELETE FROM graphql.remote_schema_permission WHERE remote_schema OPERATOR(pg_catalog.=) $1 "
					  "AND role OPERATOR(pg_catalog.=) $2", 2, types, values, NULL) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" has no permission on remote schema \"%s\"", role, remote)));
	PG_RETURN_VOID();
}
