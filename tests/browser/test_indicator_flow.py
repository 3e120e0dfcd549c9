"""End to end in Debian's Chromium: a commune's focal point self-assesses two leaves with
evidence and submits; the secretariat appraises and publishes; the commune sees its result and
band."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser.test_campaign_flow import _log_in, _log_out
from tests.browser.test_campaign_flow import page as page  # noqa: F401, F811  (the fixture)
from tests.browser.test_login_and_search import ARTIFACTS
from tests.indicators.conftest import (
    _private_media,  # noqa: F401
    appraise_all,
    assessment_of,
    build_framework,
    demo_plan_pdf_bytes,
    self_all,
)
from thidua.indicators import services
from thidua.indicators.enums import AssessmentState, FrameworkState
from thidua.indicators.models import Evidence
from thidua.indicators.services import NodeRow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TREE = [
    NodeRow("1", "Cải cách thủ tục hành chính", Decimal("10")),
    NodeRow("1.1", "Niêm yết, công khai đầy đủ thủ tục hành chính", Decimal("4"), "1"),
    NodeRow("1.2", "Tỷ lệ hồ sơ giải quyết đúng hạn", Decimal("6"), "1"),
]


@pytest.fixture
def open_framework(world, secretariat, focal_a):
    """Open for both communes until five days from now; commune B is already appraised."""
    framework = build_framework(
        world,
        year=timezone.localdate().year,
        tree=TREE,
        units=[world.commune_a, world.commune_b],
        deadline=timezone.now() + dt.timedelta(days=5),
        name="Chỉ số CCHC cấp xã năm nay",
    )
    b = assessment_of(framework, world.commune_b)
    self_all(b, {"1.1": "3", "1.2": "5"}, now=timezone.now())
    services.assessment_submit(actor=None, assessment=b)
    appraise_all(b, {"1.1": "3", "1.2": "4"})
    return framework


def test_commune_self_assesses_secretariat_appraises_and_publishes(
    page, live_server, world, open_framework, tmp_path
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    evidence = tmp_path / "quyet-dinh-cong-khai.pdf"
    evidence.write_bytes(demo_plan_pdf_bytes())
    a = assessment_of(open_framework, world.commune_a)

    _log_in(page, url, "daumoi.a")
    page.click("nav >> text=Chỉ số CCHC")
    page.click("main >> text=Chỉ số CCHC cấp xã năm nay")
    page.click("#score-table >> text=Xã Yên Lạc")
    page.wait_for_url(f"**/chi-so/cham-diem/{a.pk}/")
    for code, score in (("1.1", "4"), ("1.2", "5,5")):
        page.click(f"tr[data-code='{code}'] >> text=Chấm điểm")
        page.fill("#id_score", score.replace(",", "."))
        page.set_input_files("#id_evidence", str(evidence))
        page.click("button:has-text('Lưu điểm tự chấm')")
        page.wait_for_selector(f"text=Đã lưu điểm tự chấm tiêu chí {code}.")
    assert page.inner_text("tr[data-code='1.2'] td.self") == "5,5"
    assert "quyet-dinh-cong-khai.pdf" in page.inner_text("tr[data-code='1.1']")
    page.screenshot(path=str(ARTIFACTS / "indicator-self-assessment.png"), full_page=True)
    page.click("#submit-assessment")
    page.wait_for_selector("text=Đã gửi kết quả tự chấm đến cơ quan thẩm định.")
    assert page.inner_text("#state") == "Đã gửi thẩm định"
    _log_out(page, url)
    assert Evidence.objects.filter(score__assessment=a).count() == 2

    _log_in(page, url, "noivu")
    page.goto(f"{url}/chi-so/cham-diem/{a.pk}/")
    # the appraisal form is prefilled with the unit's own scores; the team lowers 1.2
    page.fill(f"input[name='score_{open_framework.nodes.get(code='1.2').pk}']", "5")
    page.fill(
        f"input[name='comment_{open_framework.nodes.get(code='1.2').pk}']",
        "Còn 2 hồ sơ trễ hạn chưa có văn bản xin lỗi.",
    )
    page.screenshot(path=str(ARTIFACTS / "indicator-appraisal.png"), full_page=True)
    page.click("#finish-appraisal")
    page.wait_for_selector("text=Đã hoàn thành thẩm định.")
    assert page.inner_text("#points") == "9"
    page.click(f"text={open_framework.name}")
    page.fill("#id_doc_number", "15/TB-UBND")
    page.click("#publish")
    page.wait_for_selector(
        "text=Đã nhận yêu cầu công bố kết quả"
    )  # run by the queue (at once here)
    assert page.inner_text("#framework-state") == "Đã công bố kết quả"
    assert "Xuất sắc" in page.inner_text("tr[data-unit='X01732']")
    _log_out(page, url)

    _log_in(page, url, "daumoi.a")
    page.goto(f"{url}/chi-so/cham-diem/{a.pk}/")
    assert page.inner_text("#percent") == "90,00 %"
    assert page.inner_text("#band") == "Xuất sắc"
    assert page.inner_text("#rank") == "1"
    # the field's row adds up both the unit's own scores and the appraised ones
    assert page.inner_text("tr[data-code='1'] td.self") == "9,5"
    assert page.inner_text("tr[data-code='1'] td.appraised") == "9"
    assert page.locator("svg.chart").count() == 1
    page.screenshot(path=str(ARTIFACTS / "indicator-result.png"), full_page=True)
    a.refresh_from_db()
    open_framework.refresh_from_db()
    assert (a.state, a.points, a.percent, a.band) == (
        AssessmentState.PUBLISHED,
        Decimal("9.00"),
        Decimal("90.00"),
        "Xuất sắc",
    )
    assert open_framework.state == FrameworkState.PUBLISHED
