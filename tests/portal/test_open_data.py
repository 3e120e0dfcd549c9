# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""/du-lieu-mo/: each year's published awards as CSV and JSON that parse, one row per published
award, nothing of a draft decision, formulas kept as text."""

import csv
import io
import json

import pytest
from django.test import Client

from tests.portal.public_fixtures import campaign, decided, forms  # noqa: F401
from thidua.awards.enums import DecisionState
from thidua.awards.models import Award, Decision

pytestmark = pytest.mark.django_db


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


def test_the_files_take_the_same_queries_for_1_or_many_awards(
    decided, django_assert_max_num_queries
):
    client = Client()
    with django_assert_max_num_queries(3):
        _get(client, f"/du-lieu-mo/{decided.year}/khen-thuong.csv")
    with django_assert_max_num_queries(3):
        _get(client, f"/du-lieu-mo/{decided.year}/khen-thuong.json")


def test_nothing_of_a_decision_that_is_not_issued_is_published(decided):
    Decision.objects.filter(pk=decided.pk).update(state=DecisionState.DRAFT)
    assert Client().get(f"/du-lieu-mo/{decided.year}/khen-thuong.csv").status_code == 404
    assert str(decided.year) not in Client().get("/du-lieu-mo/").content.decode()
