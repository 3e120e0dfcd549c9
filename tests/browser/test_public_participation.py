# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""End to end in Debian's Chromium: the secretariat discloses a campaign's list for the
10 working days the law asks; an anonymous visitor comments on a nominee from `/cong-khai/`;
the comment reaches the secretariat, who publishes it; the council is refused, in Vietnamese
naming the closing date, both a meeting date inside the window and opening the vote before
it closes. And a citizen proposes a rescuer for commendation, gets a tracking code, and
follows the answer with it."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.test_login_and_search import ARTIFACTS, page  # noqa: F401
from thidua.council import services as council
from thidua.participation import services
from thidua.participation.models import CitizenProposal, PublicComment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% anh hien truong\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def _visitor(page):
    context = page.context.browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    return context, context.new_page()


def test_a_public_comment_reaches_the_secretariat_and_the_council_waits_for_the_window(
    page, live_server, world, secretariat, campaign, nominees, board, rules
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    today = timezone.localdate()
    closes = services.earliest_close(today, 10)
    # A session planned for the day after the window, before the disclosure was opened.
    planned = council.session_create(
        actor=secretariat, council=board.council, campaign=campaign,
        held_on=closes + dt.timedelta(days=1), place="Hội trường UBND huyện",
    )  # fmt: skip

    _log_in(page, url, "noivu")
    page.click("nav >> text=Công khai, ý kiến")
    page.click("text=Công khai danh sách của một phong trào")
    page.select_option("#id_campaign", str(campaign.pk))
    page.select_option("#id_basis", "law")
    page.fill("#id_opens_on", f"{today:%Y-%m-%d}")
    page.fill("#id_closes_on", f"{today + dt.timedelta(days=2):%Y-%m-%d}")
    page.click("button:has-text('Công khai danh sách')")
    assert f"thì đến hết ngày {closes:%d/%m/%Y} trở đi." in page.inner_text("main form")
    page.fill("#id_closes_on", f"{closes:%Y-%m-%d}")
    page.click("button:has-text('Công khai danh sách')")
    page.wait_for_selector("text=Đã công khai danh sách (7 tập thể, cá nhân)")
    detail = page.url

    visitor_ctx, visitor = _visitor(page)
    visitor.goto(f"{url}/cong-khai/")
    assert f"đến hết ngày {closes:%d/%m/%Y}" in visitor.inner_text("main")
    person = nominees[1][0].person.full_name
    item = visitor.locator("li", has=visitor.locator(f"strong.entry-name:text-is('{person}')"))
    item.locator("summary").click()
    item.locator("input[name=author_name]").fill("Lục Văn Tường")
    item.locator("input[name=contact]").fill("0912 345 678")
    item.locator("textarea[name=content]").fill("Chị ấy tận tình giúp bà con làm thủ tục.")
    item.locator("button:has-text('Gửi ý kiến')").click()
    visitor.wait_for_selector("text=Ý kiến đã được ghi nhận")
    # Not shown before moderation.
    assert "tận tình giúp bà con" not in visitor.inner_text("main")
    visitor.screenshot(path=str(ARTIFACTS / "cong-khai-y-kien.png"), full_page=True)

    page.goto(detail)
    assert page.inner_text("#waiting-count") == "1"
    assert "Chị ấy tận tình giúp bà con làm thủ tục." in page.inner_text("main")
    assert "0912 345 678" in page.inner_text("main")
    page.click("button:text-is('Công khai')")
    page.wait_for_selector("text=Đã công khai ý kiến trên cổng thông tin.")
    assert PublicComment.objects.get().state == "published"

    visitor.reload()
    assert "Chị ấy tận tình giúp bà con làm thủ tục." in visitor.inner_text("main")
    assert "0912 345 678" not in visitor.inner_text("main")
    visitor_ctx.close()

    # The council: a meeting inside the window is refused, naming the closing date.
    refusal = (
        f"đang được công khai lấy ý kiến nhân dân đến hết ngày {closes:%d/%m/%Y}; Hội đồng "
        f"chỉ họp, bỏ phiếu từ ngày {closes + dt.timedelta(days=1):%d/%m/%Y}."
    )
    page.click("nav >> text=Hội đồng")
    page.select_option("#id_campaign", str(campaign.pk))
    page.fill("#id_held_on", f"{today:%Y-%m-%d}")
    page.fill("#id_place", "Phòng họp số 2")
    page.click("button:has-text('Tạo phiên họp')")
    assert refusal in page.inner_text("main form")
    # Opening the vote of the planned session, while the window is still open, is refused.
    page.goto(f"{url}/hoi-dong/{planned.pk}/")
    assert "Ý kiến của nhân dân trong thời gian công khai danh sách" in page.inner_text("main")
    page.click("button:has-text('Mở bỏ phiếu')")
    page.wait_for_selector(f"text={refusal}")
    planned.refresh_from_db()
    assert planned.state == "draft"
    page.screenshot(path=str(ARTIFACTS / "hoi-dong-cho-cong-khai.png"), full_page=True)


def test_a_citizen_proposes_a_rescuer_and_follows_the_tracking_code(
    page, live_server, world, secretariat, campaign, tmp_path
):
    url = live_server.url
    evidence = tmp_path / "anh-hien-truong.pdf"
    evidence.write_bytes(PDF)
    visitor_ctx, visitor = _visitor(page)
    visitor.goto(f"{url}/")
    visitor.click("nav >> text=Đề xuất khen thưởng")
    visitor.select_option("#id_proposer_kind", "citizen")
    visitor.fill("#id_proposer_name", "Hoàng Văn Pao")
    visitor.fill("#id_proposer_contact", "0987 111 222")
    visitor.fill("#id_subject_name", "Em Triệu Thị Mai")
    visitor.fill("#id_subject_detail", "Học sinh Trường THCS Thành Công")
    visitor.select_option("#id_deed_kind", "rescue")
    visitor.fill("#id_happened_on", "2024-08-20")
    visitor.fill("#id_description", "Em Mai đã cứu hai em nhỏ bị ngã xuống suối khi nước lên.")
    visitor.set_input_files("#id_files", str(evidence))
    visitor.click("button:has-text('Gửi đề xuất')")
    visitor.wait_for_selector("text=Đã nhận đề xuất của bạn")
    code = visitor.inner_text("#tracking-code").strip()
    proposal = CitizenProposal.objects.get()
    assert code == proposal.code and len(code) == 10
    assert proposal.files.get().name == "anh-hien-truong.pdf"
    assert visitor.inner_text("#citizen-state").startswith("Đã tiếp nhận, đang xem xét")

    # The secretariat sees it and answers.
    _log_in(page, url, "noivu")
    page.click("nav >> text=Đề xuất của nhân dân")
    page.click("text=Em Triệu Thị Mai")
    assert "0987 111 222" in page.inner_text("main")
    page.click("summary:has-text('Trả lời người đề xuất')")
    page.fill("#id_answer", "Cảm ơn ông. UBND huyện đã giao Phòng Nội vụ xác minh để khen thưởng.")
    page.click("button:has-text('Gửi trả lời')")
    page.wait_for_selector("text=Đã trả lời người đề xuất.")

    # Days later, the citizen looks it up with the code alone.
    later_ctx, later = _visitor(page)
    later.goto(f"{url}/de-xuat-khen-thuong/")
    later.fill("#ma", f"{code[:5].lower()}-{code[5:].lower()}")
    later.click("button:has-text('Tra cứu')")
    later.wait_for_url(f"**/de-xuat-khen-thuong/{code}/")
    assert later.inner_text("#citizen-state").startswith("Đã trả lời")
    assert "giao Phòng Nội vụ xác minh" in later.inner_text("#citizen-answer")
    later.screenshot(path=str(ARTIFACTS / "de-xuat-tra-cuu.png"), full_page=True)
    visitor_ctx.close()
    later_ctx.close()


def test_the_public_pages_and_the_secretariats_have_no_serious_accessibility_violation(
    page, live_server, world, secretariat, campaign, nominees
):
    from tests.browser.test_accessibility import AXE, _check

    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (npm install into var/npm)")
    today = timezone.localdate()
    disclosure = services.disclosure_open(
        actor=secretariat, campaign=campaign, opens_on=today,
        closes_on=services.earliest_close(today, 10), basis="law",
    )  # fmt: skip
    comment = services.comment_submit(
        entry=disclosure.entries.first(), author_name="Lục Văn Tường", contact="0912",
        content="Đồng ý.", address="203.0.113.7",
    )  # fmt: skip
    services.comment_publish(actor=secretariat, comment=comment)
    citizen = services.citizen_proposal_submit(
        unit=world.district, proposer_kind="citizen", proposer_name="Hoàng Văn Pao",
        proposer_contact="0987", subject_name="Em Triệu Thị Mai", deed_kind="rescue",
        description="Cứu người.", address="203.0.113.7",
    )  # fmt: skip
    url = live_server.url
    found = {}
    for path in ["/cong-khai/", "/de-xuat-khen-thuong/", f"/de-xuat-khen-thuong/{citizen.code}/"]:
        found[f"anonymous {path}"] = _check(page, url + path)
    _log_in(page, url, "noivu")
    for path in [
        "/cong-khai-danh-sach/",
        f"/cong-khai-danh-sach/{disclosure.pk}/",
        "/de-xuat-cua-nhan-dan/",
        f"/de-xuat-cua-nhan-dan/{citizen.pk}/",
    ]:
        found[f"noivu {path}"] = _check(page, url + path)
    assert {k: v for k, v in found.items() if v} == {}
