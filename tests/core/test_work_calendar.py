# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The public calendar as data: seeded holidays drive the statutory clocks, managers edit it on
/lich-nghi/ (refusals in Vietnamese, nothing stored), and a submitted dossier shows its
appraisal due date counted in working days across Tết."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import login
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    filled_a,
    forms,
    proposal_a,
)
from thidua.core import selectors, services
from thidua.core.models import AuditLog, Holiday, HolidayKind
from thidua.nominations import services as nominations
from thidua.nominations.models import Proposal

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_seeded_calendar_carries_a_clock_across_tet_2024():
    # 20 working days from Thu 01/02/2024: Fri 2, Mon–Wed 5–7, (Tết 08–14), 15, 16, 19–23,
    # 26–29, 01/03, 04–07/03 → due Thu 07/03/2024; on 07/02 sixteen are left.
    duration, clock = selectors.statutory_clock("tham-dinh-ho-so", D(2024, 2, 1), D(2024, 2, 7))
    assert duration.working_days == 20 and not duration.confirmed
    assert (clock.due, clock.days_left, clock.overdue) == (D(2024, 3, 7), 16, False)


def test_the_disclosure_duration_follows_the_decree_in_force():
    assert (
        "98/2023"
        in selectors.statutory_duration("cong-khai-truoc-hoi-dong", D(2024, 5, 1)).legal_basis
    )
    assert (
        "152/2025"
        in selectors.statutory_duration("cong-khai-truoc-hoi-dong", D(2025, 8, 1)).legal_basis
    )
    assert selectors.statutory_duration("cong-khai-truoc-hoi-dong", D(2022, 1, 1)) is None


@pytest.mark.parametrize(
    ("day", "kind", "field"),
    [
        (D(2027, 5, 5), HolidayKind.MAKE_UP, "kind"),  # a Wednesday is already a working day
        (D(2027, 5, 8), HolidayKind.DAY_OFF, "kind"),  # a Saturday is already off
    ],
)
def test_an_impossible_day_is_refused_and_nothing_stored(secretariat, day, kind, field):
    count = Holiday.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.holiday_set(actor=secretariat, day=day, kind=kind, name="Thử")
    assert field in caught.value.message_dict
    assert Holiday.objects.count() == count


def test_a_manager_adds_a_make_up_saturday_on_the_screen_and_it_counts(client, secretariat):
    login(client, secretariat)
    response = client.post("/lich-nghi/", {
        "day": "08/05/2027", "kind": HolidayKind.MAKE_UP, "name": "Làm bù cho ngày 03/05/2027",
        "basis": "Thông báo của Bộ Nội vụ",
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get("/lich-nghi/?nam=2027").content.decode()
    assert "08/05/2027" in page and "Làm bù cho ngày 03/05/2027" in page
    assert AuditLog.objects.filter(action="core.holiday.set").count() == 1
    calendar = selectors.work_calendar(D(2027, 5, 1), D(2027, 5, 31))
    assert calendar.is_working_day(D(2027, 5, 8))

    bad = client.post("/lich-nghi/", {"day": "05/05/2027", "kind": HolidayKind.MAKE_UP,
                                      "name": "Sai"})  # fmt: skip
    assert "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật" in bad.content.decode()
    assert not Holiday.objects.filter(day=D(2027, 5, 5)).exists()


def test_a_focal_officer_sees_the_calendar_but_cannot_change_it(client, focal_a):
    login(client, focal_a)
    page = client.get("/lich-nghi/?nam=2024").content.decode()
    assert "Tết Nguyên đán Giáp Thìn" in page and "Thêm hoặc sửa một ngày" not in page
    count = Holiday.objects.count()
    response = client.post("/lich-nghi/", {"day": "2027-05-08", "kind": "make_up", "name": "X"})
    assert response.status_code == 403
    holiday = Holiday.objects.first()
    assert client.post(f"/lich-nghi/{holiday.pk}/xoa/").status_code == 403
    assert Holiday.objects.count() == count


def test_a_submitted_dossier_shows_its_appraisal_due_date_across_tet(
    client, filled_a, focal_a, secretariat
):
    nominations.proposal_submit(actor=focal_a, proposal=filled_a)
    received = dt.datetime(2024, 2, 1, 9, 30, tzinfo=timezone.get_current_timezone())
    Proposal.objects.filter(pk=filled_a.pk).update(submitted_at=received)
    login(client, secretariat)
    page = client.get(f"/de-nghi/{filled_a.pk}/").content.decode()
    clock = page.split('id="appraisal-clock">')[1].split("</dd>")[0]
    assert "hạn 07/03/2024" in clock
    assert ": 20 ngày làm việc kể từ ngày nhận 01/02/2024)" in clock  # after the step's name
    assert "quá hạn" in clock and "chưa đối chiếu" in clock
