"""Indicator, task and staff-record screens: exact content, refusals (404 outside the reader's
reach, with data present), Vietnamese messages for bad input, pinned query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_unit
from tests.indicators.conftest import (
    FULL_SELF,
    _private_media,  # noqa: F401
    assessment_of,
    build_framework,
    docx_bytes,
    leaf,
    pdf_upload,
    publish_with,
    self_all,
    vn,
)
from thidua.indicators import services
from thidua.indicators.enums import AssessmentState, TaskState
from thidua.indicators.models import Assessment, Evidence, Score, Task

FULL = FULL_SELF | {"3.1": "9"}


@pytest.fixture
def framework(world):
    from django.utils import timezone

    # the deadline is ahead of the real clock: the views use the server's time
    deadline = timezone.now() + dt.timedelta(days=10)
    return build_framework(
        world, year=2023, units=[world.commune_a, world.commune_b], deadline=deadline
    )


def _text(response) -> str:
    return response.content.decode()


def test_framework_page_shows_the_tree_and_the_score_table(client, world, secretariat, framework):
    login(client, secretariat)
    response = client.get(reverse("web:indicator_framework", args=[framework.pk]))
    html = _text(response)
    assert "Chỉ số CCHC cấp xã năm 2023" in html
    assert "Ban hành kế hoạch cải cách hành chính năm đúng hạn" in html
    assert html.count('data-unit="X0173') == 2
    assert "Xuất sắc từ 90,00 %" in html


def test_focal_point_sees_only_its_unit_and_not_the_other_communes(
    client, world, focal_a, framework
):
    login(client, focal_a)
    html = _text(client.get(reverse("web:indicator_framework", args=[framework.pk])))
    assert 'data-unit="X01732"' in html and 'data-unit="X01738"' not in html
    other = assessment_of(framework, world.commune_b)
    assert client.get(reverse("web:indicator_assessment", args=[other.pk])).status_code == 404
    node = leaf(framework, "2.1")
    response = client.post(
        reverse("web:indicator_score", args=[other.pk, node.pk]), {"score": "8", "explanation": "x"}
    )
    assert response.status_code == 404
    assert not Score.objects.exists()


def test_self_assessment_with_evidence_through_the_screen(client, world, focal_a, framework):
    login(client, focal_a)
    a = assessment_of(framework, world.commune_a)
    node = leaf(framework, "2.1")
    url = reverse("web:indicator_score", args=[a.pk, node.pk])
    response = client.post(url, {"score": "7,5".replace(",", "."), "evidence": pdf_upload()})
    assert response.status_code == 302
    score = Score.objects.get(assessment=a, node=node)
    assert score.self_score == Decimal("7.50")
    evidence = Evidence.objects.get(score=score)
    assert evidence.name == "bien-ban.pdf"
    download = client.get(reverse("web:indicator_evidence", args=[evidence.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "9"}, "Điểm tự chấm của tiêu chí 2.1 (9) vượt quá điểm tối đa 8."),
        ({"score": "-0.5"}, "Điểm tự chấm của tiêu chí 2.1 không được âm."),
        ({"score": "tám"}, "Điểm phải là một số."),
        ({"score": "8", "evidence": "exe"}, "Nội dung tệp không phải là tệp được chấp nhận"),
        ({"score": "8", "evidence": "xlsx"}, "Nội dung tệp không phải là tệp được chấp nhận"),
    ],
)
def test_bad_self_assessment_input_is_refused_in_vietnamese(
    client, world, focal_a, framework, data, message
):
    login(client, focal_a)
    a = assessment_of(framework, world.commune_a)
    url = reverse("web:indicator_score", args=[a.pk, leaf(framework, "2.1").pk])
    if data.get("evidence") == "exe":
        data["evidence"] = SimpleUploadedFile("kiem-chung.pdf", b"MZ\x90\x00 not a pdf")
    elif data.get("evidence") == "xlsx":
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
        data["evidence"] = SimpleUploadedFile("bang.docx", buf.getvalue())
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in _text(response)
    assert not Score.objects.exists() and not Evidence.objects.exists()


def test_docx_evidence_is_accepted_by_content(client, world, focal_a, framework):
    login(client, focal_a)
    a = assessment_of(framework, world.commune_a)
    url = reverse("web:indicator_score", args=[a.pk, leaf(framework, "1.2").pk])
    upload = SimpleUploadedFile("bao cao.DOCX", docx_bytes())
    assert client.post(url, {"score": "5", "evidence": upload}).status_code == 302
    assert Evidence.objects.get().name == "bao cao.docx"


def test_evidence_whose_name_does_not_match_its_content_is_refused(
    client, world, focal_a, framework
):
    login(client, focal_a)
    a = assessment_of(framework, world.commune_a)
    url = reverse("web:indicator_score", args=[a.pk, leaf(framework, "1.2").pk])
    upload = SimpleUploadedFile("bao cao.bin", docx_bytes())
    response = client.post(url, {"score": "5", "evidence": upload})
    assert "không khớp với nội dung tệp (Word (.docx))" in response.content.decode()
    assert not Evidence.objects.exists()


def test_submit_then_appraisal_only_by_the_secretariat(
    client, world, focal_a, secretariat, framework
):
    a = assessment_of(framework, world.commune_a)
    from django.utils import timezone

    self_all(a, FULL_SELF, now=timezone.now())
    login(client, focal_a)
    client.post(reverse("web:indicator_submit", args=[a.pk]))
    a.refresh_from_db()
    assert a.state == AssessmentState.SUBMITTED
    data = {f"score_{leaf(framework, c).pk}": v for c, v in FULL.items()} | {"finish": "1"}
    assert client.post(reverse("web:indicator_appraise", args=[a.pk]), data).status_code == 404
    login(client, secretariat)
    bad = data | {f"score_{leaf(framework, '2.2').pk}": "13"}
    response = client.post(reverse("web:indicator_appraise", args=[a.pk]), bad)
    assert "Điểm thẩm định của tiêu chí 2.2 (13) vượt quá điểm tối đa 12." in _text(response)
    assert Assessment.objects.get(pk=a.pk).state == AssessmentState.SUBMITTED
    assert client.post(reverse("web:indicator_appraise", args=[a.pk]), data).status_code == 302
    a.refresh_from_db()
    assert (a.state, a.points, a.band) == (AssessmentState.APPRAISED, Decimal("35.50"), "Tốt")


def test_published_result_page_shows_band_rank_and_chart(client, world, focal_a, framework):
    publish_with(
        world, framework, {world.commune_a: FULL | {"1.2": "6", "2.2": "12"}, world.commune_b: FULL}
    )
    login(client, focal_a)
    a = assessment_of(framework, world.commune_a)
    html = _text(client.get(reverse("web:indicator_assessment", args=[a.pk])))
    assert '<b id="band">Xuất sắc</b>' in html
    assert '<b id="percent">96,25 %</b>' in html
    assert '<b id="rank">1</b>xếp hạng trong 2 đơn vị' in html
    assert "<svg" in html and "Cải cách thủ tục hành chính" in html
    assert "(TB " in html  # the peer average is written, not only drawn


@pytest.mark.parametrize("count", [1, 3])
def test_score_table_query_count_is_constant(
    client, world, secretariat, count, django_assert_num_queries
):
    units = [make_unit(parent=world.district) for _ in range(count)]
    framework = build_framework(world, units=units)
    publish_with(world, framework, dict.fromkeys(units, FULL))
    login(client, secretariat)
    url = reverse("web:indicator_framework", args=[framework.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(13):
        response = client.get(url)
    assert _text(response).count("data-unit=") == count


def test_results_import_screen_shows_row_errors(client, world, secretariat, focal_a):
    framework = build_framework(world)
    from tests.indicators.test_importers import HEADER, xlsx

    data = xlsx(HEADER, [["X01732", "7.7", 1, ""]])
    url = reverse("web:indicator_import", args=[framework.pk])
    login(client, focal_a)
    assert client.get(url).status_code == 404
    login(client, secretariat)
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("kq.xlsx", data),
            "doc_number": "10/TB-UBND",
            "doc_date": "2024-01-20",
        },
        follow=True,  # to the import job's page (the queue ran it at once here)
    )
    assert response.redirect_chain[-1][0].startswith("/viec/")
    assert "Dòng 2, cột «Mã tiêu chí»: không có tiêu chí mã «7.7»" in _text(response)
    assert "Không có dữ liệu nào được lưu." in _text(response)
    assert not Assessment.objects.exists()


def test_task_report_and_confirmation(client, world, secretariat, focal_a, focal_b):
    task = services.task_create(
        actor=secretariat,
        issuer=world.district,
        unit=world.commune_a,
        year=2023,
        title="Rà soát, công khai thủ tục hành chính",
        deadline=dt.date(2023, 6, 30),
    )
    url = reverse("web:indicator_task", args=[task.pk])
    login(client, focal_b)
    assert client.get(url).status_code == 404
    login(client, focal_a)
    response = client.post(
        url, {"progress": "100", "note": "Đã công khai 100% TTHC.", "done": "on"}
    )
    assert "Báo cáo hoàn thành cần kèm tài liệu kiểm chứng." in _text(response)
    response = client.post(
        url,
        {
            "progress": "100",
            "note": "Đã công khai 100% TTHC.",
            "done": "on",
            "evidence": pdf_upload("bao-cao.pdf"),
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("web:indicator_task_confirm", args=[task.pk])).status_code == 404
    login(client, secretariat)
    client.post(reverse("web:indicator_task_confirm", args=[task.pk]))
    task.refresh_from_db()
    assert task.state == TaskState.COMPLETED
    html = _text(client.get(reverse("web:indicator_tasks") + "?year=2023"))
    assert "100,00 %" in html and "Rà soát, công khai thủ tục hành chính" in html


@pytest.mark.parametrize("count", [1, 3])
def test_task_list_query_count_is_constant(
    client, world, secretariat, count, django_assert_num_queries
):
    for i in range(count):
        services.task_create(
            actor=None,
            issuer=world.district,
            unit=world.commune_a,
            year=2023,
            title=f"Nhiệm vụ {i}",
            deadline=dt.date(2023, 6, 30),
        )
    login(client, secretariat)
    url = reverse("web:indicator_tasks") + "?year=2023"
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert _text(response).count("Nhiệm vụ ") >= count
    assert Task.objects.count() == count


def test_person_records_rating_and_discipline(client, world, secretariat, focal_a, focal_b):
    url = reverse("web:indicator_person", args=[world.person_a.pk])
    login(client, focal_b)
    assert client.get(url).status_code == 404
    login(client, focal_a)
    response = client.post(url, {"what": "rating", "year": "2023", "rating": "excellent"})
    assert response.status_code == 404
    login(client, secretariat)
    client.post(url, {"what": "rating", "year": "2023", "rating": "excellent"})
    response = client.post(
        url,
        {
            "what": "discipline",
            "form": "khien_trach",
            "decision_number": "12/QĐ-UBND",
            "decided_on": "2023-03-15",
            "months": "12",
        },
    )
    assert response.status_code == 302
    html = _text(client.get(url))
    assert "Hoàn thành xuất sắc nhiệm vụ" in html
    assert "12/QĐ-UBND ngày 15/03/2023" in html and "15/03/2023 – 14/03/2024" in html


def test_agency_sees_its_assigned_components_year_over_year(client, world, focal_b):
    from tests.factories import UserFactory
    from tests.indicators.test_bulk_readers import _ddci
    from thidua.org.enums import Role
    from thidua.org.services import role_grant

    fw22 = _ddci(world, 2022, {"D1": "6.5", "D2": "7", "D4": "5"})
    fw22.nodes.filter(code="D4").delete()
    fw23 = _ddci(world, 2023, {"D1": "7.25", "D2": "6", "D4": "8"})
    for code in ("D1", "D4"):
        services.component_assign(actor=None, node=leaf(fw23, code), unit=world.noivu)
    nv = UserFactory(username="daumoi.nv")
    role_grant(actor=None, user=nv, role=Role.FOCAL_POINT, unit=world.noivu)
    url = reverse("web:indicator_framework", args=[fw23.pk])
    login(client, focal_b)
    assert client.get(url).status_code == 404
    login(client, nv)
    html = _text(client.get(url))
    yoy = html[html.index('id="yoy"') :]
    assert "D1. Chi phí gia nhập thị trường" in yoy and "7,25 · Tăng" in yoy and "6,5" in yoy
    assert "D4. Tính năng động" in yoy and "chưa có dữ liệu" in yoy and "Chưa có dữ liệu" in yoy
    assert "D2." not in yoy  # not assigned to Phòng Nội vụ


@pytest.mark.parametrize("count", [1, 3])
def test_framework_list_query_count_is_constant(
    client, world, secretariat, count, django_assert_num_queries
):
    for year in range(2020, 2020 + count):
        build_framework(world, year=year)
    login(client, secretariat)
    url = reverse("web:indicator_frameworks")
    client.get(url)
    with django_assert_num_queries(6):
        response = client.get(url)
    import re

    assert len(re.findall(r'href="/chi-so/\d+/"', _text(response))) == count


def test_council_member_reads_but_may_not_publish(client, world, council_member, framework):
    publish_url = reverse("web:indicator_publish", args=[framework.pk])
    login(client, council_member)
    html = _text(client.get(reverse("web:indicator_framework", args=[framework.pk])))
    assert "Chỉ số CCHC cấp xã năm 2023" in html and 'id="publish"' not in html
    assert client.post(publish_url, {"doc_number": "1/TB"}).status_code == 404
    framework.refresh_from_db()
    assert framework.state == "open"


def test_no_role_user_is_refused(client, no_role_user, framework):
    login(client, no_role_user)
    assert client.get(reverse("web:indicator_frameworks")).status_code == 403
    assert client.get(reverse("web:indicator_framework", args=[framework.pk])).status_code == 403


def test_secretariat_extends_the_deadline_focal_point_may_not(
    client, world, secretariat, focal_a, framework
):
    url = reverse("web:indicator_deadline", args=[framework.pk])
    login(client, focal_a)
    assert client.post(url, {"self_deadline": "2030-01-31"}).status_code == 404
    login(client, secretariat)
    response = client.post(url, {"self_deadline": "ngày mai"}, follow=True)
    assert "Ngày không hợp lệ." in _text(response)
    client.post(url, {"self_deadline": "2030-01-31"})
    framework.refresh_from_db()
    # "until the end of 31/01" is "before 00:00 of 01/02", Vietnam time
    assert framework.self_deadline == vn(2030, 2, 1)


def test_staff_ratings_import_runs_as_a_job_for_its_owner(client, world, secretariat, focal_b):
    from tests.indicators.test_importers import xlsx
    from thidua.indicators.models import StaffRating

    header = ["Mã cán bộ", "Năm", "Xếp loại", "Số quyết định", "Ngày quyết định"]
    data = xlsx(header, [[world.person_a.code, 2023, "Hoàn thành tốt nhiệm vụ", "", None]])
    login(client, secretariat)
    response = client.post(
        reverse("web:indicator_staff"),
        {"kind": "ratings", "file": SimpleUploadedFile("xl.xlsx", data)},
        follow=True,
    )
    assert "Đã nhập: thêm 1, cập nhật 0 dòng." in _text(response)
    assert dict(StaffRating.objects.values_list("person__code", "rating")) == {
        world.person_a.code: "good"
    }
    login(client, focal_b)
    assert client.get(response.redirect_chain[-1][0]).status_code == 404
