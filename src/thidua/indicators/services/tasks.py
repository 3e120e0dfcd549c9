"""CCHC tasks: assigning, reporting, confirming, returning."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.campaigns.services import focal_points_of
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.core.uploads import CheckedUpload
from thidua.indicators.enums import TASK_TRANSITIONS, TaskState
from thidua.indicators.models import (
    Task,
    TaskReport,
)
from thidua.indicators.services._common import TASK_FIELDS, _text
from thidua.org.models import Unit

# CCHC tasks ------------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    actor,
    issuer: Unit,
    unit: Unit,
    year: int,
    title: str,
    deadline: dt.date,
    code: str = "",
    description: str = "",
    plan_ref: str = "",
) -> Task:
    if not unit.path.startswith(issuer.path):
        raise ValidationError({"unit": f"{unit.name} không thuộc phạm vi của {issuer.name}."})
    task = Task(
        issuer=issuer,
        unit=unit,
        year=year,
        title=nfc(title),
        deadline=deadline,
        code=code.strip(),
        description=_text(description),
        plan_ref=nfc(plan_ref),
    )
    task.full_clean()
    task.save()
    audit_record(
        actor=actor,
        action="indicators.task.create",
        obj=task,
        unit_id=unit.pk,
        after=snapshot(task, TASK_FIELDS),
    )
    return task


def _locked_task(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("unit").get(pk=task.pk)


@transaction.atomic
def task_report(
    *,
    actor,
    task: Task,
    progress: int,
    note: str,
    done: bool = False,
    evidence: CheckedUpload | None = None,
    evidence_name: str = "",
    now: dt.datetime | None = None,
) -> TaskReport:
    """The unit reports progress; `done` asks the assigning body to confirm completion."""
    now = now or timezone.now()
    task = _locked_task(task)
    if task.state == TaskState.COMPLETED:
        raise ValidationError("Nhiệm vụ đã được xác nhận hoàn thành.")
    if task.state == TaskState.REPORTED:
        raise ValidationError("Đơn vị đã báo cáo hoàn thành; chờ cơ quan giao xác nhận.")
    note = _text(note)
    if not note:
        raise ValidationError({"note": "Nêu kết quả thực hiện."})
    if done:
        progress = 100
        if evidence is None and not task.reports.exclude(file="").exists():
            raise ValidationError({"evidence": "Báo cáo hoàn thành cần kèm tài liệu kiểm chứng."})
    report = TaskReport(task=task, reported_at=now, reported_by=actor, progress=progress, note=note)
    report.full_clean(exclude=["task", "file"])
    if evidence is not None:
        stem = nfc(evidence_name.rsplit(".", 1)[0])[:120] if evidence_name else "kiem-chung"
        report.file.save(
            f"{task.pk}/{uuid.uuid4().hex[:12]}.{evidence.extension}",
            ContentFile(evidence.data),
            save=False,
        )
        report.file_name = f"{stem}.{evidence.extension}"
        report.file_size, report.file_sha256 = evidence.size, evidence.sha256
    report.save()
    transition(
        task, to=TaskState.REPORTED if done else TaskState.IN_PROGRESS,
        allowed_from=TASK_TRANSITIONS, actor=actor, action="indicators.task.report",
        unit_id=task.unit_id, what="nhiệm vụ", after={"progress": progress},
        fields={"progress": progress}
        | ({"completed_on": timezone.localtime(now).date()} if done else {}),
    )  # fmt: skip
    return report


@transaction.atomic
def task_confirm(
    *, actor, task: Task, completed_on: dt.date | None = None, now: dt.datetime | None = None
) -> Task:
    """Reported → completed: the assigning body confirms the unit's completion."""
    now = now or timezone.now()
    task = _locked_task(task)
    completed_on = completed_on or task.completed_on or timezone.localtime(now).date()
    transition(
        task, to=TaskState.COMPLETED, allowed_from={TaskState.REPORTED}, actor=actor,
        action="indicators.task.confirm", unit_id=task.unit_id, what="nhiệm vụ",
        refusal="Chỉ xác nhận nhiệm vụ đơn vị đã báo cáo hoàn thành.",
        timestamp="confirmed_at", now=now,
        fields={"completed_on": completed_on, "confirmed_by": actor},
        after={"completed_on": str(completed_on)},
    )  # fmt: skip
    return task


@transaction.atomic
def task_reject(*, actor, task: Task, note: str) -> Task:
    """Reported → in progress: the completion is not accepted; the unit is told why."""
    task = _locked_task(task)
    refusal = "Chỉ trả lại nhiệm vụ đơn vị đã báo cáo hoàn thành."
    if task.state != TaskState.REPORTED:  # before the note is checked
        raise ValidationError(refusal)
    note = _text(note)
    if not note:
        raise ValidationError({"note": "Nêu lý do chưa xác nhận hoàn thành."})
    last = task.reports.order_by("-reported_at", "-id").first()
    if last is not None:
        last.reviewer_note = note
        last.save(update_fields=["reviewer_note"])
    transition(
        task, to=TaskState.IN_PROGRESS, allowed_from={TaskState.REPORTED}, actor=actor,
        action="indicators.task.reject", unit_id=task.unit_id, what="nhiệm vụ",
        refusal=refusal, fields={"completed_on": None}, note=note,
    )  # fmt: skip

    notify(
        users=focal_points_of([task.unit]),
        title=f"Chưa xác nhận hoàn thành: {task.title}",
        body=note,
        url=f"/nhiem-vu-cchc/{task.pk}/",
    )
    return task
