"""The Content-Security-Policy forbids inline scripts, and no template has one: every script is
a file of our own (web/app.js, htmx) and no element carries an on*= handler."""

import re
from pathlib import Path

import pytest

from tests.conftest import login

SRC = Path(__file__).resolve().parents[2] / "src" / "thidua"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
# The one exception: the offline verification page must be one self-contained file, so its
# script is inline, allowed by its hash alone (tests/portal/test_offline_verification.py).
HASHED = {"portal/templates/portal/verify_offline.html"}


def test_no_template_has_an_inline_script_or_handler():
    found = []
    for path in SRC.rglob("templates/**/*.html"):
        if str(path.relative_to(SRC)) in HASHED:
            continue
        text = path.read_text()
        found += [f"{path.relative_to(SRC)}: {m.group(0)}" for m in INLINE_SCRIPT.finditer(text)]
        found += [f"{path.relative_to(SRC)}: {m.group(0)}" for m in HANDLER.finditer(text)]
    assert found == []


@pytest.mark.django_db
def test_pages_send_a_policy_without_inline_scripts(client, secretariat):
    login(client, secretariat)
    for url in ("/", "/dang-nhap/", "/thong-bao/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'", url
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
