# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Every received dossier runs the appraisal clock in working days (core.Holiday rows, the
duration of its level in core.StatutoryDuration): due date, days left, overdue, handled on time
or late — on its page, on the campaign's list, and per level on the monitoring index."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    filled_a,
    forms,
    proposal_a,
)
from thidua.campaigns.models import AwardKindRule, Campaign
from thidua.core.models import StatutoryDuration
from thidua.monitoring.selectors import on_time_by_level
from thidua.nominations import selectors
from thidua.nominations import services as nominations
from thidua.nominations.models import Event, Proposal
from thidua.org.enums import UnitKind

pytestmark = pytest.mark.django_db
D = dt.date
TZ = timezone.get_current_timezone()


def _received(proposal, day: dt.date) -> None:
    at = dt.datetime.combine(day, dt.time(9, 30), tzinfo=TZ)
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=at)


def _handled(proposal, action: str, day: dt.date) -> None:
    at = dt.datetime.combine(day, dt.time(15), tzinfo=TZ)
    Event.objects.create(proposal=proposal, action=action, at=at)


def _clock(proposal, today):
    proposal = Proposal.objects.select_related("campaign__issuer").get(pk=proposal.pk)
    return selectors.proposal_clocks([proposal], today=today)[proposal.pk]


@pytest.fixture
def sent(filled_a, focal_a):
    nominations.proposal_submit(actor=focal_a, proposal=filled_a)
    # Fri 06/02/2026; 20 working days: 09–13/02 (5), Tết Bính Ngọ 16–20/02 off, 23–27/02 (10),
    # 02–06/03 (15), 09–13/03 (20) → due Fri 13/03/2026 (without the Tết rows: 06/03).
    _received(filled_a, D(2026, 2, 6))
    return filled_a


@pytest.mark.parametrize(
    ("today", "handled", "due", "days_left", "overdue", "on_time"),
    [
        (D(2026, 2, 6), None, D(2026, 3, 13), 20, False, None),
        (D(2026, 2, 20), None, D(2026, 3, 13), 15, False, None),  # a Tết day counts nothing
        (D(2026, 3, 13), None, D(2026, 3, 13), 0, False, None),
        (D(2026, 3, 17), None, D(2026, 3, 13), -2, True, None),
        (D(2026, 4, 1), ("proposal_accept", D(2026, 3, 12)), D(2026, 3, 13), 1, False, True),
        (D(2026, 4, 1), ("proposal_return", D(2026, 3, 16)), D(2026, 3, 13), -1, True, False),
    ],
)
def test_the_clock_skips_tet_and_stops_when_the_office_handles_the_dossier(
    sent, today, handled, due, days_left, overdue, on_time
):
    if handled:
        _handled(sent, *handled)
    clock = _clock(sent, today)
    assert (clock.received, clock.due, clock.days_left) == (D(2026, 2, 6), due, days_left)
    assert (clock.overdue, clock.on_time, clock.working_days) == (overdue, on_time, 20)


def test_a_handling_before_the_last_receipt_does_not_stop_the_new_clock(sent):
    _handled(sent, "proposal_return", D(2026, 2, 2))  # the previous round
    assert _clock(sent, D(2026, 2, 10)).handled is None


def test_the_duration_of_the_receiving_level_wins_over_the_general_one(sent):
    StatutoryDuration.objects.create(
        code=selectors.APPRAISAL, name="Thẩm định (cấp xã)", working_days=3,
        legal_basis="Thử", valid_from=D(2024, 1, 1), level=UnitKind.COMMUNE,
    )  # fmt: skip
    assert _clock(sent, D(2026, 2, 6)).due == D(2026, 3, 13)  # the issuer is a district
    StatutoryDuration.objects.create(
        code=selectors.APPRAISAL, name="Thẩm định (cấp huyện)", working_days=5,
        legal_basis="Thử", valid_from=D(2024, 1, 1), level=UnitKind.DISTRICT,
    )  # fmt: skip
    assert _clock(sent, D(2026, 2, 6)).due == D(2026, 2, 13)


def test_a_draft_has_no_clock(proposal_a):
    assert selectors.proposal_clocks([proposal_a]) == {}


def test_the_list_shows_each_dossiers_clock_in_a_pinned_number_of_queries(
    client, sent, campaign, secretariat, world, focal_b, django_assert_num_queries
):
    login(client, secretariat)
    url = f"/phong-trao/{campaign.pk}/ung-vien/"
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(url).content.decode()
    row = page.split(f'data-proposal="{sent.pk}"')[1].split("</tr>")[0]
    assert "06/02/2026" in row and "hạn 13/03/2026" in row and "quá hạn" in row
    # a second proposal, still a draft: the same number of queries
    other = nominations.proposal_open(actor=focal_b, campaign=campaign, unit=world.commune_b)
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(url).content.decode()
    assert "chưa gửi" in page.split(f'data-proposal="{other.pk}"')[1].split("</tr>")[0]


LIST_QUERIES = 18  # the kinds' clock codes (campaigns.AwardKindRule, one query)


def test_the_dossier_page_says_when_it_was_handled_and_whether_on_time(client, sent, secretariat):
    _handled(sent, "proposal_return", D(2026, 3, 16))
    login(client, secretariat)
    page = client.get(f"/de-nghi/{sent.pk}/").content.decode()
    clock = page.split('id="appraisal-clock">')[1].split("</dd>")[0]
    assert "hạn 13/03/2026" in clock and "đã xử lý ngày 16/03/2026" in clock
    assert "trễ 1 ngày làm việc" in clock


def test_on_time_rate_per_level(sent, secretariat, focal_b, campaign, world):
    other = nominations.proposal_open(actor=focal_b, campaign=campaign, unit=world.commune_b)
    _received(other, D(2026, 2, 6))
    _handled(other, "proposal_accept", D(2026, 2, 27))
    [row] = on_time_by_level(secretariat, today=D(2026, 3, 20))
    assert (row.level, row.label) == (UnitKind.DISTRICT, UnitKind.DISTRICT.label)
    assert (row.on_time, row.late, row.waiting, row.overdue, row.rate) == (1, 0, 0, 1, 50.0)
    assert [(r.on_time, r.overdue) for r in on_time_by_level(focal_b)] == [(1, 0)]  # its own


@pytest.mark.parametrize("count", [1, 2])
def test_the_monitoring_index_shows_the_on_time_rate_in_pinned_queries(
    client, sent, secretariat, focal_b, campaign, world, count, django_assert_num_queries
):
    if count == 2:
        other = nominations.proposal_open(actor=focal_b, campaign=campaign, unit=world.commune_b)
        _received(other, D(2026, 2, 9))
        _handled(other, "proposal_accept", D(2026, 2, 27))
    login(client, secretariat)
    with django_assert_num_queries(INDEX_QUERIES):
        page = client.get(reverse("web:monitoring_index")).content.decode()
    table = page.split('id="on-time-by-level"')[1].split("</table>")[0]
    assert "Huyện, quận, thị xã" in table
    assert ("0,0%" if count == 1 else "50,0%") in table


INDEX_QUERIES = 11  # with the priority coverage and the kinds' clock codes (one query each)


# The clock follows the campaign's kind of commendation (campaigns.AwardKindRule.clock_code) --


@pytest.mark.parametrize(
    ("kind", "today", "due", "days_left", "working_days"),
    [
        # 20 working days (tham-dinh-ho-so) for every kind but đột xuất
        ("theo_dot", D(2026, 2, 6), D(2026, 3, 13), 20, 20),
        ("thuong_xuyen", D(2026, 2, 6), D(2026, 3, 13), 20, 20),
        ("nien_han", D(2026, 2, 6), D(2026, 3, 13), 20, 20),
        ("doi_ngoai", D(2026, 2, 6), D(2026, 3, 13), 20, 20),
        # đột xuất: 10 working days (tham-dinh-dot-xuat, unconfirmed), Tết skipped as well:
        # 09–13/02 (5), Tết 16–20/02 off, 23–27/02 (10) → due Fri 27/02/2026
        ("dot_xuat", D(2026, 2, 6), D(2026, 2, 27), 10, 10),
        ("dot_xuat", D(2026, 2, 27), D(2026, 2, 27), 0, 10),
        ("dot_xuat", D(2026, 3, 4), D(2026, 2, 27), -3, 10),  # overdue, counted to today
    ],
)
def test_the_clock_follows_the_campaigns_award_kind(
    sent, campaign, kind, today, due, days_left, working_days
):
    Campaign.objects.filter(pk=campaign.pk).update(award_kind=kind)
    clock = _clock(sent, today)
    assert (clock.due, clock.days_left, clock.working_days) == (due, days_left, working_days)
    assert clock.confirmed is False  # both seeded durations await checking against the texts
    assert clock.overdue is (days_left < 0)


def test_a_kind_whose_rule_is_not_in_force_falls_back_to_the_general_clock(sent, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(award_kind="dot_xuat")
    AwardKindRule.objects.filter(award_kind="dot_xuat").update(valid_to=D(2026, 2, 5))
    assert _clock(sent, D(2026, 2, 6)).due == D(2026, 3, 13)


def test_the_dossier_page_of_a_sudden_feat_shows_its_short_clock(client, sent, campaign,
                                                                 secretariat):  # fmt: skip
    Campaign.objects.filter(pk=campaign.pk).update(award_kind="dot_xuat")
    login(client, secretariat)
    page = client.get(f"/de-nghi/{sent.pk}/").content.decode()
    clock = page.split('id="appraisal-clock">')[1].split("</dd>")[0]
    assert "hạn 27/02/2026" in clock
    assert "Thẩm định hồ sơ khen thưởng đột xuất (thủ tục đơn giản): 10 ngày làm việc" in clock
    assert "thời hạn chưa đối chiếu văn bản" in clock
    assert "quá hạn" in clock  # today is past 27/02/2026
