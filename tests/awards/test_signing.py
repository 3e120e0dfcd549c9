# ruff: noqa: F811  (pytest fixtures imported from other test modules)
"""With a signing certificate configured, the issued decision and its certificates carry a
PAdES signature that validates against it."""

from tests.documents.test_signing import _validate, p12  # noqa: F401
from thidua.awards import services
from thidua.awards.models import Certificate


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
