# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""End to end in Debian's Chromium, a unit's tờ trình: made unsigned when the dossier is sent,
the unit head (Thủ trưởng đơn vị) issues it again on the proposal page (the dossier as it is
now) and signs it with the key on their PKCS#11 token (Debian's SoftHSM2); the page shows the
version and the valid signature; a re-issue from a page opened before signing is refused in
Vietnamese and changes nothing."""

import pytest
from django.db import connections

from tests.browser.test_council_flow import _context, _log_in, browser  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS
from tests.browser.test_minutes_signing_page import (  # noqa: F401
    HEAD_CN,
    HEAD_KEY,
    HEAD_TOKEN,
    VALID,
    _signature_rows,
    pki,
    signing,
)
from tests.conftest import _persona
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    filled_a,
    forms,
    proposal_a,
)
from tests.signing_pki import PIN, SOFTHSM_MODULE
from thidua.awards import services as awards_services
from thidua.nominations import letter_signing
from thidua.nominations import services as nomination_services
from thidua.nominations.models import ProposalLetter
from thidua.org.enums import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def head(signing, world):
    """Commune A's head (Thủ trưởng đơn vị) with the key on their token declared (before the
    browser starts, as in the minutes' test)."""
    head = _persona("thutruong.a", Role.UNIT_HEAD, world.commune_a)
    awards_services.signing_credential_set(
        actor=head, module=SOFTHSM_MODULE, token_label=HEAD_TOKEN, key_label=HEAD_KEY,
        certificate_pem=signing.head_pem,
    )  # fmt: skip
    return head


def test_unit_head_issues_and_signs_the_letter_and_a_signed_one_is_not_issued_again(
    head, filled_a, focal_a, browser, live_server
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url, page_url = live_server.url, f"{live_server.url}/de-nghi/{filled_a.pk}/"
    nomination_services.proposal_submit(actor=focal_a, proposal=filled_a)
    assert letter_signing.letter_of(filled_a).version == 1  # made at submit, unsigned

    ctx = _context(browser)
    page = ctx.new_page()
    _log_in(page, url, head.username)
    page.goto(page_url)
    section = page.locator("#to-trinh-ky-so")
    assert [r[3] for r in _signature_rows(page, "to-trinh-ky-so")] == ["Chưa ký"]
    # the head issues it anew (the dossier as it is now): version 2, the first kept
    section.locator("button:has-text('Lập tờ trình (PDF) để ký')").click()
    page.wait_for_selector("text=Đã lập tờ trình lần 2 (mã băm SHA-256")
    assert "(lần 2)" in section.inner_text()
    stale = ctx.new_page()  # a second tab, opened before signing, still offers the issue
    stale.goto(page_url)

    section.locator("#id_pin").fill(PIN)
    section.locator("button:has-text('Ký số tờ trình')").click()
    page.wait_for_selector(f"text=Đã ký số tờ trình ({HEAD_CN}).")
    section = page.locator("#to-trinh-ky-so")
    assert "(lần 2)" in section.inner_text()
    ((step, signer, signed_at, state),) = _signature_rows(page, "to-trinh-ky-so")
    assert (step, signer, state) == ("Thủ trưởng đơn vị ký", HEAD_CN, VALID) and signed_at != "—"
    assert section.locator("button").count() == 0  # nothing to issue or sign any more
    page.screenshot(path=str(ARTIFACTS / "letter-signed.png"), full_page=True)

    letter = letter_signing.letter_of(filled_a)
    with letter.document.pdf.open("rb") as f:
        signed_bytes = f.read()
    stale.locator("#to-trinh-ky-so button:has-text('Lập tờ trình (PDF) để ký')").click()
    stale.wait_for_selector(
        "text=Tờ trình đã được Thủ trưởng đơn vị ký số; văn bản đã ký không lập lại."
    )
    assert [r[3] for r in _signature_rows(stale, "to-trinh-ky-so")] == [VALID]
    assert ProposalLetter.objects.filter(proposal=filled_a).count() == 2
    with letter_signing.letter_of(filled_a).document.pdf.open("rb") as f:
        assert f.read() == signed_bytes
    ctx.close()
    connections.close_all()
