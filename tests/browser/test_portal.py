# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""End to end in Debian's Chromium: an editor writes a story with a photo, the secretariat
approves it, and an anonymous visitor on a phone-sized screen finds it on the public portal."""

import pytest

from tests.awards.conftest import draft, funded, staged  # noqa: F401
from tests.browser.test_login_and_search import ARTIFACTS, page  # noqa: F401
from tests.communication.conftest import image_upload
from tests.nominations.conftest import campaign, forms  # noqa: F401
from thidua.communication.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def _log_out(page) -> None:
    page.click("header >> text=Đăng xuất")


def test_editor_writes_secretariat_approves_visitor_reads_on_a_phone(
    page, live_server, world, editor, secretariat, tmp_path
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    photo = tmp_path / "anh-huong.jpg"
    photo.write_bytes(image_upload(size=(2000, 1300)).read())

    _log_in(page, url, "bientap")
    page.click("nav >> text=Truyền thông, văn bản")
    page.wait_for_url("**/truyen-thong/")
    page.click("text=Viết gương điển hình")
    page.fill("#id_title", "Nguyễn Văn Hưởng – Phòng Nội vụ")
    page.fill("#id_summary", "Mười năm ở bộ phận một cửa, không một hồ sơ trễ hẹn.")
    page.fill(
        "#id_body",
        "Anh Hưởng đến cơ quan sớm nhất.\n\n<strong>Tận tụy</strong> với "
        "từng hồ sơ.<script>alert('x')</script>",
    )
    # The toolbar wraps the selected words.
    page.evaluate("""() => { const a = document.getElementById('id_body');
        const i = a.value.indexOf('sớm nhất'); a.setSelectionRange(i, i + 8); }""")
    page.click("#format-bar >> text=Đậm")
    assert "<strong>sớm nhất</strong>" in page.input_value("#id_body")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("text=Đã lưu bản nháp.")
    page.set_input_files("#id_photo", str(photo))
    page.fill("#id_caption", "Anh Hưởng tại bộ phận một cửa")
    page.click("button:has-text('Tải ảnh lên')")
    page.wait_for_selector("text=Đã thêm ảnh")
    assert "1600 × 1040" in page.inner_text("#anh")
    page.click("button:has-text('Gửi duyệt')")
    page.wait_for_selector("text=Đã gửi bài để duyệt.")
    assert page.inner_text("#article-state") == "Chờ duyệt"
    article = Article.objects.get()
    _log_out(page)

    # Not public while waiting for review.
    page.goto(f"{url}/guong-dien-hinh/nguyen-van-huong-phong-noi-vu")
    assert "Không tìm thấy bài viết này." in page.inner_text("main")

    _log_in(page, url, "noivu")
    page.goto(f"{url}/truyen-thong/bai-viet/{article.pk}/")
    page.click("button:has-text('Duyệt và đăng')")
    page.wait_for_selector("text=Đã duyệt và đăng bài lên cổng thông tin.")
    assert page.inner_text("#article-state") == "Đã đăng"
    _log_out(page)

    phone = page.context.browser.new_context(
        viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True
    )
    visitor = phone.new_page()
    visitor.goto(f"{url}/")
    assert visitor.title().startswith("Thi đua – Khen thưởng")
    visitor.screenshot(path=str(ARTIFACTS / "portal-home-phone.png"), full_page=True)
    visitor.click("text=Nguyễn Văn Hưởng – Phòng Nội vụ")
    visitor.wait_for_url("**/guong-dien-hinh/nguyen-van-huong-phong-noi-vu")
    assert visitor.inner_text("h1") == "Nguyễn Văn Hưởng – Phòng Nội vụ"
    body = visitor.inner_text(".article-body")
    assert "Tận tụy với từng hồ sơ." in body and "alert" not in body
    assert visitor.locator(".article-body strong").first.inner_text() == "sớm nhất"
    image = visitor.locator("figure img").first
    assert image.evaluate("i => i.complete && i.naturalWidth") == 1600
    # Readable on a phone: nothing wider than the screen.
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    visitor.screenshot(path=str(ARTIFACTS / "portal-story-phone.png"), full_page=True)
    og = visitor.locator('meta[property="og:image"]').get_attribute("content")
    assert og.startswith(f"{url}/anh/")
    phone.close()


def test_a_visitor_at_the_site_address_reads_a_story_checks_a_certificate_then_logs_in(
    page, live_server, world, editor, secretariat, chair, legal_tables, staged, funded, draft
):
    """`/` is the public portal: a citizen finds an exemplary story and verifies a certificate by
    the code printed on it, without an account; "Đăng nhập" leads an officer to the login."""
    from tests.portal.public_fixtures import make_article, publish
    from thidua.awards import services as award_services
    from thidua.awards.models import Certificate
    from thidua.awards.printing import display_code

    story = publish(
        make_article(world, editor, title="Nguyễn Văn Hưởng – Phòng Nội vụ", summary="Mẫu mực."),
        editor,
        secretariat,
    )
    award_services.decision_issue(actor=chair, decision=draft)
    cert = Certificate.objects.select_related("award").filter(award__decision=draft).first()
    url = live_server.url

    page.goto(f"{url}/")
    assert page.url == f"{url}/"
    page.click(f"text={story.title}")
    page.wait_for_url(f"**{story.public_path}")
    assert page.inner_text("h1") == story.title

    page.click("nav.menu >> text=Xác thực giấy khen")
    page.wait_for_url("**/xac-thuc/")
    page.fill("#ma", display_code(cert.code).lower())
    page.click("button:has-text('Tra cứu')")
    page.wait_for_url(f"**/xac-thuc/{display_code(cert.code)}")
    assert page.inner_text("#verdict") == "Giấy khen hợp lệ"
    assert cert.award.name in page.inner_text("#awardee")

    page.click("nav.menu >> text=Đăng nhập")
    page.wait_for_url("**/dang-nhap/")
    page.fill("#id_username", secretariat.username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")
    assert "Thường trực thi đua" in page.inner_text("main")
