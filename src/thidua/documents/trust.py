"""The deployment's trust for personal digital signatures (settings → documents' Trust), and
signature checks cached by the file's content: a PDF's bytes and the trust roots decide the
result, so the same file is validated once, not at every view."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from thidua.documents import personal_signing

#: How long a check is kept (seconds): the same bytes give the same answer until a certificate
#: in them expires, so a day is safe and bounds the cache.
CHECK_TTL = 24 * 3600


def signing_trust() -> personal_signing.Trust:
    """Roots from the PEM bundle at THIDUA_SIGNING_TRUST_ROOTS (and the demo's CA certificate
    at THIDUA_DEMO_TRUST_ROOTS when the demo wrote one), the TSA at THIDUA_SIGNING_TSA_URL."""
    roots = ()
    for path in (settings.THIDUA_SIGNING_TRUST_ROOTS, settings.THIDUA_DEMO_TRUST_ROOTS):
        if path and Path(path).is_file():
            roots += personal_signing.roots_from_bundle(Path(path).read_bytes())
    return personal_signing.Trust(roots=roots, tsa_url=settings.THIDUA_SIGNING_TSA_URL)


def check_key(pdf: bytes, trust: personal_signing.Trust) -> str:
    roots = hashlib.sha256(b"".join(sorted(trust.roots))).hexdigest()[:16]
    return f"documents:sigcheck:{hashlib.sha256(pdf).hexdigest()}:{roots}"


def checked_signatures(pdf: bytes) -> list[personal_signing.SignatureCheck]:
    """The signatures of `pdf` checked against the deployment's trust, from the cache when
    these exact bytes were checked before (the key is their SHA-256 and the roots')."""
    trust = signing_trust()
    key = check_key(pdf, trust)
    found = cache.get(key)
    if found is not None:
        return found
    checks = personal_signing.check_signatures(pdf, trust)
    cache.set(key, checks, CHECK_TTL)
    return checks
