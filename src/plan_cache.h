/*-------------------------------------------------------------------------
 *
 * plan_cache.h
 *	  The per-backend cache of requests: a query text already parsed and
 *	  validated for a role, with the SPI plans of its statements.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_PLAN_CACHE_H
#define GRAPHQL_PLAN_CACHE_H

#include "executor/spi.h"

#include "ast.h"

typedef struct PlanEntry PlanEntry;

extern int	gql_plan_cache_size;

extern void gql_plan_cache_init(void);
extern PlanEntry *gql_plan_cache_lookup(const char *query, int len, const char *operationName,
										uint64 generation, GqlDocument **doc, GqlOperation **op);
extern PlanEntry *gql_plan_cache_begin(void);
extern void gql_plan_cache_store(PlanEntry *entry, const char *query, int len,
								 const char *operationName, uint64 generation,
								 GqlDocument *doc, GqlOperation *op);
extern void gql_plan_cache_discard(PlanEntry *entry);
extern MemoryContext gql_plan_entry_context(PlanEntry *entry);
extern List **gql_plan_entry_compiled(PlanEntry *entry);
extern void gql_plan_cache_count_reuse(void);
extern SPIPlanPtr gql_plan_for(PlanEntry *entry, const char *statement, int nparams, Oid *types);

#endif							/* GRAPHQL_PLAN_CACHE_H */
