/*-------------------------------------------------------------------------
 *
 * jwt_config.c
 *	  The settings of JWT mode: graphql.jwt_secret (Hasura's JWT config
 *	  JSON), graphql.anon_role and graphql.session_variables.
 *
 * graphql.jwt_secret is parsed and checked once, in its GUC check hook,
 * whenever it is set (SET, postgresql.conf, ALTER SYSTEM): keys in PEM form
 * or X.509 certificates are reduced to their public key, JWKS keys are
 * converted to PEM with OpenSSL (jwt_keys.c; libjwt 1.10 reads only PEM), and the
 * result is kept as one malloc'd block, the setting's "extra".  A check
 * hook must not raise an ERROR, so everything here reports mistakes by
 * returning a message; the message never quotes the key.
 *
 * The secret must not be stored where other roles can read it: per-role,
 * per-database and per-function values (pg_db_role_setting, pg_proc) are
 * refused.  A value refused in the configuration files, or with none
 * configured, leaves the module failing closed
 * (gql_jwt_config_rejected: every request is denied) until a value is
 * accepted, instead of silently trusting the caller's claims: a value
 * refused in postgresql.conf, or set before the module was loaded and
 * refused when it is, is only a WARNING and would otherwise leave the
 * setting empty.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "utils/guc.h"
#include "utils/memutils.h"

#include "auth.h"
#include "json_tree.h"
#include "jwt_keys.h"
#include "settings.h"

const JwtConfig *gql_jwt_config = NULL;
bool		gql_jwt_config_rejected = false;
char	   *gql_anon_role = NULL;
char	   *gql_admin_secret = NULL;
char	   *gql_session_variables = NULL;
bool		gql_allow_privileged_roles = false;
static char *jwt_secret_text = NULL;

/* ----------------------------------------------------------------
 * The configuration JSON
 * ----------------------------------------------------------------
 */

static bool
string_member(const JtNode *config, const char *name, const char **out, char **error)
{
	JtNode	   *v = jt_get(config, name);

	if (v == NULL || v->type == JT_NULL)
		return true;
	if (v->type != JT_STRING)
	{
		*error = psprintf("\"%s\" must be a string, not %s", name, jt_type_name(v->type));
		return false;
	}
	*out = v->str;
	return true;
}

/* "type" and "key": one key verifying one algorithm. */
static bool
read_type_key(const JtNode *config, JwtConfig *cfg, char **error)
{
	const char *type = NULL;
	const char *keyText = NULL;
	JwtKey	   *key = palloc0(sizeof(JwtKey));
	uint32		bit;

	if (!string_member(config, "type", &type, error) ||
		!string_member(config, "key", &keyText, error))
		return false;
	if (type == NULL || keyText == NULL)
	{
		*error = psprintf("give \"type\" and \"key\", or \"jwks\"");
		return false;
	}
	bit = gql_jwt_alg_bit(type);
	if (bit == 0)
	{
		*error = psprintf("\"type\" %s is not supported: use one of HS256, HS384, HS512, "
						  "RS256, RS384, RS512, ES256, ES384, ES512", type);
		return false;
	}
	if (bit & HS_ALGS)
	{
		key->material = (const unsigned char *) keyText;
		key->materialLen = strlen(keyText);
		key->algs = bit;
		if (key->materialLen < gql_jwt_hmac_min_key(bit))
		{
			*error = psprintf("an %s key must have at least %d bytes (it has %d)",
							  type, gql_jwt_hmac_min_key(bit), key->materialLen);
			return false;
		}
	}
	else
	{
		if (!gql_jwt_read_pem_key(keyText, key, error))
			return false;
		if ((key->algs & bit) == 0)
		{
			*error = psprintf("\"key\" is not a key for %s", type);
			return false;
		}
		key->algs = bit;
	}
	cfg->nkeys = 1;
	cfg->keys = key;
	return true;
}

/* "jwks": a JWKS document, {"keys": [...]}. */
static bool
read_jwks(const JtNode *jwks, JwtConfig *cfg, char **error)
{
	JtNode	   *keys = jt_get(jwks, "keys");

	if (keys == NULL || keys->type != JT_ARRAY)
	{
		*error = psprintf("\"jwks\" must be an object with a \"keys\" array");
		return false;
	}
	cfg->jwks = true;
	cfg->keys = palloc0(Max(keys->count, 1) * sizeof(JwtKey));
	for (int i = 0; i < keys->count; i++)
	{
		JwtKey	   *key = &cfg->keys[cfg->nkeys];

		if (!gql_jwt_read_jwk(keys->items[i], key, error))
			return false;
		if (key->algs == 0)
			continue;
		for (int j = 0; j < cfg->nkeys; j++)
			if (key->kid != NULL && cfg->keys[j].kid != NULL && strcmp(key->kid, cfg->keys[j].kid) == 0)
			{
				*error = psprintf("two JWKs have the kid \"%s\"", key->kid);
				return false;
			}
		cfg->nkeys++;
	}
	if (cfg->nkeys == 0)
	{
		*error = psprintf("\"jwks\" has no key for signatures with RS*, ES* or HS*");
		return false;
	}
	return true;
}

/*
 * A JWKS document fetched from a jwk_url, as a JwtConfig holding only its
 * keys (palloc'd in the current context), or NULL with *error set.
 */
JwtConfig *
gql_jwt_read_jwks_text(const char *text, char **error)
{
	JtNode	   *doc = jt_parse_ext(text, strlen(text), true, error);
	JwtConfig  *cfg = palloc0(sizeof(JwtConfig));

	if (doc == NULL)
	{
		*error = psprintf("it is not JSON: %s", *error);
		return NULL;
	}
	if (doc->type != JT_OBJECT || !read_jwks(doc, cfg, error))
	{
		if (doc->type != JT_OBJECT)
			*error = psprintf("it is not a JSON object");
		return NULL;
	}

	/*
	 * A document served at a URL is public: an HMAC ("oct") key in it would
	 * let anyone sign tokens.  Such keys are dropped.
	 */
	{
		uint32		hmac = gql_jwt_alg_bit("HS256") | gql_jwt_alg_bit("HS384") | gql_jwt_alg_bit("HS512");
		int			kept = 0;

		for (int i = 0; i < cfg->nkeys; i++)
			if ((cfg->keys[i].algs & hmac) == 0)
				cfg->keys[kept++] = cfg->keys[i];
		cfg->nkeys = kept;
		if (kept == 0)
		{
			*error = psprintf("it has no public key (its HMAC keys, public at a URL, are not used)");
			return NULL;
		}
	}
	return cfg;
}

/* A value of claims_map: a literal, or {"path": "$...", "default": ...}. */
static bool
check_claims_map(const JtNode *map, char **error)
{
	if (map->type != JT_OBJECT)
	{
		*error = psprintf("\"claims_map\" must be an object");
		return false;
	}
	for (int i = 0; i < map->count; i++)
	{
		JtNode	   *v = map->items[i];
		JtNode	   *path = jt_get(v, "path");

		if (pg_strncasecmp(map->keys[i], "x-hasura-", 9) != 0)
		{
			*error = psprintf("\"claims_map\" key \"%s\" is not an x-hasura-* session variable",
							  map->keys[i]);
			return false;
		}
		if (v->type != JT_OBJECT)
			continue;
		if (path == NULL || path->type != JT_STRING)
		{
			*error = psprintf("\"claims_map\" entry \"%s\" needs a \"path\" string", map->keys[i]);
			return false;
		}
		for (int k = 0; k < v->count; k++)
			if (strcmp(v->keys[k], "path") != 0 && strcmp(v->keys[k], "default") != 0)
			{
				*error = psprintf("\"claims_map\" entry \"%s\" has the unknown key \"%s\"",
								  map->keys[i], v->keys[k]);
				return false;
			}
		jt_path(NULL, path->str, error);
		if (*error != NULL)
			return false;
	}
	return true;
}

/* "audience": a string or a list of strings. */
static bool
read_audience(const JtNode *aud, JwtConfig *cfg, char **error)
{
	if (aud == NULL || aud->type == JT_NULL)
		return true;
	if (aud->type == JT_STRING)
	{
		cfg->naudience = 1;
		cfg->audience = palloc(sizeof(char *));
		cfg->audience[0] = aud->str;
		return true;
	}
	if (aud->type != JT_ARRAY || aud->count == 0)
	{
		*error = psprintf("\"audience\" must be a string or a non-empty list of strings");
		return false;
	}
	cfg->audience = palloc(aud->count * sizeof(char *));
	for (int i = 0; i < aud->count; i++)
	{
		if (aud->items[i]->type != JT_STRING)
		{
			*error = psprintf("\"audience\" must be a string or a non-empty list of strings");
			return false;
		}
		cfg->audience[cfg->naudience++] = aud->items[i]->str;
	}
	return true;
}

/* Parse and check the whole configuration, in palloc'd memory. */
static JwtConfig *
read_config(const char *text, char **error)
{
	static const char *const known[] = {"type", "key", "jwks", "jwk_url", "claims_namespace",
		"claims_namespace_path", "claims_format", "claims_map", "audience", "issuer",
	"allowed_skew", "header"};
	JtNode	   *config = jt_parse_ext(text, strlen(text), true, error);
	JwtConfig  *cfg = palloc0(sizeof(JwtConfig));
	JtNode	   *v;
	const char *format = NULL;

	if (config == NULL)
	{
		*error = psprintf("it is not JSON: %s", *error);	/* quoting none of it */
		return NULL;
	}
	if (config->type != JT_OBJECT)
	{
		*error = psprintf("it must be a JSON object");
		return NULL;
	}
	for (int i = 0; i < config->count; i++)
	{
		size_t		k;

		for (k = 0; k < lengthof(known); k++)
			if (strcmp(config->keys[i], known[k]) == 0)
				break;
		if (k == lengthof(known))
		{
			*error = psprintf("unknown key \"%s\"", config->keys[i]);
			return NULL;
		}
	}
	v = jt_get(config, "jwks");
	if ((v != NULL) + (jt_get(config, "jwk_url") != NULL) +
		(jt_get(config, "type") != NULL || jt_get(config, "key") != NULL) > 1)
	{
		*error = psprintf("give one of \"jwks\", \"jwk_url\", or \"type\" and \"key\"");
		return NULL;
	}
	if (jt_get(config, "jwk_url") != NULL)
	{
		/* the keys are fetched by the worker of jwks_fetch.c */
		if (!string_member(config, "jwk_url", &cfg->jwkUrl, error))
			return NULL;
		if (strncmp(cfg->jwkUrl, "https://", 8) != 0 &&
			strncmp(cfg->jwkUrl, "http://127.0.0.1", 16) != 0 &&
			strncmp(cfg->jwkUrl, "http://localhost", 16) != 0 &&
			strncmp(cfg->jwkUrl, "http://[::1]", 12) != 0)
		{
			*error = psprintf("\"jwk_url\" must be an https URL (or http to this machine's "
							  "loopback address)");
			return NULL;
		}
		if (strlen(cfg->jwkUrl) >= 1024)
		{
			*error = psprintf("\"jwk_url\" is longer than 1023 bytes");
			return NULL;
		}
		cfg->jwks = true;
	}
	else if (v != NULL ? !read_jwks(v, cfg, error) : !read_type_key(config, cfg, error))
		return NULL;

	cfg->claimsNamespace = "https://hasura.io/jwt/claims";
	if (!string_member(config, "claims_namespace", &cfg->claimsNamespace, error) ||
		!string_member(config, "claims_namespace_path", &cfg->claimsNamespacePath, error) ||
		!string_member(config, "claims_format", &format, error) ||
		!string_member(config, "issuer", &cfg->issuer, error) ||
		!read_audience(jt_get(config, "audience"), cfg, error))
		return NULL;
	if (cfg->claimsNamespacePath != NULL && jt_get(config, "claims_namespace") != NULL)
	{
		*error = psprintf("\"claims_namespace\" and \"claims_namespace_path\" exclude each other");
		return NULL;
	}
	if (cfg->claimsNamespacePath != NULL)
	{
		jt_path(NULL, cfg->claimsNamespacePath, error);
		if (*error != NULL)
			return NULL;
	}
	if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "stringified_json") != 0)
	{
		*error = psprintf("\"claims_format\" must be \"json\" or \"stringified_json\"");
		return NULL;
	}
	cfg->stringified = format != NULL && strcmp(format, "stringified_json") == 0;

	v = jt_get(config, "claims_map");
	if (v != NULL && v->type != JT_NULL)
	{
		StringInfoData map;

		if (!check_claims_map(v, error))
			return NULL;
		initStringInfo(&map);
		jt_append(&map, v);
		cfg->claimsMap = map.data;
	}

	v = jt_get(config, "allowed_skew");
	if (v != NULL && v->type != JT_NULL)
	{
		char	   *end;
		double		skew = v->type == JT_NUMBER ? strtod(v->str, &end) : -1;

		if (skew < 0 || skew > INT_MAX || skew != (int) skew)
		{
			*error = psprintf("\"allowed_skew\" must be a whole number of seconds, 0 or more");
			return NULL;
		}
		cfg->allowedSkew = (int) skew;
	}

	v = jt_get(config, "header");
	if (v != NULL && v->type != JT_NULL)
	{
		JtNode	   *type = jt_get(v, "type");

		if (v->type != JT_OBJECT || type == NULL || type->type != JT_STRING ||
			strcmp(type->str, "Authorization") != 0 || v->count != 1)
		{
			*error = psprintf("\"header\" can only be {\"type\": \"Authorization\"}: "
							  "the token comes from the authorization header of request.headers");
			return NULL;
		}
	}
	return cfg;
}

/* ----------------------------------------------------------------
 * One malloc'd block for the configuration (the GUC "extra")
 * ----------------------------------------------------------------
 */

typedef struct Packer
{
	char	   *base;			/* NULL while measuring */
	Size		used;
} Packer;

static void *
pack_alloc(Packer *pk, Size size)
{
	void	   *p = pk->base ? pk->base + pk->used : NULL;

	pk->used += MAXALIGN(size);
	return p;
}

static const void *
pack_copy(Packer *pk, const void *src, Size size)
{
	void	   *p;

	if (src == NULL)
		return NULL;
	p = pack_alloc(pk, size);
	if (p != NULL)
		memcpy(p, src, size);
	return p;
}

static const char *
pack_string(Packer *pk, const char *s)
{
	return s ? pack_copy(pk, s, strlen(s) + 1) : NULL;
}

/* Copy cfg into pk (or measure it, when pk->base is NULL). */
static JwtConfig *
pack_config(Packer *pk, const JwtConfig *cfg)
{
	JwtConfig  *c = pack_alloc(pk, sizeof(JwtConfig));
	JwtKey	   *keys = pack_alloc(pk, cfg->nkeys * sizeof(JwtKey));
	const char **audience = pack_alloc(pk, cfg->naudience * sizeof(char *));
	const char *ns = pack_string(pk, cfg->claimsNamespace);
	const char *nsPath = pack_string(pk, cfg->claimsNamespacePath);
	const char *map = pack_string(pk, cfg->claimsMap);
	const char *issuer = pack_string(pk, cfg->issuer);
	const char *jwkUrl = pack_string(pk, cfg->jwkUrl);

	for (int i = 0; i < cfg->nkeys; i++)
	{
		const char *kid = pack_string(pk, cfg->keys[i].kid);
		const unsigned char *material = pack_copy(pk, cfg->keys[i].material,
												  cfg->keys[i].materialLen + 1);

		if (keys != NULL)
		{
			keys[i] = cfg->keys[i];
			keys[i].kid = kid;
			keys[i].material = material;
		}
	}
	for (int i = 0; i < cfg->naudience; i++)
	{
		const char *aud = pack_string(pk, cfg->audience[i]);

		if (audience != NULL)
			audience[i] = aud;
	}
	if (c != NULL)
	{
		*c = *cfg;
		c->keys = keys;
		c->audience = audience;
		c->claimsNamespace = ns;
		c->claimsNamespacePath = nsPath;
		c->claimsMap = map;
		c->issuer = issuer;
		c->jwkUrl = jwkUrl;
	}
	return c;
}

/* ----------------------------------------------------------------
 * The settings
 * ----------------------------------------------------------------
 */

/*
 * A value was refused.  One from the configuration files (at start or on a
 * reload) denies every request until a value is accepted: PostgreSQL would
 * keep the previous key in the sessions already open while new sessions
 * have none, and a key being replaced may be one that must no longer be
 * trusted.  One from elsewhere (a superuser's SET, a per-role value) leaves
 * the configuration in force; if there is none (PostgREST mode, or nothing
 * could be read yet), every request is denied rather than answered with
 * the caller's claims trusted.
 */
static void
refused(GucSource source)
{
	if (source == PGC_S_FILE || gql_jwt_config == NULL)
		gql_jwt_config_rejected = true;
}

static bool
check_jwt_secret(char **newval, void **extra, GucSource source)
{
	MemoryContext tmp;
	MemoryContext old;
	JwtConfig  *cfg;
	char	   *error = NULL;
	Packer		pk = {NULL, 0};

	*extra = NULL;
	if (*newval == NULL || (*newval)[0] == '\0')
		return true;
	if (source == PGC_S_TEST || source == PGC_S_DATABASE || source == PGC_S_USER ||
		source == PGC_S_DATABASE_USER)
	{
		GUC_check_errmsg("invalid value for parameter \"graphql.jwt_secret\"");
		GUC_check_errdetail("graphql.jwt_secret cannot be stored per role, per database or per "
							"function, where other roles could read it; set it in postgresql.conf "
							"or with ALTER SYSTEM.");
		if (source != PGC_S_TEST)
			refused(source);
		return false;
	}

	tmp = AllocSetContextCreate(CurrentMemoryContext, "graphql.jwt_secret", ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(tmp);
	cfg = read_config(*newval, &error);
	if (cfg != NULL)
	{
		pack_config(&pk, cfg);
		pk.base = malloc(pk.used);
		if (pk.base == NULL)
			error = psprintf("out of memory");
		else
		{
			pk.used = 0;
			*extra = pack_config(&pk, cfg);
		}
	}
	MemoryContextSwitchTo(old);
	if (*extra == NULL)
	{
		GUC_check_errmsg("invalid value for parameter \"graphql.jwt_secret\"");
		GUC_check_errdetail("graphql.jwt_secret: %s.", error);
		if (source != PGC_S_TEST)
			refused(source);
	}
	MemoryContextDelete(tmp);
	return *extra != NULL;
}

/* graphql.admin_secret: like graphql.jwt_secret, only in the configuration files. */
static bool
check_admin_secret(char **newval, void **extra, GucSource source)
{
	if (*newval == NULL || (*newval)[0] == '\0')
		return true;
	if (source == PGC_S_TEST || source == PGC_S_DATABASE || source == PGC_S_USER ||
		source == PGC_S_DATABASE_USER)
	{
		GUC_check_errmsg("invalid value for parameter \"graphql.admin_secret\"");
		GUC_check_errdetail("graphql.admin_secret cannot be stored per role, per database or per "
							"function, where other roles could read it; set it in postgresql.conf "
							"or with ALTER SYSTEM.");
		return false;
	}
	return true;
}

static void
assign_jwt_secret(const char *newval, void *extra)
{
	gql_jwt_config = extra;
	gql_jwt_config_rejected = false;
}

/*
 * Define the settings of JWT mode.  A client's connection option given
 * before the library was loaded is refused when the settings are defined
 * (they are superuser-only), but it has replaced the configured value: the
 * configuration files' value is applied again, and if there is none to
 * read, graphql.jwt_secret denies every request of the session rather than
 * answer in PostgREST mode (settings.c).
 */
void
gql_auth_init(void)
{
	bool		secretTampered = gql_setting_tampered("graphql.jwt_secret");
	bool		anonTampered = gql_setting_tampered("graphql.anon_role");
	bool		adminTampered = gql_setting_tampered("graphql.admin_secret");
	char	   *value;

	DefineCustomStringVariable("graphql.jwt_secret",
							   "Hasura's JWT configuration JSON: verify tokens in the database.",
							   "Empty: the front verifies tokens (PostgREST mode).",
							   &jwt_secret_text, "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NOT_IN_SAMPLE | GUC_NO_SHOW_ALL,
							   check_jwt_secret, assign_jwt_secret, NULL);
	DefineCustomStringVariable("graphql.admin_secret",
							   "Hasura's admin secret: a request with it in x-hasura-admin-secret "
							   "runs as the caller, or any role of the caller it names.",
							   "Empty: no request is an admin request.",
							   &gql_admin_secret, "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NOT_IN_SAMPLE | GUC_NO_SHOW_ALL,
							   check_admin_secret, NULL, NULL);
	DefineCustomStringVariable("graphql.anon_role",
							   "The role of requests without a token, in JWT mode.",
							   "Empty: such requests are denied.",
							   &gql_anon_role, "",
							   PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("graphql.allow_privileged_roles",
							 "Lets tokens name superuser roles and roles that bypass row-level security.",
							 "Off: such a token is refused (access-denied).",
							 &gql_allow_privileged_roles, false,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("graphql.session_variables",
							   "The session variables of the request being answered in JWT mode.",
							   "Set by graphql.resolve for the duration of a request; "
							   "read by graphql.session_var.",
							   &gql_session_variables, "",
							   PGC_SUSET, GUC_NOT_IN_SAMPLE | GUC_DISALLOW_IN_FILE | GUC_NO_RESET_ALL,
							   NULL, NULL, NULL);
	if (secretTampered)
	{
		value = gql_setting_from_files("graphql.jwt_secret");
		if (value != NULL)
			(void) set_config_option("graphql.jwt_secret", value, PGC_SIGHUP, PGC_S_FILE,
									 GUC_ACTION_SET, true, WARNING, false);
		else
			gql_jwt_config_rejected = true;
	}
	/* a client's value was refused: the files' value, or none */
	if (adminTampered && (value = gql_setting_from_files("graphql.admin_secret")) != NULL)
		(void) set_config_option("graphql.admin_secret", value, PGC_SIGHUP, PGC_S_FILE,
								 GUC_ACTION_SET, true, WARNING, false);
	if (anonTampered && (value = gql_setting_from_files("graphql.anon_role")) != NULL)
		(void) set_config_option("graphql.anon_role", value, PGC_SIGHUP, PGC_S_FILE,
								 GUC_ACTION_SET, true, WARNING, false);
}
