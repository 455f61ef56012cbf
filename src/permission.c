/*-------------------------------------------------------------------------
 *
 * permission.c
 *	  What the permissions compiled from Hasura metadata call when rows are
 *	  written (metadata_permission.c makes them): the check of an insert
 *	  or update permission, and the presets ("set") of a role.
 *
 * In:  a row being written, the request's session variables (session.c).
 * Out: Hasura's errors when a check fails or a session variable a
 *		permission needs is missing; the row with its presets.
 *
 * They hold for every SQL client, not only for graphql.resolve: a role
 * writing rows by plain SQL gets the same checks and presets.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include <jwt.h>

#include "auth.h"

PG_FUNCTION_INFO_V1(graphql_permission_check);
PG_FUNCTION_INFO_V1(graphql_preset);
PG_FUNCTION_INFO_V1(graphql_backend_only);

/*
 * graphql._permission_check(ok boolean) returns boolean: true, or Hasura's
 * error for a row an insert or update permission's check refuses (a null
 * is a refusal too: the check did not hold).
 */
Datum
graphql_permission_check(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || !PG_GETARG_BOOL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("check constraint of an insert/update permission has failed")));
	PG_RETURN_BOOL(true);
}

/*
 * graphql._backend_only(use text) returns boolean: true when the request's
 * session variable x-hasura-use-backend-only-permissions (use) is "true",
 * else the error of a backend_only permission used without it.  Only an
 * admin request's header sets it (auth.c keeps it out of a token's).
 */
Datum
graphql_backend_only(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || pg_strcasecmp(text_to_cstring(PG_GETARG_TEXT_PP(0)), "true") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("the permission is backend_only: it needs the x-hasura-use-backend-only-permissions: true header, with the admin secret")));
	PG_RETURN_BOOL(true);
}

/* Whether a preset's value names a session variable (Hasura: x-hasura-*). */
static bool
is_session_var(const char *value)
{
	return pg_strncasecmp(value, "x-hasura-", strlen("x-hasura-")) == 0;
}

/*
 * graphql._preset(): a BEFORE INSERT or UPDATE row trigger whose arguments
 * are a role, then pairs of a column and its value: a session variable's
 * name (x-hasura-*; missing, it is Hasura's error) or a value's text.
 * When the current role is that role, the row's columns are set so; for
 * any other role the row is left as it is.
 */
Datum
graphql_preset(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	HeapTuple	row;
	TupleDesc	desc;
	char	  **args;
	int			n;
	int		   *cols;
	Datum	   *values;
	bool	   *nulls;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		!TRIGGER_FIRED_BEFORE(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event) ||
		td->tg_trigger->tgnargs < 1 || td->tg_trigger->tgnargs % 2 != 1)
		elog(ERROR, "graphql._preset() must be a BEFORE INSERT or UPDATE row trigger of a role and column, value pairs");
	row = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	args = td->tg_trigger->tgargs;
	if (strcmp(GetUserNameFromId(GetUserId(), false), args[0]) != 0)
		return PointerGetDatum(row);

	desc = RelationGetDescr(td->tg_relation);
	n = (td->tg_trigger->tgnargs - 1) / 2;
	cols = palloc(sizeof(int) * n);
	values = palloc(sizeof(Datum) * n);
	nulls = palloc0(sizeof(bool) * n);
	for (int i = 0; i < n; i++)
	{
		const char *column = args[1 + 2 * i];
		const char *given = args[2 + 2 * i];
		char	   *text = (char *) given;
		Form_pg_attribute att;
		Oid			input;
		Oid			ioparam;

		cols[i] = SPI_fnumber(desc, column);
		if (cols[i] <= 0)
			elog(ERROR, "graphql._preset(): %s has no column \"%s\"",
				 RelationGetRelationName(td->tg_relation), column);
		att = TupleDescAttr(desc, cols[i] - 1);
		if (is_session_var(given) && (text = gql_session_var_value(given)) == NULL)
			gql_missing_session_var(given);
		getTypeInputInfo(att->atttypid, &input, &ioparam);
		values[i] = OidInputFunctionCall(input, text, ioparam, att->atttypmod);
	}
	return PointerGetDatum(heap_modify_tuple_by_cols(row, desc, n, cols, values, nulls));
}
