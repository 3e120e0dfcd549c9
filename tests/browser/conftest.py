"""Every page a browser test opens fails the test if Chromium reports a Content-Security-Policy
violation (an inline script, an on*= handler, a file from elsewhere)."""

import pytest


@pytest.fixture(autouse=True)
def _fail_on_csp_violation(monkeypatch):
    from playwright.sync_api import Browser, BrowserContext

    violations: list[str] = []

    def watch(page):
        def on_console(message):
            if "Content Security Policy" in message.text:
                violations.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        return page

    for cls in (Browser, BrowserContext):
        original = cls.new_page
        monkeypatch.setattr(
            cls,
            "new_page",
            lambda self, *a, _original=original, **kw: watch(_original(self, *a, **kw)),
        )
    yield violations
    assert violations == [], "Content-Security-Policy violated:\n" + "\n".join(violations)
