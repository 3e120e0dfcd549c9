"""The deployment's trust for personal digital signatures (settings → documents' Trust)."""

from pathlib import Path

from django.conf import settings

from thidua.documents import personal_signing


def signing_trust() -> personal_signing.Trust:
    """Roots from the PEM bundle at THIDUA_SIGNING_TRUST_ROOTS, the TSA at
    THIDUA_SIGNING_TSA_URL."""
    path = settings.THIDUA_SIGNING_TRUST_ROOTS
    roots = personal_signing.roots_from_bundle(Path(path).read_bytes()) if path else ()
    return personal_signing.Trust(roots=roots, tsa_url=settings.THIDUA_SIGNING_TSA_URL)
