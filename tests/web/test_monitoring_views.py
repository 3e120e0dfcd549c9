"""Monitoring screens: the dashboard (secretariat and unit views, pinned queries), exports
matching the filtered lists row for row, reminder rules, jobs and e-mail preferences; 404 for
the persona that must not get in, with data present that could leak."""

import io

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_unit
from tests.monitoring import conftest as fixtures
from thidua.campaigns.models import CampaignParticipant, Registration, Reminder
from thidua.core.models import Notification
from thidua.monitoring.models import Job, NotificationPreference, ReminderRule

NOW = fixtures.NOW
# The monitored campaign of tests/monitoring/conftest.py.
_private_media = fixtures._private_media
_no_dashboard_cache = fixtures._no_dashboard_cache
campaign = fixtures.campaign
commune_c = fixtures.commune_c
monitored = fixtures.monitored


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch):
    """The dashboard's clock: 20/01/2024, inside the nomination window."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _url(name, campaign, *args):
    return reverse(f"web:{name}", args=[campaign.pk, *args])


def _read_xlsx(content: bytes) -> list[list]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return book.get_sheet_by_index(0).to_python()


# Dashboard -------------------------------------------------------------------------------------


def test_secretariat_dashboard_shows_the_figures_with_their_tables(client, monitored, secretariat):
    html = login(client, secretariat).get(_url("monitoring_dashboard", monitored)).content.decode()
    assert "Bảng điều khiển theo dõi phong trào" in html
    assert html.count('<svg class="chart"') >= 7
    assert html.count('<details class="numbers">') >= 7
    assert '<span class="quota-use">1/5</span>' in html
    assert '<span class="quota-use">0/10</span>' in html
    assert "Nhắc 1 đơn vị chưa nộp kế hoạch" in html
    assert "còn 20 ngày" in html
    for code in ("X01732", "X01738", "X01750"):
        assert f'data-unit="{code}"' in html
    assert "<script" not in html.split("<main>", 1)[1]  # charts are drawn without JavaScript


def test_focal_point_sees_only_its_own_unit_on_the_page(client, monitored, focal_b):
    html = login(client, focal_b).get(_url("monitoring_dashboard", monitored)).content.decode()
    assert "Việc của đơn vị trong phong trào" in html
    assert 'data-unit="X01738"' in html
    assert "X01732" not in html and "Xã Yên Lạc" not in html and "X01750" not in html
    assert "Bổ sung hồ sơ đề nghị khen thưởng bị trả lại" in html
    assert "1.080.000" not in html  # A's award money


def test_focal_point_cannot_use_the_secretariats_actions(client, monitored, focal_a):
    login(client, focal_a)
    for name, args in [
        ("monitoring_reminders", ()),
        ("monitoring_summary", ("pdf",)),
        ("monitoring_nominees_export", ()),
        ("monitoring_board_export", ()),
    ]:
        assert client.get(_url(name, monitored, *args)).status_code == 404
    assert client.post(_url("monitoring_remind", monitored)).status_code == 404
    assert (
        client.post(_url("monitoring_job", monitored), {"kind": "summary_report"}).status_code
        == 404
    )
    assert not Reminder.objects.exists() and not Job.objects.exists()


def test_unit_outside_the_campaign_gets_404(client, monitored, world):
    from tests.conftest import _persona
    from thidua.org.enums import Role

    outsider = _persona("daumoi.x", Role.FOCAL_POINT, make_unit(parent=world.district))
    assert login(client, outsider).get(_url("monitoring_dashboard", monitored)).status_code == 404


def _grow(campaign, world, n):
    units = [make_unit(parent=world.district) for _ in range(n)]
    CampaignParticipant.objects.bulk_create(
        [CampaignParticipant(campaign=campaign, unit=u) for u in units]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                campaign=campaign, unit=u, commitments="…", registered_at=NOW, plan_uploaded_at=NOW
            )
            for u in units
        ]
    )


@pytest.mark.parametrize("extra_units", [0, 14, 250])
def test_dashboard_query_count_is_pinned(
    client, monitored, secretariat, world, extra_units, django_assert_num_queries, settings
):
    _grow(monitored, world, extra_units)
    login(client, secretariat)
    # session, user, scope, campaign + phases/criteria/assignments/forms/checklists,
    # participants (permission), then one query per figure family. With the database as the
    # shared cache (no Redis), the figures' version, the miss and the store are 6 more.
    cache_queries = 0 if settings.REDIS_URL else 6
    with django_assert_num_queries(24 + cache_queries):
        response = client.get(_url("monitoring_dashboard", monitored))
    assert f"<b>{3 + extra_units}</b>đơn vị tham gia" in response.content.decode()


@pytest.mark.parametrize("other_units", [0, 20])
def test_unit_dashboard_query_count_is_pinned(
    client, monitored, focal_a, world, other_units, django_assert_num_queries
):
    _grow(monitored, world, other_units)
    login(client, focal_a)
    with django_assert_num_queries(26):
        response = client.get(_url("monitoring_dashboard", monitored))
    assert response.content.decode().count("<tr data-unit=") == 1


# Exports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Xã Ca Thành", "Xã Thể Dục", "Xã Yên Lạc"]),
        ("?show=owing", ["Xã Ca Thành", "Xã Thể Dục"]),
        ("?show=late", ["Xã Ca Thành"]),
        ("?show=no_proposal", ["Xã Thể Dục"]),
        ("?q=yen+lac", ["Xã Yên Lạc"]),
    ],
)
def test_units_export_matches_the_filtered_table_row_for_row(
    client, monitored, secretariat, query, expected
):
    import re

    login(client, secretariat)
    html = client.get(_url("monitoring_dashboard", monitored) + query).content.decode()
    shown = re.findall(
        r'<tr data-unit="[^"]+">\s*<td class="num">\d+</td>\s*<td>([^<]+)</td>', html
    )
    assert shown == expected
    export = client.get(_url("monitoring_export", monitored) + query)
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _read_xlsx(export.content)
    assert rows[0][:3] == ["STT", "Đơn vị", "Mã đơn vị"]
    assert [r[1] for r in rows[1:]] == expected
    assert f'href="{_url("monitoring_export", monitored)}{query}"' in html.replace("&amp;", "&")


def test_units_export_writes_each_figure(client, monitored, secretariat):
    rows = _read_xlsx(login(client, secretariat).get(_url("monitoring_export", monitored)).content)
    yen_lac = next(r for r in rows if r[1] == "Xã Yên Lạc")
    assert yen_lac[2:14] == [
        "X01732",
        "Đúng hạn",
        yen_lac[4],
        2.0,
        2.0,
        100.0,
        92.5,
        "Xuất sắc",
        "Đã tiếp nhận",
        2.0,
        1.0,
        "",
    ]
    the_duc = next(r for r in rows if r[1] == "Xã Thể Dục")
    assert the_duc[3] == "Chưa nộp"
    assert the_duc[13] == (
        "Đăng ký thi đua và gửi kế hoạch của đơn vị (hạn 10/01/2023); "
        "Tự chấm điểm chỉ số CCHC và gửi thẩm định (hạn 25/01/2024)"
    )


@pytest.mark.parametrize("status, expected", [("", 3), ("late", 1), ("missing", 1)])
def test_board_export_keeps_the_status_filter(client, monitored, secretariat, status, expected):
    from thidua.campaigns.selectors import registration_board

    login(client, secretariat)
    rows = _read_xlsx(
        client.get(
            _url("monitoring_board_export", monitored) + (f"?status={status}" if status else "")
        ).content
    )
    listed = registration_board(monitored, user=secretariat, status=status)
    assert [r[1] for r in rows[1:]] == [row.unit.name for row in listed]
    assert len(rows) - 1 == expected


@pytest.mark.parametrize("query", ["", "?eligible=no", "?state=returned", "?award_form=X"])
def test_nominee_export_matches_the_nominee_list(client, monitored, secretariat, query):
    import re

    login(client, secretariat)
    form = monitored.award_forms.get(subject_type="individual")
    query = query.replace("X", str(form.pk))
    html = client.get(reverse("web:nominee_list", args=[monitored.pk]) + query).content.decode()
    rows = _read_xlsx(client.get(_url("monitoring_nominees_export", monitored) + query).content)
    names = [r[3] for r in rows[1:]]
    listed = re.findall(r'<tr data-nominee="\d+">.*?<a href="[^"]+">([^<]+)</a>', html, re.S)
    assert names and names == listed  # same rows, same order


def test_summary_report_pdf_and_docx_carry_the_figures(client, monitored, secretariat):
    import docx
    from pypdf import PdfReader

    login(client, secretariat)
    pdf = client.get(_url("monitoring_summary", monitored, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    from tests.browser.test_login_and_search import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "summary-report.pdf").write_bytes(pdf.content)  # to look at
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "BÁO CÁO" in text
    assert "Có 3 đơn vị tham gia phong trào; 2 đơn vị đã đăng ký thi đua" in text
    assert "1.080.000 đồng" in text
    document = docx.Document(
        io.BytesIO(client.get(_url("monitoring_summary", monitored, "docx")).content)
    )
    body = "\n".join(p.text for p in document.paragraphs)
    assert "hoàn thành 3/6 nhiệm vụ được giao (50,0%)" in body
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Xuất sắc" in cells and "█" * 10 + "░" * 10 in cells
    assert client.get(_url("monitoring_summary", monitored, "xls")).status_code == 404


# Reminders -------------------------------------------------------------------------------------


def test_secretariat_reminds_the_units_without_a_plan_from_the_dashboard(
    client, monitored, secretariat, world
):
    from tests.conftest import _persona
    from thidua.org.enums import Role

    c = world.district.children.get(code="X01750")
    focal_c = _persona("daumoi.c", Role.FOCAL_POINT, c)
    login(client, secretariat)
    response = client.post(_url("monitoring_remind", monitored), follow=True)
    assert "Đã gửi nhắc nhở đến 1 đơn vị chưa nộp kế hoạch." in response.content.decode()
    assert list(Reminder.objects.values_list("unit__code", "kind")) == [("X01750", "manual")]
    assert Notification.objects.filter(user=focal_c).count() == 1
    html = client.get(_url("monitoring_reminders", monitored)).content.decode()
    assert "daumoi.c@example.vn" in html and "gửi tay: noivu" in html


def test_reminder_rules_are_added_paused_and_refused_with_a_message(client, monitored, secretariat):
    login(client, secretariat)
    url = _url("monitoring_reminders", monitored)
    client.post(url, {"target": "returned", "days": "2"})
    rule = ReminderRule.objects.get()
    assert (rule.target, rule.days, rule.active) == ("returned", 2, True)
    html = client.post(url, {"target": "returned", "days": "2"}).content.decode()
    assert "Đã có quy tắc nhắc này." in html
    html = client.post(url, {"target": "returned", "days": "abc"}).content.decode()
    assert "Số ngày phải là số nguyên từ 0 đến 365." in html
    html = client.post(url, {"target": "nope", "days": "1"}).content.decode()
    assert "Chọn việc cần nhắc." in html
    client.post(_url("monitoring_rule", monitored, rule.pk, "tam-dung"))
    rule.refresh_from_db()
    assert rule.active is False
    assert client.post(_url("monitoring_rule", monitored, rule.pk, "lam-gi")).status_code == 404
    assert ReminderRule.objects.count() == 1


# Jobs ------------------------------------------------------------------------------------------


def test_a_job_shows_its_progress_and_survives_a_reload(
    client, monitored, secretariat, focal_a, settings
):
    from thidua.monitoring.services import job_execute

    settings.THIDUA_TASKS_SYNC = False  # queued, not run: the page shows it waiting
    login(client, secretariat)
    response = client.post(
        _url("monitoring_job", monitored), {"kind": "nominees_export", "eligible": "no"}
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("web:job_detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-state="pending"' in page and 'hx-trigger="every 1s"' in page
    job_execute(job.pk)  # what the queue's worker does
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'data-state="done"' in fragment and "hx-trigger" not in fragment
    assert "100%" in fragment
    rows = _read_xlsx(
        b"".join(client.get(reverse("web:job_file", args=[job.pk, 1])).streaming_content)
    )
    assert [r[3] for r in rows[1:]] == ["Nguyễn Văn Hưởng"]
    assert Notification.objects.filter(user=secretariat, url=f"/viec/{job.pk}/").count() == 1
    # Someone else's job is not found.
    login(client, focal_a)
    assert client.get(reverse("web:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("web:job_file", args=[job.pk, 1])).status_code == 404


# E-mail preferences ----------------------------------------------------------------------------


def test_user_chooses_which_kinds_reach_them_by_email(
    client, monitored, secretariat, django_capture_on_commit_callbacks
):
    from thidua.core.services import notify
    from thidua.monitoring.enums import NotificationKind

    login(client, secretariat)
    page = client.get(reverse("web:notification_preferences")).content.decode()
    assert page.count('type="checkbox"') == len(NotificationKind.values)
    client.post(reverse("web:notification_preferences"), {"email": ["job", "dossier"]})
    assert (
        dict(NotificationPreference.objects.filter(user=secretariat).values_list("kind", "email"))[
            "reminder"
        ]
        is False
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[secretariat], title="Nhắc hạn", kind="reminder")
        notify(users=[secretariat], title="Hồ sơ đã gửi", kind="dossier")
        notify(users=[secretariat], title="Khác")  # no kind: "other", turned off
    assert [m.subject for m in mail.outbox] == ["Hồ sơ đã gửi"]
    assert Notification.objects.filter(user=secretariat).count() == 3  # all shown in the app


def test_index_lists_the_readers_campaigns_with_their_dashboards(
    client, monitored, focal_a, no_role_user
):
    html = login(client, focal_a).get(reverse("web:monitoring_index")).content.decode()
    assert f'href="{_url("monitoring_dashboard", monitored)}"' in html
    assert login(client, no_role_user).get(reverse("web:monitoring_index")).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=0",
        "?page=99999",
        "?show=%3Cscript%3E",
        "?q=" + "x" * 500,
        "?all=1&page=2",
        "?show=owing&q=%00",
    ],
)
def test_bad_input_on_the_dashboard_gets_a_page_not_a_500(client, monitored, secretariat, query):
    response = login(client, secretariat).get(_url("monitoring_dashboard", monitored) + query)
    assert response.status_code == 200
    assert "Bảng điều khiển theo dõi phong trào" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main>", 1)[1]


def test_bad_job_and_export_input_is_refused_in_vietnamese(client, monitored, secretariat):
    login(client, secretariat)
    response = client.post(_url("monitoring_job", monitored), {"kind": "xoa-het"}, follow=True)
    assert "Loại việc không hợp lệ." in response.content.decode()
    assert not Job.objects.exists()
    client.post(_url("monitoring_job", monitored), {"kind": "units_export", "q": "ca\x00 thanh"})
    assert Job.objects.get().params == {"show": "", "q": "ca thanh"}
    rows = _read_xlsx(
        client.get(
            _url("monitoring_nominees_export", monitored) + "?unit=abc&state=bad&award_form=-1"
        ).content
    )
    assert len(rows) == 4  # header + the three nominees: bad filters are ignored, as the list
    assert client.get(reverse("web:job_file", args=[123456, 1])).status_code == 404


def test_with_the_cache_on_readers_share_the_figures_not_the_reach(
    client, monitored, secretariat, focal_a, settings
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.THIDUA_DASHBOARD_CACHE_SECONDS = 30
    cache.clear()
    url = _url("monitoring_dashboard", monitored)
    login(client, secretariat)
    with CaptureQueriesContext(connection) as first:
        html = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        again = client.get(url).content.decode()
    assert len(second.captured_queries) < len(first.captured_queries)
    figures = html.split('<div class="stats">', 1)[1].split('<h2 id="units">', 1)[0]
    assert figures in again and '<span class="quota-use">1/5</span>' in figures
    unit_html = login(client, focal_a).get(url).content.decode()
    assert "Việc của đơn vị trong phong trào" in unit_html and "X01738" not in unit_html
    cache.clear()
