"""CCHC tasks (assign → report → confirm or return) and staff records: states, who may do
each, Vietnamese refusals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.indicators.test_bulk_readers import _pdf
from thidua.core.models import AuditLog, Notification
from thidua.indicators import services
from thidua.indicators.enums import TaskState
from thidua.indicators.models import DisciplineRecord


@pytest.fixture
def task(world, secretariat):
    return services.task_create(
        actor=secretariat,
        issuer=world.district,
        unit=world.commune_a,
        year=2023,
        title="Số hóa hồ sơ, kết quả giải quyết TTHC",
        deadline=dt.date(2023, 9, 30),
    )


def test_task_goes_assigned_in_progress_reported_completed(task, secretariat, focal_a):
    services.task_report(actor=focal_a, task=task, progress=40, note="Đã số hóa 40% hồ sơ.")
    task.refresh_from_db()
    assert (task.state, task.progress) == (TaskState.IN_PROGRESS, 40)
    services.task_report(
        actor=focal_a, task=task, progress=0, note="Hoàn thành.", done=True, evidence=_pdf()
    )
    task.refresh_from_db()
    assert (task.state, task.progress) == (TaskState.REPORTED, 100)
    with pytest.raises(ValidationError) as exc:
        services.task_report(actor=focal_a, task=task, progress=100, note="Lần nữa.")
    assert exc.value.messages == ["Đơn vị đã báo cáo hoàn thành; chờ cơ quan giao xác nhận."]
    services.task_confirm(actor=secretariat, task=task, completed_on=dt.date(2023, 10, 3))
    task.refresh_from_db()
    assert (task.state, task.completed_on, task.late) == (
        TaskState.COMPLETED,
        dt.date(2023, 10, 3),
        True,
    )
    assert list(
        AuditLog.objects.filter(object_type="indicators.task")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "indicators.task.create",
        "indicators.task.report",
        "indicators.task.report",
        "indicators.task.confirm",
    ]


def test_task_return_tells_the_unit_why(task, secretariat, focal_a):
    services.task_report(
        actor=focal_a, task=task, progress=100, note="Xong.", done=True, evidence=_pdf()
    )
    with pytest.raises(ValidationError):
        services.task_reject(actor=secretariat, task=task, note="  ")
    services.task_reject(actor=secretariat, task=task, note="Chưa số hóa kết quả giải quyết.")
    task.refresh_from_db()
    assert (task.state, task.completed_on) == (TaskState.IN_PROGRESS, None)
    assert task.reports.last().reviewer_note == "Chưa số hóa kết quả giải quyết."
    note = Notification.objects.get(user=focal_a, title__startswith="Chưa xác nhận hoàn thành")
    assert note.body == "Chưa số hóa kết quả giải quyết."


def test_task_refusals(world, task, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.task_confirm(actor=secretariat, task=task)
    assert exc.value.messages == ["Chỉ xác nhận nhiệm vụ đơn vị đã báo cáo hoàn thành."]
    with pytest.raises(ValidationError) as exc:
        services.task_report(actor=None, task=task, progress=100, note="Xong.", done=True)
    assert exc.value.messages == ["Báo cáo hoàn thành cần kèm tài liệu kiểm chứng."]
    with pytest.raises(ValidationError) as exc:
        services.task_report(actor=None, task=task, progress=120, note="Vượt.")
    assert exc.value.message_dict == {"progress": ["Giá trị phải nhỏ hơn hoặc bằng 100."]}
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            actor=None,
            issuer=world.commune_a,
            unit=world.commune_b,
            year=2023,
            title="Ngoài phạm vi",
            deadline=dt.date(2023, 1, 1),
        )
    assert exc.value.messages == ["Xã Ca Thành không thuộc phạm vi của Xã Yên Lạc."]


def test_who_may_report_and_confirm(task, secretariat, focal_a, focal_b, council_member):
    assert focal_a.has_perm("indicators.report_task", task)
    assert not focal_b.has_perm("indicators.report_task", task)
    assert not focal_b.has_perm("indicators.view_task", task)
    assert secretariat.has_perm("indicators.change_task", task)
    for user in (focal_a, focal_b, council_member):
        assert not user.has_perm("indicators.change_task", task)


def test_discipline_period_and_refusals(world, secretariat, focal_a):
    record = services.discipline_add(
        actor=secretariat,
        person=world.person_a,
        form="canh_cao",
        decision_number="3/QĐ-UBND",
        decided_on=dt.date(2024, 1, 31),
        months=1,
    )
    assert record.effective_to == dt.date(2024, 2, 28)  # 31/01 + 1 month, last day included
    with pytest.raises(ValidationError) as exc:
        services.discipline_add(
            actor=None,
            person=world.person_a,
            form="phat_tien",
            decision_number="1",
            decided_on=dt.date(2024, 1, 1),
        )
    assert exc.value.messages == ["Hình thức kỷ luật không hợp lệ."]
    with pytest.raises(ValidationError) as exc:
        services.discipline_add(
            actor=None,
            person=world.person_a,
            form="khien_trach",
            decision_number="2",
            decided_on=dt.date(2024, 1, 1),
            effective_to=dt.date(2023, 12, 1),
        )
    assert exc.value.messages == ["Ngày hết hiệu lực phải sau ngày có hiệu lực."]
    assert DisciplineRecord.objects.count() == 1
    assert secretariat.has_perm("indicators.change_staff_record", world.person_a)
    assert not focal_a.has_perm("indicators.change_staff_record", world.person_a)
    assert focal_a.has_perm("indicators.view_staff_record", world.person_a)
    assert not focal_a.has_perm("indicators.view_staff_record", world.person_b)
