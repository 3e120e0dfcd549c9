"""`thidua worker`: the periodic jobs, run for real against the current clock."""

import datetime as dt
import logging
import os
import signal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from thidua.campaigns import services
from thidua.campaigns.demo import demo_plan_pdf
from thidua.campaigns.enums import CriterionKind, PhaseKind, SubjectType
from thidua.campaigns.management.commands import worker
from thidua.campaigns.models import Reminder
from thidua.core.models import Notification
from thidua.core.uploads import check_upload

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
                            subject_type=SubjectType.COLLECTIVE, quota=5)  # fmt: skip
    return services.campaign_publish(actor=secretariat, campaign=campaign)


@pytest.fixture
def due(world, secretariat, focal_a, focal_b):
    """Deadline in two days, reminders three days before: due now for both communes."""
    return _campaign_due_in(2, secretariat=secretariat, world=world)


def _reminder_notes():
    return Notification.objects.filter(title__startswith="Nhắc hạn").order_by("user__username")


def _reminder_mails():
    return sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Nhắc hạn"))


def test_once_sends_the_due_reminders_exactly_once(
    due, focal_a, focal_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("worker", "--once")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("worker", "--once")

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
        call_command("worker", "--once")

    assert [n.user for n in _reminder_notes()] == [focal_b]
    assert _reminder_mails() == [focal_b.email]


def test_nothing_is_sent_before_the_reminder_window_opens(
    world, secretariat, focal_a, django_capture_on_commit_callbacks, caplog
):
    _campaign_due_in(5, secretariat=secretariat, world=world, reminder_days=3)

    with (
        caplog.at_level(logging.INFO, logger="thidua.worker"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("worker", "--once")

    assert not Reminder.objects.exists()
    assert _reminder_mails() == []
    assert f"{REMINDERS}: không có đơn vị nào đến hạn nhắc" in caplog.text


def test_a_campaign_that_asks_for_no_reminders_gets_none(world, secretariat, focal_a):
    _campaign_due_in(1, secretariat=secretariat, world=world, reminder_days=0)

    call_command("worker", "--once")

    assert not Reminder.objects.exists()


def test_the_round_is_logged_in_vietnamese(due, caplog, django_capture_on_commit_callbacks):
    with (
        caplog.at_level(logging.INFO, logger="thidua.worker"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("worker", "--once")

    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert record.getMessage().startswith(f"{REMINDERS}: đã nhắc 2 đơn vị chưa gửi kế hoạch (")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_lets_the_round_finish_then_exits_cleanly(
    due, monkeypatch, caplog, sig, django_capture_on_commit_callbacks
):
    """The signal arrives at the start of the round: the reminders still go, no new round."""
    rounds = []

    def stop_now() -> str:
        rounds.append(1)
        os.kill(os.getpid(), sig)
        return "đã gửi tín hiệu dừng"

    monkeypatch.setattr(worker, "JOBS", [("Thử dừng", stop_now), *worker.JOBS])
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}

    with (
        caplog.at_level(logging.INFO, logger="thidua.worker"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("worker", "--interval", "3600")  # returns: exit status 0

    assert rounds == [1]
    assert Reminder.objects.count() == 2
    assert f"Nhận tín hiệu {sig.name}: dừng sau khi xong lượt đang chạy." in caplog.text
    assert caplog.messages[-1] == "Đã dừng việc định kỳ."
    assert {s: signal.getsignal(s) for s in before} == before


def test_the_loop_runs_a_round_every_interval(monkeypatch):
    rounds = []
    closed = []

    def count() -> str:
        rounds.append(timezone.now())
        if len(rounds) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return "đếm"

    monkeypatch.setattr(worker, "JOBS", [("Đếm", count)])
    # Between rounds the worker drops stale connections; inside a test transaction that would
    # close the test's own connection, so it is only recorded here.
    monkeypatch.setattr(worker, "close_old_connections", lambda: closed.append(1))

    call_command("worker", "--interval", "1")

    assert len(rounds) == 2
    assert (rounds[1] - rounds[0]) >= dt.timedelta(seconds=1)
    assert closed == [1]


def test_a_failing_job_does_not_stop_the_others_and_fails_the_once_run(due, monkeypatch, caplog):
    def broken() -> str:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(worker, "JOBS", [("Việc hỏng", broken), *worker.JOBS])

    with caplog.at_level(logging.INFO, logger="thidua.worker"), pytest.raises(CommandError) as exc:
        call_command("worker", "--once")

    assert str(exc.value) == "Lượt chạy có việc bị lỗi (xem nhật ký ở trên)."
    assert "Việc hỏng: lỗi, sẽ thử lại ở lượt sau." in caplog.text
    assert Reminder.objects.count() == 2


def test_an_interval_below_one_second_is_refused():
    with pytest.raises(CommandError) as exc:
        call_command("worker", "--interval", "0")

    assert str(exc.value) == "--interval phải là số giây lớn hơn 0."
