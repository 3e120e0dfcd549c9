"""Each kind of commendation (loại hình khen thưởng, Luật Thi đua, khen thưởng 2022) with its
dossier checklist and workflow shortcuts, as rows. One row per kind from 01/07/2004 (the 2003
Law; the 2022 Law keeps the kinds). The checklists follow the seed's dossier and the common
practice of provincial offices; they are *unconfirmed* against Nghị định 98/2023 and
152/2025 (docs/titles.md)."""

import datetime as dt

from django.db import migrations

START = dt.date(2004, 7, 1)
P, N = "per_proposal", "per_nominee"
KINDS = [
    # kind, registration at the start of the year, clock, basis, checklist
    ("thuong_xuyen", True, "tham-dinh-ho-so", "Luật Thi đua, khen thưởng 2022 (khen thưởng "
     "thường xuyên); Nghị định 98/2023/NĐ-CP", [
        ("Tờ trình đề nghị công nhận danh hiệu thi đua.", P),
        ("Biên bản họp Hội đồng Thi đua – Khen thưởng của đơn vị.", P),
        ("Báo cáo thành tích (có xác nhận của thủ trưởng đơn vị).", N),
    ]),
    ("theo_dot", True, "tham-dinh-ho-so", "Luật Thi đua, khen thưởng 2022 (khen thưởng theo "
     "chuyên đề, theo đợt)", [
        ("Tờ trình đề nghị khen thưởng.", P),
        ("Biên bản họp Hội đồng Thi đua – Khen thưởng của đơn vị.", P),
        ("Báo cáo thành tích.", N),
        ("Bản tóm tắt thành tích.", N),
    ]),
    ("dot_xuat", False, "tham-dinh-dot-xuat", "Luật Thi đua, khen thưởng 2022, Điều 85 (thủ "
     "tục đơn giản)", [
        ("Tờ trình đề nghị khen thưởng đột xuất.", P),
        ("Báo cáo tóm tắt thành tích, nêu rõ hành động, thành tích đột xuất.", N),
    ]),
    ("nien_han", False, "tham-dinh-ho-so", "Luật Thi đua, khen thưởng 2022 (khen thưởng quá "
     "trình cống hiến, theo niên hạn)", [
        ("Tờ trình đề nghị khen thưởng.", P),
        ("Danh sách trích ngang các cá nhân được đề nghị.", P),
        ("Bản tóm tắt quá trình công tác, thời gian giữ chức vụ.", N),
    ]),
    ("doi_ngoai", False, "tham-dinh-ho-so", "Luật Thi đua, khen thưởng 2022 (khen thưởng đối "
     "ngoại)", [
        ("Tờ trình đề nghị khen thưởng đối ngoại.", P),
        ("Báo cáo tóm tắt thành tích của tập thể, cá nhân nước ngoài.", N),
        ("Ý kiến của cơ quan quản lý về đối ngoại.", P),
    ]),
]  # fmt: skip


def seed(apps, schema_editor):
    Rule = apps.get_model("campaigns", "AwardKindRule")
    Item = apps.get_model("campaigns", "AwardKindItem")
    for kind, registration, clock, basis, items in KINDS:
        rule, created = Rule.objects.get_or_create(
            award_kind=kind,
            valid_from=START,
            defaults={
                "needs_registration": registration,
                "clock_code": clock,
                "basis": basis,
                "confirmed": False,
                "note": "Thành phần hồ sơ chưa xác nhận với Nghị định 98/2023, 152/2025.",
            },
        )
        if created:
            Item.objects.bulk_create(
                [
                    Item(rule=rule, name=name, scope=scope, position=i)
                    for i, (name, scope) in enumerate(items, start=1)
                ]
            )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0006_award_kinds_title_registration")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
