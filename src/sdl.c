/*-------------------------------------------------------------------------
 *
 * sdl.c
 *	  Prints a Schema in the GraphQL schema definition language.
 *
 * In:  a Schema.
 * Out: the text graphql-js's printSchema gives for the same schema: types
 *		in type map order (introspection.c), the built-in scalars,
 *		directives and introspection types left out, descriptions as block
 *		strings where graphql-js would use them, blocks separated by a blank
 *		line, no final newline; directives other than the specification's
 *		(Hasura's @cached) after the schema definition, as printSchema does.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "schema.h"
#include "sdl.h"

/* graphql-js's isPrintableAsBlockString. */
static bool
printable_as_block(const char *s)
{
	bool		isEmptyLine = true;
	bool		hasIndent = false;
	bool		hasCommonIndent = true;
	bool		seenNonEmptyLine = false;

	if (*s == '\0')
		return true;
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		switch (c)
		{
			case 0x00:
			case 0x01:
			case 0x02:
			case 0x03:
			case 0x04:
			case 0x05:
			case 0x06:
			case 0x07:
			case 0x08:
			case 0x0b:
			case 0x0c:
			case 0x0d:
			case 0x0e:
			case 0x0f:
				return false;
			case '\n':
				if (isEmptyLine && !seenNonEmptyLine)
					return false;	/* a leading newline */
				seenNonEmptyLine = true;
				isEmptyLine = true;
				hasIndent = false;
				break;
			case '\t':
			case ' ':
				hasIndent = hasIndent || isEmptyLine;
				break;
			default:
				hasCommonIndent = hasCommonIndent && hasIndent;
				isEmptyLine = false;
		}
	}
	if (isEmptyLine)
		return false;			/* trailing empty lines */
	if (hasCommonIndent && seenNonEmptyLine)
		return false;			/* internal indentation */
	return true;
}

/* graphql-js's printBlockString. */
static void
print_block_string(StringInfo out, const char *value)
{
	StringInfoData escaped;
	size_t		len = strlen(value);
	bool		singleLine;
	bool		forceLeadingNewLine = true;
	bool		trailingTripleQuotes;
	bool		forceTrailingNewline;
	bool		multipleLines;
	const char *p;
	const char *line;

	initStringInfo(&escaped);
	for (p = value; *p; p++)
	{
		if (p[0] == '"' && p[1] == '"' && p[2] == '"')
		{
			appendStringInfoString(&escaped, "\\\"\"\"");
			p += 2;
		}
		else
			appendStringInfoChar(&escaped, *p);
	}
	singleLine = strpbrk(escaped.data, "\r\n") == NULL;
	/* every line after the first empty or starting with white space */
	if (singleLine)
		forceLeadingNewLine = false;
	for (line = strpbrk(escaped.data, "\r\n"); line != NULL; line = strpbrk(line, "\r\n"))
	{
		line += (line[0] == '\r' && line[1] == '\n') ? 2 : 1;
		if (!(*line == '\0' || *line == '\r' || *line == '\n' || *line == ' ' || *line == '\t'))
			forceLeadingNewLine = false;
	}
	trailingTripleQuotes = escaped.len >= 4 && strcmp(escaped.data + escaped.len - 4, "\\\"\"\"") == 0;
	forceTrailingNewline = (len > 0 && value[len - 1] == '"' && !trailingTripleQuotes) ||
		(len > 0 && value[len - 1] == '\\');
	multipleLines = !singleLine || len > 70 || forceTrailingNewline || forceLeadingNewLine ||
		trailingTripleQuotes;

	appendStringInfoString(out, "\"\"\"");
	if ((multipleLines && !(singleLine && (value[0] == ' ' || value[0] == '\t'))) ||
		forceLeadingNewLine)
		appendStringInfoChar(out, '\n');
	appendStringInfoString(out, escaped.data);
	if (multipleLines || forceTrailingNewline)
		appendStringInfoChar(out, '\n');
	appendStringInfoString(out, "\"\"\"");
}

/* graphql-js's printString: a quoted string with JSON-like escapes. */
static void
print_string(StringInfo out, const char *value)
{
	static const char *const named[] = {
		[0x08] = "\\b",[0x09] = "\\t",[0x0a] = "\\n",[0x0c] = "\\f",[0x0d] = "\\r"
	};

	appendStringInfoChar(out, '"');
	for (const unsigned char *p = (const unsigned char *) value; *p; p++)
	{
		if (*p < 0x20)
		{
			if (*p < lengthof(named) && named[*p] != NULL)
				appendStringInfoString(out, named[*p]);
			else
				appendStringInfo(out, "\\u%04X", *p);
		}
		else if (*p == '"' || *p == '\\')
			appendStringInfo(out, "\\%c", *p);
		else if (*p == 0x7f)
			appendStringInfoString(out, "\\u007F");
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			appendStringInfo(out, "\\u%04X", *++p);
		else
			appendStringInfoChar(out, *p);
	}
	appendStringInfoChar(out, '"');
}

/* graphql-js's printDescription, with its indentation rules. */
static void
print_description(StringInfo out, const char *description, const char *indent, bool first)
{
	StringInfoData text;

	if (description == NULL)
		return;
	if (indent[0] != '\0' && !first)
		appendStringInfo(out, "\n%s", indent);
	else
		appendStringInfoString(out, indent);
	initStringInfo(&text);
	if (printable_as_block(description))
		print_block_string(&text, description);
	else
		print_string(&text, description);
	for (const char *p = text.data; *p; p++)
	{
		appendStringInfoChar(out, *p);
		if (*p == '\n')
			appendStringInfoString(out, indent);
	}
	appendStringInfoChar(out, '\n');
}

/* "name: Type = default" */
static void
print_input_value(StringInfo out, const SField *a)
{
	appendStringInfo(out, "%s: %s", a->name, gql_ref_string(a->type));
	if (a->defaultValue)
		appendStringInfo(out, " = %s", a->defaultValue);
}

/* graphql-js's printArgs: on one line unless an argument has a description. */
static void
print_args(StringInfo out, const List *args, const char *indent)
{
	ListCell   *lc;
	bool		described = false;

	if (args == NIL)
		return;
	foreach(lc, args)
		described |= ((SField *) lfirst(lc))->description != NULL;
	appendStringInfoChar(out, '(');
	if (!described)
	{
		foreach(lc, args)
		{
			if (foreach_current_index(lc) > 0)
				appendStringInfoString(out, ", ");
			print_input_value(out, lfirst(lc));
		}
		appendStringInfoChar(out, ')');
		return;
	}
	appendStringInfoChar(out, '\n');
	foreach(lc, args)
	{
		SField	   *a = lfirst(lc);

		if (foreach_current_index(lc) > 0)
			appendStringInfoChar(out, '\n');
		print_description(out, a->description, psprintf("  %s", indent), foreach_current_index(lc) == 0);
		appendStringInfo(out, "  %s", indent);
		print_input_value(out, a);
	}
	appendStringInfo(out, "\n%s)", indent);
}

/* One type definition. */
static void
print_type(StringInfo out, const SType *t)
{
	ListCell   *lc;
	int			n = 0;

	print_description(out, t->description, "", true);
	switch (t->kind)
	{
		case SK_SCALAR:
			appendStringInfo(out, "scalar %s", t->name);
			return;
		case SK_ENUM:
			appendStringInfo(out, "enum %s", t->name);
			if (gql_type_values(t) == NIL)
				return;
			appendStringInfoString(out, " {\n");
			foreach(lc, gql_type_values(t))
			{
				SEnumValue *v = lfirst(lc);

				if (n > 0)
					appendStringInfoChar(out, '\n');
				print_description(out, v->description, "  ", n++ == 0);
				appendStringInfo(out, "  %s", v->name);
			}
			appendStringInfoString(out, "\n}");
			return;
		default:
			appendStringInfo(out, "%s %s", t->kind == SK_OBJECT ? "type" : "input", t->name);
			foreach(lc, gql_type_fields(t))
			{
				SField	   *f = lfirst(lc);

				if (f->kind == SF_META)
					continue;
				appendStringInfoString(out, n > 0 ? "\n" : " {\n");
				print_description(out, f->description, "  ", n++ == 0);
				if (t->kind == SK_OBJECT)
				{
					appendStringInfo(out, "  %s", f->name);
					print_args(out, f->args, "  ");
					appendStringInfo(out, ": %s", gql_ref_string(f->type));
				}
				else
				{
					appendStringInfoString(out, "  ");
					print_input_value(out, f);
				}
			}
			if (n > 0)
				appendStringInfoString(out, "\n}");
			return;
	}
}

/* The schema as SDL text. */
char *
gql_schema_sdl(const Schema *schema)
{
	StringInfoData out;
	ListCell   *lc;

	initStringInfo(&out);
	appendStringInfo(&out, "schema {\n  query: %s", schema->queryRoot->name);
	if (schema->mutationRoot != NULL)
		appendStringInfo(&out, "\n  mutation: %s", schema->mutationRoot->name);
	appendStringInfoString(&out, "\n}");
	/* the directives the specification does not define (Hasura's @cached) */
	foreach(lc, schema->directives)
	{
		SDirective *d = lfirst(lc);
		ListCell   *ll;

		if (strcmp(d->name, "include") == 0 || strcmp(d->name, "skip") == 0 ||
			strcmp(d->name, "deprecated") == 0 || strcmp(d->name, "specifiedBy") == 0)
			continue;
		appendStringInfoString(&out, "\n\n");
		print_description(&out, d->description, "", true);
		appendStringInfo(&out, "directive @%s", d->name);
		print_args(&out, d->args, "");
		appendStringInfoString(&out, " on ");
		foreach(ll, d->locations)
			appendStringInfo(&out, "%s%s", foreach_current_index(ll) ? " | " : "", (char *) lfirst(ll));
	}
	foreach(lc, gql_schema_type_order(schema))
	{
		SType	   *t = lfirst(lc);

		if (t->role == SR_BUILTIN || t->role == SR_INTROSPECTION)
			continue;
		appendStringInfoString(&out, "\n\n");
		print_type(&out, t);
	}
	return out.data;
}
