"""Campaigns and results on the portal: only published plans and issued decisions, and of an
award only what the decision prints."""

import datetime as dt

import pytest
from django.test import Client

from tests.awards.conftest import DECIDED_ON
from tests.conftest import login
from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from thidua.awards import services as aws
from thidua.awards.models import Decision
from thidua.campaigns import services as cs

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor(settings):
    # One cache whatever the test run's backend, so that the pinned query counts hold.
    settings.CACHES = {
        **settings.CACHES,  # the test run's sessions cache (conftest) stays
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    return Client()


@pytest.fixture
def draft_campaign(world, secretariat):
    return cs.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2024,
        title="Dự thảo phong trào bí mật",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 30),
    )


def test_campaign_list_shows_published_plans_only(visitor, campaign, draft_campaign):  # noqa: F811
    html = visitor.get("/phong-trao-thi-dua/").content.decode()
    assert campaign.title in html and "Kế hoạch số 05/KH-UBND" in html
    assert "Dự thảo phong trào bí mật" not in html
    assert visitor.get(f"/phong-trao-thi-dua/{draft_campaign.pk}/").status_code == 404
    assert visitor.get(f"/phong-trao-thi-dua/{draft_campaign.pk}/ke-hoach.pdf").status_code == 404


def test_published_plan_pdf_is_served_publicly(visitor, campaign):  # noqa: F811
    response = visitor.get(f"/phong-trao-thi-dua/{campaign.pk}/ke-hoach.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_results_show_the_awardees_decision_and_pdf(visitor, decided, world):  # noqa: F811
    response = visitor.get(f"/ket-qua/{decided.campaign_id}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Quyết định số {decided.reference} ngày 05 tháng 02 năm 2024" in html
    assert f'href="/ket-qua/quyet-dinh/{decided.pk}.pdf"' in html
    assert "<h3>Tập thể (1)</h3>" in html and "<h3>Cá nhân (2)</h3>" in html
    names = [a.name for a in decided.awards.all()]
    for name in names:
        assert name in html
    pdf = visitor.get(f"/ket-qua/quyet-dinh/{decided.pk}.pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_results_never_show_a_dossier_a_vote_or_personal_data(visitor, decided):  # noqa: F811
    html = visitor.get(f"/ket-qua/{decided.campaign_id}/").content.decode()
    person = next(a.person for a in decided.awards.all() if a.person_id)
    assert person.code not in html
    assert "Tham mưu tốt công tác CCHC." not in html  # the nominee's achievement (dossier)
    assert "Hoàn thành 100% nhiệm vụ CCHC." not in html
    assert "phiếu" not in html.lower()


def test_a_draft_decision_is_not_public(
    visitor,
    campaign,
    forms,
    world,
    focal_a,
    focal_b,  # noqa: F811
    secretariat,
):
    from tests.awards.conftest import stage

    stage(
        campaign=campaign,
        forms=forms,
        world=world,
        focal_a=focal_a,
        focal_b=focal_b,
        secretariat=secretariat,
        collectives=1,
        individuals=0,
    )
    aws.fund_set_budget(actor=secretariat, unit=world.district, year=2024, budget=50_000_000)
    draft = aws.decision_create(actor=secretariat, campaign=campaign, decided_on=DECIDED_ON)
    assert visitor.get(f"/ket-qua/{campaign.pk}/").status_code == 404
    assert visitor.get(f"/ket-qua/quyet-dinh/{draft.pk}.pdf").status_code == 404
    assert campaign.title not in visitor.get("/ket-qua/").content.decode()


@pytest.mark.parametrize("collectives,individuals", [(1, 0), (2, 1)])
def test_results_list_and_detail_query_counts_are_pinned(
    collectives,
    individuals,
    visitor,
    campaign,
    forms,
    world,
    focal_a,
    focal_b,  # noqa: F811
    secretariat,
    chair,
    django_assert_num_queries,
):
    from tests.awards.conftest import stage

    stage(
        campaign=campaign,
        forms=forms,
        world=world,
        focal_a=focal_a,
        focal_b=focal_b,
        secretariat=secretariat,
        collectives=collectives,
        individuals=individuals,
    )
    aws.fund_set_budget(actor=secretariat, unit=world.district, year=2024, budget=50_000_000)
    aws.decision_issue(
        actor=chair,
        decision=aws.decision_create(actor=secretariat, campaign=campaign, decided_on=DECIDED_ON),
    )
    with django_assert_num_queries(3):  # the decisions' version, the count, the page
        listing = visitor.get("/ket-qua/")
    text = f"{collectives + individuals} tập thể, cá nhân được khen thưởng"
    assert text in listing.content.decode()
    with django_assert_num_queries(1):  # built once: the version only
        assert visitor.get("/ket-qua/").content == listing.content
    # The stamp, the campaign (with its forms and phases), the decisions with their counts,
    # the page of awards, the stories; then, built once, the stamp alone.
    with django_assert_num_queries(7):
        detail = visitor.get(f"/ket-qua/{campaign.pk}/")
    assert detail.content.decode().count("<tr><td>") == collectives + individuals
    with django_assert_num_queries(1):
        again = visitor.get(f"/ket-qua/{campaign.pk}/")
    assert again.content == detail.content


def test_results_come_a_page_at_a_time_and_follow_a_new_decision(
    visitor,
    decided,
    world,
    monkeypatch,
    secretariat,
    chair,  # noqa: F811
):
    from thidua.awards.models import Decision
    from thidua.portal import views_public

    monkeypatch.setattr(views_public, "RESULT_PAGE_SIZE", 2)
    awards = list(decided.awards.order_by("position", "id"))
    first = visitor.get(f"/ket-qua/{decided.campaign_id}/").content.decode()
    second = visitor.get(f"/ket-qua/{decided.campaign_id}/?trang=2").content.decode()
    assert "Trang 1/2" in first and "Trang 2/2" in second
    assert [a.name in first for a in awards] == [True, True, False]
    assert [a.name in second for a in awards] == [False, False, True]
    assert f"<tr><td>3</td><td>{awards[2].name}</td>" in second  # numbered across pages
    assert "(1 tập thể, 2 cá nhân)" in first and "(1 tập thể, 2 cá nhân)" in second

    # A decision withdrawn from the public: the page built before is not served again.
    Decision.objects.filter(pk=decided.pk).update(state="draft")
    assert visitor.get(f"/ket-qua/{decided.campaign_id}/").status_code == 404


def test_a_visitor_holding_a_results_page_gets_304_until_a_decision_changes(
    visitor, decided, client, secretariat
):
    urls = ["/ket-qua/", f"/ket-qua/{decided.campaign_id}/", "/du-lieu-mo/"]
    tags = {}
    for url in urls:
        first = visitor.get(url)
        assert first.status_code == 200 and first["ETag"]
        tags[url] = first["ETag"]
        again = visitor.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
    Decision.objects.filter(pk=decided.pk).update(
        issued_at=decided.issued_at + dt.timedelta(seconds=5)
    )
    for url in urls:
        changed = visitor.get(url, headers={"If-None-Match": tags[url]})
        assert changed.status_code == 200 and changed["ETag"] != tags[url]
    # A signed-in reader's layout differs: always built, never answered 304.
    login(client, secretariat)
    signed_in = client.get(urls[0], headers={"If-None-Match": tags[urls[0]]})
    assert signed_in.status_code == 200 and not signed_in.has_header("ETag")
