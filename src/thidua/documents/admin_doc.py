"""Vietnamese administrative documents (văn bản hành chính), Nghị định 30/2020 layout.

One data format (:class:`thidua.documents.kinds.AdminDoc`), two outputs: :func:`render_pdf`
(Typst, template ``templates/admin_doc.typ``) and :func:`render_docx` (python-docx, an editable
draft with the same structure). Plans (Kế hoạch), proposals (Tờ trình), minutes
(Biên bản) and decisions (Quyết định) are all a ``doc`` dict of plain JSON-able
data; ``tests/documents/samples.py`` holds complete examples: ``sample_plan()`` (the 2023
plan of Nguyên Bình) and ``sample_decision()``, one with ``runs`` and an annex.

The ``doc`` format (every key but ``issuer_lines``, ``doc_type`` and ``blocks``
is optional)::

    {
      "issuer_superior": "UBND TỈNH CAO BẰNG",     # line above the issuer, caps, not bold
      "issuer_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN NGUYÊN BÌNH"],   # caps bold, short rule
      "number": "",                 # blank before issue -> "Số:      /KH-UBND"
      "symbol": "KH-UBND",
      "place": "Nguyên Bình",
      "date_text": "ngày 05 tháng 01 năm 2023",   # already formatted, blanks allowed
      "doc_type": "KẾ HOẠCH",
      "summary": "Phát động phong trào thi đua …",  # bold, short rule under
      "addressees": ["Ủy ban nhân dân huyện"],       # "Kính gửi: …" (Tờ trình), optional
      "blocks": [
        {"kind": "paragraph", "text": "…"},          # justified, first-line indent 1 cm
        {"kind": "paragraph", "runs": [{"text": "Điều 1. ", "bold": true},
                                       {"text": "Tặng Giấy khen …"}]},
        {"kind": "paragraph", "text": "QUYẾT ĐỊNH:", "bold": true, "align": "center",
         "indent": false},           # options: bold, italic, align
                                     # (justify|left|center|right), indent
        {"kind": "heading", "level": 1, "text": "I. MỤC ĐÍCH, YÊU CẦU"},
                                     # 1, 2 bold; 3 bold italic; kept with the next block
        {"kind": "bullet", "text": "…"},             # "- " item, indented like a paragraph
        {"kind": "table", "columns": ["TT", "Họ và tên"], "rows": [["1", "…"]],
         "widths": [1, 4], "align": ["center", "left"], "size": 13},
        {"kind": "pagebreak"},
      ],
      "recipients_title": "Nơi nhận:",
      "recipients": ["TT Huyện ủy (b/c);", "Lưu: VT."],   # each rendered "- …"
      "signature": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH",
                    "name": "Đào Nguyên Phong", "signed": false},
                                     # or a list of them (minutes: secretary | chair);
                                     # signed=True prints "(Đã ký)" instead of the space
      "annex": {"label": "Phụ lục", "title": "DANH SÁCH …", "subtitle": "(Kèm theo …)",
                "blocks": [...]},    # or a list of annexes; each starts a new page
                                     # and is numbered on its own (Nghị định 30)
    }

All text is NFC-normalised; issuer lines, document type, authority and title are
upper-cased. Data reach Typst as JSON in ``sys.inputs`` and are only ever placed
as text, never spliced into markup.

Fork safety
-----------
Once a process has compiled with Typst, a child made by ``fork()`` hangs on its
first compile (Typst's worker threads do not survive the fork). So:

* render in processes started with the ``spawn``/``forkserver`` method, or in
  a worker that had never compiled before it was forked;
* never warm Typst up in a preloaded gunicorn master (``--preload``) or in a
  parent of a ``multiprocessing`` fork pool.

Nothing here compiles at import time. The compiler is created lazily, once per
process, and :func:`render_pdf` raises :class:`RuntimeError` instead of hanging
when it is called in a forked child of a process that compiled with it.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import unicodedata
from pathlib import Path
from typing import Any

from thidua.documents.fonts import typst_fonts
from thidua.documents.kinds import AdminDoc

__all__ = [
    "normalise",
    "render_docx",
    "render_pdf",
    "render_pdf_with_warnings",
]

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).parent / "templates" / "admin_doc.typ"


BLOCK_KINDS = ("paragraph", "heading", "bullet", "table", "pagebreak")
ALIGNS = ("justify", "left", "center", "right")
CELL_ALIGNS = ("left", "center", "right")


# ---------------------------------------------------------------------------
# Data: validation, defaults, NFC
# ---------------------------------------------------------------------------


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {str(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc(v) for v in value]
    return value


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


def _str(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected text, got {type(value).__name__}")
    return value


def _str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list):
        raise ValueError(f"{where}: expected a list of texts")
    return [_str(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _choice(value: Any, choices: tuple[str, ...], default: str, where: str) -> str:
    if value is None:
        return default
    if value not in choices:
        raise ValueError(f"{where}: {value!r} is not one of {', '.join(choices)}")
    return value


def _block(b: Any, where: str) -> dict[str, Any]:
    if not isinstance(b, dict):
        raise ValueError(f"{where}: expected an object")
    kind = b.get("kind")
    if kind not in BLOCK_KINDS:
        raise ValueError(f"{where}.kind: {kind!r} is not one of {', '.join(BLOCK_KINDS)}")
    if kind == "pagebreak":
        return {"kind": kind}
    if kind == "table":
        columns = _str_list(b.get("columns"), f"{where}.columns")
        if not columns:
            raise ValueError(f"{where}.columns: a table needs at least one column")
        n = len(columns)
        rows = []
        for i, row in enumerate(b.get("rows") or []):
            cells = _str_list(row, f"{where}.rows[{i}]")
            if len(cells) > n:
                raise ValueError(f"{where}.rows[{i}]: {len(cells)} cells for {n} columns")
            rows.append(cells + [""] * (n - len(cells)))
        widths = b.get("widths") or [1] * n
        if len(widths) != n or not all(
            isinstance(w, int | float) and not isinstance(w, bool) and w > 0 for w in widths
        ):
            raise ValueError(f"{where}.widths: expected {n} positive numbers")
        aligns = b.get("align") or ["left"] * n
        if len(aligns) != n:
            raise ValueError(f"{where}.align: expected {n} values")
        size = b.get("size", 13)
        if not isinstance(size, int | float) or isinstance(size, bool) or not 6 <= size <= 20:
            raise ValueError(f"{where}.size: expected a font size in points (6–20)")
        return {
            "kind": kind,
            "columns": columns,
            "rows": rows,
            "widths": list(widths),
            "align": [
                _choice(a, CELL_ALIGNS, "left", f"{where}.align[{i}]") for i, a in enumerate(aligns)
            ],
            "size": size,
            "header_rows": 1,
        }
    out: dict[str, Any] = {"kind": kind, "text": _str(b.get("text"), f"{where}.text")}
    if kind == "paragraph":
        runs = b.get("runs")
        if runs is not None:
            if not isinstance(runs, list):
                raise ValueError(f"{where}.runs: expected a list")
            out["runs"] = []
            for i, r in enumerate(runs):
                if not isinstance(r, dict):
                    raise ValueError(f"{where}.runs[{i}]: expected an object")
                out["runs"].append(
                    {
                        "text": _str(r.get("text"), f"{where}.runs[{i}].text"),
                        "bold": bool(r.get("bold", False)),
                        "italic": bool(r.get("italic", False)),
                    }
                )
            out["text"] = "".join(r["text"] for r in out["runs"])
        out["bold"] = bool(b.get("bold", False))
        out["italic"] = bool(b.get("italic", False))
    if kind in ("paragraph", "heading"):
        out["align"] = _choice(b.get("align"), ALIGNS, "justify", f"{where}.align")
        out["indent"] = bool(b.get("indent", True))
    if kind == "heading":
        level = b.get("level", 1)
        if level not in (1, 2, 3):
            raise ValueError(f"{where}.level: expected 1, 2 or 3")
        out["level"] = level
    return out


def _blocks(value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list of blocks")
    return [_block(b, f"{where}[{i}]") for i, b in enumerate(value)]


def _signature(s: Any, where: str) -> dict[str, Any]:
    if not isinstance(s, dict):
        raise ValueError(f"{where}: expected an object")
    return {
        "authority": _upper(_str(s.get("authority"), f"{where}.authority")),
        "title": _upper(_str(s.get("title"), f"{where}.title")),
        "name": _str(s.get("name"), f"{where}.name"),
        "signed": bool(s.get("signed", False)),
    }


def _one_or_many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    """Check ``doc``, NFC-normalise it and fill in defaults and derived fields.

    Both renderers work from this: keys always present, ``signature`` becomes
    the list ``signatures``, ``annex`` the list ``annexes``, and ``place_date``
    ("Nguyên Bình, ngày 05 tháng 01 năm 2023") is composed. Raises
    :class:`ValueError` naming the offending key.
    """
    if not isinstance(doc, dict):
        raise ValueError("doc: expected an object")
    d = _nfc(doc)
    issuer_lines = [_upper(s) for s in _str_list(d.get("issuer_lines"), "issuer_lines")]
    if not issuer_lines:
        raise ValueError("issuer_lines: at least one line is required")
    doc_type = _upper(_str(d.get("doc_type"), "doc_type"))
    if not doc_type:
        raise ValueError("doc_type: required")
    place = _str(d.get("place"), "place").strip()
    date_text = _str(d.get("date_text"), "date_text").strip()
    annexes = []
    for i, a in enumerate(_one_or_many(d.get("annex"))):
        if not isinstance(a, dict):
            raise ValueError(f"annex[{i}]: expected an object")
        annexes.append(
            {
                "label": _str(a.get("label"), f"annex[{i}].label"),
                "title": _upper(_str(a.get("title"), f"annex[{i}].title")),
                "subtitle": _str(a.get("subtitle"), f"annex[{i}].subtitle"),
                "blocks": _blocks(a.get("blocks"), f"annex[{i}].blocks"),
            }
        )
    return {
        "issuer_superior": _upper(_str(d.get("issuer_superior"), "issuer_superior")),
        "issuer_lines": issuer_lines,
        "number": _str(d.get("number"), "number").strip(),
        "symbol": _str(d.get("symbol"), "symbol").strip(),
        "place": place,
        "date_text": date_text,
        "place_date": ", ".join(p for p in (place, date_text) if p),
        "doc_type": doc_type,
        "summary": _str(d.get("summary"), "summary"),
        "addressees": _str_list(d.get("addressees"), "addressees"),
        "blocks": _blocks(d.get("blocks"), "blocks"),
        "recipients_title": _str(d.get("recipients_title"), "recipients_title") or "Nơi nhận:",
        "recipients": _str_list(d.get("recipients"), "recipients"),
        "signatures": [
            _signature(s, f"signature[{i}]") for i, s in enumerate(_one_or_many(d.get("signature")))
        ],
        "annexes": annexes,
    }


# ---------------------------------------------------------------------------
# PDF (Typst)
# ---------------------------------------------------------------------------

_lock = threading.Lock()
_compiler: Any = None
_fonts: list[str] = []
_compiled_in_pid: int | None = None


def _get_compiler() -> Any:
    """The process's Typst compiler for the template, created on first use."""
    global _compiler, _fonts
    if _compiler is None:
        import typst

        found, _fonts = typst_fonts()
        _compiler = typst.Compiler(input=str(TEMPLATE), root=str(TEMPLATE.parent), font_paths=found)
    return _compiler


def pdf_fonts() -> list[str]:
    """The font families the PDF uses, in order of preference (initialises Typst)."""
    with _lock:
        _get_compiler()
        return list(_fonts)


def render_pdf_with_warnings(doc: AdminDoc) -> tuple[bytes, list[str]]:
    """Render ``doc`` to PDF; return the bytes and Typst's warning messages."""
    global _compiled_in_pid
    data = normalise(doc)
    pid = os.getpid()
    with _lock:
        if _compiled_in_pid is not None and _compiled_in_pid != pid:
            raise RuntimeError(
                "Typst was used before this process was forked; a compile here would hang. "
                "Render in a process started with the 'spawn' method (see admin_doc's docstring)."
            )
        compiler = _get_compiler()
        data["fonts"] = _fonts
        _compiled_in_pid = pid
        pdf, warnings = compiler.compile_with_warnings(
            format="pdf", sys_inputs={"doc": json.dumps(data, ensure_ascii=False)}
        )
    return pdf, [str(getattr(w, "message", w)) for w in warnings]


def render_pdf(doc: AdminDoc) -> bytes:
    """Render ``doc`` to PDF bytes in this process (see the module's notes on fork())."""
    pdf, warnings = render_pdf_with_warnings(doc)
    for w in warnings:
        logger.warning("typst: %s", w)
    return pdf


# ---------------------------------------------------------------------------
# DOCX (python-docx)
# ---------------------------------------------------------------------------


def render_docx(doc: AdminDoc) -> bytes:
    """Render ``doc`` to a DOCX (an editable draft with the same layout)."""
    from thidua.documents.admin_doc_docx import build_docx

    return build_docx(normalise(doc))
