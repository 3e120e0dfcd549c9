"""core.transitions.transition: the one way a service changes a state (checked, stamped,
audited), table-driven over the cases every service relies on."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory, make_unit
from thidua.core.models import AuditLog
from thidua.core.transitions import sources, transition
from thidua.indicators.enums import TASK_TRANSITIONS, TaskState
from thidua.indicators.models import Task

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC)


@pytest.fixture
def task():
    unit = make_unit(code="TRANS1")
    return Task.objects.create(
        year=2026, issuer=unit, unit=unit, title="Số hóa hồ sơ", deadline=dt.date(2026, 6, 30),
        state=TaskState.REPORTED,
    )  # fmt: skip


ALLOWED = [
    # (allowed_from, to, extra kwargs, field → value expected after)
    ({TaskState.REPORTED}, TaskState.COMPLETED, {}, {}),
    ([TaskState.ASSIGNED, TaskState.REPORTED], TaskState.IN_PROGRESS, {}, {}),
    (TASK_TRANSITIONS, TaskState.COMPLETED, {}, {}),
    ({TaskState.REPORTED}, TaskState.COMPLETED, {"timestamp": "confirmed_at", "now": NOW},
     {"confirmed_at": NOW}),
    ({TaskState.REPORTED}, TaskState.IN_PROGRESS, {"fields": {"progress": 40}}, {"progress": 40}),
]  # fmt: skip


@pytest.mark.parametrize(("allowed_from", "to", "extra", "expected"), ALLOWED)
def test_allowed_moves_save_stamp_and_audit(task, allowed_from, to, extra, expected):
    actor = UserFactory()
    before = transition(
        task, to=to, allowed_from=allowed_from, actor=actor, action="indicators.task.test",
        unit_id=task.unit_id, what="nhiệm vụ", note="ghi chú", **extra,
    )  # fmt: skip
    assert before == TaskState.REPORTED
    task.refresh_from_db()
    assert task.state == to
    for name, value in expected.items():
        assert getattr(task, name) == value
    row = AuditLog.objects.order_by("-id").first()
    assert (row.action, row.object_id, row.actor, row.unit_id, row.note) == (
        "indicators.task.test",
        str(task.pk),
        actor,
        task.unit_id,
        "ghi chú",
    )
    assert row.before == {"state": TaskState.REPORTED}
    assert row.after == {"state": to}


REFUSED = [
    # (allowed_from, to, refusal, message)
    ({TaskState.ASSIGNED}, TaskState.IN_PROGRESS, "",
     "Không thể chuyển nhiệm vụ từ «Đơn vị báo cáo hoàn thành» sang «Đang thực hiện»."),
    (set(), TaskState.COMPLETED, "",
     "Không thể chuyển nhiệm vụ từ «Đơn vị báo cáo hoàn thành» sang «Đã xác nhận hoàn thành»."),
    ({TaskState.COMPLETED: "x"}.keys(), TaskState.ASSIGNED, "Chỉ giao lại nhiệm vụ đã xong.",
     "Chỉ giao lại nhiệm vụ đã xong."),
    (TASK_TRANSITIONS, TaskState.ASSIGNED, "",
     "Không thể chuyển nhiệm vụ từ «Đơn vị báo cáo hoàn thành» sang «Đã giao»."),
]  # fmt: skip


@pytest.mark.parametrize(("allowed_from", "to", "refusal", "message"), REFUSED)
def test_refused_moves_name_the_state_and_write_nothing(task, allowed_from, to, refusal, message):
    rows = AuditLog.objects.count()
    with pytest.raises(ValidationError) as caught:
        transition(
            task, to=to, allowed_from=allowed_from, actor=None, action="indicators.task.test",
            unit_id=task.unit_id, what="nhiệm vụ", refusal=refusal, timestamp="confirmed_at",
        )  # fmt: skip
    assert caught.value.messages == [message]
    task.refresh_from_db()
    assert (task.state, task.confirmed_at) == (TaskState.REPORTED, None)
    assert AuditLog.objects.count() == rows


def test_action_may_depend_on_the_state_left_and_after_adds_to_the_audit(task):
    transition(
        task, to=TaskState.IN_PROGRESS, allowed_from=TASK_TRANSITIONS, actor=None,
        action=lambda before: f"indicators.{TASK_TRANSITIONS[(before, TaskState.IN_PROGRESS)]}",
        unit_id=task.unit_id, what="nhiệm vụ", after={"progress": 10},
    )  # fmt: skip
    row = AuditLog.objects.order_by("-id").first()
    assert (
        row.action == f"indicators.{TASK_TRANSITIONS[(TaskState.REPORTED, TaskState.IN_PROGRESS)]}"
    )
    assert row.after == {"state": TaskState.IN_PROGRESS, "progress": 10}


def test_sources_reads_a_transitions_table():
    table = {("a", "b"): "x", ("c", "b"): "y", ("b", "c"): "z"}
    assert sources(table, "b") == {"a", "c"}
    assert sources(table, "a") == set()
