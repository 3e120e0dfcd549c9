"""End to end in Debian's Chromium: the secretariat publishes a campaign, a commune's focal
point registers and uploads its plan before the deadline, and the board shows it on time."""

import datetime as dt
import os
import shutil

import pytest
from django.utils import timezone

from tests.browser.test_login_and_search import ARTIFACTS, CHROMIUM
from thidua.campaigns import services
from thidua.campaigns.enums import CriterionKind, DossierScope, PhaseKind, SubjectType
from thidua.campaigns.models import Registration
from thidua.demo.campaigns import demo_plan_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]

TITLE = "Phát động phong trào thi đua cải cách hành chính năm nay"


@pytest.fixture
def page(live_server):
    """As in test_login_and_search, with Chromium's own controls (date pickers, file input)
    in Vietnamese too."""
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is required for browser tests: apt-get install -y chromium")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--lang=vi",
            ],
            env={**os.environ, "LANGUAGE": "vi", "LANG": "vi_VN.UTF-8"},
        )
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        yield context.new_page()
        browser.close()


@pytest.fixture
def draft_open(world, secretariat):
    """A draft whose registration deadline is five days ahead of the real clock."""
    now = timezone.now()
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=secretariat, issuer=world.district, year=today.year, title=TITLE,
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH", place="Nguyên Bình",
        period_start=today - dt.timedelta(days=1), period_end=dt.date(today.year + 1, 12, 30),
        purpose="Biểu dương những tập thể, cá nhân có thành tích xuất sắc.",
        recipients=["Phòng Nội vụ;", "Lưu: VT."], signer_name="Đào Nguyên Phong",
    )  # fmt: skip
    services.participants_set(
        actor=secretariat, campaign=campaign, units=[world.commune_a, world.commune_b]
    )
    services.phase_set(
        actor=secretariat, campaign=campaign, kind=PhaseKind.REGISTRATION,
        starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=5),
    )  # fmt: skip
    services.criterion_add(
        actor=secretariat, campaign=campaign, subject_type=SubjectType.COLLECTIVE,
        text="Kết quả thực hiện nhiệm vụ cải cách hành chính hoàn thành 100%.",
        kind=CriterionKind.TASKS_COMPLETED, params={"min_percent": 100},
    )  # fmt: skip
    services.award_form_add(
        # The campaign is of this year: under Nghị định 152/2025 the commune's Giấy khen.
        actor=secretariat, campaign=campaign, name="Giấy khen của Chủ tịch UBND xã",
        legal_kind="GIAY_KHEN_CHU_TICH_XA",
        subject_type=SubjectType.COLLECTIVE, quota=5,
        checklist=[("Tờ trình đề nghị khen thưởng.", DossierScope.PER_PROPOSAL)],
    )  # fmt: skip
    return campaign


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def _log_out(page, url: str) -> None:
    page.click("header >> text=Đăng xuất")
    page.wait_for_url(f"{url}/dang-nhap/")


def _open_campaign(page) -> None:
    page.click("nav >> text=Phong trào")
    page.wait_for_url("**/phong-trao/")
    page.click(f"main >> text={TITLE}")
    page.wait_for_url("**/phong-trao/*/")


def test_secretariat_publishes_focal_point_uploads_board_shows_on_time(
    page, live_server, world, secretariat, focal_a, draft_open, tmp_path
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url

    _log_in(page, url, "noivu")
    _open_campaign(page)
    assert page.inner_text("#campaign-state") == "Dự thảo"
    page.screenshot(path=str(ARTIFACTS / "campaign-draft.png"), full_page=True)
    for section in ("trang-thai", "don-vi", "tieu-chi", "khen-thuong"):
        page.locator(f"#{section}").screenshot(
            path=str(ARTIFACTS / f"campaign-draft-{section}.png")
        )
    page.fill("#id_doc_number", "12")
    page.click("#trang-thai >> button:has-text('Ban hành')")
    page.wait_for_selector("text=Phong trào chuyển sang trạng thái «Đã ban hành».")
    assert page.inner_text("#campaign-state") == "Đã ban hành"
    assert "Số 12/KH-UBND" in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "campaign-published.png"), full_page=True)
    _log_out(page, url)

    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(demo_plan_pdf(world.commune_a))
    _log_in(page, url, "daumoi.a")
    _open_campaign(page)
    page.click("text=Đăng ký thi đua, gửi kế hoạch")
    page.wait_for_url("**/dang-ky/")
    page.fill("#id_commitments", "Phấn đấu hoàn thành 100% nhiệm vụ cải cách hành chính.")
    page.set_input_files("#id_plan", str(plan))
    page.click("button:has-text('Gửi đăng ký')")
    page.wait_for_selector("text=Đã gửi đăng ký thi đua và kế hoạch của đơn vị.")
    assert page.inner_text("#registration-status") == "Đúng hạn"
    assert "ke-hoach-X01732.pdf" in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "campaign-registration.png"), full_page=True)
    _log_out(page, url)

    registration = Registration.objects.get()
    assert (registration.unit_id, registration.plan_late) == (world.commune_a.pk, False)

    _log_in(page, url, "noivu")
    _open_campaign(page)
    page.click("text=Theo dõi đăng ký")
    page.wait_for_url("**/theo-doi/")
    row = page.locator("tr[data-unit='X01732']")
    assert "Đúng hạn" in row.inner_text()
    assert "Chưa nộp (còn hạn)" in page.locator("tr[data-unit='X01738']").inner_text()
    page.screenshot(path=str(ARTIFACTS / "campaign-board.png"), full_page=True)
