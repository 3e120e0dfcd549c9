# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Officers keep a person's service history (quá trình công tác) on the person's page and
through the API: add, correct, delete — audited, refused outside the person's unit, with
Vietnamese messages, overlaps allowed but warned about."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from tests.api.conftest import bearer, writer  # noqa: F401
from tests.conftest import login
from thidua.core.models import AuditLog
from thidua.org import services
from thidua.org.models import ServicePeriod
from thidua.org.service_time import overlapping

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    "start,end,others,expected",
    [
        (D(2010, 1, 1), D(2010, 12, 31), [(1, D(2011, 1, 1), None)], []),  # touching: none
        (D(2010, 1, 1), D(2011, 1, 1), [(1, D(2011, 1, 1), None)], [1]),  # one shared day
        (D(2010, 1, 1), None, [(1, D(2000, 1, 1), D(2009, 12, 31)), (2, D(2020, 1, 1), None)],
         [2]),  # an open period runs on
        (D(2012, 1, 1), D(2012, 2, 29), [(1, D(2012, 2, 29), D(2012, 3, 1))], [1]),  # leap day
    ],
)  # fmt: skip
def test_overlaps_by_table(start, end, others, expected):
    assert overlapping(start, end, others) == expected


def _form(**values):
    base = {"organisation": "UBND xã Yên Lạc", "position": "Công chức Tư pháp – Hộ tịch",
            "started_on": "2005-03-01", "ended_on": "", "note": ""}  # fmt: skip
    return base | values


def test_the_focal_point_adds_corrects_and_deletes_a_period_on_the_page(
    client, world, focal_a, secretariat
):
    person = world.person_a
    login(client, focal_a)
    page = client.get(reverse("web:person_detail", args=[person.pk])).content.decode()
    assert 'id="service-period-add"' in page and "Chưa ghi quá trình công tác" in page
    url = reverse("web:service_period_add", args=[person.pk])
    # bad input: a Vietnamese message per field, nothing written
    bad = client.post(url, _form(organisation=" ", started_on="2005-03-01", ended_on="2004-01-01"))
    text = bad.content.decode()
    assert "Nhập cơ quan, đơn vị công tác." in text
    assert ServicePeriod.objects.count() == 0
    bad = client.post(url, _form(ended_on="2004-01-01"))
    assert "Ngày kết thúc không được trước ngày bắt đầu (01/03/2005)." in bad.content.decode()
    bad = client.post(url, _form(started_on="2999-01-01"))
    assert "Ngày bắt đầu không được ở tương lai." in bad.content.decode()
    assert ServicePeriod.objects.count() == 0
    # a good one, NFC-normalised, audited
    decomposed = "UBND xa\u0303 Yên Lạc"
    done = client.post(url, _form(organisation=decomposed, ended_on="2015-02-28",
                                  note="Theo Quyết định số 12/QĐ-UBND"), follow=True)  # fmt: skip
    first = ServicePeriod.objects.get()
    assert first.organisation == "UBND xã Yên Lạc"
    page = done.content.decode()
    assert "Đã thêm giai đoạn công tác tại «UBND xã Yên Lạc»." in page
    assert "01/03/2005" in page and "28/02/2015" in page and "Theo Quyết định số 12/QĐ-UBND" in page
    assert AuditLog.objects.filter(
        action="org.service_period.add", object_id=str(first.pk)
    ).exists()
    # an overlapping one is kept, with a warning on save and on the page
    done = client.post(
        url, _form(organisation="Trạm Y tế xã", started_on="2014-01-01"), follow=True
    )
    page = done.content.decode()
    assert "Trùng thời gian với giai đoạn «UBND xã Yên Lạc» (01/03/2005 – 28/02/2015)." in page
    second = ServicePeriod.objects.get(organisation="Trạm Y tế xã")
    # correct it so it no longer overlaps
    edit = reverse("web:service_period_edit", args=[second.pk])
    form = client.get(edit).content.decode()
    assert "Xóa giai đoạn công tác" in form
    assert f'href="{reverse("web:person_detail", args=[person.pk])}#cong-tac">Hủy</a>' in form
    assert 'href="{}">Hủy'.format(reverse("web:person_detail", args=[person.pk])) not in form
    done = client.post(edit, _form(organisation="Trạm Y tế xã", started_on="2015-03-01"),
                       follow=True)  # fmt: skip
    assert "Đã lưu giai đoạn công tác." in done.content.decode()
    assert "Trùng thời gian" not in done.content.decode()
    log = AuditLog.objects.get(action="org.service_period.update")
    assert (log.before["started_on"], log.after["started_on"]) == ("2014-01-01", "2015-03-01")
    # delete
    done = client.post(reverse("web:service_period_delete", args=[second.pk]), follow=True)
    assert "Đã xóa giai đoạn công tác tại «Trạm Y tế xã»." in done.content.decode()
    assert list(ServicePeriod.objects.values_list("pk", flat=True)) == [first.pk]
    assert AuditLog.objects.filter(action="org.service_period.remove").count() == 1


def test_another_communes_focal_point_is_refused_with_data_present(
    client, world, focal_b, secretariat
):
    period = services.service_period_add(
        actor=secretariat, person=world.person_a, organisation="UBND xã", started_on=D(2001, 1, 1)
    )
    login(client, focal_b)
    for url in [
        reverse("web:service_period_add", args=[world.person_a.pk]),
        reverse("web:service_period_edit", args=[period.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, _form()).status_code == 404
    assert client.post(reverse("web:service_period_delete", args=[period.pk])).status_code == 404
    assert ServicePeriod.objects.filter(pk=period.pk, organisation="UBND xã").exists()
    assert ServicePeriod.objects.count() == 1


def _send(client, method, path, headers, body=None):
    return getattr(client, method)(
        f"/api/v1{path}", data=json.dumps(body or {}, ensure_ascii=False),
        content_type="application/json", headers=headers,
    )  # fmt: skip


def test_the_api_lists_adds_corrects_and_deletes_on_the_same_services(
    client, world, focal_a, focal_b, writer, bearer, secretariat
):
    person = world.person_a
    headers = writer(focal_a)
    path = f"/people/{person.pk}/service-periods"
    made = _send(client, "post", path, headers, {
        "organisation": "UBND xã Yên Lạc", "position": "Phó Chủ tịch",
        "started_on": "2000-01-01", "ended_on": "2009-12-31",
    })  # fmt: skip
    assert made.status_code == 201, made.content
    first = made.json()
    assert (first["organisation"], first["ended_on"], first["warnings"]) == (
        "UBND xã Yên Lạc", "2009-12-31", [],
    )  # fmt: skip
    second = _send(client, "post", path, headers,
                   {"organisation": "UBND huyện", "started_on": "2009-06-01"}).json()  # fmt: skip
    assert second["warnings"] == [
        "Trùng thời gian với giai đoạn «UBND xã Yên Lạc» (01/01/2000 – 31/12/2009)."
    ]
    refused = _send(client, "post", path, headers,
                    {"organisation": "UBND huyện", "started_on": "2010-01-01",
                     "ended_on": "2009-01-01"})  # fmt: skip
    assert refused.status_code == 422
    assert [(d["loc"], d["msg"]) for d in refused.json()["detail"]] == [
        (["body", "ended_on"], "Ngày kết thúc không được trước ngày bắt đầu (01/01/2010).")
    ]
    listed = client.get(f"/api/v1{path}", headers=bearer(secretariat)).json()
    assert [p["id"] for p in listed["periods"]] == [first["id"], second["id"]]
    assert listed["periods"][0]["warnings"] and listed["length_days"] > 0
    # PATCH keeps the fields left out
    patched = _send(client, "patch", f"/service-periods/{second['id']}", headers,
                    {"started_on": "2010-01-01", "note": "Điều động"})  # fmt: skip
    assert patched.status_code == 200, patched.content
    assert (patched.json()["organisation"], patched.json()["started_on"],
            patched.json()["warnings"]) == ("UBND huyện", "2010-01-01", [])  # fmt: skip
    # another commune's focal point: 404 on its data, nothing written
    other = writer(focal_b)
    assert _send(client, "patch", f"/service-periods/{second['id']}", other,
                 {"note": "x"}).status_code == 404  # fmt: skip
    assert _send(client, "delete", f"/service-periods/{second['id']}", other).status_code == 404
    assert client.get(f"/api/v1{path}", headers=bearer(focal_b)).status_code == 404
    assert ServicePeriod.objects.get(pk=second["id"]).note == "Điều động"
    gone = _send(client, "delete", f"/service-periods/{second['id']}", headers)
    assert gone.status_code == 204
    assert not ServicePeriod.objects.filter(pk=second["id"]).exists()
    assert AuditLog.objects.filter(action__startswith="org.service_period.").count() == 4
