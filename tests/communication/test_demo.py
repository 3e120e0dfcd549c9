import pytest
from django.test import Client

from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from thidua.communication.enums import ArticleKind, ArticleState, CaseState
from thidua.communication.models import Article, CaseProposal
from thidua.demo.communication import build_published
from thidua.distribution.models import Delivery


@pytest.mark.django_db
def test_published_stage_makes_the_results_public_with_stories_news_and_a_distributed_decision(
    decided, editor, secretariat, observer, focal_a, focal_b
):  # noqa: F811
    decided_campaign = decided.campaign
    message = build_published(decided_campaign)
    stories = Article.objects.filter(kind=ArticleKind.STORY, state=ArticleState.PUBLISHED)
    assert stories.count() == 3
    assert all(s.award.decision_id == decided.pk and s.photos.count() == 1 for s in stories)
    assert Article.objects.filter(kind=ArticleKind.NEWS, state=ArticleState.PUBLISHED).count() == 2
    case = CaseProposal.objects.get()
    assert (case.state, case.proposer) == (CaseState.NEW, observer)
    deliveries = Delivery.objects.filter(distribution__source=f"awards.decision:{decided.pk}")
    assert {d.unit for d in deliveries} >= {decided.awards.first().unit}
    assert sorted(d.opened_by.username for d in deliveries if d.opened_at) == [
        "daumoi.a",
        "daumoi.b",
    ]
    assert message.endswith("2 đơn vị đã mở")
    assert build_published(decided_campaign) == "đã công bố"
    visitor = Client()
    home = visitor.get("/").content.decode()
    for story in stories:
        assert story.title in home
        assert visitor.get(story.public_path).status_code == 200
    assert decided.reference in visitor.get(f"/ket-qua/{decided_campaign.pk}/").content.decode()


@pytest.mark.django_db
def test_published_stage_waits_for_an_issued_decision(campaign):  # noqa: F811
    assert build_published(campaign) == (
        "chưa có quyết định khen thưởng được ban hành; chưa công bố"
    )
    assert Article.objects.count() == 0
