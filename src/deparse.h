/*-------------------------------------------------------------------------
 *
 * deparse.h
 *	  Compiling root fields into SQL statements with parameters.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_DEPARSE_H
#define GRAPHQL_DEPARSE_H

#include "lib/stringinfo.h"

#include "execute.h"
#include "values.h"

/* A parameter of the statement being built. */
typedef struct SqlParam
{
	Oid			type;			/* the parameter's type (an array type for lists) */
	Oid			elemType;		/* for arrays: the element type */
	char	   *text;			/* scalar: input text */
	List	   *elems;			/* array: element texts */
	const char *path;			/* the argument it came from */
} SqlParam;

/* The statement being built for one root field. */
typedef struct Sql
{
	Request    *req;
	StringInfoData buf;
	List	   *params;			/* of SqlParam */
	int			nextAlias;
	bool		failed;			/* an error was added; the SQL is incomplete */
	bool		literal;		/* buf holds the field's JSON itself, not SQL */
} Sql;

/* Fields of one response key, collected from a selection set. */
typedef struct FieldGroup
{
	const char *key;
	List	   *fields;			/* of GqlField, same field and arguments */
} FieldGroup;

extern CoerceContext gql_exec_context(Request *req);
extern void gql_collect_fields(Request *req, List *selections, List **groups, List **visited);
extern bool gql_deparse_root(Sql *sql, FieldGroup *g);

#endif							/* GRAPHQL_DEPARSE_H */
