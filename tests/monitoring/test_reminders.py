"""Reminder rules: who is reminded of what, when; once per rule, unit and deadline, even when
the worker runs twice; what was sent to whom is readable by the secretariat."""

import pytest
from django.core import mail
from django.core.management import call_command

from tests.conftest import _persona
from tests.monitoring.conftest import vn
from thidua.core.models import Notification
from thidua.monitoring import selectors, services
from thidua.monitoring.models import ReminderDelivery, ReminderRule
from thidua.org.enums import Role


@pytest.fixture
def focal_c(world, commune_c):
    return _persona("daumoi.c", Role.FOCAL_POINT, commune_c)


def _rule(campaign, secretariat, target, days):
    return services.reminder_rule_add(
        actor=secretariat, campaign=campaign, target=target, days=days
    )


def _sent():
    return sorted(ReminderDelivery.objects.values_list("rule__target", "unit__code", "occurrence"))


def test_self_assessment_rule_reminds_units_still_scoring_within_the_window(
    monitored, secretariat, focal_a, focal_c
):
    _rule(monitored, secretariat, "self_assessment", 3)
    # 25/01 00:00 is the deadline: 21/01 is too early, 22/01 is inside three days.
    assert services.reminders_run(now=vn(2024, 1, 21, 23, 0)) == 0
    assert services.reminders_run(now=vn(2024, 1, 22, 1, 0)) == 1
    (d,) = ReminderDelivery.objects.all()
    assert d.unit.code == "X01750" and d.recipients == [
        {"user": focal_c.pk, "name": "daumoi.c", "email": "daumoi.c@example.vn"}
    ]
    note = Notification.objects.get(user=focal_c)
    assert note.title == f"Nhắc hạn: {monitored.title}"
    assert note.body == (
        "Đơn vị chưa tự chấm điểm Chỉ số CCHC cấp xã năm 2023 và gửi thẩm "
        "định. Hạn: trước ngày 25/01/2024."
    )
    assert not Notification.objects.filter(user=focal_a).exists()
    # The next rounds send nothing again; after the deadline nothing either.
    assert services.reminders_run(now=vn(2024, 1, 23)) == 0
    assert services.reminders_run(now=vn(2024, 1, 26)) == 0
    assert ReminderDelivery.objects.count() == 1


def test_proposal_rule_reminds_units_that_have_not_sent_a_dossier(monitored, secretariat):
    _rule(monitored, secretariat, "proposal", 5)
    assert services.reminders_run(now=vn(2024, 2, 6)) == 1
    # A's dossier was accepted and B's was sent (then returned): only C is reminded.
    assert _sent() == [("proposal", "X01750", "nom:2024-02-09T17:00:00+00:00")]


def test_returned_dossier_rule_fires_days_after_the_return_once_per_version(
    monitored, secretariat, focal_b
):
    from thidua.nominations.models import Event, Proposal

    _rule(monitored, secretariat, "returned", 3)
    assert services.reminders_run(now=vn(2024, 1, 17)) == 0  # returned on 15/01
    assert services.reminders_run(now=vn(2024, 1, 18, 1)) == 1
    assert _sent() == [("returned", "X01738", "v1")]
    assert services.reminders_run(now=vn(2024, 1, 25)) == 0
    # Supplemented, resubmitted (version 2), returned again: a new occurrence.
    pb = Proposal.objects.get(unit=focal_b.role_assignments.get().unit)
    Proposal.objects.filter(pk=pb.pk).update(version=2)
    Event.objects.create(proposal=pb, action="proposal_return", at=vn(2024, 1, 26), version=2)
    assert services.reminders_run(now=vn(2024, 1, 30)) == 1
    assert _sent() == [("returned", "X01738", "v1"), ("returned", "X01738", "v2")]


def test_registration_rule_uses_the_registration_deadline(monitored, secretariat):
    from thidua.campaigns.enums import CampaignState

    type(monitored).objects.filter(pk=monitored.pk).update(state=CampaignState.RUNNING)
    _rule(monitored, secretariat, "registration", 2)
    assert services.reminders_run(now=vn(2023, 1, 7, 23)) == 0  # three days before: too early
    assert services.reminders_run(now=vn(2023, 1, 8, 12)) == 1  # A and B have sent a plan
    assert _sent() == [("registration", "X01750", "reg:2023-01-09T17:00:00+00:00")]


def test_a_paused_rule_or_a_closed_campaign_sends_nothing(monitored, secretariat):
    from thidua.campaigns.enums import CampaignState

    rule = _rule(monitored, secretariat, "self_assessment", 3)
    services.reminder_rule_set_active(actor=secretariat, rule=rule, active=False)
    assert services.reminders_run(now=vn(2024, 1, 23)) == 0
    services.reminder_rule_set_active(actor=secretariat, rule=rule, active=True)
    type(monitored).objects.filter(pk=monitored.pk).update(state=CampaignState.CLOSED)
    assert services.reminders_run(now=vn(2024, 1, 23)) == 0


def test_a_rule_that_sent_cannot_be_deleted(monitored, secretariat):
    from django.core.exceptions import ValidationError

    rule = _rule(monitored, secretariat, "self_assessment", 3)
    services.reminders_run(now=vn(2024, 1, 23))
    with pytest.raises(ValidationError, match="chỉ có thể tạm dừng"):
        services.reminder_rule_remove(actor=secretariat, rule=rule)
    unused = _rule(monitored, secretariat, "proposal", 1)
    services.reminder_rule_remove(actor=secretariat, rule=unused)
    assert list(ReminderRule.objects.values_list("pk", flat=True)) == [rule.pk]


def test_email_follows_the_recipients_choice(
    monitored, secretariat, focal_c, django_capture_on_commit_callbacks
):
    services.email_preferences_set(user=focal_c, email_kinds={"dossier"})
    _rule(monitored, secretariat, "self_assessment", 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_run(now=vn(2024, 1, 23)) == 1
    assert mail.outbox == []
    assert Notification.objects.filter(user=focal_c).count() == 1  # still in the app


def test_the_secretariat_reads_what_was_sent_to_whom(monitored, secretariat, focal_c):
    from thidua.campaigns.services import reminder_send

    _rule(monitored, secretariat, "self_assessment", 3)
    services.reminders_run(now=vn(2024, 1, 23))
    reminder_send(actor=secretariat, campaign=monitored, now=vn(2024, 1, 24))
    rows = selectors.reminders_sent(monitored)
    assert [(r.what, r.unit, r.recipients, r.how) for r in rows] == [
        (
            "Đăng ký thi đua và gửi kế hoạch của đơn vị",
            "Xã Thể Dục",
            ["daumoi.c <daumoi.c@example.vn>"],
            "gửi tay: noivu",
        ),
        (
            "Tự chấm điểm chỉ số CCHC",
            "Xã Thể Dục",
            ["daumoi.c <daumoi.c@example.vn>"],
            "Tự động: 3 ngày trước hạn",
        ),
    ]


def test_remind_command_runs_one_round(monitored, secretariat, focal_c, capsys, monkeypatch):
    from django.utils import timezone

    _rule(monitored, secretariat, "self_assessment", 3)
    monkeypatch.setattr(timezone, "now", lambda: vn(2024, 1, 23))
    call_command("remind")
    call_command("remind")
    assert capsys.readouterr().out == "Đã gửi 1 nhắc nhở.\nKhông có nhắc nhở nào đến hạn.\n"


def test_the_queue_schedules_the_rules_and_runs_a_job_when_it_is_created(
    monitored, secretariat, focal_c, monkeypatch
):
    from django.utils import timezone
    from django.utils.module_loading import import_string
    from django_q.models import Schedule

    _rule(monitored, secretariat, "self_assessment", 3)
    monkeypatch.setattr(timezone, "now", lambda: vn(2024, 1, 23))
    schedule = Schedule.objects.get(func="thidua.monitoring.services.reminders_run")
    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (Schedule.MINUTES, 5, -1)
    assert import_string(schedule.func)() == 1
    assert import_string(schedule.func)() == 0  # once per rule, unit and deadline
    # A job is queued when it is created (tests run the queue's tasks at once).
    job = services.job_create(actor=secretariat, kind="units_export", campaign=monitored)
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts) == ("done", 3, 3, 1)
