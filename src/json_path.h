/*-------------------------------------------------------------------------
 *
 * json_path.h
 *	  The "path" argument of a json/jsonb field, in Hasura's syntax, read
 *	  into the keys and indexes that PostgreSQL's #> takes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_JSON_PATH_H
#define GRAPHQL_JSON_PATH_H

#include "nodes/pg_list.h"

/* Why a path was refused. */
typedef enum JsonPathError
{
	JSON_PATH_OK,
	JSON_PATH_SYNTAX,			/* not a path in Hasura's syntax */
	JSON_PATH_ENCODING			/* a key the database's encoding cannot hold */
} JsonPathError;

extern JsonPathError gql_parse_json_path(const char *path, int len, List **steps);

#endif							/* GRAPHQL_JSON_PATH_H */
