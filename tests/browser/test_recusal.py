"""End to end in Debian's Chromium: a council member declares on their own screen that they
work in commune A; the secretary's console then shows them recused on commune A's nominees
and the quorum and the pass threshold of commune A counted on the 7 members left; the member's
ballot leaves those nominees out; commune A passes with 5 votes, which would fail among 9, and
the minutes say who did not vote and why."""

import io
import unicodedata

import pytest
from django.db import connections
from pypdf import PdfReader

from tests.browser.test_council_flow import _context, _log_in, browser  # noqa: F401
from tests.council.test_conflicts import _vote
from thidua.council import services
from thidua.council.enums import Choice
from thidua.council.models import Recusal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]


def _basis(page, item_pk) -> str:
    return " ".join(page.locator(f".basis[data-item='{item_pk}']").first.inner_text().split())


def test_a_recusal_changes_the_quorum_and_the_threshold(
    browser, live_server, session, board, nominees, world, secretariat
):
    url = live_server.url
    m = board.members
    cols, inds = nominees
    commune_a = session.items.get(nominee=cols[0]).pk
    services.member_profile_set(actor=secretariat, member=m[7], person=None, unit=world.commune_a)
    services.attendance_set(actor=secretariat, session=session, present=m[:8])

    console = _context(browser).new_page()
    _log_in(console, url, board.secretary.user.username)
    console.goto(f"{url}/hoi-dong/{session.pk}/")
    # one member recused on commune A: 2/3 of 8 members (6), quorum 6
    assert "Tính trên 8 thành viên, cần ít nhất 6 thành viên tham gia, cần 6 phiếu đồng ý" in (
        _basis(console, commune_a)
    )
    assert "Lục Văn Đức" not in _basis(console, commune_a)

    # The member declares their unit on their own screen.
    member_page = _context(browser).new_page()
    _log_in(member_page, url, m[6].user.username)
    member_page.goto(f"{url}/hoi-dong/")
    member_page.click("#my-memberships a")
    member_page.select_option("#id_unit", label="Xã Yên Lạc")
    with member_page.expect_navigation():
        member_page.click("#ho-so button[type=submit]")
    assert "Đã lưu hồ sơ cán bộ và đơn vị công tác." in member_page.inner_text("main")
    assert "Xã Yên Lạc" in member_page.inner_text("#ho-so")

    # The console now counts commune A on the 7 members left: quorum 5, threshold 5.
    console.reload()
    basis = _basis(console, commune_a)
    assert "Không tham gia biểu quyết (xung đột lợi ích)" in basis
    assert "Lý Thị Hồng (cùng đơn vị với tập thể, cá nhân được đề nghị)" in basis
    assert "Đàm Văn Quý (cùng đơn vị với tập thể, cá nhân được đề nghị)" in basis
    assert "Tính trên 7 thành viên, cần ít nhất 5 thành viên tham gia, cần 5 phiếu đồng ý" in basis
    untouched = session.items.get(nominee=cols[2]).pk  # Xã Vũ Nông: nobody recused
    assert "Tính trên 9 thành viên" in _basis(console, untouched)
    assert "cần 6 phiếu đồng ý" in _basis(console, untouched)

    services.session_open_voting(actor=secretariat, session=session)
    session.refresh_from_db()
    assert Recusal.objects.filter(item__session=session).count() == 6  # 2 × 3 of commune A

    # The member's ballot leaves commune A's three nominees out.
    member_page.goto(f"{url}/hoi-dong/{session.pk}/bo-phieu/")
    recused = member_page.inner_text("#ballot-recused")
    assert "Xã Yên Lạc" in recused and "xung đột lợi ích" in recused
    boxes = member_page.locator("fieldset.nominee")
    assert boxes.count() == 4
    for i in range(4):
        boxes.nth(i).locator("label", has_text="Không đồng ý").click()  # first: "Đồng ý" twice
        boxes.nth(i).locator("label").first.click()
    with member_page.expect_navigation():
        member_page.click("#ballot-form button[type=submit]")
    assert "Phiếu của bạn đã được ghi nhận" in member_page.inner_text("main")

    # The others: five agree on commune A, one disagrees (5 of 6 valid, 5 of 7 members).
    for i in [0, 1, 2, 3, 4, 5, 7]:
        _vote(session, m[i], {cols[0].pk: Choice.AGREE if i < 5 else Choice.DISAGREE})
    services.session_close_voting(actor=secretariat, session=session)

    console.goto(f"{url}/hoi-dong/{session.pk}/ket-qua/")
    row = console.locator(f"tr[data-nominee='{cols[0].pk}']")
    assert "Đạt" in row.inner_text() and "Không đạt" not in row.inner_text()
    assert "Tính trên 7 thành viên" in row.inner_text()

    href = console.get_attribute("a:has-text('Biên bản họp Hội đồng (PDF)')", "href")
    pdf = console.context.request.get(f"{url}{href}").body()
    text = " ".join(
        unicodedata.normalize(
            "NFC", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        ).split()
    )
    assert "Xã Yên Lạc: không tham gia biểu quyết do xung đột lợi ích" in text
    assert "tính trên 07 thành viên Hội đồng còn lại" in text
    connections.close_all()
