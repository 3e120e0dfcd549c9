"""Every page a browser test opens fails the test if Chromium reports a Content-Security-Policy
violation (an inline script, an on*= handler, a file from elsewhere); and every database
connection a browser test opened is closed when it ends."""

import threading

import pytest
from django.db import connections
from django.db.backends.signals import connection_created


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


@pytest.fixture(autouse=True)
def _close_connections_opened_under_playwright():
    """ORM calls made while Playwright runs get a connection of their own: Django keeps its
    connections in an asgiref Local, which follows the context Playwright's greenlets switch
    to, so the test's own `connections` never sees them and nothing closes them. Left open,
    PostgreSQL refuses to drop the test database at the end of the run ("being accessed by
    other users"). Every connection opened in the test's thread during the test, other than
    the test's own, is closed here (the live server's threads close their own)."""
    opened = []
    thread = threading.get_ident()

    def keep(sender, connection, **kwargs):
        if threading.get_ident() == thread:
            opened.append(connection)

    connection_created.connect(keep, weak=False)
    try:
        yield
    finally:
        connection_created.disconnect(keep)
        own = {id(connections[alias]) for alias in connections}
        for connection in opened:
            if id(connection) not in own:
                connection.close()
