"""Importing award history from Excel: all or nothing, a Vietnamese message per row."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import login
from tests.indicators.test_importers import xlsx
from thidua.records import importers
from thidua.records.models import AwardRecord

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã cán bộ", "Mã đơn vị", "Năm thành tích", "Danh hiệu, hình thức", "Cơ quan quyết định",
    "Số quyết định", "Ngày quyết định", "Tiền thưởng", "Thành tích",
]  # fmt: skip
ISSUER = "UBND huyện Nguyên Bình"


def _row(person="", unit="", year=2022, title="Lao động tiên tiến", number="15/QĐ-UBND",
         day=dt.date(2023, 1, 20), amount=540000, achievement=""):  # fmt: skip
    return [person, unit, year, title, ISSUER, number, day, amount, achievement]


def test_a_clean_file_imports_people_and_units(world, secretariat):
    data = xlsx(HEADER, [
        _row(person=world.person_a.code, year=2021, day=dt.date(2022, 1, 10), amount=450000),
        _row(person=world.person_a.code, title="chien si thi dua co so", number="16/QĐ-UBND"),
        _row(unit=world.commune_a.code, title="Tập thể lao động tiên tiến", amount=None),
        _row(person=world.person_b.code, title="Giấy khen của Chủ tịch UBND cấp huyện",
             achievement="Thành tích xuất sắc trong phong trào thi đua cải cách hành chính"),
    ])  # fmt: skip
    result = importers.history_import(actor=secretariat, data=data)
    assert result.ok, result.errors
    assert result.created == 4
    rows = {
        (r.person_id, r.unit_id, r.year, r.title_code, r.level, r.amount)
        for r in AwardRecord.objects.all()
    }
    a, b, unit = world.person_a, world.person_b, world.commune_a
    assert rows == {
        (a.pk, a.unit_id, 2021, "LAO_DONG_TIEN_TIEN", "co_so", 450000),
        (a.pk, a.unit_id, 2022, "CSTD_CO_SO", "co_so", 540000),
        (None, unit.pk, 2022, "TAP_THE_LDTT", "co_so", None),
        (b.pk, b.unit_id, 2022, "GIAY_KHEN_CHU_TICH_HUYEN", "huyen", 540000),
    }


def test_every_bad_row_is_named_and_nothing_is_saved(world, secretariat):
    AwardRecord.objects.all().delete()
    importers.history_import(
        actor=secretariat, data=xlsx(HEADER, [_row(person=world.person_b.code, year=2021)])
    )
    assert AwardRecord.objects.count() == 1
    data = xlsx(HEADER, [
        _row(person=world.person_a.code),                                      # 2: fine alone
        _row(person="KHONG-CO"),                                                # 3
        _row(unit="X99999", title="Tập thể lao động tiên tiến"),                # 4
        _row(person=world.person_a.code, number="99/QĐ-UBND"),                  # 5: dup of 2
        _row(person=world.person_b.code, year=2021),                            # 6: recorded
        _row(person=world.person_a.code, title="Chiến sĩ thi đua cơ sở", day="31/02/2023"),  # 7
        _row(person=world.person_a.code, title="Giấy khen của Chủ tịch UBND cấp huyện",
             day=dt.date(2025, 8, 1), year=2025),                                # 8
        _row(unit=world.commune_a.code, title="Lao động tiên tiến"),             # 9
        _row(person=world.person_a.code, title="Huân chương Mặt Trời"),          # 10
        _row(person=world.person_a.code, title="Chiến sĩ thi đua cơ sở", year=2022,
             day=dt.date(2021, 12, 1)),                                          # 11
        _row(person=world.person_a.code, title="Chiến sĩ thi đua cơ sở",
             day=dt.date(2099, 1, 1)),                                           # 12
    ])  # fmt: skip
    result = importers.history_import(actor=secretariat, data=data)
    assert not result.ok
    messages = [e.message for e in result.errors]
    assert messages == [
        "Dòng 3, cột «Mã cán bộ»: không tìm thấy cán bộ có mã «KHONG-CO» trong phạm vi của bạn.",
        "Dòng 4, cột «Mã đơn vị»: không tìm thấy đơn vị có mã «X99999» trong phạm vi của bạn.",
        "Dòng 5, cột «Danh hiệu, hình thức»: trùng với dòng 2: Nguyễn Văn Hưởng – «Lao động "
        "tiên tiến» năm 2022.",
        "Dòng 6, cột «Danh hiệu, hình thức»: đã có trong quá trình khen thưởng: Đặng Thị Bích "
        "Đào – «Lao động tiên tiến» năm 2021.",
        "Dòng 7, cột «Ngày quyết định»: «31/02/2023» không phải là ngày hợp lệ (dd/mm/yyyy).",
        "Dòng 8, cột «Danh hiệu, hình thức»: «Giấy khen của Chủ tịch UBND cấp huyện» không có "
        "vào ngày 01/08/2025 (chỉ có từ 01/07/2004 đến 30/06/2025).",
        "Dòng 9, cột «Danh hiệu, hình thức»: «Lao động tiên tiến» không tặng cho tập thể.",
        "Dòng 10, cột «Danh hiệu, hình thức»: không có danh hiệu, hình thức «Huân chương Mặt "
        "Trời».",
        "Dòng 11, cột «Ngày quyết định»: ngày quyết định 01/12/2021 trước năm thành tích 2022.",
        "Dòng 12, cột «Ngày quyết định»: ngày 01/01/2099 ở tương lai.",
    ]
    assert AwardRecord.objects.count() == 1


def test_another_units_person_is_unknown_to_a_focal_point(world, focal_b, secretariat):
    from thidua.org.enums import Role
    from thidua.org.services import role_grant

    role_grant(actor=None, user=focal_b, role=Role.SECRETARIAT, unit=world.commune_b)
    data = xlsx(HEADER, [_row(person=world.person_a.code)])
    result = importers.history_import(actor=focal_b, data=data)
    assert [e.message for e in result.errors] == [
        f"Dòng 2, cột «Mã cán bộ»: không tìm thấy cán bộ có mã «{world.person_a.code}» trong "
        "phạm vi của bạn."
    ]


def test_the_import_runs_as_a_job_from_the_import_page(client, world, secretariat, focal_a):
    data = xlsx(HEADER, [_row(person=world.person_a.code)])
    login(client, secretariat)
    template = client.get(reverse("web:import_template", args=["history"]))
    assert template["Content-Disposition"].endswith('mau-nhap-qua-trinh-khen-thuong.xlsx"')
    response = client.post(
        reverse("web:import"),
        {"kind": "history", "file": SimpleUploadedFile("ls.xlsx", data)},
        follow=True,
    )
    assert "Đã nhập 1 khen thưởng vào quá trình khen thưởng." in response.content.decode()
    assert AwardRecord.objects.get().person == world.person_a
    login(client, focal_a)  # a focal point imports people, not history
    response = client.post(
        reverse("web:import"), {"kind": "history", "file": SimpleUploadedFile("ls.xlsx", data)}
    )
    assert response.status_code == 403
    assert AwardRecord.objects.count() == 1


def test_the_template_reads_back_as_a_valid_file(world, secretariat):
    result = importers.history_import(actor=secretariat, data=importers.history_template())
    # the example row names a person code that does not exist: one row error, no file error
    assert [e.row for e in result.errors] == [2]
