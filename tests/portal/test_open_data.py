# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""/du-lieu-mo/: each year's published awards as CSV and JSON that parse, one row per published
award, nothing of a draft decision, formulas kept as text."""

import csv
import datetime as dt
import gzip
import io
import json

import pytest
from django.test import Client

from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from thidua.awards.enums import DecisionState
from thidua.awards.models import Award, Decision
from thidua.core.storage import private_storage
from thidua.portal.views_open_data import OPEN_DATA_FOLDER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_cache(settings):
    """One cache whatever the test run's backend, so that the pinned query counts hold."""
    settings.CACHES = {
        **settings.CACHES,  # the test run's sessions cache (conftest) stays
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, b"".join(response.streaming_content).decode("utf-8")


def test_the_page_links_csv_and_json_that_parse_with_one_row_per_published_award(decided):
    awards = list(Award.objects.filter(decision=decided).order_by("position"))
    client = Client()
    page = client.get("/du-lieu-mo/").content.decode()
    csv_url = f"/du-lieu-mo/{decided.year}/khen-thuong.csv"
    json_url = f"/du-lieu-mo/{decided.year}/khen-thuong.json"
    assert f'href="{csv_url}"' in page and f'href="{json_url}"' in page
    assert "Giấy phép:" in page and "CC BY 4.0" in page

    response, text = _get(client, csv_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert sorted(r["ten"] for r in rows) == sorted(a.name for a in awards)
    first = next(r for r in rows if r["ten"] == awards[0].name)
    assert first["so_quyet_dinh"] == decided.reference
    assert first["ngay_quyet_dinh"] == decided.decided_on.isoformat()
    assert first["hinh_thuc"] == awards[0].award_form.name
    assert not {"so_tien", "ngay_sinh", "cccd", "ma_can_bo"} & set(first)

    response, text = _get(client, json_url)
    document = json.loads(text)
    assert document["nam"] == decided.year and "CC BY 4.0" in document["giay_phep"]
    names = [f["name"] for f in document["luoc_do"]["fields"]]
    assert names == list(rows[0].keys())
    assert sorted(r["ten"] for r in document["ban_ghi"]) == sorted(a.name for a in awards)


def test_a_name_that_looks_like_a_formula_is_kept_as_text(decided):
    award = Award.objects.filter(decision=decided).first()
    Award.objects.filter(pk=award.pk).update(detail='=HYPERLINK("http://x")')
    _response, text = _get(Client(), f"/du-lieu-mo/{decided.year}/khen-thuong.csv")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_a_year_without_published_awards_is_a_friendly_404(decided):
    client = Client()
    for url in (
        f"/du-lieu-mo/{decided.year + 1}/khen-thuong.csv",
        f"/du-lieu-mo/{decided.year}/khen-thuong.xml",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Chưa có dữ liệu" in response.content.decode()


def test_the_files_take_the_same_queries_for_1_or_many_awards_and_are_built_once(
    decided, django_assert_num_queries
):
    client = Client()
    for fmt in ("csv", "json"):
        url = f"/du-lieu-mo/{decided.year}/khen-thuong.{fmt}"
        with django_assert_num_queries(2):  # the year's version, the rows
            _response, built = _get(client, url)
        with django_assert_num_queries(1):  # the version only: the file is kept
            _response, kept = _get(client, url)
        assert kept == built


def test_a_client_that_accepts_gzip_gets_the_same_file_compressed(decided):
    client = Client()
    url = f"/du-lieu-mo/{decided.year}/khen-thuong.csv"
    _response, plain = _get(client, url)
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(b"".join(response.streaming_content)).decode("utf-8") == plain


def test_a_withdrawn_decision_leaves_the_file_at_once(decided):
    client = Client()
    url = f"/du-lieu-mo/{decided.year}/khen-thuong.csv"
    _get(client, url)
    Decision.objects.filter(pk=decided.pk).update(state=DecisionState.DRAFT)
    assert client.get(url).status_code == 404


def test_nothing_of_a_decision_that_is_not_issued_is_published(decided):
    Decision.objects.filter(pk=decided.pk).update(state=DecisionState.DRAFT)
    assert Client().get(f"/du-lieu-mo/{decided.year}/khen-thuong.csv").status_code == 404
    assert str(decided.year) not in Client().get("/du-lieu-mo/").content.decode()


def _bump_version(decision):
    """What issuing the year's decisions again changes: the version of the published awards."""
    Decision.objects.filter(pk=decision.pk).update(
        issued_at=decision.issued_at + dt.timedelta(seconds=5)
    )


def test_a_client_holding_this_version_gets_304_until_the_version_changes(decided):
    client = Client()
    url = f"/du-lieu-mo/{decided.year}/khen-thuong.csv"
    first, _text = _get(client, url)
    etag, built = first["ETag"], first["Last-Modified"]
    for held in ({"If-None-Match": etag}, {"If-Modified-Since": built}):
        again = client.get(url, headers=held)
        assert again.status_code == 304 and again["ETag"] == etag
        assert not b"".join(getattr(again, "streaming_content", [again.content]))
    # The compressed file is another representation, with its own tag.
    packed = client.get(url, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    assert packed.status_code == 200 and packed["ETag"] != etag
    assert (
        client.get(
            url, headers={"If-None-Match": packed["ETag"], "Accept-Encoding": "gzip"}
        ).status_code
        == 304
    )

    award = Award.objects.filter(decision=decided).first()
    Award.objects.filter(pk=award.pk).update(name="Tên Mới Sau Khi Ban Hành Lại")
    _bump_version(decided)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Tên Mới Sau Khi Ban Hành Lại" in b"".join(changed.streaming_content).decode()


def test_the_plain_file_is_the_stored_bytes_and_an_old_version_is_removed(decided):
    client = Client()
    url = f"/du-lieu-mo/{decided.year}/khen-thuong.csv"
    folder = f"{OPEN_DATA_FOLDER}/{decided.year}"

    def stored():
        return sorted(n for n in private_storage.listdir(folder)[1] if ".csv" in n)

    response = client.get(url)
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body) and "Content-Encoding" not in response
    before = stored()
    assert len(before) == 2  # plain and compressed, of this version only
    plain = next(n for n in before if n.endswith(".csv"))
    with private_storage.open(f"{folder}/{plain}") as f:
        assert f.read() == body
    _bump_version(decided)
    _get(client, url)
    after = stored()
    assert len(after) == 2 and not set(after) & set(before)


def test_a_request_meanwhile_another_builds_waits_for_its_file(decided):
    """Another process holds the build of this version: the request stores no copy of its
    own and sends the file the other one recorded when done."""
    import threading

    from django.core.cache import caches

    client = Client()
    url = f"/du-lieu-mo/{decided.year}/khen-thuong.csv"
    folder = f"{OPEN_DATA_FOLDER}/{decided.year}"
    _response, built = _get(client, url)
    cache = caches["default"]
    key = next(k for k in cache._cache if "portal:open-data-file:" in k).split(":", 2)[2]
    names = cache.get(key)
    cache.delete(key)  # as when the other process has just started building
    cache.add(f"{key}:building", 1, 60)
    done = threading.Timer(0.5, lambda: cache.set(key, names, 60))
    done.start()
    try:
        _response, sent = _get(client, url)
    finally:
        done.join()
    assert sent == built
    assert len([n for n in private_storage.listdir(folder)[1] if ".csv" in n]) == 2
