/*-------------------------------------------------------------------------
 *
 * cache_watch.h
 *	  What the cached schemas reflect, and whether an invalidation touched
 *	  it (cache_watch.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_CACHE_WATCH_H
#define GRAPHQL_CACHE_WATCH_H

#include "catalog.h"

typedef struct GqlWatch GqlWatch;

/* building a schema: before its catalog is read, and after */
extern GqlWatch *gql_watch_prepare(List *schemaNames);
extern void gql_watch_commit(GqlWatch *w, Catalog *cat, Oid role);
extern void gql_watch_abandon(void);
extern void gql_watch_reset(void);

/* from invalidation callbacks: record only */
extern void gql_watch_relation(Oid relid);
extern void gql_watch_syscache(int cacheid, uint32 hash);

/* cache_watch_remote.c: graphql.remote_schema, which every schema reflects */
extern uint64 gql_remotes_watch(void);
extern void gql_remotes_commit(uint64 shape);
extern void gql_remotes_reset(void);
extern bool gql_remotes_invalidated(Oid relid);
extern bool gql_remotes_pending(void);
extern bool gql_remotes_changed(void);

/* inside a transaction: judge what was recorded */
extern bool gql_watch_changed(void);

#endif							/* GRAPHQL_CACHE_WATCH_H */
