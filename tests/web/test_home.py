"""Each role's home shows its own work — and nothing of another unit's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures
from tests.nominations.conftest import complete_dossier
from thidua.communication import services as comm
from thidua.communication.enums import ArticleKind
from thidua.nominations import services

campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
proposal_a = nomination_fixtures.proposal_a
filled_a = nomination_fixtures.filled_a
_private_media = nomination_fixtures._private_media

REASON_A = "Thiếu chữ ký của Chủ tịch Hội đồng xã Yên Lạc."


@pytest.fixture
def returned_a(filled_a, focal_a, secretariat):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    item = filled_a.documents.filter(item__name__startswith="Biên bản").first().item
    return services.proposal_return(
        actor=secretariat, proposal=filled_a, reasons=[{"item": item, "reason": REASON_A}]
    )


@pytest.fixture
def submitted_b(campaign, focal_b, forms, world):
    proposal = services.proposal_open(actor=focal_b, campaign=campaign, unit=world.commune_b)
    services.nominee_add(
        actor=focal_b, proposal=proposal, award_form=forms["collective"], achievement="Tốt."
    )
    complete_dossier(focal_b, proposal)
    return services.proposal_submit(actor=focal_b, proposal=proposal)


def _home(client, user) -> str:
    response = login(client, user).get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_focal_officer_sees_its_returned_dossier_with_the_reason_not_the_other_unit(
    client, returned_a, submitted_b, focal_a, focal_b, world
):
    page = _home(client, focal_a)
    assert "Việc của đơn vị trong các phong trào" in page
    assert "Xã Yên Lạc" in page
    assert REASON_A in page
    assert reverse("web:proposal_detail", args=[returned_a.pk]) in page
    assert "Quá hạn, chưa đăng ký" in page  # the registration window closed in 2023
    assert "Xã Ca Thành" not in page
    assert reverse("web:proposal_detail", args=[submitted_b.pk]) not in page

    page_b = _home(client, focal_b)
    assert "Xã Ca Thành" in page_b and "Đã gửi" in page_b
    assert REASON_A not in page_b
    assert "Xã Yên Lạc" not in page_b


def test_secretariat_sees_dossiers_to_review_and_overdue_units_linked_to_filtered_lists(
    client, submitted_b, returned_a, campaign, secretariat
):
    page = _home(client, secretariat)
    board = reverse("web:monitoring_dashboard", args=[campaign.pk])
    assert f'{board}?show=submitted&amp;all=1"><strong>1</strong> hồ sơ chờ thẩm định' in page
    assert f'{board}?show=missing&amp;all=1"><strong>2</strong> đơn vị quá hạn đăng ký' in page
    listed = client.get(f"{board}?show=submitted&all=1").content.decode()
    assert "Xã Ca Thành" in listed


def test_focal_officer_of_another_district_sees_nothing_of_this_one(client, submitted_b, world):
    from tests.conftest import _persona
    from tests.factories import make_unit
    from thidua.org.enums import Role

    other = make_unit("Xã Khác", parent=world.province, code="X09999")
    stranger = _persona("daumoi.khac", Role.FOCAL_POINT, other)
    page = _home(client, stranger)
    assert "Phát động phong trào" not in page
    assert "Hiện không có việc nào chờ bạn." in page


def test_editor_sees_stories_waiting_for_review(client, world, editor, secretariat):
    article = comm.article_create(
        actor=editor,
        kind=ArticleKind.STORY,
        unit=world.district,
        title="Chị Đào và bộ phận một cửa",
        body="<p>Một câu chuyện.</p>",
    )
    comm.article_submit(actor=editor, article=article)
    for user in (editor, secretariat):
        page = _home(client, user)
        assert "1 bài viết chờ duyệt" in page
        assert "Chị Đào và bộ phận một cửa" in page


def test_chair_sees_a_summary_with_charts_and_their_tables(client, submitted_b, chair):
    page = _home(client, chair)
    assert "Tổng quan" in page
    assert '<svg class="chart"' in page
    assert "<caption>Hồ sơ đề nghị theo tình trạng</caption>" in page
    assert "<td>Đã gửi</td><td>1</td>" in page


@pytest.mark.parametrize("extra", [0, 1])
def test_home_query_count_does_not_grow_with_campaigns(
    client, extra, returned_a, submitted_b, focal_a, secretariat, world, campaign
):
    from thidua.campaigns import services as cs
    from thidua.campaigns.enums import CampaignState
    from thidua.campaigns.models import Campaign

    for i in range(extra * 3):
        c = cs.campaign_clone(actor=secretariat, campaign=campaign, year=2024 + i)
        # published without rendering the plan (not what this test looks at)
        Campaign.objects.filter(pk=c.pk).update(state=CampaignState.RUNNING)
    counts = {}
    for user in (focal_a, secretariat):
        login(client, user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("web:home")).status_code == 200
        counts[user.username] = len(ctx.captured_queries)
    assert counts == PINNED


PINNED = {"daumoi.a": 12, "noivu": 11}  # the session is kept (cached_db), not read
