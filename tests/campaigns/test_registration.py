import hashlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.fixtures.campaigns import vn
from thidua.campaigns import services
from thidua.campaigns.enums import LatePolicy, RegistrationStatus
from thidua.campaigns.models import Campaign, Reminder
from thidua.campaigns.selectors import registration_board
from thidua.core.models import Notification
from thidua.core.uploads import check_upload
from thidua.demo.campaigns import demo_plan_pdf


def _pdf(unit):
    data = demo_plan_pdf(unit)
    return check_upload(
        SimpleUploadedFile("kh.pdf", data), allowed=frozenset({"pdf"}), max_bytes=10**6
    )


def _submit(campaign, unit, user, when):
    return services.registration_submit(
        actor=user,
        campaign=campaign,
        unit=unit,
        commitments="Hoàn thành 100% nhiệm vụ CCHC.",
        plan=_pdf(unit),
        now=when,
    )


def test_plan_at_2359_on_the_last_day_is_on_time(published, world, focal_a):
    reg = _submit(published, world.commune_a, focal_a, vn(2023, 1, 9, 23, 59, 59))
    assert reg.plan_late is False
    assert reg.plan_file.read() == demo_plan_pdf(world.commune_a)
    assert reg.plan_sha256 == hashlib.sha256(demo_plan_pdf(world.commune_a)).hexdigest()


def test_plan_at_0000_on_the_deadline_day_is_late_and_flagged(published, world, focal_a):
    reg = _submit(published, world.commune_a, focal_a, vn(2023, 1, 10, 0, 0))
    assert reg.plan_late is True


def test_late_plan_is_refused_when_the_campaign_says_so(published, world, focal_a, secretariat):
    services.campaign_update(actor=secretariat, campaign=published, late_policy=LatePolicy.REFUSE)
    with pytest.raises(ValidationError) as exc:
        _submit(published, world.commune_a, focal_a, vn(2023, 1, 10, 0, 0))
    assert exc.value.messages == [
        "Đã quá hạn (hạn nộp trước ngày 10/01/2023); phong trào không nhận đăng ký, kế hoạch "
        "nộp sau hạn."
    ]
    assert not published.registrations.exists()


def test_deadline_is_judged_in_vietnam_time_not_utc(published, world, focal_a):
    # 16:59 UTC on 09/01 is 23:59 in Hà Nội: on time; 17:00 UTC is 00:00 on 10/01: late
    import datetime as dt

    utc = dt.UTC
    assert (
        _submit(
            published, world.commune_a, focal_a, dt.datetime(2023, 1, 9, 16, 59, tzinfo=utc)
        ).plan_late
        is False
    )
    assert (
        _submit(
            published, world.commune_b, focal_a, dt.datetime(2023, 1, 9, 17, 0, tzinfo=utc)
        ).plan_late
        is True
    )


def test_a_unit_outside_the_campaign_cannot_register(published, world, secretariat):
    with pytest.raises(ValidationError) as exc:
        _submit(published, world.noivu, secretariat, vn(2023, 1, 6))
    assert exc.value.messages == ["Đơn vị không thuộc danh sách tham gia phong trào."]


def test_draft_campaign_takes_no_registration(draft, world, focal_a):
    with pytest.raises(ValidationError):
        _submit(draft, world.commune_a, focal_a, vn(2023, 1, 6))


def test_board_shows_on_time_late_missing_and_pending(published, world, focal_a):
    _submit(published, world.commune_a, focal_a, vn(2023, 1, 8, 10))
    before = {r.unit.name: r.status for r in registration_board(published, now=vn(2023, 1, 9))}
    assert before == {
        "Xã Yên Lạc": RegistrationStatus.ON_TIME,
        "Xã Ca Thành": RegistrationStatus.PENDING,
    }
    after = {r.unit.name: r.status for r in registration_board(published, now=vn(2023, 1, 10))}
    assert after["Xã Ca Thành"] == RegistrationStatus.MISSING


def test_board_query_count_does_not_grow_with_units(published, world, django_assert_num_queries):
    from tests.factories import make_unit

    extra = [make_unit(parent=world.district) for _ in range(5)]
    Campaign.objects.get(pk=published.pk).participants.bulk_create(
        [published.participants.model(campaign=published, unit=u) for u in extra]
    )
    campaign = Campaign.objects.prefetch_related("phases").get(pk=published.pk)
    with django_assert_num_queries(2):
        rows = registration_board(campaign, now=vn(2023, 1, 9))
    assert len(rows) == 7


def test_automatic_reminder_goes_once_to_units_without_a_plan(
    published, world, focal_a, focal_b, django_capture_on_commit_callbacks
):
    _submit(published, world.commune_a, focal_a, vn(2023, 1, 6))
    assert services.reminders_send_due(now=vn(2023, 1, 6, 23)) == 0  # more than 3 days before
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due(now=vn(2023, 1, 7, 0, 1)) == 1
        assert services.reminders_send_due(now=vn(2023, 1, 8)) == 0
        assert services.reminders_send_due(now=vn(2023, 1, 9, 12)) == 0
    assert list(Reminder.objects.values_list("unit__name", "kind")) == [("Xã Ca Thành", "auto")]
    reminded = Notification.objects.filter(title__startswith="Nhắc hạn")
    assert [n.user for n in reminded] == [focal_b]
    assert [m.to for m in mail.outbox if m.subject.startswith("Nhắc hạn")] == [[focal_b.email]]
    assert services.reminders_send_due(now=vn(2023, 1, 10, 0, 0)) == 0  # past the deadline


def test_manual_reminder_goes_to_missing_units_only(published, world, focal_a, secretariat):
    _submit(published, world.commune_a, focal_a, vn(2023, 1, 6))
    assert services.reminder_send(actor=secretariat, campaign=published, now=vn(2023, 1, 8)) == 1
    assert list(Reminder.objects.values_list("unit__name", "kind")) == [("Xã Ca Thành", "manual")]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ke-hoach.pdf", b"MZ\x90\x00" + b"\x00" * 100, "không phải là tệp được chấp nhận"),
        ("ke-hoach.pdf", b"", "không có nội dung"),
        ("ke-hoach.docx", b"PK\x03\x04garbage", "không phải là tệp được chấp nhận"),
    ],
)
def test_uploads_are_judged_by_content(name, data, message):
    with pytest.raises(ValidationError) as exc:
        check_upload(
            SimpleUploadedFile(name, data), allowed=frozenset({"pdf", "docx"}), max_bytes=10**6
        )
    assert message in exc.value.messages[0]


def test_upload_over_the_limit_is_refused_with_the_limit_in_mb():
    with pytest.raises(ValidationError) as exc:
        check_upload(
            SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 3 * 1048576),
            allowed=frozenset({"pdf"}),
            max_bytes=2 * 1048576,
        )
    assert "tối đa là 2 MB" in exc.value.messages[0]
