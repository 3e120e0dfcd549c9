"""The secret ballot, read as someone with the whole database would read it (issue 18, item 8):
every table, every row, during voting and after. Eight members each cast a different pattern
of agree / disagree over the seven agenda items, so any stored link between a member and a
ballot would give the member's votes away."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from tests.fixtures.council import AGREE, DISAGREE
from thidua.council import services
from thidua.council.models import BallotReceipt, SecretBallot, SecretVote

pytestmark = pytest.mark.django_db


def _patterns(voting, members) -> dict[int, dict[int, str]]:
    """member id → {agenda item id: choice}: member n disagrees where bit j of n+1 is set."""
    items = sorted(voting.items.values_list("pk", flat=True))
    return {
        m.pk: {pk: DISAGREE if (n + 1) >> j & 1 else AGREE for j, pk in enumerate(items)}
        for n, m in enumerate(members)
    }


def _every_row() -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table of the database, each cell as text."""
    out = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = [tuple("" if v is None else _text(v) for v in row) for row in cursor]
    return out


def _text(value) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def _storage_order(table: str) -> list[str]:
    """The table's ids in the order its rows lie in storage (SQLite's rowid, PostgreSQL's
    ctid): what someone reading the database file sees as the order of insertion."""
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY {order}")
        return [_text(r[0]) for r in cursor]


def _forms(value: str) -> set[str]:
    """A UUID as the database may spell it (with or without dashes)."""
    try:
        u = uuid.UUID(value)
    except ValueError:
        return {value}
    return {str(u), u.hex}


def test_no_stored_value_links_a_member_to_a_vote_during_or_after_voting(
    voting, board, secretariat
):
    members = board.members[:8]
    patterns = _patterns(voting, members)
    assert len({tuple(p.values()) for p in patterns.values()}) == 8

    for m in members:  # cast in the board's order: the order someone would try to replay
        services.ballot_cast(actor=m.user, session=voting, choices=patterns[m.pk])

    # --- While voting is open -----------------------------------------------------------------
    rows = _every_row()
    # No choice is stored in plaintext anywhere: the ballots are sealed.
    with_choices = {
        t for t, rs in rows.items() for r in rs if any(c in (AGREE, DISAGREE) for c in r)
    }
    assert with_choices == set(), with_choices
    assert not SecretVote.objects.exists()
    # The sealed ballots: one per member, all of one length (the length does not tell agree
    # from disagree), no two alike, none carrying a member's id or a time.
    sealed = [bytes(b) for b in SecretBallot.objects.values_list("sealed", flat=True)]
    assert len(sealed) == 8 and len(set(sealed)) == 8 and len({len(b) for b in sealed}) == 1
    # Pair each receipt with the ballot in the same place of the storage order (what the rows'
    # insertion order would allow): all the pairs give is a member and a sealed blob.
    receipts = list(BallotReceipt.objects.order_by("id").values_list("member_id", flat=True))
    assert receipts == [m.pk for m in members]  # the receipts do follow the casts ...
    blobs = dict(SecretBallot.objects.values_list("id", "sealed"))
    paired = [bytes(blobs[uuid.UUID(i)]) for i in _storage_order("council_secretballot")]
    for blob in paired:  # ... and a sealed blob carries none of the choices in the clear
        assert AGREE.encode() not in blob and DISAGREE.encode() not in blob
    # The same pattern sealed twice gives two different blobs (a random nonce per ballot).
    from thidua.council.sealing import seal, unseal

    one = patterns[members[0].pk]
    assert seal(voting.pk, one) != seal(voting.pk, one)
    assert unseal(voting.pk, seal(voting.pk, one)) == one

    # --- After closing ------------------------------------------------------------------------
    services.session_close_voting(actor=secretariat, session=voting)
    rows = _every_row()
    assert not SecretBallot.objects.filter(sealed__isnull=False).exists()
    # The counts are right: every member's pattern is in the stored votes.
    ballots: dict = {}
    for ballot, item, choice in SecretVote.objects.values_list("ballot_id", "item_id", "choice"):
        ballots.setdefault(ballot, {})[item] = choice
    assert sorted(map(sorted, (b.items() for b in ballots.values()))) == sorted(
        map(sorted, (p.items() for p in patterns.values()))
    )
    # No column of any other table holds a ballot's or a vote's key.
    keys = set()
    for pk in [*SecretBallot.objects.values_list("id", flat=True)] + [
        *SecretVote.objects.values_list("id", flat=True)
    ]:
        keys |= _forms(str(pk))
    holders = {
        t
        for t, rs in rows.items()
        if t not in {"council_secretballot", "council_secretvote"}
        for r in rs
        if keys & set(r)
    }
    assert holders == set(), holders
    # Neither ballots, votes nor receipts carry a time.
    for model in (SecretBallot, SecretVote, BallotReceipt):
        kinds = {f.get_internal_type() for f in model._meta.concrete_fields}
        assert not kinds & {"DateTimeField", "DateField", "TimeField"}, model
    # The storage order of the ballots no longer follows the casts: they were rewritten in a
    # random order (the chance that a shuffle of 8 leaves them in the cast order: 1 in 40,320).
    by_id = {str(k): tuple(sorted(v.items())) for k, v in ballots.items()}
    stored = [
        by_id[i] for i in map(lambda x: str(uuid.UUID(x)), _storage_order("council_secretballot"))
    ]
    assert stored != [tuple(sorted(patterns[m.pk].items())) for m in members]
    if connection.vendor == "postgresql":
        # All ballots were written by one transaction, not by any member's.
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT xmin::text FROM council_secretballot")
            ballot_tx = {r[0] for r in cursor}
            cursor.execute("SELECT DISTINCT xmin::text FROM council_ballotreceipt")
            receipt_tx = {r[0] for r in cursor}
        assert len(ballot_tx) == 1 and not ballot_tx & receipt_tx
