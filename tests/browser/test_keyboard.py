# ruff: noqa: F811  (pytest fixtures imported from other test modules)
"""Keyboard only, in Debian's Chromium: a commune's focal officer logs in, opens the dossier
returned for supplement from the home, and uploads the missing paper without a mouse; the
focused element is outlined at each step (focus visible), and on a phone the menu button opens
with the keyboard too."""

import pytest
from django.db import connections

from tests.browser.test_campaign_flow import page  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    filled_a,
    forms,
    proposal_a,  # noqa: F401
)
from tests.web.test_home import REASON_A, returned_a  # noqa: F401
from thidua.demo.campaigns import demo_plan_pdf
from thidua.nominations.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return {tag: e.tagName, id: e.id, text: (e.textContent || '').trim().slice(0, 40),
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""


def _tab_to(page, selector: str, limit: int = 120) -> dict:
    """Press Tab until the focused element matches `selector`; it must be outlined."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            focused = page.evaluate(FOCUSED)
            assert focused["outline"] != "none" and focused["width"] >= 2, focused
            return focused
    raise AssertionError(f"{selector} not reached with Tab")


def test_focal_officer_supplements_a_returned_dossier_with_the_keyboard_only(
    page, live_server, world, returned_a, tmp_path
):
    scan = tmp_path / "bien-ban-bo-sung.pdf"
    scan.write_bytes(demo_plan_pdf(world.commune_a))
    url = live_server.url
    page.goto(f"{url}/dang-nhap/")
    _tab_to(page, "#id_username")
    page.keyboard.type("daumoi.a")
    _tab_to(page, "#id_password")
    page.keyboard.type("mat-khau-thu-nghiem")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/")
    assert REASON_A in page.inner_text("main")

    _tab_to(page, "#viec-cua-don-vi a.btn")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/de-nghi/{returned_a.pk}/")

    old = Document.objects.get(
        proposal=returned_a, item__name__startswith="Biên bản", superseded_at=None
    )
    row = f"#dossier tr[data-item='{old.item_id}'][data-nominee='']"
    _tab_to(page, f"{row} input[type=file]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(scan))
    _tab_to(page, f"{row} button")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Tải lên"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Đã tải lên Biên bản")
    new = Document.objects.get(proposal=returned_a, item=old.item, superseded_at=None)
    assert new.pk != old.pk
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "keyboard-upload.png"), full_page=True)

    # On a phone the menu button opens with the keyboard, and its links are reachable.
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{url}/")
    _tab_to(page, "details.nav-menu > summary")
    page.keyboard.press("Enter")
    assert page.is_visible("details.nav-menu nav")
    _tab_to(page, "details.nav-menu nav a[href='/phong-trao/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/phong-trao/")
    connections.close_all()
