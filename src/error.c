/*-------------------------------------------------------------------------
 *
 * error.c
 *	  GraphQL errors as values, and their JSON.
 *
 * A request's mistakes (syntax, validation, variables) are not PostgreSQL
 * errors: they are collected as GqlError values and returned to the client
 * as the response's "errors" list, in the shape the GraphQL spec and Hasura
 * give it:
 *
 *	 {"message": ..., "locations": [{"line": L, "column": C}],
 *	  "extensions": {"code": ...}}
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/json.h"

#include "error.h"

/* Format a message from a va_list (which may be used only once). */
char *
gql_vformat(const char *fmt, va_list args)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (;;)
	{
		va_list		copy;
		int			needed;

		va_copy(copy, args);
		needed = appendStringInfoVA(&buf, fmt, copy);
		va_end(copy);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	return buf.data;
}

/* Make an error with an extensions.code and, if loc is given, a location. */
static GqlError *
make_error(const char *code, const GqlLoc *loc, char *message)
{
	GqlError   *err = palloc0(sizeof(GqlError));

	err->message = message;
	err->code = code;
	if (loc != NULL)
	{
		GqlLoc	   *copy = palloc(sizeof(GqlLoc));

		*copy = *loc;
		err->locations = list_make1(copy);
	}
	return err;
}

/* Make an error with an extensions.code and, if loc is given, a location. */
GqlError *
gql_error(const char *code, const GqlLoc *loc, const char *fmt,...)
{
	va_list		args;
	char	   *message;

	va_start(args, fmt);
	message = gql_vformat(fmt, args);
	va_end(args);
	return make_error(code, loc, message);
}

/* Make an error with a path too, and append it to *errors. */
GqlError *
gql_add_error(List **errors, const char *code, const GqlLoc *loc, const char *path,
			  const char *fmt,...)
{
	va_list		args;
	GqlError   *err;

	va_start(args, fmt);
	err = make_error(code, loc, gql_vformat(fmt, args));
	va_end(args);
	err->path = path ? pstrdup(path) : NULL;
	*errors = lappend(*errors, err);
	return err;
}

/* Append {"errors": [...]} for a non-empty list of GqlError. */
void
gql_append_errors_response(StringInfo buf, const List *errors)
{
	appendStringInfoString(buf, "{\"errors\": ");
	gql_append_errors_array(buf, errors);
	appendStringInfoChar(buf, '}');
}

/* Append the JSON array of a list of GqlError. */
void
gql_append_errors_array(StringInfo buf, const List *errors)
{
	ListCell   *lc;

	appendStringInfoChar(buf, '[');
	foreach(lc, errors)
	{
		const GqlError *err = lfirst(lc);

		if (foreach_current_index(lc) > 0)
			appendStringInfoString(buf, ", ");
		appendStringInfoString(buf, "{\"message\": ");
		escape_json(buf, err->message);
		if (err->locations != NIL)
		{
			ListCell   *lc2;

			appendStringInfoString(buf, ", \"locations\": [");
			foreach(lc2, err->locations)
			{
				const GqlLoc *loc = lfirst(lc2);

				appendStringInfo(buf, "%s{\"line\": %d, \"column\": %d}",
								 foreach_current_index(lc2) > 0 ? ", " : "",
								 loc->line, loc->column);
			}
			appendStringInfoChar(buf, ']');
		}
		if (err->responsePath != NIL)
		{
			ListCell   *lc2;

			appendStringInfoString(buf, ", \"path\": [");
			foreach(lc2, err->responsePath)
			{
				if (foreach_current_index(lc2) > 0)
					appendStringInfoString(buf, ", ");
				escape_json(buf, lfirst(lc2));
			}
			appendStringInfoChar(buf, ']');
		}
		appendStringInfoString(buf, ", \"extensions\": {");
		if (err->path)
		{
			appendStringInfoString(buf, "\"path\": ");
			escape_json(buf, err->path);
			appendStringInfoString(buf, ", ");
		}
		appendStringInfoString(buf, "\"code\": ");
		escape_json(buf, err->code);
		if (err->sqlstate)
		{
			appendStringInfoString(buf, ", \"sqlstate\": ");
			escape_json(buf, err->sqlstate);
		}
		appendStringInfoString(buf, "}}");
	}
	appendStringInfoChar(buf, ']');
}

/*
 * Hasura's error code for an SQL error of a request, and its message: after
 * *prefix, PostgreSQL's, or *message when Hasura has a message of its own.
 * Hasura's GraphQL statements answer class 22, class 23 and two codes of
 * class 42 (its dmlTxErrorHandler); class 40 is its code for the same
 * errors in its other transactions; 42501 is ours (permissions are the
 * role's privileges), as are 0A000 and a missing session variable.
 */
const char *
gql_sqlstate_code(int sqlerrcode, const char **prefix, const char **message)
{
	*prefix = "";
	*message = NULL;
	switch (sqlerrcode)
	{
		case ERRCODE_INSUFFICIENT_PRIVILEGE:
			return "permission-error";
		case ERRCODE_FEATURE_NOT_SUPPORTED:
			return "not-supported";
		case ERRCODE_GQL_MISSING_SESSION_VAR:
			return "not-found";
		case ERRCODE_INVALID_ESCAPE_SEQUENCE:	/* a LIKE pattern ending in \ */
			return "bad-request";
		case ERRCODE_RESTRICT_VIOLATION:
			*prefix = "Can not delete or update due to data being referred. ";
			return "constraint-violation";
		case ERRCODE_NOT_NULL_VIOLATION:
			*prefix = "Not-NULL violation. ";
			return "constraint-violation";
		case ERRCODE_FOREIGN_KEY_VIOLATION:
			*prefix = "Foreign key violation. ";
			return "constraint-violation";
		case ERRCODE_UNIQUE_VIOLATION:
			*prefix = "Uniqueness violation. ";
			return "constraint-violation";
		case ERRCODE_CHECK_VIOLATION:
			*prefix = "Check constraint violation. ";
			return "permission-error";
		case ERRCODE_EXCLUSION_VIOLATION:
			*prefix = "Exclusion violation. ";
			return "constraint-violation";
		case ERRCODE_UNDEFINED_OBJECT:
			return "constraint-error";
		case ERRCODE_INVALID_COLUMN_REFERENCE:
			*message = "there is no unique or exclusion constraint on target column(s)";
			return "constraint-error";
		case ERRCODE_T_R_SERIALIZATION_FAILURE:
			/* ours, "the schema changed", is compiled again before this */
			*message = "serialization failure due to concurrent update";
			return "concurrent-update";
	}
	switch (ERRCODE_TO_CATEGORY(sqlerrcode))
	{
		case ERRCODE_DATA_EXCEPTION:
			return "data-exception";
		case ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION:
			return "constraint-violation";
		case ERRCODE_TRANSACTION_ROLLBACK:
			return "concurrent-update";
		default:
			return "unexpected";
	}
}
