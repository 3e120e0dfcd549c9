"""The release's migrations, both ways, on the demo database (issue 14, item 6): `thidua demo`
builds the whole world at the latest schema; the database is taken back to the previous
release's schema — every migration of this release must be reversible — and forward again.
Every table the previous release had keeps every row, both ways, and the demo's own data still
reads through the latest models afterwards. Django's MigrationExecutor does the work, nothing
mocked.

`PREVIOUS_RELEASE` is the last migration of each app at the previous release (main at
f478bd4); move it forward when a release ships, and empty `REPLACED` and `_moved_back` then:
they list what the new release moves between tables. Until this release adds a migration the
way back is empty, and the test checks that the demo survives it.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from thidua.awards.models import Decision
from thidua.nominations.models import Nominee

PREVIOUS_RELEASE = {
    "approvals": "0001_initial",
    "awards": "0015_delete_decisionsignature",
    "campaigns": "0009_service_years_kind",
    "clusters": "0001_initial",
    "communication": "0002_distribution_moves_out",
    "core": "0013_throttle_counter",
    "council": "0007_issued_minutes",
    "distribution": "0002_distribution_external_sender",
    "documents": "0001_initial",
    "exchange": "0002_received_proposals",
    "indicators": "0005_subject_kinds_outside_state",
    "monitoring": "0009_seed_statistics_forms_export_mapping",
    "nominations": "0011_delete_verdict",
    "org": "0007_person_fewer_indexes",
    "participation": "0003_seed_disclosure_requirements",
    "records": "0005_seed_state_award_titles",
}


def _moved_back() -> dict[str, int]:
    """Rows this release moves between tables, which a rollback moves back, counted at the
    latest schema (table → rows gained going back): none since f478bd4. The release before
    moved each issued decision's PDF and signatures into documents (awards 0014, 0015) and the
    verdicts into sets (nominations 0009–0011); see git history for how it counted them."""
    return {}


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _targets_previous() -> list[tuple[str, str | None]]:
    """The previous release: its apps at their last migration, apps born since unapplied."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    ours = {app for app, _ in leaves if app in PREVIOUS_RELEASE or _is_thidua(app)}
    return [(app, PREVIOUS_RELEASE.get(app)) for app in sorted(ours)]


def _is_thidua(app_label: str) -> bool:
    config = apps.app_configs.get(app_label)
    return config is not None and config.name.startswith("thidua.")


def _counts(tables) -> dict[str, int]:
    with connection.cursor() as cursor:
        out = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608  (introspected names)
            out[table] = cursor.fetchone()[0]
        return out


@pytest.fixture
def at_latest(transactional_db):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        yield latest
    finally:
        _migrate(latest)


def test_the_demo_database_goes_back_a_release_and_forward_without_losing_a_row(
    legal_tables, at_latest, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    decisions = sorted(Decision.objects.values_list("pk", "number", "state"))
    nominees = sorted(Nominee.objects.values_list("pk", "state", "council_outcome"))
    assert decisions and nominees

    ours = [t for t in connection.introspection.table_names() if t.startswith(_PREFIXES)]
    at_start = _counts(ours)
    assert sum(at_start.values()) > 1000  # the demo is there
    verdicts = _verdict_sets()
    assert any(overridden for _, _, _, overridden in verdicts)  # the demo's overrides too

    moved = _moved_back()

    _migrate(_targets_previous())
    kept = [t for t in connection.introspection.table_names() if t.startswith(_PREFIXES)]
    assert set(kept) - set(ours) == set(REPLACED)
    same = [t for t in kept if t not in REPLACED]
    # going back lost nothing (rows this release moved between tables are back where they were)
    assert _counts(same) == {t: at_start[t] + moved.get(t, 0) for t in same}

    _migrate(at_latest)
    # and forward again (tables born since come back empty or with their seed rows)
    assert _counts(same) == {t: at_start[t] for t in same}
    assert _moved_back() == moved
    assert _verdict_sets() == verdicts  # the same verdicts, overrides and digests
    assert set(connection.introspection.table_names()) >= set(ours)
    assert sorted(Decision.objects.values_list("pk", "number", "state")) == decisions
    assert sorted(Nominee.objects.values_list("pk", "state", "council_outcome")) == nominees


_PREFIXES = tuple(f"{app}_" for app in PREVIOUS_RELEASE)

# Tables of the previous release whose rows this release keeps in another table, both ways
# (old table → new table): none since f478bd4.
REPLACED: dict[str, str] = {}


def _verdict_sets() -> list[tuple]:
    VerdictSet = apps.get_model("nominations", "VerdictSet")
    return sorted(VerdictSet.objects.values_list("nominee_id", "verdicts", "digest", "overridden"))
