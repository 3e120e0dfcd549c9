"""The dossier's trail as a hash chain: pure functions, no database.

Each step stores what it saw (`payload`: the current documents with their SHA-256, the
nominees, the lower level's decision as data, the reasons of a return) and who, when, which
unit and level. `content_hash` is the SHA-256 of all that in a canonical JSON form;
`step_hash` is the SHA-256 of the previous step's hash and the content hash. The first step of
a proposal chains to `origin_hash`: the proposal's id and the last hashes of the lower-level
dossiers it carries, so a package sent up continues the chain of the level below.

`check()` walks the steps and compares each one's recorded documents with the documents as
they are now (their stored hash and the hash of the file's bytes), so a document changed after
its step, or a step edited afterwards, is named: "Hồ sơ đã bị thay đổi sau bước …".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

ZERO = "0" * 64


def canonical(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(fields: Mapping) -> str:
    """The hash of one step's own fields (see `step_fields`)."""
    return sha256(canonical(fields))


def step_hash(prev_hash: str, content: str) -> str:
    return sha256(f"{prev_hash}:{content}".encode())


def origin_hash(proposal_id: int, source_hashes: Iterable[str] = ()) -> str:
    """What the first step of a proposal chains to: its id, and the last step hashes of the
    lower-level dossiers it was sent up from (sorted, so the order they were read in does not
    matter)."""
    return sha256(canonical({"proposal": proposal_id, "sources": sorted(source_hashes)}))


def step_fields(
    *,
    proposal_id: int,
    seq: int,
    action: str,
    actor_id: int | None,
    actor_name: str,
    unit_id: int,
    unit_name: str,
    level: str,
    at: str,
    payload: Mapping,
) -> dict:
    return {
        "proposal": proposal_id,
        "seq": seq,
        "action": action,
        "actor": actor_id,
        "actor_name": actor_name,
        "unit": unit_id,
        "unit_name": unit_name,
        "level": level,
        "at": at,
        "payload": payload,
    }


@dataclass(frozen=True)
class RecordedStep:
    """A stored step as `check()` reads it."""

    proposal_id: int
    seq: int
    label: str  # the action's Vietnamese name
    day: str  # dd/mm/yyyy, for the message
    fields: dict
    content_hash: str
    prev_hash: str
    step_hash: str


@dataclass(frozen=True)
class CurrentDocument:
    id: int
    proposal_id: int
    name: str
    stored_sha256: str  # the hash kept on the row
    superseded: bool


@dataclass
class TrailCheck:
    problems: list[str] = field(default_factory=list)
    broken_steps: set[tuple[int, int]] = field(default_factory=set)  # (proposal, seq)

    @property
    def intact(self) -> bool:
        return not self.problems


def _after(step: RecordedStep) -> str:
    return f"Hồ sơ đã bị thay đổi sau bước {step.seq} ({step.label}, ngày {step.day})"


def check(
    chains: Mapping[int, list[RecordedStep]],
    origins: Mapping[int, str],
    documents: Mapping[int, CurrentDocument],
    file_hash: Callable[[int], str | None],
    *,
    open_proposals: Iterable[int] = (),
    live_nominees: Mapping[int, set[int]] | None = None,
) -> TrailCheck:
    """Check each proposal's chain (`chains[proposal] = steps in order`, `origins[proposal] =
    the hash its first step chains to`) and the documents each step recorded.

    `file_hash(document_id)` gives the SHA-256 of the stored file's bytes (None when it is
    gone). For a proposal in `open_proposals` (a draft or returned dossier the unit is
    editing) a difference between the last step and today's documents is expected; for any
    other, a document added, replaced or withdrawn without a step is a change after that step.
    A document of a nominee the unit later withdrew (`live_nominees[proposal]` no longer has
    it) went with the nominee and is not a change.
    """
    result = TrailCheck()
    open_ids = set(open_proposals)
    hashed: dict[int, str | None] = {}

    def actual(doc_id: int) -> str | None:
        if doc_id not in hashed:
            hashed[doc_id] = file_hash(doc_id)
        return hashed[doc_id]

    told: set[tuple] = set()

    def broken(step: RecordedStep, why: str, key: tuple | None = None) -> None:
        """Mark the step; say it once per changed document (at the first step that recorded
        it), once per step otherwise."""
        result.broken_steps.add((step.proposal_id, step.seq))
        key = key or (step.proposal_id, step.seq, why)
        if key not in told:
            told.add(key)
            result.problems.append(f"{_after(step)}: {why}.")

    for proposal_id, steps in chains.items():
        prev = origins.get(proposal_id, ZERO)
        for step in steps:
            if content_hash(step.fields) != step.content_hash:
                broken(step, "nội dung ghi nhận của bước này đã bị sửa")
            elif step.prev_hash != prev or step_hash(prev, step.content_hash) != step.step_hash:
                broken(step, "chuỗi mã băm không liền mạch (có bước bị sửa, xóa hoặc chèn thêm)")
            for doc in step.fields.get("payload", {}).get("documents", []):
                current = documents.get(doc["id"])
                gone_with_nominee = (
                    live_nominees is not None
                    and doc.get("nominee") is not None
                    and doc["nominee"] not in live_nominees.get(proposal_id, set())
                )
                if current is None and gone_with_nominee:
                    continue
                key = ("document", doc["id"])
                if current is None:
                    broken(step, f"tài liệu «{doc['name']}» không còn trong hồ sơ", key)
                elif current.stored_sha256 != doc["sha256"] or actual(doc["id"]) != doc["sha256"]:
                    broken(step, f"nội dung tài liệu «{doc['name']}» khác với khi ghi nhận", key)
            prev = step.step_hash
        if steps and proposal_id not in open_ids:
            last = steps[-1]
            recorded = {d["id"] for d in last.fields.get("payload", {}).get("documents", [])}
            now = {
                d.id
                for d in documents.values()
                if d.proposal_id == proposal_id and not d.superseded
            }
            if "documents" in last.fields.get("payload", {}) and recorded != now:
                broken(last, "tài liệu được thêm, thay hoặc rút khỏi hồ sơ mà không ghi nhận")
    return result
