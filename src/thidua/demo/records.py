"""Demo stage `history`: the district's 2021–2022 emulation titles, imported as an office would
bring them in — one Excel file through records.importers.history_import, as the district's
administrator — plus the initiatives the Chiến sĩ thi đua cơ sở were recognised for.

Every person of the district holds a history: Lao động tiên tiến most years, Chiến sĩ thi đua
cơ sở for at most 15 % of a unit's Lao động tiên tiến (the cap of Nghị định 91/2017, checked
with records.caps), and every unit of the district Tập thể lao động tiên tiến, some of them
Tập thể lao động xuất sắc (decided by the province). Idempotent: a database that already holds
imported history is left as it is."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.awards.legal import amount_for, legal_tables
from thidua.core.excel import ImportResult, write_workbook
from thidua.org.models import Person, Unit
from thidua.records import selectors as records_selectors
from thidua.records import services as records_services
from thidua.records.caps import cap_check
from thidua.records.enums import RecordSource
from thidua.records.importers import HISTORY_COLUMNS, history_import
from thidua.records.models import AwardRecord

DISTRICT_CODE = "NB"
DISTRICT = "Chủ tịch UBND huyện Nguyên Bình"
PROVINCE = "Chủ tịch UBND tỉnh Cao Bằng"
# year of the achievement → (district decision, its date; province decision, its date)
DECISIONS = {
    2021: ("35/QĐ-UBND", dt.date(2022, 1, 18), "168/QĐ-UBND", dt.date(2022, 2, 10)),
    2022: ("41/QĐ-UBND", dt.date(2023, 1, 16), "203/QĐ-UBND", dt.date(2023, 2, 14)),
}
LDTT_SHARE = {2021: 0.8, 2022: 0.85}
LDXS_SHARE = 0.25


def _amount(code: str, subject: str, day: dt.date, tables) -> int:
    return amount_for(form_kind=code, subject_type=subject, decision_date=day, tables=tables).amount


def history_rows(seed: int = 2021) -> tuple[list[list], list[tuple[Person, int]]]:
    """The rows of the history file, and (person, year) of each Chiến sĩ thi đua cơ sở."""
    rng = random.Random(seed)
    district = Unit.objects.get(code=DISTRICT_CODE)
    units = list(
        Unit.objects.filter(path__startswith=district.path).exclude(pk=district.pk).order_by("path")
    )
    above = list(Unit.objects.exclude(path__startswith=district.path).order_by("path"))
    people = list(Person.objects.filter(unit__in=units).order_by("unit_id", "code"))
    by_unit: dict[int, list[Person]] = {}
    for p in people:
        by_unit.setdefault(p.unit_id, []).append(p)
    tables = legal_tables()
    caps = records_selectors.caps()
    rows: list[list] = []
    cstd: list[tuple[Person, int]] = []
    had: set[int] = set()  # everyone holds a title at least once in the two years
    for year, (number, day, p_number, p_day) in DECISIONS.items():
        ldtt_money = _amount("LAO_DONG_TIEN_TIEN", "individual", day, tables)
        cstd_money = _amount("CSTD_CO_SO", "individual", day, tables)
        for unit in units:
            staff = by_unit.get(unit.pk, [])
            ldtt = [
                p
                for p in staff
                if rng.random() < LDTT_SHARE[year] or (year == 2022 and p.pk not in had)
            ]
            had.update(p.pk for p in ldtt)
            # as many Chiến sĩ thi đua cơ sở as the cap in force allows (none in a small unit)
            allowed = cap_check(
                title_code="CSTD_CO_SO", count=0, basis_count=len(ldtt), day=day, caps=caps
            ).limit
            chosen = rng.sample(ldtt, allowed or 0)
            for p in ldtt:
                rows.append([p.code, "", year, "Lao động tiên tiến", DISTRICT, number, day,
                             ldtt_money, "Hoàn thành tốt nhiệm vụ được giao"])  # fmt: skip
            for p in chosen:
                rows.append([p.code, "", year, "Chiến sĩ thi đua cơ sở", DISTRICT, number, day,
                             cstd_money, "Có sáng kiến được công nhận cấp cơ sở"])  # fmt: skip
                cstd.append((p, year))
            if year == 2022 and rng.random() < LDXS_SHARE:
                title, issuer, n, d, code = (
                    "Tập thể lao động xuất sắc",
                    PROVINCE,
                    p_number,
                    p_day,
                    "TAP_THE_LDXS",
                )
            else:
                title, issuer, n, d, code = (
                    "Tập thể lao động tiên tiến",
                    DISTRICT,
                    number,
                    day,
                    "TAP_THE_LDTT",
                )
            rows.append(["", unit.code, year, title, issuer, n, d,
                         _amount(code, "collective", d, tables),
                         "Hoàn thành tốt nhiệm vụ năm " + str(year)])  # fmt: skip
    # the district and the units above it, as collectives, from the province and the Government
    _n, _d, p_number, p_day = DECISIONS[2022]
    for unit, title, issuer, number, day in [
        (district, "Cờ thi đua cấp bộ, ngành, tỉnh", PROVINCE, p_number, p_day),
        *[(u, "Cờ thi đua của Chính phủ", "Thủ tướng Chính phủ", "215/QĐ-TTg",
           dt.date(2023, 3, 1)) for u in above],
    ]:  # fmt: skip
        rows.append(["", unit.code, 2022, title, issuer, number, day, None,
                     "Dẫn đầu phong trào thi đua năm 2022"])  # fmt: skip
    return rows, cstd


def _importer():
    User = get_user_model()
    return User.objects.filter(is_superuser=True).order_by("pk").first()


def import_rows(rows: list[list]) -> ImportResult:
    """The rows as one Excel file through the history importer, as the district's administrator
    brings in decisions (all or nothing); the demo's own file failing is a bug of the demo."""
    data = write_workbook("Quá trình khen thưởng", HISTORY_COLUMNS, rows)
    result = history_import(actor=_importer(), data=data)
    if not result.ok:
        raise RuntimeError("; ".join(e.message for e in result.errors[:5]))
    return result


def build_history(campaign=None) -> str:
    if AwardRecord.objects.filter(source=RecordSource.IMPORT).exists():
        return "đã có quá trình khen thưởng nhập từ Excel"
    actor = _importer()
    rows, cstd = history_rows()
    with transaction.atomic():
        result = import_rows(rows)
        for n, (person, year) in enumerate(cstd, start=1):
            records_services.initiative_create(
                actor=actor,
                name=f"Sáng kiến cải tiến quy trình giải quyết thủ tục hành chính số {n}",
                unit=person.unit,
                authors=[person],
                year=year,
                recognised_by="Hội đồng sáng kiến huyện Nguyên Bình",
                scope="co_so",
                decision_number=f"{10 + year - 2021}/QĐ-HĐSK",
                decision_date=dt.date(year, 12, 15),
                summary="",
            )
    return (
        f"{result.created} khen thưởng 2021–2022 nhập từ Excel ({len(cstd)} Chiến sĩ thi đua "
        f"cơ sở), {len(cstd)} sáng kiến"
    )
