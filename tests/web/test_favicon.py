"""Every page, back office and portal, names the favicon, and the file is an SVG."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.conftest import login


def test_pages_link_the_favicon_and_it_is_an_svg(client, world, secretariat):
    link = '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">'
    assert link in client.get(reverse("login")).content.decode()
    assert link in client.get("/").content.decode()  # the public portal
    assert link in login(client, secretariat).get(reverse("web:home")).content.decode()
    found = finders.find("web/favicon.svg")  # what collectstatic ships
    body = Path(found).read_bytes()
    assert body.lstrip().startswith(b"<svg") and b"</svg>" in body
