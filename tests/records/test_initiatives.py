"""The initiatives register: services (audited, Vietnamese refusals) and screens."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_person
from thidua.core.models import AuditLog
from thidua.records import selectors, services
from thidua.records.models import Initiative

pytestmark = pytest.mark.django_db


def _make(world, actor, **extra):
    values = {
        "name": "Số hóa sổ hộ tịch",
        "unit": world.commune_a,
        "authors": [world.person_a],
        "year": 2022,
        "recognised_by": "Hội đồng sáng kiến huyện Nguyên Bình",
        "scope": "co_so",
        "decision_number": "21/QĐ-HĐSK",
        "decision_date": dt.date(2022, 12, 1),
        "summary": "",
    } | extra
    return services.initiative_create(actor=actor, **values)


def test_create_update_delete_are_audited(world, focal_a):
    initiative = _make(world, focal_a)
    assert list(initiative.authors.all()) == [world.person_a]
    other = make_person(world.commune_a, "Lò Văn Pảo")
    services.initiative_update(
        actor=focal_a,
        initiative=initiative,
        authors=[world.person_a, other],
        name="Số hóa sổ hộ tịch (bản 2)",
        unit=world.commune_a,
        year=2022,
        recognised_by="Hội đồng sáng kiến huyện Nguyên Bình",
        scope="tinh",
        decision_number="",
        decision_date=None,
        summary="",
    )
    initiative.refresh_from_db()
    assert initiative.scope == "tinh" and initiative.authors.count() == 2
    services.initiative_delete(actor=focal_a, initiative=initiative)
    assert not Initiative.objects.exists()
    assert list(
        AuditLog.objects.filter(action__startswith="records.initiative")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["records.initiative.create", "records.initiative.update", "records.initiative.delete"]


def test_refusals_are_vietnamese_and_store_nothing(world, focal_a):
    with pytest.raises(ValidationError) as exc:
        _make(world, focal_a, authors=[world.person_b], decision_date=dt.date(2021, 5, 1))
    assert exc.value.message_dict == {
        "authors": ["Tác giả không thuộc đơn vị hoặc đơn vị cấp dưới: Đặng Thị Bích Đào."],
        "decision_date": ["Ngày công nhận không thể trước năm của sáng kiến."],
    }
    with pytest.raises(ValidationError) as exc:
        _make(world, focal_a, authors=[])
    assert exc.value.message_dict == {"authors": ["Chọn ít nhất một tác giả."]}
    assert not Initiative.objects.exists()


def test_screens_list_create_and_keep_other_units_out(
    client, world, focal_a, focal_b, django_assert_max_num_queries
):
    login(client, focal_a)
    url = reverse("web:initiative_create")
    bad = {"name": "", "unit": world.commune_a.pk, "authors": "KHONG-CO", "year": "2999",
           "recognised_by": "HĐ", "scope": "co_so"}  # fmt: skip
    response = client.post(url, bad)
    page = response.content.decode()
    assert "Không tìm thấy cán bộ có mã: «KHONG-CO»." in page
    assert "Năm không được sau năm hiện tại." in page
    assert not Initiative.objects.exists()
    response = client.post(
        url,
        {
            "name": "Ứng dụng Zalo trả kết quả TTHC",
            "unit": world.commune_a.pk,
            "authors": world.person_a.code,
            "year": "2022",
            "recognised_by": "Chủ tịch UBND xã",
            "scope": "co_so",
            "decision_date": "2022-12-20",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    for i in range(5):
        _make(world, focal_a, name=f"Sáng kiến {i}")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("web:initiative_list"), {"year": "2022"}).content.decode()
    assert "Ứng dụng Zalo trả kết quả TTHC" in page and world.person_a.full_name in page
    assert "20/12/2022" in page
    person_page = client.get(reverse("web:person_detail", args=[world.person_a.pk]))
    assert "Ứng dụng Zalo trả kết quả TTHC" in person_page.content.decode()
    login(client, focal_b)
    assert "Ứng dụng Zalo" not in client.get(reverse("web:initiative_list")).content.decode()
    edit = reverse("web:initiative_edit", args=[initiative.pk])
    assert client.get(edit).status_code == 404
    assert client.post(reverse("web:initiative_delete", args=[initiative.pk])).status_code == 404
    # focal B cannot put commune A's unit on an initiative either
    response = client.post(url, {"name": "X", "unit": world.commune_a.pk,
                                 "authors": world.person_b.code, "year": "2022",
                                 "recognised_by": "HĐ", "scope": "co_so"})  # fmt: skip
    assert response.status_code == 200 and Initiative.objects.count() == 6


def test_bulk_reader_by_person(world, focal_a):
    _make(world, focal_a, year=2021, scope="tinh")
    assert selectors.initiatives_by_person([world.person_a.pk, world.person_b.pk]) == {
        world.person_a.pk: [(2021, "tinh", "Số hóa sổ hộ tịch")]
    }
