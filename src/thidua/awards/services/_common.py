"""What the awards services share: registers' numbers, locks, the actor, required fields."""

import secrets

from thidua.awards.models import (
    Counter,
    Decision,
    Fund,
)
from thidua.org.models import Unit

# Crockford's base32 without I, L, O, U: nothing to misread when typed from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12


def _counter_locked(*, issuer: Unit, year: int, kind: str) -> Counter:
    """The register row, locked until the transaction ends: whoever takes a number next waits.
    A rolled-back issue gives its number back, so numbers have no gaps."""
    Counter.objects.get_or_create(issuer=issuer, year=year, kind=kind)
    return Counter.objects.select_for_update().get(issuer=issuer, year=year, kind=kind)


def _take_numbers(*, issuer: Unit, year: int, kind: str, count: int = 1) -> list[int]:
    counter = _counter_locked(issuer=issuer, year=year, kind=kind)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return list(range(first, first + count))


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _locked_decision(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update()
        .select_related("campaign", "issuer", "fund_unit")
        .get(pk=decision.pk)
    )


def _fund_locked(unit: Unit, year: int) -> Fund:
    Fund.objects.get_or_create(unit=unit, year=year, defaults={"budget": 0})
    return Fund.objects.select_for_update().get(unit=unit, year=year)


def _new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def _required(errors: dict, values: dict, messages: dict) -> None:
    for name, message in messages.items():
        if not values.get(name):
            errors[name] = message
