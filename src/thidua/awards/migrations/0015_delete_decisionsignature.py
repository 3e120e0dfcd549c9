from django.db import migrations


class Migration(migrations.Migration):
    """The decision's signatures are documents.FileSignature rows now (0014 moved them)."""

    dependencies = [
        ("awards", "0014_decision_signatures_to_documents"),
    ]

    operations = [
        migrations.DeleteModel(name="DecisionSignature"),
    ]
