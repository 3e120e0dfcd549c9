"""A people .xlsx in the import template's columns, with realistic generated Vietnamese names
spread over the given units. Needs Django set up (it reads the demo data and the enums)."""

import io
import random
from collections.abc import Sequence

import xlsxwriter

from thidua.demo import org_data as d
from thidua.demo.org import generate_name
from thidua.org.enums import Gender, StaffCategory, UnitKind
from thidua.org.importers import PEOPLE_COLUMNS
from thidua.org.models import Unit


def _positions(kind: str) -> list[tuple[str, str]]:
    if kind in UnitKind.commune_level():
        return d.COMMUNE_POSITIONS
    if kind == UnitKind.PUBLIC_SERVICE:
        return d.SERVICE_POSITIONS
    return d.AGENCY_POSITIONS


def people_xlsx(units: Sequence[Unit], rows: int, *, seed: int = 2023) -> bytes:
    """`rows` people, codes CB000001…, round-robin over `units` (so every unit gets people)."""
    rng = random.Random(seed)
    ethnicities = [name for name, _ in d.ETHNICITIES]
    ethnicity_weights = [w for _, w in d.ETHNICITIES]
    gender_label = dict(Gender.choices)
    category_label = dict(StaffCategory.choices)
    header = [c.header for c in PEOPLE_COLUMNS]

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet("Danh sách cá nhân")
    sheet.write_row(0, 0, header)
    for i in range(rows):
        unit = units[i % len(units)]
        gender = rng.choice(["male", "female"])
        position, category = rng.choice(_positions(unit.kind))
        name = generate_name(rng, gender)
        r = i + 1
        sheet.write_string(r, 0, f"CB{i + 1:06d}")
        sheet.write_string(r, 1, name)
        sheet.write_string(r, 2, gender_label[gender])
        sheet.write_string(r, 3, position)
        sheet.write_string(r, 4, unit.code)
        sheet.write_string(r, 5, category_label[category])
        if rng.random() < 0.95:
            sheet.write_number(r, 6, rng.randint(1963, 2002))
        sheet.write_string(r, 7, rng.choices(ethnicities, ethnicity_weights)[0])
    workbook.close()
    return buffer.getvalue()
