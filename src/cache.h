/*-------------------------------------------------------------------------
 *
 * cache.h
 *	  The per-backend cache of reflected schemas.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_CACHE_H
#define GRAPHQL_CACHE_H

#include "schema.h"

extern char *gql_schemas_setting;

extern void gql_cache_init(void);
extern Schema *gql_current_schema(void);
extern uint64 gql_catalog_generation(void);
extern void gql_cache_key(StringInfo key);

#endif							/* GRAPHQL_CACHE_H */
