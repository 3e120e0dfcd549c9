"""Automatic reminders: the task queue's schedule (a django-q2 `Schedule` row made by a
migration) runs them; here its function is run for real against the current clock."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule

from thidua.campaigns import services
from thidua.campaigns.enums import CriterionKind, PhaseKind, SubjectType
from thidua.campaigns.models import Reminder
from thidua.core.models import Notification
from thidua.core.uploads import check_upload
from thidua.demo.campaigns import demo_plan_pdf

REMINDERS = "Nhắc hạn đăng ký thi đua và gửi kế hoạch"


def _campaign_due_in(days: float, *, secretariat, world, reminder_days: int = 3):
    """A published campaign whose registration deadline is `days` from now."""
    now = timezone.now()
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=secretariat, issuer=world.district, year=today.year,
        title=f"Thi đua cải cách hành chính năm {today.year}",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH", place="Nguyên Bình",
        period_start=today - dt.timedelta(days=7), period_end=dt.date(today.year + 1, 12, 31),
        reminder_days=reminder_days,
    )  # fmt: skip
    services.participants_set(actor=secretariat, campaign=campaign,
                              units=[world.commune_a, world.commune_b])  # fmt: skip
    services.phase_set(actor=secretariat, campaign=campaign, kind=PhaseKind.REGISTRATION,
                       starts_at=now - dt.timedelta(days=7),
                       ends_at=now + dt.timedelta(days=days))  # fmt: skip
    services.criterion_add(actor=secretariat, campaign=campaign,
                           subject_type=SubjectType.COLLECTIVE, text="Hoàn thành 100% nhiệm vụ.",
                           kind=CriterionKind.ATTESTED)  # fmt: skip
    services.award_form_add(actor=secretariat, campaign=campaign, name="Giấy khen",
                            legal_kind="GIAY_KHEN_THU_TRUONG",
                            subject_type=SubjectType.COLLECTIVE, quota=5)  # fmt: skip
    return services.campaign_publish(actor=secretariat, campaign=campaign)


@pytest.fixture
def due(world, secretariat, focal_a, focal_b):
    """Deadline in two days, reminders three days before: due now for both communes."""
    return _campaign_due_in(2, secretariat=secretariat, world=world)


def _run_schedule() -> int:
    """What the queue's cluster does when the schedule falls due: call its function."""
    schedule = Schedule.objects.get(name=REMINDERS)
    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 5, -1)
    return import_string(schedule.func)()


def _reminder_notes():
    return Notification.objects.filter(title__startswith="Nhắc hạn").order_by("user__username")


def _reminder_mails():
    return sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Nhắc hạn"))


def test_once_sends_the_due_reminders_exactly_once(
    due, focal_a, focal_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _run_schedule()
    with django_capture_on_commit_callbacks(execute=True):
        _run_schedule()

    assert sorted(Reminder.objects.values_list("unit__name", "kind")) == [
        ("Xã Ca Thành", "auto"),
        ("Xã Yên Lạc", "auto"),
    ]
    assert [(n.user, n.title) for n in _reminder_notes()] == [
        (focal_a, f"Nhắc hạn: {due.title}"),
        (focal_b, f"Nhắc hạn: {due.title}"),
    ]
    assert _reminder_mails() == [focal_a.email, focal_b.email]


def test_a_unit_that_sent_its_plan_is_not_reminded(
    due, world, focal_a, focal_b, django_capture_on_commit_callbacks
):
    data = demo_plan_pdf(world.commune_a)
    plan = check_upload(SimpleUploadedFile("kh.pdf", data), allowed=frozenset({"pdf"}),
                        max_bytes=10**6)  # fmt: skip
    services.registration_submit(
        actor=focal_a, campaign=due, unit=world.commune_a,
        commitments="Hoàn thành 100% nhiệm vụ CCHC.", plan=plan,
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        _run_schedule()

    assert [n.user for n in _reminder_notes()] == [focal_b]
    assert _reminder_mails() == [focal_b.email]


def test_nothing_is_sent_before_the_reminder_window_opens(
    world, secretariat, focal_a, django_capture_on_commit_callbacks
):
    _campaign_due_in(5, secretariat=secretariat, world=world, reminder_days=3)

    with django_capture_on_commit_callbacks(execute=True):
        assert _run_schedule() == 0

    assert not Reminder.objects.exists()
    assert _reminder_mails() == []


def test_a_campaign_that_asks_for_no_reminders_gets_none(world, secretariat, focal_a):
    _campaign_due_in(1, secretariat=secretariat, world=world, reminder_days=0)

    _run_schedule()

    assert not Reminder.objects.exists()
