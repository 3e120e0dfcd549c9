"""Distribution and Delivery now belong to the distribution app (distribution.0001); their
tables stay, under their old names. This removes them from communication's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("communication", "0001_initial"),
        ("distribution", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="Distribution"),
            ],
        ),
    ]
