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
