"""The organisation over time through the API (issue 15, items 2 and 3)."""

import datetime as dt

import pytest

from thidua.core.models import AuditLog
from thidua.org.models import Person, Unit, UnitSuccession

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(Unit.objects.values_list("pk", "name", "parent_id", "valid_to")),
        sorted(Person.objects.values_list("pk", "unit_id")),
        UnitSuccession.objects.count(),
        AuditLog.objects.count(),
    )


def test_merge_two_communes_into_a_new_one(api_send, writer, secretariat, world):
    response = api_send("post", f"/units/{world.commune_a.pk}/merge", writer(secretariat), {
        "mode": "new", "code": "X09001", "name": "Xã Nguyên Bình",
        "others": [world.commune_b.pk], "effective_on": "2025-07-01",
    })  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["valid_from"], body["parent_id"]) == (
        "Xã Nguyên Bình", "2025-07-01", world.district.pk
    )  # fmt: skip
    assert Unit.objects.get(pk=world.commune_b.pk).valid_to == dt.date(2025, 6, 30)
    assert Person.objects.filter(unit_id=body["id"]).count() == 2


def test_rename_and_split(api_send, writer, secretariat, world):
    headers = writer(secretariat)
    renamed = api_send("post", f"/units/{world.commune_a.pk}/rename", headers,
                       {"name": "Phường Yên Lạc", "effective_on": "2025-07-01"})  # fmt: skip
    assert renamed.json()["name"] == "Phường Yên Lạc"
    split = api_send("post", f"/units/{world.commune_b.pk}/split", headers, {
        "parts": [{"code": "X1", "name": "Xã Một"}, {"code": "X2", "name": "Xã Hai"}],
        "effective_on": "2026-01-01",
    })  # fmt: skip
    assert split.status_code == 201, split.content
    assert [u["name"] for u in split.json()] == ["Xã Một", "Xã Hai"]


def test_bad_input_is_a_vietnamese_422_and_changes_nothing(api_send, writer, secretariat, world):
    headers = writer(secretariat)
    response = api_send("post", f"/units/{world.commune_a.pk}/merge", headers,
                        {"mode": "new", "effective_on": "2025-07-01"})  # fmt: skip
    assert response.status_code == 422
    msgs = {e["loc"][-1]: e["msg"] for e in response.json()["detail"]}
    assert msgs == {"code": "Nhập mã đơn vị mới.", "name": "Nhập tên đơn vị mới."}
    assert not Unit.objects.filter(valid_to__isnull=False).exists()
    early = api_send("post", f"/units/{world.commune_a.pk}/rename", headers,
                     {"name": "Phường Yên Lạc", "effective_on": "1990-01-01"})  # fmt: skip
    assert early.status_code == 200  # no start date recorded: any date is after it
    before = _state()
    again = api_send("post", f"/units/{world.commune_a.pk}/rename", headers,
                     {"name": "Phường Khác", "effective_on": "1989-01-01"})  # fmt: skip
    assert again.status_code == 422
    assert "ngày đổi tên mới phải sau" in again.json()["detail"][0]["msg"]
    assert _state() == before


def test_another_units_focal_point_gets_404(api_send, writer, focal_b, world):
    headers = writer(focal_b)
    before = _state()
    response = api_send("post", f"/units/{world.commune_a.pk}/rename", headers,
                        {"name": "X", "effective_on": "2025-07-01"})  # fmt: skip
    assert response.status_code == 404
    assert _state() == before
