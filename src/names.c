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

#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"

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
 * A snake_case name in Hasura's graphql-default convention: the parts
 * after the first underscore-separated one begin upper-case and the
 * underscores between parts go; leading underscores stay (_is_null ->
 * _isNull, author_by_pk -> authorByPk).  firstUpper: the first part too
 * (PascalCase: author_bool_exp -> AuthorBoolExp).
 */
static char *
recase(const char *name, bool firstUpper)
{
	StringInfoData buf;
	const char *p = name;
	bool		upper = firstUpper;
	bool		any = false;

	initStringInfo(&buf);
	while (*p == '_')
		appendStringInfoChar(&buf, *p++);
	for (; *p; p++)
	{
		if (*p == '_')
		{
			upper = any;		/* the next part's first letter */
			continue;
		}
		appendStringInfoChar(&buf, upper && *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		upper = false;
		any = true;
	}
	return buf.data;
}

/* camelCase of a snake_case name (graphql-default's fields and arguments). */
char *
gql_camel_case(const char *name)
{
	return recase(name, false);
}

/* PascalCase of a snake_case name (graphql-default's type names). */
char *
gql_pascal_case(const char *name)
{
	return recase(name, true);
}

/* The name with its first letter upper-case. */
char *
gql_upper_first(const char *name)
{
	char	   *copy = pstrdup(name);

	if (copy[0] >= 'a' && copy[0] <= 'z')
		copy[0] += 'A' - 'a';
	return copy;
}

/* The name in upper case (graphql-default's enum values). */
char *
gql_upper_case(const char *name)
{
	char	   *copy = pstrdup(name);

	for (char *p = copy; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p += 'A' - 'a';
	return copy;
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

/* An entry of a NameMap: the name (the key, by pointer) and its value. */
typedef struct NameEntry
{
	const char *name;
	void	   *value;
} NameEntry;

static uint32
name_hash(const void *key, Size keysize)
{
	const char *name = *(const char *const *) key;

	return hash_bytes((const unsigned char *) name, strlen(name));
}

static int
name_match(const void *a, const void *b, Size keysize)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * A map from names (strings of any length, not copied) to values, in the
 * current memory context: for lookups by name in lists of client-given
 * size (response keys, fragments), which would be quadratic by scanning.
 */
NameMap *
gql_name_map_create(void)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(const char *);
	ctl.entrysize = sizeof(NameEntry);
	ctl.hash = name_hash;
	ctl.match = name_match;
	ctl.hcxt = CurrentMemoryContext;
	return (NameMap *) hash_create("graphql names", 64, &ctl,
								   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
}

/* The value of a name, or NULL. */
void *
gql_name_map_get(NameMap *map, const char *name)
{
	NameEntry  *e = hash_search((HTAB *) map, &name, HASH_FIND, NULL);

	return e ? e->value : NULL;
}

/* Set the value of a name. */
void
gql_name_map_put(NameMap *map, const char *name, void *value)
{
	bool		found;
	NameEntry  *e = hash_search((HTAB *) map, &name, HASH_ENTER, &found);

	e->value = value;
}

/* Add a name to a set (once or more: a member stays a member). */
void
gql_name_set_add(NameSet *set, const char *name)
{
	if (set->map != NULL)
	{
		gql_name_map_put(set->map, name, (void *) name);
		return;
	}
	set->names = lappend(set->names, (void *) name);
	if (list_length(set->names) > 8)
	{
		ListCell   *lc;

		set->map = gql_name_map_create();
		foreach(lc, set->names)
			gql_name_map_put(set->map, lfirst(lc), lfirst(lc));
	}
}

/* Whether a set holds a name. */
bool
gql_name_set_has(NameSet *set, const char *name)
{
	ListCell   *lc;

	if (set->map != NULL)
		return gql_name_map_get(set->map, name) != NULL;
	foreach(lc, set->names)
		if (strcmp(lfirst(lc), name) == 0)
			return true;
	return false;
}

/*
 * A type's name for a cast in SQL: qualified, and written so that it has
 * no typmod (pg_catalog.bpchar, pg_catalog."bit"), where
 * format_type_be_qualified's character and bit mean length 1 and a value
 * cast to them is cut to its first character.
 */
char *
gql_type_sql(Oid typid)
{
	return format_type_extended(typid, -1, FORMAT_TYPE_TYPEMOD_GIVEN | FORMAT_TYPE_FORCE_QUALIFY);
}
