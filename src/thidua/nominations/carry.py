"""Which of a lower level's criteria answers a higher level's criterion, for a dossier sent up
(pure). A higher criterion takes the answer of the lower criterion the receiving office mapped
to it (`mapping`: higher id → lower id, `nominations.CriterionMapping`), else of the first
lower criterion (by position) that asks the same: same subject type, same kind, same
parameters and the same data period; for a criterion the unit attests (`attested`, no
parameters), the same wording too (compared without case, tones kept, spaces folded).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from thidua.core.text import nfc

ATTESTED = "attested"


@dataclass(frozen=True)
class Crit:
    id: int
    subject_type: str
    kind: str
    params: dict = field(default_factory=dict)
    data_period: str = "campaign_year"
    data_years: int = 1
    text: str = ""
    position: int = 0


def _words(text: str) -> str:
    return " ".join(nfc(text or "").casefold().split()).rstrip(".")


def _plain(value):
    """Parameters as compared: 100 and 100.0 are the same threshold."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def signature(c: Crit) -> tuple:
    """What two criteria must share to ask the same."""
    params = json.dumps(_plain(c.params or {}), sort_keys=True, ensure_ascii=False)
    words = _words(c.text) if c.kind == ATTESTED else ""
    return (c.subject_type, c.kind, params, c.data_period, c.data_years, words)


def match_criteria(
    higher: Iterable[Crit], lower: Iterable[Crit], mapping: Mapping[int, int] | None = None
) -> dict[int, int]:
    """Higher criterion id → the lower criterion id whose answer it takes; a higher criterion
    with no match is left out. A mapping to a criterion not among `lower` (another campaign's)
    or of another subject type is ignored."""
    lower = sorted(lower, key=lambda c: (c.position, c.id))
    by_id = {c.id: c for c in lower}
    first: dict[tuple, int] = {}
    for c in lower:
        first.setdefault(signature(c), c.id)
    out = {}
    for h in higher:
        mapped = by_id.get((mapping or {}).get(h.id))
        if mapped is not None and mapped.subject_type == h.subject_type:
            out[h.id] = mapped.id
        elif (found := first.get(signature(h))) is not None:
            out[h.id] = found
    return out


def crit_of(criterion) -> Crit:
    """A campaigns.Criterion as the matcher sees it."""
    return Crit(
        id=criterion.pk,
        subject_type=criterion.subject_type,
        kind=criterion.kind,
        params=criterion.params or {},
        data_period=criterion.data_period,
        data_years=criterion.data_years,
        text=criterion.text,
        position=criterion.position,
    )
