/*-------------------------------------------------------------------------
 *
 * http.c
 *	  graphql.http(method, request, headers): a GraphQL request as it came
 *	  over HTTP, answered with the HTTP status, content type and body.
 *
 * This is everything of GraphQL over HTTP that needs to know GraphQL, so
 * that a front (graphql-server) only moves bytes: for a POST the request is
 * the body, {"query", "variables", "operationName", "extensions"} or an
 * array of them (a batch, answered as an array in order, as Hasura does);
 * for a GET it is the URL's query string, and a mutation is refused with
 * 405.  The headers (a JSON object, lower-case names) become request.headers
 * for the call, so JWT mode reads the token from them (auth.c); their
 * Accept chooses the media type.
 *
 * Status codes follow the GraphQL-over-HTTP specification: with
 * application/graphql-response+json, a response without data is 400 (403
 * when authentication refused it); with application/json every answer of a
 * well-formed request is 200, as Hasura answers.  A body or query string
 * that is not a well-formed request is 400 in both.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "common/jsonapi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "error.h"
#include "execute.h"
#include "http.h"
#include "json_tree.h"
#include "settings.h"

PG_FUNCTION_INFO_V1(graphql_http);

#define CODE_INVALID_JSON "invalid-json"
#define CODE_BAD_REQUEST "bad-request"
#define CODE_INVALID_HEADERS "invalid-headers"

typedef enum MediaType
{
	MEDIA_NONE,					/* nothing the client accepts */
	MEDIA_JSON,					/* application/json */
	MEDIA_GRAPHQL_RESPONSE		/* application/graphql-response+json */
} MediaType;

/* One GraphQL request's parameters. */
typedef struct Params
{
	text	   *query;
	Jsonb	   *variables;
	char	   *operationName;
} Params;

/* The answer under construction. */
typedef struct Response
{
	int			status;
	MediaType	media;
	StringInfoData body;
	StringInfoData log;			/* for the front's log: role, operation, query hash */
} Response;

/* A bad request: status 400 and {"errors": [...]} with one error. */
static void
refuse(Response *resp, int status, const char *code, const char *fmt,...)
pg_attribute_printf(4, 5);

static void
refuse(Response *resp, int status, const char *code, const char *fmt,...)
{
	va_list		args;
	List	   *errors = NIL;
	GqlError   *err;

	va_start(args, fmt);
	err = gql_error(code, NULL, "%s", gql_vformat(fmt, args));
	va_end(args);
	err->path = "$";
	errors = lappend(errors, err);
	resetStringInfo(&resp->body);
	gql_append_errors_response(&resp->body, errors);
	resp->status = status;
}

/* Whether the media range s (up to its end e) names type/subtype. */
static bool
range_is(const char *s, const char *e, const char *type)
{
	size_t		len = strlen(type);

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return (size_t) (e - s) >= len && pg_strncasecmp(s, type, len) == 0 &&
		(s + len == e || s[len] == ';' || s[len] == ' ' || s[len] == '\t');
}

/* Whether the media range s..e has the parameter q=0 (refused). */
static bool
range_refused(const char *s, const char *e)
{
	for (const char *p = s; p < e; p++)
	{
		if (*p != ';')
			continue;
		p++;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (e - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
		{
			double		q = strtod(p + 2, NULL);

			return q <= 0;
		}
	}
	return false;
}

/*
 * The media type of the answer from the Accept header: the GraphQL
 * response type if it is accepted, else JSON if it is (or anything is, or
 * the header is absent), else none.
 */
static MediaType
negotiate(const JtNode *accept)
{
	bool		json = false;
	bool		graphql = false;
	const char *s;

	if (accept == NULL || accept->type != JT_STRING || accept->str[0] == '\0')
		return MEDIA_JSON;
	s = accept->str;
	while (*s != '\0')
	{
		const char *e = strchr(s, ',');

		CHECK_FOR_INTERRUPTS();
		if (e == NULL)
			e = s + strlen(s);
		if (!range_refused(s, e))
		{
			if (range_is(s, e, "application/graphql-response+json"))
				graphql = true;
			else if (range_is(s, e, "application/json") || range_is(s, e, "application/*") ||
					 range_is(s, e, "*/*"))
				json = true;
		}
		s = *e == ',' ? e + 1 : e;
	}
	return graphql ? MEDIA_GRAPHQL_RESPONSE : json ? MEDIA_JSON : MEDIA_NONE;
}

/*
 * Whether a POST's Content-Type is JSON: application/json (or the GraphQL
 * response type), with no charset but UTF-8.  An absent one is taken as
 * JSON, as Hasura takes it.
 */
static bool
json_content_type(const JtNode *ct)
{
	const char *s;
	const char *charset;

	if (ct == NULL)
		return true;
	if (ct->type != JT_STRING)
		return false;
	s = ct->str;
	if (!range_is(s, s + strlen(s), "application/json") &&
		!range_is(s, s + strlen(s), "application/graphql-response+json"))
		return false;
	charset = strstr(s, "charset=");
	if (charset == NULL)
		return true;
	charset += strlen("charset=");
	if (*charset == '"')
		charset++;
	return pg_strncasecmp(charset, "utf-8", 5) == 0 || pg_strncasecmp(charset, "utf8", 4) == 0;
}

/*
 * Whether jsonb_in surely accepts the text: it is JSON (checked without
 * raising errors, escapes included), nested at most 100 deep, and its
 * numbers have no exponent and at most 100 characters (so none is out of
 * numeric's range).  One pass over the text, then PostgreSQL's lexer.
 */
static bool
surely_jsonb(const char *json, size_t len)
{
	int			depth = 0;
	bool		inString = false;
	JsonLexContext *lex;

	for (size_t i = 0; i < len; i++)
	{
		char		c = json[i];

		if (inString)
		{
			if (c == '\\')
				i++;
			else if (c == '"')
				inString = false;
		}
		else if (c == '"')
			inString = true;
		else if (c == '[' || c == '{')
		{
			if (++depth > 100)
				return false;
		}
		else if (c == ']' || c == '}')
			depth--;
		else if (c == '-' || (c >= '0' && c <= '9'))
		{
			size_t		start = i;

			while (i + 1 < len && strchr("0123456789.-+eE", json[i + 1]) != NULL)
			{
				if (json[i + 1] == 'e' || json[i + 1] == 'E')
					return false;
				i++;
			}
			if (i - start >= 100)
				return false;
		}
	}
	lex = makeJsonLexContextCstringLen(unconstify(char *, json), len, GetDatabaseEncoding(), true);
	return pg_parse_json(lex, &nullSemAction) == JSON_SUCCESS;
}

/*
 * JSON text as jsonb, or NULL with *error set if it is not JSON (or holds
 * what jsonb cannot: a \u0000, a number out of range, nesting too deep).
 * Text that surely parses is parsed directly; other text in a
 * subtransaction, so that its error is the request's; a cancel or the like
 * propagates.
 */
static Jsonb *
parse_json(const char *json, char **error)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	Jsonb	   *volatile result = NULL;
	ErrorData  *volatile edata = NULL;

	*error = NULL;
	if (surely_jsonb(json, strlen(json)))
		return DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(json)));
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		result = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(json)));
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(cxt);
	CurrentResourceOwner = owner;
	if (edata != NULL)
	{
		if (gql_must_propagate(edata->sqlerrcode))
			ReThrowError(edata);
		*error = edata->detail ? psprintf("%s: %s", edata->message, edata->detail)
			: edata->message;
		return NULL;
	}
	return result;
}

/* A jsonb value's kind, for messages. */
static const char *
kind_of(const JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			return "null";
		case jbvString:
			return "a string";
		case jbvNumeric:
			return "a number";
		case jbvBool:
			return "a boolean";
		case jbvBinary:
			return JsonContainerIsArray(v->val.binary.data) ? "an array" : "an object";
		default:
			return "a value";
	}
}

/*
 * The parameters of one request from its JSON object.  False with the
 * response refused if one has the wrong type.
 */
static bool
params_from_object(JsonbContainer *obj, Params *params, Response *resp)
{
	JsonbValue	v;

	memset(params, 0, sizeof(Params));
	if (getKeyJsonValueFromContainer(obj, "query", 5, &v) == NULL)
	{
		/* an automatic persisted query's hash alone: the client sends the query again */
		if (getKeyJsonValueFromContainer(obj, "extensions", 10, &v) != NULL && v.type == jbvBinary &&
			JsonContainerIsObject(v.val.binary.data) &&
			getKeyJsonValueFromContainer(v.val.binary.data, "persistedQuery", 14, &v) != NULL)
			refuse(resp, 200, GQL_CODE_NOT_SUPPORTED, "persisted queries are not supported");
		else
			refuse(resp, 400, CODE_BAD_REQUEST, "the request has no query");
		return false;
	}
	if (v.type != jbvString)
	{
		refuse(resp, 400, CODE_BAD_REQUEST, "the query must be a string, not %s", kind_of(&v));
		return false;
	}
	params->query = cstring_to_text_with_len(v.val.string.val, v.val.string.len);

	if (getKeyJsonValueFromContainer(obj, "variables", 9, &v) != NULL && v.type != jbvNull)
	{
		if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data))
		{
			refuse(resp, 400, CODE_BAD_REQUEST, "the variables must be an object, not %s",
				   kind_of(&v));
			return false;
		}
		params->variables = JsonbValueToJsonb(&v);
	}
	if (getKeyJsonValueFromContainer(obj, "operationName", 13, &v) != NULL && v.type != jbvNull)
	{
		if (v.type != jbvString)
		{
			refuse(resp, 400, CODE_BAD_REQUEST, "the operationName must be a string, not %s",
				   kind_of(&v));
			return false;
		}
		params->operationName = pnstrdup(v.val.string.val, v.val.string.len);
	}
	if (getKeyJsonValueFromContainer(obj, "extensions", 10, &v) != NULL && v.type != jbvNull &&
		(v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data)))
	{
		refuse(resp, 400, CODE_BAD_REQUEST, "the extensions must be an object, not %s",
			   kind_of(&v));
		return false;
	}
	return true;
}

/* The value of a hexadecimal digit, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A component of a query string, percent-decoded ('+' is a space), in the
 * server encoding; NULL with *error set if it is not UTF-8 text.
 */
static char *
url_decode(const char *s, int len, char **error)
{
	char	   *out = palloc(len + 1);
	int			n = 0;

	for (int i = 0; i < len; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (s[i] == '+')
			out[n++] = ' ';
		else if (s[i] == '%')
		{
			int			hi = i + 2 < len ? hex_value(s[i + 1]) : -1;
			int			lo = hi >= 0 ? hex_value(s[i + 2]) : -1;

			if (lo < 0)
			{
				*error = "a % in the query string is not followed by two hexadecimal digits";
				return NULL;
			}
			out[n++] = (char) (hi * 16 + lo);
			i += 2;
		}
		else
			out[n++] = s[i];
	}
	out[n] = '\0';
	if (pg_encoding_verifymbstr(PG_UTF8, out, n) != n)
	{
		*error = "the query string is not UTF-8 text";
		return NULL;
	}
	return pg_any_to_server(out, n, PG_UTF8);
}

/*
 * The parameters of a GET request from its query string: query,
 * variables and extensions (JSON text), operationName.  False with the
 * response refused if one is malformed.
 */
static bool
params_from_query_string(const char *qs, Params *params, Response *resp)
{
	static const char *const names[] = {"query", "variables", "operationName", "extensions"};
	char	   *values[lengthof(names)] = {0};
	const char *s = qs;
	char	   *error;

	memset(params, 0, sizeof(Params));
	while (*s != '\0')
	{
		const char *end = strchr(s, '&');
		const char *eq;
		char	   *name;
		char	   *value;

		CHECK_FOR_INTERRUPTS();
		if (end == NULL)
			end = s + strlen(s);
		eq = memchr(s, '=', end - s);
		name = url_decode(s, (eq ? eq : end) - s, &error);
		value = name == NULL ? NULL : eq ? url_decode(eq + 1, end - eq - 1, &error) : "";
		if (value == NULL)
		{
			refuse(resp, 400, CODE_BAD_REQUEST, "%s", error);
			return false;
		}
		for (int i = 0; i < (int) lengthof(names); i++)
		{
			if (strcmp(name, names[i]) != 0)
				continue;
			if (values[i] != NULL)
			{
				refuse(resp, 400, CODE_BAD_REQUEST, "the parameter %s is given twice", names[i]);
				return false;
			}
			values[i] = value;
		}
		s = *end == '&' ? end + 1 : end;
	}
	if (values[0] == NULL)
	{
		refuse(resp, 400, CODE_BAD_REQUEST, "the request has no query");
		return false;
	}
	params->query = cstring_to_text(values[0]);
	params->operationName = values[2] != NULL && values[2][0] != '\0' ? values[2] : NULL;
	for (int i = 1; i < (int) lengthof(names); i += 2)
	{
		Jsonb	   *json;

		/* variables and extensions: JSON objects */
		if (values[i] == NULL || values[i][0] == '\0' || strcmp(values[i], "null") == 0)
			continue;
		json = parse_json(values[i], &error);
		if (json == NULL)
		{
			refuse(resp, 400, CODE_INVALID_JSON, "the %s are not JSON: %s", names[i], error);
			return false;
		}
		if (!JB_ROOT_IS_OBJECT(json) || JB_ROOT_IS_SCALAR(json))
		{
			refuse(resp, 400, CODE_BAD_REQUEST, "the %s must be a JSON object", names[i]);
			return false;
		}
		if (i == 1)
			params->variables = json;
	}
	return true;
}

/* Answer one request into resp->body; returns its answer kind. */
static GqlAnswer
answer(const Params *params, GqlAllow allow, Response *resp)
{
	return gql_answer(params->query, params->variables, params->operationName, allow,
					  &resp->body, &resp->log);
}

/* The status of a single request's answer. */
static int
status_of(GqlAnswer a, MediaType media)
{
	if (a == GQL_ANSWER_NOT_ALLOWED)
		return 405;
	if (a == GQL_ANSWER_NEEDS_PRIMARY)
		return 421;
	if (media == MEDIA_JSON || a == GQL_ANSWER_DATA)
		return 200;
	return a == GQL_ANSWER_DENIED ? 403 : 400;
}

/*
 * A POST: the body is a request object or a batch of them.  A batch is
 * answered 200 with an array of answers in order; it may hold at most
 * graphql.max_batch requests.
 */
static void
answer_post(const char *body, GqlAllow allow, Response *resp)
{
	Jsonb	   *json;
	char	   *error;
	Params		params;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			count;

	if (body == NULL || body[strspn(body, " \t\r\n")] == '\0')
	{
		refuse(resp, 400, CODE_BAD_REQUEST, "the request body is empty");
		return;
	}
	json = parse_json(body, &error);
	if (json == NULL)
	{
		refuse(resp, 400, CODE_INVALID_JSON, "the request body is not JSON: %s", error);
		return;
	}
	if (JB_ROOT_IS_OBJECT(json))
	{
		if (params_from_object(&json->root, &params, resp))
			resp->status = status_of(answer(&params, allow, resp), resp->media);
		return;
	}
	if (JB_ROOT_IS_SCALAR(json))
	{
		refuse(resp, 400, CODE_BAD_REQUEST, "the request body must be a JSON object or array");
		return;
	}
	count = JB_ROOT_COUNT(json);
	if (count == 0)
	{
		refuse(resp, 400, CODE_BAD_REQUEST, "the batch is empty");
		return;
	}
	gql_settings_for_session();
	if (count > gql_limits.maxBatch)
	{
		refuse(resp, 400, GQL_CODE_VALIDATION_FAILED,
			   "the batch holds %d requests, more than graphql.max_batch (%d)",
			   count, gql_limits.maxBatch);
		return;
	}
	/* each request is answered on its own; a malformed one is its own error */
	appendStringInfoChar(&resp->body, '[');
	appendStringInfoString(&resp->log, "{\"batch\": [");
	it = JsonbIteratorInit(&json->root);
	count = 0;
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		Response	one;

		if (tok != WJB_ELEM)
			continue;
		if (count++ > 0)
		{
			appendStringInfoString(&resp->body, ", ");
			appendStringInfoString(&resp->log, ", ");
		}
		one.media = resp->media;
		initStringInfo(&one.body);
		initStringInfo(&one.log);
		if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data))
			refuse(&one, 400, CODE_BAD_REQUEST, "a request of the batch is %s, not an object",
				   kind_of(&v));
		else if (params_from_object(v.val.binary.data, &params, &one) &&
				 answer(&params, allow, &one) == GQL_ANSWER_NEEDS_PRIMARY)
		{
			/* a mutation on a read replica: the whole batch goes to the primary */
			resetStringInfo(&resp->body);
			appendBinaryStringInfo(&resp->body, one.body.data, one.body.len);
			resetStringInfo(&resp->log);
			resp->status = 421;
			return;
		}
		appendBinaryStringInfo(&resp->body, one.body.data, one.body.len);
		appendStringInfoString(&resp->log, one.log.len > 0 ? one.log.data : "null");
		pfree(one.body.data);
		pfree(one.log.data);
	}
	appendStringInfoChar(&resp->body, ']');
	appendStringInfoString(&resp->log, "]}");
	resp->status = 200;
}

/*
 * graphql.http(method text, request text, headers json, read_only boolean,
 *				OUT status int, OUT content_type text, OUT response text, OUT log json)
 *
 * log: what the front may log of the request (append_log in graphql.c), or
 * NULL for a request refused before it was read.
 *
 * With read_only (the front sent the request to a read replica), a
 * mutation is not run: the answer is 421 and the front sends the request
 * to the primary.
 */
Datum
graphql_http(PG_FUNCTION_ARGS)
{
	MemoryContext callCtx;
	MemoryContext oldCtx;
	const char *method;
	const char *request;
	const char *headersText;
	bool		readOnly;
	JtNode	   *headers = NULL;
	int			nestLevel = 0;
	Response	resp;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	HeapTuple	tuple;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "graphql.http must return a record");
	tupdesc = BlessTupleDesc(tupdesc);
	callCtx = AllocSetContextCreate(CurrentMemoryContext, "graphql.http", ALLOCSET_DEFAULT_SIZES);
	oldCtx = MemoryContextSwitchTo(callCtx);
	method = PG_ARGISNULL(0) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(0));
	request = PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1));
	headersText = PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2));
	readOnly = PG_NARGS() > 3 && !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	resp.status = 200;
	resp.media = MEDIA_JSON;
	initStringInfo(&resp.body);
	initStringInfo(&resp.log);

	if (headersText != NULL)
	{
		/* the headers are the request's, for this call only */
		nestLevel = NewGUCNestLevel();
		(void) set_config_option("request.headers", headersText, PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
	}
	else
	{
		/* or the caller set them */
		headersText = GetConfigOption("request.headers", true, false);
		if (headersText != NULL && headersText[0] == '\0')
			headersText = NULL;
	}
	if (headersText != NULL)
	{
		char	   *error;

		headers = jt_parse_ext(headersText, strlen(headersText), true, &error);
		if (headers == NULL || headers->type != JT_OBJECT)
			refuse(&resp, 400, CODE_INVALID_HEADERS, "the headers are not a JSON object");
	}
	if (resp.status == 200)
	{
		resp.media = negotiate(jt_get_anycase(headers, "accept"));
		if (resp.media == MEDIA_NONE)
		{
			resp.media = MEDIA_JSON;
			refuse(&resp, 406, CODE_BAD_REQUEST, "the Accept header accepts neither "
				   "application/graphql-response+json nor application/json");
		}
		else if (pg_strcasecmp(method, "POST") == 0)
		{
			if (!json_content_type(jt_get_anycase(headers, "content-type")))
				refuse(&resp, 415, CODE_BAD_REQUEST, "the request body must be "
					   "application/json (in UTF-8)");
			else
				answer_post(request, readOnly ? GQL_ALLOW_READS : GQL_ALLOW_ALL, &resp);
		}
		else if (pg_strcasecmp(method, "GET") == 0)
		{
			Params		params;

			if (params_from_query_string(request ? request : "", &params, &resp))
				resp.status = status_of(answer(&params, GQL_ALLOW_QUERIES, &resp), resp.media);
		}
		else
			refuse(&resp, 405, CODE_BAD_REQUEST, "the method %s is not allowed: use GET or POST",
				   method);
	}

	if (nestLevel > 0)
		AtEOXact_GUC(true, nestLevel);

	MemoryContextSwitchTo(oldCtx);
	values[0] = Int32GetDatum(resp.status);
	values[1] = CStringGetTextDatum(resp.media == MEDIA_GRAPHQL_RESPONSE
									? "application/graphql-response+json; charset=utf-8"
									: "application/json; charset=utf-8");
	values[2] = PointerGetDatum(cstring_to_text_with_len(resp.body.data, resp.body.len));
	if (resp.log.len > 0)
		values[3] = PointerGetDatum(cstring_to_text_with_len(resp.log.data, resp.log.len));
	else
		nulls[3] = true;
	tuple = heap_form_tuple(tupdesc, values, nulls);
	MemoryContextDelete(callCtx);
	PG_RETURN_DATUM(HeapTupleGetDatum(tuple));
}
