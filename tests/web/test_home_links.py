# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The leader's counts open the lists they count: the campaigns in progress, the decisions of
the year whose awards are counted."""

import re

import pytest

from tests.conftest import login
from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from thidua.campaigns import services as cs
from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def _href(page: str, label: str) -> str:
    return re.search(rf'<a class="stat" href="([^"]+)"><b>[^<]*</b>{label}', page).group(1)


def test_the_chairs_counts_link_to_the_lists_they_count(client, decided, chair, secretariat):
    other_year = cs.campaign_clone(actor=secretariat, campaign=decided.campaign, year=2031)
    running = cs.campaign_clone(actor=secretariat, campaign=decided.campaign, year=2030)
    Campaign.objects.filter(pk=running.pk).update(state=CampaignState.RUNNING, title="Đang chạy")
    Campaign.objects.filter(pk=other_year.pk).update(title="Dự thảo khác")
    login(client, chair)
    home = client.get("/").content.decode()

    in_progress = client.get(_href(home, "phong trào đang diễn ra")).content.decode()
    assert "Đang chạy" in in_progress and "Dự thảo khác" not in in_progress
    assert decided.campaign.title not in in_progress  # decided: no longer in progress

    year = decided.campaign.year
    link = _href(home, "tập thể, cá nhân được khen thưởng năm")
    assert link == f"/quyet-dinh/?nam={year}"
    decisions = client.get(link).content.decode()
    assert f"của các phong trào năm {year}" in decisions and decided.reference in decisions
    assert decided.reference not in client.get("/quyet-dinh/?nam=2031").content.decode()
