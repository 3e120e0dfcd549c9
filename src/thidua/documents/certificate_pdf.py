"""Certificates of one batch written as PDF directly over a background Typst made once.

Typst took ~6 ms to compile each certificate, most of it the same work each time: the border,
the header, the signature block, the fonts. Here Typst compiles, once per batch (and process),
the page without the awardee's parts — and, on a second page, every character the batch's
awardee texts use in each style, so its font subsets hold their glyphs. That page becomes a form
XObject; the fonts are Typst's own objects (their ToUnicode maps give each character's glyph,
their /W arrays the widths). A certificate is then its few lines of text and its QR code as
vector rectangles, drawn over the background and written with the background's objects copied
as bytes: ~0.5 ms.

The positions reproduce certificate.typ's full layout (measured from its output: the name,
detail and achievement stacked and centred from 84 mm, wrapped at their widths; the decision,
golden-book and code lines beside the QR code at 150 mm). Anything this writer does not handle
— a character the font lacks, a bottom line too long for its box — is left to Typst
(:func:`supported` says no and the caller compiles the certificate as before).
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MM = 72 / 25.4
WIDTH, HEIGHT = 841.8898, 595.2756
RED = "0.7019608 0.078431375 0.105882354"

#: The awardee's centred stack: field → (style, size pt, colour, width mm).
STACK = {
    "name": ("bold-italic", 26, RED, 240),
    "detail": ("regular-normal", 15, None, 240),
    "achievement": ("regular-italic", 15, None, 215),
}
#: Baseline of the stack's first line below its top (84 mm), distances between its parts and
#: line pitch per size, as Typst lays them out (measured from certificate.typ's output).
STACK_TOP = 84 * MM
FIRST_BASELINE = 17.61
GAP = {"detail": 30.90, "achievement": 26.65}


def _pitch(size: float) -> float:
    return 1.1711 * size + 0.57


#: Lines beside the QR code: field → (style, size, baseline below 150 mm).
LINES = {
    "decision_line": ("regular-normal", 12, 17.10),
    "register_line": ("bold-normal", 12, 32.02),
    "code_line": ("regular-normal", 10, 45.74),
}
LINES_X, LINES_W, QR_X, QR_TOP, QR_SIZE = 53 * MM, 95 * MM, 28 * MM, 150 * MM, 20 * MM
#: The page's fields drawn by Typst in the background (the same on every certificate of a
#: decision).
BACKGROUND_FIELDS = ("issuer_title", "place_date", "signer_block", "signer_name")
STYLE_FONT = {
    "regular-normal": "Regular",
    "regular-italic": "Italic",
    "bold-normal": "Bold",
    "bold-italic": "BoldItalic",
}


#: Pre-printed blanks (phôi): each field alone in its calibrated box (layout name → the item's
#: field, style, size, colour), as certificate.typ's "blank" mode places them.
BLANK = {
    "issuer_title": ("issuer_title", "bold-normal", 17, None),
    "name": ("name", "bold-italic", 26, RED),
    "detail": ("detail", "regular-normal", 15, None),
    "achievement": ("achievement", "regular-italic", 15, None),
    "decision_line": ("decision_line", "regular-normal", 12, None),
    "register_line": ("register_line", "bold-normal", 12, None),
    "code_line": ("code_line", "regular-normal", 10, None),
    "place_date": ("place_date", "regular-italic", 13, None),
    "signer_title": ("signer_block", "bold-normal", 13, None),
    "signer_name": ("signer_name", "bold-normal", 14, None),
}
#: A line's first baseline below its box's top and the line pitch, per em of its size (Typst's
#: with top-edge "ascender" and leading 0.3em; measured from certificate.typ's output).
ASCENT = {"bold": 0.6773, "regular": 0.6933}
PITCH = {"bold": 1.193, "regular": 1.2087}


def _fields(blank: bool) -> list[tuple[str, str]]:
    """(item field, style) of every text drawn."""
    if blank:
        return [(f, style) for f, style, *_ in BLANK.values()]
    return [(name, spec[0]) for name, spec in (*STACK.items(), *LINES.items())]


def charset(items: list[dict[str, str]], *, blank: bool = False) -> dict[str, str]:
    """Every character the items' drawn texts use, per style (what the font subsets need)."""
    chars: dict[str, set[str]] = {}
    for name, style in _fields(blank):
        seen = chars.setdefault(style, set())
        for item in items:
            seen.update(item.get(name, ""))
    return {style: "".join(sorted(c - {"\n", "\r"})) for style, c in sorted(chars.items())}


def background_key(item: dict[str, str]) -> tuple[str, ...]:
    return tuple(item.get(k, "") for k in BACKGROUND_FIELDS)


@dataclass
class _Font:
    resource: str
    number: int
    glyphs: dict[str, str]  # character → 4 hex digits (its CID)
    widths: dict[str, float]  # character → advance in 1/1000 em
    wrapped: dict[tuple, list[str]] = field(default_factory=dict)


@dataclass
class Background:
    """What Typst made for a batch, as bytes ready to be copied into each PDF."""

    objects: list[tuple[int, bytes]]
    xobject: int
    next_number: int
    fonts: dict[str, _Font] = field(default_factory=dict)
    font_resources: bytes = b""


def background(pdf: bytes, fonts: list[str]) -> Background | None:
    """The background page and the sampler's fonts of Typst's `pdf` (mode "background"), or
    None when the fonts are not the expected family (the caller then uses Typst throughout)."""
    reader = PdfReader(io.BytesIO(pdf))
    page, samplers = reader.pages[0], reader.pages[1:]
    numbers: set[int] = set()

    def reach(obj: Any) -> None:
        if isinstance(obj, IndirectObject):
            if obj.idnum in numbers:
                return
            numbers.add(obj.idnum)
            reach(obj.get_object())
        elif isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key != "/Parent":
                    reach(value)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                reach(value)

    resources = page.get("/Resources") or DictionaryObject()
    reach(resources)
    family = fonts[0].replace(" ", "") if fonts else ""
    found: dict[str, _Font] = {}
    for sampler in samplers:
        for ref in sampler["/Resources"].get_object().get("/Font", {}).values():
            reach(ref)
            font = ref.get_object()
            base = str(font["/BaseFont"]).split("+", 1)[-1]
            for style, suffix in STYLE_FONT.items():
                if base == f"{family}-{suffix}" or (suffix == "Regular" and base == family):
                    found[style] = _read_font(ref.idnum, font, f"/T{len(found)}")
    if set(found) != set(STYLE_FONT):
        return None
    objects = []
    for number in sorted(numbers):
        out = io.BytesIO()
        reader.get_object(number).write_to_stream(out)
        objects.append((number, out.getvalue()))
    top = max(numbers) + 1
    contents = page.get_contents()
    content = contents.get_data() if contents is not None else b""
    res = io.BytesIO()
    resources.get_object().write_to_stream(res)
    data = zlib.compress(content, 6)
    xobject = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %.4f %.4f] /Resources %s "
        b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (WIDTH, HEIGHT, res.getvalue(), len(data), data)
    )
    objects.append((top, xobject))
    font_resources = b" ".join(
        b"%s %d 0 R" % (f.resource.encode(), f.number) for f in found.values()
    )
    return Background(objects, top, top + 1, found, font_resources)


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")


def _read_font(number: int, font: DictionaryObject, resource: str) -> _Font:
    cmap = font["/ToUnicode"].get_object().get_data()
    glyphs: dict[str, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, uni in _BFCHAR.findall(block):
            text = bytes.fromhex(uni.decode()).decode("utf-16-be", "replace")
            if len(text) == 1:
                glyphs.setdefault(text, cid.decode().upper())
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(dst, 16)
            for k, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                glyphs.setdefault(chr(start + k), f"{cid:04X}")
    descendant = font["/DescendantFonts"][0].get_object()
    default = float(descendant.get("/DW", 1000))
    by_cid: dict[int, float] = {}
    w = list(descendant.get("/W", []))
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], ArrayObject):
            for k, value in enumerate(w[i + 1]):
                by_cid[first + k] = float(value)
            i += 2
        else:
            for cid in range(first, int(w[i + 1]) + 1):
                by_cid[cid] = float(w[i + 2])
            i += 3
    widths = {ch: by_cid.get(int(cid, 16), default) for ch, cid in glyphs.items()}
    return _Font(resource, number, glyphs, widths)


def supported(bg: Background, item: dict[str, str], *, blank: bool = False) -> bool:
    """Whether this writer can draw `item` (every character in its style's font, the lines
    beside the QR code within their box, a QR code to draw)."""
    if blank:
        return all(
            ch in bg.fonts[style].glyphs
            for name, style in _fields(True)
            for ch in item.get(name, "").replace("\n", "")
        ) and (bool(item.get("qr_rows")) or not item.get("qr"))
    if not item.get("qr_rows"):
        return False
    for name, (style, size, *_rest) in (*STACK.items(), *LINES.items()):
        font = bg.fonts[style]
        text = item.get(name, "")
        if any(ch not in font.glyphs for ch in text.replace("\n", "")):
            return False
        if name in LINES and ("\n" in text or _width(font, text, size) > LINES_W):
            return False
    return True


def _width(font: _Font, text: str, size: float) -> float:
    widths = font.widths
    return sum(widths[ch] for ch in text) * size / 1000


def _wrap(font: _Font, text: str, size: float, width: float) -> list[str]:
    """Greedy lines at spaces (Typst's breaking for unjustified text), kept per font: a
    decision's achievement and the like are the same on every certificate."""
    key = (text, size, width)
    lines = font.wrapped.get(key)
    if lines is not None:
        return lines
    lines = []
    space = font.widths.get(" ", 0) * size / 1000
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            w = _width(font, word, size)
            if line and used + space + w > width:
                lines.append(line)
                line, used = word, w
            elif line:
                line, used = f"{line} {word}", used + space + w
            else:
                line, used = word, w
        lines.append(line)
    if len(font.wrapped) < 4096:
        font.wrapped[key] = lines
    return lines


def _show(font: _Font, size: float, x: float, y_top: float, text: str, colour: str | None) -> str:
    glyphs = font.glyphs
    hexes = "".join(glyphs[ch] for ch in text)
    fill = f"{colour} rg " if colour else ""
    return f"BT {fill}{font.resource} {size} Tf {x:.3f} {HEIGHT - y_top:.3f} Td <{hexes}> Tj ET\n"


_CHUNK = 8
_chunk_runs: list[dict[str, str]] = []


def _runs_of(k: int, pattern: str) -> str:
    """The rectangles of one 8-module piece of a row (at piece `k`; the row is "Y")."""
    out, c = [], k * _CHUNK
    for part in pattern.split("0"):
        if part:
            out.append(f"{c} Y {len(part)} 1 re ")
        c += len(part) + 1
    return "".join(out)


def _qr(rows: tuple[str, ...], x: float = QR_X, top: float = QR_TOP) -> str:
    """The QR code as rectangles, one per horizontal run of dark modules within each 8-module
    piece of a row, in module units. A piece's rectangles are made once per process and kept
    (11 × 256 at most), so a code of ~1,800 runs costs ~900 dictionary look-ups."""
    scale = QR_SIZE / len(rows)
    width = len(rows[0])
    while len(_chunk_runs) * _CHUNK < width:
        _chunk_runs.append({})
    pieces = range(0, width, _CHUNK)
    out = []
    for r, row in enumerate(rows):
        line = []
        for k, at in enumerate(pieces):
            pattern = row[at : at + _CHUNK]
            table = _chunk_runs[k]
            runs = table.get(pattern)
            if runs is None:
                runs = table[pattern] = _runs_of(k, pattern)
            line.append(runs)
        out.append("".join(line).replace("Y", str(r)))
    return f"q 0 g {scale:.5f} 0 0 {-scale:.5f} {x:.3f} {HEIGHT - top:.3f} cm {''.join(out)}f Q\n"


def blank_content(bg: Background, item: dict[str, str], layout: dict, shift) -> bytes:
    """Only the fields, each in its calibrated box (moved by `shift`, mm)."""
    parts = []
    dx, dy = float(shift[0]) * MM, float(shift[1]) * MM
    for name, f in layout.items():
        left, top = float(f["x"]) * MM + dx, float(f["y"]) * MM + dy
        if name == "qr":
            if item.get("qr_rows"):
                parts.append(_qr(item["qr_rows"], left, top))
            continue
        if name not in BLANK:
            continue
        field_name, style, size, colour = BLANK[name]
        font, weight = bg.fonts[style], style.split("-")[0]
        width = float(f["w"]) * MM
        if f.get("align") == "center":
            left -= width / 2
        y = top + ASCENT[weight] * size
        for line in _wrap(font, item.get(field_name, ""), size, width):
            if line:
                w = _width(font, line, size)
                x = left + (width - w) / 2 if f.get("align") == "center" else left
                parts.append(_show(font, size, x, y, line, colour or "0 0 0"))
            y += PITCH[weight] * size
    return "".join(parts).encode("ascii")


def page_content(bg: Background, item: dict[str, str]) -> bytes:
    parts = ["q /BG Do Q\n"]
    y = STACK_TOP + FIRST_BASELINE
    first = True
    for name, (style, size, colour, width_mm) in STACK.items():
        font = bg.fonts[style]
        text = item.get(name, "")
        if not first:
            y += GAP[name] - _pitch(size)  # the gap is from the previous baseline
        for line in _wrap(font, text, size, width_mm * MM):
            if not first:
                y += _pitch(size)
            first = False
            x = WIDTH / 2 - _width(font, line, size) / 2
            if line:
                parts.append(_show(font, size, x, y, line, colour if colour else "0 0 0"))
    for name, (style, size, below) in LINES.items():
        parts.append(
            _show(bg.fonts[style], size, LINES_X, QR_TOP + below, item.get(name, ""), "0 0 0")
        )
    parts.append(_qr(item["qr_rows"]))
    return "".join(parts).encode("ascii")


def write(
    bg: Background, items: list[dict[str, str]], *, layout: dict | None = None, shift=(0, 0)
) -> bytes:
    """One PDF with a page per item (each `supported`); with `layout`, blanks' fields only."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in bg.objects:
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number
        out += body
        out += b"\nendobj\n"
    catalog, pages = bg.next_number, bg.next_number + 1
    resources = b"<< /XObject << /BG %d 0 R >> /Font << %s >> >>" % (bg.xobject, bg.font_resources)
    kids = []
    number = pages + 1
    for item in items:
        drawn = blank_content(bg, item, layout, shift) if layout else page_content(bg, item)
        content = zlib.compress(drawn, 1)
        offsets[number] = len(out)
        out += (
            b"%d 0 obj\n<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.4f %.4f] "
            b"/Resources %s /Contents %d 0 R >>\nendobj\n"
            % (number, pages, WIDTH, HEIGHT, resources, number + 1)
        )
        offsets[number + 1] = len(out)
        out += b"%d 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n" % (
            number + 1,
            len(content),
        )
        out += content
        out += b"\nendstream\nendobj\n"
        kids.append(b"%d 0 R" % number)
        number += 2
    offsets[catalog] = len(out)
    out += b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R /Lang (vi) >>\nendobj\n" % (catalog, pages)
    offsets[pages] = len(out)
    out += b"%d 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n" % (
        pages, b" ".join(kids), len(kids)
    )  # fmt: skip
    info = number  # the document's title, as Typst set it ("Giấy khen")
    offsets[info] = len(out)
    out += b"%d 0 obj\n<< /Title <%s> >>\nendobj\n" % (
        info,
        ("\ufeffGiấy khen").encode("utf-16-be").hex().upper().encode(),
    )
    number += 1
    xref = len(out)
    size = number
    rows = [b"0000000000 65535 f \n"]
    for n in range(1, size):
        at = offsets.get(n)
        rows.append(b"%010d 00000 n \n" % at if at is not None else b"0000000000 65535 f \n")
    out += b"xref\n0 %d\n" % size + b"".join(rows)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, catalog, info, xref
    )  # fmt: skip
    return bytes(out)
