from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("nominations", "0010_verdicts_into_sets"),
    ]

    operations = [
        migrations.DeleteModel(name="Verdict"),
    ]
