/*-------------------------------------------------------------------------
 *
 * catalog_comment.h
 *	  Comment directives (catalog_comment.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_CATALOG_COMMENT_H
#define GRAPHQL_CATALOG_COMMENT_H

#include "nodes/pg_list.h"

#include "json_tree.h"

/* A comment split into its @graphql directive (or NULL) and the rest. */
typedef struct Comment
{
	JtNode	   *directive;		/* a JSON object */
	char	   *description;
} Comment;

extern Comment gql_parse_comment(const char *text, const char *what);
extern void gql_ignored_directive(const char *what, const char *why);
extern char *gql_directive_string(const JtNode *directive, const char *key, const char *what);
extern char *gql_directive_name(const JtNode *directive, const char *key, const char *what);
extern List *gql_directive_strings(const JtNode *directive, const char *key, const char *what);

#endif							/* GRAPHQL_CATALOG_COMMENT_H */
