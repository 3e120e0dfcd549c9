"""Writes of the monitoring app: e-mail preferences, reminder rules and their automatic
sending, background jobs. Keyword-only, atomic, one audit row per change."""

import datetime as dt
import logging
import traceback
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.enums import CampaignState, PhaseKind
from thidua.core.formatting import deadline as deadline_text
from thidua.core.services import audit_record, notify
from thidua.core.storage import private_storage
from thidua.core.tasks import enqueue, enqueue_at
from thidua.indicators import selectors as indicator_selectors
from thidua.monitoring.enums import JobKind, JobState, NotificationKind, ReminderTarget
from thidua.monitoring.models import (
    ExportMapping,
    Job,
    NotificationPreference,
    ReminderDelivery,
    ReminderRule,
)
from thidua.nominations import selectors as nomination_selectors
from thidua.org import selectors as org_selectors

logger = logging.getLogger("thidua.worker")

# Campaign states in which reminders still make sense.
REMINDING_STATES = {CampaignState.PUBLISHED, CampaignState.RUNNING, CampaignState.EVALUATING}


# E-mail preferences ----------------------------------------------------------------------------


def email_recipients_filter(kind: str, users: list) -> list:
    """For core.services.notify: drop the users who turned e-mail off for this kind. One
    query for the whole list."""
    kind = kind if kind in NotificationKind.values else NotificationKind.OTHER
    off = set(
        NotificationPreference.objects.filter(
            user_id__in=[u.pk for u in users], kind=kind, email=False
        ).values_list("user_id", flat=True)
    )
    return [u for u in users if u.pk not in off]


@transaction.atomic
def email_preferences_set(*, user, email_kinds: set[str]) -> dict[str, bool]:
    """Store which kinds reach `user` by e-mail (the others only in the app)."""
    unknown = set(email_kinds) - set(NotificationKind.values)
    if unknown:
        raise ValidationError("Loại thông báo không hợp lệ.")
    before = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    after = {k: k in email_kinds for k in NotificationKind.values}
    for kind, email in after.items():
        NotificationPreference.objects.update_or_create(user=user, kind=kind,
                                                        defaults={"email": email})  # fmt: skip
    audit_record(actor=user, action="monitoring.preferences.set", obj=None,
                 before=before, after=after)  # fmt: skip
    return after


# Reminder rules --------------------------------------------------------------------------------


@transaction.atomic
def reminder_rule_add(*, actor, campaign, target: str, days: int) -> ReminderRule:
    if ReminderRule.objects.filter(campaign=campaign, target=target, days=days).exists():
        raise ValidationError("Đã có quy tắc nhắc này.")
    rule = ReminderRule(campaign=campaign, target=target, days=days, created_by=actor)
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="monitoring.reminder_rule.add", obj=rule,
                 unit_id=campaign.issuer_id, after={"target": target, "days": days})  # fmt: skip
    return rule


@transaction.atomic
def reminder_rule_set_active(*, actor, rule: ReminderRule, active: bool) -> ReminderRule:
    before = rule.active
    rule.active = active
    rule.save(update_fields=["active"])
    audit_record(actor=actor, action="monitoring.reminder_rule.set_active", obj=rule,
                 unit_id=rule.campaign.issuer_id, before={"active": before},
                 after={"active": active})  # fmt: skip
    return rule


@transaction.atomic
def reminder_rule_remove(*, actor, rule: ReminderRule) -> None:
    """A rule that already sent something is switched off instead, so the log stays."""
    if rule.deliveries.exists():
        raise ValidationError("Quy tắc đã gửi nhắc nhở: chỉ có thể tạm dừng, không xóa.")
    audit_record(actor=actor, action="monitoring.reminder_rule.remove", obj=rule,
                 unit_id=rule.campaign.issuer_id, before={"target": rule.target,
                                                         "days": rule.days})  # fmt: skip
    rule.delete()


def _window(ends_at: dt.datetime | None, days: int, now: dt.datetime) -> bool:
    return ends_at is not None and ends_at - dt.timedelta(days=days) <= now < ends_at


def _due(rule: ReminderRule, now: dt.datetime) -> list[tuple[int, str, dt.datetime | None, str]]:
    """(unit id, occurrence, due, what) for every unit the rule should remind now. A constant
    number of queries per rule."""

    campaign = rule.campaign
    participants = campaign_selectors.participant_units(campaign)
    phases = {p.kind: p for p in campaign.phases.all()}
    target = rule.target
    if target == ReminderTarget.REGISTRATION:
        phase = phases.get(PhaseKind.REGISTRATION)
        if not _window(phase and phase.ends_at, rule.days, now):
            return []
        done = campaign_selectors.units_with_plan(campaign)
        ids = participants.exclude(pk__in=done).values_list("pk", flat=True)
        occ = f"reg:{phase.ends_at.isoformat()}"
        return [(uid, occ, phase.ends_at, "đăng ký thi đua và gửi kế hoạch của đơn vị")
                for uid in ids]  # fmt: skip
    if target == ReminderTarget.PROPOSAL:
        phase = phases.get(PhaseKind.NOMINATION)
        if not _window(phase and phase.ends_at, rule.days, now):
            return []
        sent = nomination_selectors.proposals_sent(campaign)
        ids = participants.exclude(pk__in=sent).values_list("pk", flat=True)
        occ = f"nom:{phase.ends_at.isoformat()}"
        return [(uid, occ, phase.ends_at, "gửi hồ sơ đề nghị khen thưởng (nếu đơn vị có đề nghị)")
                for uid in ids]  # fmt: skip
    if target == ReminderTarget.SELF_ASSESSMENT:
        out = []
        for fw in indicator_selectors.frameworks_with_self_deadline(campaign.year):
            if not _window(fw.self_deadline, rule.days, now):
                continue
            ids = indicator_selectors.units_still_scoring(fw, participant_of=campaign)
            occ = f"fw{fw.pk}:{fw.self_deadline.isoformat()}"
            out += [(uid, occ, fw.self_deadline, f"tự chấm điểm {fw.name} và gửi thẩm định")
                    for uid in ids]  # fmt: skip
        return out
    # Returned dossiers not supplemented `days` days after the return.
    cutoff = now - dt.timedelta(days=rule.days)
    rows = nomination_selectors.returned_since(campaign, cutoff)
    nomination = phases.get(PhaseKind.NOMINATION)
    due = nomination.ends_at if nomination else None
    what = "bổ sung hồ sơ đề nghị khen thưởng đã bị trả lại"
    return [(uid, f"v{version}", due, what) for uid, version, _ in rows]


def _deliver(
    rule: ReminderRule, unit_id: int, occurrence: str, due, what: str, users: list, now: dt.datetime
) -> bool:
    """Send one reminder; False when some worker already sent it (the unique constraint)."""
    campaign = rule.campaign
    title = f"Nhắc hạn: {campaign.title}"
    body = f"Đơn vị chưa {what}." + (f" Hạn: {deadline_text(due)}." if due else "")
    url = f"/phong-trao/{campaign.pk}/bang-dieu-khien/"
    try:
        with transaction.atomic():
            ReminderDelivery.objects.create(
                rule=rule, unit_id=unit_id, occurrence=occurrence, due_at=due, sent_at=now,
                title=title,
                recipients=[{"user": u.pk, "name": f"{u.last_name} {u.first_name}".strip()
                             or u.get_username(), "email": u.email} for u in users],
            )  # fmt: skip
            if users:
                notify(users=users, title=title, body=body, url=url, kind=NotificationKind.REMINDER)
            audit_record(actor=None, action="monitoring.reminder.auto", obj=rule,
                         unit_id=unit_id, after={"occurrence": occurrence,
                                                 "users": [u.pk for u in users]})  # fmt: skip
    except IntegrityError:
        return False
    return True


def reminders_run(*, now: dt.datetime | None = None) -> int:
    """Send what every active rule owes now, once per rule, unit and deadline. Safe to run
    often and from several workers at the same moment: the delivery row is inserted first,
    under a unique constraint, and the loser of a race sends nothing. Returns reminders sent."""
    now = now or timezone.now()
    sent = 0
    rules = (
        ReminderRule.objects.filter(active=True, campaign__state__in=REMINDING_STATES)
        .select_related("campaign")
        .prefetch_related("campaign__phases")
        .order_by("id")
    )
    for rule in rules:
        due = _due(rule, now)
        if not due:
            continue
        already = set(
            ReminderDelivery.objects.filter(rule=rule).values_list("unit_id", "occurrence")
        )
        due = [d for d in due if (d[0], d[1]) not in already]
        users = org_selectors.focal_points_by_unit({d[0] for d in due})
        for unit_id, occurrence, at, what in due:
            sent += _deliver(rule, unit_id, occurrence, at, what, users.get(unit_id, []), now)
    return sent


# Background jobs -------------------------------------------------------------------------------


@transaction.atomic
def job_create(
    *,
    actor,
    kind: str,
    campaign=None,  # a campaigns.Campaign
    params: dict | None = None,
    upload: bytes | None = None,
) -> Job:
    """Queue a job; `upload` (an import's file) is kept in private storage for the worker."""
    if kind not in JobKind.values:
        raise ValidationError("Loại việc không hợp lệ.")
    params = dict(params or {})
    if upload is not None:
        params["upload"] = private_storage.save(f"jobs/uploads/{uuid.uuid4().hex}.xlsx",
                                                ContentFile(upload))  # fmt: skip
    job = Job(kind=kind, campaign=campaign, params=params, created_by=actor,
              message="Đang chờ máy chạy việc nền.")  # fmt: skip
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:  # the same report asked for again while it runs: that job
        return Job.objects.get(created_by=actor, kind=kind, campaign=campaign,
                               state__in=[JobState.PENDING, JobState.RUNNING])  # fmt: skip
    audit_record(actor=actor, action="monitoring.job.create", obj=job,
                 unit_id=campaign.issuer_id if campaign else None,
                 after={"kind": kind, "params": job.params})  # fmt: skip
    enqueue("thidua.monitoring.services.job_execute", job.pk)
    return job


def job_progress(job: Job, *, done: int, total: int | None = None, message: str = "") -> None:
    """Write progress at once (outside any transaction) so the page polling it sees it."""
    fields = {"done": done}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message[:255]
    Job.objects.filter(pk=job.pk).update(**fields)
    job.done = done
    if total is not None:
        job.total = total


#: A job that fails for an unexpected reason is tried this many times in all, waiting 1, 4,
#: then 16 minutes between tries; a refusal (ValidationError: bad input) is final at once.
JOB_ATTEMPTS = 3


def job_execute(job_id: int) -> None:
    """The queued job. Claimed with a conditional update, so a job already finished is left
    alone when the queue delivers it again; a job still RUNNING was being run by a worker that
    died, and runs again from the start (its files are written only at the end)."""
    claimed = Job.objects.filter(pk=job_id, state__in=[JobState.PENDING, JobState.RUNNING]).update(
        state=JobState.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        message="Đang chạy…",
    )
    if claimed:
        job_run(Job.objects.select_related("campaign", "created_by").get(pk=job_id))


def _job_failed(job: Job, message: str, error: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, finished_at=timezone.now(),
        message=("Bị lỗi: " + message)[:255], error=error[-4000:],
    )  # fmt: skip
    job.refresh_from_db()
    notify(users=[job.created_by], title=f"Bị lỗi: {job.get_kind_display()}",
           url=f"/viec/{job.pk}/", kind=NotificationKind.JOB)  # fmt: skip


def job_run(job: Job) -> Job:
    """Run a claimed job to the end, storing its files; a failure is recorded, not raised."""
    from thidua.monitoring import jobs

    try:
        out = jobs.HANDLERS[job.kind](job)
        files, said = out if isinstance(out, tuple) else (out, "Đã xong.")
    except ValidationError as exc:  # the job's own refusal, in Vietnamese: final
        _job_failed(job, " ".join(exc.messages), traceback.format_exc())
        return job
    except Exception as exc:
        logger.exception("Việc chạy nền %s bị lỗi", job.pk)
        if job.attempts < JOB_ATTEMPTS:
            wait = 4 ** (job.attempts - 1)  # minutes: 1, 4, 16
            at = timezone.now() + dt.timedelta(minutes=wait)
            Job.objects.filter(pk=job.pk).update(
                state=JobState.PENDING,
                message=f"Lần chạy thứ {job.attempts} bị lỗi; sẽ tự chạy lại lúc "
                f"{timezone.localtime(at):%H:%M} ({exc})"[:255],
                error=traceback.format_exc()[-4000:],
            )
            enqueue_at("thidua.monitoring.services.job_execute", job.pk, at=at)
        else:
            _job_failed(job, f"Đã thử {job.attempts} lần vẫn bị lỗi: {exc}", traceback.format_exc())
        job.refresh_from_db()
        return job
    with transaction.atomic():
        for slot, (name, data) in zip(("file", "file2"), files, strict=False):
            getattr(job, slot).save(name, ContentFile(data), save=False)
            setattr(job, f"{slot}_name", name)
        job.state, job.finished_at = JobState.DONE, timezone.now()
        job.message = said
        job.done = job.total or job.done
        job.save(update_fields=["state", "finished_at", "message", "done", "file", "file_name",
                                "file2", "file2_name"])  # fmt: skip
        notify(users=[job.created_by], title=f"Đã xong: {job.get_kind_display()}",
               url=f"/viec/{job.pk}/", kind=NotificationKind.JOB)  # fmt: skip
    return job


# The cadre-database export's field mapping ------------------------------------------------------

MAPPING_FIELDS = ["position", "source", "target", "date_format", "active"]


@transaction.atomic
def export_mapping_replace(*, actor, rows: list[dict]) -> list[ExportMapping]:
    """Replace the export's field list with `rows` (checked by
    monitoring.cadre_export.clean_rows): all or nothing, one audit row with the list before
    and after."""
    before = [
        {f: getattr(m, f) for f in MAPPING_FIELDS}
        for m in ExportMapping.objects.order_by("position", "id")
    ]
    ExportMapping.objects.all().delete()
    created = []
    for row in rows:
        m = ExportMapping(**{f: row[f] for f in MAPPING_FIELDS})
        m.full_clean(validate_unique=False)
        created.append(m)
    created = ExportMapping.objects.bulk_create(created)
    after = [{f: row[f] for f in MAPPING_FIELDS} for row in rows]
    audit_record(actor=actor, action="monitoring.export_mapping.replace",
                 before={"rows": before}, after={"rows": after})  # fmt: skip
    return created
