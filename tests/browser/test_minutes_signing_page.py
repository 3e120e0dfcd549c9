# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""End to end in Debian's Chromium, the council's signed minutes: once the vote is closed the
secretariat issues them on the session page, the chair signs with the key on their PKCS#11
token (Debian's SoftHSM2), the secretary through their remote-signing service (the local CSC
stand-in); the page then shows both signatures valid. A member who is neither chair nor
secretary sees no sign button and is refused when posting the signing form anyway."""

import pytest
from cryptography.hazmat.primitives import serialization
from django.db import connections

from tests.browser.test_council_flow import _context, _log_in, browser  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.signing_pki import (
    PIN,
    SOFTHSM_MODULE,
    configure_softhsm,
    softhsm_token,
    start_csc,
    start_pki,
)
from thidua.awards import services as awards_services
from thidua.documents.models import FileSignature

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]

CHAIR_TOKEN, CHAIR_KEY, CHAIR_CN = "thidua-chutich", "chutich-hoidong", "Đào Nguyên Phong"
HEAD_TOKEN, HEAD_KEY, HEAD_CN = "thidua-thutruong", "thutruong", "Nông Văn Thủ Trưởng"
SECRETARY_CN = "Hà Thị Thu"
VALID = "Hợp lệ, kiểm tra được lâu dài"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """The test CA, its CRL and time-stamping stand-in, two SoftHSM2 tokens (the chair's and the
    unit head's) and the secretary's remote-signing service stand-in."""
    folder = tmp_path_factory.mktemp("softhsm-browser")
    configure_softhsm(folder)
    chair_public = softhsm_token(folder, label=CHAIR_TOKEN, key_label=CHAIR_KEY)
    head_public = softhsm_token(folder, label=HEAD_TOKEN, key_label=HEAD_KEY)
    pki, stop_pki = start_pki()
    pem = serialization.Encoding.PEM
    pki.chair_pem = pki.issue(CHAIR_CN, chair_public).public_bytes(pem).decode()
    pki.head_pem = pki.issue(HEAD_CN, head_public).public_bytes(pem).decode()
    pki.csc, stop_csc = start_csc(pki, cn=SECRETARY_CN, username="thuky")
    yield pki
    stop_csc()
    stop_pki()


@pytest.fixture
def signing(pki, settings, tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root_pem)
    settings.THIDUA_PKCS11_MODULES = [SOFTHSM_MODULE]
    settings.THIDUA_CSC_SERVICES = [pki.csc.url]
    settings.THIDUA_SIGNING_TSA_URL = pki.tsa_url
    settings.THIDUA_SIGNING_TRUST_ROOTS = str(roots)
    return pki


def _signature_rows(page, anchor: str) -> list[list[str]]:
    rows = page.locator(f"#{anchor} tr.signature")
    return [
        [cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()]
        for i in range(rows.count())
    ]


@pytest.fixture
def declared(signing, board):
    """The chair's token and the secretary's remote-signing account, declared (before the
    browser starts: declaring checks the certificate with asyncio, which Playwright's running
    loop would refuse)."""
    awards_services.signing_credential_set(
        actor=board.chair.user, module=SOFTHSM_MODULE, token_label=CHAIR_TOKEN,
        key_label=CHAIR_KEY, certificate_pem=signing.chair_pem,
    )  # fmt: skip
    awards_services.signing_credential_set_remote(
        actor=board.secretary.user, service_url=signing.csc.url, api_version="v2",
        account=signing.csc.username, credential_id="", secret=signing.csc.password,
    )  # fmt: skip
    return signing


def test_minutes_issued_then_signed_by_chair_and_secretary_member_refused(
    declared, closed, board, secretariat, browser, live_server
):
    signing = declared
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url, page_url = live_server.url, f"{live_server.url}/hoi-dong/{closed.pk}/"

    # the secretariat issues the minutes
    ctx = _context(browser)
    page = ctx.new_page()
    _log_in(page, url, secretariat.username)
    page.goto(page_url)
    assert page.locator("#bien-ban-ky-so button:has-text('Ký số biên bản họp')").count() == 0
    page.click("#bien-ban-ky-so button:has-text('Phát hành biên bản họp')")
    page.wait_for_selector("text=Đã phát hành biên bản họp (mã băm SHA-256")
    assert [r[0] for r in _signature_rows(page, "bien-ban-ky-so")] == [
        "Chủ tịch Hội đồng ký", "Thư ký Hội đồng ký",
    ]  # fmt: skip
    assert [r[3] for r in _signature_rows(page, "bien-ban-ky-so")] == ["Chưa ký", "Chưa ký"]
    assert page.locator("#bien-ban-ky-so button:has-text('Phát hành biên bản họp')").count() == 0
    ctx.close()

    # the chair signs with the key on the token: only the PIN
    ctx = _context(browser)
    page = ctx.new_page()
    _log_in(page, url, board.chair.user.username)
    page.goto(page_url)
    assert page.locator("#bien-ban-ky-so #id_secret").count() == 0
    page.fill("#bien-ban-ky-so #id_pin", PIN)
    page.click("#bien-ban-ky-so button:has-text('Ký số biên bản họp')")
    page.wait_for_selector(f"text=Đã ký số biên bản họp ({CHAIR_CN}).")
    # signed: the chair is not offered the form again, the secretary's step still waits
    assert page.locator("#bien-ban-ky-so #id_pin").count() == 0
    assert [r[3] for r in _signature_rows(page, "bien-ban-ky-so")] == [VALID, "Chưa ký"]
    ctx.close()

    # the secretary signs through the remote-signing service: the service's PIN and password
    ctx = _context(browser)
    page = ctx.new_page()
    _log_in(page, url, board.secretary.user.username)
    page.goto(page_url)
    page.fill("#bien-ban-ky-so #id_pin", signing.csc.pin)
    page.fill("#bien-ban-ky-so #id_secret", signing.csc.password)
    page.click("#bien-ban-ky-so button:has-text('Ký số biên bản họp')")
    page.wait_for_selector(f"text=Đã ký số biên bản họp ({SECRETARY_CN}).")
    rows = _signature_rows(page, "bien-ban-ky-so")
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("Chủ tịch Hội đồng ký", CHAIR_CN, VALID), ("Thư ký Hội đồng ký", SECRETARY_CN, VALID),
    ]  # fmt: skip
    assert all(r[2] != "—" for r in rows)  # the time each one signed
    assert page.locator("#bien-ban-ky-so form button:has-text('Ký số')").count() == 0
    page.screenshot(path=str(ARTIFACTS / "minutes-signed.png"), full_page=True)
    ctx.close()

    # a plain member sees the signatures, no sign button, and is refused on POST
    ctx = _context(browser)
    page = ctx.new_page()
    member = board.members[3].user
    _log_in(page, url, member.username)
    page.goto(page_url)
    assert [r[3] for r in _signature_rows(page, "bien-ban-ky-so")] == [VALID, VALID]
    assert page.locator("#bien-ban-ky-so button").count() == 0
    assert page.locator("#bien-ban-ky-so #id_pin").count() == 0
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    refused = ctx.request.post(
        f"{page_url}bien-ban/ky-so/", form={"csrfmiddlewaretoken": token, "pin": PIN},
        max_redirects=0,
    )  # fmt: skip
    assert refused.status == 404  # as for anyone the signing is not theirs
    ctx.close()
    assert sorted(FileSignature.objects.values_list("step", flat=True)) == ["chair", "secretary"]
    # ORM calls made while Playwright runs get their own connection; close it so PostgreSQL
    # can drop the test database.
    connections.close_all()
