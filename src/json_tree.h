/*-------------------------------------------------------------------------
 *
 * json_tree.h
 *	  JSON text parsed into a small tree, without raising errors: for the
 *	  JWT configuration (parsed in a GUC check hook, which must not throw),
 *	  the request headers and a token's claims.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_JSON_TREE_H
#define GRAPHQL_JSON_TREE_H

#include "lib/stringinfo.h"

typedef enum JtType
{
	JT_NULL,
	JT_BOOL,
	JT_NUMBER,
	JT_STRING,
	JT_ARRAY,
	JT_OBJECT
} JtType;

typedef struct JtNode JtNode;

struct JtNode
{
	JtType		type;
	char	   *str;			/* JT_STRING: the value; JT_NUMBER: its text */
	bool		boolean;		/* JT_BOOL */
	int			count;			/* JT_ARRAY, JT_OBJECT: number of members */
	char	  **keys;			/* JT_OBJECT: member names */
	JtNode	  **items;			/* JT_ARRAY, JT_OBJECT: member values */
};

/* Deepest nesting jt_parse accepts. */
#define JT_MAX_DEPTH 64

extern JtNode *jt_parse_ext(const char *text, int len, bool quiet, char **error);
extern JtNode *jt_parse(const char *text, int len, char **error);
extern JtNode *jt_get(const JtNode *object, const char *key);
extern JtNode *jt_get_anycase(const JtNode *object, const char *key);
extern const char *jt_type_name(JtType type);
extern void jt_append(StringInfo out, const JtNode *node);
extern JtNode *jt_path(const JtNode *root, const char *path, char **error);
extern const char *jt_unknown_key(const JtNode *obj, const char *const *allowed);

#endif							/* GRAPHQL_JSON_TREE_H */
