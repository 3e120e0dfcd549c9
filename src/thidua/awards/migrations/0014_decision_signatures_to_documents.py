from django.db import migrations
from django.db.models import Q
from django.utils import timezone

KIND = "award_decision"
STEPS = [
    {"step": "countersign", "label": "Ký nháy, kiểm soát"},
    {"step": "issue", "label": "Ký ban hành"},
]


def forward(apps, schema_editor):
    """Every issued decision with a PDF gets its signed document (documents.SignedFile) naming
    the same stored file, and its signatures become FileSignature rows (field names kept, so
    each is still found in the PDF). A step signed more than once before (ký nháy twice) gets a
    step of its own ("countersign-2"), since the shared path signs each step once. The hash of
    the file as issued was not kept before: `sha256` is left empty for these."""
    Decision = apps.get_model("awards", "Decision")
    DecisionSignature = apps.get_model("awards", "DecisionSignature")
    IssuedDecision = apps.get_model("awards", "IssuedDecision")
    SignedFile = apps.get_model("documents", "SignedFile")
    FileSignature = apps.get_model("documents", "FileSignature")
    signed = DecisionSignature.objects.values_list("decision_id", flat=True)
    decisions = Decision.objects.filter(
        (Q(state="issued") & ~Q(pdf="")) | Q(pk__in=signed)
    ).order_by("pk")
    for decision in decisions:
        if IssuedDecision.objects.filter(decision=decision).exists():
            continue
        rows = list(DecisionSignature.objects.filter(decision=decision).order_by("signed_at", "id"))
        steps = [dict(s) for s in STEPS]
        labels = {s["step"]: s["label"] for s in STEPS}
        seen: dict[str, int] = {}
        names = []
        for row in rows:
            seen[row.step] = seen.get(row.step, 0) + 1
            name = row.step if seen[row.step] == 1 else f"{row.step}-{seen[row.step]}"
            if name not in labels:
                label = f"{labels.get(row.step, row.step)} (lần {seen[row.step]})"
                labels[name] = label
                steps.append({"step": name, "label": label})
            names.append(name)
        document = SignedFile.objects.create(
            kind=KIND,
            title=f"Quyết định số {decision.number or '…'}/{decision.symbol}",
            version=1,
            steps=steps,
            pdf=decision.pdf.name,
            sha256="",
            issued_by_id=decision.issued_by_id,
            issued_at=decision.issued_at or (rows[0].signed_at if rows else timezone.now()),
        )
        IssuedDecision.objects.create(decision=decision, version=1, document=document)
        FileSignature.objects.bulk_create(
            [
                FileSignature(
                    signed_file=document,
                    step=name,
                    field_name=row.field_name,
                    signer_id=row.signer_id,
                    signer_name=row.signer_name,
                    certificate_serial=row.certificate_serial,
                    signed_at=row.signed_at,
                    pdf_sha256=row.pdf_sha256,
                )
                for name, row in zip(names, rows, strict=True)
            ]
        )


def backward(apps, schema_editor):
    """Each decision's signatures go back to DecisionSignature rows ("countersign-2" back to
    "countersign"), the decision's `pdf` names its signed document's file as it is now, and
    the signed documents of decisions are removed (their stored files stay)."""
    Decision = apps.get_model("awards", "Decision")
    DecisionSignature = apps.get_model("awards", "DecisionSignature")
    IssuedDecision = apps.get_model("awards", "IssuedDecision")
    SignedFile = apps.get_model("documents", "SignedFile")
    FileSignature = apps.get_model("documents", "FileSignature")
    for issued in IssuedDecision.objects.select_related("document").order_by("decision_id", "version"):
        document = issued.document
        rows = FileSignature.objects.filter(signed_file=document).order_by("signed_at", "id")
        DecisionSignature.objects.bulk_create(
            [
                DecisionSignature(
                    decision_id=issued.decision_id,
                    step=row.step.split("-")[0],
                    field_name=row.field_name,
                    signer_id=row.signer_id,
                    signer_name=row.signer_name,
                    certificate_serial=row.certificate_serial,
                    signed_at=row.signed_at,
                    pdf_sha256=row.pdf_sha256,
                )
                for row in rows
            ]
        )
        Decision.objects.filter(pk=issued.decision_id).update(pdf=document.pdf.name)
        FileSignature.objects.filter(signed_file=document).delete()
        issued.delete()
        SignedFile.objects.filter(pk=document.pk).delete()


class Migration(migrations.Migration):
    """Decision signing moves onto the shared documents path (SignedFile, FileSignature)."""

    dependencies = [
        ("awards", "0013_issued_decision"),
        ("documents", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
