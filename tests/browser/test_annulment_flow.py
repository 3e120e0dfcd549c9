# ruff: noqa: F811  (pytest fixtures imported from other conftest modules)
"""End to end in Chromium: the secretariat annuls an award obtained by a false dossier (the
annulling decision, the money to recover, a sum paid back) and re-issues another awardee's lost
certificate; an anonymous visitor then verifies both codes on the portal: "đã thu hồi" with the
date and the decision, and "đã được cấp lại" with the replacement's code."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.awards.conftest import DECIDED_ON, funded, staged  # noqa: F401
from tests.browser.test_decision_flow import _log_in
from tests.browser.test_login_and_search import ARTIFACTS, page  # noqa: F401
from tests.nominations.conftest import _private_media, campaign, forms  # noqa: F401
from thidua.awards import services
from thidua.awards.enums import ReissueKind
from thidua.awards.models import Annulment, Certificate
from thidua.awards.printing import display_code
from thidua.awards.statements import certificate_qr_text
from thidua.records.models import AwardRecord

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("legal_tables"),
]


@pytest.fixture
def issued(staged, secretariat, chair, funded):
    draft = services.decision_create(
        actor=secretariat, campaign=staged.campaign, decided_on=DECIDED_ON
    )
    return services.decision_issue(actor=chair, decision=draft)


def _verify(page, url: str, code: str) -> str:
    page.goto(f"{url}/xac-thuc/")
    page.fill("#ma", code.lower())
    page.click("button:has-text('Tra cứu')")
    page.wait_for_selector("#verdict")
    return page.inner_text("#verdict")


def test_annulment_and_reissue_show_on_public_verification(page, live_server, issued):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    certs = list(
        Certificate.objects.select_related("award")
        .filter(award__decision=issued, award__subject_type="individual")
        .order_by("register_number")
    )
    false_one, lost_one = certs[0], certs[1]
    false_code, lost_code = display_code(false_one.code), display_code(lost_one.code)

    _log_in(page, url, "noivu")
    page.goto(f"{url}/quyet-dinh/{issued.pk}/")
    page.click(f"#cert-{false_one.pk} >> text=Hủy bỏ khen thưởng")
    page.wait_for_url(f"**/khen-thuong/{false_one.award_id}/huy-bo/")
    assert page.input_value("#id_to_recover") == "540.000"
    page.fill("#id_number", "15/QĐ-UBND")
    page.fill("#id_decided_on", "2024-06-03")
    page.fill("#id_signer_name", "Nguyễn Văn Chủ")
    page.fill("#id_reason", "Kê khai không trung thực thành tích trong hồ sơ đề nghị.")
    page.click("#annul-form >> button:has-text('Hủy bỏ khen thưởng')")
    page.wait_for_selector("text=Đã hủy bỏ khen thưởng của")
    assert page.inner_text("#outstanding") == "540.000 đồng"
    page.fill("#id_amount", "540.000")
    page.fill("#id_note", "Phiếu thu số 12 ngày 10/06/2024")
    page.click("#recovery-form >> button")
    page.wait_for_selector("text=Đã ghi nhận 540.000 đồng nộp lại vào quỹ.")
    assert page.inner_text("#outstanding") == "Đã thu đủ"
    assert "-540.000 đồng" in page.inner_text("#recoveries")
    page.screenshot(path=str(ARTIFACTS / "annulment.png"), full_page=True)

    page.goto(f"{url}/quyet-dinh/{issued.pk}/")
    page.click(f"#cert-{lost_one.pk} >> text=Cấp lại, cấp đổi")
    page.wait_for_url(f"**/giay-khen/{lost_one.pk}/cap-lai/")
    page.check("text=Cấp lại (bị mất)")
    today = timezone.localdate()
    page.fill("#id_decided_on", today.isoformat())
    page.fill("#id_reference", "Công văn số 7/UBND")
    page.fill("#id_reason", "Giấy khen bị mất do lũ cuốn trôi.")
    page.click("#reissue-form >> button")
    page.wait_for_url(f"**/quyet-dinh/{issued.pk}/#cert-{lost_one.pk}")
    assert "Đã cấp lại giấy khen: số sổ vàng mới 1" in page.inner_text("main")
    lost_one.refresh_from_db()
    new_code = display_code(lost_one.code)
    assert new_code != lost_code
    assert page.inner_text(f"#cert-{lost_one.pk} code") == new_code
    assert "Đã hủy bỏ khen thưởng" in page.inner_text(f"#cert-{false_one.pk}")
    page.click("header >> text=Đăng xuất")

    assert _verify(page, url, false_code) == "Giấy khen đã bị thu hồi"
    annulled = page.inner_text("#annulled")
    assert annulled.startswith("Đã thu hồi ngày 03/06/2024, theo Quyết định số 15/QĐ-UBND")
    page.screenshot(path=str(ARTIFACTS / "verify-annulled.png"), full_page=True)

    assert _verify(page, url, lost_code) == "Giấy khen đã được cấp lại"
    reissued = page.inner_text("#reissued")
    assert f"ngày {today:%d/%m/%Y}, theo Công văn số 7/UBND" in reissued
    assert new_code in reissued
    assert _verify(page, url, new_code) == "Giấy khen hợp lệ"

    assert Annulment.objects.get().outstanding == 0
    assert AwardRecord.objects.get(award_id=false_one.award_id).annulled_on is not None


def test_offline_page_says_reissued_for_the_superseded_copy(page, issued, secretariat, tmp_path):
    """The saved offline page (no network) reads the signed revocation list: the old copy's
    statement answers "đã được cấp lại" with the replacement's code."""
    cert = Certificate.objects.filter(award__decision=issued).order_by("register_number").first()
    old_token = certificate_qr_text(cert).split("#")[1]
    services.certificate_reissue(
        actor=secretariat, certificate=cert, kind=ReissueKind.DAMAGED, reason="Rách.",
        reference="Công văn số 8/UBND", decided_on=timezone.localdate(),
    )  # fmt: skip
    cert.refresh_from_db()
    saved = tmp_path / "xac-thuc-giay-khen.html"
    saved.write_bytes(Client().get("/xac-thuc/ngoai-tuyen.html?tai-ve=1").content)
    page.route("http*://**/*", lambda route: route.abort())
    page.goto(f"{saved.as_uri()}#{old_token}")
    page.wait_for_function("document.getElementById('verdict').textContent.length > 0")
    assert page.inner_text("#verdict") == "Giấy khen đã được cấp lại"
    facts = page.inner_text("#facts")
    assert "Công văn số 8/UBND" in facts and display_code(cert.code) in facts
    page.goto("about:blank")
    page.goto(f"{saved.as_uri()}#{certificate_qr_text(cert).split('#')[1]}")
    page.wait_for_function("document.getElementById('verdict').textContent.length > 0")
    assert page.inner_text("#verdict") == "Giấy khen hợp lệ"
