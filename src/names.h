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

#endif							/* GRAPHQL_NAMES_H */
