"""One achievement, one award: a nominee already awarded for the same achievement (the same
campaign, any form or level; or the same year and form) is flagged before the council, with
the earlier decision."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import login

# tests/records/conftest.py gives this package the nominations' `campaign` and `forms` and the
# awards' `draft`; this module works on the council's, so it names them again here.
from tests.fixtures.campaigns import draft  # noqa: F401
from tests.fixtures.council import campaign, forms  # noqa: F401
from thidua.campaigns.enums import SubjectType
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Title
from thidua.records.selectors import Proposed, repeated_awards

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def _record(*, person=None, unit=None, year, code, campaign=None, number):
    title = Title.objects.get(code=code)
    return AwardRecord.objects.create(
        subject_type=SubjectType.INDIVIDUAL if person else SubjectType.COLLECTIVE,
        person=person,
        unit=unit or person.unit,
        year=year,
        title=title,
        title_code=code,
        form_name=title.name,
        level=title.level,
        issuer="UBND tỉnh Cao Bằng",
        decision_number=number,
        decision_date=dt.date(year + 1, 1, 10),
        campaign=campaign,
        source=RecordSource.IMPORT,
    )


def test_same_campaign_any_form_or_same_year_and_form(world, campaign):
    year = campaign.year
    p = world.person_a
    _record(person=p, year=year, code="BANG_KHEN_TINH", campaign=campaign, number="5/QĐ-UBND")
    _record(person=world.person_b, year=year, code="GIAY_KHEN_CHU_TICH_HUYEN", number="6/QĐ-UBND")
    _record(person=world.person_b, year=year - 1, code="GIAY_KHEN_CHU_TICH_XA", number="7/QĐ")
    _record(unit=world.commune_a, year=year, code="TAP_THE_LDTT", number="8/QĐ-UBND")
    found = repeated_awards(
        [
            Proposed(1, p.pk, p.unit_id, campaign.pk, year, "GIAY_KHEN_CHU_TICH_HUYEN"),
            Proposed(
                2,
                world.person_b.pk,
                world.person_b.unit_id,
                campaign.pk,
                year,
                "GIAY_KHEN_CHU_TICH_HUYEN",
            ),  # fmt: skip
            Proposed(
                3,
                world.person_b.pk,
                world.person_b.unit_id,
                campaign.pk,
                year,
                "GIAY_KHEN_CHU_TICH_XA",
            ),  # another form that year: not the same  # fmt: skip
            Proposed(4, None, world.commune_a.pk, campaign.pk, year, "GIAY_KHEN_CHU_TICH_HUYEN"),
            Proposed(5, None, world.commune_b.pk, campaign.pk, year, "TAP_THE_LDTT"),
        ]
    )
    assert {k: [h.decision_number for h in v] for k, v in found.items()} == {
        1: ["5/QĐ-UBND"],
        2: ["6/QĐ-UBND"],
    }


def test_the_council_console_flags_the_nominee_with_the_earlier_decision(
    client, world, session, secretariat
):
    _record(person=world.person_a, year=session.campaign.year, code="GIAY_KHEN_CHU_TICH_HUYEN",
            number="45/QĐ-UBND")  # fmt: skip
    login(client, secretariat)
    page = client.get(reverse("web:council_session", args=[session.pk])).content.decode()
    assert "1 trường hợp đã được khen cho cùng thành tích" in page
    assert (
        "Nguyễn Văn Hưởng — Giấy khen của Chủ tịch UBND huyện: đã được khen cho cùng thành "
        "tích: «Giấy khen của Chủ tịch UBND cấp huyện» năm "
        f"{session.campaign.year}, UBND tỉnh Cao Bằng, Quyết định số 45/QĐ-UBND ngày "
        f"10/01/{session.campaign.year + 1}." in page
    )
    assert page.count("đã được khen cho cùng thành tích:") == 1
