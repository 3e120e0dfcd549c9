"""Giấy khen (certificates): one Typst template (templates/certificate.typ), three modes.

* :func:`render_certificates` — one PDF holding the given certificates, a page each (one of them
  for a single awardee, all of them for the print-ready file of a decision);
* ``blank=True`` — only the text fields, at the office's calibrated positions (pre-printed
  blanks); :func:`render_test_page` — a millimetre grid with the fields' boxes;
* :func:`render_many` — separate PDFs, on every core: a pool of processes started with the
  ``spawn`` method (a child forked after Typst compiled hangs; see admin_doc's docstring).

Data are plain dicts (texts and a QR SVG from :func:`qr_svg`); nothing here touches the database.
A certificate dict: issuer_title, name, detail, achievement, decision_line, register_line,
place_date, signer_block, signer_name, code_line, and qr (an SVG) or qr_url (the QR is then
made where the certificate is rendered).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from thidua.documents import certificate_pdf, qr
from thidua.documents import signing as signing_module
from thidua.documents.fonts import typst_fonts

TEMPLATE = Path(__file__).parent / "templates" / "certificate.typ"

FIELDS = ("issuer_title", "name", "detail", "achievement", "decision_line", "register_line",
          "place_date", "signer_block", "signer_name", "code_line", "qr")  # fmt: skip

#: Where each field is printed on the sheet (mm from the top-left corner of A4 landscape; x is
#: the centre of a centred field). These follow the full layout; an office calibrates its own.
DEFAULT_LAYOUT: dict[str, dict[str, Any]] = {
    "issuer_title": {"x": 148.5, "y": 42, "w": 240, "align": "center"},
    "name": {"x": 148.5, "y": 85, "w": 240, "align": "center"},
    "detail": {"x": 148.5, "y": 98, "w": 240, "align": "center"},
    "achievement": {"x": 148.5, "y": 108, "w": 215, "align": "center"},
    "decision_line": {"x": 53, "y": 153, "w": 95, "align": "left"},
    "register_line": {"x": 53, "y": 159, "w": 95, "align": "left"},
    "code_line": {"x": 53, "y": 165, "w": 95, "align": "left"},
    # 24 mm: the QR carries the signed statement (about 500 characters, 85 modules).
    "qr": {"x": 24, "y": 146, "w": 24, "align": "left"},
    "place_date": {"x": 220, "y": 142, "w": 100, "align": "center"},
    "signer_title": {"x": 220, "y": 149, "w": 100, "align": "center"},
    "signer_name": {"x": 220, "y": 178, "w": 100, "align": "center"},
}

_lock = threading.Lock()
_compiler: Any = None
_fonts: list[str] = []
_compiled_in_pid: int | None = None


def _get_compiler() -> Any:
    global _compiler, _fonts
    if _compiler is None:
        import typst

        found, _fonts = typst_fonts()
        _compiler = typst.Compiler(input=str(TEMPLATE), root=str(TEMPLATE.parent), font_paths=found)
    return _compiler


def qr_svg(url: str, *, scale: int = 1, border: int = 0) -> str:
    """The QR code of `url` as a small SVG (one path), for the template (a page shown on a
    screen asks for a larger `scale` and the quiet zone, `border=4`)."""
    return qr.svg(qr.matrix(url), scale=scale, border=border)


def _nfc(item: dict[str, Any]) -> dict[str, Any]:
    """NFC texts; the QR code's modules are made here from `qr_url` when not given, so a pool
    of processes makes the QR codes in parallel too."""
    out: dict[str, Any] = {
        k: unicodedata.normalize("NFC", str(item.get(k, "") or "")) for k in FIELDS
    }
    rows = item.get("qr_rows")
    if not rows and not out["qr"] and item.get("qr_url"):
        rows = qr.matrix(item["qr_url"])
    out["qr_rows"] = tuple(rows) if rows else ()
    return out


def layout_with(overrides: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """The default layout with an office's calibrated positions laid over it."""
    layout = {k: dict(v) for k, v in DEFAULT_LAYOUT.items()}
    for name, pos in (overrides or {}).items():
        if name in layout and isinstance(pos, dict):
            layout[name].update({k: float(v) for k, v in pos.items() if k in ("x", "y", "w")})
    return layout


def _compile(payload: dict[str, Any]) -> bytes:
    global _compiled_in_pid
    pid = os.getpid()
    with _lock:
        if _compiled_in_pid is not None and _compiled_in_pid != pid:
            raise RuntimeError(
                "Typst was used before this process was forked; render in a "
                "process started with the 'spawn' method."
            )
        compiler = _get_compiler()
        payload = {**payload, "fonts": _fonts}
        _compiled_in_pid = pid
        return compiler.compile(
            format="pdf", sys_inputs={"data": json.dumps(payload, ensure_ascii=False)}
        )


def render_certificates(
    items: list[dict[str, Any]],
    *,
    blank: bool = False,
    layout: dict | None = None,
    shift: tuple[float, float] = (0, 0),
    charset: dict[str, str] | None = None,
) -> bytes:
    """One PDF, a page per certificate (full design, or only the fields for blanks).

    The full design is drawn over a background Typst makes once per decision and process
    (certificate_pdf); `charset` (certificate_pdf.charset of the whole batch) lets every
    part of a batch share that background. Blanks, and what the direct writer cannot draw,
    are compiled by Typst."""
    prepared = [_nfc(i) for i in items]
    if prepared:
        bg = _background(prepared, charset, blank=blank)
        if bg is not None and all(certificate_pdf.supported(bg, i, blank=blank) for i in prepared):
            if blank:
                return certificate_pdf.write(bg, prepared, layout=layout_with(layout), shift=shift)
            return certificate_pdf.write(bg, prepared)
    return _typst_certificates(prepared, blank=blank, layout=layout, shift=shift)


def _typst_certificates(
    prepared: list[dict[str, Any]], *, blank: bool, layout: dict | None, shift
) -> bytes:
    for item in prepared:
        if not item["qr"] and item["qr_rows"]:
            item["qr"] = qr.svg(item["qr_rows"])
    return _compile(
        {
            "mode": "blank" if blank else "full",
            "items": [{k: i[k] for k in FIELDS} for i in prepared],
            "layout": layout_with(layout),
            "shift": [float(shift[0]), float(shift[1])],
        }
    )


_backgrounds: dict[tuple, certificate_pdf.Background | None] = {}


def _background(
    prepared: list[dict[str, Any]], charset: dict[str, str] | None, *, blank: bool = False
) -> certificate_pdf.Background | None:
    """The background of these certificates (one decision's: the same issuer, place, date and
    signer on each; for blanks only the fonts), made by Typst once per process and kept; None
    if they differ."""
    keys = {("",) * 4 if blank else certificate_pdf.background_key(i) for i in prepared}
    if len(keys) != 1:
        return None
    [key] = keys
    chars = certificate_pdf.charset(prepared, blank=blank)
    if charset and all(set(v) <= set(charset.get(k, "")) for k, v in chars.items()):
        chars = charset
    cache_key = (blank, key, tuple(sorted(chars.items())))
    if cache_key not in _backgrounds:
        if len(_backgrounds) >= 8:
            _backgrounds.clear()
        pdf = _compile(
            {
                "mode": "background",
                "blank": blank,
                "items": [dict(zip(certificate_pdf.BACKGROUND_FIELDS, key, strict=True))],
                "sampler": chars,
                "layout": layout_with(None),
                "shift": [0.0, 0.0],
            }
        )
        _backgrounds[cache_key] = certificate_pdf.background(pdf, _fonts)
    return _backgrounds[cache_key]


def render_certificate(item: dict[str, Any], **kwargs: Any) -> bytes:
    return render_certificates([item], **kwargs)


def render_test_page(*, layout: dict | None = None, shift: tuple[float, float] = (0, 0)) -> bytes:
    return _compile(
        {
            "mode": "test",
            "items": [],
            "layout": layout_with(layout),
            "shift": [float(shift[0]), float(shift[1])],
        }
    )


# Many separate PDFs on every core ----------------------------------------------------------------


def _render_chunk(
    args: tuple[list[dict[str, Any]], dict[str, Any]],
) -> list[tuple[bytes, tuple[str, ...]]]:
    """(PDF, QR modules) per item: the QR code goes back so the print file can reuse it."""
    items, kwargs = args
    kwargs = dict(kwargs)
    signing = kwargs.pop("signing", None)
    out = []
    for item in items:
        prepared = _nfc(item)
        pdf = render_certificate(prepared, **kwargs)
        out.append((pdf, prepared["qr_rows"]))
    if signing:
        signed = signing_module.sign_pdfs([pdf for pdf, _rows in out], signing, reason="Giấy khen")
        out = [(s, rows) for s, (_pdf, rows) in zip(signed, out, strict=True)]
    return out


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def render_many(
    items: list[dict[str, Any]],
    *,
    processes: int | None = None,
    chunk: int = 25,
    progress: Callable[[int], None] | None = None,
    **kwargs: Any,
) -> list[bytes]:
    """A separate PDF per certificate, in order. `processes` > 1 uses a pool of spawned
    processes (each compiles with its own Typst); `progress(done)` is called after each chunk.
    `signing=` (documents.signing.signing_config()) signs each PDF where it is rendered; what
    a batch's signatures share (B-LT: the revocation data) is fetched here, once.
    Each item's ``qr_rows`` is filled in with the QR code made for it, so a print file
    rendered from the same items next does not make them again. Every part of the batch is
    drawn with the same fonts (`charset` of all the items), so each process asks Typst for the
    background once."""
    processes = processes or os.cpu_count() or 1
    if "charset" not in kwargs:
        kwargs["charset"] = certificate_pdf.charset(
            [
                {k: unicodedata.normalize("NFC", str(i.get(k, "") or "")) for k in FIELDS}
                for i in items
            ],
            blank=bool(kwargs.get("blank")),
        )
    if kwargs.get("signing"):
        kwargs["signing"] = signing_module.prepare_batch(kwargs["signing"])
    results: list[tuple[bytes, tuple[str, ...]]] = []
    if processes <= 1 or len(items) <= chunk:
        for part in _chunks(items, chunk):
            results += _render_chunk((part, kwargs))
            if progress:
                progress(len(results))
    else:
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes=processes) as pool:
            for part in pool.imap(_render_chunk, [(p, kwargs) for p in _chunks(items, chunk)]):
                results += part
                if progress:
                    progress(len(results))
    for item, (_pdf, rows) in zip(items, results, strict=True):
        item["qr_rows"] = rows
    return [pdf for pdf, _rows in results]
