"""Each criterion kind with its edges: exactly 100 %, equal scores year over year, discipline
one day outside the period, missing data (needs a human judgement, never met)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.fixtures.campaigns import vn
from tests.nominations.conftest import pdf_upload
from thidua.campaigns.enums import CriterionKind, SubjectType
from thidua.campaigns.models import Registration
from thidua.indicators.models import (
    Assessment,
    ComponentAssignment,
    DisciplineRecord,
    Framework,
    Node,
    NodeResult,
    StaffRating,
    Task,
)
from thidua.nominations import selectors, services
from thidua.nominations.engine import evaluate_campaign
from thidua.nominations.enums import Outcome
from thidua.nominations.models import Nominee

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominees(proposal_a, focal_a, forms, world):
    collective = services.nominee_add(
        actor=focal_a, proposal=proposal_a, award_form=forms["collective"]
    )
    individual = services.nominee_add(
        actor=focal_a, proposal=proposal_a, award_form=forms["individual"], person=world.person_a
    )
    Nominee.objects.update(state="submitted")  # the engine judges nominees past draft
    return collective, individual


def verdict_on(nominee, kind):
    """The nominee's stored verdict on its campaign's criterion of `kind` (as readers get it)."""
    criterion = nominee.proposal.campaign.criteria.get(kind=kind, subject_type=nominee.subject_type)
    return selectors.verdict_of(nominee, criterion)


def results(campaign, nominee, kind):
    criterion = campaign.criteria.get(kind=kind)
    return evaluate_campaign(campaign)[(nominee.pk, criterion.pk)]


def tasks(world, unit, done, total):
    for i in range(total):
        Task.objects.create(
            year=2023,
            issuer=world.district,
            unit=unit,
            title=f"Nhiệm vụ {i}",
            deadline=dt.date(2023, 12, 1),
            state="completed" if i < done else "in_progress",
        )


@pytest.mark.parametrize(
    "done,total,outcome,text",
    [
        (4, 4, Outcome.MET, "Hoàn thành 4/4 nhiệm vụ CCHC năm 2023 = 100,00% (yêu cầu ≥ 100%)."),
        (
            9,
            10,
            Outcome.NOT_MET,
            "Hoàn thành 9/10 nhiệm vụ CCHC năm 2023 = 90,00% (yêu cầu ≥ 100%).",
        ),
        (0, 0, Outcome.NEEDS_REVIEW, "Chưa có nhiệm vụ CCHC năm 2023 được giao cho đơn vị."),
    ],
)
def test_tasks_completed(campaign, nominees, world, done, total, outcome, text):
    tasks(world, world.commune_a, done, total)
    assert results(campaign, nominees[0], CriterionKind.TASKS_COMPLETED) == (outcome, text)


def component(world, year, code, name, points, *, assign=True):
    fw, _ = Framework.objects.get_or_create(
        kind="PAR_INDEX",
        subject_kind="commune",
        year=year,
        issuer=world.district,
        defaults={"name": f"PAR INDEX cấp xã {year}", "state": "published"},
    )
    node = Node.objects.create(framework=fw, code=code, name=name, max_score=Decimal("20"))
    if points is not None:
        assessment, _ = Assessment.objects.get_or_create(
            framework=fw, unit=world.commune_a, defaults={"state": "published"}
        )
        NodeResult.objects.create(
            assessment=assessment, node=node, points=Decimal(points), applicable_max=Decimal("20")
        )
    if assign:
        ComponentAssignment.objects.create(node=node, subject=world.commune_a, unit=world.commune_a)


@pytest.mark.parametrize(
    "before,after,outcome,tail",
    [
        ("15.50", "16.25", Outcome.MET, "2022 = 15,50; 2023 = 16,25 → tăng 0,75."),
        ("16.25", "16.25", Outcome.NOT_MET, "2022 = 16,25; 2023 = 16,25 → không tăng."),
        ("17.00", "16.25", Outcome.NOT_MET, "2022 = 17,00; 2023 = 16,25 → giảm 0,75."),
        (
            None,
            "16.25",
            Outcome.NEEDS_REVIEW,
            "2022 = chưa có dữ liệu; 2023 = 16,25 → không so sánh được.",
        ),
    ],
)
def test_components_improved(campaign, nominees, world, before, after, outcome, tail):
    component(world, 2022, "3", "Cải cách TTHC", before, assign=False)
    component(world, 2023, "3", "Cải cách TTHC", after)

    got = results(campaign, nominees[0], CriterionKind.COMPONENTS_IMPROVED)
    assert got == (outcome, f"Chỉ số thành phần Cải cách TTHC: {tail}")


def test_components_improved_needs_every_assigned_component_up(campaign, nominees, world):
    component(world, 2022, "3", "Cải cách TTHC", "15.00", assign=False)
    component(world, 2023, "3", "Cải cách TTHC", "16.00")
    component(world, 2022, "7", "Chính quyền số", "8.00", assign=False)
    component(world, 2023, "7", "Chính quyền số", "7.50")

    outcome, text = results(campaign, nominees[0], CriterionKind.COMPONENTS_IMPROVED)
    assert outcome == Outcome.NOT_MET
    assert "Cải cách TTHC: 2022 = 15,00; 2023 = 16,00 → tăng 1,00" in text
    assert "Chính quyền số: 2022 = 8,00; 2023 = 7,50 → giảm 0,50" in text


def test_components_improved_without_any_assignment_needs_a_person(campaign, nominees):
    assert results(campaign, nominees[0], CriterionKind.COMPONENTS_IMPROVED) == (
        Outcome.NEEDS_REVIEW,
        "Đơn vị chưa được giao chỉ số thành phần nào để so sánh.",
    )


@pytest.mark.parametrize(
    "rating,outcome",
    [
        ("excellent", Outcome.MET),
        ("good", Outcome.MET),
        ("completed", Outcome.NOT_MET),
        ("not_completed", Outcome.NOT_MET),
        (None, Outcome.NEEDS_REVIEW),
    ],
)
def test_rating_at_least_good(campaign, nominees, world, rating, outcome):
    if rating:
        StaffRating.objects.create(person=world.person_a, year=2023, rating=rating)
    StaffRating.objects.create(person=world.person_a, year=2022, rating="excellent")

    got, text = results(campaign, nominees[1], CriterionKind.RATING_AT_LEAST)
    assert got == outcome
    if rating == "completed":
        assert text == (
            "Xếp loại năm 2023: Hoàn thành nhiệm vụ (yêu cầu từ «Hoàn thành tốt nhiệm vụ» trở lên)."
        )


@pytest.mark.parametrize(
    "start,end,outcome",
    [
        # The period is 05/01/2023–30/12/2023.
        (dt.date(2022, 1, 4), dt.date(2023, 1, 4), Outcome.MET),  # ends the day before
        (dt.date(2022, 1, 4), dt.date(2023, 1, 5), Outcome.NOT_MET),  # ends on the first day
        (dt.date(2023, 12, 31), None, Outcome.MET),  # starts the day after
        (dt.date(2023, 12, 30), None, Outcome.NOT_MET),  # starts on the last day
    ],
)
def test_no_discipline_edges(campaign, nominees, world, start, end, outcome):
    DisciplineRecord.objects.create(
        person=world.person_a,
        form="khien_trach",
        decision_number="12/QĐ-UBND",
        decided_on=start,
        effective_from=start,
        effective_to=end,
    )

    got, text = results(campaign, nominees[1], CriterionKind.NO_DISCIPLINE)
    assert got == outcome
    if outcome == Outcome.NOT_MET:
        assert text == (
            f"Bị kỷ luật trong kỳ 05/01/2023–30/12/2023: Khiển trách theo Quyết "
            f"định 12/QĐ-UBND ngày {start:%d/%m/%Y}."
        )


def test_no_discipline_met_without_records(campaign, nominees):
    assert results(campaign, nominees[1], CriterionKind.NO_DISCIPLINE) == (
        Outcome.MET,
        "Không có quyết định kỷ luật trong kỳ 05/01/2023–30/12/2023.",
    )


@pytest.fixture
def extra_criteria(campaign, secretariat):
    # Added behind the published plan's back: the plan is frozen, the engine is not.
    from thidua.campaigns.models import Criterion

    for kind, params in [
        (CriterionKind.REGISTERED_ON_TIME, {}),
        (CriterionKind.INDICATOR_THRESHOLD, {"indicator": "PAR_INDEX", "min_value": 80}),
    ]:
        Criterion.objects.create(
            campaign=campaign,
            subject_type=SubjectType.COLLECTIVE,
            text=str(kind),
            kind=kind,
            params=params,
            position=9,
        )


@pytest.mark.parametrize(
    "uploaded,outcome",
    [
        (vn(2023, 1, 9, 23, 59), Outcome.MET),
        (vn(2023, 1, 10, 0, 0), Outcome.NOT_MET),
        (None, Outcome.NOT_MET),
    ],
)
def test_registered_on_time(campaign, nominees, world, extra_criteria, uploaded, outcome):
    if uploaded:
        Registration.objects.create(
            campaign=campaign,
            unit=world.commune_a,
            commitments="…",
            registered_at=uploaded,
            plan_uploaded_at=uploaded,
        )
    got, text = results(campaign, nominees[0], CriterionKind.REGISTERED_ON_TIME)
    assert got == outcome
    if uploaded and outcome == Outcome.MET:
        assert text == "Gửi kế hoạch lúc 23:59 09/01/2023, đúng hạn (trước ngày 10/01/2023)."


@pytest.mark.parametrize(
    "percent,outcome",
    [
        ("80.00", Outcome.MET),
        ("79.99", Outcome.NOT_MET),
        (None, Outcome.NEEDS_REVIEW),
    ],
)
def test_indicator_threshold(campaign, nominees, world, extra_criteria, percent, outcome):
    if percent:
        fw = Framework.objects.create(
            kind="PAR_INDEX",
            subject_kind="commune",
            year=2023,
            issuer=world.district,
            name="PAR",
            state="published",
        )
        Assessment.objects.create(
            framework=fw, unit=world.commune_a, state="published", percent=Decimal(percent)
        )
    got, _ = results(campaign, nominees[0], CriterionKind.INDICATOR_THRESHOLD)
    assert got == outcome


def test_attested_needs_evidence(campaign, nominees, focal_a):
    criterion = campaign.criteria.get(kind=CriterionKind.ATTESTED)
    collective = nominees[0]
    assert results(campaign, collective, CriterionKind.ATTESTED)[0] == Outcome.NEEDS_REVIEW

    from thidua.nominations.models import Proposal

    Proposal.objects.update(state="draft")
    services.answer_set(
        actor=focal_a,
        nominee=collective,
        criterion=criterion,
        attested=True,
        text="Hoàn thành 12/12 nhiệm vụ.",
    )
    assert results(campaign, collective, CriterionKind.ATTESTED) == (
        Outcome.NEEDS_REVIEW,
        "Đơn vị xác nhận đạt nhưng chưa có tài liệu minh chứng.",
    )
    services.answer_set(
        actor=focal_a,
        nominee=collective,
        criterion=criterion,
        attested=True,
        text="Hoàn thành 12/12 nhiệm vụ.",
        evidence=pdf_upload(),
    )
    assert results(campaign, collective, CriterionKind.ATTESTED) == (
        Outcome.MET,
        "Đơn vị xác nhận đạt, có tài liệu minh chứng.",
    )


def test_eligibility_is_the_conjunction_and_an_override_needs_a_reason(
    campaign, nominees, world, secretariat
):
    collective, individual = nominees
    StaffRating.objects.create(person=world.person_a, year=2023, rating="excellent")
    services.eligibility_evaluate(campaign=campaign)
    individual.refresh_from_db()
    assert individual.eligible is True  # rating good enough, no discipline

    DisciplineRecord.objects.create(
        person=world.person_a,
        form="khien_trach",
        decision_number="3/QĐ-UBND",
        decided_on=dt.date(2023, 6, 1),
        effective_from=dt.date(2023, 6, 1),
    )
    services.eligibility_evaluate(campaign=campaign)
    individual.refresh_from_db()
    assert individual.eligible is False

    verdict = verdict_on(individual, CriterionKind.NO_DISCIPLINE)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Ghi rõ lý do"):
        services.verdict_override(
            actor=secretariat, verdict=verdict, outcome=Outcome.MET, reason=" "
        )
    services.verdict_override(
        actor=secretariat,
        verdict=verdict,
        outcome=Outcome.MET,
        reason="Quyết định kỷ luật đã bị hủy theo Quyết định 9/QĐ-UBND.",
    )
    individual.refresh_from_db()
    assert individual.eligible is True
    from thidua.core.models import AuditLog

    log = AuditLog.objects.get(action="nominations.verdict.override")
    assert log.note == "Quyết định kỷ luật đã bị hủy theo Quyết định 9/QĐ-UBND."
    # Re-evaluating with the same facts keeps the human judgement.
    services.eligibility_evaluate(campaign=campaign, now=timezone.now())
    individual.refresh_from_db()
    assert individual.eligible is True


def test_an_override_survives_a_new_wording_but_not_a_new_result(
    campaign, nominees, world, secretariat
):
    collective = nominees[0]
    tasks(world, world.commune_a, 9, 10)
    services.eligibility_evaluate(campaign=campaign)
    verdict = verdict_on(collective, CriterionKind.TASKS_COMPLETED)
    services.verdict_override(
        actor=secretariat,
        verdict=verdict,
        outcome=Outcome.MET,
        reason="Nhiệm vụ thứ 10 được điều chỉnh sang năm 2024.",
    )
    at = verdict_on(collective, CriterionKind.TASKS_COMPLETED).overridden_at
    assert at is not None

    tasks(world, world.commune_a, 0, 1)  # 9/11: other numbers, still not met
    services.eligibility_evaluate(campaign=campaign)
    kept = verdict_on(collective, CriterionKind.TASKS_COMPLETED)
    assert kept.explanation.startswith("Hoàn thành 9/11 nhiệm vụ")
    assert (kept.override, kept.overridden_at, kept.overridden_by) == (Outcome.MET, at, secretariat)

    Task.objects.filter(unit=world.commune_a).update(state="completed")  # 11/11: now met
    services.eligibility_evaluate(campaign=campaign)
    fresh = verdict_on(collective, CriterionKind.TASKS_COMPLETED)
    assert (fresh.outcome, fresh.override, fresh.override_reason) == (Outcome.MET, "", "")
