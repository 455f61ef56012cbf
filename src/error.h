/*-------------------------------------------------------------------------
 *
 * error.h
 *	  GraphQL errors as values, and their JSON.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_ERROR_H
#define GRAPHQL_ERROR_H

#include "lib/stringinfo.h"
#include "nodes/pg_list.h"

#include "ast.h"

/* Values of extensions.code, Hasura's vocabulary. */
#define GQL_CODE_PARSE_FAILED		"parse-failed"
#define GQL_CODE_VALIDATION_FAILED	"validation-failed"
#define GQL_CODE_NOT_SUPPORTED		"not-supported"

/*
 * The SQLSTATE of a missing session variable a permission needs (Hasura's
 * not-found error, execute.c).
 */
#define ERRCODE_GQL_MISSING_SESSION_VAR MAKE_SQLSTATE('G','Q','4','0','4')

/* Hasura's error for a negative limit; %s says what was found. */
#define GQL_NEGATIVE_LIMIT "expected a non-negative 32-bit integer for type 'Int', but found %s"

typedef struct GqlError
{
	char	   *message;
	List	   *locations;		/* of GqlLoc * */
	const char *code;			/* extensions.code */
	char	   *path;			/* extensions.path ("$.selectionSet.a"), or NULL */
	List	   *responsePath;	/* "path": response keys (char *), execution errors */
	char	   *sqlstate;		/* extensions.sqlstate, errors from SQL */
} GqlError;

extern GqlError *gql_error(const char *code, const GqlLoc *loc,
						   const char *fmt,...) pg_attribute_printf(3, 4);
extern GqlError *gql_add_error(List **errors, const char *code, const GqlLoc *loc,
							   const char *path, const char *fmt,...) pg_attribute_printf(5, 6);
extern char *gql_vformat(const char *fmt, va_list args) pg_attribute_printf(1, 0);
extern void gql_append_errors_response(StringInfo buf, const List *errors);
extern void gql_append_errors_array(StringInfo buf, const List *errors);
extern const char *gql_sqlstate_code(int sqlerrcode, const char **prefix, const char **message);

#endif							/* GRAPHQL_ERROR_H */
