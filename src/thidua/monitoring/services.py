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
from thidua.monitoring.enums import (
    JobKind,
    JobState,
    NotificationKind,
    ReminderTarget,
    StatLevel,
    StatMeasure,
    StatPeriod,
    StatSource,
)
from thidua.monitoring.models import (
    ExportMapping,
    Job,
    NotificationPreference,
    ReminderDelivery,
    ReminderRule,
    StatColumn,
    StatForm,
    StatRow,
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
    upload_checked_sha256: str | None = None,
) -> Job:
    """Queue a job; `upload` (an import's file) is kept in private storage for the worker.
    `upload_checked_sha256`: the digest of the upload as the hostile-file check passed it, so
    that the worker skips that scan for the same bytes (and scans any other bytes)."""
    if kind not in JobKind.values:
        raise ValidationError("Loại việc không hợp lệ.")
    params = dict(params or {})
    if upload is not None:
        params["upload"] = private_storage.save(f"jobs/uploads/{uuid.uuid4().hex}.xlsx",
                                                ContentFile(upload))  # fmt: skip
        if upload_checked_sha256:
            params["upload_checked_sha256"] = upload_checked_sha256
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


# Statutory statistics forms (biểu mẫu thống kê): edited on their screen or through the API --------

STAT_FORM_FIELDS = ["code", "name", "level", "period", "basis", "unit_note", "receiver",
                    "deadline_note", "valid_from", "valid_to", "confirmed", "note",
                    "position"]  # fmt: skip
STAT_ROW_FIELDS = ["position", "ordinal", "label", "source", "codes", "bold"]
STAT_COLUMN_FIELDS = ["position", "code", "group", "label", "measure"]


def _stat_form_state(form: StatForm) -> dict:
    return {f: str(v) if isinstance(v, dt.date) else v
            for f, v in ((f, getattr(form, f)) for f in STAT_FORM_FIELDS)}  # fmt: skip


@transaction.atomic
def stat_form_save(
    *,
    actor,
    form: StatForm | None = None,
    code: str,
    name: str,
    level: str,
    period: str = StatPeriod.YEAR,
    basis: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    unit_note: str = "",
    receiver: str = "",
    deadline_note: str = "",
    confirmed: bool = False,
    note: str = "",
    position: int = 0,
) -> StatForm:
    """Create a statistical form (`form` None) or change its header."""
    code, name, basis = (code or "").strip(), (name or "").strip(), (basis or "").strip()
    errors = {}
    if not code:
        errors["code"] = "Hãy nhập ký hiệu biểu."
    if not name:
        errors["name"] = "Hãy nhập tên biểu."
    if not basis:
        errors["basis"] = "Hãy nhập văn bản ban hành biểu (ví dụ Thông tư 18/2025/TT-BNV)."
    if level not in StatLevel.values:
        errors["level"] = "Cấp báo cáo không hợp lệ."
    if period not in StatPeriod.values:
        errors["period"] = "Kỳ báo cáo không hợp lệ."
    if valid_to is not None and valid_from is not None and valid_to < valid_from:
        errors["valid_to"] = "Ngày hết áp dụng không được trước ngày bắt đầu áp dụng."
    if errors:
        raise ValidationError(errors)
    same = StatForm.objects.filter(code=code, level=level, valid_from=valid_from)
    if form is not None:
        same = same.exclude(pk=form.pk)
    if same.exists():
        raise ValidationError({"valid_from": (
            f"Đã có biểu {code} cấp {StatLevel(level).label.lower()} áp dụng từ ngày "
            f"{valid_from:%d/%m/%Y}.")})  # fmt: skip
    before = _stat_form_state(form) if form is not None else None
    form = form or StatForm()
    for f, v in [("code", code), ("name", name), ("level", level), ("period", period),
                 ("basis", basis), ("valid_from", valid_from), ("valid_to", valid_to),
                 ("unit_note", unit_note or ""), ("receiver", receiver or ""),
                 ("deadline_note", deadline_note or ""), ("confirmed", bool(confirmed)),
                 ("note", note or ""), ("position", position or 0)]:  # fmt: skip
        setattr(form, f, v)
    form.full_clean(validate_unique=False)
    form.save()
    audit_record(actor=actor, action="monitoring.stat_form.save", obj=form,
                 before=before, after=_stat_form_state(form))  # fmt: skip
    return form


def _clean_lines(items: list[dict], *, what: str, unique: list[tuple[str, str]]) -> list[str]:
    """Row-level refusals shared by rows and columns: positions (and the named fields) must be
    unique, labels present. `unique`: (field, its Vietnamese name)."""
    errors = []
    seen: dict[tuple[str, object], int] = {}
    for i, item in enumerate(items, 1):
        pos = item.get("position")
        if not isinstance(pos, int) or isinstance(pos, bool) or not 1 <= pos <= 32767:
            errors.append(f"{what} {i}: thứ tự phải là số nguyên từ 1 đến 32767.")
        if not (item.get("label") or "").strip():
            errors.append(f"{what} {i}: hãy nhập tên.")
        for field, name in [("position", "thứ tự"), *unique]:
            value = item.get(field)
            if value in (None, ""):
                continue
            first = seen.setdefault((field, value), i)
            if first != i:
                errors.append(f"{what} {i}: {name} {value} trùng với {what.lower()} {first}.")
    return errors


@transaction.atomic
def stat_form_rows_set(*, actor, form: StatForm, rows: list[dict]) -> list[StatRow]:
    """Replace the rows of `form` with `rows` (dicts of STAT_ROW_FIELDS): all or nothing; a
    refusal names each wrong row."""
    rows = [dict(r) for r in rows]
    errors = [] if rows else ["Biểu mẫu phải có ít nhất một dòng."]
    errors += _clean_lines(rows, what="Dòng", unique=[])
    for i, r in enumerate(rows, 1):
        if r.get("source") not in StatSource.values:
            errors.append(f"Dòng {i}: nguồn số liệu «{r.get('source') or ''}» không hợp lệ.")
        codes = r.get("codes") or []
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            errors.append(f"Dòng {i}: mã danh hiệu, hình thức phải là một danh sách mã.")
            continue
        r["codes"] = [c.strip() for c in codes if c.strip()]
        r["ordinal"] = (r.get("ordinal") or "").strip()
        r["label"] = (r.get("label") or "").strip()
        r["bold"] = bool(r.get("bold"))
        if len(r["ordinal"]) > 8:
            errors.append(f"Dòng {i}: số thứ tự dài quá 8 ký tự.")
        if len(r["label"]) > 300:
            errors.append(f"Dòng {i}: chỉ tiêu dài quá 300 ký tự.")
    if errors:
        raise ValidationError(errors)
    before = [{f: getattr(x, f) for f in STAT_ROW_FIELDS} for x in form.rows.order_by("position")]
    form.rows.all().delete()
    created = StatRow.objects.bulk_create(
        [StatRow(form=form, **{f: r[f] for f in STAT_ROW_FIELDS}) for r in rows]
    )
    audit_record(actor=actor, action="monitoring.stat_form.rows_set", obj=form,
                 before={"rows": before},
                 after={"rows": [{f: r[f] for f in STAT_ROW_FIELDS} for r in rows]})  # fmt: skip
    return created


@transaction.atomic
def stat_form_columns_set(*, actor, form: StatForm, columns: list[dict]) -> list[StatColumn]:
    """Replace the columns of `form` with `columns` (dicts of STAT_COLUMN_FIELDS): all or
    nothing; a refusal names each wrong column."""
    columns = [dict(c) for c in columns]
    for c in columns:
        for f in ("code", "group", "label"):
            c[f] = (c.get(f) or "").strip()
    errors = [] if columns else ["Biểu mẫu phải có ít nhất một cột."]
    errors += _clean_lines(columns, what="Cột", unique=[("code", "mã cột"), ("measure", "số liệu")])
    for i, c in enumerate(columns, 1):
        if not c["code"]:
            errors.append(f"Cột {i}: hãy nhập mã cột.")
        if c.get("measure") not in StatMeasure.values:
            errors.append(f"Cột {i}: số liệu «{c.get('measure') or ''}» không hợp lệ.")
        if len(c["code"]) > 8 or len(c["group"]) > 200 or len(c["label"]) > 200:
            errors.append(f"Cột {i}: mã cột tối đa 8 ký tự, nhóm cột và tên cột tối đa 200.")
    if errors:
        raise ValidationError(errors)
    before = [
        {f: getattr(x, f) for f in STAT_COLUMN_FIELDS} for x in form.columns.order_by("position")
    ]
    form.columns.all().delete()
    created = StatColumn.objects.bulk_create(
        [StatColumn(form=form, **{f: c[f] for f in STAT_COLUMN_FIELDS}) for c in columns]
    )
    after = [{f: c[f] for f in STAT_COLUMN_FIELDS} for c in columns]
    audit_record(actor=actor, action="monitoring.stat_form.columns_set", obj=form,
                 before={"columns": before}, after={"columns": after})  # fmt: skip
    return created


@transaction.atomic
def stat_form_new_version(*, actor, form: StatForm, valid_from: dt.date) -> StatForm:
    """A new version of `form` from `valid_from` (a new circular replaces the old one): a copy
    with its rows and columns, not yet confirmed against the new text; the old version ends
    the day before."""
    form = StatForm.objects.select_for_update().get(pk=form.pk)
    if valid_from is None or valid_from <= form.valid_from:
        raise ValidationError({"valid_from": (
            f"Phiên bản mới phải áp dụng sau ngày {form.valid_from:%d/%m/%Y} (ngày bắt đầu "
            "áp dụng của phiên bản hiện tại).")})  # fmt: skip
    if StatForm.objects.filter(code=form.code, level=form.level, valid_from=valid_from).exists():
        raise ValidationError({"valid_from": (
            f"Đã có biểu {form.code} áp dụng từ ngày {valid_from:%d/%m/%Y}.")})  # fmt: skip
    rows, columns = list(form.rows.all()), list(form.columns.all())
    old_end = form.valid_to
    before = _stat_form_state(form)
    form.valid_to = valid_from - dt.timedelta(days=1)
    form.save(update_fields=["valid_to"])
    audit_record(actor=actor, action="monitoring.stat_form.save", obj=form,
                 before=before, after=_stat_form_state(form))  # fmt: skip
    new = StatForm.objects.create(**{
        **{f: getattr(form, f) for f in STAT_FORM_FIELDS},
        "valid_from": valid_from,
        "valid_to": old_end if old_end and old_end >= valid_from else None,
        "confirmed": False,
    })  # fmt: skip
    StatRow.objects.bulk_create(
        [StatRow(form=new, **{f: getattr(r, f) for f in STAT_ROW_FIELDS}) for r in rows]
    )
    StatColumn.objects.bulk_create(
        [StatColumn(form=new, **{f: getattr(c, f) for f in STAT_COLUMN_FIELDS}) for c in columns]
    )
    audit_record(actor=actor, action="monitoring.stat_form.new_version", obj=new,
                 before={"from_form": form.pk}, after=_stat_form_state(new))  # fmt: skip
    return new
