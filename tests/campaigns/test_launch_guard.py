"""A campaign's award forms are checked at launch against the rule set in force on its planned
decision date, not at the final "Ban hành"."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.fixtures.campaigns import vn
from thidua.campaigns import services
from thidua.campaigns.enums import CampaignState, CriterionKind, PhaseKind, SubjectType
from thidua.campaigns.models import Campaign
from thidua.core.models import AuditLog


@pytest.fixture
def campaign_2027(world, secretariat):
    campaign = services.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2027,
        title="Phát động phong trào thi đua cải cách hành chính năm 2027",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 12, 31),
        signer_name="Đào Nguyên Phong",
    )
    services.participants_set(actor=secretariat, campaign=campaign, units=[world.commune_a])
    services.phase_set(
        actor=secretariat,
        campaign=campaign,
        kind=PhaseKind.REGISTRATION,
        starts_at=vn(2027, 1, 5),
        ends_at=vn(2027, 1, 20),
    )
    services.phase_set(
        actor=secretariat,
        campaign=campaign,
        kind=PhaseKind.DECISION,
        starts_at=vn(2027, 12, 1),
        ends_at=vn(2027, 12, 16),
    )
    services.criterion_add(
        actor=secretariat,
        campaign=campaign,
        subject_type=SubjectType.INDIVIDUAL,
        text="Hoàn thành xuất sắc nhiệm vụ.",
        kind=CriterionKind.ATTESTED,
    )
    services.award_form_add(
        actor=secretariat,
        campaign=campaign,
        name="Giấy khen của Chủ tịch UBND huyện",
        legal_kind="GIAY_KHEN_CHU_TICH_HUYEN",
        subject_type=SubjectType.INDIVIDUAL,
        quota=3,
    )
    return campaign


def test_launch_refuses_a_form_the_rule_set_of_the_decision_date_does_not_know(
    campaign_2027, secretariat
):
    assert campaign_2027.planned_decision_date() == dt.date(2027, 12, 15)

    with pytest.raises(ValidationError) as exc:
        services.campaign_publish(actor=secretariat, campaign=campaign_2027)

    assert exc.value.messages == [
        "«Giấy khen của Chủ tịch UBND huyện» (cá nhân): Nghị định 152/2025/NĐ-CP, áp dụng vào "
        "ngày dự kiến quyết định khen thưởng 15/12/2027, không quy định hình thức «Giấy khen "
        "của Chủ tịch UBND cấp huyện» cho cá nhân. Chọn hình thức khác tại trang phong trào › "
        "mục Hình thức khen thưởng, hoặc sửa ngày của giai đoạn Quyết định khen thưởng."
    ]
    campaign = Campaign.objects.get(pk=campaign_2027.pk)
    assert (campaign.state, campaign.published_at, campaign.plan_pdf.name) == (
        CampaignState.DRAFT,
        None,
        "",
    )
    assert not AuditLog.objects.filter(action="campaigns.campaign.campaign_publish").exists()


def test_a_form_of_the_new_rule_set_launches(campaign_2027, secretariat):
    form = campaign_2027.award_forms.get()
    services.award_form_remove(actor=secretariat, award_form=form)
    services.award_form_add(
        actor=secretariat,
        campaign=campaign_2027,
        name="Giấy khen của Chủ tịch UBND xã",
        legal_kind="GIAY_KHEN_CHU_TICH_XA",
        subject_type=SubjectType.INDIVIDUAL,
        quota=3,
    )

    campaign = services.campaign_publish(actor=secretariat, campaign=campaign_2027)

    assert campaign.state == CampaignState.PUBLISHED


def test_the_award_form_screen_offers_only_the_forms_of_that_rule_set(
    client, campaign_2027, secretariat
):
    page = login(client, secretariat).get(reverse("web:campaign_detail", args=[campaign_2027.pk]))
    field = page.context["award_form"]["legal_kind"]
    kinds = [value for value, _label in field.field.choices if value]

    assert "GIAY_KHEN_CHU_TICH_XA" in kinds and "GIAY_KHEN_CHU_TICH_HUYEN" not in kinds
    response = client.post(
        reverse("web:campaign_award_add", args=[campaign_2027.pk]),
        {"name": "Giấy khen huyện", "subject_type": "individual", "legal_kind":
         "GIAY_KHEN_CHU_TICH_HUYEN", "quota": "2"},
    )  # fmt: skip
    assert response.context["award_form"].errors["legal_kind"] == [
        "Hình thức này không có trong văn bản quy định mức thưởng áp dụng vào ngày dự kiến quyết "
        "định khen thưởng."
    ]
    assert campaign_2027.award_forms.count() == 1
