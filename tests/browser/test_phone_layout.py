"""At 375 × 812 (a phone) in Debian's Chromium: the navigation folds into a menu button, and a
commune's focal officer goes from login to a dossier upload on pages that never scroll
sideways, whose tables stack into one card per row (no table scrolls inside itself, no cell
is crushed to a sliver). Screenshots of each page are kept as artefacts."""

import pytest

from tests.browser.test_campaign_flow import page  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.nominations.conftest import campaign, forms  # noqa: F401
from thidua.demo.campaigns import demo_plan_pdf
from thidua.nominations import services
from thidua.nominations.models import Document

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]

PHONE = {"width": 375, "height": 812}


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# Tables wider than the page's column (they would scroll inside themselves): described by
# their id or first header.
WIDE_TABLES = """() => [...document.querySelectorAll('main table')]
  .filter(t => t.offsetParent !== null && t.scrollWidth > t.clientWidth + 1)
  .map(t => (t.id || t.querySelector('th')?.textContent || '?').trim()
    + ' ' + t.scrollWidth + '/' + t.clientWidth)
  .concat([...document.querySelectorAll('main td, main th')]
    .filter(c => c.offsetParent !== null && c.textContent.trim().length > 6
      && getComputedStyle(c.closest('thead') || c.parentElement).clip === 'auto'
      && c.getBoundingClientRect().width < 64)
    .map(c => 'crushed: ' + c.textContent.trim().slice(0, 20)
      + ' ' + Math.round(c.getBoundingClientRect().width) + 'px'))"""


def _menu_to(page, label: str) -> None:
    page.click("details.nav-menu > summary")
    page.click(f"details.nav-menu nav >> text={label}")


def test_focal_officer_on_a_phone_from_login_to_a_dossier_upload(
    page,  # noqa: F811
    live_server,
    world,
    focal_a,
    secretariat,
    campaign,  # noqa: F811
    forms,  # noqa: F811
    tmp_path,
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    proposal = services.proposal_open(actor=focal_a, campaign=campaign, unit=world.commune_a)
    services.nominee_add(
        actor=focal_a, proposal=proposal, award_form=forms["collective"], achievement="Tốt."
    )
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(demo_plan_pdf(world.commune_a))
    url = live_server.url

    page.set_viewport_size(PHONE)
    page.goto(f"{url}/dang-nhap/")
    assert _width(page) <= 375
    page.fill("#id_username", "daumoi.a")
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")
    # The wide navigation is hidden; the menu button is what shows.
    assert not page.is_visible("nav.nav-wide")
    assert page.is_visible("details.nav-menu > summary")
    assert not page.is_visible("details.nav-menu nav")
    assert "Việc của đơn vị trong các phong trào" in page.inner_text("main")
    assert _width(page) <= 375, "home"
    page.screenshot(path=str(ARTIFACTS / "home-focal-phone.png"), full_page=True)

    widths = {}
    _menu_to(page, "Phong trào")
    page.wait_for_url("**/phong-trao/")
    widths["campaign list"] = _width(page)
    wide = {"campaign list": page.evaluate(WIDE_TABLES)}
    for name, path in [
        ("campaign", f"/phong-trao/{campaign.pk}/"),
        ("register", f"/phong-trao/{campaign.pk}/dang-ky/"),
        ("inbox", "/van-ban-den/"),
        ("notifications", "/thong-bao/"),
        ("people", "/ca-nhan/"),
        ("unit", f"/don-vi/{world.commune_a.pk}/"),
        ("tasks", "/nhiem-vu-cchc/"),
        ("unit dashboard", f"/phong-trao/{campaign.pk}/bang-dieu-khien/"),
        ("proposals", "/de-nghi/"),
        ("decisions", "/quyet-dinh/"),
        ("search", "/tim-kiem/?q=yen+lac"),
        ("proposal", f"/de-nghi/{proposal.pk}/"),
    ]:
        page.goto(url + path)
        widths[name] = _width(page)
        wide[name] = page.evaluate(WIDE_TABLES)
        page.screenshot(path=str(ARTIFACTS / f"focal-phone-{name.replace(' ', '-')}.png"),
                        full_page=True)  # fmt: skip
    print("widths at 375 px:", widths)
    assert {k: v for k, v in widths.items() if v > 375} == {}
    # Tables are read on the phone: priority columns or stacked rows, never a sideways scroll.
    print("wide:", wide)
    assert {k: v for k, v in wide.items() if v} == {}

    # Still on the proposal: upload the minutes one-handed.
    item = forms["collective"].checklist.get(name__startswith="Biên bản")
    row = page.locator(f"#dossier tr[data-item='{item.pk}'][data-nominee='']")
    row.locator("input[type=file]").set_input_files(str(scan))
    row.locator("button:has-text('Tải lên')").click()
    page.wait_for_selector("text=Đã tải lên Biên bản")
    assert Document.objects.filter(proposal=proposal, item=item, superseded_at=None).exists()
    assert _width(page) <= 375
    page.screenshot(path=str(ARTIFACTS / "proposal-phone.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/")
    assert page.is_visible("nav.nav-wide") and not page.is_visible("details.nav-menu")
    page.screenshot(path=str(ARTIFACTS / "home-focal-desktop.png"), full_page=True)
