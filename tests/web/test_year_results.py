"""The year's results on the leaders' home and the monitoring index: awards by level, by form
and by priority group, as charts with their numbers in tables, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awards.conftest import DECIDED_ON, stage
from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures
from thidua.awards import services
from thidua.monitoring.results import year_results
from thidua.org.services import person_update

campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
_private_media = nomination_fixtures._private_media


def _issue(campaign, forms, world, focal_a, focal_b, secretariat, chair, individuals):
    staged = stage(campaign=campaign, forms=forms, world=world, focal_a=focal_a,
                   focal_b=focal_b, secretariat=secretariat, collectives=2,
                   individuals=individuals)  # fmt: skip
    people = [n.person for n in staged.individuals]
    # The staged individuals are women; one is Tày, one Kinh, the others without an ethnicity.
    person_update(actor=secretariat, person=people[0], ethnicity="Tày")
    person_update(actor=secretariat, person=people[1], ethnicity="Kinh", gender="male")
    # Priority flags: the Tày woman works in a remote commune; the Kinh man works directly.
    person_update(actor=secretariat, person=people[0], remote_area=True)
    person_update(actor=secretariat, person=people[1], direct_worker=True)
    services.fund_set_budget(actor=secretariat, unit=world.district, year=2024, budget=90_000_000)
    draft = services.decision_create(actor=secretariat, campaign=campaign, decided_on=DECIDED_ON)
    return services.decision_issue(actor=chair, decision=draft)


@pytest.fixture
def issued(campaign, forms, world, focal_a, focal_b, secretariat, chair):
    return _issue(campaign, forms, world, focal_a, focal_b, secretariat, chair, 3)


def test_results_count_levels_forms_and_priority_groups(issued, chair, focal_a):
    found = year_results(chair)
    assert (found.year, found.years, found.total) == (2023, [2023], 5)
    assert (found.collectives, found.individuals) == (2, 3)
    assert found.by_level == [("Cấp huyện", 5)]
    assert found.by_form == [
        ("Giấy khen của Chủ tịch UBND huyện (cá nhân)", 3),
        ("Giấy khen của Chủ tịch UBND huyện (tập thể)", 2),
    ]
    assert found.by_group == [
        ("Nữ", 2),
        ("Người dân tộc thiểu số", 1),
        ("Người trực tiếp sản xuất, lao động, chiến đấu", 1),
        ("Người công tác ở vùng sâu, vùng xa, biên giới, hải đảo", 1),
    ]
    assert found.ethnicity_unknown == 1
    # A year without results falls back to the latest; a commune issued nothing.
    assert year_results(chair, 1999).year == 2023
    assert year_results(focal_a).total == 0


def test_leaders_home_draws_the_results_with_their_tables(client, issued, chair, observer, focal_a):
    for user in (chair, observer):
        page = login(client, user).get(reverse("web:home")).content.decode()
        assert "Kết quả khen thưởng các phong trào năm 2023" in page
        for caption in [
            "Khen thưởng năm 2023 theo cấp khen thưởng",
            "Khen thưởng năm 2023 theo hình thức",
            "Cá nhân được khen thưởng năm 2023 thuộc nhóm ưu tiên",
        ]:
            assert f"<title>{caption}</title>" in page  # the chart
            assert f"<caption>{caption}</caption>" in page  # its numbers
        assert "<td>Cấp huyện</td><td>5</td><td>100%</td>" in page
        assert "<td>Giấy khen của Chủ tịch UBND huyện (tập thể)</td><td>2</td><td>40%</td>" in page
        assert "<td>Nữ</td><td>2</td><td>67%</td>" in page
        assert "<td>Người dân tộc thiểu số</td><td>1</td><td>33%</td>" in page
        assert "1 cá nhân chưa ghi dân tộc" in page
        assert (
            "<td>Người trực tiếp sản xuất, lao động, chiến đấu</td><td>1</td><td>33%</td>" in page
        )
        assert "<td>Người công tác ở vùng sâu, vùng xa, biên giới, hải đảo</td><td>1</td>" in page
        assert "Chưa thống kê được" not in page and "chưa ghi nhận" not in page
    page = login(client, focal_a).get(reverse("web:home")).content.decode()
    assert "Kết quả khen thưởng" not in page


def test_monitoring_index_shows_the_results_to_the_secretariat_only(
    client, issued, secretariat, focal_a
):
    page = login(client, secretariat).get(reverse("web:monitoring_index")).content.decode()
    assert "<caption>Khen thưởng năm 2023 theo hình thức</caption>" in page
    page = login(client, focal_a).get(reverse("web:monitoring_index")).content.decode()
    assert "Kết quả khen thưởng" not in page
    # A year asked for in the address that has no result, or garbage, shows the latest.
    for raw in ["1999", "9" * 5000, "abc"]:
        page = login(client, secretariat).get(reverse("web:monitoring_index"), {"nam": raw})
        assert "các phong trào năm 2023" in page.content.decode()


@pytest.mark.parametrize("individuals", [3, 9])
def test_results_queries_do_not_grow_with_awards(
    client, individuals, campaign, forms, world, focal_a, focal_b, secretariat, chair
):
    _issue(campaign, forms, world, focal_a, focal_b, secretariat, chair, individuals)
    chair.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        assert year_results(chair).total == 2 + individuals
    counts = {"selector": len(ctx.captured_queries)}
    pages = [
        ("chair home", chair, "web:home"),
        ("secretariat index", secretariat, "web:monitoring_index"),
    ]
    for name, user, url in pages:
        login(client, user)
        with CaptureQueriesContext(connection) as ctx:
            assert "Kết quả khen thưởng" in client.get(reverse(url)).content.decode()
        counts[name] = len(ctx.captured_queries)
    assert counts == PINNED


# the index: + the on-time rate per level (proposals, the kinds' clock codes, durations,
# calendar, events) and the priority coverage (one query); the priority flags (direct
# workers, remote areas) are two more columns of the same tally, not a query
# (the session is kept, cached_db: no query of its own)
PINNED = {"selector": 2, "chair home": 12, "secretariat index": 11}
