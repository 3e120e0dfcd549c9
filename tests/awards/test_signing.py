# ruff: noqa: F811  (pytest fixtures imported from other test modules)
"""With a signing certificate configured, the issued decision and its certificates carry a
PAdES signature that validates against it."""

from tests.documents.test_signing import _validate, p12  # noqa: F401
from tests.documents.test_signing_long_term import _trust, long_term, pki  # noqa: F401
from thidua.awards import services
from thidua.awards.models import Certificate
from thidua.documents.personal_signing import check_signatures


def test_decision_and_certificates_are_signed_when_configured(
    draft, chair, secretariat, settings, p12
):
    settings.THIDUA_SIGNING_PKCS12 = p12["pkcs12"]
    settings.THIDUA_SIGNING_PASSWORD = p12["password"]
    decision = services.decision_issue(actor=chair, decision=draft)
    with decision.pdf.open("rb") as f:
        assert _validate(f.read(), p12["pem"]).bottom_line is True
    batch = services.certificate_batch_start(actor=secretariat, decision=decision, background=False)
    batch = services.certificate_batch_run(batch_id=batch.pk)
    for cert in Certificate.objects.filter(award__decision=decision):
        with cert.pdf.open("rb") as f:
            assert _validate(f.read(), p12["pem"]).bottom_line is True
    with batch.print_pdf.open("rb") as f:
        assert _validate(f.read(), p12["pem"]).bottom_line is True


def test_a_certificate_batch_signs_b_lt_with_one_revocation_fetch(
    draft, chair, secretariat, long_term
):
    """THIDUA_SIGNING_LEVEL = "B-LT": every certificate and the print file carry a timestamp
    and the revocation data, and the batch fetched the CA's CRL once (the stand-in counts)."""
    decision = services.decision_issue(actor=chair, decision=draft)
    batch = services.certificate_batch_start(actor=secretariat, decision=decision, background=False)
    before = len(long_term.requests)
    batch = services.certificate_batch_run(batch_id=batch.pk)
    assert long_term.requests[before:].count("GET /ca.crl") == 1
    files = [c.pdf for c in Certificate.objects.filter(award__decision=decision)] + [
        batch.print_pdf
    ]
    assert len(files) >= 3
    for file in files:
        with file.open("rb") as f:
            [check] = check_signatures(f.read(), _trust(long_term))
        assert (check.valid, check.timestamped, check.long_term) == (True, True, True)
