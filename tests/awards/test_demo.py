# ruff: noqa: F811  (pytest fixtures imported from other conftest modules)
"""The `decided` demo stage: the staged list issued as a decision, the fund debited, every
certificate printed; running it again changes nothing."""

from tests.nominations.conftest import campaign  # noqa: F401
from thidua.awards.models import Certificate, Decision, Fund
from thidua.campaigns.enums import CampaignState
from thidua.demo.awards import build_decided


def test_build_decided_issues_funds_and_prints(staged, world):
    message = build_decided(staged.campaign)
    assert message == (
        "Quyết định số 1/QĐ-UBND ngày 05/02/2024: 2 tập thể, 3 cá nhân, tổng "
        "tiền thưởng 3.780.000 đồng; 5 giấy khen đã in"
    )
    decision = Decision.objects.get()
    assert decision.proposal_text.startswith("Xét đề nghị của Trưởng phòng Nội vụ huyện")
    assert Fund.objects.get(unit=world.district, year=2024).spent == 3_780_000
    assert all(c.pdf for c in Certificate.objects.all())
    staged.campaign.refresh_from_db()
    assert staged.campaign.state == CampaignState.DECIDED
    assert build_decided(staged.campaign) == "đã có Quyết định số 1/QĐ-UBND"
    assert Decision.objects.count() == 1


def test_build_decided_without_a_staged_list_does_nothing(campaign):
    assert build_decided(campaign) == (
        "Hội đồng chưa đề nghị khen thưởng trường hợp nào; chưa lập quyết định"
    )
    assert not Decision.objects.exists()
