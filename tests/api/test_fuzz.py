"""Schema-driven fuzzing of the whole API (issue 15): schemathesis draws requests from the ninja
OpenAPI schema — valid ones and ones that break it — for every operation, sends them with the
write token of a demo account (the district secretariat, `noivu`) against the demo world, and
no answer may be a 5xx.

Half the drawn requests have their path ids replaced by real ids of the demo (a campaign,
commune A's proposal…) so that the operations meet real objects, not only 404s. Each request
runs in a savepoint rolled back after it, so a write never changes what the next one meets.
The examples per operation are bounded (EXAMPLES, valid and invalid drawn together) to keep
the requests well under a minute (building the demo world takes longer);
THIDUA_FUZZ_EXAMPLES raises them for a deeper run, THIDUA_FUZZ_STATS=<file> appends the
counts (cases, 5xx) as a JSON line.
"""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from tests.conftest import rows_for_module
from tests.security.world import SECRETARIAT, build_world
from thidua.api.api import api
from thidua.core.services import api_token_create

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("THIDUA_FUZZ_EXAMPLES", "4"))
STATS: Counter = Counter()

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = sorted(
    (op.ok() for op in SCHEMA.get_all_operations()), key=lambda op: (op.path, op.method)
)
# Path parameter → key of the demo world (tests/security/world.py) that fills it.
REAL_IDS = {
    "unit_id": "unit",
    "person_id": "person",
    "campaign_id": "campaign",
    "proposal_id": "proposal",
    "nominee_id": "nominee",
    "criterion_id": "criterion_item",
    "award_form_id": "award_item",
    "assignment_id": "assignment_item",
    "decision_id": "decision",
    "award_id": "award",
    "session_id": "session",
    "code": "certificate_code",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    media = tmp_path_factory.mktemp("fuzz-media")
    with rows_for_module(django_db_blocker), override_settings(MEDIA_ROOT=media):
        ids = build_world()
        ids["token"] = api_token_create(user=ids["users"][SECRETARIAT], name="fuzz", scope="write")[
            1
        ]
        yield ids
    if os.environ.get("THIDUA_FUZZ_STATS"):
        with open(os.environ["THIDUA_FUZZ_STATS"], "a") as out:
            out.write(json.dumps(dict(STATS)) + "\n")


@pytest.fixture(scope="module")
def app():
    """Django's WSGI handler, keeping the test's connection: a real request would close a
    connection that is inside a transaction (the test's), as Django's test client avoids."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_no_request_drawn_from_the_schema_gets_a_5xx(world, app, operation):
    # Valid requests and requests that break the schema, drawn together.
    strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    try:
        negative = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
        strategy = st.one_of(strategy, negative)
    except Exception:  # noqa: BLE001 — an operation nothing can break (a free string path)
        STATS["no_negative_case"] += 1
    headers = {"Authorization": f"Bearer {world['token']}"}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # a 5xx is reported as drawn, not shrunk
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, real=st.booleans())
    def run(case, real):
        if real and case.path_parameters:
            case.path_parameters = {
                name: world.get(REAL_IDS.get(name, ""), value)
                for name, value in case.path_parameters.items()
            }
        with transaction.atomic():
            response = case.call(app=app, headers=headers)
            transaction.set_rollback(True)
        STATS["cases"] += 1
        if response.status_code >= 500:
            STATS["5xx"] += 1
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} → {response.status_code}\n"
            f"{case.as_curl_command()}\n{response.text[:2000]}"
        )

    run()
