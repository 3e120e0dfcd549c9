"""Charts as inline SVG, drawn on the server: no JavaScript library, no CDN, readable without
JavaScript and printable. Pure functions over plain values; every text is escaped. Each chart
on a page sits next to a table of the same numbers (the chart is never the only source)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
    from thidua.core.formatting import number

    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return number(value, 1)


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hbars(
    items: list[tuple[str, float, str]],
    *,
    title: str,
    max_value: float | None = None,
    suffix: str = "",
) -> SafeString:
    """One horizontal bar per (label, value, color key); bars scaled to `max_value` (default
    the largest value)."""
    top = max_value if max_value else max((v for _, v, _ in items), default=0) or 1
    height = ROW * max(1, len(items)) + 8
    width = LABEL_W + BAR_W + VALUE_W
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
    ]
    for i, (label, value, color) in enumerate(items):
        y = 4 + i * ROW
        w = 0 if not value else max(2, round(BAR_W * float(value) / float(top)))
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"<title>{escape(label)}</title>{escape(_clip(label))}</text>"
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{BAR_W}" height="{ROW - 6}" fill="#eef0f4"/>'
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{w}" height="{ROW - 6}" '
            f'fill="{COLORS.get(color, color)}"/>'
            f'<text x="{LABEL_W + BAR_W + 6}" y="{y + 15}" font-size="12">'
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
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
    ]
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
        f'<svg class="chart" role="img" viewBox="0 0 {width} {h}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
        f'<rect x="0" y="2" width="{LABEL_W + BAR_W}" height="{h - 4}" fill="#eef0f4"/>'
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
