/*-------------------------------------------------------------------------
 *
 * names.h
 *	  GraphQL names for PostgreSQL objects.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_NAMES_H
#define GRAPHQL_NAMES_H

#include "postgres.h"

extern bool gql_is_name(const char *s);
#if defined(__GNUC__)
#define GQL_SENTINEL __attribute__((sentinel))
#else
#define GQL_SENTINEL
#endif

extern char *gql_cat(const char *first,...) GQL_SENTINEL;
extern char *gql_index_path(const char *path, int index);

#endif							/* GRAPHQL_NAMES_H */
