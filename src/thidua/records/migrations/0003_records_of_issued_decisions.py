"""Every award of a decision issued before this table existed becomes a history row, as
decision_issue writes them from now on (records.services.records_from_decision)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    Title = apps.get_model("records", "Title")
    AwardRecord = apps.get_model("records", "AwardRecord")
    titles = {}
    for t in Title.objects.order_by("valid_from"):
        titles.setdefault(t.code, []).append(t)
    rows = []
    awards = Award.objects.filter(decision__state="issued", record__isnull=True).select_related(
        "decision", "decision__campaign", "decision__issuer", "award_form"
    )
    for a in awards.iterator():
        d = a.decision
        title = next(
            (t for t in titles.get(a.form_kind, [])
             if t.valid_from <= d.decided_on and (t.valid_to is None or d.decided_on <= t.valid_to)),
            None,
        )
        rows.append(AwardRecord(
            subject_type=a.subject_type, person_id=a.person_id, unit_id=a.unit_id,
            year=d.campaign.year, title=title, title_code=a.form_kind or "",
            form_name=a.award_form.name, level=title.level if title else "",
            issuer=d.issuer.name, decision_number=f"{d.number}/{d.symbol}",
            decision_date=d.decided_on, amount=a.amount, achievement=d.achievement[:500],
            campaign_id=d.campaign_id, award_id=a.pk, source="decision",
        ))
    AwardRecord.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("records", "0002_seed_titles_and_caps"), ("awards", "0003_decisions")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
