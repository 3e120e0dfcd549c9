import pytest

from thidua.core.services import api_token_create

API = "/api/v1"


@pytest.fixture
def bearer():
    """Headers carrying a fresh token of the given user, made through the service."""

    def make(user, name: str = "thử nghiệm") -> dict[str, str]:
        _token, raw = api_token_create(user=user, name=name, actor=None)
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.fixture
def api_get(client):
    def get(path: str, headers: dict[str, str] | None = None, **params):
        return client.get(f"{API}{path}", params, headers=headers or {})

    return get
