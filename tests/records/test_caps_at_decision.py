"""Caps are enforced when a decision is issued: Chiến sĩ thi đua cơ sở within 15 % of the
unit's Lao động tiên tiến of the year, counting the recorded history and the decision."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_person
from thidua.awards import services
from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import AwardForm
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Title

pytestmark = pytest.mark.django_db


def _ldtt(unit, year, n):
    title = Title.objects.get(code="LAO_DONG_TIEN_TIEN")
    AwardRecord.objects.bulk_create(
        AwardRecord(
            subject_type=SubjectType.INDIVIDUAL, person=make_person(unit, f"Người {unit.pk} {i}"),
            unit=unit, year=year, title=title, title_code=title.code, form_name=title.name,
            level=title.level, issuer="Chủ tịch UBND huyện Nguyên Bình",
            decision_number="3/QĐ-UBND", decision_date=dt.date(year + 1, 1, 5),
            source=RecordSource.IMPORT,
        )
        for i in range(n)
    )  # fmt: skip


def test_issue_refuses_cstd_beyond_the_cap_then_passes(staged, draft, chair, forms, world):
    # the campaign's individual form is Chiến sĩ thi đua cơ sở; commune A has 2 of the 3
    AwardForm.objects.filter(pk=forms["individual"].pk).update(legal_kind="CSTD_CO_SO")
    services.decision_update(actor=chair, decision=draft, decided_on=draft.decided_on)
    year = staged.campaign.year
    _ldtt(world.commune_a, year, 13)  # 15 % of 13 = 1.95 → 1
    _ldtt(world.commune_b, year, 7)  # 15 % of 7 = 1.05 → 1
    with pytest.raises(ValidationError) as exc:
        services.decision_issue(actor=chair, decision=draft)
    assert exc.value.messages == [
        f"Xã Yên Lạc năm {year}: 2 «Chiến sĩ thi đua cơ sở» vượt giới hạn: tối đa 15% của 13 "
        "cá nhân đạt «Lao động tiên tiến» là 1 (Nghị định 98/2023/NĐ-CP (tỷ lệ chưa được xác "
        "nhận))."
    ]
    draft.refresh_from_db()
    assert draft.state == "draft" and not AwardRecord.objects.filter(award__isnull=False).exists()
    _ldtt(world.commune_a, year, 1)  # 15 % of 14 = 2.1 → 2
    services.decision_issue(actor=chair, decision=draft)
    assert AwardRecord.objects.filter(title_code="CSTD_CO_SO").count() == 3
