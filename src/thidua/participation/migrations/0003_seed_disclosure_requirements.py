"""Which legal award forms must be disclosed to the public before the council meets (rule
data, participation.DisclosureRequirement). Huân chương and danh hiệu vinh dự Nhà nước are
named by Nghị định 98/2023/NĐ-CP Điều 46 khoản 2 (quoted by official notices) and by Nghị định
152/2025/NĐ-CP Điều 60 khoản 3 (cited by the Ministry of Home Affairs' own disclosures); its
start on 01/07/2025 is *unconfirmed*. Chiến sĩ thi đua toàn quốc is disclosed in practice
(Thông tư 12/2019/TT-BNV named it) but no current text was found: flagged, *unconfirmed*.
Bằng khen của Thủ tướng and Cờ thi đua của Chính phủ: no text found, rows kept with the flag
off (an office may still disclose them by its own choice; an administrator turns the flag on
in admin if the text asks)."""

import datetime as dt

from django.db import migrations

ND98 = "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2"
ND152 = "Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3"
START, SWITCH = dt.date(2024, 1, 1), dt.date(2025, 7, 1)
UNTIL = SWITCH - dt.timedelta(days=1)

KINDS = [
    # form kind, name, by law, confirmed, note on the basis
    ("HUAN_CHUONG", "Huân chương các loại, các hạng", True, True, ""),
    ("DANH_HIEU_VINH_DU", "Danh hiệu vinh dự Nhà nước", True, True, ""),
    ("CSTD_TOAN_QUOC", "Danh hiệu «Chiến sĩ thi đua toàn quốc»", True, False,
     " (theo thực tiễn; chưa xác nhận)"),
    ("BANG_KHEN_THU_TUONG", "Bằng khen của Thủ tướng Chính phủ", False, False,
     " (chưa xác nhận có thuộc diện phải công khai)"),
    ("CO_THI_DUA_CHINH_PHU", "Cờ thi đua của Chính phủ", False, False,
     " (chưa xác nhận có thuộc diện phải công khai)"),
]  # fmt: skip


def seed(apps, schema_editor):
    Requirement = apps.get_model("participation", "DisclosureRequirement")
    rows = []
    for kind, name, by_law, ok, note in KINDS:
        rows.append(Requirement(form_kind=kind, name=name, by_law=by_law, confirmed=ok,
                                legal_basis=ND98 + note, valid_from=START, valid_to=UNTIL))
        rows.append(Requirement(form_kind=kind, name=name, by_law=by_law, confirmed=False,
                                legal_basis=ND152 + note, valid_from=SWITCH))  # fmt: skip
    Requirement.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("participation", "0002_disclosure_requirement")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
