/*-------------------------------------------------------------------------
 *
 * jwt_keys.h
 *	  JWT verification keys from PEM and JWK texts (jwt_keys.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_JWT_KEYS_H
#define GRAPHQL_JWT_KEYS_H

#include "auth.h"
#include "json_tree.h"

/* Sets of algorithms, as bits of jwt_alg_t */
#define ALG_BIT(alg) ((uint32) 1 << (alg))
#define RS_ALGS (ALG_BIT(JWT_ALG_RS256) | ALG_BIT(JWT_ALG_RS384) | ALG_BIT(JWT_ALG_RS512))
#define HS_ALGS (ALG_BIT(JWT_ALG_HS256) | ALG_BIT(JWT_ALG_HS384) | ALG_BIT(JWT_ALG_HS512))

extern uint32 gql_jwt_alg_bit(const char *name);
extern int	gql_jwt_hmac_min_key(uint32 algs);
extern bool gql_jwt_read_pem_key(const char *text, JwtKey *key, char **error);
extern bool gql_jwt_read_jwk(const JtNode *jwk, JwtKey *key, char **error);

#endif							/* GRAPHQL_JWT_KEYS_H */
