"""The typed data of the documents this library renders. A domain app builds one of these from
its own rows (council/minutes.py, campaigns/plan_document.py, nominations/dossier_documents.py,
monitoring/report.py) and hands it to a renderer; nothing here reads the database.

`AdminDoc` is the ``doc`` format of :mod:`thidua.documents.admin_doc` (Nghị định 30/2020
layout), described key by key in that module's docstring. These are TypedDicts: the values
stay plain JSON-able dicts (they reach Typst as JSON), and a type checker sees the keys.
"""

from __future__ import annotations

from typing import Literal, NotRequired, Required, TypedDict


class Run(TypedDict, total=False):
    text: Required[str]
    bold: bool
    italic: bool


class Block(TypedDict, total=False):
    """One block of the body: paragraph, heading, bullet, table or pagebreak."""

    kind: Required[Literal["paragraph", "heading", "bullet", "table", "pagebreak"]]
    text: str
    runs: list[Run]
    level: int  # heading: 1, 2 bold; 3 bold italic
    bold: bool
    italic: bool
    align: Literal["justify", "left", "center", "right"]
    indent: bool
    columns: list[str]  # table
    rows: list[list[str]]
    widths: list[float]
    size: int


class Signature(TypedDict, total=False):
    authority: str  # "TM. ỦY BAN NHÂN DÂN"
    title: str  # "CHỦ TỊCH"
    name: str
    signed: bool  # prints "(Đã ký)" instead of the space for a signature


class Annex(TypedDict, total=False):
    label: str  # "Phụ lục", "Danh sách"
    title: str
    subtitle: str
    blocks: list[Block]


class AdminDoc(TypedDict, total=False):
    """An administrative document: plan, proposal (Tờ trình), minutes, decision, report."""

    issuer_superior: str
    issuer_lines: Required[list[str]]
    number: str
    symbol: str
    place: str
    date_text: str
    doc_type: Required[str]
    summary: str
    addressees: list[str]
    blocks: Required[list[Block]]
    recipients_title: str
    recipients: list[str]
    signature: Signature | list[Signature]
    annex: NotRequired[Annex | list[Annex]]
