# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Exchange fixtures: the test CA with its CRL and time-stamping stand-in, a remote-signing
stand-in (CSC) to sign decisions, and a decision signed through it."""

import pytest

from tests.conftest import _persona
from tests.nominations.conftest import complete_dossier, make_province_campaign
from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from tests.signing_pki import start_csc, start_pki
from thidua.awards import services as aws
from thidua.awards.selectors import decision_trail_data
from thidua.nominations import letter_signing
from thidua.nominations import services as ns
from thidua.nominations.models import Nominee
from thidua.org.enums import Role

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


@pytest.fixture
def district_head(world, trust):
    """The district's head (thủ trưởng đơn vị), signing through the remote-signing stand-in."""
    head = _persona("thutruong.huyen", Role.UNIT_HEAD, world.district)
    csc = trust.csc
    aws.signing_credential_set_remote(
        actor=head, service_url=csc.url, api_version="v1", account=csc.username,
        credential_id="", secret=csc.password,
    )  # fmt: skip
    return head


@pytest.fixture
def sent_up(signed, secretariat, world, district_head, trust):
    """The district's proposal to the province's campaign: its awarded collective and
    individuals, their «Báo cáo thành tích.», its signed decision as data, sent up, and its
    tờ trình signed by the district's head."""

    province_secretariat = _persona("sonoivu", Role.SECRETARIAT, world.province)
    upper_campaign = make_province_campaign(world, province_secretariat)

    awarded = list(Nominee.objects.filter(proposal__campaign=signed.campaign, state="awarded"))
    proposal = None
    for subject in ("collective", "individual"):
        proposal = ns.proposal_forward_prepare(
            actor=secretariat, source_campaign=signed.campaign, target_campaign=upper_campaign,
            award_form=upper_campaign.award_forms.get(subject_type=subject),
            nominees=[n for n in awarded if n.subject_type == subject],
            decision=decision_trail_data(signed), note="Hội đồng huyện đề nghị tặng Bằng khen.",
        )  # fmt: skip
    complete_dossier(secretariat, proposal)
    ns.proposal_submit(actor=secretariat, proposal=proposal)
    letter_signing.letter_issue(actor=district_head, proposal=proposal)
    letter_signing.letter_sign(
        actor=district_head, proposal=proposal, pin=trust.csc.pin, secret=trust.csc.password
    )
    proposal.refresh_from_db()
    return proposal
