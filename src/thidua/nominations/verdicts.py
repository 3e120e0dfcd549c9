"""A nominee's verdicts as stored (one `models.VerdictSet` row per nominee) and as read.

The row holds a JSON list, one entry per criterion in the criteria's order:
`[criterion id, outcome, explanation]`, with `override, reason, user id, ISO time` appended
when the secretariat overrode the engine. Readers get `Verdict` values (selectors); the
store (services.eligibility_evaluate) writes the engine's entries as JSON text, with a 64-bit
digest of them that lets an unchanged re-run skip the row without reading it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass
class Verdict:
    """The engine's result on one criterion for one nominee, and an audited human override."""

    nominee_id: int
    criterion_id: int
    outcome: str
    explanation: str
    override: str = ""
    override_reason: str = ""
    overridden_by_id: int | None = None
    overridden_at: dt.datetime | None = None
    # Filled by the selectors that are asked for them (no query behind an attribute).
    criterion: Any = field(default=None, repr=False, compare=False)
    overridden_by: Any = field(default=None, repr=False, compare=False)

    @property
    def final(self) -> str:
        return self.override or self.outcome

    def __str__(self) -> str:
        return f"{self.nominee_id}/{self.criterion_id}: {self.final}"


def engine_text(entries: list[tuple[int, str, str]], memo: dict | None = None) -> str:
    """The engine's `(criterion id, outcome, explanation)` entries as the stored JSON text.
    `memo` (entry → its JSON text), when given, is read and filled: a caller encoding many
    nominees' entries, most of them the same, encodes each distinct entry once."""
    if memo is None:
        return _encode(entries)
    parts = []
    for entry in entries:
        text = memo.get(entry)
        if text is None:
            text = memo[entry] = _encode(entry)
        parts.append(text)
    return f"[{','.join(parts)}]"


def digest(text: str) -> int:
    """A signed 64-bit fingerprint of `engine_text` (stable across processes, unlike hash())."""
    raw = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(raw, "big", signed=True)


def decode(nominee_id: int, data: list) -> list[Verdict]:
    """The stored entries of one nominee as `Verdict` values, in the stored order."""
    out = []
    for entry in data:
        criterion_id, outcome, explanation = entry[:3]
        if len(entry) > 3:
            override, reason, by, at = entry[3:7]
            out.append(
                Verdict(
                    nominee_id,
                    criterion_id,
                    outcome,
                    explanation,
                    override,
                    reason,
                    by,
                    dt.datetime.fromisoformat(at) if at else None,
                )  # fmt: skip
            )
        else:
            out.append(Verdict(nominee_id, criterion_id, outcome, explanation))
    return out


def encode(verdicts: list[Verdict]) -> list:
    """`Verdict` values as stored entries (the inverse of `decode`)."""
    out: list[list] = []
    for v in verdicts:
        entry: list = [v.criterion_id, v.outcome, v.explanation]
        if v.override:
            at = v.overridden_at.isoformat() if v.overridden_at else None
            entry += [v.override, v.override_reason, v.overridden_by_id, at]
        out.append(entry)
    return out


def engine_entries(verdicts: list[Verdict]) -> list[tuple[int, str, str]]:
    """The engine's part of stored verdicts (what `digest` covers)."""
    return [(v.criterion_id, v.outcome, v.explanation) for v in verdicts]


__all__ = ["Verdict", "decode", "digest", "encode", "engine_entries", "engine_text"]
