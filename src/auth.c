/*-------------------------------------------------------------------------
 *
 * auth.c
 *	  JWT mode (graphql.jwt_secret set): verify the request's token, choose
 *	  its role, and run the request as that role with the token's claims.
 *
 * The token comes from the authorization header of request.headers.  Its
 * header is decoded here first, so that the algorithm and key are chosen
 * by the configuration, never by the token: libjwt 1.10 takes the
 * algorithm from the token and would verify an HS256 token with an RSA
 * public key used as the HMAC secret, or skip the signature of an "alg":
 * "none" token.  libjwt then checks the signature; the claims (exp, nbf,
 * iat, aud, iss, the namespace and the roles) are checked here, as libjwt
 * 1.10 checks none of them.
 *
 * For the request, request.jwt.claims is set to the verified claims and
 * graphql.session_variables to the session variables, at a GUC nesting
 * level of their own, and the user ID is switched to the role (as SET
 * LOCAL ROLE would).  gql_auth_end restores both, so that the caller's
 * role and settings are as they were after the call; on an ERROR the
 * transaction's abort restores the settings.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <dlfcn.h>
#include <time.h>

#include "catalog/pg_collation.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/json.h"
#include "utils/guc.h"

#include "auth.h"
#include "error.h"
#include "json_tree.h"

/* Longest token accepted: libjwt copies the token to its stack. */
#define MAX_TOKEN_LENGTH 16384

/* Longest request.headers accepted (HTTP servers take 8 to 64 kB of headers). */
#define MAX_HEADERS_LENGTH 65536

#define CODE_INVALID_JWT "invalid-jwt"
#define CODE_INVALID_CLAIMS "jwt-invalid-claims"
#define CODE_MISSING_ROLE_CLAIMS "jwt-missing-role-claims"
#define CODE_ACCESS_DENIED "access-denied"
#define CODE_INVALID_HEADERS "invalid-headers"

#define VERIFY_PREFIX "Could not verify JWT: "

/* What a verified token grants. */
typedef struct Grant
{
	const char *role;
	char	   *claims;			/* request.jwt.claims: the payload's JSON text */
	char	   *sessionVariables;	/* graphql.session_variables */
} Grant;

/* false, whatever error was added */
static inline bool
added(GqlError *error)
{
	return false;
}

/* Add an error (no location, no path) to *errors; evaluates to false. */
#define fail(errors, code, ...) \
	added(gql_add_error((errors), (code), NULL, NULL, __VA_ARGS__))

/*
 * libjwt, loaded on first use with RTLD_DEEPBIND: libjwt calls jansson's
 * json_object(), and a normal load would bind that call to the postgres
 * executable's json_object() (the SQL function), which crashes.
 */
static struct
{
	bool		loaded;
	int			(*decode) (jwt_t **jwt, const char *token, const unsigned char *key, int key_len);
	void		(*free) (jwt_t *jwt);
	jwt_alg_t	(*get_alg) (jwt_t *jwt);
}			libjwt;

static bool
load_libjwt(List **errors)
{
	void	   *handle;

	if (libjwt.loaded)
		return true;
	handle = dlopen(GQL_LIBJWT_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (handle == NULL)
		return fail(errors, CODE_INVALID_JWT, "could not load %s: %s", GQL_LIBJWT_SONAME, dlerror());
	libjwt.decode = dlsym(handle, "jwt_decode");
	libjwt.free = dlsym(handle, "jwt_free");
	libjwt.get_alg = dlsym(handle, "jwt_get_alg");
	if (libjwt.decode == NULL || libjwt.free == NULL || libjwt.get_alg == NULL)
		return fail(errors, CODE_INVALID_JWT, "%s lacks jwt_decode, jwt_free or jwt_get_alg",
					GQL_LIBJWT_SONAME);
	libjwt.loaded = true;
	return true;
}

/* A base64url part of the token as a JSON object, or NULL. */
static JtNode *
decode_part(const char *part, int len, char **text, char **error)
{
	int			n;
	unsigned char *bytes = gql_base64url_decode(part, len, &n);
	JtNode	   *node;

	if (bytes == NULL)
	{
		*error = psprintf("it is not base64url");
		return NULL;
	}
	if (!pg_verifymbstr((char *) bytes, n, true))
	{
		*error = psprintf("it is not text in the database's encoding");
		return NULL;
	}
	node = jt_parse((char *) bytes, n, error);
	if (node != NULL && node->type != JT_OBJECT)
	{
		*error = psprintf("it is not a JSON object");
		return NULL;
	}
	*text = (char *) bytes;
	return node;
}

/* Choose the key that verifies the token, by its header's alg and kid. */
static const JwtKey *
choose_key(const JwtConfig *cfg, const JtNode *header, jwt_alg_t *algOut, List **errors)
{
	JtNode	   *alg = jt_get(header, "alg");
	JtNode	   *kid = jt_get(header, "kid");
	const JwtKey *key = NULL;
	jwt_alg_t	a;
	bool		fetched = false;

	if (jt_get(header, "crit") != NULL)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token's header has \"crit\" extensions, "
			 "which are not supported");
		return NULL;
	}
	if (alg == NULL || alg->type != JT_STRING)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token's header has no \"alg\"");
		return NULL;
	}
	if (kid != NULL && kid->type != JT_STRING)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token's \"kid\" is not a string");
		return NULL;
	}
	a = gql_jwt_alg(alg->str);
	if (a == JWT_ALG_INVAL)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the algorithm \"%s\" is not accepted",
			 alg->str);
		return NULL;
	}
	if (cfg->jwkUrl != NULL)
	{
		/* the keys the worker fetched from the jwk_url (jwks_fetch.c) */
		char	   *error;

		cfg = gql_jwks_current(&error);
		if (cfg == NULL)
		{
			gql_jwks_request_refresh();
			fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "%s", error);
			return NULL;
		}
		fetched = true;
	}
	if (!cfg->jwks)
		key = &cfg->keys[0];
	else if (kid != NULL)
	{
		for (int i = 0; i < cfg->nkeys && key == NULL; i++)
			if (cfg->keys[i].kid != NULL && strcmp(cfg->keys[i].kid, kid->str) == 0)
				key = &cfg->keys[i];
		if (key == NULL)
		{
			/* the issuer may have rotated its keys: fetch them again (rate-limited) */
			if (fetched)
				gql_jwks_request_refresh();
			fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "no key of the JWKS has the token's kid");
			return NULL;
		}
	}
	else if (cfg->nkeys == 1)
		key = &cfg->keys[0];
	else
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token has no kid, and the JWKS has "
			 "several keys");
		return NULL;
	}
	if ((key->algs & ((uint32) 1 << a)) == 0)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token's algorithm %s is not the "
			 "algorithm of the configured key", alg->str);
		return NULL;
	}
	*algOut = a;
	return key;
}

/* A NumericDate claim (seconds since 1970), if present; false if not a number. */
static bool
date_claim(const JtNode *claims, const char *name, bool *present, double *value, List **errors)
{
	JtNode	   *v = jt_get(claims, name);

	*present = v != NULL;
	if (v == NULL)
		return true;
	if (v->type != JT_NUMBER)
		return fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the claim \"%s\" must be a number, "
					"not %s", name, jt_type_name(v->type));
	*value = strtod(v->str, NULL);
	return true;
}

/* exp, nbf, iat, aud and iss, as RFC 7519 section 4.1 defines them. */
static bool
check_registered_claims(const JwtConfig *cfg, const JtNode *claims, List **errors)
{
	double		now = (double) time(NULL);
	double		skew = cfg->allowedSkew;
	double		t = 0;
	bool		present;

	if (!date_claim(claims, "exp", &present, &t, errors))
		return false;
	if (present && now - skew >= t)
		return fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "JWTExpired");
	if (!date_claim(claims, "nbf", &present, &t, errors))
		return false;
	if (present && now + skew < t)
		return fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "JWTNotYetValid");
	if (!date_claim(claims, "iat", &present, &t, errors))
		return false;
	if (present && now + skew < t)
		return fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "JWTIssuedAtFuture");

	if (cfg->naudience > 0)
	{
		JtNode	   *aud = jt_get(claims, "aud");
		bool		found = false;

		for (int i = 0; aud != NULL && i < cfg->naudience && !found; i++)
		{
			if (aud->type == JT_STRING)
				found = strcmp(aud->str, cfg->audience[i]) == 0;
			else if (aud->type == JT_ARRAY)
				for (int k = 0; k < aud->count && !found; k++)
					found = aud->items[k]->type == JT_STRING &&
						strcmp(aud->items[k]->str, cfg->audience[i]) == 0;
		}
		if (!found)
			return fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "JWTNotInAudience");
	}
	if (cfg->issuer != NULL)
	{
		JtNode	   *iss = jt_get(claims, "iss");

		if (iss == NULL || iss->type != JT_STRING || strcmp(iss->str, cfg->issuer) != 0)
			return fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "JWTNotInIssuer");
	}
	return true;
}

/*
 * Verify the token: its parts, its algorithm and key, its signature (with
 * libjwt) and its registered claims.  Returns the claims, or NULL.
 */
static JtNode *
verify_token(const JwtConfig *cfg, const char *token, char **payloadText, List **errors)
{
	int			len = strlen(token);
	const char *dot1 = strchr(token, '.');
	const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	char	   *headerText;
	char	   *error = NULL;
	JtNode	   *header;
	JtNode	   *claims;
	const JwtKey *key;
	jwt_alg_t	alg = JWT_ALG_NONE;
	jwt_t	   *jwt = NULL;
	int			rc;

	if (len > MAX_TOKEN_LENGTH)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token is longer than %d bytes",
			 MAX_TOKEN_LENGTH);
		return NULL;
	}
	if (dot2 == NULL || strchr(dot2 + 1, '.') != NULL)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token is not three base64url parts "
			 "separated by dots");
		return NULL;
	}
	header = decode_part(token, dot1 - token, &headerText, &error);
	if (header == NULL)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token's header: %s", error);
		return NULL;
	}
	claims = decode_part(dot1 + 1, dot2 - dot1 - 1, payloadText, &error);
	if (claims == NULL)
	{
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "the token's claims: %s", error);
		return NULL;
	}
	key = choose_key(cfg, header, &alg, errors);
	if (key == NULL)
		return NULL;

	/* never without a key: libjwt would then skip the signature */
	Assert(key->materialLen > 0);
	if (!load_libjwt(errors))
		return NULL;
	rc = libjwt.decode(&jwt, token, key->material, key->materialLen);
	if (rc != 0 || jwt == NULL || libjwt.get_alg(jwt) != alg)
	{
		if (jwt != NULL)
			libjwt.free(jwt);
		fail(errors, CODE_INVALID_JWT, VERIFY_PREFIX "JWSError JWSInvalidSignature");
		return NULL;
	}
	libjwt.free(jwt);

	if (!check_registered_claims(cfg, claims, errors))
		return NULL;
	return claims;
}

/* The session variables of claims_map: literals, and values found by path. */
static JtNode *
map_claims(const JwtConfig *cfg, const JtNode *claims)
{
	char	   *error;
	JtNode	   *map = jt_parse(cfg->claimsMap, strlen(cfg->claimsMap), &error);
	JtNode	   *vars = palloc0(sizeof(JtNode));

	/* checked when the setting was made */
	Assert(map != NULL && map->type == JT_OBJECT);
	vars->type = JT_OBJECT;
	vars->keys = palloc(Max(map->count, 1) * sizeof(char *));
	vars->items = palloc(Max(map->count, 1) * sizeof(JtNode *));
	for (int i = 0; i < map->count; i++)
	{
		JtNode	   *entry = map->items[i];
		JtNode	   *value = entry;

		if (entry->type == JT_OBJECT)
		{
			value = jt_path(claims, jt_get(entry, "path")->str, &error);
			if (value == NULL)
				value = jt_get(entry, "default");
		}
		if (value == NULL)
			continue;
		vars->keys[vars->count] = map->keys[i];
		vars->items[vars->count++] = value;
	}
	return vars;
}

/*
 * The object of session variables in the claims: claims_map's, or the
 * namespace (claims_namespace or claims_namespace_path; a string holding
 * JSON with claims_format stringified_json).  NULL if there is none;
 * false on a namespace of the wrong kind.
 */
static bool
find_namespace(const JwtConfig *cfg, const JtNode *claims, JtNode **ns, List **errors)
{
	char	   *error = NULL;
	JtNode	   *node;

	*ns = NULL;
	if (cfg->claimsMap != NULL)
	{
		*ns = map_claims(cfg, claims);
		return true;
	}
	if (cfg->claimsNamespacePath != NULL)
		node = jt_path(claims, cfg->claimsNamespacePath, &error);
	else
		node = jt_get(claims, cfg->claimsNamespace);
	if (node == NULL)
		return true;
	if (cfg->stringified)
	{
		if (node->type != JT_STRING)
			return fail(errors, CODE_INVALID_CLAIMS, "the claims namespace must be a string "
						"holding JSON (claims_format is stringified_json)");
		node = jt_parse(node->str, strlen(node->str), &error);
		if (node == NULL)
			return fail(errors, CODE_INVALID_CLAIMS, "the claims namespace string is not JSON: %s",
						error);
	}
	if (node->type != JT_OBJECT)
		return fail(errors, CODE_INVALID_CLAIMS, "the claims namespace must be a JSON object, "
					"not %s", jt_type_name(node->type));
	*ns = node;
	return true;
}

/* Whether list (a JSON array) holds the string s. */
static bool
list_has(const JtNode *list, const char *s)
{
	for (int i = 0; i < list->count; i++)
		if (list->items[i]->type == JT_STRING && strcmp(list->items[i]->str, s) == 0)
			return true;
	return false;
}

/*
 * The role of the request: the x-hasura-role header if the token allows it,
 * else the token's default role; a token without a namespace may name its
 * role in a "role" claim (PostgREST's convention).
 */
static const char *
choose_role(const JwtConfig *cfg, const JtNode *claims, const JtNode *ns,
			const JtNode *requested, List **errors)
{
	JtNode	   *allowed;
	JtNode	   *dflt;

	if (ns == NULL)
	{
		JtNode	   *role = jt_get(claims, "role");

		if (role == NULL || role->type != JT_STRING)
		{
			if (cfg->claimsNamespacePath != NULL)
				fail(errors, CODE_INVALID_CLAIMS, "claims not found at claims_namespace_path %s",
					 cfg->claimsNamespacePath);
			else
				fail(errors, CODE_INVALID_CLAIMS, "claims key: '%s' not found",
					 cfg->claimsNamespace);
			return NULL;
		}
		if (requested != NULL && strcmp(requested->str, role->str) != 0)
		{
			fail(errors, CODE_ACCESS_DENIED, "Your requested role is not in allowed roles");
			return NULL;
		}
		return role->str;
	}

	allowed = jt_get_anycase(ns, "x-hasura-allowed-roles");
	dflt = jt_get_anycase(ns, "x-hasura-default-role");
	if (allowed == NULL)
	{
		fail(errors, CODE_MISSING_ROLE_CLAIMS, "JWT claim does not contain x-hasura-allowed-roles");
		return NULL;
	}
	if (dflt == NULL)
	{
		fail(errors, CODE_MISSING_ROLE_CLAIMS, "JWT claim does not contain x-hasura-default-role");
		return NULL;
	}
	if (allowed->type != JT_ARRAY)
	{
		fail(errors, CODE_INVALID_CLAIMS, "x-hasura-allowed-roles must be a list of strings");
		return NULL;
	}
	if (dflt->type != JT_STRING)
	{
		fail(errors, CODE_INVALID_CLAIMS, "x-hasura-default-role must be a string");
		return NULL;
	}
	if (requested == NULL)
		return dflt->str;
	if (!list_has(allowed, requested->str))
	{
		fail(errors, CODE_ACCESS_DENIED, "Your requested role is not in allowed roles");
		return NULL;
	}
	return requested->str;
}

/* graphql.session_variables: x-hasura-role, then the namespace's variables. */
static char *
session_variables(const char *role, const JtNode *ns)
{
	StringInfoData out;

	initStringInfo(&out);
	appendStringInfoString(&out, "{\"x-hasura-role\":");
	escape_json(&out, role);
	for (int i = 0; ns != NULL && i < ns->count; i++)
	{
		/* a backend_only permission's switch is an admin request's header alone */
		if (pg_strcasecmp(ns->keys[i], "x-hasura-role") == 0 ||
			pg_strcasecmp(ns->keys[i], "x-hasura-use-backend-only-permissions") == 0)
			continue;
		appendStringInfoChar(&out, ',');
		escape_json(&out, ns->keys[i]);
		appendStringInfoChar(&out, ':');
		jt_append(&out, ns->items[i]);
	}
	appendStringInfoChar(&out, '}');
	return out.data;
}

/*
 * request.headers as a JSON object, or NULL when it is not set.  False with
 * *errors set if it is too long or not a JSON object.
 */
static bool
parse_headers(JtNode **headers, List **errors)
{
	const char *text = GetConfigOption("request.headers", true, false);
	char	   *error;

	*headers = NULL;
	if (text == NULL || text[0] == '\0')
		return true;
	if (strlen(text) > MAX_HEADERS_LENGTH)
		return fail(errors, CODE_INVALID_HEADERS, "request.headers is longer than %d bytes",
					MAX_HEADERS_LENGTH);
	*headers = jt_parse(text, strlen(text), &error);
	if (*headers == NULL || (*headers)->type != JT_OBJECT)
		return fail(errors, CODE_INVALID_HEADERS, "request.headers is not a JSON object%s%s",
					*headers == NULL ? ": " : "", *headers == NULL ? error : "");
	return true;
}

/* Whether two strings are equal, in time that does not depend on where they differ. */
static bool
secrets_equal(const char *a, const char *b)
{
	uint8		da[PG_SHA256_DIGEST_LENGTH];
	uint8		db[PG_SHA256_DIGEST_LENGTH];
	pg_cryptohash_ctx *ctx;
	uint8		diff = 0;

	for (int k = 0; k < 2; k++)
	{
		const char *s = k == 0 ? a : b;

		ctx = pg_cryptohash_create(PG_SHA256);
		if (pg_cryptohash_init(ctx) < 0 ||
			pg_cryptohash_update(ctx, (const uint8 *) s, strlen(s)) < 0 ||
			pg_cryptohash_final(ctx, k == 0 ? da : db, PG_SHA256_DIGEST_LENGTH) < 0)
			elog(ERROR, "could not compute a SHA-256 digest");
		pg_cryptohash_free(ctx);
	}
	for (int i = 0; i < PG_SHA256_DIGEST_LENGTH; i++)
		diff |= da[i] ^ db[i];
	return diff == 0;
}

/*
 * An admin request (x-hasura-admin-secret, or the older x-hasura-access-key,
 * equal to graphql.admin_secret): it runs as the caller, or as the role of
 * x-hasura-role if the caller is a member of it, with every x-hasura-*
 * header as a session variable, as Hasura runs its admin's requests.
 */
static bool
admin_grant(const JtNode *headers, const JtNode *given, Grant *grant, List **errors)
{
	JtNode	   *requested = jt_get_anycase(headers, "x-hasura-role");
	StringInfoData vars;

	if (gql_admin_secret == NULL || gql_admin_secret[0] == '\0')
		return fail(errors, CODE_ACCESS_DENIED, "the request has an admin secret "
					"(x-hasura-admin-secret), but graphql.admin_secret is not set");
	if (given->type != JT_STRING || !secrets_equal(given->str, gql_admin_secret))
		return fail(errors, CODE_ACCESS_DENIED, "invalid x-hasura-admin-secret/x-hasura-access-key");
	if (requested != NULL && requested->type != JT_STRING)
		return fail(errors, CODE_INVALID_HEADERS, "the x-hasura-role header must be a string");
	grant->role = requested ? requested->str : NULL;

	initStringInfo(&vars);
	appendStringInfoString(&vars, "{\"x-hasura-role\":");
	escape_json(&vars, grant->role ? grant->role : GetUserNameFromId(GetUserId(), false));
	for (int i = 0; i < headers->count; i++)
	{
		char	   *name = headers->keys[i];

		if (pg_strncasecmp(name, "x-hasura-", 9) != 0 || pg_strcasecmp(name, "x-hasura-role") == 0 ||
			pg_strcasecmp(name, "x-hasura-admin-secret") == 0 ||
			pg_strcasecmp(name, "x-hasura-access-key") == 0 || headers->items[i]->type != JT_STRING)
			continue;
		appendStringInfoChar(&vars, ',');
		escape_json(&vars, str_tolower(name, strlen(name), DEFAULT_COLLATION_OID));
		appendStringInfoChar(&vars, ':');
		escape_json(&vars, headers->items[i]->str);
	}
	appendStringInfoChar(&vars, '}');
	grant->sessionVariables = vars.data;
	grant->claims = vars.data;
	return true;
}

/*
 * What the request may do: from its token, or graphql.anon_role when it has
 * none.  False with *errors set if it may do nothing.
 */
static bool
authenticate(const JwtConfig *cfg, const JtNode *headers, Grant *grant, List **errors)
{
	JtNode	   *authorization;
	JtNode	   *requested;
	JtNode	   *claims;
	JtNode	   *ns;
	const char *token;

	authorization = jt_get_anycase(headers, "authorization");
	requested = jt_get_anycase(headers, "x-hasura-role");
	if (requested != NULL && requested->type != JT_STRING)
		return fail(errors, CODE_INVALID_HEADERS, "the x-hasura-role header must be a string");

	if (authorization == NULL)
	{
		if (gql_anon_role == NULL || gql_anon_role[0] == '\0')
			return fail(errors, CODE_ACCESS_DENIED, "the request has no token (authorization "
						"header) and graphql.anon_role is not set");
		if (requested != NULL && strcmp(requested->str, gql_anon_role) != 0)
			return fail(errors, CODE_ACCESS_DENIED, "Your requested role is not in allowed roles");
		grant->role = gql_anon_role;
		grant->claims = "{}";
		grant->sessionVariables = session_variables(gql_anon_role, NULL);
		return true;
	}

	if (authorization->type != JT_STRING ||
		pg_strncasecmp(authorization->str, "Bearer ", 7) != 0)
		return fail(errors, CODE_INVALID_HEADERS, "Malformed Authorization header");
	token = authorization->str + 7;
	while (*token == ' ')
		token++;

	claims = verify_token(cfg, token, &grant->claims, errors);
	if (claims == NULL || !find_namespace(cfg, claims, &ns, errors))
		return false;
	grant->role = choose_role(cfg, claims, ns, requested, errors);
	if (grant->role == NULL)
		return false;
	grant->sessionVariables = session_variables(grant->role, ns);
	return true;
}

/*
 * Begin a request: in JWT mode, authenticate it and take on its role and
 * claims.  False with *errors set if the request must not run; then nothing
 * has changed.
 */
bool
gql_auth_begin(AuthState *state, List **errors)
{
	const JwtConfig *cfg = gql_jwt_config;
	Grant		grant;
	Oid			roleId;
	JtNode	   *headers = NULL;
	JtNode	   *adminSecret;

	memset(state, 0, sizeof(AuthState));
	*errors = NIL;
	if (gql_jwt_config_rejected)
		return fail(errors, CODE_ACCESS_DENIED, "graphql.jwt_secret was given a value it "
					"refused (see the server log), so no request is answered until it is fixed");
	if (!parse_headers(&headers, errors))
		return false;
	adminSecret = jt_get_anycase(headers, "x-hasura-admin-secret");
	if (adminSecret == NULL)
		adminSecret = jt_get_anycase(headers, "x-hasura-access-key");

	memset(&grant, 0, sizeof(grant));
	if (adminSecret != NULL)
	{
		if (!admin_grant(headers, adminSecret, &grant, errors))
			return false;
		roleId = grant.role ? get_role_oid(grant.role, true) : GetUserId();
		if (!OidIsValid(roleId))
			return fail(errors, CODE_ACCESS_DENIED, "the role \"%s\" does not exist", grant.role);
	}
	else if (cfg == NULL && (headers == NULL || gql_admin_secret == NULL || gql_admin_secret[0] == '\0'))
		return true;			/* PostgREST mode: the caller's role and claims */
	else if (cfg == NULL)
	{
		/* an HTTP request without the admin secret, which is configured: Hasura's unauthorized role */
		if (gql_anon_role == NULL || gql_anon_role[0] == '\0')
			return fail(errors, CODE_ACCESS_DENIED, "the request has no admin secret "
						"(x-hasura-admin-secret) and graphql.anon_role is not set");
		grant.role = gql_anon_role;
		grant.claims = "{}";
		grant.sessionVariables = session_variables(gql_anon_role, NULL);
		roleId = get_role_oid(grant.role, true);
		if (!OidIsValid(roleId))
			return fail(errors, CODE_ACCESS_DENIED, "the role \"%s\" does not exist", grant.role);
	}
	else
	{
		if (!authenticate(cfg, headers, &grant, errors))
			return false;
		roleId = get_role_oid(grant.role, true);
		if (!OidIsValid(roleId))
			return fail(errors, CODE_ACCESS_DENIED, "the role \"%s\" does not exist", grant.role);
		/* a token never names a role that row-level security does not hold */
		if (!gql_allow_privileged_roles && (superuser_arg(roleId) || has_bypassrls_privilege(roleId)))
			return fail(errors, CODE_ACCESS_DENIED, "the role \"%s\" is a superuser or bypasses row-level "
						"security, which graphql.allow_privileged_roles does not allow", grant.role);
	}
	if (!is_member_of_role(GetUserId(), roleId))
		return fail(errors, CODE_ACCESS_DENIED, "the role \"%s\" is not a member of the role \"%s\"",
					GetUserNameFromId(GetUserId(), false), GetUserNameFromId(roleId, false));

	state->gucNestLevel = NewGUCNestLevel();
	(void) set_config_option("request.jwt.claims", grant.claims, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, ERROR, false);
	(void) set_config_option("graphql.session_variables", grant.sessionVariables, PGC_SUSET,
							 PGC_S_SESSION, GUC_ACTION_SAVE, true, ERROR, false);
	GetUserIdAndSecContext(&state->savedUser, &state->savedSecContext);
	SetUserIdAndSecContext(roleId, state->savedSecContext | SECURITY_LOCAL_USERID_CHANGE);
	state->switched = true;
	return true;
}

/*
 * End a request begun by gql_auth_begin: restore the caller's user ID and,
 * after a success, its settings (after an ERROR, the abort of the
 * transaction or subtransaction restores them).
 */
void
gql_auth_end(AuthState *state, bool success)
{
	if (state->switched)
		SetUserIdAndSecContext(state->savedUser, state->savedSecContext);
	if (success && state->gucNestLevel > 0)
		AtEOXact_GUC(true, state->gucNestLevel);
	state->switched = false;
	state->gucNestLevel = 0;
}
