/*-------------------------------------------------------------------------
 *
 * inflect.h
 *	  English pluralization of names, for array relationship names
 *	  ("article" -> "articles", "OrderCategory" -> "OrderCategories").
 *
 * Pure C99 with no PostgreSQL dependency and no allocation, so that it can
 * be unit-tested outside the server (test/inflect/).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_INFLECT_H
#define GRAPHQL_INFLECT_H

#include <stddef.h>

/*
 * Write the plural of name into out (size outlen, NUL-terminated).
 * Return the length written, or -1 if it does not fit (out is then the
 * empty string when outlen > 0).  Only the last word of the name is
 * pluralized; see inflect.c for the rules.
 */
extern int	gql_pluralize(const char *name, char *out, size_t outlen);

#endif							/* GRAPHQL_INFLECT_H */
