/*-------------------------------------------------------------------------
 *
 * jwt_keys.c
 *	  JWT verification keys from their texts: base64url, PEM keys and X.509
 *	  certificates, and JWKs (RSA, EC, HMAC), each reduced to what libjwt
 *	  1.10 verifies with (PEM of a public key, or an HMAC secret) and the
 *	  algorithms it may verify.
 *
 * In:  a PEM text, or one key of a JWKS document (jwt_config.c reads
 *		graphql.jwt_secret, jwks_fetch.c a fetched jwk_url).
 * Out: a JwtKey (auth.h), or a message that never quotes the key.  Nothing
 *		here raises an ERROR: GUC check hooks call it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "auth.h"
#include "json_tree.h"
#include "jwt_keys.h"

/* ----------------------------------------------------------------
 * base64url
 * ----------------------------------------------------------------
 */

static int
b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/*
 * Decode base64url text (RFC 4648 section 5, no padding, as JWS and JWK
 * use it).  Returns palloc'd bytes with a terminating zero not counted in
 * *outLen, or NULL if the text is not base64url.
 */
unsigned char *
gql_base64url_decode(const char *in, int len, int *outLen)
{
	unsigned char *out = palloc(len * 3 / 4 + 3);
	uint32		acc = 0;
	int			bits = 0;
	int			n = 0;

	if (len % 4 == 1)
		return NULL;
	for (int i = 0; i < len; i++)
	{
		int			v = b64url_value(in[i]);

		if (v < 0)
			return NULL;
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8)
		{
			bits -= 8;
			out[n++] = (acc >> bits) & 0xFF;
		}
	}
	/* the unused low bits of the last character must be zero */
	if ((acc & ((1 << bits) - 1)) != 0)
		return NULL;
	out[n] = '\0';
	*outLen = n;
	return out;
}

/* ----------------------------------------------------------------
 * Keys, with OpenSSL
 * ----------------------------------------------------------------
 */

/* The key as PEM text (SubjectPublicKeyInfo), palloc'd. */
static unsigned char *
pem_of(EVP_PKEY *pkey, int *len)
{
	BIO		   *bio = BIO_new(BIO_s_mem());
	unsigned char *result = NULL;
	char	   *data;
	long		n;

	if (bio != NULL && PEM_write_bio_PUBKEY(bio, pkey) == 1)
	{
		n = BIO_get_mem_data(bio, &data);
		result = palloc(n + 1);
		memcpy(result, data, n);
		result[n] = '\0';
		*len = n;
	}
	BIO_free(bio);
	return result;
}

/*
 * The algorithms a public key verifies: RS256/384/512 for an RSA key of at
 * least 2048 bits, the one ES algorithm of an EC key's curve.  0 with
 * *error set for any other key.
 */
static uint32
algs_of_key(EVP_PKEY *pkey, char **error)
{
	char		curve[64];
	size_t		curveLen;

	if (EVP_PKEY_is_a(pkey, "RSA"))
	{
		if (EVP_PKEY_get_bits(pkey) < 2048)
		{
			*error = psprintf("the RSA key has %d bits; at least 2048 are required",
							  EVP_PKEY_get_bits(pkey));
			return 0;
		}
		return RS_ALGS;
	}
	if (EVP_PKEY_is_a(pkey, "EC") &&
		EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME,
									   curve, sizeof(curve), &curveLen) == 1)
	{
		if (strcmp(curve, "prime256v1") == 0)
			return ALG_BIT(JWT_ALG_ES256);
		if (strcmp(curve, "secp384r1") == 0)
			return ALG_BIT(JWT_ALG_ES384);
		if (strcmp(curve, "secp521r1") == 0)
			return ALG_BIT(JWT_ALG_ES512);
		*error = psprintf("the EC key's curve %s is not one of P-256, P-384, P-521", curve);
		return 0;
	}
	*error = psprintf("the key is neither an RSA nor an EC public key");
	return 0;
}

/*
 * Read a PEM public key or X.509 certificate; set the key's PEM form and
 * the algorithms it verifies.
 */
bool
gql_jwt_read_pem_key(const char *text, JwtKey *key, char **error)
{
	BIO		   *bio = BIO_new_mem_buf(text, -1);
	EVP_PKEY   *pkey = NULL;
	X509	   *cert = NULL;
	bool		ok = false;

	if (bio == NULL)
	{
		*error = psprintf("out of memory");
		return false;
	}
	if (strstr(text, "-----BEGIN CERTIFICATE-----") != NULL)
	{
		cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		if (cert != NULL)
		{
			pkey = X509_get_pubkey(cert);
			X509_free(cert);
		}
	}
	else
		pkey = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	ERR_clear_error();
	if (pkey == NULL)
	{
		*error = psprintf("\"key\" is not a PEM public key or X.509 certificate");
		return false;
	}
	key->algs = algs_of_key(pkey, error);
	if (key->algs != 0)
	{
		key->material = pem_of(pkey, &key->materialLen);
		ok = key->material != NULL;
		if (!ok)
			*error = psprintf("the public key could not be written as PEM");
	}
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	return ok;
}

/* A base64url member of a JWK as bytes, or NULL with *error set. */
static unsigned char *
jwk_bytes(const JtNode *jwk, const char *member, int *len, char **error)
{
	JtNode	   *v = jt_get(jwk, member);
	unsigned char *bytes;

	if (v == NULL || v->type != JT_STRING)
	{
		*error = psprintf("a JWK has no \"%s\" string", member);
		return NULL;
	}
	bytes = gql_base64url_decode(v->str, strlen(v->str), len);
	if (bytes == NULL || *len == 0)
		*error = psprintf("a JWK's \"%s\" is not base64url", member);
	return bytes;
}

/* Build an OpenSSL public key from parameters; NULL if OpenSSL refuses them. */
static EVP_PKEY *
pkey_from_params(const char *type, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = bld ? OSSL_PARAM_BLD_to_param(bld) : NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY   *pkey = NULL;

	if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
		EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pkey;
}

/* An RSA JWK (n, e) as an OpenSSL key. */
static EVP_PKEY *
rsa_jwk(const JtNode *jwk, char **error)
{
	int			nLen,
				eLen;
	unsigned char *n = jwk_bytes(jwk, "n", &nLen, error);
	unsigned char *e = n ? jwk_bytes(jwk, "e", &eLen, error) : NULL;
	BIGNUM	   *bn = NULL,
			   *be = NULL;
	OSSL_PARAM_BLD *bld;
	EVP_PKEY   *pkey = NULL;

	if (e == NULL)
		return NULL;
	bld = OSSL_PARAM_BLD_new();
	bn = BN_bin2bn(n, nLen, NULL);
	be = BN_bin2bn(e, eLen, NULL);
	if (bld != NULL && bn != NULL && be != NULL &&
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) == 1 &&
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) == 1)
		pkey = pkey_from_params("RSA", bld);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	if (pkey == NULL)
		*error = psprintf("an RSA JWK's \"n\" and \"e\" are not a valid public key");
	return pkey;
}

/* An EC JWK (crv, x, y) as an OpenSSL key: the point is checked to be on the curve. */
static EVP_PKEY *
ec_jwk(const JtNode *jwk, char **error)
{
	static const struct
	{
		const char *crv;
		const char *group;
		int			size;
	}			curves[] = {{"P-256", "prime256v1", 32}, {"P-384", "secp384r1", 48}, {"P-521", "secp521r1", 66}};
	JtNode	   *crv = jt_get(jwk, "crv");
	size_t		c;
	int			xLen,
				yLen;
	unsigned char *x,
			   *y,
			   *point;
	OSSL_PARAM_BLD *bld;
	EVP_PKEY   *pkey = NULL;

	for (c = 0; c < lengthof(curves); c++)
		if (crv != NULL && crv->type == JT_STRING && strcmp(crv->str, curves[c].crv) == 0)
			break;
	if (c == lengthof(curves))
	{
		*error = psprintf("an EC JWK's \"crv\" is not one of P-256, P-384, P-521");
		return NULL;
	}
	x = jwk_bytes(jwk, "x", &xLen, error);
	y = x ? jwk_bytes(jwk, "y", &yLen, error) : NULL;
	if (y == NULL)
		return NULL;
	if (xLen != curves[c].size || yLen != curves[c].size)
	{
		*error = psprintf("an EC JWK's \"x\" and \"y\" must have %d bytes each for %s",
						  curves[c].size, curves[c].crv);
		return NULL;
	}
	/* the uncompressed point: 0x04, x, y */
	point = palloc(1 + 2 * curves[c].size);
	point[0] = 0x04;
	memcpy(point + 1, x, xLen);
	memcpy(point + 1 + xLen, y, yLen);
	bld = OSSL_PARAM_BLD_new();
	if (bld != NULL &&
		OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, curves[c].group, 0) == 1 &&
		OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, 1 + 2 * curves[c].size) == 1)
		pkey = pkey_from_params("EC", bld);
	OSSL_PARAM_BLD_free(bld);
	if (pkey == NULL)
		*error = psprintf("an EC JWK's \"x\" and \"y\" are not a point of %s", curves[c].crv);
	return pkey;
}

/* The signature algorithm of a JWS "alg" name; JWT_ALG_INVAL for others, "none" included. */
jwt_alg_t
gql_jwt_alg(const char *name)
{
	static const char *const names[] = {
		[JWT_ALG_HS256] = "HS256", [JWT_ALG_HS384] = "HS384", [JWT_ALG_HS512] = "HS512",
		[JWT_ALG_RS256] = "RS256", [JWT_ALG_RS384] = "RS384", [JWT_ALG_RS512] = "RS512",
		[JWT_ALG_ES256] = "ES256", [JWT_ALG_ES384] = "ES384", [JWT_ALG_ES512] = "ES512",
	};

	for (int alg = JWT_ALG_HS256; alg < JWT_ALG_TERM; alg++)
		if (strcmp(names[alg], name) == 0)
			return (jwt_alg_t) alg;
	return JWT_ALG_INVAL;
}

/* The bit of the algorithm named, or 0. */
uint32
gql_jwt_alg_bit(const char *name)
{
	jwt_alg_t	alg = gql_jwt_alg(name);

	return alg == JWT_ALG_INVAL ? 0 : ALG_BIT(alg);
}

/* Bytes of the digest of an HMAC algorithm: its shortest key (RFC 7518 3.2). */
int
gql_jwt_hmac_min_key(uint32 algs)
{
	if (algs & ALG_BIT(JWT_ALG_HS256))
		return 32;
	if (algs & ALG_BIT(JWT_ALG_HS384))
		return 48;
	return 64;
}

/*
 * One key of a JWKS document.  Returns false with *error set for a key
 * that is wrong; true with key->algs 0 for a key that is skipped (not for
 * signatures, or of a type libjwt cannot verify).
 */
bool
gql_jwt_read_jwk(const JtNode *jwk, JwtKey *key, char **error)
{
	JtNode	   *kty = jt_get(jwk, "kty");
	JtNode	   *kid = jt_get(jwk, "kid");
	JtNode	   *use = jt_get(jwk, "use");
	JtNode	   *alg = jt_get(jwk, "alg");
	EVP_PKEY   *pkey = NULL;
	uint32		named = 0;

	memset(key, 0, sizeof(JwtKey));
	if (jwk->type != JT_OBJECT || kty == NULL || kty->type != JT_STRING)
	{
		*error = psprintf("each of \"jwks\".\"keys\" must be an object with a \"kty\" string");
		return false;
	}
	if (kid != NULL && kid->type != JT_STRING)
	{
		*error = psprintf("a JWK's \"kid\" must be a string");
		return false;
	}
	key->kid = kid ? kid->str : NULL;
	if (use != NULL && (use->type != JT_STRING || strcmp(use->str, "sig") != 0))
		return true;
	if (alg != NULL)
	{
		if (alg->type != JT_STRING)
		{
			*error = psprintf("a JWK's \"alg\" must be a string");
			return false;
		}
		named = gql_jwt_alg_bit(alg->str);
		if (named == 0)
			return true;		/* PS256, EdDSA, ...: not verifiable here */
	}
	if (strcmp(kty->str, "oct") == 0)
	{
		key->material = jwk_bytes(jwk, "k", &key->materialLen, error);
		if (key->material == NULL)
			return false;
		key->algs = named ? named : HS_ALGS;
		if ((key->algs & HS_ALGS) == 0)
		{
			*error = psprintf("an \"oct\" JWK's \"alg\" must be HS256, HS384 or HS512");
			return false;
		}
		if (key->materialLen < gql_jwt_hmac_min_key(key->algs))
		{
			*error = psprintf("an \"oct\" JWK has %d bytes; HMAC keys need at least %d",
							  key->materialLen, gql_jwt_hmac_min_key(key->algs));
			return false;
		}
		return true;
	}
	if (strcmp(kty->str, "RSA") == 0)
		pkey = rsa_jwk(jwk, error);
	else if (strcmp(kty->str, "EC") == 0)
		pkey = ec_jwk(jwk, error);
	else
		return true;			/* OKP and others: skipped */
	ERR_clear_error();
	if (pkey == NULL)
		return false;
	key->algs = algs_of_key(pkey, error);
	if (key->algs != 0 && named != 0)
	{
		if ((key->algs & named) == 0)
		{
			*error = psprintf("a JWK's \"alg\" %s does not fit its key", alg->str);
			key->algs = 0;
		}
		else
			key->algs = named;
	}
	if (key->algs != 0)
		key->material = pem_of(pkey, &key->materialLen);
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	return key->algs != 0 && key->material != NULL;
}
