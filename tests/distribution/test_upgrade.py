"""Upgrading a database across the move of Distribution and Delivery from communication to
distribution (migrations.SeparateDatabaseAndState): rows written at the schema before the
split are all there after it, read through the new app's models, and the content types moved
with them. Django's MigrationExecutor takes the test database back and forth; nothing mocked."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from thidua.distribution.models import Delivery, Distribution
from thidua.org.models import Unit

BEFORE = [("distribution", None), ("communication", "0001_initial")]


def _migrate(targets):
    """Migrate to `targets`; the app registry of the whole project at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    apps = dict(targets)
    nodes = [(app, apps.get(app, name)) for app, name in leaves if apps.get(app, name)]
    nodes += [t for t in targets if t[1] and t not in nodes]
    return executor.loader.project_state(nodes).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def pre_split(transactional_db):
    """The database as it stood before the split, handed back at the latest schema after."""
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(_latest())


def test_rows_sent_before_the_split_are_all_there_after_it(pre_split):
    old = pre_split
    assert not old.is_installed("thidua.distribution")
    OldUnit = old.get_model("org", "Unit")
    User = old.get_model("auth", "User")
    OldDistribution = old.get_model("communication", "Distribution")
    OldDelivery = old.get_model("communication", "Delivery")
    ContentTypeOld = old.get_model("contenttypes", "ContentType")
    ContentTypeOld.objects.get_or_create(app_label="communication", model="distribution")
    district = OldUnit.objects.create(
        code="NB", name="Huyện Nguyên Bình", kind="district", path="NB"
    )
    communes = [
        OldUnit.objects.create(
            code=f"X{k}", name=f"Xã {k}", kind="commune", parent=district, path=f"NB.X{k}"
        )
        for k in range(3)
    ]
    reader = User.objects.create(username="dauMoiXa")
    sent_at = dt.datetime(2024, 2, 5, 8, 30, tzinfo=dt.UTC)
    decision = OldDistribution.objects.create(
        kind="decision",
        title="Khen thưởng phong trào thi đua CCHC năm 2023",
        reference="25/QĐ-UBND",
        sender_unit=district,
        source="awards.decision:1",
        sent_at=sent_at,
    )
    plan = OldDistribution.objects.create(
        kind="plan", title="Kế hoạch thi đua", sender_unit=district, url="/p/", sent_at=sent_at
    )
    for unit in communes:
        OldDelivery.objects.create(distribution=decision, unit=unit)
    OldDelivery.objects.create(
        distribution=plan, unit=communes[0], opened_at=sent_at, opened_by=reader
    )
    before = sorted(
        OldDelivery.objects.values_list("pk", "distribution_id", "unit_id", "opened_by_id")
    )

    _migrate(_latest())

    assert sorted(Distribution.objects.values_list("pk", "kind", "reference", "source")) == [
        (decision.pk, "decision", "25/QĐ-UBND", "awards.decision:1"),
        (plan.pk, "plan", "", ""),
    ]
    after = sorted(Delivery.objects.values_list("pk", "distribution_id", "unit_id", "opened_by_id"))
    assert after == before and len(after) == 4
    opened = Delivery.objects.get(opened_by__isnull=False)
    assert (opened.opened_at, opened.distribution.title) == (sent_at, "Kế hoạch thi đua")
    assert Distribution.objects.get(pk=decision.pk).deliveries.count() == 3
    moved = ContentType.objects.get_for_model(Distribution)
    assert (moved.app_label, moved.model) == ("distribution", "distribution")
    assert not ContentType.objects.filter(app_label="communication", model="distribution").exists()


def test_going_back_to_before_the_split_keeps_the_rows_too(pre_split):
    """A rollback of the release: the state moves back, the tables never moved."""
    _migrate(_latest())
    district = Unit.objects.create(code="NB", name="Huyện Nguyên Bình", kind="district")
    sent = Distribution.objects.create(
        kind="other",
        title="Công văn",
        sender_unit=district,
        url="/c/",
        sent_at=dt.datetime.now(dt.UTC),
    )
    Delivery.objects.create(distribution=sent, unit=district)
    old = _migrate(BEFORE)
    assert list(
        old.get_model("communication", "Delivery").objects.values_list("distribution_id")
    ) == [(sent.pk,)]


def test_the_demo_database_upgrades_without_losing_a_row(
    legal_tables, pre_split, tmp_path, settings
):
    """`thidua demo` builds the whole world (its plan and decision sent, some opened). Built at
    the latest schema — the demo speaks the current models, and the split moved no table — then
    taken back to before the split, where communication's models read every row, and forward
    again, where distribution's do."""
    settings.MEDIA_ROOT = tmp_path / "media"
    _migrate(_latest())
    call_command("demo", stdout=io.StringIO())
    sent = sorted(Distribution.objects.values_list("pk", "kind", "source", "sender_unit_id"))
    received = sorted(Delivery.objects.values_list("pk", "distribution_id", "unit_id", "opened_at"))
    assert sent and received and any(opened for *_, opened in received)

    old = _migrate(BEFORE)
    old_sent = old.get_model("communication", "Distribution").objects
    old_received = old.get_model("communication", "Delivery").objects
    assert sorted(old_sent.values_list("pk", "kind", "source", "sender_unit_id")) == sent
    assert sorted(old_received.values_list("pk", "distribution_id", "unit_id", "opened_at")) == (
        received
    )

    _migrate(_latest())
    assert sorted(Distribution.objects.values_list("pk", "kind", "source", "sender_unit_id")) == (
        sent
    )
    assert sorted(
        Delivery.objects.values_list("pk", "distribution_id", "unit_id", "opened_at")
    ) == (received)
