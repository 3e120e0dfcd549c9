"""A criterion's data period (issue 15, item 4): a campaign may judge on other years' results
than its own — the previous year, N years back, N consecutive years."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.fixtures.campaigns import vn
from thidua.campaigns import services as cs
from thidua.campaigns.criteria import data_years
from thidua.campaigns.enums import CriterionKind, DataPeriod, PhaseKind, SubjectType
from thidua.campaigns.models import Criterion
from thidua.core.models import AuditLog
from thidua.indicators.models import StaffRating, Task
from thidua.nominations import services
from thidua.nominations.engine import evaluate_campaign
from thidua.nominations.enums import Outcome
from thidua.nominations.models import Nominee

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "period,n,years",
    [
        (DataPeriod.CAMPAIGN_YEAR, 1, [2027]),
        (DataPeriod.PREVIOUS_YEAR, 1, [2026]),
        (DataPeriod.YEARS_BACK, 2, [2025]),
        (DataPeriod.CONSECUTIVE, 3, [2025, 2026, 2027]),
        (DataPeriod.CONSECUTIVE_BEFORE, 2, [2025, 2026]),
    ],
)
def test_years_of_each_period(period, n, years):
    assert data_years(period, n, 2027) == years


@pytest.fixture
def nominees(proposal_a, focal_a, forms, world):
    collective = services.nominee_add(
        actor=focal_a, proposal=proposal_a, award_form=forms["collective"]
    )
    individual = services.nominee_add(
        actor=focal_a, proposal=proposal_a, award_form=forms["individual"], person=world.person_a
    )
    Nominee.objects.update(state="submitted")
    return collective, individual


def _judge(campaign, nominee, kind, period, n=1):
    criterion = campaign.criteria.get(kind=kind)
    Criterion.objects.filter(pk=criterion.pk).update(data_period=period, data_years=n)
    return evaluate_campaign(campaign)[(nominee.pk, criterion.pk)]


def test_two_consecutive_years_before_the_campaign_must_both_be_met(campaign, nominees, world):
    individual = nominees[1]
    StaffRating.objects.create(person=world.person_a, year=2021, rating="excellent")
    StaffRating.objects.create(person=world.person_a, year=2023, rating="not_completed")
    outcome, text = _judge(campaign, individual, CriterionKind.RATING_AT_LEAST,
                           DataPeriod.CONSECUTIVE_BEFORE, 2)  # fmt: skip
    assert outcome == Outcome.NEEDS_REVIEW  # 2022 missing: a person decides, never "met"
    assert "Chưa có kết quả xếp loại chất lượng năm 2022." in text

    StaffRating.objects.create(person=world.person_a, year=2022, rating="good")
    outcome, text = _judge(campaign, individual, CriterionKind.RATING_AT_LEAST,
                           DataPeriod.CONSECUTIVE_BEFORE, 2)  # fmt: skip
    assert outcome == Outcome.MET  # 2023's poor rating is not read
    assert text.startswith("Xếp loại năm 2021: Hoàn thành xuất sắc nhiệm vụ")
    assert "Xếp loại năm 2022: Hoàn thành tốt nhiệm vụ" in text

    StaffRating.objects.filter(year=2021).update(rating="completed")
    outcome, _ = _judge(campaign, individual, CriterionKind.RATING_AT_LEAST,
                        DataPeriod.CONSECUTIVE_BEFORE, 2)  # fmt: skip
    assert outcome == Outcome.NOT_MET


def test_previous_year_tasks(campaign, nominees, world):
    for year, state in [(2022, "completed"), (2023, "in_progress")]:
        Task.objects.create(year=year, issuer=world.district, unit=world.commune_a,
                            title=f"Nhiệm vụ {year}", deadline=dt.date(year, 12, 1),
                            state=state)  # fmt: skip
    assert _judge(campaign, nominees[0], CriterionKind.TASKS_COMPLETED,
                  DataPeriod.PREVIOUS_YEAR) == (
        Outcome.MET, "Hoàn thành 1/1 nhiệm vụ CCHC năm 2022 = 100,00% (yêu cầu ≥ 100%)."
    )  # fmt: skip
    assert _judge(campaign, nominees[0], CriterionKind.TASKS_COMPLETED,
                  DataPeriod.CAMPAIGN_YEAR)[0] == Outcome.NOT_MET  # fmt: skip


@pytest.fixture
def draft_2027(world, secretariat):
    c = cs.campaign_create(
        actor=secretariat, issuer=world.district, year=2027, title="Phong trào năm 2027",
        issuer_display="ỦY BAN NHÂN DÂN", place="Nguyên Bình",
        period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 12, 31),
    )  # fmt: skip
    cs.phase_set(actor=secretariat, campaign=c, kind=PhaseKind.REGISTRATION,
                 starts_at=vn(2027, 1, 1), ends_at=vn(2027, 1, 15))  # fmt: skip
    return c


def test_the_screen_sets_the_period_and_shows_the_years(client, draft_2027, secretariat):
    login(client, secretariat)
    client.post(
        reverse("web:campaign_criterion_add", args=[draft_2027.pk]),
        {"subject_type": SubjectType.INDIVIDUAL, "kind": CriterionKind.RATING_AT_LEAST,
         "text": "Hai năm liền hoàn thành tốt nhiệm vụ.", "p_rating_at_least_rating": "good",
         "data_period": DataPeriod.CONSECUTIVE_BEFORE, "data_years": "2"},
    )  # fmt: skip
    criterion = draft_2027.criteria.get()
    assert (criterion.data_period, criterion.data_years) == (DataPeriod.CONSECUTIVE_BEFORE, 2)
    page = client.get(reverse("web:campaign_detail", args=[draft_2027.pk])).content.decode()
    assert "số liệu năm 2025–2026 (2 năm liên tiếp)" in page
    copy = cs.campaign_clone(actor=secretariat, campaign=draft_2027, year=2028)
    assert copy.criteria.get().data_period == DataPeriod.CONSECUTIVE_BEFORE


def test_bad_periods_are_refused_per_field_and_nothing_is_stored(client, draft_2027, secretariat):
    login(client, secretariat)
    before = (Criterion.objects.count(), AuditLog.objects.count())
    for data, field, message in [
        ({"kind": CriterionKind.ATTESTED, "data_period": DataPeriod.PREVIOUS_YEAR},
         "data_period", "kỳ số liệu chỉ có thể là năm của phong trào"),
        ({"kind": CriterionKind.RATING_AT_LEAST, "data_period": DataPeriod.CONSECUTIVE,
          "data_years": "1"}, "data_years", "cần N từ 2 trở lên"),
        ({"kind": CriterionKind.RATING_AT_LEAST, "data_period": DataPeriod.YEARS_BACK,
          "data_years": ""}, "data_years", "Nhập N là số năm, từ 1 đến 10."),
        ({"kind": CriterionKind.RATING_AT_LEAST, "data_period": "hom-qua"},
         "data_period", "Hãy chọn một lựa chọn hợp lệ"),
    ]:  # fmt: skip
        page = client.post(
            reverse("web:campaign_criterion_add", args=[draft_2027.pk]),
            {"subject_type": SubjectType.INDIVIDUAL, "text": "Tiêu chí.", **data},
        ).content.decode()
        assert message in page, field
    assert (Criterion.objects.count(), AuditLog.objects.count()) == before
    with pytest.raises(ValidationError):
        cs.criterion_add(actor=secretariat, campaign=draft_2027,
                         subject_type=SubjectType.COLLECTIVE, text="x",
                         kind=CriterionKind.REGISTERED_ON_TIME,
                         data_period=DataPeriod.PREVIOUS_YEAR)  # fmt: skip
    assert (Criterion.objects.count(), AuditLog.objects.count()) == before
