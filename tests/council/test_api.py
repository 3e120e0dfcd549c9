# ruff: noqa: F811  (fixtures imported from tests.api.conftest)
"""GET /api/v1/council-sessions/{id} and …/results through a bearer token, with the same reach
as the console: a focal point gets 404 while the session exists."""

import pytest

from tests.api.conftest import API, api_get, bearer  # noqa: F401
from thidua.api.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def test_session_detail_gives_composition_attendance_rules_and_counts(
    api_get, bearer, closed, board
):
    response = api_get(f"/council-sessions/{closed.pk}", bearer(board.members[3].user))

    assert response.status_code == 200
    data = response.json()
    assert (
        data["state"],
        data["members_total"],
        data["members_present"],
        data["ballots_cast"],
        data["nominees"],
    ) == ("closed", 9, 8, 8, 7)
    assert [m["present"] for m in data["members"] if m["role"] != "secretary"] == [True] * 8 + [
        False
    ]
    assert {(r["threshold"], r["denominator"], r["strict"]) for r in data["rules"]} == {
        ("2/3", "all_members", False),
        ("1/2", "valid_ballots", True),
    }


def test_results_per_nominee(api_get, bearer, closed, board, nominees):
    (c0, c1, c2, c3), _ = nominees

    response = api_get(f"/council-sessions/{closed.pk}/results", bearer(board.secretary.user))

    rows = {r["nominee_id"]: r for r in response.json()}
    assert len(rows) == 7
    assert {
        k: rows[c2.pk][k] for k in ("votes_for", "votes_against", "passed", "rank", "within_quota")
    } == {"votes_for": 6, "votes_against": 2, "passed": True, "rank": 3, "within_quota": False}
    assert (rows[c3.pk]["passed"], rows[c3.pk]["needed"], rows[c3.pk]["within_quota"]) == (
        False,
        6,
        False,
    )


def test_focal_point_gets_404_for_an_existing_session(api_get, bearer, closed, focal_a):
    for path in (f"/council-sessions/{closed.pk}", f"/council-sessions/{closed.pk}/results"):
        response = api_get(path, bearer(focal_a))
        assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})


def test_results_before_closing_are_404(api_get, bearer, voting, board):
    response = api_get(f"/council-sessions/{voting.pk}/results", bearer(board.chair.user))

    assert response.status_code == 404


def test_a_huge_session_id_is_404(api_get, bearer, board):
    response = api_get(f"/council-sessions/{10**30}", bearer(board.chair.user))

    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})


def test_without_a_token_the_council_endpoints_answer_401(api_get, closed):
    from thidua.api.auth import MISSING

    for path in (f"/council-sessions/{closed.pk}", f"/council-sessions/{closed.pk}/results"):
        response = api_get(path)
        assert (response.status_code, response.json()) == (401, {"detail": MISSING})
