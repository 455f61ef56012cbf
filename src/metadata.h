/*-------------------------------------------------------------------------
 *
 * metadata.h
 *	  Hasura metadata applied (metadata.c) and its permissions compiled to
 *	  native objects (metadata_permission.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_METADATA_H
#define GRAPHQL_METADATA_H

#include "catalog.h"

/* The statements making a permission's objects, and those undoing them. */
typedef struct Compiled
{
	List	   *statements;		/* of char *, in order */
	List	   *undo;			/* of char *, run in reverse order */
} Compiled;

/* metadata.c */
extern bool gql_metadata_run(List *statements, char **error);
extern void gql_metadata_record_undo(List *undo);

/* metadata_remote.c */
extern void gql_apply_remote_metadata(MetaReport *r, const JtNode *m, Catalog *cat);

/* A select permission that applied: its table, role and JSON (metadata_join.c). */
typedef struct AppliedSelect
{
	CatTable   *table;
	const char *role;
	const JtNode *permission;
} AppliedSelect;

/* metadata_join.c */
extern void gql_apply_joins(Catalog *cat, List *selects);

/* metadata_permission.c */
extern char *gql_permission_filter_sql(Catalog *cat, CatTable *t, const JtNode *exp, const char *alias,
									   const char **why);
extern char *gql_table_owner(CatTable *t);
extern const char *gql_metadata_role_refused(const char *role);
extern bool gql_compile_permission(Catalog *cat, CatTable *t, const char *role, const char *op,
								   const JtNode *perm, Compiled *c, const char **why);

#endif							/* GRAPHQL_METADATA_H */
