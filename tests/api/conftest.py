import json

import pytest

from thidua.core.services import api_token_create

API = "/api/v1"


@pytest.fixture
def bearer():
    """Headers carrying a fresh token of the given user, made through the service (read-only
    unless scope="write")."""

    def make(user, name: str = "thử nghiệm", scope: str = "read") -> dict[str, str]:
        _token, raw = api_token_create(user=user, name=name, scope=scope, actor=None)
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.fixture
def writer(bearer):
    """Headers of a write-scoped token of the given user."""

    def make(user) -> dict[str, str]:
        return bearer(user, name="ghi", scope="write")

    return make


@pytest.fixture
def api_get(client):
    def get(path: str, headers: dict[str, str] | None = None, **params):
        return client.get(f"{API}{path}", params, headers=headers or {})

    return get


@pytest.fixture
def api_send(client):
    """`api_send("post", "/units", headers, {...})`: a JSON write (or multipart with files=)."""

    def send(method: str, path: str, headers=None, body=None, *, files=None):
        url = f"{API}{path}"
        headers = headers or {}
        if files is not None:
            return getattr(client, method)(url, {**(body or {}), **files}, headers=headers)
        data = json.dumps(body if body is not None else {}, ensure_ascii=False)
        return getattr(client, method)(
            url, data=data, content_type="application/json", headers=headers
        )

    return send
