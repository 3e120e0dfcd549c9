# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The offline verification page, saved to a file and opened in Chromium with the network cut:
a certificate's QR statement checks out with the keys inside the page, and a changed one
does not."""

import pytest
from django.test import Client

from tests.browser.test_login_and_search import page  # noqa: F401
from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from thidua.awards import services as aws
from thidua.awards.models import Certificate
from thidua.awards.statements import certificate_qr_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _verdict(page, url: str) -> str:
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_function("document.getElementById('verdict').textContent.length > 0")
    return page.inner_text("#verdict")


def test_the_saved_page_verifies_a_certificate_with_the_network_cut(
    page, decided, secretariat, tmp_path
):
    certificates = list(
        Certificate.objects.filter(award__decision=decided).order_by("register_number")
    )
    good, revoked = certificates[0], certificates[1]
    aws.certificate_revoke(
        actor=secretariat, certificate=revoked, reason="Hồ sơ không trung thực",
        reference="Quyết định số 12/QĐ-UBND",
    )  # fmt: skip
    saved = tmp_path / "xac-thuc-giay-khen.html"
    saved.write_bytes(Client().get("/xac-thuc/ngoai-tuyen.html?tai-ve=1").content)
    requests = []
    page.route("http*://**/*", lambda route: (requests.append(route.request.url), route.abort()))

    token = certificate_qr_text(good).split("#")[1]
    assert _verdict(page, f"{saved.as_uri()}#{token}") == "Giấy khen hợp lệ"
    facts = page.inner_text("#facts")
    assert good.award.name in facts and decided.reference in facts
    assert decided.decided_on.strftime("%d/%m/%Y") in facts

    # The whole QR text pasted by hand works too.
    page.fill("#statement", certificate_qr_text(good))
    page.click("#check")
    page.wait_for_function("document.getElementById('facts').children.length > 0")
    assert page.inner_text("#verdict") == "Giấy khen hợp lệ"

    head, body, sig = token.split(".")
    forged = f"{head}.{body[:-2]}{'A' if body[-2] != 'A' else 'B'}{body[-1]}.{sig}"
    verdict = _verdict(page, f"{saved.as_uri()}#{forged}")
    assert verdict.startswith("Không hợp lệ")

    other = certificate_qr_text(revoked).split("#")[1]
    assert _verdict(page, f"{saved.as_uri()}#{other}") == "Giấy khen đã bị thu hồi"
    assert "Quyết định số 12/QĐ-UBND" in page.inner_text("#facts")
    assert requests == []
