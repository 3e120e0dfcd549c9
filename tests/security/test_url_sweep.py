"""Every URL × every persona, on GET and on POST (issue 18, item 1).

The rows come from the URLconf itself: every named pattern of the site (`web`, `portal`, `api`
and the sign-in pages; Django admin has its own tests), so a URL nobody declared fails
`test_every_url_is_declared` with the place to declare it: `tests/security/url_access.py`.
Each row is filled with real ids from the demo world (`tests/security/world.py`: two communes'
data side by side), and requested by every persona: anonymous, each demo role, and the focal
point of the other commune. What each persona must get is declared in the table; on top of it:
no 5xx anywhere, a refused write changes nothing (no audit row), and the other commune's focal
point gets 404 on every object of commune A.

The world is built once for the module; each request runs in a savepoint rolled back after it,
so a POST never changes what the next request sees.
"""

from __future__ import annotations

import json
import os
import traceback
from collections import Counter

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import complete_second_factor, rows_for_module
from tests.security import url_access
from tests.security.world import ANON, OTHER_FOCAL, PERSONAS, SIGNED_IN, build_world
from thidua.core.models import AuditLog

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin"}  # Django admin: tests/core/test_admin_no_bypass.py
REFUSED = {401, 403, 404, 405}
STATS: Counter = Counter()


def url_patterns(patterns=None, prefix="", namespace=None):
    """(`namespace:name`, route) of every named pattern the site serves."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern)


URLS = dict(url_patterns())


def test_every_url_is_declared():
    missing = sorted(set(URLS) - set(url_access.ACCESS))
    assert not missing, (
        "These URLs have no access declaration. Add a row for each to ACCESS in "
        "tests/security/url_access.py (who may GET, who may POST, which demo object fills "
        f"its ids; see docs/architecture.md, 'Every URL is declared'): {missing}"
    )
    stale = sorted(set(url_access.ACCESS) - set(URLS))
    assert not stale, f"tests/security/url_access.py declares URLs that no longer exist: {stale}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    media = tmp_path_factory.mktemp("sweep-media")
    with rows_for_module(django_db_blocker), override_settings(MEDIA_ROOT=media):
        ids = build_world()
        cookies = {}
        for name, user in ids["users"].items():
            client = Client()
            client.force_login(user)
            complete_second_factor(client, user)  # the demo's administrator has 2FA on
            cookies[name] = client.cookies[_session_cookie()].value
        ids["sessions"] = cookies
        yield ids
    if os.environ.get("THIDUA_SWEEP_STATS"):
        with open(os.environ["THIDUA_SWEEP_STATS"], "a") as out:
            out.write(json.dumps(dict(STATS)) + "\n")


def _session_cookie():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


CSRF = "s" * 32  # a well-formed secret; the cookie and the form carry the same one


def _request(world, persona: str, method: str, url: str, api: bool):
    """One request as `persona`, in a savepoint rolled back afterwards. Returns (status,
    location, audit rows written, traceback or '')."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    headers = {}
    if persona != ANON:
        if api:
            headers["Authorization"] = f"Bearer {world['tokens'][persona]}"
        else:
            client.cookies[_session_cookie()] = world["sessions"][persona]
    client.cookies["csrftoken"] = CSRF
    with transaction.atomic():
        before = AuditLog.objects.count()
        if method == "GET":
            response = client.get(url, headers=headers)
        elif api:
            send = getattr(client, method.lower())
            response = send(url, data="{}", content_type="application/json", headers=headers)
        else:
            response = client.post(url, {"csrfmiddlewaretoken": CSRF}, headers=headers)
        written = AuditLog.objects.count() - before
        transaction.set_rollback(True)
    exc = getattr(response, "exc_info", None)
    tb = "".join(traceback.format_exception(*exc)) if exc else ""
    return response.status_code, response.get("Location", ""), written, tb


def _to_login(status: int, location: str) -> bool:
    return status in (301, 302) and location.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(URLS))
def test_url_answers_each_persona_as_declared(world, name):
    row = url_access.ACCESS.get(name)
    if row is None:
        pytest.fail(f"{name} is not declared in tests/security/url_access.py")
    url = reverse(name, kwargs=row.kwargs_for(world))
    api = name.startswith("api:")
    problems = []
    record = os.environ.get("THIDUA_SWEEP_RECORD")
    seen = {}
    STATS["urls"] += 1
    for persona in PERSONAS:
        for method, allowed in (("GET", row.get), (row.write, row.post)):
            status, location, written, tb = _request(world, persona, method, url, api)
            STATS["requests"] += 1
            what = f"{method} {url} as {persona}: {status} {location}".rstrip()
            seen[f"{persona} {method}"] = [status, location, written, tb[-600:]]
            if record:
                continue
            if status >= 500:
                STATS["5xx"] += 1
                problems.append(f"{what}\n{tb}")
                continue
            refused = status in REFUSED or _to_login(status, location)
            if persona in allowed:
                if refused:
                    problems.append(f"{what} — declared allowed, was refused")
                continue
            if not refused:
                problems.append(f"{what} — declared refused, was let through")
            elif written:
                problems.append(f"{what} — refused, yet wrote {written} audit row(s)")
            if persona == ANON and not api and status != 405 and not _to_login(status, location):
                problems.append(f"{what} — anonymous must be sent to the sign-in page")
            if persona == ANON and api and method == "GET" and row.get and status != 401:
                problems.append(f"{what} — the API answers 401 without a token")
            if persona == OTHER_FOCAL and row.unit_a and status not in (404, 405):
                problems.append(f"{what} — commune A's object must be 404 to commune B")
    if record:
        with open(record, "a") as out:
            out.write(json.dumps({"name": name, "url": url, "seen": seen}) + "\n")
    assert not problems, "\n".join(problems)


def test_personas_cover_every_role_of_the_demo(world):
    assert set(world["users"]) == set(SIGNED_IN)
