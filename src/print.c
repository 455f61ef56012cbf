/*-------------------------------------------------------------------------
 *
 * print.c
 *	  The GraphQL document a remote schema's root field is sent as: the
 *	  field as the client wrote it (aliases, arguments, directives), the
 *	  fragments it spreads, transitively, and the variables it uses, with
 *	  every name mapped back to the remote's own.
 *
 * In:  the request (its document and operation), the root field's group
 *	    and the type its fields belong to (query_root, mutation_root, or a
 *	    remote's namespace type).
 * Out: the document's text, and the names of the variables it uses (their
 *	    values are sent as they came).
 *
 * A field is printed "key: remoteName" when its response key is not the
 * remote's name of it, so the answer comes back under the client's keys;
 * type conditions and variable types are printed with the remote's names.
 * Values are printed from the AST (strings escaped as JSON strings, which
 * GraphQL reads the same way).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "nodes/value.h"
#include "utils/json.h"

#include "auth.h"
#include "json_tree.h"
#include "print.h"

typedef struct Printer
{
	Request    *req;
	List	   *fragments;		/* of char *: names spread, to print */
	List	   *variables;		/* of char *: names used */
	char	   *missing;		/* a session variable a preset needs, not set */
	JtNode	   *session;		/* the session variables, once read */
} Printer;

static void print_selections(Printer *p, StringInfo out, SType *type, GqlSelectionSet *set);

/* A string value, escaped as JSON (U+0000 included: len counts). */
static void
print_string(StringInfo out, const char *s, int len)
{
	appendStringInfoChar(out, '"');
	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '"' || c == '\\')
			appendStringInfo(out, "\\%c", c);
		else if (c < 0x20)
			appendStringInfo(out, "\\u%04x", c);
		else
			appendStringInfoChar(out, (char) c);
	}
	appendStringInfoChar(out, '"');
}

static void
print_value(Printer *p, StringInfo out, GqlValue *v)
{
	ListCell   *lc;

	check_stack_depth();
	switch (v->n.kind)
	{
		case GQL_VARIABLE:
			appendStringInfo(out, "$%s", v->str);
			p->variables = list_append_unique(p->variables, makeString((char *) v->str));
			break;
		case GQL_STRING_VALUE:
			print_string(out, v->str, v->len);
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
					appendStringInfoString(out, ", ");
				print_value(p, out, lfirst(lc));
			}
			appendStringInfoChar(out, ']');
			break;
		case GQL_OBJECT_VALUE:
			appendStringInfoChar(out, '{');
			foreach(lc, v->items)
			{
				GqlArgument *f = lfirst(lc);

				appendStringInfo(out, "%s%s: ", foreach_current_index(lc) ? ", " : "", f->name.value);
				print_value(p, out, f->value);
			}
			appendStringInfoChar(out, '}');
			break;
		default:				/* Int, Float, Enum: the token's text */
			appendStringInfoString(out, v->str);
			break;
	}
}

/*
 * A preset's value: its GraphQL text, or the session variable's value as
 * the argument's type reads it (a number or boolean bare, else a string).
 */
static void
print_preset(Printer *p, StringInfo out, const RemotePreset *pr)
{
	const JtNode *v;
	const char *type = pr->argType + strspn(pr->argType, "[");
	char	   *error = NULL;

	if (pr->value != NULL)
	{
		appendStringInfoString(out, pr->value);
		return;
	}
	if (p->session == NULL)
	{
		const char *text = gql_session_json();

		p->session = jt_parse(text, strlen(text), &error);
	}
	v = p->session ? jt_get_anycase(p->session, pr->sessionVar) : NULL;
	if (v == NULL || v->type == JT_NULL)
	{
		p->missing = p->missing ? p->missing : pstrdup(pr->sessionVar);
		appendStringInfoString(out, "null");
	}
	else if (v->type != JT_STRING)
		jt_append(out, v);
	else if ((strncmp(type, "Int", 3) == 0 || strncmp(type, "Float", 5) == 0) &&
			 strspn(v->str, "-0123456789.eE+") == strlen(v->str) && v->str[0] != '\0')
		appendStringInfoString(out, v->str);
	else if (strncmp(type, "Boolean", 7) == 0 && (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0))
		appendStringInfoString(out, v->str);
	else
		escape_json(out, v->str);
}

/* A field's arguments: the client's, then the role's presets. */
static void
print_arguments(Printer *p, StringInfo out, List *arguments, List *presets)
{
	ListCell   *lc;
	int			n = 0;

	if (arguments == NIL && presets == NIL)
		return;
	appendStringInfoChar(out, '(');
	foreach(lc, arguments)
	{
		GqlArgument *a = lfirst(lc);

		appendStringInfo(out, "%s%s: ", n++ ? ", " : "", a->name.value);
		print_value(p, out, a->value);
	}
	foreach(lc, presets)
	{
		RemotePreset *pr = lfirst(lc);

		appendStringInfo(out, "%s%s: ", n++ ? ", " : "", pr->arg);
		print_preset(p, out, pr);
	}
	appendStringInfoChar(out, ')');
}

/* The directives (@skip, @include: the only ones the schema has). */
static void
print_directives(Printer *p, StringInfo out, List *directives)
{
	ListCell   *lc;

	foreach(lc, directives)
	{
		GqlDirective *d = lfirst(lc);

		appendStringInfo(out, " @%s", d->name.value);
		print_arguments(p, out, d->arguments, NIL);
	}
}

/* The remote's name of one of our types. */
static const char *
remote_type_name(Printer *p, const char *ours)
{
	SType	   *t = gql_schema_type(p->req->schema, ours);

	return t != NULL && t->remoteName != NULL ? t->remoteName : ours;
}

/* A variable's type, with the remote's names. */
static void
print_type(Printer *p, StringInfo out, GqlType *t)
{
	check_stack_depth();
	if (t->n.kind == GQL_NAMED_TYPE)
		appendStringInfoString(out, remote_type_name(p, t->name.value));
	else if (t->n.kind == GQL_LIST_TYPE)
	{
		appendStringInfoChar(out, '[');
		print_type(p, out, t->inner);
		appendStringInfoChar(out, ']');
	}
	else
	{
		print_type(p, out, t->inner);
		appendStringInfoChar(out, '!');
	}
}

/* One field of type: "key: remoteName(args) @dirs { ... }". */
static void
print_field(Printer *p, StringInfo out, SType *type, GqlField *f)
{
	const char *key = f->alias ? f->alias->value : f->name.value;
	SField	   *def = strcmp(f->name.value, "__typename") == 0 ? NULL : gql_type_field(type, f->name.value);
	const char *name = def != NULL && def->remoteName != NULL ? def->remoteName : f->name.value;

	if (strcmp(key, name) != 0)
		appendStringInfo(out, "%s: ", key);
	appendStringInfoString(out, name);
	print_arguments(p, out, f->arguments, def ? def->remotePresets : NIL);
	print_directives(p, out, f->directives);
	if (f->selectionSet != NULL && def != NULL)
	{
		appendStringInfoChar(out, ' ');
		print_selections(p, out, gql_ref_named(def->type), f->selectionSet);
	}
}

static void
print_selections(Printer *p, StringInfo out, SType *type, GqlSelectionSet *set)
{
	ListCell   *lc;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	appendStringInfoString(out, "{ ");
	foreach(lc, set->selections)
	{
		void	   *sel = lfirst(lc);

		if (foreach_current_index(lc) > 0)
			appendStringInfoChar(out, ' ');
		if (GqlKindOf(sel) == GQL_FIELD)
			print_field(p, out, type, sel);
		else if (GqlKindOf(sel) == GQL_FRAGMENT_SPREAD)
		{
			GqlFragmentSpread *s = sel;

			appendStringInfo(out, "...%s", s->name.value);
			print_directives(p, out, s->directives);
			p->fragments = list_append_unique(p->fragments, makeString((char *) s->name.value));
		}
		else
		{
			GqlInlineFragment *f = sel;
			SType	   *on = f->typeCondition ?
				gql_schema_type(p->req->schema, f->typeCondition->name.value) : type;

			appendStringInfoString(out, "...");
			if (f->typeCondition != NULL)
				appendStringInfo(out, " on %s", remote_type_name(p, f->typeCondition->name.value));
			print_directives(p, out, f->directives);
			appendStringInfoChar(out, ' ');
			print_selections(p, out, on, f->selectionSet);
		}
	}
	appendStringInfoString(out, " }");
}

/* The fragments spread, and those they spread (the list grows). */
static void
print_fragments(Printer *p, StringInfo out)
{
	ListCell   *lc;

	foreach(lc, p->fragments)
	{
		GqlFragmentDefinition *fd = gql_find_fragment(p->req->doc, strVal(lfirst(lc)));

		appendStringInfo(out, " fragment %s on %s", fd->name.value,
						 remote_type_name(p, fd->typeCondition->name.value));
		print_directives(p, out, fd->directives);
		appendStringInfoChar(out, ' ');
		print_selections(p, out, gql_schema_type(p->req->schema, fd->typeCondition->name.value),
						 fd->selectionSet);
	}
}

/*
 * The definitions of the operation's variables that were used, the first
 * after first, the others after ", "; the number printed.
 */
static int
print_variable_defs(Printer *p, StringInfo out, const char *first)
{
	int			n = 0;
	ListCell   *lc;

	foreach(lc, p->req->op->variableDefinitions)
	{
		GqlVariableDefinition *vd = lfirst(lc);
		bool		used = false;
		ListCell   *lv;

		foreach(lv, p->variables)
			used |= strcmp(strVal(lfirst(lv)), vd->variable->str) == 0;
		if (!used)
			continue;
		appendStringInfoString(out, n == 0 ? first : ", ");
		appendStringInfo(out, "$%s: ", vd->variable->str);
		print_type(p, out, vd->type);
		if (vd->defaultValue != NULL)
		{
			appendStringInfoString(out, " = ");
			print_value(p, out, vd->defaultValue);
		}
		n++;
	}
	return n;
}

/*
 * The document that asks a remote for a root field: the fields of the
 * group (of type parent), or with namespace, the selections of the
 * namespace field (of its type).  *variables: the names it uses.
 */
char *
gql_print_remote(Request *req, FieldGroup *g, SType *parent, bool namespaced, List **variables,
				 char **missing)
{
	Printer		p = {req, NIL, NIL, NULL, NULL};
	StringInfoData body;
	StringInfoData doc;
	int			nvars = 0;
	ListCell   *lc;

	initStringInfo(&body);
	if (namespaced)
	{
		GqlField   *f = linitial(g->fields);
		SField	   *def = gql_type_field(parent, f->name.value);

		print_selections(&p, &body, gql_ref_named(def->type), f->selectionSet);
	}
	else
	{
		appendStringInfoString(&body, "{ ");
		foreach(lc, g->fields)
		{
			if (foreach_current_index(lc) > 0)
				appendStringInfoChar(&body, ' ');
			print_field(&p, &body, parent, lfirst(lc));
		}
		appendStringInfoString(&body, " }");
	}
	print_fragments(&p, &body);
	initStringInfo(&doc);
	appendStringInfoString(&doc, req->op->operation == GQL_OP_MUTATION ? "mutation" : "query");
	nvars = print_variable_defs(&p, &doc, "(");
	if (nvars > 0)
		appendStringInfoChar(&doc, ')');
	appendStringInfoChar(&doc, ' ');
	appendBinaryStringInfo(&doc, body.data, body.len);
	*variables = p.variables;
	*missing = p.missing;
	return doc.data;
}

/*
 * The document's pieces for a remote relationship's field (g, of def):
 * the client's own arguments (", a: 1", or ""), each of its fields'
 * selection set (or "" for a leaf), the fragments they spread, and the
 * definitions of the client's variables they use ("$n: Int, $m: ID").
 */
void
gql_print_remote_join(Request *req, FieldGroup *g, SField *def, RemoteJoin *j)
{
	Printer		p = {req, NIL, NIL, NULL, NULL};
	GqlField   *first = linitial(g->fields);
	StringInfoData s;
	ListCell   *lc;

	initStringInfo(&s);
	foreach(lc, first->arguments)
	{
		GqlArgument *a = lfirst(lc);

		appendStringInfo(&s, ", %s: ", a->name.value);
		print_value(&p, &s, a->value);
	}
	/* the role's presets of the remote field the relationship calls */
	foreach(lc, j->rel->target->remotePresets)
	{
		appendStringInfo(&s, ", %s: ", ((RemotePreset *) lfirst(lc))->arg);
		print_preset(&p, &s, lfirst(lc));
	}
	j->clientArgs = s.data;
	j->selections = NIL;
	foreach(lc, g->fields)
	{
		GqlField   *f = lfirst(lc);

		initStringInfo(&s);
		if (f->selectionSet != NULL)
		{
			appendStringInfoChar(&s, ' ');
			print_selections(&p, &s, gql_ref_named(def->type), f->selectionSet);
		}
		j->selections = lappend(j->selections, s.data);
	}
	initStringInfo(&s);
	print_fragments(&p, &s);
	j->fragments = s.data;
	initStringInfo(&s);
	(void) print_variable_defs(&p, &s, "");
	j->varDefs = s.data;
	j->variables = p.variables;
	j->missing = p.missing;
}

/* A type reference, with the remote's names. */
void
gql_print_remote_ref(StringInfo out, const STypeRef *ref)
{
	check_stack_depth();
	if (ref->kind == REF_NAMED)
		appendStringInfoString(out, ref->named->remoteName ? ref->named->remoteName : ref->named->name);
	else if (ref->kind == REF_LIST)
	{
		appendStringInfoChar(out, '[');
		gql_print_remote_ref(out, ref->of);
		appendStringInfoChar(out, ']');
	}
	else
	{
		gql_print_remote_ref(out, ref->of);
		appendStringInfoChar(out, '!');
	}
}

/*
 * The values of the variables named, as the request gave them, appended
 * as JSON object members ("n": 5) separated by ", " (one not given is
 * left out, for its default); the number appended.
 */
int
gql_print_variable_values(Request *req, List *names, StringInfo out)
{
	Jsonb	   *vars = req->json;
	int			n = 0;
	ListCell   *lc;

	foreach(lc, names)
	{
		const char *name = strVal(lfirst(lc));
		JsonbValue *v = vars ? getKeyJsonValueFromContainer(&vars->root, name, strlen(name), NULL) : NULL;

		if (v == NULL)
			continue;
		appendStringInfoString(out, n++ ? ", " : "");
		escape_json(out, name);
		appendStringInfo(out, ": %s", JsonbToCString(NULL, &JsonbValueToJsonb(v)->root, 0));
	}
	return n;
}
