import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A decision's PDF becomes a documents.SignedFile (the shared path of the minutes and the
    tờ trình), linked to the decision by IssuedDecision."""

    dependencies = [
        ("awards", "0012_signing_credential_to_documents"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="IssuedDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveSmallIntegerField(default=1, verbose_name="lần phát hành"),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="issued_documents",
                        to="awards.decision",
                    ),
                ),
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="documents.signedfile",
                    ),
                ),
            ],
            options={
                "verbose_name": "quyết định đã phát hành (văn bản ký số)",
                "verbose_name_plural": "quyết định đã phát hành (văn bản ký số)",
                "ordering": ["decision", "-version"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("decision", "version"), name="one_issued_decision_per_version"
                    )
                ],
            },
        ),
    ]
