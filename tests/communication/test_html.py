from html.parser import HTMLParser

import pytest

from thidua.communication.html import ALLOWED_TAGS, clean_html, plain_text


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)


def _parsed(value):
    parser = _Tags()
    parser.feed(value)
    return parser


HOSTILE = [
    "<script>alert(1)</script><p>Chào</p>",
    '<p onclick="alert(1)">Chào</p>',
    "<img src=x onerror=alert(1)><p>Chào</p>",
    '<a href="javascript:alert(1)">Chào</a>',
    '<a href="JaVaScRiPt:alert(1)">Chào</a>',
    '<a href="&#106;avascript:alert(1)">Chào</a>',
    '<a href=" javascript:alert(1)">Chào</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Chào</a>',
    '<a href="vbscript:msgbox(1)">Chào</a>',
    "<svg onload=alert(1)><p>Chào</p></svg>",
    '<iframe src="https://ke-xau.example"></iframe><p>Chào</p>',
    '<p style="background:url(javascript:alert(1))">Chào</p>',
    "<style>body{display:none}</style><p>Chào</p>",
    "<body onload=alert(1)><p>Chào</p>",
    '<form action="https://ke-xau.example"><input name=x><p>Chào</p></form>',
    '<object data="x.swf"></object><embed src="x.swf"><p>Chào</p>',
    "<scr<script>ipt>alert(1)</script><p>Chào</p>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<script>alert(1)</script>--><p>Chào</p>",
    '<p><a href="https://example.vn" onmouseover="alert(1)" target="_blank">Chào</a></p>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>Chào</p>',
    '<base href="javascript:alert(1)//"><p>Chào</p>',
    "<details open ontoggle=alert(1)><p>Chào</p></details>",
]


@pytest.mark.parametrize("dirty", HOSTILE)
def test_clean_html_removes_every_active_part(dirty):
    clean = clean_html(dirty).lower()
    for bad in (
        "<script",
        "javascript:",
        "vbscript:",
        "data:",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "ontoggle",
        "<iframe",
        "<svg",
        "<style",
        "<img",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<meta",
        "<base",
        "style=",
    ):
        assert bad not in clean, (dirty, clean)
    parsed = _parsed(clean_html(dirty))
    assert set(parsed.tags) <= ALLOWED_TAGS
    for tag, name, value in parsed.attrs:
        assert (tag, name) in {("a", "href"), ("a", "rel"), ("a", "title")}
        if name == "href":
            assert value.startswith(("https://", "http://", "mailto:")), value


def test_clean_html_keeps_basic_formatting_and_safe_links():
    dirty = (
        "<h2>Tiêu đề</h2><p>Chị <strong>Đào</strong> và <em>anh Hưởng</em></p>"
        '<ul><li>Một</li></ul><a href="https://nguyenbinh.caobang.gov.vn/">Cổng</a>'
    )
    assert clean_html(dirty) == (
        "<h2>Tiêu đề</h2><p>Chị <strong>Đào</strong> và <em>anh Hưởng</em></p>"
        '<ul><li>Một</li></ul><a href="https://nguyenbinh.caobang.gov.vn/" '
        'rel="noopener noreferrer nofollow">Cổng</a>'
    )


def test_clean_html_turns_plain_text_into_escaped_paragraphs():
    text = "Đoạn một\ndòng hai\n\nĐoạn hai có dấu < và & thôi"
    assert clean_html(text) == (
        "<p>Đoạn một<br>dòng hai</p><p>Đoạn hai có dấu &lt; và &amp; thôi</p>"
    )


def test_clean_html_normalises_to_nfc():
    decomposed = "Nguye\u0302\u0303n"  # Nguyễn, decomposed
    assert clean_html(decomposed) == "<p>Nguyễn</p>"


def test_plain_text_strips_tags_and_cuts_on_a_word():
    assert plain_text("<p>Chị <b>Đào</b></p><script>x()</script>") == "Chị Đào"
    assert plain_text("<p>một hai ba bốn năm</p>", limit=10) == "một hai…"
