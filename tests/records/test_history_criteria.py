"""The criteria on the award history, by table: N consecutive years of a title, K awards of
a form in M years; missing years need a person, never count as met."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.nominations.conftest import (  # noqa: F401
    campaign,
    forms,
    proposal_a,
)
from thidua.campaigns.criteria import clean_params, describe
from thidua.campaigns.enums import CriterionKind, SubjectType
from thidua.campaigns.models import Criterion
from thidua.nominations import services
from thidua.nominations.engine import evaluate_campaign
from thidua.nominations.enums import Outcome
from thidua.nominations.models import Nominee
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Title
from thidua.records.selectors import decision_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominees(proposal_a, focal_a, forms, world):  # noqa: F811
    collective = services.nominee_add(
        actor=focal_a, proposal=proposal_a, award_form=forms["collective"]
    )
    individual = services.nominee_add(
        actor=focal_a, proposal=proposal_a, award_form=forms["individual"], person=world.person_a
    )
    Nominee.objects.update(state="submitted")
    return collective, individual


def held(world, year, code, *, unit=False, number=None):
    title = Title.objects.filter(code=code).first()
    AwardRecord.objects.create(
        subject_type=SubjectType.COLLECTIVE if unit else SubjectType.INDIVIDUAL,
        person=None if unit else world.person_a,
        unit=world.commune_a,
        year=year,
        title=title,
        title_code=code,
        form_name=title.name,
        level=title.level,
        issuer="UBND huyện Nguyên Bình",
        decision_number=number or f"{year - 2000}/QĐ-UBND",
        decision_date=dt.date(year + 1, 1, 10),
        source=RecordSource.IMPORT,
    )


def judge(campaign, secretariat, nominee, kind, params, subject="individual"):  # noqa: F811
    # Added behind the published plan's back (the plan is frozen, the engine is not), with
    # the parameters checked and completed as the plan's service does.
    criterion = Criterion.objects.create(
        campaign=campaign, subject_type=subject, text="Tiêu chí theo quá trình khen thưởng",
        kind=kind, params=clean_params(kind, params), position=9,
    )  # fmt: skip
    return evaluate_campaign(campaign)[(nominee.pk, criterion.pk)]


LDTT = "LAO_DONG_TIEN_TIEN"


@pytest.mark.parametrize(
    ("years_held", "other", "params", "outcome", "text"),
    [
        ([2021, 2022], [], {"years": 2}, Outcome.MET,
         "Đạt «Lao động tiên tiến» các năm 2021–2022 (2021: Quyết định số 21/QĐ-UBND ngày "
         "10/01/2022; 2022: Quyết định số 22/QĐ-UBND ngày 10/01/2023)."),
        ([2022], [2021], {"years": 2}, Outcome.NOT_MET,
         "Không đạt «Lao động tiên tiến» năm 2021 (yêu cầu 2 năm liên tục 2021–2022)."),
        ([2022], [], {"years": 2}, Outcome.NEEDS_REVIEW,
         "Chưa có dữ liệu quá trình khen thưởng năm 2021 để xác định «Lao động tiên tiến» 2 "
         "năm liên tục (2021–2022)."),
        ([2021, 2022], [], {"years": 2, "up_to": "current"}, Outcome.NEEDS_REVIEW, None),
        ([2021, 2022, 2023], [], {"years": 3, "up_to": "current"}, Outcome.MET, None),
        ([2020, 2022], [2021], {"years": 3}, Outcome.NOT_MET, None),
    ],
)  # fmt: skip
def test_consecutive_title(
    campaign,
    nominees,
    world,
    secretariat,
    years_held,
    other,
    params,
    outcome,
    text,  # noqa: F811
):
    for y in years_held:
        held(world, y, LDTT)
    for y in other:
        held(world, y, "GIAY_KHEN_CHU_TICH_HUYEN")
    got, said = judge(
        campaign, secretariat, nominees[1], CriterionKind.CONSECUTIVE_TITLE,
        {"title": "Lao động tiên tiến", **params},
    )  # fmt: skip
    assert got == outcome
    if text:
        assert said == text


def test_consecutive_title_of_a_collective_by_code(
    campaign,
    nominees,
    world,
    secretariat,  # noqa: F811
):
    held(world, 2021, "TAP_THE_LDTT", unit=True)
    held(world, 2022, "TAP_THE_LDTT", unit=True)
    held(world, 2022, LDTT)  # the person's, not the unit's
    got, _ = judge(
        campaign, secretariat, nominees[0], CriterionKind.CONSECUTIVE_TITLE,
        {"title": "TAP_THE_LDTT", "years": 2}, subject="collective",
    )  # fmt: skip
    assert got == Outcome.MET


@pytest.mark.parametrize(
    ("found", "params", "outcome", "text"),
    [
        ([2019, 2021], {"count": 2, "years": 5}, Outcome.MET,
         "Được 2 lần «Giấy khen của Chủ tịch UBND cấp huyện» trong 2018–2022 (yêu cầu ít nhất "
         "2): 2019: Quyết định số 19/QĐ-UBND ngày 10/01/2020; 2021: Quyết định số 21/QĐ-UBND "
         "ngày 10/01/2022."),
        ([2017, 2021], {"count": 2, "years": 5}, Outcome.NOT_MET,
         "Chỉ được 1 lần «Giấy khen của Chủ tịch UBND cấp huyện» trong 2018–2022 (yêu cầu ít "
         "nhất 2): 2021: Quyết định số 21/QĐ-UBND ngày 10/01/2022."),
        ([2015], {"count": 1, "years": 3}, Outcome.NEEDS_REVIEW,
         "Chưa có dữ liệu quá trình khen thưởng trong 2020–2022 để xác định số lần «Giấy khen "
         "của Chủ tịch UBND cấp huyện»."),
    ],
)  # fmt: skip
def test_awards_in_years(
    campaign,
    nominees,
    world,
    secretariat,
    found,
    params,
    outcome,
    text,  # noqa: F811
):
    for y in found:
        held(world, y, "GIAY_KHEN_CHU_TICH_HUYEN")
    got, said = judge(
        campaign, secretariat, nominees[1], CriterionKind.AWARDS_IN_YEARS,
        {"title": "giay khen cua chu tich ubnd cap huyen", **params},
    )  # fmt: skip
    assert (got, said) == (outcome, text)


def test_unknown_title_needs_a_person(campaign, nominees, world, secretariat):  # noqa: F811
    got, said = judge(
        campaign, secretariat, nominees[1], CriterionKind.AWARDS_IN_YEARS,
        {"title": "Huân chương Mặt Trời"},
    )  # fmt: skip
    assert (got, said) == (
        Outcome.NEEDS_REVIEW,
        "Không có hình thức, danh hiệu «Huân chương Mặt Trời» trong danh mục.",
    )


def test_parameters_are_checked_and_described():
    params = clean_params(CriterionKind.CONSECUTIVE_TITLE, {"title": "Lao động tiên tiến"})
    assert params == {"title": "Lao động tiên tiến", "years": 2, "up_to": "previous"}
    assert describe(CriterionKind.CONSECUTIVE_TITLE, params) == (
        "Đạt «Lao động tiên tiến» 2 năm liên tục (tính đến năm trước năm xét)"
    )
    with pytest.raises(ValidationError) as exc:
        clean_params(CriterionKind.AWARDS_IN_YEARS, {"title": "X", "count": 0, "up_to": "mai"})
    assert exc.value.message_dict["params"] == [
        "Tham số «số lần tối thiểu» phải trong khoảng 1–50.",
        "Tham số «tính đến» không hợp lệ.",
    ]


@pytest.mark.parametrize(
    ("initiatives", "scope", "outcome", "text"),
    [
        ([(2023, "co_so")], "co_so", Outcome.MET,
         "Có sáng kiến được công nhận năm 2023 (phạm vi từ cấp cơ sở): «Sáng kiến 2023 co_so»."),
        ([(2023, "tinh")], "co_so", Outcome.MET, None),
        ([(2023, "co_so")], "tinh", Outcome.NOT_MET,
         "Sáng kiến năm 2023 chỉ được công nhận ở phạm vi hẹp hơn cấp tỉnh."),
        ([(2022, "tinh")], "co_so", Outcome.NEEDS_REVIEW,
         "Chưa có sáng kiến được công nhận năm 2023 trong sổ sáng kiến."),
    ],
)  # fmt: skip
def test_initiative_recognised(
    campaign,
    nominees,
    world,
    secretariat,
    focal_a,
    initiatives,
    scope,
    outcome,
    text,  # noqa: F811
):
    from thidua.records.services import initiative_create

    for year, s in initiatives:
        initiative_create(
            actor=focal_a, name=f"Sáng kiến {year} {s}", unit=world.commune_a,
            authors=[world.person_a], year=year, recognised_by="Hội đồng sáng kiến huyện",
            scope=s, decision_number="", decision_date=None, summary="",
        )  # fmt: skip
    got, said = judge(
        campaign, secretariat, nominees[1], CriterionKind.INITIATIVE_RECOGNISED, {"scope": scope}
    )
    assert got == outcome
    if text:
        assert said == text


def test_the_engine_reads_the_history_only_from_the_first_year_a_criterion_needs(
    campaign,
    nominees,
    world,
    secretariat,  # noqa: F811
):
    from thidua.nominations.engine import Context, subjects_of

    for year in (2015, 2021, 2022):
        held(world, year, LDTT)
    Criterion.objects.create(
        campaign=campaign, subject_type="individual", text="Lao động tiên tiến 2 năm liền",
        kind=CriterionKind.CONSECUTIVE_TITLE, params={"title": LDTT, "years": 2}, position=9,
    )  # fmt: skip
    criteria = list(Criterion.objects.filter(campaign=campaign))
    subjects = subjects_of(campaign)
    windowed = Context(campaign, subjects, criteria=criteria).history
    assert [h.year for h in windowed[("person", world.person_a.pk)]] == [2021, 2022]
    # Without the criteria (a caller that does not pass them): the last 20 years.
    everything = Context(campaign, subjects).history
    assert [h.year for h in everything[("person", world.person_a.pk)]] == [2015, 2021, 2022]


def test_the_engine_reads_the_history_up_to_the_last_year_a_criterion_needs(
    campaign,
    nominees,
    world,
    secretariat,  # noqa: F811
):
    from thidua.nominations.engine import Context, subjects_of

    for year in (2020, 2021, 2022, 2023):
        held(world, year, LDTT)
        held(world, year, "TAP_THE_LDTT", unit=True)
    Criterion.objects.create(
        campaign=campaign, subject_type="individual", text="Lao động tiên tiến 2 năm liền",
        kind=CriterionKind.CONSECUTIVE_TITLE, params={"title": LDTT, "years": 2}, position=9,
    )  # fmt: skip
    criteria = list(Criterion.objects.filter(campaign=campaign))
    history = Context(campaign, subjects_of(campaign), criteria=criteria).history
    # 2021–2022 (the two years before 2023): neither 2020 nor the campaign's own year
    assert [h.year for h in history[("person", world.person_a.pk)]] == [2021, 2022]
    assert [(h.year, h.title_code) for h in history[("unit", world.commune_a.pk)]] == [
        (2021, "TAP_THE_LDTT"),
        (2022, "TAP_THE_LDTT"),
    ]
    first = history[("person", world.person_a.pk)][0]
    assert decision_reference(first.decision_number, first.decision_date) == (
        "Quyết định số 21/QĐ-UBND ngày 10/01/2022"
    )
