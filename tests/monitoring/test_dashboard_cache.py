"""The figures are shared for a short while by readers with the same reach, never across
reaches: a unit's focal point never gets the secretariat's (or another unit's) figures."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.monitoring.conftest import NOW
from thidua.campaigns.models import Registration
from thidua.monitoring import selectors


@pytest.fixture(autouse=True)
def _cache_on(settings, db):
    settings.THIDUA_DASHBOARD_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _count(user, campaign) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        board = selectors.dashboard(_fresh(user), campaign.pk, now=NOW)
    return len(ctx.captured_queries), board


def test_a_second_reader_with_the_same_reach_reuses_the_figures(monitored, secretariat, settings):
    first, board = _count(secretariat, monitored)
    second, again = _count(secretariat, monitored)
    assert second < first
    assert again.registration_counts == board.registration_counts
    assert again.computed_at == board.computed_at
    # Within the period a change behind the services' back shows in the figures after it; in
    # the table at once with the database cache, after it too where Redis keeps the table.
    Registration.objects.filter(unit__code="X01738").update(plan_late=False)
    later = selectors.dashboard(_fresh(secretariat), monitored.pk, now=NOW)
    assert later.registration_counts["late"] == 1
    row = next(r for r in later.rows if r.code == "X01738")
    assert row.registration == ("late" if settings.REDIS_URL else "on_time")
    cache.clear()
    assert (
        selectors.dashboard(_fresh(secretariat), monitored.pk, now=NOW).registration_counts["late"]
        == 0
    )


def test_cached_figures_never_cross_reaches(monitored, secretariat, focal_a, focal_b):
    selectors.dashboard(_fresh(secretariat), monitored.pk, now=NOW)
    a = selectors.dashboard(_fresh(focal_a), monitored.pk, now=NOW)
    b = selectors.dashboard(_fresh(focal_b), monitored.pk, now=NOW)
    assert a.units == b.units == 1
    assert a.eligibility == {"yes": 1, "no": 1, "review": 0}
    assert b.eligibility == {"yes": 0, "no": 0, "review": 1}
    assert a.fund.budget is None and b.fund.decided == 0


def test_an_audited_change_shows_in_the_figures_and_the_table_at_the_next_read(
    monitored, secretariat, world, django_capture_on_commit_callbacks
):
    from thidua.org import services as org_services

    first = selectors.dashboard(_fresh(secretariat), monitored.pk, now=NOW)
    assert "Xã Yên Lạc" in [r.name for r in first.rows]
    with django_capture_on_commit_callbacks(execute=True):
        org_services.unit_update(actor=secretariat, unit=world.commune_a, name="Xã Yên Lạc Mới")
        Registration.objects.filter(unit__code="X01738").update(plan_late=False)
    later = selectors.dashboard(_fresh(secretariat), monitored.pk, now=NOW)
    assert "Xã Yên Lạc Mới" in [r.name for r in later.rows]
    assert later.registration_counts["late"] == 0 and later.computed_at >= first.computed_at
    row = next(r for r in later.rows if r.code == "X01738")
    assert row.registration == "on_time"
