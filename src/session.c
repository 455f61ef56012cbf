/*-------------------------------------------------------------------------
 *
 * session.c
 *	  graphql.session_var(name): a session variable (x-hasura-*) of the
 *	  request's claims, the JSON object in the setting request.jwt.claims.
 *
 * In JWT mode, graphql.resolve sets graphql.session_variables to the
 * variables it found in the verified token (wherever the configuration
 * says they are, and x-hasura-role, the role chosen); they come first,
 * then the top level of the claims.  Otherwise (PostgREST mode) the
 * claims namespace comes first, then the top level.  The exception is
 * x-hasura-use-backend-only-permissions, read from graphql.session_variables
 * alone: only an admin request's header sets it there.
 *
 * Row-level security policies call it once per row they check, so the
 * answer is kept in the call site's fn_extra and recomputed only when the
 * claims text or the name differs from the previous call's.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/jsonb.h"

#include "auth.h"
#include "error.h"

#define HASURA_NAMESPACE "https://hasura.io/jwt/claims"

PG_FUNCTION_INFO_V1(graphql_session_var);

/* The previous answer of one call site. */
typedef struct SessionVarCache
{
	char	   *vars;			/* graphql.session_variables it was computed from */
	char	   *claims;			/* the claims text it was computed from */
	char	   *name;
	char	   *value;			/* NULL for SQL NULL */
} SessionVarCache;

/* A jsonb value as session_var returns it: strings as is, null as NULL. */
static char *
value_text(JsonbValue *v)
{
	switch (v->type)
	{
		case jbvString:
			return pnstrdup(v->val.string.val, v->val.string.len);
		case jbvNull:
			return NULL;
		case jbvBool:
			return pstrdup(v->val.boolean ? "true" : "false");
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
		case jbvBinary:
			return JsonbToCString(NULL, v->val.binary.data, v->val.binary.len);
		default:
			return NULL;
	}
}

/*
 * Look name up among the keys of the object container: an exact match, else
 * the first key equal to it ignoring ASCII case. Sets *found.
 */
static char *
lookup(JsonbContainer *object, const char *name, bool *found)
{
	int			nameLen = strlen(name);
	JsonbIterator *it = JsonbIteratorInit(object);
	JsonbIteratorToken tok;
	JsonbValue	v;
	bool		isKey = false;
	bool		exact = false;
	bool		anyCase = false;
	char	   *result = NULL;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		CHECK_FOR_INTERRUPTS();
		if (tok == WJB_KEY)
		{
			isKey = v.val.string.len == nameLen &&
				pg_strncasecmp(v.val.string.val, name, nameLen) == 0;
			exact = isKey && memcmp(v.val.string.val, name, nameLen) == 0;
		}
		else if (tok == WJB_VALUE && isKey && (exact || !anyCase))
		{
			result = value_text(&v);
			anyCase = true;
			if (exact)
				break;
		}
	}
	*found = anyCase;
	return result;
}

/* The claims namespace as an object container, or NULL. */
static JsonbContainer *
namespace_object(Jsonb *claims)
{
	JsonbValue	key;
	JsonbValue *ns;

	key.type = jbvString;
	key.val.string.val = HASURA_NAMESPACE;
	key.val.string.len = strlen(HASURA_NAMESPACE);
	ns = findJsonbValueFromContainer(&claims->root, JB_FOBJECT, &key);
	if (ns == NULL)
		return NULL;
	if (ns->type == jbvString)
	{
		/* Cognito sends the namespace as a string holding its JSON */
		char	   *text = pnstrdup(ns->val.string.val, ns->val.string.len);
		Jsonb	   *inner = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(text)));

		return JB_ROOT_IS_OBJECT(inner) ? &inner->root : NULL;
	}
	if (ns->type == jbvBinary && JsonContainerIsObject(ns->val.binary.data))
		return ns->val.binary.data;
	return NULL;
}

/* Text of a setting as jsonb, or NULL if it is empty. */
static Jsonb *
setting_jsonb(const char *text)
{
	if (text == NULL || text[0] == '\0')
		return NULL;
	return DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(text)));
}

/*
 * The session variables of the request being answered, as a JSON object:
 * the value of a function's session argument (hasura_session).  In JWT
 * mode they are graphql.session_variables, set from the verified token.
 * In PostgREST mode they are the members of the claims namespace the
 * front set in request.jwt.claims, names in lower case as Hasura gives
 * them, with x-hasura-role the current role's name.
 */
char *
gql_session_json(void)
{
	const char *claimsText;
	Jsonb	   *claims;
	JsonbContainer *ns = NULL;
	StringInfoData out;
	bool		hasRole = false;

	if (gql_session_variables != NULL && gql_session_variables[0] != '\0')
		return gql_session_variables;
	if (gql_jwt_config != NULL || gql_jwt_config_rejected)
		return "{}";			/* not inside a request */
	claimsText = GetConfigOption("request.jwt.claims", true, false);
	claims = setting_jsonb(claimsText);
	if (claims != NULL && JB_ROOT_IS_OBJECT(claims))
		ns = namespace_object(claims);
	initStringInfo(&out);
	appendStringInfoChar(&out, '{');
	if (ns != NULL)
	{
		JsonbIterator *it = JsonbIteratorInit(ns);
		JsonbIteratorToken tok;
		JsonbValue	v;
		char	   *key = NULL;

		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			CHECK_FOR_INTERRUPTS();
			if (tok == WJB_KEY)
			{
				key = pnstrdup(v.val.string.val, v.val.string.len);
				for (char *c = key; *c; c++)
					*c = pg_ascii_tolower((unsigned char) *c);
			}
			else if (tok == WJB_VALUE)
			{
				JsonbValue	scalar = v;

				if (out.len > 1)
					appendStringInfoChar(&out, ',');
				escape_json(&out, key);
				appendStringInfoChar(&out, ':');
				if (v.type == jbvBinary)
					appendStringInfoString(&out, JsonbToCString(NULL, v.val.binary.data, v.val.binary.len));
				else
					appendStringInfoString(&out, JsonbToCString(NULL, &JsonbValueToJsonb(&scalar)->root, 0));
				hasRole |= strcmp(key, "x-hasura-role") == 0;
			}
		}
	}
	if (!hasRole)
	{
		if (out.len > 1)
			appendStringInfoChar(&out, ',');
		appendStringInfoString(&out, "\"x-hasura-role\":");
		escape_json(&out, GetUserNameFromId(GetUserId(), false));
	}
	appendStringInfoChar(&out, '}');
	return out.data;
}


/*
 * session_var's answer for these session variables (graphql.session_variables)
 * and claims (request.jwt.claims).
 */
static char *
session_var(const char *varsText, const char *claimsText, const char *name)
{
	Jsonb	   *vars = setting_jsonb(varsText);
	Jsonb	   *claims = setting_jsonb(claimsText);
	JsonbContainer *ns;
	bool		found;
	char	   *value;

	if (vars != NULL && JB_ROOT_IS_OBJECT(vars))
	{
		value = lookup(&vars->root, name, &found);
		if (found)
			return value;
	}

	/*
	 * A backend_only permission's switch is an admin request's header, in
	 * graphql.session_variables alone (auth.c): never a claim, wherever a
	 * token or the caller put it
	 */
	if (pg_strcasecmp(name, "x-hasura-use-backend-only-permissions") == 0)
		return NULL;
	if (claims == NULL || !JB_ROOT_IS_OBJECT(claims))
		return NULL;
	ns = vars != NULL ? NULL : namespace_object(claims);
	if (ns != NULL)
	{
		value = lookup(ns, name, &found);
		if (found)
			return value;
	}
	return lookup(&claims->root, name, &found);
}

/* The error of a permission that needs a session variable the request lacks. */
void
gql_missing_session_var(const char *name)
{
	char	   *lower = pstrdup(name);

	for (char *c = lower; *c; c++)
		*c = pg_ascii_tolower((unsigned char) *c);
	ereport(ERROR,
			(errcode(ERRCODE_GQL_MISSING_SESSION_VAR),
			 errmsg("missing session variables: \"%s\"", lower)));
}

/* The request's claims and session variables, as graphql.session_var reads them. */
static void
current_claims(const char **vars, const char **claims)
{
	*vars = gql_session_variables != NULL && gql_session_variables[0] != '\0' ?
		gql_session_variables : NULL;

	/*
	 * In JWT mode the claims are the verified token's, set by
	 * graphql.resolve with the session variables for the request: outside
	 * a request, request.jwt.claims is whatever the caller set, so none.
	 */
	*claims = (*vars == NULL && (gql_jwt_config != NULL || gql_jwt_config_rejected)) ?
		NULL : GetConfigOption("request.jwt.claims", true, false);
}

/* A session variable of the request (NULL if it has none of that name). */
char *
gql_session_var_value(const char *name)
{
	const char *vars;
	const char *claims;

	current_claims(&vars, &claims);
	return session_var(vars, claims, name);
}

/*
 * graphql.session_var(name text [, required boolean]): required, a missing
 * variable is Hasura's error (a permission the metadata compiled uses it).
 */
Datum
graphql_session_var(PG_FUNCTION_ARGS)
{
	text	   *nameText = PG_GETARG_TEXT_PP(0);
	size_t		nameLen = VARSIZE_ANY_EXHDR(nameText);
	bool		required = PG_NARGS() > 1 && !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
	const char *vars;
	const char *claims;
	SessionVarCache *cache = fcinfo->flinfo->fn_extra;
	MemoryContext old;
	char	   *name;
	char	   *value;

	current_claims(&vars, &claims);
	/* the usual case, per row of a policy: the same name and claims */
	if (cache == NULL ||
		strlen(cache->name) != nameLen ||
		memcmp(cache->name, VARDATA_ANY(nameText), nameLen) != 0 ||
		(cache->claims == NULL) != (claims == NULL) ||
		(claims != NULL && strcmp(cache->claims, claims) != 0) ||
		(cache->vars == NULL) != (vars == NULL) ||
		(vars != NULL && strcmp(cache->vars, vars) != 0))
	{
		name = text_to_cstring(nameText);
		value = session_var(vars, claims, name);
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		if (cache == NULL)
			cache = palloc0(sizeof(SessionVarCache));
		else
		{
			if (cache->claims)
				pfree(cache->claims);
			if (cache->vars)
				pfree(cache->vars);
			pfree(cache->name);
			if (cache->value)
				pfree(cache->value);
		}
		cache->claims = claims ? pstrdup(claims) : NULL;
		cache->vars = vars ? pstrdup(vars) : NULL;
		cache->name = pstrdup(name);
		cache->value = value ? pstrdup(value) : NULL;
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->value == NULL && required)
		gql_missing_session_var(cache->name);
	if (cache->value == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(cache->value));
}

PG_FUNCTION_INFO_V1(graphql_auth_mode);

/*
 * graphql.auth_mode() returns text
 *
 * How requests are authenticated, without showing a secret: 'jwt' (the
 * database verifies tokens, graphql.jwt_secret), 'refused' (the configured
 * value was refused: every request is denied), 'admin_secret' (no tokens,
 * but graphql.admin_secret: an HTTP request without it runs as
 * graphql.anon_role or is denied) or 'caller' (PostgREST mode: requests run
 * as the caller, with the claims it set).  graphql-server asks this at
 * start.
 */
Datum
graphql_auth_mode(PG_FUNCTION_ARGS)
{
	const char *mode = gql_jwt_config_rejected ? "refused" : gql_jwt_config != NULL ? "jwt"
		: gql_admin_secret != NULL && gql_admin_secret[0] != '\0' ? "admin_secret" : "caller";

	PG_RETURN_TEXT_P(cstring_to_text(mode));
}
