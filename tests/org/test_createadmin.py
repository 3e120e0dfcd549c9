"""`thidua createadmin`: a new office's first administrator, without /admin/ or the shell."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from thidua.core.models import AuditLog
from thidua.org.enums import Role, UnitKind
from thidua.org.models import RoleAssignment, Unit

pytestmark = pytest.mark.django_db
User = get_user_model()
ARGS = ["--username", "quantri", "--email", "QuanTri@CaoBang.gov.vn",
        "--full-name", "Nông Văn Minh", "--unit-code", "T04", "--unit-name", "Tỉnh Cao Bằng",
        "--password-stdin"]  # fmt: skip


def _run(monkeypatch, password: str, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("createadmin", *args, stdout=out)
    return out.getvalue()


def test_first_administrator_and_root_unit_on_an_empty_database(monkeypatch):
    assert not Unit.objects.exists() and not User.objects.exists()
    out = _run(monkeypatch, "Non-nuoc-Cao-Bang-2027", *ARGS)
    assert "Đã tạo quản trị viên «quantri» cho «Tỉnh Cao Bằng»" in out
    user = User.objects.get()
    unit = Unit.objects.get()
    assert (unit.code, unit.kind, unit.parent) == ("T04", UnitKind.PROVINCE, None)
    assert (user.email, user.last_name, user.first_name) == (
        "quantri@caobang.gov.vn",
        "Nông Văn",
        "Minh",
    )
    assert not user.is_staff and not user.is_superuser  # /admin/ stays for support
    assert list(RoleAssignment.objects.values_list("user", "role", "unit")) == [
        (user.pk, Role.ADMIN, unit.pk)
    ]
    assert AuditLog.objects.filter(action="org.account.create", object_id=str(user.pk)).exists()
    # the new administrator signs in and reaches the account screens
    client = Client()
    response = client.post(
        reverse("login"), {"username": "quantri", "password": "Non-nuoc-Cao-Bang-2027"}
    )
    assert response.status_code == 302
    page = client.get(reverse("web:account_list")).content.decode()
    assert "Mời người dùng mới" in page and "quantri" in page


def test_a_second_run_is_refused_and_changes_nothing(monkeypatch):
    _run(monkeypatch, "Non-nuoc-Cao-Bang-2027", *ARGS)
    before = (User.objects.count(), AuditLog.objects.count())
    other = [a if a != "quantri" else "quantri2" for a in ARGS]
    with pytest.raises(CommandError, match="Hệ thống đã có quản trị viên"):
        _run(monkeypatch, "Non-nuoc-Cao-Bang-2027", *other)
    assert (User.objects.count(), AuditLog.objects.count()) == before
    _run(monkeypatch, "Thac-Ban-Gioc-2027", *other, "--them-nua")
    assert User.objects.filter(username="quantri2").exists()


def test_a_weak_password_is_refused_in_vietnamese_and_nothing_is_created(monkeypatch):
    with pytest.raises(CommandError) as refused:
        _run(monkeypatch, "123", *ARGS)
    assert str(refused.value).splitlines() == [
        "Mật khẩu: Mật khẩu quá ngắn: cần ít nhất 8 ký tự.",
        "Mật khẩu: Mật khẩu này quá phổ biến.",
        "Mật khẩu: Mật khẩu này hoàn toàn là số.",
    ]
    assert not User.objects.exists() and not Unit.objects.exists()
    assert not AuditLog.objects.exists()


def test_an_unknown_unit_without_a_name_is_refused(monkeypatch):
    with pytest.raises(CommandError, match="Chưa có đơn vị mã «X9»"):
        _run(monkeypatch, "Non-nuoc-Cao-Bang-2027", "--username", "a", "--email", "a@b.vn",
             "--full-name", "Ma Văn A", "--unit-code", "X9", "--password-stdin")  # fmt: skip
    assert not User.objects.exists()
