"""Campaign guard rails tied to the organisation over time and to the period (issue 15, item
4): phases inside the campaign's time frame, only units in operation take part, and a ceased
unit's refusal names its successor. Every refusal leaves the data as it was."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.fixtures.campaigns import vn
from thidua.campaigns import services
from thidua.campaigns.enums import PhaseKind
from thidua.campaigns.models import CampaignParticipant, CampaignPhase
from thidua.core.models import AuditLog
from thidua.org import services as org_services
from thidua.org.models import Unit

REFORM = dt.date(2025, 7, 1)


def _state(campaign):
    return (
        sorted(CampaignParticipant.objects.filter(campaign=campaign).values_list("unit_id")),
        sorted(CampaignPhase.objects.filter(campaign=campaign).values_list("kind", "starts_at")),
        AuditLog.objects.count(),
    )


@pytest.fixture
def campaign_2027(world, secretariat):
    return services.campaign_create(
        actor=secretariat, issuer=world.district, year=2027,
        title="Phong trào thi đua năm 2027", issuer_display="ỦY BAN NHÂN DÂN",
        place="Nguyên Bình", period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 12, 31),
    )  # fmt: skip


def test_a_2027_campaign_is_not_nominated_nor_voted_in_december_2026(campaign_2027, secretariat):
    before = _state(campaign_2027)
    for kind in (PhaseKind.NOMINATION, PhaseKind.COUNCIL, PhaseKind.EMULATION):
        with pytest.raises(ValidationError) as refused:
            services.phase_set(actor=secretariat, campaign=campaign_2027, kind=kind,
                               starts_at=vn(2026, 12, 10), ends_at=vn(2026, 12, 20))  # fmt: skip
        assert "trước khi thi đua bắt đầu (01/01/2027)" in str(refused.value)
        assert "«Sửa kế hoạch»" in str(refused.value)
    assert _state(campaign_2027) == before
    # registration may open before the period (the plan is issued ahead of it)
    services.phase_set(actor=secretariat, campaign=campaign_2027, kind=PhaseKind.REGISTRATION,
                       starts_at=vn(2026, 12, 10), ends_at=vn(2027, 1, 10))  # fmt: skip
    # nominations and the council may run after the period ends
    services.phase_set(actor=secretariat, campaign=campaign_2027, kind=PhaseKind.COUNCIL,
                       starts_at=vn(2028, 1, 10), ends_at=vn(2028, 1, 20))  # fmt: skip


def test_the_emulation_phase_ends_within_the_period(campaign_2027, secretariat):
    before = _state(campaign_2027)
    with pytest.raises(ValidationError, match="phải kết thúc trong thời gian thi đua"):
        services.phase_set(actor=secretariat, campaign=campaign_2027, kind=PhaseKind.EMULATION,
                           starts_at=vn(2027, 1, 1), ends_at=vn(2028, 3, 1))  # fmt: skip
    assert _state(campaign_2027) == before


def test_moving_the_period_past_the_phases_is_refused(campaign_2027, secretariat):
    services.phase_set(actor=secretariat, campaign=campaign_2027, kind=PhaseKind.NOMINATION,
                       starts_at=vn(2027, 11, 1), ends_at=vn(2027, 11, 15))  # fmt: skip
    with pytest.raises(ValidationError, match="trước khi thi đua bắt đầu"):
        services.campaign_update(actor=secretariat, campaign=campaign_2027,
                                 period_start=dt.date(2027, 12, 1))  # fmt: skip
    campaign_2027.refresh_from_db()
    assert campaign_2027.period_start == dt.date(2027, 1, 1)


def test_a_merged_commune_cannot_take_part_and_the_message_names_its_successor(
    world, campaign_2027, secretariat
):
    org_services.unit_merge(actor=None, units=[world.commune_b], into=world.commune_a,
                            effective_on=REFORM)  # fmt: skip
    before = _state(campaign_2027)
    with pytest.raises(ValidationError) as refused:
        ceased = Unit.objects.get(pk=world.commune_b.pk)
        services.participants_set(
            actor=secretariat, campaign=campaign_2027, units=[world.commune_a, ceased]
        )
    assert refused.value.message_dict["units"] == [
        "Xã Ca Thành đã thôi hoạt động từ 01/07/2025 (sáp nhập vào «Xã Yên Lạc»); "
        "hãy chọn «Xã Yên Lạc»."
    ]
    assert _state(campaign_2027) == before


def test_the_screen_shows_the_successor_next_to_the_field(
    client, world, campaign_2027, secretariat
):
    org_services.unit_merge(actor=None, units=[world.commune_b], into=world.commune_a,
                            effective_on=REFORM)  # fmt: skip
    login(client, secretariat)
    before = _state(campaign_2027)
    response = client.post(
        reverse("web:campaign_participants", args=[campaign_2027.pk]),
        {"units": [world.commune_b.pk]},
    )
    page = response.content.decode()
    assert "sáp nhập vào «Xã Yên Lạc»" in page
    assert _state(campaign_2027) == before


def test_a_2025_campaign_keeps_the_commune_that_ceased_after_it(world, draft, secretariat):
    """A campaign of 2023 still has the communes of 2023 (history is not rewritten)."""
    org_services.unit_merge(actor=None, units=[world.commune_b], into=world.commune_a,
                            effective_on=REFORM)  # fmt: skip
    assert services.publish_problems(draft) == []


def test_publishing_names_a_participant_that_ceased_since_it_was_chosen(
    world, campaign_2027, secretariat
):
    services.participants_set(actor=secretariat, campaign=campaign_2027, units=[world.commune_b])
    org_services.unit_merge(actor=None, units=[world.commune_b], into=world.commune_a,
                            effective_on=REFORM)  # fmt: skip
    problems = services.publish_problems(campaign_2027)
    assert any("Xã Ca Thành đã thôi hoạt động" in p and "«Đơn vị tham gia»" in p for p in problems)


def test_an_abolished_district_cannot_issue_a_2027_campaign(world, secretariat):
    org_services.unit_merge(actor=None, units=[world.district], into=world.province,
                            effective_on=REFORM)  # fmt: skip
    district = Unit.objects.get(pk=world.district.pk)
    count = AuditLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.campaign_create(
            actor=secretariat, issuer=district, year=2027, title="Phong trào 2027",
            issuer_display="UBND", place="Nguyên Bình",
            period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 12, 31),
        )  # fmt: skip
    assert "sáp nhập vào «Tỉnh Cao Bằng»" in refused.value.message_dict["issuer"][0]
    assert AuditLog.objects.count() == count
