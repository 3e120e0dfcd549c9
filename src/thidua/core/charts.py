"""The one chart helper: charts as inline SVG, drawn on the server — no JavaScript library, no
CDN, readable without JavaScript and printable. Pure functions over plain values; every text is
escaped. Each chart on a page sits next to a table of the same numbers (the chart is never the
only source): `ranked_bars` and `paired_bars` carry their own visually hidden table, the others
are placed beside the page's table of their numbers (`numbers_table` draws one)."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from thidua.core.formatting import number

COLORS = {
    "ok": "#1f7a3a",
    "warn": "#c98a00",
    "err": "#b3151b",
    "info": "#0b4f9c",
    "muted": "#9aa3b2",
    "alt": "#6a4c93",
}

ROW = 22
LABEL_W = 200
BAR_W = 360
VALUE_W = 70


def _fmt(value: float | int) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return number(value, 1)


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(width, height, title: str, *, labelled: bool = False, defs: str = "") -> str:
    """The opening of every chart: an image whose title is read out. `labelled` charts (the
    ranked and paired bars) also carry an aria-label and no aspect setting; the others keep
    their top-left corner when scaled."""
    if labelled:
        return (
            f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
            f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>{defs}"
        )
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{defs}"
    )


def _scaled(value, maximum: Decimal, span: int) -> Decimal:
    """The length of a bar for `value` out of `maximum` on `span` units, kept in 0..span."""
    return max(Decimal(0), min(Decimal(value) / maximum, Decimal(1))) * span


def _row_label(x: int, y: int, label: str) -> str:
    """A row's label, right-aligned before the bars (cut at 38 characters)."""
    return f'<text x="{x}" y="{y}" text-anchor="end" class="lbl">{escape(_clip(label, 38))}</text>'


def hbars(
    items: list[tuple[str, float, str]],
    *,
    title: str,
    max_value: float | None = None,
    suffix: str = "",
    label_chars: int = 30,
) -> SafeString:
    """One horizontal bar per (label, value, color key); bars scaled to `max_value` (default
    the largest value). Labels longer than `label_chars` are cut (whole in their tooltip)."""
    top = max_value if max_value else max((v for _, v, _ in items), default=0) or 1
    height = ROW * max(1, len(items)) + 8
    label_w = max(LABEL_W, round(label_chars * 6.7))
    width = label_w + BAR_W + VALUE_W
    parts = [_svg(width, height, title)]
    for i, (label, value, color) in enumerate(items):
        y = 4 + i * ROW
        w = 0 if not value else max(2, round(BAR_W * float(value) / float(top)))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"<title>{escape(label)}</title>{escape(_clip(label, label_chars))}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{BAR_W}" height="{ROW - 6}" fill="#eef0f4"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{ROW - 6}" '
            f'fill="{COLORS.get(color, color)}"/>'
            f'<text x="{label_w + BAR_W + 6}" y="{y + 15}" font-size="12">'
            f"{escape(_fmt(value))}{escape(suffix)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stacked(items: list[tuple[str, int, str]], *, title: str) -> SafeString:
    """One bar split into (label, count, color key) segments, with a legend under it."""
    total = sum(v for _, v, _ in items) or 1
    width, bar_h = LABEL_W + BAR_W + VALUE_W, 26
    legend_rows = (len(items) + 2) // 3
    height = bar_h + 10 + legend_rows * 20
    parts = [_svg(width, height, title)]
    x = 0.0
    for label, value, color in items:
        w = width * value / total
        if w:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{bar_h}" '
                f'fill="{COLORS.get(color, color)}"><title>{escape(label)}: {value}</title></rect>'
            )
        x += w
    for i, (label, value, color) in enumerate(items):
        lx, ly = (i % 3) * (width / 3), bar_h + 10 + (i // 3) * 20
        parts.append(
            f'<rect x="{lx:.0f}" y="{ly}" width="12" height="12" '
            f'fill="{COLORS.get(color, color)}"/>'
            f'<text x="{lx + 18:.0f}" y="{ly + 11}" font-size="12">'
            f"{escape(_clip(label, 34))}: {escape(_fmt(value))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def meter(used: float, total: float | None, *, title: str, label: str = "") -> SafeString:
    """A progress bar of used out of total (red when over)."""
    width, h = LABEL_W + BAR_W + VALUE_W, 24
    share = (used / total) if total else 0
    w = min(1.0, share) * (LABEL_W + BAR_W)
    color = COLORS["err"] if total and used > total else COLORS["info"]
    text = label or (f"{_fmt(used)}/{_fmt(total)}" if total else _fmt(used))
    return mark_safe(
        _svg(width, h, title)
        + f'<rect x="0" y="2" width="{LABEL_W + BAR_W}" height="{h - 4}" fill="#eef0f4"/>'
        f'<rect x="0" y="2" width="{w:.1f}" height="{h - 4}" fill="{color}"/>'
        f'<text x="{LABEL_W + BAR_W + 6}" y="{h - 7}" font-size="12">{escape(text)}</text>'
        "</svg>"
    )


def text_bar(value: float, top: float, *, width: int = 20) -> str:
    """The same bar as text, for documents (DOCX/PDF tables): "███████░░░"."""
    if not top:
        return ""
    n = round(width * min(1.0, float(value) / float(top)))
    return "█" * n + "░" * (width - n)


def _num(value) -> str:
    """A score as Vietnamese write it: "85,25" (comma decimals, trailing zeros dropped)."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def numbers_table(caption: str, headers: list[str], rows: list[list]) -> SafeString:
    """The numbers of a chart as a table that screen readers read (hidden on screen)."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return mark_safe(
        f'<table class="sr-only"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def ranked_bars(
    rows, *, maximum: Decimal, suffix: str = "", reference_label: str = "", title: str = ""
) -> str:
    """Horizontal bars: rows of (label, value, reference or None, highlight). The value is
    written at the end of each bar and a reference (e.g. the peer average) is a dark tick with
    its number, so the chart reads the same in black and white."""
    rows = list(rows)
    if not rows:
        return ""
    label_w, bar_w, row_h, top = 260, 420, 26, 8
    height = top + row_h * len(rows) + (22 if reference_label else 6)
    width = label_w + bar_w + 110
    maximum = Decimal(maximum) or Decimal(1)
    parts = [_svg(width, height, title, labelled=True)]
    for i, (label, value, ref, highlight) in enumerate(rows):
        y = top + i * row_h
        parts.append(_row_label(label_w - 8, y + 16, label))
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="16" class="track"/>')
        if value is not None:
            w = _scaled(value, maximum, bar_w)
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="16" '
                f'class="bar{" hl" if highlight else ""}"/>'
            )
        shown = f"{_num(value)}{suffix}" if value is not None else "chưa có"
        if ref is not None:
            rx = label_w + _scaled(ref, maximum, bar_w)
            parts.append(
                f'<line x1="{rx:.1f}" x2="{rx:.1f}" y1="{y + 1}" y2="{y + 23}" class="ref"/>'
            )
            shown += f" (TB {_num(ref)}{suffix})"
        parts.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 16}" class="val">{escape(shown)}</text>'
        )
    table = numbers_table(
        title,
        ["", "Giá trị", reference_label or "Tham chiếu"],
        [
            [label, f"{_num(v)}{suffix}" if v is not None else "chưa có",
             f"{_num(r)}{suffix}" if r is not None else ""]
            for label, v, r, _ in rows
        ],
    )  # fmt: skip
    if reference_label:
        y = top + row_h * len(rows) + 14
        parts.append(
            f'<line x1="{label_w}" x2="{label_w}" y1="{y - 10}" y2="{y + 2}" class="ref"/>'
            f'<text x="{label_w + 8}" y="{y}" class="lbl">{escape(reference_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts)) + table


def paired_bars(rows, *, maximum: Decimal, title: str) -> str:
    """Pairs of bars per component: last year (light, hatched) and this year (dark)."""
    rows = list(rows)
    if not rows:
        return ""
    label_w, bar_w, row_h, top = 260, 380, 40, 8
    height = top + row_h * len(rows) + 26
    width = label_w + bar_w + 170
    maximum = Decimal(maximum) or Decimal(1)
    hatch = (
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<path d="M0,4 L4,0" class="hatch"/></pattern></defs>'
    )
    parts = [_svg(width, height, title, labelled=True, defs=hatch)]
    for i, (label, previous, current, change_label) in enumerate(rows):
        y = top + i * row_h
        parts.append(_row_label(label_w - 8, y + 20, label))
        for j, (value, cls) in enumerate(((previous, "prev"), (current, "bar"))):
            yy = y + 3 + j * 16
            if value is not None:
                w = _scaled(value, maximum, bar_w)
                parts.append(
                    f'<rect x="{label_w}" y="{yy}" width="{w:.1f}" height="13" class="{cls}"/>'
                )
            shown = _num(value) if value is not None else "chưa có dữ liệu"
            parts.append(
                f'<text x="{label_w + bar_w + 6}" y="{yy + 11}" class="val">'
                f"{escape(shown)}{' · ' + escape(change_label) if j else ''}</text>"
            )
    y = top + row_h * len(rows) + 14
    parts.append(
        f'<rect x="{label_w}" y="{y - 10}" width="14" height="10" class="prev"/>'
        f'<text x="{label_w + 20}" y="{y}" class="lbl">Năm trước</text>'
        f'<rect x="{label_w + 110}" y="{y - 10}" width="14" height="10" class="bar"/>'
        f'<text x="{label_w + 130}" y="{y}" class="lbl">Năm nay</text></svg>'
    )
    table = numbers_table(
        title,
        ["", "Năm trước", "Năm nay", "Thay đổi"],
        [[label, _num(p) if p is not None else "chưa có dữ liệu",
          _num(c) if c is not None else "chưa có dữ liệu", change]
         for label, p, c, change in rows],
    )  # fmt: skip
    return mark_safe("".join(parts)) + table
