/*-------------------------------------------------------------------------
 *
 * sdl.c
 *	  Prints a Schema in the GraphQL schema definition language.
 *
 * In:  a Schema.
 * Out: SDL text in the style of graphql-js's printSchema: types sorted by
 *		name, the built-in scalars left out, descriptions as block strings.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "sdl.h"

/* Print a description (block string) at an indentation. */
static void
print_description(StringInfo out, const char *description, const char *indent)
{
	if (description == NULL)
		return;
	appendStringInfo(out, "%s\"\"\"", indent);
	for (const char *p = description; *p; p++)
	{
		if (p[0] == '"' && p[1] == '"' && p[2] == '"')
		{
			appendStringInfoString(out, "\\\"\"\"");
			p += 2;
		}
		else if (*p == '\n')
			appendStringInfo(out, "\n%s", indent);
		else
			appendStringInfoChar(out, *p);
	}
	/* a closing quote or backslash would merge with the delimiter */
	if (description[0] && (description[strlen(description) - 1] == '"' ||
						   description[strlen(description) - 1] == '\\'))
		appendStringInfo(out, "\n%s", indent);
	appendStringInfoString(out, "\"\"\"\n");
}

/* Print "(a: T, b: U)" for a field's arguments, if any. */
static void
print_args(StringInfo out, const List *args)
{
	ListCell   *lc;

	if (args == NIL)
		return;
	appendStringInfoString(out, "(\n");
	foreach(lc, args)
	{
		SField	   *a = lfirst(lc);

		print_description(out, a->description, "    ");
		appendStringInfo(out, "    %s: %s\n", a->name, gql_ref_string(a->type));
	}
	appendStringInfoString(out, "  )");
}

static int
compare_type_names(const ListCell *a, const ListCell *b)
{
	return strcmp(((SType *) lfirst(a))->name, ((SType *) lfirst(b))->name);
}

/* The schema as SDL text. */
char *
gql_schema_sdl(const Schema *schema)
{
	StringInfoData out;
	List	   *types = list_copy(schema->types);
	ListCell   *lc;

	initStringInfo(&out);
	appendStringInfo(&out, "schema {\n  query: %s\n}\n", schema->queryRoot->name);
	list_sort(types, compare_type_names);
	foreach(lc, types)
	{
		SType	   *t = lfirst(lc);
		ListCell   *lc2;

		if (t->role == SR_BUILTIN)
			continue;
		appendStringInfoChar(&out, '\n');
		print_description(&out, t->description, "");
		switch (t->kind)
		{
			case SK_SCALAR:
				appendStringInfo(&out, "scalar %s\n", t->name);
				continue;
			case SK_ENUM:
				appendStringInfo(&out, "enum %s {\n", t->name);
				foreach(lc2, t->values)
				{
					SEnumValue *v = lfirst(lc2);

					print_description(&out, v->description, "  ");
					appendStringInfo(&out, "  %s\n", v->name);
				}
				break;
			default:
				appendStringInfo(&out, "%s %s {\n", t->kind == SK_OBJECT ? "type" : "input", t->name);
				foreach(lc2, t->fields)
				{
					SField	   *f = lfirst(lc2);

					print_description(&out, f->description, "  ");
					appendStringInfo(&out, "  %s", f->name);
					print_args(&out, f->args);
					appendStringInfo(&out, ": %s\n", gql_ref_string(f->type));
				}
				break;
		}
		appendStringInfoString(&out, "}\n");
	}
	return out.data;
}
