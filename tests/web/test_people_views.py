import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_person
from thidua.core.models import AuditLog
from thidua.org.models import Person


def _names(response) -> list[str]:
    return [p.full_name for p in response.context["page"]]


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("web:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_secretariat_lists_people_of_every_commune_in_vietnamese_order(client, world, secretariat):
    make_person(world.commune_a, "Bế Thị An")
    response = login(client, secretariat).get(reverse("web:person_list"))
    assert _names(response) == ["Bế Thị An", "Đặng Thị Bích Đào", "Nguyễn Văn Hưởng"]
    assert "Đặng Thị Bích Đào" in response.content.decode()


def test_search_without_diacritics_finds_the_person(client, world, secretariat):
    response = login(client, secretariat).get(reverse("web:person_list"), {"q": "nguyen van huong"})
    assert _names(response) == ["Nguyễn Văn Hưởng"]
    response = client.get(reverse("web:person_list"), {"q": "dao"})
    assert _names(response) == ["Đặng Thị Bích Đào"]


def test_htmx_search_returns_only_the_results_fragment(client, world, secretariat):
    response = login(client, secretariat).get(
        reverse("web:person_list"), {"q": "huong"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Nguyễn Văn Hưởng" in body and "Đặng Thị Bích Đào" not in body
    assert "<html" not in body


def test_focal_point_never_sees_another_communes_people(client, world, focal_a):
    login(client, focal_a)
    response = client.get(reverse("web:person_list"), {"q": "dang"})
    assert _names(response) == []
    assert "Đặng Thị Bích Đào" not in response.content.decode()
    assert client.get(reverse("web:person_detail", args=[world.person_b.pk])).status_code == 404
    assert client.get(reverse("web:person_edit", args=[world.person_b.pk])).status_code == 404
    assert client.get(reverse("web:person_list"), {"unit": world.commune_b.pk}).status_code == 404
    assert client.get(reverse("web:unit_detail", args=[world.commune_b.pk])).status_code == 404


def test_focal_point_cannot_move_a_person_into_another_commune(client, world, focal_a):
    login(client, focal_a)
    response = client.post(
        reverse("web:person_edit", args=[world.person_a.pk]),
        {
            "code": world.person_a.code,
            "full_name": "Nguyễn Văn Hưởng",
            "gender": "male",
            "unit": world.commune_b.pk,
            "category": "can_bo",
        },
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    world.person_a.refresh_from_db()
    assert world.person_a.unit == world.commune_a


@pytest.mark.parametrize("persona", ["observer", "council_member", "editor"])
def test_readers_cannot_edit_people(client, request, world, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("web:person_detail", args=[world.person_b.pk])).status_code == 200
    assert client.get(reverse("web:person_edit", args=[world.person_b.pk])).status_code == 404
    assert client.get(reverse("web:person_create")).status_code == 403


def test_user_without_role_gets_forbidden_page_in_vietnamese(client, world, no_role_user):
    response = login(client, no_role_user).get(reverse("web:person_list"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    home = client.get(reverse("web:home"))
    assert "chưa được phân quyền" in home.content.decode()


def test_person_create_writes_the_person_and_an_audit_row(client, world, focal_a):
    login(client, focal_a)
    response = client.post(
        reverse("web:person_create"),
        {
            "code": "YL-100",
            "full_name": "  Hoàng   Thị Hằng ",
            "gender": "female",
            "position": "Công chức Văn hóa – Xã hội",
            "unit": world.commune_a.pk,
            "category": "cong_chuc",
            "birth_year": "1990",
            "ethnicity": "Tày",
        },
    )
    person = Person.objects.get(code="YL-100")
    assert response.status_code == 302 and response["Location"] == f"/ca-nhan/{person.pk}/"
    assert person.full_name == "Hoàng Thị Hằng" and person.unit == world.commune_a
    log = AuditLog.objects.get(action="org.person.create", object_id=str(person.pk))
    assert log.actor == focal_a and log.after["birth_year"] == 1990


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Trường này là bắt buộc."),
        ("full_name", "Hằng", "Nhập đầy đủ họ và tên"),
        ("birth_year", "19a0", "Nhập một số nguyên."),
        ("birth_year", "2999", "Năm sinh không được ở tương lai."),
        ("gender", "x", "Hãy chọn một lựa chọn hợp lệ"),
        ("code", "mã có dấu", "Mã chỉ gồm chữ không dấu"),
    ],
)
def test_person_create_rejects_bad_input_in_vietnamese(
    client, world, focal_a, field, value, message
):
    data = {
        "code": "YL-101",
        "full_name": "Hoàng Thị Hằng",
        "gender": "female",
        "unit": world.commune_a.pk,
        "category": "cong_chuc",
        "birth_year": "1990",
    }
    data[field] = value
    response = login(client, focal_a).post(reverse("web:person_create"), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Person.objects.filter(code=data["code"]).exists()


def test_duplicate_code_is_refused(client, world, secretariat):
    response = login(client, secretariat).post(
        reverse("web:person_create"),
        {
            "code": world.person_b.code,
            "full_name": "Hoàng Thị Hằng",
            "gender": "female",
            "unit": world.commune_a.pk,
            "category": "cong_chuc",
        },
    )
    assert "Mã cán bộ này đã được dùng cho một cá nhân khác." in str(
        response.context["form"].errors["code"]
    )


@pytest.mark.parametrize("extra", [1, 3])
def test_people_list_query_count_does_not_grow_with_rows(
    client, world, secretariat, django_assert_num_queries, extra
):
    for i in range(extra):
        make_person(world.commune_b, f"Lục Văn Thêm {i}")
    login(client, secretariat)
    with django_assert_num_queries(5):
        response = client.get(reverse("web:person_list"))
    assert len(response.context["page"]) == 2 + extra


def test_bad_page_number_falls_back_to_a_valid_page(client, world, secretariat):
    response = login(client, secretariat).get(reverse("web:person_list"), {"page": "zzz"})
    assert response.context["page"].number == 1
    response = client.get(reverse("web:person_list"), {"unit": "abc"})
    assert response.status_code == 404


def test_people_export_keeps_the_lists_filters(client, world, secretariat):
    import io

    from python_calamine import CalamineWorkbook

    make_person(world.commune_a, "Lò Văn Sinh", category="vien_chuc")
    response = login(client, secretariat).get(
        f"/xuat/ca-nhan.xlsx?q=&unit={world.commune_a.pk}&category=vien_chuc"
    )

    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()
    names = [r for r in rows[1:] if any(r)]
    assert len(names) == 1 and "Lò Văn Sinh" in names[0]


# Imports run on the task queue ---------------------------------------------------------------


def _upload(client, data: bytes, kind: str = "people"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return client.post(
        "/nhap-du-lieu/",
        {"kind": kind, "file": SimpleUploadedFile("danh-sach.xlsx", data, xlsx_type)},
    )


def test_an_import_is_a_job_whose_page_says_what_was_imported(client, world, secretariat):
    from tests.org.test_importers import people_file, person_row
    from thidua.monitoring.models import Job

    login(client, secretariat)
    response = _upload(client, people_file(person_row("CB101"), person_row("CB102", "Lò Văn Sáng")))

    job = Job.objects.get()
    assert response["Location"] == f"/viec/{job.pk}/"
    assert (job.kind, job.state, job.created_by) == ("people_import", "done", secretariat)
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập xong: 2 thêm mới, 0 cập nhật." in page
    assert set(
        Person.objects.filter(code__in=["CB101", "CB102"]).values_list("full_name", flat=True)
    ) == {
        "Nông Thị Hoa",
        "Lò Văn Sáng",
    }


def test_a_bad_file_fails_the_job_with_every_row_error_and_saves_nothing(
    client, world, secretariat, focal_b
):
    from tests.org.test_importers import people_file, person_row
    from thidua.monitoring.models import Job

    login(client, secretariat)
    before = Person.objects.count()
    response = _upload(
        client, people_file(person_row("CB103"), person_row("CB104", unit="KHONGCO", year=1850))
    )

    job = Job.objects.get()
    assert job.state == "failed"
    assert job.message == "Bị lỗi: Chưa nhập được: 2 lỗi cần sửa; không có dữ liệu nào được lưu."
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-errors"' in page and "KHONGCO" in page and "1850" in page
    assert Person.objects.count() == before  # all or nothing
    # The job and its errors are its owner's only.
    login(client, focal_b)
    assert client.get(response["Location"]).status_code == 404
