"""The whole demo (`thidua demo`, every stage), built once for the package: every test file
of tests/demo reads the same build, rolled back after the package's last test. A test that
writes (a rebuild, a resumed stage) does so inside its own transaction, rolled back."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import rows_for_module


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo command's output."""
    media = tmp_path_factory.mktemp("media")
    with rows_for_module(django_db_blocker), override_settings(MEDIA_ROOT=media):
        out = io.StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
