"""Open data (/du-lieu-mo/): each year's published awards as CSV and JSON, at stable URLs, with
a documented schema and the licence line. No login; only what the decisions published."""

import csv
import gzip
import json
import zlib

from django.conf import settings
from django.core.cache import caches
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua.awards.published import FIELDS, published_awards, published_stamp, published_years
from thidua.portal.views_public import CACHE_SECONDS, cached_public_page, not_found

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 1 << 16


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
    return cached_public_page(request, ("open-data", published_stamp()), lambda: render(
        request, "portal/open_data.html", {
            "years": published_years(), "fields": FIELDS,
            "licence": settings.THIDUA_OPEN_DATA_LICENCE,
        },
    ))  # fmt: skip


@require_GET
def open_data_file(request, year: int, fmt: str):
    """The year's file, built once per version of the year's decisions (`published_stamp`) and
    kept gzip-compressed in the shared cache: a province's year is 100,000s of rows, which no
    request should build again while nothing changed. Sent compressed to a client that
    accepts gzip, else uncompressed as it streams."""
    stamp = published_stamp(year) if fmt in ("csv", "json") else None
    if stamp is None:
        return not_found(request, f"Chưa có dữ liệu khen thưởng năm {year} được công bố.")
    key = f"portal:open-data:{year}:{fmt}:{stamp}:{request.get_host()}"
    packed = caches["default"].get(key)
    if packed is None:
        lines = _csv_lines(year) if fmt == "csv" else _json_lines(request, year)
        packed = gzip.compress("".join(lines).encode(), compresslevel=6, mtime=0)
        caches["default"].set(key, packed, CACHE_SECONDS)
    kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/json; charset=utf-8"
    if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
        response = StreamingHttpResponse(_chunks(packed), content_type=kind)
        response["Content-Encoding"] = "gzip"
    else:
        response = StreamingHttpResponse(_gunzipped(packed), content_type=kind)
    response["Vary"] = "Accept-Encoding"
    response["Content-Disposition"] = f'inline; filename="khen-thuong-{year}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=600"
    return response


def _chunks(data: bytes):
    for i in range(0, len(data), CHUNK):
        yield data[i : i + CHUNK]


def _gunzipped(data: bytes):
    inflate = zlib.decompressobj(wbits=31)  # the gzip wrapper
    for chunk in _chunks(data):
        yield inflate.decompress(chunk)
    yield inflate.flush()
