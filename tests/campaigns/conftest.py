import pytest

from tests.fixtures.campaigns import VN, vn  # noqa: F401  (imported from here by many tests)


@pytest.fixture(autouse=True)
def _private_media(private_media):
    """Every campaigns test keeps its uploads in a folder of its own."""
