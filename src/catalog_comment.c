/*-------------------------------------------------------------------------
 *
 * catalog_comment.c
 *	  Comment directives: a comment may hold "@graphql({...})"; the JSON
 *	  object configures the object it comments (name, description,
 *	  primary_key_columns, foreign_keys, local_name, foreign_name) and the
 *	  rest of the comment is its description.
 *
 * In:  the text of a comment (catalog.c reads them with the catalog).
 * Out: the directive (a JtNode object, or NULL) and the description; the
 *		members of a directive, each checked.  A directive or member that
 *		is wrong is ignored with a WARNING, never an error: a comment's
 *		author cannot break the API.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog_comment.h"
#include "names.h"

/* Find the end of a JSON object starting at s[0] == '{'; return its length or -1. */
static int
json_object_length(const char *s)
{
	int			depth = 0;
	bool		inString = false;

	for (int i = 0; s[i]; i++)
	{
		char		c = s[i];

		if (inString)
		{
			if (c == '\\' && s[i + 1])
				i++;
			else if (c == '"')
				inString = false;
		}
		else if (c == '"')
			inString = true;
		else if (c == '{')
			depth++;
		else if (c == '}' && --depth == 0)
			return i + 1;
	}
	return -1;
}

/*
 * Warn that (part of) the directive in the comment of an object is ignored.
 * The author of a comment cannot break the API: every mistake in a
 * directive leaves the object as if the directive (or the member) were
 * not there, with this WARNING, once per schema build.
 */
void
gql_ignored_directive(const char *what, const char *why)
{
	ereport(WARNING,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("ignoring the @graphql directive in the comment of %s", what),
			 errdetail("%s", why)));
}

/*
 * Split the comment of an object (what, for warnings) into its
 * @graphql({...}) directive and its description.  The directive is parsed
 * by json_tree.c, which raises no error: JSON that is not an object, that
 * jsonb could not hold (\u0000) or that nests too deeply is ignored.
 */
Comment
gql_parse_comment(const char *text, const char *what)
{
	Comment		c = {NULL, NULL};
	const char *at;
	StringInfoData desc;

	if (text == NULL)
		return c;
	at = strstr(text, "@graphql(");
	initStringInfo(&desc);
	if (at != NULL)
	{
		const char *json = at + strlen("@graphql(");
		int			len;

		while (*json == ' ')
			json++;
		len = (*json == '{') ? json_object_length(json) : -1;
		if (len > 0 && json[len] == ')')
		{
			char	   *error = NULL;
			JtNode	   *d = jt_parse(json, len, &error);

			if (d == NULL)
				gql_ignored_directive(what, error);
			else
				c.directive = d;
			appendBinaryStringInfo(&desc, text, at - text);
			appendStringInfoString(&desc, json + len + 1);
		}
		else
		{
			gql_ignored_directive(what, "\"@graphql(\" is not followed by a JSON object and \")\"");
			appendStringInfoString(&desc, text);
		}
	}
	else
		appendStringInfoString(&desc, text);

	/* trim */
	{
		char	   *s = desc.data;
		char	   *e = s + strlen(s);

		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		c.description = (e > s) ? pnstrdup(s, e - s) : NULL;
	}
	return c;
}

/* A string member of a directive, or NULL (ignored with a warning if not a string). */
char *
gql_directive_string(const JtNode *directive, const char *key, const char *what)
{
	JtNode	   *v = jt_get(directive, key);

	if (v == NULL)
		return NULL;
	if (v->type != JT_STRING)
	{
		gql_ignored_directive(what, psprintf("\"%s\" must be a string, not %s", key, jt_type_name(v->type)));
		return NULL;
	}
	return pstrdup(v->str);
}

/* A name a directive gives (a GraphQL name), or NULL with a warning. */
char *
gql_directive_name(const JtNode *directive, const char *key, const char *what)
{
	char	   *name = gql_directive_string(directive, key, what);

	if (name != NULL && !gql_is_name(name))
	{
		gql_ignored_directive(what, psprintf("\"%s\" is not a GraphQL name", key));
		return NULL;
	}
	return name;
}

/* The strings of an array member of a directive (NIL, with a warning, if it is not one). */
List *
gql_directive_strings(const JtNode *directive, const char *key, const char *what)
{
	JtNode	   *v = jt_get(directive, key);
	List	   *out = NIL;

	if (v == NULL)
		return NIL;
	for (int i = 0; v->type == JT_ARRAY && i < v->count; i++)
	{
		if (v->items[i]->type != JT_STRING)
			break;
		out = lappend(out, pstrdup(v->items[i]->str));
	}
	if (v->type != JT_ARRAY || list_length(out) != v->count || out == NIL)
	{
		gql_ignored_directive(what, psprintf("\"%s\" must be a non-empty list of strings", key));
		return NIL;
	}
	return out;
}
