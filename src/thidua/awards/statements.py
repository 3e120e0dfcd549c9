"""Certificates checkable without this server: each certificate's QR code carries, after the
verification link, a compact statement (awardee, form, decision number and date, issuer)
signed with its issuer's Ed25519 key (core.jws). The issuers' public keys and a signed list of
revoked certificates are published (/xac-thuc/khoa-cong-khai.json, /xac-thuc/thu-hoi.json), and
a static page (/xac-thuc/ngoai-tuyen.html) checks a statement in the browser with only those.

The statement is deterministic (Ed25519 signatures are), so it is not stored: printing the
same certificate again gives the same QR code.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from thidua.awards.enums import CertificateState, DecisionState
from thidua.awards.models import Certificate, CertificateReissue, IssuerKey
from thidua.awards.printing import awardee_title, certificate_item, verify_url
from thidua.core import jws

STATEMENT_VERSION = 1


def issuer_private_key(issuer_id: int):
    """The issuer's signing key under this server's secret (derived, never stored)."""
    return jws.derive_private_key(settings.SECRET_KEY, f"issuer:{issuer_id}")


def issuer_kid(issuer_id: int) -> str:
    return jws.key_id(jws.public_key_bytes(issuer_private_key(issuer_id)))


def certificate_claims(cert: Certificate) -> dict:
    """What the statement asserts: short keys keep the QR code small."""
    award = cert.award
    decision = award.decision
    return {
        "v": STATEMENT_VERSION,
        "c": cert.code,
        "n": awardee_title(award),
        "f": award.award_form.name,
        "d": decision.reference,
        "t": decision.decided_on.isoformat(),
        "i": decision.issuer_title,
        "y": cert.year,
    }


def certificate_statement(cert: Certificate) -> str:
    return jws.sign(certificate_claims(cert), issuer_private_key(cert.issuer_id))


def certificate_qr_text(cert: Certificate) -> str:
    """The verification link, with the signed statement in its fragment (a browser never sends
    the fragment to the server; the offline page reads it)."""
    return f"{verify_url(cert.code)}#{certificate_statement(cert)}"


def certificate_print_item(cert: Certificate) -> dict[str, str]:
    """What the certificate renderer needs, its QR code carrying the signed statement."""
    return {**certificate_item(cert), "qr_url": certificate_qr_text(cert)}


def certificate_print_items(certificates: list[Certificate]) -> list[dict[str, str]]:
    return [certificate_print_item(c) for c in certificates]


def published_keys() -> dict:
    """Every issuer key ever used, as a JWK set (retired keys included: what they signed stays
    checkable)."""
    rows = IssuerKey.objects.select_related("issuer").order_by("issuer_id", "created_at")
    return {
        "keys": [
            jws.jwk(
                jws.b64url_decode(k.public_key),
                use="sig",
                alg="EdDSA",
                issuer=k.issuer.name,
                created=k.created_at.date().isoformat(),
                retired=k.retired_at.date().isoformat() if k.retired_at else None,
            )
            for k in rows
        ]
    }


def revocation_lists() -> dict:
    """Per issuer with a published key, the list of its revoked certificates signed with its
    current key: {"lists": [compact JWS, ...]}. A superseded copy of a re-issued certificate
    (cấp lại, cấp đổi) is listed too, with `"s": "reissued"` and the code of its replacement in
    `"new"`; a revoked (annulled) one has `"s": "revoked"`."""
    revoked: dict[int, list[dict]] = {}
    for code, issuer_id, at, reference in Certificate.objects.filter(
        state=CertificateState.REVOKED, award__decision__state=DecisionState.ISSUED
    ).values_list("code", "issuer_id", "revoked_at", "revoke_reference"):
        revoked.setdefault(issuer_id, []).append(
            {"c": code, "at": timezone.localtime(at).date().isoformat(), "ref": reference,
             "s": "revoked"}
        )  # fmt: skip
    for code, issuer_id, on, reference, new in CertificateReissue.objects.filter(
        certificate__award__decision__state=DecisionState.ISSUED
    ).values_list("old_code", "certificate__issuer_id", "decided_on", "reference", "new_code"):
        revoked.setdefault(issuer_id, []).append(
            {"c": code, "at": on.isoformat(), "ref": reference, "s": "reissued", "new": new}
        )
    today = timezone.localdate().isoformat()
    lists = []
    for issuer_id, name in (
        IssuerKey.objects.filter(retired_at__isnull=True)
        .order_by("issuer_id")
        .values_list("issuer_id", "issuer__name")
    ):
        claims = {"iss": name, "at": today, "revoked": revoked.get(issuer_id, [])}
        lists.append(jws.sign(claims, issuer_private_key(issuer_id)))
    return {"lists": lists}
