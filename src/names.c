/*-------------------------------------------------------------------------
 *
 * names.c
 *	  GraphQL names for PostgreSQL objects.
 *
 * A GraphQL name is /[_A-Za-z][_0-9A-Za-z]*\/ and may not start with "__"
 * (reserved for introspection).  Objects whose names do not fit are not
 * exposed: PostgreSQL identifiers can hold any character, GraphQL names
 * cannot.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "names.h"

/* Whether s is a GraphQL name we may generate (not starting with "__"). */
bool
gql_is_name(const char *s)
{
	if (s == NULL || s[0] == '\0' || (s[0] == '_' && s[1] == '_'))
		return false;
	for (int i = 0; s[i]; i++)
	{
		char		c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
			  (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/*
 * The strings up to a NULL, concatenated in a palloc'd string: for paths
 * and SQL fragments built per field, where psprintf's format parsing
 * showed in profiles.
 */
char *
gql_cat(const char *first,...)
{
	va_list		args;
	size_t		len = 0;
	char	   *result;
	char	   *p;

	va_start(args, first);
	for (const char *s = first; s != NULL; s = va_arg(args, const char *))
		len += strlen(s);
	va_end(args);
	result = p = palloc(len + 1);
	va_start(args, first);
	for (const char *s = first; s != NULL; s = va_arg(args, const char *))
	{
		size_t		n = strlen(s);

		memcpy(p, s, n);
		p += n;
	}
	va_end(args);
	*p = '\0';
	return result;
}

/* "path[index]": a list item's path. */
char *
gql_index_path(const char *path, int index)
{
	char		digits[12];

	pg_ltoa(index, digits);
	return gql_cat(path, "[", digits, "]", NULL);
}
