"""Two requests of the same member at the same moment (two tabs, a double tap) create one
ballot: real concurrent connections, one per thread, on SQLite and on PostgreSQL."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from tests.fixtures.council import AGREE
from thidua.council import services
from thidua.council.models import BallotReceipt, SecretBallot, SecretVote
from thidua.council.sealing import unseal

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_casts_by_one_member_store_one_ballot(voting, board):
    member = board.members[0]
    choices = {i.pk: AGREE for i in voting.items.all()}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt():
        # SQLite's in-memory shared-cache test database answers "table is locked" at once
        # where a file database (production) waits busy_timeout: wait the same way here.
        for _ in range(200):
            try:
                return services.ballot_cast(actor=member.user, session=voting, choices=choices)
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        raise AssertionError("the database stayed locked")

    def cast():
        try:
            barrier.wait(timeout=10)
            attempt()
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == sorted(["ok", services.ALREADY_VOTED])
    assert BallotReceipt.objects.filter(session=voting, member=member).count() == 1
    assert SecretBallot.objects.filter(session=voting).count() == 1
    # the one ballot holds the member's choices, sealed until voting closes
    (sealed,) = SecretBallot.objects.filter(session=voting).values_list("sealed", flat=True)
    assert unseal(voting.pk, sealed) == choices
    assert not SecretVote.objects.exists()
