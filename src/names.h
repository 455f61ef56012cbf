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

#include "nodes/pg_list.h"

extern bool gql_is_name(const char *s);
extern char *gql_camel_case(const char *name);
extern char *gql_pascal_case(const char *name);
extern char *gql_upper_first(const char *name);
extern char *gql_upper_case(const char *name);
#if defined(__GNUC__)
#define GQL_SENTINEL __attribute__((sentinel))
#else
#define GQL_SENTINEL
#endif

extern char *gql_cat(const char *first,...) GQL_SENTINEL;
extern char *gql_index_path(const char *path, int index);
extern char *gql_type_sql(Oid typid);

/* A map from names to values (names.c), for lookups in client-sized lists. */
typedef struct NameMap NameMap;
extern NameMap *gql_name_map_create(void);
extern void *gql_name_map_get(NameMap *map, const char *name);
extern void gql_name_map_put(NameMap *map, const char *name, void *value);

/*
 * A set of names: a list while it is short, indexed by a NameMap once it
 * holds more than a few (a map costs a hash table: most sets stay small).
 * Zeroed is empty.
 */
typedef struct NameSet
{
	List	   *names;			/* of const char * */
	NameMap    *map;			/* or NULL while short */
} NameSet;

extern void gql_name_set_add(NameSet *set, const char *name);
extern bool gql_name_set_has(NameSet *set, const char *name);

#endif							/* GRAPHQL_NAMES_H */
