# Verdict rows (one per nominee and criterion) into VerdictSet rows (one per nominee) and back.
# The stored format and its digest are written out here, not imported, so that this migration
# keeps meaning what it meant when nominations.verdicts changes.

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import migrations

BATCH = 5_000


def _digest(entries) -> int:
    text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode(entries)
    raw = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(raw, "big", signed=True)


def forward(apps, schema_editor):
    Verdict = apps.get_model("nominations", "Verdict")
    VerdictSet = apps.get_model("nominations", "VerdictSet")
    rows = Verdict.objects.order_by("nominee_id", "criterion__position", "criterion_id").values_list(
        "nominee_id", "criterion_id", "outcome", "explanation", "override", "override_reason",
        "overridden_by_id", "overridden_at",
    )  # fmt: skip
    batch, current, entries = [], None, []

    def close():
        if current is None:
            return
        engine = [tuple(e[:3]) for e in entries]
        batch.append(
            VerdictSet(
                nominee_id=current,
                verdicts=entries,
                digest=_digest(engine),
                overridden=any(len(e) > 3 for e in entries),
            )
        )

    for nominee, criterion, outcome, text, override, reason, by, at in rows.iterator(BATCH):
        if nominee != current:
            close()
            if len(batch) >= BATCH:
                VerdictSet.objects.bulk_create(batch)
                batch.clear()
            current, entries = nominee, []
        entry = [criterion, outcome, text]
        if override:
            entry += [override, reason, by, at.isoformat() if at else None]
        entries.append(entry)
    close()
    VerdictSet.objects.bulk_create(batch)


def backward(apps, schema_editor):
    Verdict = apps.get_model("nominations", "Verdict")
    VerdictSet = apps.get_model("nominations", "VerdictSet")
    Criterion = apps.get_model("campaigns", "Criterion")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    criteria = set(Criterion.objects.values_list("pk", flat=True))
    users = set(User.objects.values_list("pk", flat=True))
    batch = []
    for nominee, entries in VerdictSet.objects.values_list("nominee_id", "verdicts").iterator(BATCH):
        for entry in entries:
            criterion, outcome, text = entry[:3]
            if criterion not in criteria:  # removed since: a Verdict row would cascade away
                continue
            override, reason, by, at = (entry[3:7] if len(entry) > 3 else ("", "", None, None))
            batch.append(
                Verdict(
                    nominee_id=nominee, criterion_id=criterion, outcome=outcome,
                    explanation=text, override=override, override_reason=reason,
                    overridden_by_id=by if by in users else None,
                    overridden_at=dt.datetime.fromisoformat(at) if at else None,
                )  # fmt: skip
            )
        if len(batch) >= BATCH:
            Verdict.objects.bulk_create(batch)
            batch.clear()
    Verdict.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0007_seed_award_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("nominations", "0009_verdictset"),
    ]

    operations = [migrations.RunPython(forward, backward)]
