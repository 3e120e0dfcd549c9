"""The secretariat's screens: open a disclosure from a form (the law's window checked), read
the comments and moderate them (audited); the council reads them; units' focal points and
editors are refused even with comments present."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from thidua.core.models import AuditLog
from thidua.participation import services
from thidua.participation.enums import CommentState
from thidua.participation.models import Disclosure, PublicComment

pytestmark = pytest.mark.django_db


def _comment(disclosure, content="Đồng ý khen thưởng."):
    return services.comment_submit(
        entry=disclosure.entries.first(), author_name="Lục Văn Tường", contact="0912 345 678",
        content=content, address="203.0.113.7",
    )  # fmt: skip


def test_the_secretariat_opens_a_disclosure_from_the_form(client, campaign, nominees, secretariat):
    login(client, secretariat)
    today = timezone.localdate()
    url = reverse("web:disclosures")
    data = {"campaign": campaign.pk, "basis": "law", "opens_on": f"{today:%d/%m/%Y}",
            "closes_on": f"{today + dt.timedelta(days=3):%d/%m/%Y}"}  # fmt: skip
    short = client.post(url, data).content.decode()
    earliest = services.earliest_close(today, 10)
    assert f"thì đến hết ngày {earliest:%d/%m/%Y} trở đi." in short
    assert not Disclosure.objects.exists()
    response = client.post(url, data | {"closes_on": f"{earliest:%d/%m/%Y}"})
    disclosure = Disclosure.objects.get()
    assert response["Location"] == reverse("web:disclosure", args=[disclosure.pk])
    page = client.get(response["Location"]).content.decode()
    assert f"đến hết ngày {earliest:%d/%m/%Y}" in page and "đang lấy ý kiến" in page


def test_comments_reach_the_secretariat_who_moderates_them(client, open_now, secretariat):
    good, spam = _comment(open_now), _comment(open_now, "Mua hàng giá rẻ tại ...")
    login(client, secretariat)
    page = client.get(reverse("web:disclosure", args=[open_now.pk])).content.decode()
    assert "Đồng ý khen thưởng." in page and "0912 345 678" in page
    assert '<dd id="waiting-count">2</dd>' in page
    listing = client.get(reverse("web:disclosures")).content.decode()
    assert "2 chờ duyệt" in listing
    client.post(reverse("web:comment_moderate", args=[good.pk, "cong-khai"]))
    refused = client.post(reverse("web:comment_moderate", args=[spam.pk, "an"]), follow=True)
    assert "Ghi lý do không công khai ý kiến." in refused.content.decode()
    client.post(reverse("web:comment_moderate", args=[spam.pk, "an"]), {"note": "Quảng cáo"})
    states = dict(PublicComment.objects.values_list("pk", "state"))
    assert states == {good.pk: CommentState.PUBLISHED, spam.pk: CommentState.HIDDEN}
    assert (
        AuditLog.objects.filter(
            action__in=["participation.comment.publish", "participation.comment.hide"],
            actor=secretariat,
        ).count()
        == 2
    )
    public = client.get("/cong-khai/").content.decode()
    assert "Đồng ý khen thưởng." in public and "Mua hàng" not in public


def test_the_council_reads_but_does_not_moderate(client, open_now, council_member):
    comment = _comment(open_now)
    login(client, council_member)
    page = client.get(reverse("web:disclosure", args=[open_now.pk])).content.decode()
    assert "Đồng ý khen thưởng." in page and "cong-khai/" in page
    assert reverse("web:comment_moderate", args=[comment.pk, "cong-khai"]) not in page
    response = client.post(reverse("web:comment_moderate", args=[comment.pk, "cong-khai"]))
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.state == CommentState.NEW


def test_focal_points_and_editors_are_refused_with_comments_present(
    client, open_now, focal_a, editor
):
    comment = _comment(open_now)
    for user in (focal_a, editor):
        login(client, user)
        assert client.get(reverse("web:disclosures")).status_code == 403
        assert client.get(reverse("web:disclosure", args=[open_now.pk])).status_code == 404
        moderate = reverse("web:comment_moderate", args=[comment.pk, "cong-khai"])
        assert client.post(moderate).status_code == 404
    comment.refresh_from_db()
    assert comment.state == CommentState.NEW


def test_the_list_of_disclosures_costs_a_constant_number_of_queries(
    client, open_now, secretariat, django_assert_num_queries
):
    _comment(open_now)
    login(client, secretariat)
    client.get(reverse("web:disclosures"))
    # 10: with the forms the law asks to disclose and the statutory window, one query each
    with django_assert_num_queries(9):
        client.get(reverse("web:disclosures"))
    later = open_now.closes_on + dt.timedelta(days=1)
    services.disclosure_open(
        actor=secretariat, campaign=open_now.campaign, opens_on=later,
        closes_on=later + dt.timedelta(days=30), basis="office", title="Đợt hai",
    )  # fmt: skip
    with django_assert_num_queries(9):
        response = client.get(reverse("web:disclosures"))
    html = response.content.decode()
    assert open_now.title in html and "Đợt hai" in html


def test_a_bad_date_is_said_in_vietnamese_and_nothing_is_opened(
    client, campaign, nominees, secretariat
):
    login(client, secretariat)
    response = client.post(reverse("web:disclosures"), {
        "campaign": campaign.pk, "basis": "office", "opens_on": "31/02/2030",
        "closes_on": "ngày mai",
    })  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Ngày không hợp lệ (dd/mm/yyyy).") == 2
    assert not Disclosure.objects.exists()


def test_the_secretariats_home_counts_what_the_public_sent(
    client, open_now, secretariat, focal_a, world
):
    _comment(open_now)
    _comment(open_now, "Ý kiến thứ hai")
    services.citizen_proposal_submit(
        unit=world.district, proposer_kind="citizen", proposer_name="Hoàng Văn Pao",
        proposer_contact="0987", subject_name="Em Mai", deed_kind="rescue",
        description="Cứu người.", address="203.0.113.7",
    )  # fmt: skip
    login(client, secretariat)
    home = client.get(reverse("web:home")).content.decode()
    assert "2 ý kiến về danh sách công khai chờ kiểm duyệt" in home
    assert "1 đề xuất khen thưởng của nhân dân chờ xử lý" in home
    assert f'href="{reverse("web:citizen_proposals")}?trang_thai=received"' in home
    login(client, focal_a)
    assert "ý kiến về danh sách công khai" not in client.get(reverse("web:home")).content.decode()
