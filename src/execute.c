/*-------------------------------------------------------------------------
 *
 * execute.c
 *	  Executes a validated query: collects the fields of the operation,
 *	  compiles each root field into one SQL statement, runs it through SPI
 *	  and assembles the response.
 *
 * In:  a Request (validated document, chosen operation) and the variables.
 * Out: the response JSON text: {"data": {...}}, or {"errors": [...]} for
 *		request errors, or {"data": null, "errors": [...]} when SQL fails.
 *
 * The SQL comes from deparse.c; parameters are converted here by their
 * types' input functions, inside the subtransaction, so a value PostgreSQL
 * cannot parse is a data-exception error naming the argument.  Values the
 * compiler did not read but Hasura refuses (a variable's negative limit)
 * are refused first, before anything runs: a request error.
 *
 * Statements run read-only, as the current role, so privileges and
 * row-level security apply as for any other query.  All root fields run in
 * one subtransaction: an SQL error (a bad value, a failed cast, a policy's
 * error) becomes a GraphQL error with its SQLSTATE; query cancel,
 * statement timeout, out-of-memory and shutdown are not caught.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "commands/trigger.h"
#include "nodes/makefuncs.h"
#include "storage/lmgr.h"
#include "utils/plancache.h"
#include "utils/snapmgr.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "parser/parse_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "auth.h"
#include "cache.h"
#include "compile.h"
#include "deparse.h"
#include "error.h"
#include "execute.h"
#include "introspection.h"
#include "plan_cache.h"
#include "remote_run.h"
#include "reuse.h"
#include "validate.h"
#include "values.h"

/*
 * One run of a request's compiled statements: what its error is reported
 * with, and its prepared plans.  Each run has its own (a statement may call
 * a function that runs graphql.resolve: a run inside a run).
 */
typedef struct Run
{
	const char *convertingPath; /* the argument being converted, for
								 * data-exception errors, or NULL */
	const char *statementPath;	/* the extensions.path of an SQL error in the
								 * statement being run, or NULL ("$") */
	List	   *plans;			/* of StatementPlan */
	List	   *remote;			/* of RemoteResult: the remote fields called */
	List	   *remoteErrors;	/* of char *: their errors' JSON, in order */
} Run;

/* Convert a parameter's text with its type's input function. */
static Datum
convert_param(Run *run, SqlParam *p)
{
	Oid			typinput;
	Oid			typioparam;

	run->convertingPath = p->path;
	if (p->elemType == InvalidOid)
	{
		getTypeInputInfo(p->type, &typinput, &typioparam);
		return OidInputFunctionCall(typinput, p->source == PARAM_SESSION ? gql_session_json() : p->text,
									typioparam, -1);
	}
	else
	{
		int			n = list_length(p->elems);
		Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
		int16		typlen;
		bool		typbyval;
		char		typalign;
		ListCell   *lc;

		getTypeInputInfo(p->elemType, &typinput, &typioparam);
		get_typlenbyvalalign(p->elemType, &typlen, &typbyval, &typalign);
		foreach(lc, p->elems)
			elems[foreach_current_index(lc)] =
				OidInputFunctionCall(typinput, lfirst(lc), typioparam, -1);
		return PointerGetDatum(construct_array(elems, n, p->elemType, typlen, typbyval, typalign));
	}
}

/* The parameter types of a compiled root field's statements. */
static Oid *
param_types(Sql *sql)
{
	Oid		   *types = palloc(sizeof(Oid) * Max(list_length(sql->params), 1));
	ListCell   *lc;

	foreach(lc, sql->params)
		types[foreach_current_index(lc)] = ((SqlParam *) lfirst(lc))->type;
	return types;
}

/*
 * The plans of the statements of the request being run, all prepared
 * before any runs (prepare_statements): the plan cache's, or prepared for
 * this run only.
 */
typedef struct StatementPlan
{
	const char *text;
	SPIPlanPtr	plan;
} StatementPlan;

/* The plan of a statement text of this run. */
static SPIPlanPtr
plan_of(Run *run, const char *text)
{
	ListCell   *lc;

	foreach(lc, run->plans)
		if (((StatementPlan *) lfirst(lc))->text == text)
			return ((StatementPlan *) lfirst(lc))->plan;
	elog(ERROR, "graphql statement was not prepared");
	return NULL;				/* keep the compiler quiet */
}

/* Prepare a statement of a root field (SPI connected). */
static void
prepare_statement(Run *run, Sql *sql, const char *text)
{
	int			n = list_length(sql->params);
	Oid		   *types = param_types(sql);
	StatementPlan *sp = palloc(sizeof(StatementPlan));

	sp->text = text;
	sp->plan = sql->req->plans != NULL ? gql_plan_for(sql->req->plans, text, n, types) : NULL;
	if (sp->plan == NULL)
	{
		/* not kept: freed with SPI's memory when the run ends */
		sp->plan = SPI_prepare(text, n, types);
		if (sp->plan == NULL)
			elog(ERROR, "graphql statement could not be prepared: %s",
				 SPI_result_code_string(SPI_result));
	}
	run->plans = lappend(run->plans, sp);
}

/*
 * Prepare every statement of the compiled root fields and lock the
 * relations they read or write, before a snapshot is taken to run them: a
 * request that waits for a lock held by a table rewrite (ALTER TABLE ...
 * TYPE) then answers from the table as rewritten, as a plain SELECT
 * started at the same time does, not from a snapshot taken before the
 * rewrite committed (where the table looks empty).
 */
static void
prepare_statements(Run *run, List *compiled)
{
	ListCell   *lc;

	run->plans = NIL;
	foreach(lc, compiled)
	{
		Sql		   *sql = lfirst(lc);
		ListCell   *ls;

		foreach(ls, sql->steps)
			if (((Step *) lfirst(ls))->kind != STEP_HTTP)
				prepare_statement(run, sql, ((Step *) lfirst(ls))->sql);
	}
	foreach(lc, run->plans)
	{
		ListCell   *ls;

		foreach(ls, SPI_plan_get_plan_sources(((StatementPlan *) lfirst(lc))->plan))
		{
			CachedPlanSource *source = lfirst(ls);
			ListCell   *lr;

			foreach(lr, source->relationOids)
				LockRelationOid(lfirst_oid(lr), AccessShareLock);
		}
	}
}

/*
 * The parameters of a compiled root field's steps, as bound: each step
 * converts those of its range not converted yet (a write's and its
 * response's are the same), a result's is set when its step has run, the
 * others stay null.
 */
typedef struct Bound
{
	int			n;
	Oid		   *types;
	Datum	   *values;
	char	   *nulls;
	bool	   *converted;
} Bound;

static Bound
new_bound(Sql *sql)
{
	Bound		b;
	ListCell   *lc;

	b.n = list_length(sql->params);
	b.types = palloc(sizeof(Oid) * Max(b.n, 1));
	b.values = palloc0(sizeof(Datum) * Max(b.n, 1));
	b.nulls = palloc(Max(b.n, 1) + 1);
	b.converted = palloc0(sizeof(bool) * Max(b.n, 1));
	foreach(lc, sql->params)
	{
		b.types[foreach_current_index(lc)] = ((SqlParam *) lfirst(lc))->type;
		b.nulls[foreach_current_index(lc)] = 'n';
	}
	b.nulls[b.n] = '\0';
	return b;
}

/* Convert the parameters of a step's range that come from the request. */
static void
bind_params(Run *run, Sql *sql, Step *step, Bound *b)
{
	for (int i = step->firstParam; i < step->endParam; i++)
	{
		SqlParam   *p = list_nth(sql->params, i);

		if (b->converted[i] || p->source == PARAM_RESULT || p->source == PARAM_ACTION)
			continue;
		b->values[i] = convert_param(run, p);
		b->nulls[i] = ' ';
		b->converted[i] = true;
	}
	run->convertingPath = NULL;
}

/*
 * A write's row, after it ran: the parameters of the field that take its
 * columns are set; with guards, its last column is the number of the guard
 * that failed (a row nested rows depend on was not written: nothing is),
 * raised with the guard's message and path.
 */
static void
take_results(Run *run, Sql *sql, int stepIndex, Step *step, Bound *b)
{
	HeapTuple	row = SPI_tuptable->vals[0];
	TupleDesc	desc = SPI_tuptable->tupdesc;
	ListCell   *lc;

	if (step->guards != NIL)
	{
		int			failed = pg_strtoint32(SPI_getvalue(row, desc, desc->natts));

		if (failed > 0)
		{
			StepGuard  *g = list_nth(step->guards, failed - 1);

			run->statementPath = g->path;
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("%s", g->message)));
		}
	}
	foreach(lc, sql->params)
	{
		SqlParam   *p = lfirst(lc);
		int			i = foreach_current_index(lc);
		Oid			typinput;
		Oid			typioparam;

		if (p->source != PARAM_RESULT || p->step != stepIndex)
			continue;
		getTypeInputInfo(p->type, &typinput, &typioparam);
		b->values[i] = OidInputFunctionCall(typinput, SPI_getvalue(row, desc, p->column),
											typioparam, -1);
		b->nulls[i] = ' ';
	}
}

/*
 * An action's value: its handler's answer checked, then (if it has
 * relationships) the SQL step after it run over the answer's objects.
 */
static void
run_action(Run *run, Sql *sql, RemoteResult *r, Bound *b, StringInfo out, bool writes)
{
	Step	   *http = linitial(sql->steps);
	const JtNode *value;
	char	   *rels = NULL;
	MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(run));
	bool		ok = gql_action_checked(sql->req->schema, r, http->action, &run->remoteErrors, &value);

	MemoryContextSwitchTo(old);
	if (!ok)
	{
		appendStringInfoString(out, "null");
		return;
	}
	if (list_length(sql->steps) > 1)
	{
		Step	   *q = lsecond(sql->steps);
		int			rc;

		for (int i = q->firstParam; i < q->endParam; i++)
			if (((SqlParam *) list_nth(sql->params, i))->source == PARAM_ACTION)
			{
				b->values[i] = DirectFunctionCall1(jsonb_in, CStringGetDatum(gql_action_objects(value)));
				b->nulls[i] = ' ';
			}
		bind_params(run, sql, q, b);
		run->statementPath = q->errorPath;
		rc = SPI_execute_plan(plan_of(run, q->sql), b->values, b->nulls, !writes, 0);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "graphql: an action's relationships could not be read");
		rels = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	}
	gql_action_write(out, http->action, value, rels);
}

/*
 * Run one step of a compiled root field, prepared by prepare_statements:
 * a write's row feeds the parameters of the steps after it; an answer's
 * single JSON value (or null) is appended to out.
 */
static void
run_step(Run *run, Sql *sql, int stepIndex, Bound *b, StringInfo out, bool writes)
{
	Step	   *step = list_nth(sql->steps, stepIndex);
	int			rc;

	if (step->kind == STEP_HTTP)
	{
		RemoteResult *r = gql_remote_result(run->remote, step);

		/* a mutation's remote field or action is called in its turn */
		if (r == NULL)
		{
			MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(run));

			run->remote = list_concat(run->remote, gql_remote_call(list_make1(sql)));
			r = gql_remote_result(run->remote, step);
			MemoryContextSwitchTo(old);
		}
		if (step->action != NULL)
			run_action(run, sql, r, b, out, writes);
		else
		{
			appendStringInfoString(out, r->value);
			run->remoteErrors = list_concat(run->remoteErrors, r->errors);
		}
		return;
	}
	bind_params(run, sql, step, b);
	run->statementPath = step->errorPath;
	rc = SPI_execute_plan(plan_of(run, step->sql), b->values, b->nulls, !writes, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "graphql statement failed: %s", SPI_result_code_string(rc));
	if (step->kind == STEP_WRITE)
	{
		if (SPI_processed != 1)
			elog(ERROR, "graphql write returned " UINT64_FORMAT " rows", SPI_processed);
		take_results(run, sql, stepIndex, step, b);
	}
	else if (SPI_processed == 0)
		appendStringInfoString(out, "null");
	else
	{
		char	   *json = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		if (json != NULL && sql->joins != NULL)
		{
			/* remote relationships' values, called for now (remote_join.c) */
			MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(run));

			json = gql_remote_join(sql->joins, sql->key, json, &run->remoteErrors);
			MemoryContextSwitchTo(old);
		}
		appendStringInfoString(out, json ? json : "null");
	}
}

/*
 * Append PostgreSQL's plan of a compiled step (not run) to out, with the
 * request's values (a result of an earlier step is null).
 */
static void
explain_statement(Run *run, Sql *sql, Step *step, StringInfo out)
{
	Bound		b = new_bound(sql);
	Step		all = {.kind = STEP_ANSWER, .sql = step->sql, .firstParam = 0, .endParam = b.n};
	int			rc;

	bind_params(run, sql, &all, &b);
	rc = SPI_execute_with_args(psprintf("EXPLAIN %s", step->sql), b.n, b.types, b.values,
							   b.nulls, false, 0);
	if (rc != SPI_OK_UTILITY)
		elog(ERROR, "graphql statement failed: %s", SPI_result_code_string(rc));
	for (uint64 i = 0; i < SPI_processed; i++)
		appendStringInfo(out, "%s\n", SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));
}

/*
 * Whether an error must not be turned into a GraphQL error: query cancel
 * and statement timeout, shutdown (class 57), out of memory and other
 * exhausted resources (class 53).  A program limit of the statement (class
 * 54: too many columns, a statement too complex) is the request's error.
 */
bool
gql_must_propagate(int sqlerrcode)
{
	return ERRCODE_TO_CATEGORY(sqlerrcode) == ERRCODE_INSUFFICIENT_RESOURCES ||
		ERRCODE_TO_CATEGORY(sqlerrcode) == ERRCODE_OPERATOR_INTERVENTION;
}

/*
 * Whether an SQL error can come from statements compiled against a catalog
 * that has changed since: an undefined column, table or function, a type
 * that no longer fits, a privilege revoked, a cached plan whose result
 * changed (and our own note that the catalog changed).
 */
static bool
stale_error(int sqlerrcode)
{
	switch (sqlerrcode)
	{
		case ERRCODE_UNDEFINED_COLUMN:
		case ERRCODE_UNDEFINED_TABLE:
		case ERRCODE_UNDEFINED_FUNCTION:
		case ERRCODE_UNDEFINED_OBJECT:
		case ERRCODE_DATATYPE_MISMATCH:
		case ERRCODE_CANNOT_COERCE:
		case ERRCODE_WRONG_OBJECT_TYPE:
		case ERRCODE_INSUFFICIENT_PRIVILEGE:
		case ERRCODE_FEATURE_NOT_SUPPORTED:
		case ERRCODE_T_R_SERIALIZATION_FAILURE:
		case ERRCODE_INTERNAL_ERROR:	/* cache lookup failed for a function dropped */
			return true;
		default:
			return false;
	}
}

/*
 * Run the deferred constraint checks pending now (SET CONSTRAINTS ALL
 * IMMEDIATE), in a subtransaction that is rolled back afterwards: the
 * constraints stay deferred for the caller's later statements, and the
 * checks are queued again to run at commit.  Returns the error a check
 * raised, or NULL; a cancel or the like propagates.
 */
static ErrorData *
run_deferred_checks(void)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	ErrorData  *volatile edata = NULL;

	BeginInternalSubTransaction(NULL);
	PG_TRY();
	{
		ConstraintsSetStmt *stmt = makeNode(ConstraintsSetStmt);

		stmt->constraints = NIL;	/* ALL */
		stmt->deferred = false;
		AfterTriggerSetState(stmt);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
	}
	PG_END_TRY();
	RollbackAndReleaseCurrentSubTransaction();
	MemoryContextSwitchTo(cxt);
	CurrentResourceOwner = owner;
	if (edata != NULL && gql_must_propagate(edata->sqlerrcode))
		ReThrowError(edata);
	return edata;
}

/*
 * Whether the caller's transaction already has deferred constraint checks
 * that would fail now: then a request's own cannot be told from them, and
 * are left to the caller's commit.  Only inside a transaction block (in
 * autocommit nothing of the caller's is pending).
 */
static bool
caller_deferred_pending(void)
{
	return IsTransactionBlock() && run_deferred_checks() != NULL;
}

/*
 * Check the deferred constraints the request's writes queued, as the
 * commit Hasura does after each request would: a violation is the
 * request's error (and its writes are rolled back).
 */
static void
check_deferred(void)
{
	ErrorData  *edata = run_deferred_checks();

	if (edata != NULL)
		ReThrowError(edata);
}

/* A root field's statements and their plans, for graphql.explain. */
static void
explain_root_field(Run *run, Sql *sql, StringInfo data)
{
	bool		afterWrite = false;
	ListCell   *ls;

	foreach(ls, sql->steps)
	{
		Step	   *step = lfirst(ls);

		if (step->kind == STEP_HTTP)
		{
			/* the request sent to the remote: nothing for PostgreSQL to plan */
			appendStringInfo(data, "-- %s (%s \"%s\")\n%s\n\n", sql->key,
							 step->action ? "action" : "remote schema", step->remote, step->sql);
			continue;
		}
		if (sql->many)
			appendStringInfo(data, "-- %s[%d]\n", sql->key, foreach_current_index(ls));
		else
			appendStringInfo(data, "-- %s%s\n", sql->key, step->kind == STEP_WRITE ? " (write)" : "");
		appendStringInfo(data, "%s\n\n", step->sql);
		/* a step that reads a write's results has no values to be planned with */
		if (!afterWrite)
		{
			explain_statement(run, sql, step, data);
			appendStringInfoChar(data, '\n');
		}
		afterWrite |= step->kind == STEP_WRITE;
	}
}

/* A root field's "key": value member of the response's data, its steps run. */
static void
answer_root_field(Run *run, Sql *sql, bool first, StringInfo data, bool writes)
{
	Bound		b;
	int			answers = 0;
	ListCell   *ls;

	if (!first && (sql->ns == NULL || sql->nsOpen))
		appendStringInfoString(data, ", ");
	if (sql->nsOpen)
	{
		/* the source's namespace: its fields' answers are its members */
		escape_json(data, sql->ns);
		appendStringInfoString(data, ": {");
	}
	else if (sql->ns != NULL)
		appendStringInfoString(data, ", ");
	escape_json(data, sql->key);
	appendStringInfoString(data, ": ");
	if (sql->literal)
	{
		appendStringInfoString(data, sql->buf.data);
		if (sql->nsClose)
			appendStringInfoChar(data, '}');
		return;
	}
	b = new_bound(sql);
	if (sql->many)
		appendStringInfoChar(data, '[');
	foreach(ls, sql->steps)
	{
		if (((Step *) lfirst(ls))->kind == STEP_ANSWER && answers++ > 0)
			appendStringInfoString(data, ", ");
		run_step(run, sql, foreach_current_index(ls), &b, data, writes);
		if (((Step *) lfirst(ls))->action != NULL)
			break;				/* its SQL step was run with it */
	}
	if (sql->many)
		appendStringInfoChar(data, ']');
	if (sql->nsClose)
		appendStringInfoChar(data, '}');
}

/*
 * Whether the request's values are ones Hasura accepts where the compiler
 * did not read them: a variable's limit must not be negative (a literal's
 * was refused by the planner).  Checked on every run, before anything
 * runs, since statements are re-run with new values (reuse.c); if not,
 * the request's error is written.
 */
static bool
values_accepted(List *compiled, StringInfo out)
{
	ListCell   *lc;

	foreach(lc, compiled)
	{
		ListCell   *lp;

		if (!((Sql *) lfirst(lc))->checked)
			continue;
		foreach(lp, ((Sql *) lfirst(lc))->params)
		{
			SqlParam   *p = lfirst(lp);
			GqlError   *err;

			if (!p->nonNegative || strtol(p->text, NULL, 10) >= 0)
				continue;
			err = gql_error(GQL_CODE_VALIDATION_FAILED, NULL, GQL_NEGATIVE_LIMIT, "a number");
			err->path = pstrdup(p->path);
			gql_append_errors_response(out, list_make1(err));
			return false;
		}
	}
	return true;
}

/* Run the compiled root fields of the operation; write the response. */
static void
run_compiled(Request *req, List *compiled, StringInfo out)
{
	ListCell   *lc;
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	StringInfoData data;
	bool		writes = req->op->operation == GQL_OP_MUTATION;
	bool		checkDeferred = writes && !caller_deferred_pending();
	bool		snapshot = false;
	Run		   *run = palloc0(sizeof(Run));	/* read after an error: not a local */

	if (!values_accepted(compiled, out))
		return;
	initStringInfo(&data);
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		MemoryContextSwitchTo(cxt);

		/*
		 * A query's remote fields are called first, all at once, before its
		 * statements take locks or a snapshot.
		 */
		if (!writes)
			run->remote = gql_remote_call(compiled);
		MemoryContextSwitchTo(cxt);
		prepare_statements(run, compiled);
		MemoryContextSwitchTo(cxt);

		/*
		 * Taking the locks processed invalidations: if the catalog changed
		 * since the request was compiled, its statements may read columns
		 * that are gone; it is compiled again (graphql.c).
		 */
		if (!req->lastAttempt && gql_catalog_generation() != req->generation)
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("the schema changed while the request was compiled")));
		if (!writes)
		{
			/* after the locks; a write takes a snapshot per statement */
			PushActiveSnapshot(GetTransactionSnapshot());
			snapshot = true;
		}
		foreach(lc, compiled)
		{
			answer_root_field(run, lfirst(lc), foreach_current_index(lc) == 0, &data, writes);
			MemoryContextSwitchTo(cxt);
		}
		if (snapshot)
			PopActiveSnapshot();
		if (checkDeferred)
			check_deferred();
		SPI_finish();
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;
		GqlError   *err;
		char	   *errorPath;
		const char *code;
		const char *prefix;
		const char *message;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();

		/*
		 * The subtransaction is ended here whatever the error: one left open
		 * under an error that propagates would leave the caller's transaction
		 * in a state no command can get out of (in autocommit, every later
		 * statement fails and ROLLBACK ends the session).
		 */
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
		errorPath = run->convertingPath ? pstrdup(run->convertingPath) :
			run->statementPath ? pstrdup(run->statementPath) : "$";
		if (gql_must_propagate(edata->sqlerrcode))
			ReThrowError(edata);

		/*
		 * A statement that failed because the catalog changed after it was
		 * compiled (a column or table gone, a privilege revoked) is compiled
		 * again against the new catalog and run once more (graphql.c); not
		 * a mutation that has called a remote (it would be called twice).
		 */
		if (!req->lastAttempt && stale_error(edata->sqlerrcode) &&
			!(writes && run->remote != NIL) &&
			gql_catalog_generation() != req->generation)
		{
			req->stale = true;
			return;
		}

		code = gql_sqlstate_code(edata->sqlerrcode, &prefix, &message);
		err = gql_error(code, NULL, "%s%s", prefix, message ? message : edata->message);
		err->sqlstate = pstrdup(unpack_sql_state(edata->sqlerrcode));
		err->path = errorPath;
		appendStringInfoString(out, "{\"data\": null, \"errors\": ");
		gql_append_errors_array(out, list_make1(err));
		appendStringInfoChar(out, '}');
		return;
	}
	PG_END_TRY();
	appendStringInfo(out, "{\"data\": {%s}", data.data);
	if (run->remoteErrors != NIL)
	{
		ListCell   *le;

		appendStringInfoString(out, ", \"errors\": [");
		foreach(le, run->remoteErrors)
			appendStringInfo(out, "%s%s", foreach_current_index(le) > 0 ? ", " : "",
							 (char *) lfirst(le));
		appendStringInfoChar(out, ']');
	}
	appendStringInfoChar(out, '}');
}

/*
 * Write each compiled root field's statements and PostgreSQL's plan of
 * each (EXPLAIN: nothing runs).  An error is graphql.explain's, with its
 * code and message.
 */
static void
explain_compiled(List *compiled, StringInfo out)
{
	MemoryContext cxt = CurrentMemoryContext;
	Run		   *run = palloc0(sizeof(Run));
	ListCell   *lc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		foreach(lc, compiled)
		{
			explain_root_field(run, lfirst(lc), out);
			MemoryContextSwitchTo(cxt);
		}
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		if (gql_must_propagate(edata->sqlerrcode))
			PG_RE_THROW();
		FlushErrorState();
		ereport(ERROR,
				(errcode(edata->sqlerrcode),
				 errmsg("%s", edata->message)));
	}
	PG_END_TRY();
	SPI_finish();
}

/*
 * Compile every root field and (postgres) have PostgreSQL plan its
 * statements, without running them: with parsing and validation, the work
 * a request found in the plan cache skips (graphql._plan).  Returns the
 * number of statements, or -1 if compiling found errors (req->errors).
 */
int
gql_plan_only(Request *req, bool postgres)
{
	List	   *compiled = gql_compile_operation(req);
	ListCell   *lc;
	int			count = 0;

	if (req->errors != NIL)
		return -1;
	if (postgres && SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	foreach(lc, compiled)
	{
		Sql		   *sql = lfirst(lc);
		int			n = list_length(sql->params);
		Oid		   *types = param_types(sql);
		ListCell   *lp;

		foreach(lp, sql->steps)
			if (((Step *) lfirst(lp))->kind == STEP_HTTP ||
				!postgres || SPI_prepare(((Step *) lfirst(lp))->sql, n, types) != NULL)
				count++;
	}
	if (postgres)
		SPI_finish();
	return count;
}

/*
 * Compile and run the request's operation; write the response JSON.  A
 * request from the plan cache keeps its compiled statements (reuse.c).
 */
void
gql_execute(Request *req, StringInfo out)
{
	List	   *compiled = gql_compile_operation(req);

	if (req->errors != NIL)
	{
		gql_append_errors_response(out, req->errors);
		return;
	}
	gql_remember_compiled(req, compiled);
	run_compiled(req, compiled, out);
}

/*
 * graphql.check_reuse: compile the request afresh with the same variables;
 * statements re-used (reused) that differ are an error.
 */
static void
check_reused(Request *req, List *reused)
{
	List	   *fresh;
	char	   *why;

	if (!gql_coerce_variables(req, req->json))
		elog(ERROR, "graphql: statements were re-used for variables that do not coerce");
	fresh = gql_compile_operation(req);
	if (req->errors != NIL)
		elog(ERROR, "graphql: statements were re-used for a request that does not compile");
	if ((why = gql_compiled_differs(reused, fresh)) != NULL)
		elog(ERROR, "graphql: statements re-used differ from a fresh compile in %s", why);
}

/* Run statements compiled before (gql_recall_compiled); write the response. */
void
gql_execute_compiled(Request *req, List *compiled, StringInfo out)
{
	if (gql_check_reuse)
		check_reused(req, compiled);
	run_compiled(req, compiled, out);
}

/* Write each root field's SQL and its plan. */
void
gql_explain(Request *req, StringInfo out)
{
	List	   *compiled = gql_compile_operation(req);

	if (req->errors != NIL)
	{
		gql_append_errors_response(out, req->errors);
		return;
	}
	if (values_accepted(compiled, out))
		explain_compiled(compiled, out);
}
