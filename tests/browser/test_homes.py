# ruff: noqa: F811  (pytest fixtures imported from other test modules)
"""End to end in Debian's Chromium: each demo role logs in and its home shows its own work —
and, with another unit's work present in the database, not that. Each home is kept as a
screenshot at desktop and at phone width (test artefacts), and fits a phone without sideways
scrolling."""

import pytest
from django.db import connections

from tests.browser.test_accessibility import _check
from tests.browser.test_campaign_flow import _log_in, page  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.conftest import _persona
from tests.factories import make_unit
from tests.nominations.conftest import (  # noqa  # noqa: F401
    _private_media,
    campaign,
    complete_dossier,
    filled_a,
    forms,
    proposal_a,
)
from tests.web.test_home import REASON_A, returned_a  # noqa: F401
from tests.web.test_year_results import _issue
from thidua.communication import services as comm
from thidua.communication.enums import ArticleKind
from thidua.nominations import services
from thidua.org.enums import Role, UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON_B = "Biên bản họp xét của xã Ca Thành chưa có dấu."
STORY = "Chị Đào và bộ phận một cửa"
OTHER_STORY = "Bài của huyện bên cạnh"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def _home_at_both_widths(page, name: str) -> int:
    """Screenshots of the home at desktop and phone width; the phone width it needs."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(ARTIFACTS / f"home-{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / f"home-{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    return width


def _as(page, url: str, username: str) -> str:
    page.context.clear_cookies()
    _log_in(page, url, username)
    return page.inner_text("main")


@pytest.fixture
def returned_b(campaign, focal_b, forms, world, secretariat):
    proposal = services.proposal_open(actor=focal_b, campaign=campaign, unit=world.commune_b)
    services.nominee_add(
        actor=focal_b, proposal=proposal, award_form=forms["collective"], achievement="Tốt."
    )
    complete_dossier(focal_b, proposal)
    services.proposal_submit(actor=focal_b, proposal=proposal)
    item = proposal.documents.filter(item__name__startswith="Biên bản").first().item
    return services.proposal_return(
        actor=secretariat, proposal=proposal, reasons=[{"item": item, "reason": REASON_B}]
    )


@pytest.fixture
def stories(world, editor):
    """One story of this district waiting for review, and one of a neighbouring district."""
    mine = comm.article_create(actor=editor, kind=ArticleKind.STORY, unit=world.district,
                               title=STORY, body="<p>Một câu chuyện.</p>")  # fmt: skip
    comm.article_submit(actor=editor, article=mine)
    other = make_unit("Huyện Hà Quảng", parent=world.province, kind=UnitKind.DISTRICT, code="HQ")
    their_editor = _persona("bientap.hq", Role.EDITOR, other)
    theirs = comm.article_create(actor=their_editor, kind=ArticleKind.STORY, unit=other,
                                 title=OTHER_STORY, body="<p>Ở huyện khác.</p>")  # fmt: skip
    comm.article_submit(actor=their_editor, article=theirs)
    return mine


def test_each_role_sees_its_own_work_and_not_another_units(
    page,
    live_server,
    world,
    campaign,
    returned_a,
    returned_b,
    stories,
    focal_a,
    focal_b,
    secretariat,
    editor,
    council_member,
):
    url = live_server.url
    widths = {}

    main = _as(page, url, "daumoi.a")
    assert "Việc của đơn vị trong các phong trào" in main
    assert campaign.title in main and "Xã Yên Lạc" in main
    assert REASON_A in main and "Bổ sung hồ sơ" in main
    assert REASON_B not in main and "Xã Ca Thành" not in main
    assert STORY not in main  # an editor's work
    page.click(f"#viec-cua-don-vi a.btn[href='/de-nghi/{returned_a.pk}/']")
    page.wait_for_url(f"**/de-nghi/{returned_a.pk}/")
    page.go_back()
    widths["daumoi.a"] = _home_at_both_widths(page, "focal-a")

    main = _as(page, url, "daumoi.b")
    assert REASON_B in main and "Xã Ca Thành" in main
    assert REASON_A not in main and "Xã Yên Lạc" not in main
    widths["daumoi.b"] = _home_at_both_widths(page, "focal-b")

    main = _as(page, url, "noivu")
    assert "Việc chờ xử lý" in main
    assert "2 đơn vị quá hạn đăng ký" in main  # the registration window closed in 2023
    assert "1 bài viết chờ duyệt" in main and STORY in main and OTHER_STORY not in main
    assert "Việc của đơn vị trong các phong trào" not in main  # the communes' own page
    page.click("#cho-xu-ly >> text=2 đơn vị quá hạn đăng ký")
    page.wait_for_url("**/bang-dieu-khien/?show=missing&all=1")
    assert {"Xã Yên Lạc", "Xã Ca Thành"} <= set(
        page.locator("#unit-table tbody tr td:nth-child(2)").all_inner_texts()
    )
    page.goto(f"{url}/")
    widths["noivu"] = _home_at_both_widths(page, "secretariat")

    main = _as(page, url, "bientap")
    assert "1 bài viết chờ duyệt" in main and STORY in main and OTHER_STORY not in main
    assert REASON_A not in main and "Việc chờ xử lý" not in main
    widths["bientap"] = _home_at_both_widths(page, "editor")

    # A council member with no session to prepare is told so, and sees no commune's work.
    main = _as(page, url, "hoidong")
    assert "Hiện không có việc nào chờ bạn." in main
    assert REASON_A not in main and REASON_B not in main and STORY not in main
    widths["hoidong"] = _home_at_both_widths(page, "council-member-idle")

    assert {k: v for k, v in widths.items() if v > PHONE["width"]} == {}
    connections.close_all()


def test_leaders_see_the_years_results_as_charts_and_nothing_to_act_on(
    page, live_server, world, campaign, forms, focal_a, focal_b, secretariat, chair, observer
):
    _issue(campaign, forms, world, focal_a, focal_b, secretariat, chair, 3)
    url = live_server.url
    widths, serious = {}, {}
    for username in ("chutich", "mattran"):
        main = _as(page, url, username)
        assert "Tổng quan" in main and "Kết quả khen thưởng các phong trào năm 2023" in main
        charts = page.locator("#ket-qua-nam svg.chart")
        assert charts.count() == 3
        # The numbers are in a table beside each chart, for screen readers.
        table = page.locator("#ket-qua-nhom-uu-tien table")
        cells = table.locator("td").all_text_contents()
        assert cells[3:9] == ["Nữ", "2", "67%", "Người dân tộc thiểu số", "1", "33%"]
        assert table.locator("caption").text_content() == (
            "Cá nhân được khen thưởng năm 2023 thuộc nhóm ưu tiên"
        )
        # … and clipped away on screen (the chart is what the eye reads).
        assert table.evaluate("t => getComputedStyle(t).clip") == "rect(0px, 0px, 0px, 0px)"
        # On a phone the chart's words are too small: the numbers show under each chart.
        page.set_viewport_size(PHONE)
        assert table.evaluate("t => getComputedStyle(t).clip") == "auto"
        assert table.bounding_box()["width"] <= PHONE["width"]
        page.set_viewport_size(DESKTOP)
        assert "Việc của đơn vị trong các phong trào" not in main
        assert "Việc chờ xử lý" not in main
        widths[username] = _home_at_both_widths(page, f"leader-{username}")
        serious[f"{username} /"] = _check(page, f"{url}/")
    page.goto(f"{url}/theo-doi/")
    assert page.locator("#ket-qua-nam svg.chart").count() == 3
    serious["mattran /theo-doi/"] = _check(page, f"{url}/theo-doi/")
    page.set_viewport_size(PHONE)
    serious["mattran /theo-doi/ on a phone"] = _check(page, f"{url}/theo-doi/")
    # axe-core finds no serious or critical violation in the charts and their tables.
    assert {k: v for k, v in serious.items() if v} == {}
    assert {k: v for k, v in widths.items() if v > PHONE["width"]} == {}
    connections.close_all()
