"""Shared personas (style.md): every permission test meets a persona that must be refused
while data that could leak is present.

World: province → district → {Phòng Nội vụ, commune A, commune B}; each commune has people.
"""

import contextlib
import functools
import json
import os
import uuid
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as global_apps
from django.db import transaction
from django.db.models.signals import post_migrate
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, make_person, make_unit
from thidua.awards.models import RuleSet
from thidua.campaigns.models import AwardKindRule
from thidua.org.enums import Role, UnitKind
from thidua.org.models import Person, Unit
from thidua.org.services import role_grant
from thidua.records.models import Title

# Fixtures more than one test package uses (a campaign draft, a council in session): plugins,
# so no test module imports fixtures from another package's conftest.
pytest_plugins = ["tests.fixtures.campaigns", "tests.fixtures.council"]

# Tests that need PostgreSQL itself (server-side connections to terminate): collected only when
# the suite runs on PostgreSQL, so the SQLite run neither runs nor skips them.
collect_ignore = []
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    collect_ignore.append("core/test_database_restart_pg.py")


def pytest_configure(config):
    """Tests log in thousands of times: hash passwords the fast way (never in production).
    Each test process (xdist worker) keeps its uploads in a folder of its own, so two workers
    never write the same file name into one folder."""
    import tempfile

    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Queued tasks run at once in the test's process (the worker is tested on its own, with a
    # real `thidua qcluster`, in tests/core/test_task_queue.py).
    settings.THIDUA_TASKS_SYNC = True
    config._thidua_media = tempfile.TemporaryDirectory(prefix="thidua-test-media-")
    settings.MEDIA_ROOT = Path(config._thidua_media.name)
    # The demo's CA certificate goes to this process's folder, not the developer's var/.
    settings.THIDUA_DEMO_TRUST_ROOTS = str(Path(config._thidua_media.name) / "demo-ca.pem")
    if settings.REDIS_URL:
        # The shared cache is Redis, which other test runs and servers on the machine may use
        # too: each test process keys its own entries and clears only those (core.cache).
        settings.CACHES["default"]["KEY_PREFIX"] = f"thidua-test-{uuid.uuid4().hex[:12]}"
    else:
        # With Redis a request reads its session from the cache (settings: `cached_db`); the
        # SQLite run has none, and would read it from the database. Pinned query counts must
        # be the same on both runs: here sessions are kept in this process's memory on top of
        # the database (one test process, so no other process can hold a stale copy).
        settings.CACHES["sessions"] = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "thidua-test-sessions",
        }
        settings.SESSION_CACHE_ALIAS = "sessions"
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # A transactional test ends with a flush, which empties the legal tables the awards
    # migration seeded; the flush then sends post_migrate, as migrate does: seed them again, so
    # the tests a worker runs next find them whatever the order xdist gives.
    post_migrate.connect(_seed_legal_tables, dispatch_uid="tests.seed_legal_tables")


def _seed_legal_tables(sender, app_config, apps=global_apps, **kwargs):
    if app_config.label == "awards" and not RuleSet.objects.exists():
        import_module("thidua.awards.migrations.0002_seed_legal_tables").seed(apps, None)
        import_module("thidua.awards.migrations.0005_title_coefficients").seed(apps, None)
        import_module("thidua.awards.migrations.0007_legal_basis_templates").seed(apps, None)
    if app_config.label == "records" and not Title.objects.exists():
        import_module("thidua.records.migrations.0002_seed_titles_and_caps").seed(apps, None)
        import_module("thidua.records.migrations.0005_seed_state_award_titles").seed(apps, None)
    if app_config.label == "core" and not apps.get_model("core", "Holiday").objects.exists():
        import_module("thidua.core.migrations.0009_seed_work_calendar").seed(apps, None)
        import_module("thidua.core.migrations.0012_short_clock").seed(apps, None)
    if app_config.label == "campaigns" and not AwardKindRule.objects.exists():
        import_module("thidua.campaigns.migrations.0007_seed_award_kinds").seed(apps, None)
    if (
        app_config.label == "participation"
        and not apps.get_model("participation", "DisclosureRequirement").objects.exists()
    ):
        import_module("thidua.participation.migrations.0003_seed_disclosure_requirements").seed(
            apps, None
        )
    if (
        app_config.label == "monitoring"
        and not apps.get_model("monitoring", "StatForm").objects.exists()
    ):
        import_module(
            "thidua.monitoring.migrations.0009_seed_statistics_forms_export_mapping"
        ).seed(apps, None)


def pytest_unconfigure(config):
    from django.conf import settings

    if settings.REDIS_URL:  # this process's keys (the figures' version never expires)
        from django.core.cache import cache

        cache.clear()
    media = getattr(config, "_thidua_media", None)
    if media is not None:
        media.cleanup()


@pytest.fixture(autouse=True)
def _fresh_redis_cache(settings):
    """Redis keeps its keys across tests (the database cache's table is rolled back with the
    test): start each test from an empty cache."""
    if settings.REDIS_URL:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _documents_rendered_once():
    """Fixtures publish the same plan and issue the same decision in hundreds of tests: each
    distinct document (same data, same format) is rendered once per test process by the real
    renderer, and its bytes reused. tests/documents imports the renderers directly and keeps
    rendering every time."""
    from thidua.documents import admin_doc

    originals = admin_doc.render_pdf, admin_doc.render_docx

    def once(render):
        rendered: dict[str, bytes] = {}

        @functools.wraps(render)
        def render_once(doc):
            key = json.dumps(doc, sort_keys=True, ensure_ascii=False, default=repr)
            if key not in rendered:
                if len(rendered) >= 64:  # a bound on memory, not a cache policy
                    rendered.clear()
                rendered[key] = render(doc)
            return rendered[key]

        return render_once

    admin_doc.render_pdf, admin_doc.render_docx = (once(r) for r in originals)
    yield
    admin_doc.render_pdf, admin_doc.render_docx = originals


@pytest.fixture(autouse=True)
def _no_list_caches(settings):
    """The pinned query counts measure a page as it is built, the same on SQLite and on
    PostgreSQL with Redis: the list caches of core/counts.py (counts, people rows, the menu,
    the unread count) are off unless a test turns them on (tests/web/test_list_caches.py)."""
    settings.THIDUA_LIST_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests need no collectstatic run: serve static files without the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class World:
    province: Unit
    district: Unit
    noivu: Unit
    commune_a: Unit
    commune_b: Unit
    person_a: Person
    person_b: Person


@pytest.fixture
def world(db) -> World:
    province = make_unit("Tỉnh Cao Bằng", kind=UnitKind.PROVINCE, code="CB")
    district = make_unit("Huyện Nguyên Bình", parent=province, kind=UnitKind.DISTRICT, code="NB")
    noivu = make_unit("Phòng Nội vụ", parent=district, kind=UnitKind.AGENCY, code="NB-NV")
    commune_a = make_unit("Xã Yên Lạc", parent=district, code="X01732", gso_code="01732")
    commune_b = make_unit("Xã Ca Thành", parent=district, code="X01738", gso_code="01738")
    return World(
        province=province,
        district=district,
        noivu=noivu,
        commune_a=commune_a,
        commune_b=commune_b,
        person_a=make_person(commune_a, "Nguyễn Văn Hưởng", position="Chủ tịch UBND"),
        person_b=make_person(
            commune_b, "Đặng Thị Bích Đào", position="Công chức Tư pháp – Hộ tịch"
        ),
    )


def _persona(username: str, role: str | None, unit: Unit | None, **user_fields):
    user = UserFactory(username=username, **user_fields)
    if role is not None:
        role_grant(actor=None, user=user, role=role, unit=unit)
    return user


@pytest.fixture
def secretariat(world):
    return _persona("noivu", Role.SECRETARIAT, world.district)


@pytest.fixture
def focal_a(world):
    """Focal point of commune A."""
    return _persona("daumoi.a", Role.FOCAL_POINT, world.commune_a)


@pytest.fixture
def focal_b(world):
    """Focal point of commune B."""
    return _persona("daumoi.b", Role.FOCAL_POINT, world.commune_b)


@pytest.fixture
def council_member(world):
    return _persona("hoidong", Role.COUNCIL_MEMBER, world.district)


@pytest.fixture
def chair(world):
    return _persona("chutich", Role.COUNCIL_CHAIR, world.district)


@pytest.fixture
def editor(world):
    return _persona("bientap", Role.EDITOR, world.district)


@pytest.fixture
def observer(world):
    return _persona("mattran", Role.OBSERVER, world.district)


@pytest.fixture
def admin_user(world):
    return _persona("quantri", Role.ADMIN, world.district, is_staff=True, is_superuser=True)


@pytest.fixture
def no_role_user(world):
    """Logged in, but holds no role anywhere."""
    return _persona("khach", None, None)


@contextlib.contextmanager
def rows_for_module(django_db_blocker):
    """Rows built once and read by every test of a module (a world slow to build, such as a
    demo stage): made inside one transaction that each test's own transaction nests in as a
    savepoint, and rolled back after the module's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def login(client, user):
    """Signed in as `user`, both steps: force_login stands for the password, and for an account
    with two-factor login on (the demo's `quantri`) the session is marked verified by its
    device, as the second step (web.twofactor) does."""
    client.force_login(user)
    complete_second_factor(client, user)
    return client


def complete_second_factor(client, user) -> None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def legal_tables(transactional_db):
    """A transactional test that needs the legal tables (a flush puts them back: see
    _seed_legal_tables)."""


def live_database_url() -> str:
    """The test database as a DATABASE_URL, for a server or worker process the test starts."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def process_env(tmp_path, **extra: str) -> dict:
    """The environment of a `thidua` process started by a test: the test's database, cache,
    secret key (sessions and queued tasks are signed with it) and upload folder."""
    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": live_database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "THIDUA_VAR": str(tmp_path),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DB_CONN_MAX_AGE": "0",  # no connection left open when the test drops its database
        **extra,
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.CACHES["default"]["LOCATION"]
        env["CACHE_KEY_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    return env
