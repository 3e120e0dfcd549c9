"""Rich text of stories and news: what an editor types is reduced to a small set of harmless
tags. No script, no style, no event handler, no `javascript:` (or `data:`) link survives.

Plain text (no tags at all) is turned into paragraphs, so an editor may also just type.
"""

import html
import re
import unicodedata

import nh3

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "hr",
})  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Content of these is dropped with the tag, not kept as text.
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
        "textarea",
        "select",
    }
)
_TAG = re.compile(r"<[a-zA-Z!/]")


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "".join("<p>" + html.escape(b).replace("\n", "<br>") + "</p>" for b in blocks)


def clean_html(value: str) -> str:
    """Sanitised HTML of an editor's text (NFC, allowed tags only)."""
    value = unicodedata.normalize("NFC", value or "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        return _paragraphs(value)
    return nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def plain_text(value: str, limit: int | None = None) -> str:
    """The text of sanitised HTML, whitespace collapsed (for summaries and Open Graph)."""
    text = nh3.clean(value or "", tags=set(), clean_content_tags=set(DROP_WITH_CONTENT))
    text = " ".join(html.unescape(text).split())
    if limit is not None and len(text) > limit:
        cut = text[: limit - 1].rsplit(" ", 1)[0]
        text = cut + "…"
    return text
