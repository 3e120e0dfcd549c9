"""A council campaign's accepted, eligible nominees (tests/fixtures/council.py) disclosed by law
from Tuesday 02/01/2024: ten working days end on Tuesday 16/01/2024."""

import datetime as dt

import pytest
from django.utils import timezone

from thidua.participation import services
from thidua.participation.enums import DisclosureBasis


@pytest.fixture(autouse=True)
def _private_media(private_media):
    """Every test of this package keeps its uploads in a folder of its own."""


OPENS, CLOSES = dt.date(2024, 1, 2), dt.date(2024, 1, 16)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def disclosed(nominees, secretariat):
    return services.disclosure_open(
        actor=secretariat, campaign=nominees[0][0].proposal.campaign, opens_on=OPENS,
        closes_on=CLOSES, basis=DisclosureBasis.LAW, today=OPENS,
        contact="Phòng Nội vụ huyện Nguyên Bình",
    )  # fmt: skip


@pytest.fixture
def open_now(nominees, secretariat):
    """A disclosure whose window holds the real clock (for the public pages)."""
    today = timezone.localdate()
    return services.disclosure_open(
        actor=secretariat, campaign=nominees[0][0].proposal.campaign, opens_on=today,
        closes_on=services.earliest_close(today, 10), basis=DisclosureBasis.LAW,
    )  # fmt: skip
