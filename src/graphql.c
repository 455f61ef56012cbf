/*-------------------------------------------------------------------------
 *
 * graphql.c
 *	  The module's entry points: _PG_init and the SQL-callable functions.
 *
 * Each SQL function does its work in a memory context of its own, deleted
 * before it returns, so nothing a request allocates outlives the call.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "common/cryptohash.h"
#include "common/sha1.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "ast_json.h"
#include "auth.h"
#include "cache.h"
#include "error.h"
#include "execute.h"
#include "http.h"
#include "introspection.h"
#include "parser.h"
#include "plan_cache.h"
#include "request_limits.h"
#include "reuse.h"
#include "sdl.h"
#include "settings.h"
#include "validate.h"

PG_MODULE_MAGIC;

/*
 * How often a request is compiled when the catalog keeps changing under
 * its statements (each time a change committed while it waited for a
 * lock); the last attempt's errors are reported.
 */
#define MAX_ATTEMPTS 8

void		_PG_init(void);

PG_FUNCTION_INFO_V1(graphql_parse);
PG_FUNCTION_INFO_V1(graphql_resolve);
PG_FUNCTION_INFO_V1(graphql_token_count);
PG_FUNCTION_INFO_V1(graphql_explain);
PG_FUNCTION_INFO_V1(graphql_sdl);
PG_FUNCTION_INFO_V1(graphql_plan);
PG_FUNCTION_INFO_V1(graphql_schema_stats);

/* Define every module's settings; reserve the "graphql." prefix. */
void
_PG_init(void)
{
	gql_settings_init();
	gql_cache_init();
	gql_auth_init();
	gql_jwks_init();
	gql_plan_cache_init();
	gql_reuse_init();
	MarkGUCPrefixReserved("graphql");
}

/* The SQLSTATE graphql.parse raises for a kind of parse error. */
static int
parse_error_sqlstate(GqlParseErrorKind kind)
{
	switch (kind)
	{
		case GQL_ERR_NOT_SUPPORTED:
			return ERRCODE_FEATURE_NOT_SUPPORTED;
		case GQL_ERR_LIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case GQL_ERR_ENCODING:
			return ERRCODE_UNTRANSLATABLE_CHARACTER;
		default:
			return ERRCODE_SYNTAX_ERROR;
	}
}

/* The extensions.code graphql.resolve reports for a kind of parse error. */
static const char *
parse_error_code(GqlParseErrorKind kind)
{
	switch (kind)
	{
		case GQL_ERR_NOT_SUPPORTED:
			return GQL_CODE_NOT_SUPPORTED;
		case GQL_ERR_LIMIT:
		case GQL_ERR_ENCODING:
			return GQL_CODE_VALIDATION_FAILED;
		default:
			return GQL_CODE_PARSE_FAILED;
	}
}

/* Parse a text argument, raising an ERROR at the first mistake. */
static GqlDocument *
parse_or_raise(text *query)
{
	GqlParseError *err;
	GqlDocument *doc;

	gql_settings_for_session();
	doc = gql_parse(VARDATA_ANY(query), VARSIZE_ANY_EXHDR(query), &err);
	if (doc == NULL)
		ereport(ERROR,
				(errcode(parse_error_sqlstate(err->kind)),
				 errmsg("%s", err->message),
				 errdetail("at line %d, column %d", err->loc.line, err->loc.column)));
	return doc;
}

/*
 * graphql.parse(query text) returns jsonb
 *
 * The document as graphql-js's AST, or an ERROR at the first mistake.
 */
Datum
graphql_parse(PG_FUNCTION_ARGS)
{
	text	   *query = PG_GETARG_TEXT_PP(0);
	MemoryContext callCtx = AllocSetContextCreate(CurrentMemoryContext,
												  "graphql.parse",
												  ALLOCSET_DEFAULT_SIZES);
	MemoryContext oldCtx = MemoryContextSwitchTo(callCtx);
	Jsonb	   *ast;
	Jsonb	   *result;

	ast = gql_document_to_jsonb(parse_or_raise(query));

	MemoryContextSwitchTo(oldCtx);
	result = palloc(VARSIZE(ast));
	memcpy(result, ast, VARSIZE(ast));
	MemoryContextDelete(callCtx);
	PG_RETURN_JSONB_P(result);
}

/*
 * graphql._token_count(query text) returns integer
 *
 * Parse like graphql.parse, but return only the number of lexical tokens:
 * the parser alone, for the parsing benchmark.
 */
Datum
graphql_token_count(PG_FUNCTION_ARGS)
{
	text	   *query = PG_GETARG_TEXT_PP(0);
	MemoryContext callCtx = AllocSetContextCreate(CurrentMemoryContext,
												  "graphql._token_count",
												  ALLOCSET_DEFAULT_SIZES);
	MemoryContext oldCtx = MemoryContextSwitchTo(callCtx);
	int			count = parse_or_raise(query)->tokenCount;

	MemoryContextSwitchTo(oldCtx);
	MemoryContextDelete(callCtx);
	PG_RETURN_INT32(count);
}

/* The error of a document that did not parse, in the current memory context. */
static GqlError *
parse_failure(GqlParseError *err)
{
	GqlLoc		loc = err->loc;

	return gql_error(parse_error_code(err->kind), &loc, "%s", err->message);
}

/*
 * Parse, validate and choose the operation of a request, or take them from
 * the plan cache.  On a miss the document is parsed into a new cache entry,
 * stored if it validates.  Returns false with *errors set.
 */
static bool
prepare_document(Request *req, text *query, const char *operationName, List **errors)
{
	const char *src = VARDATA_ANY(query);
	int			len = VARSIZE_ANY_EXHDR(query);
	GqlParseError *err;
	PlanEntry  *entry;
	MemoryContext old;

	req->query = query;
	/* the generation first: a change while the schema is built makes it stale */
	AcceptInvalidationMessages();
	req->generation = gql_catalog_generation();
	req->schema = gql_current_schema();
	gql_settings_for_role(req->schema->roleSettings);
	req->plans = gql_plan_cache_lookup(src, len, operationName, req->generation, &req->doc, &req->op);
	if (req->plans != NULL)
		return true;

	entry = gql_plan_cache_begin();
	old = entry ? MemoryContextSwitchTo(gql_plan_entry_context(entry)) : CurrentMemoryContext;
	req->doc = gql_parse(src, len, &err);
	MemoryContextSwitchTo(old);
	/* the entry stays pinned by the request: errors may point into its document */
	req->plans = entry;
	if (req->doc == NULL)
	{
		*errors = list_make1(parse_failure(err));
		return false;
	}
	/* the limits before validation, whose rules are not all linear */
	if (!gql_check_document_limits(req->doc, errors))
		return false;
	*errors = gql_validate(req->schema, req->doc);
	if (*errors == NIL)
		req->op = gql_select_operation(req->doc, operationName, errors);
	if (req->op == NULL)
		return false;
	if (entry != NULL)
		gql_plan_cache_store(entry, src, len, operationName, req->generation, req->doc, req->op);
	return true;
}

/*
 * Parse, validate, choose the operation and coerce the variables of a
 * request.  Return the Request, or NULL with *errors set.  req->plans, if
 * set, is pinned: the caller releases it (gql_plan_cache_discard).  With
 * compiled, a request from the plan cache whose variables fit statements
 * compiled before gets them in *compiled instead (reuse.c).
 */
static Request *
prepare_request(Request *req, text *query, Jsonb *variables, const char *operationName,
				List **errors, List **compiled)
{
	*errors = NIL;
	if (query == NULL)
	{
		*errors = list_make1(gql_error(GQL_CODE_PARSE_FAILED, NULL, "the request has no query"));
		return NULL;
	}
	if (!prepare_document(req, query, operationName, errors))
		return NULL;
	if (req->op->operation == GQL_OP_MUTATION && req->schema->mutationRoot == NULL)
	{
		*errors = list_make1(gql_error(GQL_CODE_VALIDATION_FAILED, &req->op->n.loc,
									   "no mutations exist"));
		return NULL;
	}
	if (req->op->operation == GQL_OP_SUBSCRIPTION)
	{
		*errors = list_make1(gql_error(GQL_CODE_NOT_SUPPORTED, &req->op->n.loc,
									   "subscriptions are not supported"));
		return NULL;
	}
	req->json = variables;
	if (!gql_check_input_size(req->doc, variables, errors))
		return NULL;
	if (compiled != NULL && (*compiled = gql_recall_compiled(req, variables)) != NIL)
		return req;
	if (!gql_coerce_variables(req, variables))
	{
		*errors = req->errors;
		return NULL;
	}
	return req;
}

/*
 * What the log may tell of a request, as JSON members for graphql-server's
 * http-log line: the role it ran as (none if authentication refused it),
 * its operation's name, and the SHA-1 of its query text (Hasura's
 * parameterized_query_hash is a hash of the query too).  Never a token, a
 * header or a variable.
 */
static void
append_log(StringInfo log, const char *role, text *query, const GqlOperation *op)
{
	uint8		digest[SHA1_DIGEST_LENGTH];
	char		hex[SHA1_DIGEST_LENGTH * 2 + 1];
	pg_cryptohash_ctx *ctx;

	appendStringInfoString(log, "{\"user_vars\": ");
	if (role != NULL)
	{
		appendStringInfoString(log, "{\"x-hasura-role\": ");
		escape_json(log, role);
		appendStringInfoChar(log, '}');
	}
	else
		appendStringInfoString(log, "null");
	appendStringInfoString(log, ", \"operation_name\": ");
	if (op != NULL && op->name != NULL)
		escape_json(log, op->name->value);
	else
		appendStringInfoString(log, "null");
	if (query != NULL)
	{
		ctx = pg_cryptohash_create(PG_SHA1);
		if (pg_cryptohash_init(ctx) < 0 ||
			pg_cryptohash_update(ctx, (const uint8 *) VARDATA_ANY(query), VARSIZE_ANY_EXHDR(query)) < 0 ||
			pg_cryptohash_final(ctx, digest, sizeof(digest)) < 0)
			elog(ERROR, "could not compute a SHA-1 digest");
		pg_cryptohash_free(ctx);
		hex_encode((const char *) digest, sizeof(digest), hex);
		hex[sizeof(hex) - 1] = '\0';
		appendStringInfo(log, ", \"parameterized_query_hash\": \"%s\"", hex);
	}
	appendStringInfoChar(log, '}');
}

/*
 * Answer one request into out: authenticate it (JWT mode), then parse,
 * validate, compile and run it as its role.  A mutation is refused before
 * anything runs from an HTTP GET, and sent back from a read replica.  Returns what kind of
 * answer out holds, for the HTTP status (http.c).
 */
GqlAnswer
gql_answer(text *query, Jsonb *variables, const char *operationName, GqlAllow allow,
		   StringInfo out, StringInfo log)
{
	List	   *errors;
	Request    *volatile req = palloc0(sizeof(Request));	/* replaced by a retry */
	AuthState	auth;
	List	   *compiled = NIL;
	volatile GqlAnswer answer = GQL_ANSWER_DATA;

	if (!gql_auth_begin(&auth, &errors))
	{
		gql_append_errors_response(out, errors);
		if (log != NULL)
			append_log(log, NULL, query, NULL);
		return GQL_ANSWER_DENIED;
	}

	/* as the request's role, with its claims (JWT mode) */
	PG_TRY();
	{
		int			start = out->len;

		for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)
		{
			if (attempt > 1)
			{
				/* the catalog changed under the statements: compile again */
				gql_plan_cache_discard(req->plans);
				req = palloc0(sizeof(Request));
				compiled = NIL;
				out->len = start;
				out->data[start] = '\0';
			}
			req->lastAttempt = attempt == MAX_ATTEMPTS;
			answer = GQL_ANSWER_DATA;
			if (prepare_request(req, query, variables, operationName, &errors, &compiled) == NULL)
			{
				gql_append_errors_response(out, errors);
				answer = GQL_ANSWER_REQUEST_ERROR;
			}
			else if (allow == GQL_ALLOW_READS && req->op->operation != GQL_OP_QUERY)
			{
				/* the front runs it again on the primary; nothing is written here */
				appendStringInfoString(out, "{\"errors\": [{\"message\": \"a mutation is run on "
									   "the primary, not on a read replica\", \"extensions\": "
									   "{\"code\": \"needs-primary\"}}]}");
				answer = GQL_ANSWER_NEEDS_PRIMARY;
			}
			else if (allow == GQL_ALLOW_QUERIES && req->op->operation != GQL_OP_QUERY)
			{
				errors = list_make1(gql_error(GQL_CODE_VALIDATION_FAILED, &req->op->n.loc,
											  "a mutation is not run from a GET request: use POST"));
				gql_append_errors_response(out, errors);
				answer = GQL_ANSWER_NOT_ALLOWED;
			}
			else
			{
				if (compiled != NIL)
					gql_execute_compiled(req, compiled, out);
				else
					gql_execute(req, out);
				/* variables are coerced where they are used: errors without data */
				if (strncmp(out->data + start, "{\"errors\"", 9) == 0)
					answer = GQL_ANSWER_REQUEST_ERROR;
			}
			if (!req->stale)
				break;
		}
	}
	PG_CATCH();
	{
		gql_plan_cache_discard(req->plans);
		gql_auth_end(&auth, false);
		PG_RE_THROW();
	}
	PG_END_TRY();
	if (log != NULL)
		append_log(log, GetUserNameFromId(GetUserId(), false), query, req->op);
	gql_plan_cache_discard(req->plans);
	gql_auth_end(&auth, true);
	return answer;
}

/*
 * graphql.resolve(query text, variables jsonb, "operationName" text,
 *				   extensions jsonb) returns json
 *
 * Answers a GraphQL request with the response JSON.  A bad request is
 * answered with {"errors": [...]}, never an SQL error.  In JWT mode the
 * request runs as the role its token names (auth.c).
 */
Datum
graphql_resolve(PG_FUNCTION_ARGS)
{
	MemoryContext callCtx = AllocSetContextCreate(CurrentMemoryContext,
												  "graphql.resolve",
												  ALLOCSET_DEFAULT_SIZES);
	MemoryContext oldCtx = MemoryContextSwitchTo(callCtx);
	StringInfoData out;
	text	   *result;

	initStringInfo(&out);
	if (PG_ARGISNULL(0) && !PG_ARGISNULL(3) &&
		JB_ROOT_IS_OBJECT(PG_GETARG_JSONB_P(3)) &&
		getKeyJsonValueFromContainer(&PG_GETARG_JSONB_P(3)->root, "persistedQuery", 14, &(JsonbValue) {0}) != NULL)
	{
		/* an automatic persisted query's hash alone: Hasura does not keep queries */
		GqlError   *err = gql_error(GQL_CODE_NOT_SUPPORTED, NULL, "persisted queries are not supported");

		err->path = "$";
		gql_append_errors_response(&out, list_make1(err));
	}
	else
		(void) gql_answer(PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0),
						  PG_ARGISNULL(1) ? NULL : PG_GETARG_JSONB_P(1),
						  PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2)),
						  GQL_ALLOW_ALL, &out, NULL);
	MemoryContextSwitchTo(oldCtx);
	result = cstring_to_text_with_len(out.data, out.len);
	MemoryContextDelete(callCtx);
	PG_RETURN_TEXT_P(result);
}

/*
 * graphql.explain(query text, variables jsonb) returns text
 *
 * The SQL statement of each root field and its EXPLAIN output.  A bad
 * request is an ERROR carrying the GraphQL errors.
 */
Datum
graphql_explain(PG_FUNCTION_ARGS)
{
	MemoryContext callCtx = AllocSetContextCreate(CurrentMemoryContext,
												  "graphql.explain",
												  ALLOCSET_DEFAULT_SIZES);
	MemoryContext oldCtx = MemoryContextSwitchTo(callCtx);
	List	   *errors;
	StringInfoData out;
	text	   *result;
	Request    *req = palloc0(sizeof(Request));

	initStringInfo(&out);
	PG_TRY();
	{
		if (prepare_request(req, PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0),
							PG_ARGISNULL(1) ? NULL : PG_GETARG_JSONB_P(1),
							NULL, &errors, NULL) == NULL)
		{
			gql_append_errors_response(&out, errors);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the GraphQL request is not valid"),
					 errdetail("%s", out.data)));
		}
		gql_explain(req, &out);
	}
	PG_FINALLY();
	{
		gql_plan_cache_discard(req->plans);
	}
	PG_END_TRY();

	MemoryContextSwitchTo(oldCtx);
	result = cstring_to_text_with_len(out.data, out.len);
	MemoryContextDelete(callCtx);
	PG_RETURN_TEXT_P(result);
}

/*
 * graphql._plan(query text, variables jsonb, postgres boolean) returns integer
 *
 * Parse, validate, compile and (postgres) plan a request without running
 * it; the number of SQL statements.  For the benchmark of the work the
 * plan cache saves (with graphql.plan_cache_size = 0, all of it).
 */
Datum
graphql_plan(PG_FUNCTION_ARGS)
{
	MemoryContext callCtx = AllocSetContextCreate(CurrentMemoryContext,
												  "graphql._plan",
												  ALLOCSET_DEFAULT_SIZES);
	MemoryContext oldCtx = MemoryContextSwitchTo(callCtx);
	List	   *errors;
	Request    *req = palloc0(sizeof(Request));
	int			count = -1;

	PG_TRY();
	{
		if (prepare_request(req, PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0),
							PG_ARGISNULL(1) ? NULL : PG_GETARG_JSONB_P(1),
							NULL, &errors, NULL) != NULL)
			count = gql_plan_only(req, PG_ARGISNULL(2) || PG_GETARG_BOOL(2));
	}
	PG_FINALLY();
	{
		gql_plan_cache_discard(req->plans);
	}
	PG_END_TRY();
	MemoryContextSwitchTo(oldCtx);
	MemoryContextDelete(callCtx);
	PG_RETURN_INT32(count);
}

/*
 * graphql.sdl() returns text
 *
 * The current role's schema in the GraphQL schema definition language.
 */
Datum
graphql_sdl(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(gql_schema_sdl(gql_current_schema())));
}

/*
 * graphql.schema_stats() returns (lazy boolean, tables int, declared int,
 * defined int, complete int)
 *
 * The schema the current role sees (built if it is not yet): whether its
 * tables are built lazily, how many tables it exposes, and how many of
 * them requests have declared (their types exist), defined (their fields)
 * and completed (their types final: nested inserts too) so far.  An eager
 * schema has all complete.
 */
Datum
graphql_schema_stats(PG_FUNCTION_ARGS)
{
	Schema	   *schema = gql_current_schema();
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "graphql.schema_stats must return a record");
	values[0] = BoolGetDatum(schema->states != NIL);
	for (int stage = 0; stage < 4; stage++)
		values[stage + 1] = Int32GetDatum(gql_schema_tables_at(schema, stage));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
