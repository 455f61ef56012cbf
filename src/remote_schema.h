/*-------------------------------------------------------------------------
 *
 * remote_schema.h
 *	  Remote schemas: their definitions checked and stored
 *	  (remote_schema.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_REMOTE_SCHEMA_H
#define GRAPHQL_REMOTE_SCHEMA_H

#include "nodes/pg_list.h"

struct RemoteLeftOut;
struct JtNode;

/* What calling a remote needs, from its definition. */
typedef struct RemoteDef
{
	const char *url;			/* url, or the value of url_from_env */
	List	   *headers;		/* of "Name: value" (value_from_env read) */
	bool		forwardClientHeaders;
	int			timeoutSeconds;
} RemoteDef;

extern RemoteDef *gql_remote_def(const char *name, const char *definition);
extern RemoteDef *gql_action_def(const char *name, const char *definition);
extern char *gql_left_out_what(struct RemoteLeftOut *lo);
extern char *gql_remote_permission_apply(const char *introspection, const char *sdl, List **presets,
										 char **why);
extern void gql_require_superuser(const char *doing);
extern uint64 gql_spi_write(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls);
extern List *gql_definition_headers(const char *what, const char *name, const struct JtNode *headers);

#endif							/* GRAPHQL_REMOTE_SCHEMA_H */
