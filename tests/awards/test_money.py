"""reward_amount against domain.md's worked examples and the edges of its tables, on the legal
data the migration seeds; amounts in words."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from thidua.awards.legal import amount_for, award_form_problems, kind_choices, legal_tables
from thidua.awards.money import (
    CoefficientRule,
    MoneyError,
    RuleSetData,
    SalaryData,
    reward_amount,
    round_amount,
)
from thidua.awards.words import amount_words

D = dt.date
HUYEN, XA = "GIAY_KHEN_CHU_TICH_HUYEN", "GIAY_KHEN_CHU_TICH_XA"


@pytest.fixture
def tables(db):
    return legal_tables()


@pytest.mark.parametrize(
    ("kind", "subject", "day", "amount", "rule_set", "salary"),
    [
        # the worked examples
        (HUYEN, "individual", D(2023, 6, 30), 450_000, "91/2017", 1_490_000),
        (HUYEN, "individual", D(2023, 7, 1), 540_000, "91/2017", 1_800_000),
        (HUYEN, "collective", D(2024, 2, 5), 1_080_000, "98/2023", 1_800_000),
        (HUYEN, "individual", D(2024, 7, 1), 710_000, "98/2023", 2_340_000),
        (XA, "individual", D(2024, 7, 1), 360_000, "98/2023", 2_340_000),
        ("TAP_THE_LDTT", "collective", D(2018, 7, 1), 1_120_000, "91/2017", 1_390_000),
        # rule-set edges: 31/12/2023 under 91/2017, 01/01/2024 under 98/2023
        (HUYEN, "individual", D(2023, 12, 31), 540_000, "91/2017", 1_800_000),
        (HUYEN, "individual", D(2024, 1, 1), 540_000, "98/2023", 1_800_000),
        (XA, "individual", D(2025, 6, 30), 360_000, "98/2023", 2_340_000),
        (XA, "individual", D(2025, 7, 1), 710_000, "152/2025", 2_340_000),
        (XA, "collective", D(2025, 7, 1), 1_410_000, "152/2025", 2_340_000),
        ("BANG_KHEN_TINH", "individual", D(2025, 7, 1), 3_510_000, "152/2025", 2_340_000),
        # base-salary edges
        (XA, "individual", D(2026, 6, 30), 710_000, "152/2025", 2_340_000),
        (XA, "individual", D(2026, 7, 1), 760_000, "152/2025", 2_530_000),
        ("CSTD_CO_SO", "individual", D(2017, 10, 1), 1_300_000, "91/2017", 1_300_000),
        # household: 1.5 × the individual amount (152/2025)
        (XA, "household", D(2026, 7, 1), 1_140_000, "152/2025", 2_530_000),
    ],
)
def test_reward_amount_table(tables, kind, subject, day, amount, rule_set, salary):
    reward = amount_for(form_kind=kind, subject_type=subject, decision_date=day, tables=tables)
    assert (reward.amount, reward.rule_set.name, reward.salary.amount) == (
        amount,
        f"Nghị định {rule_set}/NĐ-CP",
        salary,
    )


def test_explanation_cites_coefficient_salary_decree_and_date(tables):
    reward = amount_for(
        form_kind=HUYEN, subject_type="individual", decision_date=D(2024, 2, 5), tables=tables
    )
    assert reward.explanation == (
        "0,3 × 1.800.000 đ = 540.000 đ (Nghị định 98/2023/NĐ-CP, "
        "mức lương cơ sở 1.800.000 đ từ 01/07/2023)"
    )


def test_explanation_says_when_rounded(tables):
    reward = amount_for(
        form_kind=HUYEN, subject_type="individual", decision_date=D(2023, 6, 30), tables=tables
    )
    assert reward.explanation == (
        "0,3 × 1.490.000 đ = 447.000 đ, làm tròn lên 450.000 đ (Nghị định 91/2017/NĐ-CP, "
        "mức lương cơ sở 1.490.000 đ từ 01/07/2019)"
    )


def test_household_explanation_shows_the_individual_amount(tables):
    reward = amount_for(
        form_kind=XA, subject_type="household", decision_date=D(2026, 7, 1), tables=tables
    )
    assert reward.explanation.startswith(
        "1,5 × 760.000 đ (mức của cá nhân: 0,3 × 2.530.000 đ = 759.000 đ, làm tròn lên "
        "760.000 đ) = 1.140.000 đ (Nghị định 152/2025/NĐ-CP"
    )


@pytest.mark.parametrize(
    ("raw", "mode", "expected"),
    [
        (447_000, "up", 450_000),
        (351_000, "up", 360_000),
        (1_112_000, "up", 1_120_000),
        (540_000, "up", 540_000),
        (447_000, "nearest", 450_000),
        (351_000, "nearest", 350_000),
        (1_112_000, "nearest", 1_110_000),
        (1_115_000, "nearest", 1_120_000),
        (447_000, "none", 447_000),
    ],
)
def test_rounding(raw, mode, expected):
    assert round_amount(Decimal(raw), mode, 10_000) == expected


def test_no_district_giay_khen_under_152_is_refused_in_vietnamese(tables):
    with pytest.raises(MoneyError) as exc:
        amount_for(
            form_kind=HUYEN, subject_type="individual", decision_date=D(2025, 7, 1), tables=tables
        )
    assert str(exc.value) == (
        "Nghị định 152/2025/NĐ-CP không quy định mức thưởng cho «Giấy "
        "khen của Chủ tịch UBND cấp huyện» (cá nhân)."
    )


def test_before_any_rule_set_is_refused(tables):
    with pytest.raises(
        MoneyError, match="Không có văn bản quy định mức thưởng áp dụng vào ngày 30/09/2017"
    ):
        amount_for(
            form_kind=HUYEN, subject_type="individual", decision_date=D(2017, 9, 30), tables=tables
        )


def test_unknown_form_kind_is_refused():
    with pytest.raises(MoneyError, match="Chưa chọn hình thức theo quy định của «Cờ thi đua»"):
        amount_for(
            form_kind=None,
            subject_type="individual",
            decision_date=D(2024, 1, 1),
            tables=([], []),
            form_label="Cờ thi đua",
        )


def test_pure_function_on_plain_values_with_nearest_rounding():
    rs = RuleSetData(
        name="Quy định thử",
        valid_from=D(2020, 1, 1),
        valid_to=None,
        rounding_mode="nearest",
        rounding_step=1000,
        coefficients={("K", "individual"): CoefficientRule(Decimal("0.25"))},
    )
    reward = reward_amount(
        form_kind="K",
        subject_type="individual",
        decision_date=D(2021, 1, 1),
        rule_sets=[rs],
        salaries=[SalaryData(D(2019, 1, 1), 1_490_000)],
    )
    assert (reward.amount, reward.explanation) == (
        373_000,
        "0,25 × 1.490.000 đ = 372.500 đ, làm tròn 373.000 đ (Quy định thử, mức lương "
        "cơ sở 1.490.000 đ từ 01/01/2019)",
    )


def _form(name, kind, subject="individual"):
    return SimpleNamespace(name=name, legal_kind=kind, subject_type=subject)


@pytest.mark.django_db
def test_legal_kinds_offered_are_those_of_the_rule_set_in_force():
    before = dict(kind_choices(D(2025, 6, 30)))
    after = dict(kind_choices(D(2027, 1, 15)))

    assert HUYEN in before and XA in before
    assert HUYEN not in after and XA in after  # no district after the 2025 reform


@pytest.mark.django_db
def test_award_form_problems_name_the_rule_set_and_what_to_do():
    forms = [
        _form("Giấy khen của Chủ tịch UBND huyện", HUYEN),
        _form("Giấy khen của Chủ tịch UBND xã", XA),
        _form("Giấy khen huyện (gõ tay)", ""),
    ]

    problems = award_form_problems(forms, D(2027, 1, 15))

    assert problems == [
        "«Giấy khen của Chủ tịch UBND huyện» (cá nhân): Nghị định 152/2025/NĐ-CP, áp dụng vào "
        "ngày dự kiến quyết định khen thưởng 15/01/2027, không quy định hình thức «Giấy khen "
        "của Chủ tịch UBND cấp huyện» cho cá nhân. Chọn hình thức khác tại trang phong trào › "
        "mục Hình thức khen thưởng, hoặc sửa ngày của giai đoạn Quyết định khen thưởng.",
        "«Giấy khen huyện (gõ tay)» (cá nhân): chưa chọn hình thức theo quy định. Chọn tại "
        "trang phong trào › mục Hình thức khen thưởng.",
    ]
    assert award_form_problems(forms[:2], D(2025, 6, 30)) == []


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (540_000, "Năm trăm bốn mươi nghìn đồng"),
        (1_080_000, "Một triệu không trăm tám mươi nghìn đồng"),
        (450_000, "Bốn trăm năm mươi nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (24_000, "Hai mươi tư nghìn đồng"),
        (114_000, "Một trăm mười bốn nghìn đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
        (1_000_000_001, "Một tỷ không trăm linh một đồng"),
        (0, "Không đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_words(amount) == words
