#!/usr/bin/env python3
"""Mint the JWT test fixtures for the graphql extension's JWT verification.

What it does:
  * creates (on first run) or reuses the private keys in test/jwt/keys/*.pem
    (RSA 2048 keys A and B, EC P-256 / P-384 / P-521), so re-running only
    re-signs the tokens;
  * signs a set of good and deliberately bad JWTs (HS*, RS*, ES*, alg "none",
    tampered payloads, wrong keys, claim variants, JWKS kid cases);
  * verifies every signature it produced with `cryptography`;
  * writes test/jwt/fixtures.sql: psql `\\set name 'value'` lines holding the
    tokens, public PEMs, a self-signed certificate, HMAC secrets and JWKs.

Run from the repository root:

    python3 test/jwt/make_tokens.py

Then load the fixtures in a regression test with `\\i test/jwt/fixtures.sql`
(or the matching relative path) and use them as :'tok_hs256', :'rsa_a_pub', ...

Only the standard library and `cryptography` (>= 38, as in Debian 12) are used.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import sys

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509.oid import NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
KEYDIR = os.path.join(HERE, "keys")
OUT = os.path.join(HERE, "fixtures.sql")

NS = "https://hasura.io/jwt/claims"

# Fixed HMAC secrets (ASCII, lengths checked below).
SECRETS = {
    "hs256_secret": "graphql-test-hs256-secret-32char",
    "hs384_secret": "graphql-test-hs384-secret-of-exactly-48-chars-ok",
    "hs512_secret": "graphql-test-hs512-secret-which-is-exactly-sixty-four-chars-long",
    "hs256_other_secret": "another-hs256-secret-of-32-chars",
    "hs256_short_secret": "too-short-hs256-secret-31-chars",
}
SECRET_LENGTHS = {
    "hs256_secret": 32,
    "hs384_secret": 48,
    "hs512_secret": 64,
    "hs256_other_secret": 32,
    "hs256_short_secret": 31,
}

HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
HASHLIB = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}
EC_CURVES = {  # name -> (curve class, coordinate byte size, JWK crv)
    "ec256": (ec.SECP256R1, 32, "P-256"),
    "ec384": (ec.SECP384R1, 48, "P-384"),
    "ec521": (ec.SECP521R1, 66, "P-521"),
}
ES_KEY = {"ES256": "ec256", "ES384": "ec384", "ES512": "ec521"}


# ---------------------------------------------------------------- helpers

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def cjson(obj):
    return json.dumps(obj, separators=(",", ":"))


def int_to_bytes(n, size=None):
    if size is None:
        size = max(1, (n.bit_length() + 7) // 8)
    return n.to_bytes(size, "big")


def STD(uid, roles=None, default="regress_graphql_jwt_user"):
    if roles is None:
        roles = ["regress_graphql_jwt_user", "regress_graphql_jwt_editor"]
    return {
        "x-hasura-allowed-roles": roles,
        "x-hasura-default-role": default,
        "x-hasura-user-id": uid,
    }


def BASE(**over):
    c = {"sub": "1", "iat": 1700000000, "exp": 4102444800, NS: STD("1")}
    c.update(over)
    return c


# ---------------------------------------------------------------- keys

def load_or_create(name, make):
    path = os.path.join(KEYDIR, name + ".pem")
    if os.path.exists(path):
        with open(path, "rb") as f:
            return serialization.load_pem_private_key(f.read(), password=None)
    key = make()
    os.makedirs(KEYDIR, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with open(path, "wb") as f:
        f.write(pem)
    return key


def pub_pem(key):
    return key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo,
    ).decode("ascii")


def make_cert(key):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "graphql test")])
    # Serial derived from the key, so re-running gives the same certificate
    # (RSA PKCS#1 v1.5 signatures are deterministic).
    n = key.public_key().public_numbers().n
    serial = int.from_bytes(hashlib.sha256(int_to_bytes(n)).digest()[:16], "big") >> 1
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(datetime.datetime(2020, 1, 1))
        .not_valid_after(datetime.datetime(2120, 1, 1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def jwk_rsa(key, kid):
    nums = key.public_key().public_numbers()
    return {
        "kty": "RSA",
        "kid": kid,
        "use": "sig",
        "alg": "RS256",
        "n": b64url(int_to_bytes(nums.n)),
        "e": b64url(int_to_bytes(nums.e)),
    }


def jwk_ec(key, kid, keyname):
    _, size, crv = EC_CURVES[keyname]
    nums = key.public_key().public_numbers()
    return {
        "kty": "EC",
        "kid": kid,
        "use": "sig",
        "crv": crv,
        "x": b64url(int_to_bytes(nums.x, size)),
        "y": b64url(int_to_bytes(nums.y, size)),
    }


# ---------------------------------------------------------------- signing

def header(alg, kid=None, extra=None):
    h = {"alg": alg, "typ": "JWT"}
    if kid is not None:
        h["kid"] = kid
    if extra:
        h.update(extra)
    return h


def sign(alg, key, signing_input):
    """key: bytes (HS*), RSA private key (RS*), EC private key (ES*)."""
    bits = alg[2:]
    if alg.startswith("HS"):
        return hmac.new(key, signing_input, HASHLIB[bits]).digest()
    if alg.startswith("RS"):
        return key.sign(signing_input, padding.PKCS1v15(), HASHES[bits]())
    if alg.startswith("ES"):
        der = key.sign(signing_input, ec.ECDSA(HASHES[bits]()))
        r, s = utils.decode_dss_signature(der)
        size = EC_CURVES[ES_KEY[alg]][1]
        return int_to_bytes(r, size) + int_to_bytes(s, size)
    raise ValueError(alg)


def mint(alg, key, claims, kid=None, hdr=None):
    h = hdr if hdr is not None else header(alg, kid)
    signing_input = (b64url(cjson(h).encode()) + "." + b64url(cjson(claims).encode())).encode("ascii")
    return signing_input.decode("ascii") + "." + b64url(sign(alg, key, signing_input))


def verify(token, alg, key):
    """Return True if token's signature verifies with key (secret bytes or
    public key) under alg. Independent of how the token was built."""
    h64, p64, s64 = token.split(".")
    signing_input = (h64 + "." + p64).encode("ascii")
    sig = b64url_decode(s64)
    bits = alg[2:]
    if alg.startswith("HS"):
        return hmac.compare_digest(hmac.new(key, signing_input, HASHLIB[bits]).digest(), sig)
    try:
        if alg.startswith("RS"):
            key.verify(sig, signing_input, padding.PKCS1v15(), HASHES[bits]())
        else:
            size = EC_CURVES[ES_KEY[alg]][1]
            if len(sig) != 2 * size:
                return False
            der = utils.encode_dss_signature(
                int.from_bytes(sig[:size], "big"), int.from_bytes(sig[size:], "big"))
            key.verify(der, signing_input, ec.ECDSA(HASHES[bits]()))
        return True
    except InvalidSignature:
        return False


# ---------------------------------------------------------------- main

def main():
    for name, n in SECRET_LENGTHS.items():
        assert len(SECRETS[name]) == n, (name, len(SECRETS[name]))
    sec = {k: v.encode("ascii") for k, v in SECRETS.items()}

    rsa_new = lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys = {
        "rsa_a": load_or_create("rsa_a", rsa_new),
        "rsa_b": load_or_create("rsa_b", rsa_new),
    }
    for kn, (curve, _, _) in EC_CURVES.items():
        keys[kn] = load_or_create(kn, lambda c=curve: ec.generate_private_key(c()))

    values = {}  # insertion-ordered: name -> string
    values.update(SECRETS)
    values["rsa_a_pub"] = pub_pem(keys["rsa_a"])
    values["rsa_b_pub"] = pub_pem(keys["rsa_b"])
    values["rsa_a_cert"] = make_cert(keys["rsa_a"])
    for kn in EC_CURVES:
        values[kn + "_pub"] = pub_pem(keys[kn])
    values["jwk_rsa_a"] = cjson(jwk_rsa(keys["rsa_a"], "a"))
    values["jwk_rsa_b"] = cjson(jwk_rsa(keys["rsa_b"], "b"))
    values["jwk_ec256"] = cjson(jwk_ec(keys["ec256"], "e", "ec256"))
    values["jwk_ec384"] = cjson(jwk_ec(keys["ec384"], "e384", "ec384"))
    values["jwk_ec521"] = cjson(jwk_ec(keys["ec521"], "e521", "ec521"))

    A, B = keys["rsa_a"], keys["rsa_b"]
    hs = sec["hs256_secret"]
    toks = {}
    # (name) -> (alg, verification key) for tokens whose signature must verify
    good = {}
    # (name) -> (alg, key it must NOT verify with)
    bad = {}

    def add(name, alg, key, claims, kid=None, hdr=None, vkey=None):
        toks[name] = mint(alg, key, claims, kid=kid, hdr=hdr)
        if vkey is None:
            vkey = key if alg.startswith("HS") else key.public_key()
        good[name] = (alg, vkey)

    for bits in ("256", "384", "512"):
        add("tok_hs" + bits, "HS" + bits, sec["hs%s_secret" % bits], BASE())
    for bits in ("256", "384", "512"):
        add("tok_rs" + bits, "RS" + bits, A, BASE())
    for bits in ("256", "384", "512"):
        alg = "ES" + bits
        add("tok_es" + bits, alg, keys[ES_KEY[alg]], BASE())

    toks["tok_hs256_bad_sig"] = mint("HS256", sec["hs256_other_secret"], BASE())
    bad["tok_hs256_bad_sig"] = ("HS256", hs)

    h64, _, s64 = toks["tok_hs256"].split(".")
    p2 = BASE()
    p2[NS] = STD("2")
    toks["tok_hs256_tampered"] = h64 + "." + b64url(cjson(p2).encode()) + "." + s64
    bad["tok_hs256_tampered"] = ("HS256", hs)

    toks["tok_none"] = (b64url(cjson({"alg": "none", "typ": "JWT"}).encode()) + "."
                        + b64url(cjson(BASE()).encode()) + ".")

    # HMAC keyed with the RSA public key PEM text (alg confusion attack).
    add("tok_hs256_rsa_confusion", "HS256", values["rsa_a_pub"].encode("ascii"), BASE())

    add("tok_expired", "HS256", hs, BASE(exp=1000000000))
    add("tok_nbf_future", "HS256", hs, BASE(nbf=4000000000))
    add("tok_iat_future", "HS256", hs, BASE(iat=4000000000))
    add("tok_exp_string", "HS256", hs, BASE(exp="4102444800"))
    add("tok_aud_iss", "HS256", hs, BASE(aud="api", iss="https://issuer.example"))
    add("tok_aud_list", "HS256", hs, BASE(aud=["other", "api"], iss="https://issuer.example"))
    add("tok_aud_wrong", "HS256", hs, BASE(aud="not-api", iss="https://issuer.example"))
    add("tok_iss_wrong", "HS256", hs, BASE(aud="api", iss="https://evil.example"))
    add("tok_no_allowed_roles", "HS256", hs, BASE(**{NS: {
        "x-hasura-default-role": "regress_graphql_jwt_user", "x-hasura-user-id": "1"}}))
    add("tok_no_default_role", "HS256", hs, BASE(**{NS: {
        "x-hasura-allowed-roles": ["regress_graphql_jwt_user"], "x-hasura-user-id": "1"}}))
    add("tok_role_claim", "HS256", hs,
        {"sub": "1", "exp": 4102444800, "role": "regress_graphql_jwt_user"})
    add("tok_no_claims", "HS256", hs, {"sub": "1", "exp": 4102444800})
    add("tok_user2", "HS256", hs, BASE(sub="2", **{NS: STD("2")}))
    add("tok_stringified", "RS256", A, {
        "sub": "c0ffee",
        "token_use": "id",
        "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example",
        "aud": "example-client",
        "iat": 1700000000,
        "exp": 4102444800,
        NS: cjson(STD("c0ffee")),
    }, kid="a")
    add("tok_ns_path", "HS256", hs, {"sub": "1", "iat": 1700000000, "exp": 4102444800,
                                     "hasura": {"claims": STD("1")}})
    add("tok_ns_custom", "HS256", hs, {"sub": "1", "iat": 1700000000, "exp": 4102444800,
                                       "myapp": STD("1")})
    add("tok_claims_map", "HS256", hs, {"sub": "42", "iat": 1700000000, "exp": 4102444800,
                                        "user": {"roles": ["regress_graphql_jwt_user",
                                                           "regress_graphql_jwt_editor"],
                                                 "tenant": "t1"}})
    add("tok_jwks_a", "RS256", A, BASE(), kid="a")
    add("tok_jwks_b", "RS256", B, BASE(), kid="b")
    add("tok_jwks_e", "ES256", keys["ec256"], BASE(), kid="e")
    add("tok_jwks_unknown_kid", "RS256", B, BASE(), kid="c")
    add("tok_jwks_no_kid", "RS256", A, BASE())
    toks["tok_jwks_b_as_a"] = mint("RS256", B, BASE(), kid="a")
    good["tok_jwks_b_as_a"] = ("RS256", B.public_key())
    bad["tok_jwks_b_as_a"] = ("RS256", A.public_key())
    add("tok_crit", "HS256", hs, BASE(), hdr={"alg": "HS256", "typ": "JWT", "crit": ["exp"]})
    for u in ("u1", "u2"):
        add("tok_rls_" + u, "HS256", hs, {
            "sub": u, "iat": 1700000000, "exp": 4102444800,
            NS: STD(u, roles=["regress_graphql_rls_user"], default="regress_graphql_rls_user"),
        })

    # ---- self-check
    errors = []
    for name, (alg, vkey) in good.items():
        if not verify(toks[name], alg, vkey):
            errors.append("%s: good signature does not verify" % name)
    for name, (alg, vkey) in bad.items():
        if verify(toks[name], alg, vkey):
            errors.append("%s: bad signature verifies with the expected key" % name)
    # the RS/ES tokens must not verify with the other RSA key / other curve
    if verify(toks["tok_rs256"], "RS256", B.public_key()):
        errors.append("tok_rs256 verifies with key B")
    # confusion token must verify with the PEM text used as an HMAC key
    if not verify(toks["tok_hs256_rsa_confusion"], "HS256", values["rsa_a_pub"].encode()):
        errors.append("tok_hs256_rsa_confusion")
    # headers and payloads parse back, header key order
    for name, t in toks.items():
        parts = t.split(".")
        if len(parts) != 3 or any("=" in p for p in parts):
            errors.append("%s: malformed" % name)
            continue
        h = json.loads(b64url_decode(parts[0]))
        json.loads(b64url_decode(parts[1]))
        if list(h)[:2] != ["alg", "typ"]:
            errors.append("%s: header order %r" % (name, list(h)))
    if json.loads(b64url_decode(toks["tok_hs256_tampered"].split(".")[1]))[NS]["x-hasura-user-id"] != "2":
        errors.append("tok_hs256_tampered payload")
    if not toks["tok_none"].endswith("."):
        errors.append("tok_none")
    for k in ("ec256", "ec384", "ec521"):
        j = json.loads(values["jwk_" + k])
        size = EC_CURVES[k][1]
        if len(b64url_decode(j["x"])) != size or len(b64url_decode(j["y"])) != size:
            errors.append("jwk_%s coordinate size" % k)
    if errors:
        for e in errors:
            print("ERROR:", e, file=sys.stderr)
        sys.exit(1)

    values.update(toks)

    # ---- write fixtures.sql
    lines = [
        "-- Generated by test/jwt/make_tokens.py -- do not edit.",
        "-- Regenerate with: python3 test/jwt/make_tokens.py (from the repository root).",
        "-- psql variables: HMAC secrets, public keys (PEM, with real newlines via \\n),",
        "-- a self-signed certificate, JWKs and signed JWTs.",
    ]
    for name, v in values.items():
        if "'" in v or "\\" in v or "\r" in v:
            raise SystemExit("value %s contains a quote, backslash or CR" % name)
        lines.append("\\set %s '%s'" % (name, v.replace("\n", "\\n")))
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")

    print("%d tokens, %d keys" % (len(toks), len(keys) + len(SECRETS)))


if __name__ == "__main__":
    main()
