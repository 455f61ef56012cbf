/*-------------------------------------------------------------------------
 *
 * auth.h
 *	  JWT authentication: the graphql.jwt_secret configuration (jwt_config.c)
 *	  and the verification of a request's token, the choice of its role and
 *	  the switch to it (auth.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_AUTH_H
#define GRAPHQL_AUTH_H

#include <jwt.h>

#include "nodes/pg_list.h"

/* A key that verifies tokens: an HMAC secret or a PEM public key. */
typedef struct JwtKey
{
	const char *kid;			/* the JWKS key id, or NULL */
	uint32		algs;			/* bit (1 << jwt_alg_t) of each algorithm it verifies */
	const unsigned char *material;	/* the secret, or the key as PEM text */
	int			materialLen;
} JwtKey;

/* graphql.jwt_secret, parsed and checked (one malloc'd block). */
typedef struct JwtConfig
{
	bool		jwks;			/* keys from a JWKS document: chosen by kid */
	int			nkeys;
	JwtKey	   *keys;
	const char *claimsNamespace;
	const char *claimsNamespacePath;	/* or NULL */
	bool		stringified;	/* claims_format stringified_json */
	const char *claimsMap;		/* claims_map as JSON text, or NULL */
	int			naudience;
	const char **audience;
	const char *issuer;			/* or NULL */
	int			allowedSkew;	/* seconds */
	const char *jwkUrl;			/* jwk_url: the keys are fetched (jwks_fetch.c), or NULL */
} JwtConfig;

/* The identity and settings a request ran with, restored by gql_auth_end. */
typedef struct AuthState
{
	bool		switched;
	Oid			savedUser;
	int			savedSecContext;
	int			gucNestLevel;
} AuthState;


/* session.c */
extern void gql_missing_session_var(const char *name);
extern char *gql_session_var_value(const char *name);

/* jwt_config.c */
extern const JwtConfig *gql_jwt_config;	/* NULL: PostgREST mode */
extern bool gql_jwt_config_rejected;
extern char *gql_anon_role;
extern char *gql_admin_secret;
extern char *gql_session_variables;
extern bool gql_allow_privileged_roles;
extern JwtConfig *gql_jwt_read_jwks_text(const char *text, char **error);

/* jwks_fetch.c: the keys of a jwk_url */
extern void gql_jwks_init(void);
extern const JwtConfig *gql_jwks_current(char **error);
extern void gql_jwks_request_refresh(void);
extern void gql_auth_init(void);
extern jwt_alg_t gql_jwt_alg(const char *name);
extern unsigned char *gql_base64url_decode(const char *in, int len, int *outLen);

/* session.c */
extern char *gql_session_json(void);

/* auth.c */
extern bool gql_auth_begin(AuthState *state, List **errors);
extern void gql_auth_end(AuthState *state, bool success);

#endif							/* GRAPHQL_AUTH_H */
