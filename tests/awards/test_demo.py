# ruff: noqa: F811  (pytest fixtures imported from other conftest modules)
"""The `decided` demo stage: the staged list issued as a decision, the fund debited, every
certificate printed; running it again changes nothing."""

from pathlib import Path

from tests.api.conftest import API, bearer  # noqa: F401
from tests.nominations.conftest import campaign  # noqa: F401
from thidua.awards import selectors
from thidua.awards.models import Certificate, Decision, Fund
from thidua.campaigns.enums import CampaignState
from thidua.demo.awards import build_decided


def test_build_decided_issues_funds_and_prints(staged, world):
    message = build_decided(staged.campaign)
    assert message == (
        "Quyết định số 1/QĐ-UBND ngày 05/02/2024: 2 tập thể, 3 cá nhân, tổng "
        "tiền thưởng 3.780.000 đồng; 5 giấy khen đã in; chưa có tài khoản chutich: không "
        "tạo chữ ký số trình diễn"
    )
    decision = Decision.objects.get()
    assert decision.proposal_text.startswith("Xét đề nghị của Trưởng phòng Nội vụ huyện")
    assert Fund.objects.get(unit=world.district, year=2024).spent == 3_780_000
    assert all(c.pdf for c in Certificate.objects.all())
    staged.campaign.refresh_from_db()
    assert staged.campaign.state == CampaignState.DECIDED
    assert build_decided(staged.campaign).startswith("đã có Quyết định số 1/QĐ-UBND")
    assert Decision.objects.count() == 1


def test_build_decided_without_a_staged_list_does_nothing(campaign):
    assert build_decided(campaign) == (
        "Hội đồng chưa đề nghị khen thưởng trường hợp nào; chưa lập quyết định"
    )
    assert not Decision.objects.exists()


def test_the_demo_decision_is_signed_by_its_signer_and_the_api_lists_it_valid(
    staged, world, chair, client, bearer, settings
):
    """The demo's CA is made at build time; the API checks the signature against it."""
    message = build_decided(staged.campaign)
    decision = Decision.objects.get()
    assert message.endswith(f"đã ký số quyết định ({decision.signer_name}, CA trình diễn)")
    (listed,) = client.get(f"{API}/decisions/{decision.pk}", headers=bearer(chair)).json()[
        "signatures"
    ]
    assert listed["signer"] == decision.signer_name and listed["step"] == "issue"
    assert listed["valid"] is True
    # long term: the chain, the demo CA's CRL and a timestamp are in the file itself
    (checked,) = selectors.decision_signatures(decision)
    assert checked["long_term"] is True
    # the CA's certificate is written to be trusted, without its private key
    trusted = Path(settings.THIDUA_DEMO_TRUST_ROOTS).read_bytes()
    assert b"BEGIN CERTIFICATE" in trusted and b"PRIVATE KEY" not in trusted
    # built again: nothing signed twice
    assert build_decided(staged.campaign).endswith("quyết định đã có chữ ký số")
    assert selectors.decision_document(decision).signatures.count() == 1
