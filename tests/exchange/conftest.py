# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Exchange fixtures: the test CA with its CRL and time-stamping stand-in, a remote-signing
stand-in (CSC) to sign decisions, and a decision signed through it."""

import pytest

from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from tests.signing_pki import start_csc, start_pki
from thidua.awards import services as aws

SIGNER = "Lê Văn Chủ Tịch"


@pytest.fixture(scope="session")
def pki():
    pki, stop_pki = start_pki()
    csc, stop_csc = start_csc(pki, cn=SIGNER)
    pki.csc = csc
    yield pki
    stop_csc()
    stop_pki()


@pytest.fixture(scope="session")
def roots_file(pki, tmp_path_factory):
    path = tmp_path_factory.mktemp("trust") / "roots.pem"
    path.write_bytes(pki.root_pem)
    return path


@pytest.fixture
def trust(pki, roots_file, settings):
    settings.THIDUA_CSC_SERVICES = [pki.csc.url]
    settings.THIDUA_SIGNING_TSA_URL = pki.tsa_url
    settings.THIDUA_SIGNING_TRUST_ROOTS = str(roots_file)
    return pki


@pytest.fixture
def signed(trust, decided, chair):
    """The issued decision, signed by the chair through the remote-signing stand-in."""
    csc = trust.csc
    aws.signing_credential_set_remote(
        actor=chair, service_url=csc.url, api_version="v1", account=csc.username,
        credential_id="", secret=csc.password,
    )  # fmt: skip
    aws.decision_sign(actor=chair, decision=decided, pin=csc.pin, secret=csc.password)
    decided.refresh_from_db()
    return decided
