"""Titles as dated rows, their money under each rule set, households, and caps: by table."""

import datetime as dt
from decimal import Decimal

import pytest

from thidua.awards.enums import FormKind
from thidua.awards.legal import amount_for, legal_tables
from thidua.awards.money import MoneyError
from thidua.records import selectors
from thidua.records.caps import CapData, cap_check, cap_limit

D = dt.date
# A decision date inside each rule set, and the base salary in force on it.
DAYS = {"91/2017": D(2022, 1, 20), "98/2023": D(2024, 8, 1), "152/2025": D(2025, 8, 1)}


@pytest.fixture
def tables(db):
    return legal_tables()


@pytest.mark.parametrize(
    ("kind", "subject", "amounts"),
    [
        # 91/2017 at 1.490.000 đ; 98/2023 and 152/2025 at 2.340.000 đ; rounded up to 10.000 đ
        ("LAO_DONG_TIEN_TIEN", "individual", (450_000, 710_000, 710_000)),
        ("CSTD_CO_SO", "individual", (1_490_000, 2_340_000, 2_340_000)),
        ("CSTD_TINH", "individual", (4_470_000, 7_020_000, 7_020_000)),
        ("CSTD_TOAN_QUOC", "individual", (6_710_000, 10_530_000, 10_530_000)),  # unconfirmed
        ("TAP_THE_LDTT", "collective", (1_200_000, 1_880_000, 1_880_000)),
        ("TAP_THE_LDXS", "collective", (2_240_000, 3_510_000, 3_510_000)),
        ("CO_THI_DUA_TINH", "collective", (11_920_000, 18_720_000, 18_720_000)),  # unconfirmed
        ("CO_THI_DUA_CHINH_PHU", "collective", (17_880_000, 28_080_000, 28_080_000)),  # idem
    ],
)
def test_each_title_under_each_rule_set(tables, kind, subject, amounts):
    got = tuple(
        amount_for(form_kind=kind, subject_type=subject, decision_date=day, tables=tables).amount
        for day in DAYS.values()
    )
    assert got == amounts


@pytest.mark.parametrize(
    ("kind", "amounts"),
    [
        # 1,5 × the individual amount, only under 152/2025; none before
        ("GIAY_KHEN_THU_TRUONG", (None, None, 1_070_000)),  # 1,5 × 710.000
        ("GIAY_KHEN_CHU_TICH_XA", (None, None, 1_070_000)),  # 1,5 × 710.000
        ("BANG_KHEN_TINH", (None, None, 5_270_000)),  # 1,5 × 3.510.000
        ("BANG_KHEN_THU_TUONG", (None, None, 12_290_000)),  # 1,5 × 8.190.000
        ("GIAY_KHEN_CHU_TICH_HUYEN", (None, None, None)),  # no district level after 07/2025
        ("LAO_DONG_TIEN_TIEN", (None, None, None)),  # titles are not given to households
        ("TAP_THE_LDXS", (None, None, None)),
    ],
)
def test_households_by_table(tables, kind, amounts):
    got = []
    for day in DAYS.values():
        try:
            got.append(
                amount_for(
                    form_kind=kind, subject_type="household", decision_date=day, tables=tables
                ).amount
            )
        except MoneyError as exc:
            assert "không quy định mức thưởng" in str(exc)
            got.append(None)
    assert tuple(got) == amounts


def test_household_explanation_names_the_individual_amount(tables):
    reward = amount_for(
        form_kind="BANG_KHEN_TINH", subject_type="household", decision_date=DAYS["152/2025"],
        tables=tables,
    )  # fmt: skip
    assert reward.explanation.startswith("1,5 × 3.510.000 đ (mức của cá nhân: 1,5 × 2.340.000 đ")


def test_every_form_with_money_is_a_title_or_form_of_the_catalogue(db):
    assert set(FormKind.values) <= set(selectors.titles_by_code())


@pytest.mark.parametrize(
    ("code", "day", "exists"),
    [
        ("LAO_DONG_TIEN_TIEN", D(2004, 6, 30), False),
        ("LAO_DONG_TIEN_TIEN", D(2004, 7, 1), True),
        ("GIAY_KHEN_CHU_TICH_HUYEN", D(2025, 6, 30), True),
        ("GIAY_KHEN_CHU_TICH_HUYEN", D(2025, 7, 1), False),
        ("GIAY_KHEN_CHU_TICH_XA", D(2025, 7, 1), True),
        ("KHONG_CO", D(2020, 1, 1), False),
    ],
)
def test_titles_are_dated(db, code, day, exists):
    assert (selectors.title_on(selectors.titles_by_code(), code, day) is not None) is exists


CAPS = [
    CapData("CSTD_CO_SO", "LAO_DONG_TIEN_TIEN", Decimal("15"), D(2017, 10, 1), D(2023, 12, 31),
            "Nghị định 91/2017/NĐ-CP", True),
    CapData("CSTD_CO_SO", "LAO_DONG_TIEN_TIEN", Decimal("15"), D(2024, 1, 1), None,
            "Nghị định 98/2023/NĐ-CP", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("percent", "basis", "limit"),
    [("15", 0, 0), ("15", 6, 0), ("15", 7, 1), ("15", 10, 1), ("15", 13, 1), ("15", 14, 2),
     ("15", 20, 3), ("15", 100, 15), ("12.5", 8, 1), ("100", 9, 9)],
)  # fmt: skip
def test_cap_limit_rounds_down_exactly(percent, basis, limit):
    assert cap_limit(Decimal(percent), basis) == limit


@pytest.mark.parametrize(
    ("count", "basis", "day", "ok", "limit"),
    [
        (1, 10, D(2023, 6, 1), True, 1),
        (2, 10, D(2023, 6, 1), False, 1),
        (3, 20, D(2023, 12, 31), True, 3),
        (4, 20, D(2024, 1, 1), False, 3),
        (1, 6, D(2024, 6, 1), False, 0),
        (5, 1, D(2017, 9, 30), True, None),  # before 91/2017: no cap held
    ],
)
def test_cap_check_by_table(count, basis, day, ok, limit):
    result = cap_check(title_code="CSTD_CO_SO", count=count, basis_count=basis, day=day, caps=CAPS)
    assert (result.ok, result.limit) == (ok, limit)


def test_cap_explanation_quotes_numbers_decree_and_doubt():
    result = cap_check(
        title_code="CSTD_CO_SO", count=2, basis_count=10, day=D(2024, 3, 1), caps=CAPS,
        title_label="Chiến sĩ thi đua cơ sở", basis_label="Lao động tiên tiến",
    )  # fmt: skip
    assert result.explanation == (
        "2 «Chiến sĩ thi đua cơ sở» vượt giới hạn: tối đa 15% của 10 cá nhân đạt «Lao động "
        "tiên tiến» là 1 (Nghị định 98/2023/NĐ-CP (tỷ lệ chưa được xác nhận))."
    )


def test_seeded_caps_cover_each_rule_set(db):
    caps = selectors.caps()
    assert [(c.source, c.confirmed) for c in caps] == [
        ("Nghị định 91/2017/NĐ-CP", True),
        ("Nghị định 98/2023/NĐ-CP", False),
        ("Nghị định 152/2025/NĐ-CP", False),
    ]
    assert cap_check(title_code="CSTD_CO_SO", count=2, basis_count=13, day=D(2026, 1, 5),
                     caps=caps).ok is False  # fmt: skip
