"""Open data (/du-lieu-mo/): each year's published awards as CSV and JSON, at stable URLs, with
a documented schema and the licence line. No login; only what the decisions published."""

import contextlib
import csv
import gzip
import hashlib
import json
import time

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from thidua.awards.published import FIELDS, published_awards, published_stamp, published_years
from thidua.core.storage import private_storage
from thidua.portal.views_public import cached_public_page, not_found

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
OPEN_DATA_FOLDER = "open-data"  # in the private storage; served only by open_data_file
FILE_SECONDS = 86_400  # how long the shared cache remembers a stored file (then built again)
BUILD_SECONDS = 60  # the longest a request waits for another process building the same file


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
    stored through the storage API, plain and gzip-compressed: a province's year is 100,000s
    of rows, which no request should build, compress or decompress again while nothing
    changed. Each request sends the stored bytes as they are (the compressed ones to a client
    that accepts gzip); a client that already holds this version gets 304 (ETag from the
    version, Last-Modified from when the file was built)."""
    stamp = published_stamp(year) if fmt in ("csv", "json") else None
    if stamp is None:
        return not_found(request, f"Chưa có dữ liệu khen thưởng năm {year} được công bố.")
    digest = hashlib.sha256(f"{year}:{fmt}:{stamp}:{request.get_host()}".encode()).hexdigest()
    packed = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    etag = f'"{digest[:32]}{"-gz" if packed else ""}"'
    key = f"portal:open-data-file:{digest}"
    stored = caches["default"].get(key)  # (plain name, gzip name, built at)
    if stored is not None:
        unchanged = get_conditional_response(request, etag=etag, last_modified=stored[2])
        if unchanged is not None:
            return _file_headers(unchanged, year, fmt, etag, stored[2], packed)
    try:
        if stored is None:
            raise FileNotFoundError(key)
        body = private_storage.open(stored[1 if packed else 0], "rb")
    except FileNotFoundError:  # not built yet, or the folder was emptied: built again
        stored = _build_once(request, year, fmt, digest, key)
        body = private_storage.open(stored[1 if packed else 0], "rb")
    kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/json; charset=utf-8"
    response = FileResponse(body, content_type=kind, filename=f"khen-thuong-{year}.{fmt}")
    if packed:
        response["Content-Encoding"] = "gzip"
    return _file_headers(response, year, fmt, etag, stored[2], packed)


def _file_headers(response, year: int, fmt: str, etag: str, built_at: float, packed: bool):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built_at)
    response["Vary"] = "Accept-Encoding"
    response["Content-Disposition"] = f'inline; filename="khen-thuong-{year}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=600"
    return response


def _build_once(request, year: int, fmt: str, digest: str, key: str) -> tuple[str, str, float]:
    """One process builds a new version; another that asks for it meanwhile waits for it
    (up to BUILD_SECONDS) instead of storing a second copy."""
    cache = caches["default"]
    lock = f"{key}:building"
    if not cache.add(lock, 1, BUILD_SECONDS):
        deadline = time.monotonic() + BUILD_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.2)
            stored = cache.get(key)
            if stored is not None and private_storage.exists(stored[0]):
                return stored
    try:
        stored = _store(request, year, fmt, digest)
        cache.set(key, stored, FILE_SECONDS)
    finally:
        cache.delete(lock)
    return stored


def _store(request, year: int, fmt: str, digest: str) -> tuple[str, str, float]:
    """Build the file once, store it plain and compressed, and remove the year's files of
    older versions. Returns the two stored names and when they were built."""
    lines = _csv_lines(year) if fmt == "csv" else _json_lines(request, year)
    data = "".join(lines).encode()
    folder = f"{OPEN_DATA_FOLDER}/{year}"
    plain = private_storage.save(f"{folder}/{digest}.{fmt}", ContentFile(data))
    packed = private_storage.save(
        f"{folder}/{digest}.{fmt}.gz",
        ContentFile(gzip.compress(data, compresslevel=6, mtime=0)),
    )
    with contextlib.suppress(OSError):  # another version's files (this one's are kept)
        for name in private_storage.listdir(folder)[1]:
            if name.endswith((f".{fmt}", f".{fmt}.gz")) and not name.startswith(digest):
                private_storage.delete(f"{folder}/{name}")
    return plain, packed, float(int(time.time()))
