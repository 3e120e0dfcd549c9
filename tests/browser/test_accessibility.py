"""axe-core (the npm package, installed into var/npm by `make axe`; never a CDN) over the main
pages in Debian's Chromium, as each persona sees them: no serious or critical violation of
WCAG 2 A/AA."""

from pathlib import Path

import pytest

from tests.browser.test_campaign_flow import _log_in, page  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.nominations.conftest import _private_media, campaign, forms  # noqa: F401
from thidua.nominations import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path("var/npm/node_modules/axe-core/axe.min.js")

RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def _check(page, url: str) -> list:
    page.goto(url)
    # Evaluated through the DevTools protocol, so a Content-Security-Policy does not block it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN)


def _screenshots(page, name: str) -> int:
    """The page at desktop and at phone width, kept as test artefacts; the width the page
    needs on the phone."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, size in [("desktop", (1280, 900)), ("phone", (375, 812))]:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return width


def test_main_pages_have_no_serious_accessibility_violation(
    page,  # noqa: F811
    live_server,
    world,
    focal_a,
    focal_b,
    secretariat,
    chair,
    campaign,  # noqa: F811
    forms,  # noqa: F811
):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (npm install into var/npm)")
    proposal = services.proposal_open(actor=focal_a, campaign=campaign, unit=world.commune_a)
    url = live_server.url
    # The checker does see a violation: an unlabelled field, added on purpose, is reported.
    _check(page, url + "/dang-nhap/")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert "label" in {v["id"] for v in page.evaluate(RUN)}
    found, widths = {}, {}
    for path in ["/dang-nhap/", "/"]:
        found[f"anonymous {path}"] = _check(page, url + path)
    pages = {
        "daumoi.a": [
            "/",
            f"/phong-trao/{campaign.pk}/",
            f"/phong-trao/{campaign.pk}/dang-ky/",
            f"/de-nghi/{proposal.pk}/",
            "/van-ban-den/",
            "/ca-nhan/",
        ],
        "noivu": [
            "/",
            "/phong-trao/",
            f"/phong-trao/{campaign.pk}/bang-dieu-khien/",
            "/don-vi/",
            "/nhat-ky/",
            "/quyet-dinh/",
            "/tim-kiem/?q=yen+lac",
        ],
        "chutich": ["/"],
    }
    for username, paths in pages.items():
        page.context.clear_cookies()
        _log_in(page, url, username)
        for path in paths:
            found[f"{username} {path}"] = _check(page, url + path)
            if path == "/" or "bang-dieu-khien" in path:
                name = f"{'home' if path == '/' else 'dashboard'}-{username}"
                widths[name] = _screenshots(page, name)
    assert {k: v for k, v in found.items() if v} == {}
    # The homes and the dashboards fit a phone: no sideways scrolling at 375 px.
    assert {k: v for k, v in widths.items() if v > 375} == {}
