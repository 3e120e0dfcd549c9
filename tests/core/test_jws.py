"""Compact signed statements (core.jws), by table: what verifies and what is refused."""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from thidua.core import jws

KEY = jws.derive_private_key("bí-mật-máy-chủ", "issuer:1")
OTHER = jws.derive_private_key("bí-mật-máy-chủ", "issuer:2")
PUBLIC = jws.public_key_bytes(KEY)
KEYS = {jws.key_id(PUBLIC): PUBLIC}
CLAIMS = {"c": "K7QM2XDP9RTA", "n": "Ông Nguyễn Văn Hưởng", "t": "2024-01-05"}


def _swap_char(text: str, index: int) -> str:
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]


def test_the_same_secret_and_label_give_the_same_key_and_others_differ():
    again = jws.derive_private_key("bí-mật-máy-chủ", "issuer:1")
    assert jws.public_key_bytes(again) == PUBLIC
    assert jws.public_key_bytes(OTHER) != PUBLIC
    assert jws.public_key_bytes(jws.derive_private_key("khác", "issuer:1")) != PUBLIC


def test_a_signed_statement_verifies_with_the_bare_public_key_by_any_ed25519_library():
    token = jws.sign(CLAIMS, KEY)
    head, body, sig = token.split(".")

    def decode(part):
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

    # Checked here without core.jws: the standard's steps and the raw key only.
    Ed25519PublicKey.from_public_bytes(PUBLIC).verify(decode(sig), f"{head}.{body}".encode())
    assert json.loads(decode(head)) == {"alg": "EdDSA", "kid": jws.key_id(PUBLIC)}
    assert json.loads(decode(body)) == CLAIMS
    assert jws.verify(token, KEYS) == (jws.key_id(PUBLIC), CLAIMS)


def _altered_claims(token):
    head, _body, sig = token.split(".")
    body = jws.b64url(json.dumps({**CLAIMS, "n": "Bà Trần Thị Giả"}).encode())
    return f"{head}.{body}.{sig}"


def _other_signer(token):
    return jws.sign(CLAIMS, OTHER)


def _alg_none(token):
    _head, body, _sig = token.split(".")
    head = jws.b64url(json.dumps({"alg": "none", "kid": jws.key_id(PUBLIC)}).encode())
    return f"{head}.{body}."


@pytest.mark.parametrize(
    ("alter", "message"),
    [
        (lambda t: _swap_char(t, len(t) // 2), "bị sửa"),
        (lambda t: _swap_char(t, len(t) - 3), "bị sửa"),
        (_altered_claims, "bị sửa"),
        (_other_signer, "không biết khóa"),
        (_alg_none, "thuật toán"),
        (lambda t: t.rsplit(".", 1)[0], "không đúng dạng"),
        (lambda t: "a.b.c", "không đúng dạng"),
        (lambda t: "", "không đúng dạng"),
        (lambda t: t + "." + t, "không đúng dạng"),
        (lambda t: "ô.ư.ơ", "không đúng dạng"),
    ],
)
def test_anything_but_the_signed_statement_is_refused(alter, message):
    token = jws.sign(CLAIMS, KEY)
    with pytest.raises(jws.StatementError, match=message):
        jws.verify(alter(token), KEYS)


def test_vietnamese_text_survives_the_round_trip_in_nfc():
    claims = {"n": "Hộ gia đình ông Lương Văn Thắng, bản Nà Ngần"}
    assert jws.verify(jws.sign(claims, KEY), KEYS)[1] == claims
