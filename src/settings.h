/*-------------------------------------------------------------------------
 *
 * settings.h
 *	  The settings that guard requests: limits and introspection, their
 *	  values for the role a request runs as, and their protection from
 *	  clients (settings.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_SETTINGS_H
#define GRAPHQL_SETTINGS_H

#include "lib/stringinfo.h"
#include "nodes/pg_list.h"

/* What a request is checked against, for the role it runs as. */
typedef struct GqlLimits
{
	int			maxTokens;		/* graphql.max_tokens: lexical tokens */
	int			maxDepth;		/* graphql.max_depth: selection depth */
	int			maxNodes;		/* graphql.max_nodes: fields, fragments expanded */
	int			maxBatch;		/* graphql.max_batch: root fields */
	int			maxInputSize;	/* graphql.max_input_size: values in variables and literals */
	bool		introspection;	/* graphql.introspection */
} GqlLimits;

/* The limits of the request being answered (gql_settings_for_role). */
extern GqlLimits gql_limits;
extern int	gql_remote_max_concurrent;
extern bool gql_reject_unused_variables;
extern bool gql_stringify_numeric_types;

extern void gql_settings_init(void);
extern void gql_limits_key(StringInfo key);
extern List *gql_role_settings(Oid role);
extern void gql_settings_for_role(List *roleSettings);
extern void gql_settings_for_session(void);
extern bool gql_setting_tampered(const char *name);
extern char *gql_setting_from_files(const char *name);

#endif							/* GRAPHQL_SETTINGS_H */
