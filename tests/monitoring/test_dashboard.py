"""Every dashboard figure against the data built in conftest.monitored, for the secretariat
and for each unit's focal point (who sees only its own unit while the others' data exist);
the query count does not grow with the number of units."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tests.factories import make_unit
from tests.monitoring.conftest import NOW
from thidua.campaigns.models import CampaignParticipant, Registration
from thidua.indicators.models import Task
from thidua.monitoring import selectors


def _board(user, campaign):
    return selectors.dashboard(user, campaign.pk, now=NOW)


def test_secretariat_sees_every_figure_of_the_campaign(monitored, secretariat):
    board = _board(secretariat, monitored)
    assert board.manages is True
    assert [r.name for r in board.rows] == ["Xã Ca Thành", "Xã Thể Dục", "Xã Yên Lạc"]
    assert board.registration_counts == {"on_time": 1, "late": 1, "missing": 1, "pending": 0}
    assert board.task_totals == (3, 6)
    assert board.task_buckets == [
        ("100%", 1),
        ("80–99%", 0),
        ("50–79%", 0),
        ("Dưới 50%", 1),
        ("Chưa giao nhiệm vụ", 1),
    ]
    assert board.par_bands == [("Xuất sắc", 1), ("Tốt", 1), ("Khá", 0), ("Trung bình", 0)]
    assert board.assessments == {"published": 2, "draft": 1}
    assert board.proposal_counts == {
        "draft": 0,
        "submitted": 0,
        "returned": 1,
        "accepted": 1,
        "none": 1,
    }
    assert board.nominee_counts["awarded"] == 1
    assert board.nominee_counts["accepted"] == 1
    assert board.nominee_counts["returned"] == 1
    assert board.eligibility == {"yes": 1, "no": 1, "review": 1}
    assert board.eligibility_by_subject == {
        "collective": {"yes": 1, "no": 0, "review": 0},
        "individual": {"yes": 0, "no": 1, "review": 1},
    }
    (col, ind) = board.quotas
    assert (
        col.subject_type,
        col.quota,
        col.nominated,
        col.eligible,
        col.staged,
        col.awarded,
        col.amount,
        col.used,
    ) == ("collective", 5, 1, 1, 1, 1, 1_080_000, 1)
    assert (
        ind.subject_type,
        ind.quota,
        ind.nominated,
        ind.eligible,
        ind.staged,
        ind.awarded,
        ind.used,
    ) == ("individual", 10, 2, 0, 0, 0, 0)
    assert (
        board.council.items,
        board.council.voted,
        board.council.passed,
        board.council.within_quota,
        len(board.council.sessions),
    ) == (1, 1, 1, 1, 1)
    fund = board.fund
    assert (fund.budget, fund.spent, fund.decided, fund.decisions_issued, fund.percent) == (
        10_000_000,
        1_080_000,
        1_080_000,
        1,
        11,
    )
    assert [(d.label, d.countdown) for d in board.deadlines] == [
        ("Tự chấm điểm chỉ số CCHC", "còn 4 ngày 15 giờ"),
        ("Đề nghị khen thưởng", "còn 20 ngày"),
        ("Họp Hội đồng Thi đua – Khen thưởng", "còn 30 ngày"),
    ]


def test_each_unit_row_says_what_it_still_owes(monitored, secretariat):
    b, c, a = _board(secretariat, monitored).rows  # in the units' order: by name
    assert (
        a.registration,
        a.tasks_done,
        a.tasks_total,
        a.par_percent,
        a.par_band,
        a.proposal,
        a.nominees,
        a.eligible,
        a.staged,
        a.awarded,
        a.owed,
    ) == ("on_time", 2, 2, Decimal("92.50"), "Xuất sắc", "accepted", 2, 1, 1, 1, [])
    assert (b.registration, b.tasks_overdue, b.tasks_percent, b.proposal) == (
        "late",
        1,
        25,
        "returned",
    )
    assert [o.what for o in b.owed] == [
        "1 nhiệm vụ CCHC quá hạn chưa hoàn thành",
        "Bổ sung hồ sơ đề nghị khen thưởng bị trả lại",
    ]
    assert [(o.what, o.due) for o in c.owed] == [
        ("Đăng ký thi đua và gửi kế hoạch của đơn vị", c.owed[0].due),
        ("Tự chấm điểm chỉ số CCHC và gửi thẩm định", c.owed[1].due),
    ]
    assert c.registration == "missing" and c.proposal == "" and c.par_percent is None


def test_focal_point_of_a_sees_only_its_own_unit(monitored, focal_a):
    board = _board(focal_a, monitored)
    assert board.manages is False
    assert [r.name for r in board.rows] == ["Xã Yên Lạc"]
    assert board.registration_counts == {"on_time": 1, "late": 0, "missing": 0, "pending": 0}
    assert board.task_totals == (2, 2)
    assert board.par_bands == [("Xuất sắc", 1), ("Tốt", 0), ("Khá", 0), ("Trung bình", 0)]
    assert board.proposal_counts["accepted"] == 1 and board.proposal_counts["returned"] == 0
    assert board.eligibility == {"yes": 1, "no": 1, "review": 0}
    assert [(q.nominated, q.awarded, q.amount) for q in board.quotas] == [
        (1, 1, 1_080_000),
        (1, 0, 0),
    ]
    assert board.council.items == 1
    # The district's fund is not the unit's business: only its own award money.
    assert (board.fund.budget, board.fund.decided, board.fund.drafted) == (None, 1_080_000, 0)


def test_focal_point_of_b_sees_none_of_a(monitored, focal_b):
    board = _board(focal_b, monitored)
    assert [r.name for r in board.rows] == ["Xã Ca Thành"]
    assert board.eligibility == {"yes": 0, "no": 0, "review": 1}
    assert board.council.items == 0
    assert [(q.nominated, q.staged, q.awarded, q.amount) for q in board.quotas] == [
        (0, 0, 0, 0),
        (1, 0, 0, 0),
    ]
    assert board.fund.decided == 0


def test_a_unit_outside_the_campaign_gets_404(monitored, world):
    from tests.conftest import _persona
    from thidua.org.enums import Role

    outsider = make_unit("Xã Minh Tâm", parent=world.district, code="X01747")
    user = _persona("daumoi.minhtam", Role.FOCAL_POINT, outsider)
    with pytest.raises(Http404):
        selectors.dashboard(user, monitored.pk, now=NOW)


def test_unknown_or_malformed_campaign_is_404(monitored, secretariat):
    for pk in (monitored.pk + 999, "abc"):
        with pytest.raises(Http404):
            selectors.dashboard(secretariat, pk, now=NOW)


def _add_units(campaign, world, n: int) -> None:
    """n more participant units, each with a registration and two tasks."""
    units = [make_unit(parent=world.district) for _ in range(n)]
    CampaignParticipant.objects.bulk_create(
        [CampaignParticipant(campaign=campaign, unit=u) for u in units]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                campaign=campaign, unit=u, commitments="…", registered_at=NOW, plan_uploaded_at=NOW
            )
            for u in units
        ]
    )
    Task.objects.bulk_create(
        [
            Task(
                year=2023,
                issuer=world.district,
                unit=u,
                title="NV",
                deadline=dt.date(2023, 6, 1),
                state="completed",
            )
            for u in units
            for _ in range(2)
        ]
    )


def _queries(user, campaign) -> int:
    user = type(user).objects.get(pk=user.pk)  # a fresh request: no cached scope
    with CaptureQueriesContext(connection) as ctx:
        selectors.dashboard(user, campaign.pk, now=NOW)
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_3_17_and_300_units(monitored, secretariat, world):
    counts = [_queries(secretariat, monitored)]
    _add_units(monitored, world, 14)  # 17 units, as Nguyên Bình
    counts.append(_queries(secretariat, monitored))
    _add_units(monitored, world, 283)  # 300
    counts.append(_queries(secretariat, monitored))
    assert counts == [counts[0]] * 3
    board = selectors.dashboard(secretariat, monitored.pk, now=NOW)
    assert (board.units, board.rows_total, len(board.rows)) == (300, 300, 50)
    assert board.registration_counts["on_time"] == 298
    assert board.task_totals == (3 + 297 * 2, 6 + 297 * 2)


@pytest.mark.parametrize(
    "show, q, expected",
    [
        ("", "", ["Xã Ca Thành", "Xã Thể Dục", "Xã Yên Lạc"]),
        ("owing", "", ["Xã Ca Thành", "Xã Thể Dục"]),
        ("on_time", "", ["Xã Yên Lạc"]),
        ("late", "", ["Xã Ca Thành"]),
        ("missing", "", ["Xã Thể Dục"]),
        ("pending", "", []),
        ("returned", "", ["Xã Ca Thành"]),
        ("accepted", "", ["Xã Yên Lạc"]),
        ("no_proposal", "", ["Xã Thể Dục"]),
        ("", "the duc", ["Xã Thể Dục"]),
        ("", "X0173", ["Xã Ca Thành", "Xã Yên Lạc"]),
        ("owing", "ca thanh", ["Xã Ca Thành"]),
    ],
)
def test_units_table_filters(monitored, secretariat, show, q, expected):
    board = selectors.dashboard(secretariat, monitored.pk, now=NOW, show=show, q=q)
    assert [r.name for r in board.rows] == expected
    assert board.rows_total == len(expected)
    assert board.units == 3  # the figures are the campaign's, whatever the table shows


def test_units_table_pages(monitored, secretariat):
    first = selectors.dashboard(secretariat, monitored.pk, now=NOW, limit=2)
    second = selectors.dashboard(secretariat, monitored.pk, now=NOW, limit=2, offset=2)
    assert [r.name for r in first.rows + second.rows] == ["Xã Ca Thành", "Xã Thể Dục", "Xã Yên Lạc"]
    assert first.rows_total == second.rows_total == 3
