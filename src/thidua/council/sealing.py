"""Sealed secret ballots: while voting is open a ballot is stored only as ciphertext.

A member's receipt and their ballot are written in the same transaction (so that one never
exists without the other), and anyone reading the database could pair the two rows through
storage details: the insertion order of rows, PostgreSQL's `xmin` (the id of the transaction
that wrote a row), the WAL. So the ballot's content is sealed until voting closes: AES-256-GCM
under a key derived from the server's SECRET_KEY and the session, with a fresh random nonce per
ballot. Every ballot of a session has the same length (one fixed-size record per agenda item,
in item order), so neither its length nor its bytes tell "agree" from "disagree". Closing
unseals every ballot at once and rewrites the votes in plaintext under new keys in a random
order, in one transaction: from then on nothing pairs a vote with a receipt either.

What this rests on: the key never leaves the server's configuration (it is not in the
database, its dumps or its backups); SECRET_KEY is not rotated while a vote is open (the
previous keys in SECRET_KEY_FALLBACKS are still tried).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from thidua.council.enums import Choice

_CODES = {Choice.AGREE: 1, Choice.DISAGREE: 2}
_CHOICES = {v: k for k, v in _CODES.items()}
_BLANK = 0  # an item the member is recused on: same length as a vote, dropped when unsealed
_RECORD = struct.Struct("!QB")  # agenda item id, choice code


def _key(secret: str, session_id: int) -> bytes:
    return hmac.new(
        secret.encode(), f"thidua.council.ballot:{session_id}".encode(), hashlib.sha256
    ).digest()


def _aad(session_id: int) -> bytes:
    return f"session:{session_id}".encode()


def seal(session_id: int, choices: dict[int, str], blank: Iterable[int] = ()) -> bytes:
    """The ballot's choices ({agenda item id: choice}) as nonce + ciphertext; `blank` items
    (the member is recused on them) take a record of the same size, so that a recused
    member's ballot is as long as any other."""
    codes = {pk: _CODES[Choice(c)] for pk, c in choices.items()} | dict.fromkeys(blank, _BLANK)
    plain = b"".join(_RECORD.pack(pk, code) for pk, code in sorted(codes.items()))
    nonce = os.urandom(12)
    return nonce + AESGCM(_key(settings.SECRET_KEY, session_id)).encrypt(
        nonce, plain, _aad(session_id)
    )


def unseal(session_id: int, blob: bytes) -> dict[int, str]:
    blob = bytes(blob)
    nonce, body = blob[:12], blob[12:]
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])):
        try:
            plain = AESGCM(_key(secret, session_id)).decrypt(nonce, body, _aad(session_id))
        except InvalidTag:
            continue
        return {
            pk: _CHOICES[code]
            for pk, code in (
                _RECORD.unpack_from(plain, i) for i in range(0, len(plain), _RECORD.size)
            )
            if code != _BLANK
        }
    raise ValueError("a sealed ballot cannot be opened with this server's keys")
