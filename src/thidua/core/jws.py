"""Compact signed statements: JWS (RFC 7515) compact serialisation with EdDSA over Ed25519
(RFC 8037), so anyone holding the signer's public key can check a statement with any JOSE
library or the browser's WebCrypto, without this server.

Keys are derived, not stored: :func:`derive_private_key` makes an Ed25519 key from a secret
(the server's SECRET_KEY) and a label, so no private key sits in the database, its dumps or its
backups. Only public keys are stored and published; a statement signed under an earlier secret
stays checkable by its published public key after the secret changes.

Pure functions: no database, no settings.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


class StatementError(ValueError):
    """A statement that is malformed, signed by an unknown key, or whose signature fails."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.isascii():
        raise StatementError("không phải base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise StatementError("không phải base64url") from exc


def derive_private_key(secret: str, label: str) -> Ed25519PrivateKey:
    """The Ed25519 key for `label` under `secret` (the same inputs always give the same key)."""
    seed = hmac.new(secret.encode(), f"thidua.statement-key:{label}".encode(), hashlib.sha256)
    return Ed25519PrivateKey.from_private_bytes(seed.digest())


def public_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public: bytes) -> str:
    """A short, stable id of a public key (RFC 7638-style thumbprint, first 12 characters)."""
    canonical = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": b64url(public)}, separators=(",", ":")
    )
    return b64url(hashlib.sha256(canonical.encode()).digest())[:12]


def jwk(public: bytes, **extra: Any) -> dict[str, Any]:
    """The public key as a JSON Web Key (RFC 8037), with `kid` and any extra members."""
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(public), "kid": key_id(public), **extra}


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(claims: dict[str, Any], key: Ed25519PrivateKey) -> str:
    """`claims` as a compact JWS signed with `key` (header: alg EdDSA and the key's kid)."""
    header = {"alg": "EdDSA", "kid": key_id(public_key_bytes(key))}
    signing_input = f"{b64url(_json(header))}.{b64url(_json(claims))}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')))}"


def verify(token: str, keys: dict[str, bytes]) -> tuple[str, dict[str, Any]]:
    """(kid, claims) of a compact JWS whose signature checks under the key its header names
    among `keys` ({kid: raw public key}); StatementError otherwise."""
    parts = token.strip().split(".") if isinstance(token, str) else []
    if len(parts) != 3 or len(token) > 8192:
        raise StatementError("chuỗi xác thực không đúng dạng")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise StatementError("chuỗi xác thực không đúng dạng") from exc
    if not isinstance(header, dict) or header.get("alg") != "EdDSA":
        raise StatementError("thuật toán ký không được chấp nhận")
    public = keys.get(header.get("kid"))
    if public is None:
        raise StatementError("không biết khóa đã ký chuỗi này")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            b64url_decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii")
        )
    except InvalidSignature as exc:
        raise StatementError("chữ ký không đúng: chuỗi đã bị sửa hoặc giả") from exc
    if not isinstance(claims, dict):
        raise StatementError("chuỗi xác thực không đúng dạng")
    return header["kid"], claims
