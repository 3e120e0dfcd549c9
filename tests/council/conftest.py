import pytest


@pytest.fixture(autouse=True)
def _private_media(private_media):
    """Every council test keeps its uploads (minutes, signed PDFs) in a folder of its own."""
