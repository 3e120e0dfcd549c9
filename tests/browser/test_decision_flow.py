# ruff: noqa: F811  (pytest fixtures imported from other conftest modules)
"""End to end in Debian's Chromium: the chair issues the decision the secretariat drafted,
downloads an awardee's certificate, and an anonymous visitor verifies its code."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.awards.conftest import DECIDED_ON, funded, staged  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS, page  # noqa: F401
from tests.nominations.conftest import _private_media, campaign, forms  # noqa: F401
from thidua.awards import services
from thidua.awards.models import Certificate
from thidua.awards.printing import display_code

# legal_tables: the tables the awards migration seeds, back after other tests' flushes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("legal_tables"),
]


@pytest.fixture
def drafted(staged, secretariat, funded):
    return services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON
    )


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_chair_issues_downloads_a_certificate_and_the_public_verifies_it(
    page, live_server, chair, drafted
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    _log_in(page, url, "chutich")
    page.click("nav >> text=Khen thưởng")
    page.wait_for_url("**/quyet-dinh/")
    page.click("#decisions >> text=…/QĐ-UBND")
    page.wait_for_url(f"**/quyet-dinh/{drafted.pk}/")
    assert page.inner_text("#decision-state") == "Dự thảo"
    assert page.inner_text("#decision-total") == "3.780.000 đồng"
    page.screenshot(path=str(ARTIFACTS / "decision-draft.png"), full_page=True)

    page.click("#ban-hanh >> button:has-text('Ban hành quyết định')")
    page.wait_for_selector("text=Đã ban hành Quyết định số 1/QĐ-UBND.")
    assert page.inner_text("#decision-state") == "Đã ban hành"
    page.screenshot(path=str(ARTIFACTS / "decision-issued.png"), full_page=True)

    cert = (
        Certificate.objects.select_related("award")
        .filter(award__subject_type="individual")
        .order_by("register_number")
        .first()
    )
    with page.expect_download() as info:
        page.click(f"#cert-{cert.pk} >> text=Tải giấy khen")
    download = info.value
    assert download.suggested_filename == f"giay-khen-{display_code(cert.code)}.pdf"
    data = Path(download.path()).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "GIẤY KHEN" in text and f"Bà {cert.award.name}" in text
    assert f"Mã xác thực: {display_code(cert.code)}" in text
    shown = page.inner_text(f"#cert-{cert.pk} code")
    assert shown == display_code(cert.code)

    page.click("header >> text=Đăng xuất")
    page.goto(f"{url}/xac-thuc/")
    page.fill("#ma", shown.lower())
    page.click("button:has-text('Tra cứu')")
    page.wait_for_url(f"**/xac-thuc/{shown}")
    assert page.inner_text("#verdict") == "Giấy khen hợp lệ"
    assert f"Bà {cert.award.name}" in page.inner_text("#awardee")
    assert "Số 1/QĐ-UBND ngày 05 tháng 02 năm 2024" in page.inner_text("#decision")
    page.screenshot(path=str(ARTIFACTS / "certificate-verified.png"), full_page=True)

    page.goto(f"{url}/xac-thuc/ZZZZ-ZZZZ-ZZZZ")
    assert page.inner_text("#verdict") == "Không tìm thấy giấy khen với mã này."
