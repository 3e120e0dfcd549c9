"""Open data (/du-lieu-mo/): each year's published awards as CSV and JSON, at stable URLs, with
a documented schema and the licence line. No login; only what the decisions published."""

import csv
import json

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua.awards.published import FIELDS, published_awards, published_years
from thidua.portal.views_public import not_found

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """A text a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_lines(year: int):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that Excel reads UTF-8
    yield writer.writerow([key for key, _title, _type in FIELDS])
    for row in published_awards(year):
        yield writer.writerow([_cell(row[key]) for key, _title, _type in FIELDS])


def _about(request, year: int) -> dict:
    return {
        "tieu_de": f"Kết quả khen thưởng năm {year}",
        "nam": year,
        "nguon": request.build_absolute_uri(reverse("portal:open_data")),
        "giay_phep": settings.THIDUA_OPEN_DATA_LICENCE,
        "ngay_xuat": timezone.localdate().isoformat(),
        "luoc_do": {"fields": [{"name": k, "title": t, "type": ty} for k, t, ty in FIELDS]},
    }


def _json_lines(request, year: int):
    """The document streamed: the description, then the records one by one."""
    head = json.dumps(_about(request, year), ensure_ascii=False)
    yield head[:-1] + ', "ban_ghi": ['
    for i, row in enumerate(published_awards(year)):
        yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


@require_GET
def open_data(request):
    return render(request, "portal/open_data.html", {
        "years": published_years(), "fields": FIELDS,
        "licence": settings.THIDUA_OPEN_DATA_LICENCE,
    })  # fmt: skip


@require_GET
def open_data_file(request, year: int, fmt: str):
    if fmt not in ("csv", "json") or not any(y["year"] == year for y in published_years()):
        return not_found(request, f"Chưa có dữ liệu khen thưởng năm {year} được công bố.")
    if fmt == "csv":
        body, kind = _csv_lines(year), "text/csv; charset=utf-8"
    else:
        body, kind = _json_lines(request, year), "application/json; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'inline; filename="khen-thuong-{year}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=600"
    return response
