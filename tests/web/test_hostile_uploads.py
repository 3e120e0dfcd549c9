"""Hostile uploads (issue 18, item 6): each is refused by its content with a Vietnamese message
and leaves nothing stored — no job queued, no document row, no file in storage."""

from __future__ import annotations

import hashlib
import io
import re
import socketserver
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures
from tests.org.test_importers import PEOPLE_HEADER, person_row, xlsx
from thidua.core.storage import private_storage
from thidua.core.uploads import (
    DOCUMENT_KINDS,
    OversizeUpload,
    check_name,
    check_upload,
)
from thidua.monitoring.enums import JobState
from thidua.monitoring.models import Job
from thidua.monitoring.services import job_run
from thidua.nominations.models import Document
from thidua.org.importers import people_import
from thidua.org.models import Person

pytestmark = pytest.mark.django_db

campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
proposal_a = nomination_fixtures.proposal_a
_private_media = nomination_fixtures._private_media

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF\n"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _files(root) -> set[Path]:
    return {p for p in Path(root).rglob("*") if p.is_file()}


def _people_xlsx() -> bytes:
    return xlsx(PEOPLE_HEADER, person_row("CB900"))


def _rezip(data: bytes, *, replace=None, add=None, drop=()) -> bytes:
    """The same zip with some members' bytes rewritten, added or left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info)
            if replace and info.filename in replace:
                body = replace[info.filename](body)
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
        for name, body in (add or {}).items():
            dst.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet(fn):
    return {"xl/worksheets/sheet1.xml": fn}


def _declares(ref: str):
    return _sheet(
        lambda b: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), b)
    )


def _huge_extent() -> bytes:
    """Two real cells, A1 and XFD1048576, and no <dimension>: the rectangle a reader would
    build is 16384 × 1048576 cells (the 4.7 KB file of the issue)."""

    def edit(body: bytes) -> bytes:
        body = re.sub(rb"<dimension [^>]*/>", b"", body)
        return body.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>",
        )

    return _rezip(_people_xlsx(), replace=_sheet(edit))


def _bomb() -> bytes:
    """An .xlsx with an extra member of 300 MB of zeros, compressed to about 300 KB."""
    out = io.BytesIO(_people_xlsx())
    padding = zipfile.ZipInfo("xl/media/padding.xml")
    padding.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "a") as z, z.open(padding, "w", force_zip64=True) as member:
        zero = bytes(8 * 1024 * 1024)
        for _ in range(38):
            member.write(zero)
    return out.getvalue()


def _lying_sizes() -> bytes:
    """A member whose headers claim 100 bytes while its stream inflates to 5 MB."""
    data = bytearray(_rezip(_people_xlsx(), add={"xl/media/x.xml": bytes(5 * 1024 * 1024)}))
    central = 0
    name = b"xl/media/x.xml"
    while True:  # patch the central directory entry of that member
        central = data.find(b"PK\x01\x02", central)
        n = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + n] == name:
            data[central + 24 : central + 28] = struct.pack("<L", 100)
            break
        central += 4
    return bytes(data)


XLSX_CASES = [
    pytest.param(lambda: _rezip(_people_xlsx(), replace=_declares("A1:XFD1048576")),
                 "khai báo vùng dữ liệu 1.048.576 dòng × 16.384 cột", id="declared-dimension"),
    pytest.param(_huge_extent, "có vùng dữ liệu 1.048.576 dòng", id="real-extent"),
    pytest.param(_bomb, "bom nén", id="zip-bomb"),
    pytest.param(_lying_sizes, "không khớp với kích thước khai báo", id="lying-sizes"),
    pytest.param(lambda: _rezip(_people_xlsx(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
                 "có chứa macro", id="macros"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "message"), XLSX_CASES)
def test_hostile_spreadsheet_is_refused_at_upload_and_nothing_is_queued(
    client, secretariat, make, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(client, secretariat)
    upload = SimpleUploadedFile("ca-nhan.xlsx", make())

    response = client.post("/nhap-du-lieu/", {"kind": "people", "file": upload})

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and message in errors[0], errors
    assert not Job.objects.exists()
    assert not _files(tmp_path)


@pytest.mark.parametrize(("make", "message"), XLSX_CASES)
def test_hostile_spreadsheet_is_refused_by_the_importer_itself(secretariat, make, message, world):
    """The worker's reader checks again (an import may come from elsewhere than the form)."""
    result = people_import(actor=secretariat, data=make())
    assert message in result.errors[0].message
    assert not Person.objects.filter(code="CB900").exists()


def test_an_ordinary_spreadsheet_still_imports(client, secretariat, world):
    login(client, secretariat)
    upload = SimpleUploadedFile("ca-nhan.xlsx", _people_xlsx())
    response = client.post("/nhap-du-lieu/", {"kind": "people", "file": upload})
    job = Job.objects.get()
    assert response["Location"] == f"/viec/{job.pk}/"
    assert Person.objects.filter(code="CB900").exists()


def _rerun(job: Job) -> Job:
    """A second import of the stored upload, as the worker would run it."""
    again = Job.objects.create(kind=job.kind, params=dict(job.params), created_by=job.created_by)
    return job_run(again)


def test_a_checked_upload_is_not_scanned_again_and_a_changed_file_is(
    client, secretariat, world, settings
):
    login(client, secretariat)
    data = _people_xlsx()
    client.post("/nhap-du-lieu/", {"kind": "people", "file": SimpleUploadedFile("a.xlsx", data)})
    job = Job.objects.get()
    assert job.state == JobState.DONE
    assert job.params["upload_checked_sha256"] == hashlib.sha256(data).hexdigest()
    # A limit the file now exceeds: a scan of these bytes would refuse them.
    settings.THIDUA_MAX_IMPORT_CELLS = 1
    assert _rerun(job).state == JobState.DONE  # the verdict carried with the upload holds
    # The stored file changed after the check (other bytes, same name): scanned again.
    name = job.params["upload"]
    private_storage.delete(name)
    assert private_storage.save(name, ContentFile(xlsx(PEOPLE_HEADER, person_row("CB901")))) == name
    failed = _rerun(job)
    assert failed.state == JobState.FAILED
    assert "vượt quá giới hạn" in " ".join(
        e[2] for e in Job.objects.get(pk=failed.pk).params["errors"]
    )
    assert not Person.objects.filter(code="CB901").exists()


def test_an_import_without_a_carried_verdict_is_scanned(secretariat, world, settings):
    settings.THIDUA_MAX_IMPORT_CELLS = 1
    data = _people_xlsx()
    result = people_import(actor=secretariat, data=data, checked_sha256="0" * 64)
    assert "vượt quá giới hạn" in result.errors[0].message
    assert people_import(
        actor=secretariat, data=data, checked_sha256=hashlib.sha256(data).hexdigest()
    ).ok


def test_a_sheet_within_the_cell_limit_passes_and_one_cell_more_does_not(secretariat, settings):
    data = xlsx(PEOPLE_HEADER, person_row("CB900"))  # 2 rows × 13+ columns
    width = len(PEOPLE_HEADER)
    settings.THIDUA_MAX_IMPORT_CELLS = 2 * width
    assert check_upload(SimpleUploadedFile("a.xlsx", data), allowed={"xlsx"}, max_bytes=10**7)
    settings.THIDUA_MAX_IMPORT_CELLS = 2 * width - 1
    with pytest.raises(ValidationError, match="vượt quá giới hạn"):
        check_upload(SimpleUploadedFile("a.xlsx", data), allowed={"xlsx"}, max_bytes=10**7)


# Documents -----------------------------------------------------------------------------------


def _docx(extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Default Extension="xml"/></Types>')
        z.writestr("word/document.xml", "<w:document/>")
        for name, body in (extra or {}).items():
            z.writestr(name, body)
    return out.getvalue()


def _flate_object_stream(content: bytes) -> bytes:
    body = zlib.compress(content)
    return (
        b"%PDF-1.5\n5 0 obj << /Type /ObjStm /Filter /FlateDecode /Length "
        + str(len(body)).encode()
        + b" >>\nstream\n"
        + body
        + b"\nendstream\nendobj\n%%EOF\n"
    )


DOCUMENT_CASES = [
    pytest.param("to-trinh.pdf", PDF.replace(b"/Pages 2 0 R", b"/OpenAction << /S /JavaScript "
                 b"/JS (app.alert(1)) >> /Pages 2 0 R"), "mã JavaScript", id="pdf-openaction-js"),
    pytest.param("to-trinh.pdf", PDF.replace(b"/Pages", b"/OpenAction 3 0 R /Pages") +
                 b"3 0 obj << /S /Java#53cript /JS 4 0 R >> endobj", "mã JavaScript",
                 id="pdf-obfuscated-name"),
    pytest.param("to-trinh.pdf", _flate_object_stream(b"<< /S /JavaScript /JS (x) >>"),
                 "mã JavaScript", id="pdf-js-in-object-stream"),
    pytest.param("to-trinh.pdf", PDF.replace(b"/Pages", b"/Names << /EmbeddedFiles 3 0 R >> "
                 b"/Pages"), "tệp đính kèm", id="pdf-embedded-file"),
    pytest.param("to-trinh.pdf", PDF.replace(b"/Pages", b"/OpenAction << /S /Launch /F (cmd) >> "
                 b"/Pages"), "lệnh chạy chương trình", id="pdf-launch"),
    pytest.param("to-trinh.docx", _docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0vba"}),
                 "có chứa macro", id="docm-renamed-docx"),
    pytest.param("to-trinh.docm", _docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0vba"}),
                 "không khớp với nội dung", id="docm"),
    pytest.param("to-trinh.docx", PDF, "không khớp với nội dung tệp (PDF)", id="name-mismatch"),
    pytest.param("to-trinh", PDF, "Tên tệp (không có đuôi)", id="no-extension"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "message"), DOCUMENT_CASES)
def test_hostile_dossier_file_is_refused_and_nothing_is_stored(
    client, proposal_a, focal_a, forms, name, data, message, settings, tmp_path
):
    from thidua.nominations import services

    settings.MEDIA_ROOT = tmp_path
    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    item = forms["collective"].checklist.get(name__startswith="Tờ trình")
    login(client, focal_a)
    before = _files(tmp_path)
    response = client.post(
        f"/de-nghi/{proposal_a.pk}/",
        {
            "action": "upload",
            "item": item.pk,
            "nominee": "",
            "file": SimpleUploadedFile(name, data),
        },
        follow=True,
    )

    (shown,) = [str(m) for m in response.context["messages"]]
    assert message in shown, shown
    assert not Document.objects.exists()
    assert _files(tmp_path) == before


def test_a_clean_pdf_and_docx_are_accepted():
    for name, data in (("a.pdf", PDF), ("b.docx", _docx()), ("c.PDF", PDF)):
        checked = check_upload(
            SimpleUploadedFile(name, data), allowed=DOCUMENT_KINDS, max_bytes=10**6
        )
        assert checked.data == data


def test_a_path_in_the_file_name_never_reaches_storage(
    client, proposal_a, focal_a, forms, settings, tmp_path
):
    """Django's parser keeps only the last part of a submitted file name; the stored file has a
    name of the system's own, inside the storage folder; a name with a path that reaches the
    check another way is refused."""
    from thidua.nominations import services

    settings.MEDIA_ROOT = tmp_path / "media"
    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    item = forms["collective"].checklist.get(name__startswith="Tờ trình")
    login(client, focal_a)
    body = encode_multipart(BOUNDARY, {"action": "upload", "item": str(item.pk), "nominee": ""})
    evil = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="../../../../tmp/evil.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + PDF
        + b"\r\n"
    )
    body = body.replace(f"--{BOUNDARY}--".encode(), evil + f"--{BOUNDARY}--".encode())
    client.generic("POST", f"/de-nghi/{proposal_a.pk}/", body, content_type=MULTIPART_CONTENT)

    doc = Document.objects.get()
    stored = Path(doc.file.path).resolve()
    assert stored.is_relative_to((tmp_path / "media").resolve())
    assert ".." not in doc.file.name and "evil" not in stored.parent.name
    for name in ("../evil.pdf", "a\\..\\evil.pdf", "evil\x00.pdf"):
        with pytest.raises(ValidationError, match="Tên tệp không hợp lệ"):
            check_name(name, "pdf")


# Oversize: cut off while it arrives ----------------------------------------------------------


def test_an_oversize_file_is_cut_off_at_the_limit_while_it_arrives(settings, rf):
    """The parser hands a 6 MB file to the handlers; with a 1 MB limit, Django's own handlers
    (memory, then a temporary file) receive about 1 MB of it and the form gets a stand-in that
    carries the real size."""
    settings.THIDUA_MAX_UPLOAD_BYTES = settings.THIDUA_MAX_IMPORT_BYTES = 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
    big = b"%PDF-1.4\n" + bytes(6 * 1024 * 1024)
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("lon.pdf", big)})
    request = rf.generic("POST", "/", body, content_type=MULTIPART_CONTENT)
    from django.core.files.uploadhandler import load_handler

    handlers = [load_handler(h, request) for h in settings.FILE_UPLOAD_HANDLERS]
    parser = MultiPartParser(request.META, io.BytesIO(body), handlers, "utf-8")
    _, files = parser.parse()

    upload = files["file"]
    assert isinstance(upload, OversizeUpload) and upload.size == len(big)
    temp = handlers[2].file  # the temporary file Django's handler wrote: no more than the limit
    assert temp.tell() <= 1024 * 1024 + 64 * 1024
    with pytest.raises(ValidationError, match=r"Tệp quá lớn \(6\.0 MB\)"):
        check_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=1024 * 1024)


def test_an_oversize_import_gets_a_vietnamese_message_and_queues_nothing(
    client, secretariat, settings
):
    settings.THIDUA_MAX_UPLOAD_BYTES = settings.THIDUA_MAX_IMPORT_BYTES = 100 * 1024
    login(client, secretariat)
    upload = SimpleUploadedFile("ca-nhan.xlsx", b"PK\x03\x04" + bytes(300 * 1024))
    response = client.post("/nhap-du-lieu/", {"kind": "people", "file": upload})
    (error,) = response.context["form"].errors["file"]
    assert error.startswith("Tệp quá lớn (0.3 MB)")
    assert not Job.objects.exists()


# The virus scan: a local stand-in for clamd, speaking its INSTREAM protocol ------------------


class _Clamd(socketserver.BaseRequestHandler):
    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            size = struct.unpack("!L", self._exactly(4))[0]
            if size == 0:
                break
            data += self._exactly(size)
        self.server.scanned.append(data)
        verdict = b"Eicar-Test-Signature FOUND" if EICAR in data else b"OK"
        self.request.sendall(b"stream: " + verdict + b"\0")

    def _exactly(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            part = self.request.recv(n - len(buf))
            if not part:
                raise ConnectionError
            buf += part
        return buf


@pytest.fixture
def clamd(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Clamd)
    server.scanned = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.THIDUA_CLAMD = f"127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def test_virus_scan_refuses_what_clamd_finds_and_accepts_the_rest(clamd):
    infected = PDF.replace(b"%%EOF", b"% " + EICAR + b"\n%%EOF")
    with pytest.raises(
        ValidationError, match="Tệp có virus hoặc mã độc \\(Eicar-Test-Signature\\)"
    ):
        check_upload(SimpleUploadedFile("a.pdf", infected), allowed=DOCUMENT_KINDS, max_bytes=10**6)
    assert check_upload(SimpleUploadedFile("a.pdf", PDF), allowed=DOCUMENT_KINDS, max_bytes=10**6)
    assert clamd.scanned == [infected, PDF]


def test_when_clamd_does_not_answer_the_upload_is_refused_not_let_through(settings):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    settings.THIDUA_CLAMD = f"127.0.0.1:{port}"
    with pytest.raises(ValidationError, match="Chưa kiểm tra được virus"):
        check_upload(SimpleUploadedFile("a.pdf", PDF), allowed=DOCUMENT_KINDS, max_bytes=10**6)


def test_virus_scan_covers_dossier_uploads_end_to_end(
    client, proposal_a, focal_a, forms, clamd, settings, tmp_path
):
    from thidua.nominations import services

    settings.MEDIA_ROOT = tmp_path
    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    item = forms["collective"].checklist.get(name__startswith="Tờ trình")
    login(client, focal_a)
    infected = PDF.replace(b"%%EOF", b"% " + EICAR + b"\n%%EOF")
    response = client.post(
        f"/de-nghi/{proposal_a.pk}/",
        {"action": "upload", "item": item.pk, "nominee": "",
         "file": SimpleUploadedFile("to-trinh.pdf", infected)},
        follow=True,
    )  # fmt: skip
    assert any("virus" in str(m) for m in response.context["messages"])
    assert not Document.objects.exists()


def test_a_sheet_without_cell_references_is_measured_too(settings):
    """Rows and cells may leave out r="…" (their position is then the next one): such a sheet
    is measured tag by tag, and refused past the limit like any other."""
    rows = [person_row(f"CB{i:03}") for i in range(30)]

    def strip(body: bytes) -> bytes:
        body = re.sub(rb"<dimension [^>]*/>", b"", body)
        return re.sub(rb'(<(?:row|c)\b[^>]*?) r="[A-Z]*\d+"', rb"\1", body)

    data = _rezip(xlsx(PEOPLE_HEADER, *rows), replace=_sheet(strip))
    assert b' r="' not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    settings.THIDUA_MAX_IMPORT_CELLS = 31 * len(PEOPLE_HEADER)
    assert check_upload(SimpleUploadedFile("a.xlsx", data), allowed={"xlsx"}, max_bytes=10**7)
    settings.THIDUA_MAX_IMPORT_CELLS = 30 * len(PEOPLE_HEADER)
    with pytest.raises(ValidationError, match="có vùng dữ liệu 31 dòng"):
        check_upload(SimpleUploadedFile("a.xlsx", data), allowed={"xlsx"}, max_bytes=10**7)
