"""The audit log is a hash chain: a row changed, removed or slipped in after the fact is found
by `thidua audit verify`, which names the first broken row; no interface can change a row; two
writers at once never fork the chain (test_audit_chain_concurrency.py)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import UserFactory
from thidua.core.models import AUDIT_GENESIS, AuditLog, AuditLogImmutable
from thidua.core.services import audit_record, audit_verify


def _rows(n, actor=None):
    return [
        audit_record(actor=actor, action="test.write", after={"i": i, "tên": "Nguyễn Văn Á"})
        for i in range(n)
    ]


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.django_db
def test_each_row_carries_the_hash_of_the_one_before(capsys):
    AuditLog.objects.all()._raw_delete(AuditLog.objects.db)  # start a fresh chain
    rows = _rows(3, actor=UserFactory())
    assert rows[0].prev_hash == AUDIT_GENESIS
    assert rows[1].prev_hash == rows[0].row_hash
    assert rows[2].prev_hash == rows[1].row_hash
    assert len({r.row_hash for r in rows}) == 3
    report = audit_verify()
    assert report.broken is None and report.rows == 3 and report.head == rows[2].row_hash
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "nguyên vẹn: 3 dòng" in out and rows[2].row_hash in out


@pytest.mark.django_db
def test_a_row_edited_in_the_database_is_named():
    rows = _rows(4)
    _sql("UPDATE core_auditlog SET note = %s WHERE id = %s", ["sửa lén", rows[1].pk])
    report = audit_verify()
    assert report.broken.pk == rows[1].pk
    with pytest.raises(CommandError, match=rf"dòng #{rows[1].pk} .*bị sửa"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_a_row_edited_with_its_hash_recomputed_breaks_the_next_link():
    rows = _rows(3)
    forged = AuditLog.objects.get(pk=rows[0].pk)
    forged.actor_name = "người khác"
    from thidua.core.models import audit_hash

    new_hash = audit_hash(forged.prev_hash, forged.hashed_values())
    _sql(
        "UPDATE core_auditlog SET actor_name = %s, row_hash = %s WHERE id = %s",
        ["người khác", new_hash, rows[0].pk],
    )
    assert audit_verify().broken.pk == rows[1].pk


@pytest.mark.django_db
def test_a_deleted_row_is_found_at_the_next_one():
    rows = _rows(3)
    _sql("DELETE FROM core_auditlog WHERE id = %s", [rows[1].pk])
    report = audit_verify()
    assert report.broken.pk == rows[2].pk
    with pytest.raises(CommandError, match=rf"dòng #{rows[2].pk} .*xóa"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_the_orm_cannot_change_or_delete_a_row():
    row = _rows(1)[0]
    row.note = "khác"
    with pytest.raises(AuditLogImmutable):
        row.save()
    with pytest.raises(AuditLogImmutable):
        row.delete()
    with pytest.raises(AuditLogImmutable):
        AuditLog.objects.filter(pk=row.pk).update(note="khác")
    with pytest.raises(AuditLogImmutable):
        AuditLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(AuditLogImmutable):
        AuditLog.objects.create(action="ngoài chuỗi")
    assert AuditLog.objects.get(pk=row.pk).note == ""
    assert audit_verify().broken is None


@pytest.mark.django_db
def test_a_user_with_audit_rows_cannot_be_deleted_so_the_chain_holds():
    from django.db.models import ProtectedError

    user = UserFactory()
    _rows(1, actor=user)
    with pytest.raises(ProtectedError):
        user.delete()
    assert audit_verify().broken is None
