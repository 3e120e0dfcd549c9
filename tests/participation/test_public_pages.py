"""The portal's `/cong-khai/` for anonymous visitors: open lists with their closing date, a
comment form per nominee, nothing shown before moderation, a flood from one address
throttled, a robot's form (honeypot filled) dropped; and the comments in the minutes."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.council.test_minutes import pdf_text
from tests.participation.conftest import at
from thidua.core.formatting import date_short
from thidua.council import minutes as council_minutes
from thidua.participation import services
from thidua.participation.models import PublicComment

pytestmark = pytest.mark.django_db

FORM = {"author_name": "Nông Thị Hạnh", "contact": "0987 654 321",
        "content": "Anh ấy luôn tận tình với bà con.", "website": ""}  # fmt: skip


def test_anonymous_visitor_reads_the_open_list_with_its_closing_date(client, open_now, nominees):
    html = client.get("/cong-khai/").content.decode()
    assert open_now.title in html
    assert f"đến hết ngày {date_short(open_now.closes_on)}" in html
    assert re.search(r"đến hết ngày \d{2}/\d{2}/\d{4}", html)
    for entry in open_now.entries.all():
        assert entry.name in html
        assert reverse("portal:disclosure_comment", args=[entry.pk]) in html
    assert 'name="website"' in html  # the honeypot, hidden by its class


def test_the_public_list_costs_a_constant_number_of_queries(
    client, open_now, secretariat, django_assert_num_queries
):
    for entry in open_now.entries.all():
        comment = services.comment_submit(
            entry=entry, author_name="A", contact="B", content="C", address="198.51.100.1"
        )
        services.comment_publish(actor=secretariat, comment=comment)
    client.get("/cong-khai/")  # session, CSRF cookie
    with django_assert_num_queries(3):
        response = client.get("/cong-khai/")
    assert response.content.decode().count('class="public-comment"') == 7


def test_a_comment_waits_for_moderation_then_shows(client, open_now, secretariat):
    entry = open_now.entries.first()
    response = client.post(reverse("portal:disclosure_comment", args=[entry.pk]), FORM)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?da_gui={entry.pk}#muc-{entry.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Ý kiến đã được ghi nhận" in page and FORM["content"] not in page
    comment = PublicComment.objects.get()
    assert (comment.author_name, comment.entry_id) == (FORM["author_name"], entry.pk)
    services.comment_publish(actor=secretariat, comment=comment)
    page = client.get("/cong-khai/").content.decode()
    assert FORM["content"] in page and FORM["contact"] not in page


def test_bad_input_is_said_in_vietnamese_and_nothing_is_kept(client, open_now):
    entry = open_now.entries.first()
    url = reverse("portal:disclosure_comment", args=[entry.pk])
    response = client.post(url, FORM | {"author_name": " ", "content": "x" * 4001})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập họ và tên của bạn." in html
    assert "tối đa 4000 ký tự" in html and PublicComment.objects.count() == 0
    assert client.post("/cong-khai/y-kien/99999999/", FORM).status_code == 404


def test_a_robot_filling_the_honeypot_is_dropped_silently(client, open_now):
    entry = open_now.entries.first()
    response = client.post(
        reverse("portal:disclosure_comment", args=[entry.pk]), FORM | {"website": "http://spam"}
    )
    assert response.status_code == 302 and PublicComment.objects.count() == 0


def test_a_comment_flood_from_one_address_is_throttled(client, open_now, settings):
    settings.THIDUA_PUBLIC_COMMENTS_PER_WINDOW = 5
    entry = open_now.entries.first()
    url = reverse("portal:disclosure_comment", args=[entry.pk])
    answers = [
        client.post(url, FORM | {"content": f"Ý kiến số {i}"}, REMOTE_ADDR="198.51.100.9")
        for i in range(8)
    ]
    assert [r.status_code for r in answers] == [302] * 5 + [429] * 3
    assert "đã gửi quá 5 lần trong 60 phút" in answers[5].content.decode()
    assert FORM["author_name"] in answers[5].content.decode()  # the form is kept
    assert PublicComment.objects.count() == 5
    # Another address is not held back by the flood.
    other = client.post(url, FORM, REMOTE_ADDR="198.51.100.10")
    assert other.status_code == 302 and PublicComment.objects.count() == 6


def test_a_closed_window_takes_no_comment(client, nominees, secretariat):
    from thidua.participation.enums import DisclosureBasis

    past = services.disclosure_open(
        actor=secretariat, campaign=nominees[0][0].proposal.campaign,
        opens_on=dt.date(2024, 1, 2), closes_on=dt.date(2024, 1, 16),
        basis=DisclosureBasis.LAW, today=dt.date(2024, 1, 2),
    )  # fmt: skip
    entry = past.entries.first()
    assert "Hiện không có danh sách nào" in client.get("/cong-khai/").content.decode()
    response = client.post(reverse("portal:disclosure_comment", args=[entry.pk]), FORM)
    assert response.status_code == 404 and PublicComment.objects.count() == 0


def test_the_minutes_carry_the_public_comments(disclosed, closed, secretariat):
    entry = disclosed.entries.order_by("position").first()
    services.comment_submit(
        entry=entry, author_name="Lục Văn Tường", contact="0912", address="203.0.113.7",
        content="Xã làm tốt một cửa liên thông.", now=at(dt.date(2024, 1, 5)),
    )  # fmt: skip
    hidden = services.comment_submit(
        entry=entry, author_name="Ẩn Danh", contact="0", address="203.0.113.7",
        content="Nội dung quảng cáo", now=at(dt.date(2024, 1, 5)),
    )  # fmt: skip
    services.comment_hide(actor=secretariat, comment=hidden, note="Quảng cáo")
    text = pdf_text(council_minutes.render(closed, council_minutes.MINUTES, "pdf"))
    assert "Ý kiến của nhân dân trong thời gian công khai danh sách:" in text
    assert f"Về {entry.name}: ông/bà Lục Văn Tường (05/01/2024): Xã làm tốt một cửa" in text
    assert "quảng cáo" not in text.lower()
    assert timezone.localdate() > dt.date(2024, 1, 16)


def test_the_menu_and_the_sitemap_lead_to_the_public_pages(client, world):
    html = client.get("/").content.decode()
    assert '<a href="/cong-khai/" >Lấy ý kiến nhân dân</a>' in html
    assert '<a href="/de-xuat-khen-thuong/" >Đề xuất khen thưởng</a>' in html
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/cong-khai/</loc>" in xml
    assert "<loc>http://testserver/de-xuat-khen-thuong/</loc>" in xml
