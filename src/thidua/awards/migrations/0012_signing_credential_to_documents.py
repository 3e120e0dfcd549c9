from django.db import migrations


class Migration(migrations.Migration):
    """The signing credential now belongs to `documents` (documents 0001 took it over in
    Django's state); the table is left where it is."""

    dependencies = [
        ("awards", "0011_form_kind_state_awards"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SigningCredential")],
            database_operations=[],
        ),
    ]
