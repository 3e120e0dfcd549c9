"""Uploads are judged by their content, never by their name, and by their size."""

import hashlib
import io
import re
import socket
import struct
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "doc": "Word 97–2003 (.doc)",
    "odt": "OpenDocument (.odt)",
    "xlsx": "Excel (.xlsx)",
    "png": "ảnh PNG",
    "jpeg": "ảnh JPEG",
}
DOCUMENT_KINDS = frozenset({"pdf", "docx", "doc", "odt"})
XLS_LEGACY = (
    "Tệp là định dạng Excel 97–2003 (.xls) hoặc đã được đặt mật khẩu. Hãy mở tệp bằng Excel, "
    "bỏ mật khẩu nếu có, chọn «Lưu thành» → «Sổ làm việc Excel (*.xlsx)» rồi tải lên lại."
)
_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
_EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "doc": "doc",
    "odt": "odt",
    "xlsx": "xlsx",
    "png": "png",
    "jpeg": "jpg",
}


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    size: int
    sha256: str
    data: bytes

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self.kind]


def sniff(head: bytes, data: bytes) -> str | None:
    """The file's real kind from its bytes."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if (
                    "mimetype" in names
                    and z.getinfo("mimetype").file_size < 256
                    and z.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text")
                ):
                    return "odt"
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
    return None


def check_upload(upload, *, allowed: frozenset[str], max_bytes: int) -> CheckedUpload:
    """Read an uploaded file and refuse it, in Vietnamese, unless its content is an allowed
    kind and it fits the size limit."""
    allowed_text = ", ".join(KIND_LABELS[k] for k in sorted(allowed))
    if upload is None:
        raise ValidationError("Chưa chọn tệp để tải lên.")
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            f"Tệp quá lớn ({upload.size / 1048576:.1f} MB); dung lượng tối đa là "
            f"{max_bytes / 1048576:.0f} MB."
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(f"Tệp quá lớn; dung lượng tối đa là {max_bytes / 1048576:.0f} MB.")
    if not data:
        raise ValidationError("Tệp tải lên không có nội dung.")
    kind = sniff(data[:16], data)
    if kind not in allowed:
        raise ValidationError(
            f"Nội dung tệp không phải là tệp được chấp nhận ({allowed_text}). "
            "Hệ thống kiểm tra nội dung tệp chứ không dựa vào tên tệp."
        )
    check_name(getattr(upload, "name", "") or "", kind)
    check_content(data, kind)
    return CheckedUpload(
        kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data
    )


def check_spreadsheet_upload(upload):
    """An Excel import's file as it arrives, before anything is stored or queued: an .xlsx
    that fits the import's limits (size, cells, decompressed size, no macros), else a
    Vietnamese refusal. Returned rewound, for the view to read, with `checked_sha256`: the
    digest of the bytes checked, which the job carries so that the worker does not scan the
    same bytes again (`core.excel.open_rows`)."""
    if upload is None:
        raise ValidationError("Chưa chọn tệp để tải lên.")
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(XLS_LEGACY)
    checked = check_upload(
        upload, allowed=frozenset({"xlsx"}), max_bytes=settings.THIDUA_MAX_IMPORT_BYTES
    )
    upload.seek(0)
    upload.checked_sha256 = checked.sha256
    return upload


def file_response(field_file, *, download_name: str) -> FileResponse:
    """Serve a stored private file; the caller has checked permission. Stored names end with
    the extension of the kind found at upload, so the content type is the checked one."""
    ext = field_file.name.rsplit(".", 1)[-1].lower()
    kind = {v: k for k, v in _EXTENSIONS.items()}.get(ext, "")
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name)
    response["Content-Type"] = _CONTENT_TYPES.get(kind, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --------------------------------------------------------------------------------------------
# Hostile files: zip bombs, oversized spreadsheets, macros, active PDFs, mismatched names, and
# an optional virus scan. Each check reads a bounded amount, whatever the file claims.

ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_RATIO = 200  # uncompressed : compressed, for a member larger than ZIP_RATIO_FROM
ZIP_RATIO_FROM = 1024 * 1024
_CHUNK = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB"


def _zip_members(archive: zipfile.ZipFile, *, max_total: int) -> list[zipfile.ZipInfo]:
    """Refuse a zip container (xlsx, docx, odt) whose members would expand past the limits,
    judged from the central directory before anything is decompressed."""
    infos = archive.infolist()
    if len(infos) > ZIP_MAX_ENTRIES:
        raise ValidationError(f"Tệp có {len(infos)} thành phần nén, quá nhiều để là tài liệu thật.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio_bad = info.file_size > ZIP_RATIO_FROM and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        )
        if ratio_bad or total > max_total:
            raise ValidationError(
                "Tệp nén bất thường (khi giải nén sẽ lớn hơn "
                f"{_mb(max_total) if total > max_total else f'{ZIP_MAX_RATIO} lần'}): có thể là "
                "«bom nén». Hệ thống không mở tệp này."
            )
    return infos


def _zip_stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A member's bytes in chunks, never more than its declared size (a member that lies about
    its size is refused the moment it passes it)."""
    refused = ValidationError(
        "Tệp nén bất thường hoặc bị hỏng (một thành phần không khớp với kích thước khai báo). "
        "Hệ thống không mở tệp này."
    )
    seen = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                seen += len(chunk)
                if seen > info.file_size:
                    raise refused
                yield chunk
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        raise refused from None


def _zip_open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("Tệp nén bị hỏng, không mở được.") from None


_MACRO_MARKERS = (b"macroEnabled", b"vbaProject", b"vbaData", b"activeX")


def _zip_has_macros(archive: zipfile.ZipFile, infos) -> bool:
    for info in infos:
        low = info.filename.lower()
        if low.endswith((".bin", "vbaproject.bin")) or "activex" in low or low.startswith(
            "basic/"
        ):  # fmt: skip
            return True
    try:
        types = (
            archive.read("[Content_Types].xml")
            if "[Content_Types].xml" in archive.namelist()
            else b""
        )
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    return any(m.lower() in types.lower() for m in _MACRO_MARKERS)


MACRO_REFUSED = (
    "Tệp có chứa macro (mã lệnh chạy tự động, như tệp .docm, .xlsm). Hãy lưu lại thành tệp "
    "không có macro (.docx, .xlsx hoặc PDF) rồi tải lên."
)


# Spreadsheets --------------------------------------------------------------------------------

_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension)\b([^>]*)>")
_REF = re.compile(rb'\b(?:r|ref)="\$?([A-Z]{1,3})?\$?(\d+)(?::\$?([A-Z]{1,3})?\$?(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _cells_refused(rows: int, cols: int, limit: int, declared: bool) -> ValidationError:
    def n(x: int) -> str:
        return f"{x:,}".replace(",", ".")

    what = "khai báo vùng dữ liệu" if declared else "có vùng dữ liệu"
    return ValidationError(
        f"Bảng tính {what} {n(rows)} dòng × {n(cols)} cột ({n(rows * cols)} ô), vượt quá giới "
        f"hạn {n(limit)} ô của một lần nhập. Hãy xóa các dòng, cột thừa (kể cả ô trống đã định "
        "dạng) hoặc chia thành nhiều tệp."
    )


_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b([^>]*)>")
# How Excel, LibreOffice and the Python writers lay out rows and cells: the reference first.
_ROW_R = re.compile(rb'<row r="(\d+)"')
_CELL_R = re.compile(rb'<c r="([A-Z]{1,3})\d+"')


class _ExactScan:
    """Tag by tag, for sheets whose rows or cells leave out their reference (allowed, rare:
    the position is then the previous one plus one)."""

    def __init__(self, max_cells: int, row: int, max_row: int, max_col: int):
        self.max_cells, self.row, self.col = max_cells, row, 0
        self.max_row, self.max_col = max_row, max_col

    def feed(self, buf: bytes) -> None:
        for m in _SHEET_TAG.finditer(buf):
            tag, ref = m.group(1), _REF.search(m.group(2))
            if tag == b"dimension":
                continue
            if tag == b"row":
                self.row, self.col = (int(ref.group(2)) if ref else self.row + 1), 0
            else:
                self.col = _column_number(ref.group(1)) if ref and ref.group(1) else self.col + 1
                if ref:
                    self.row = max(self.row, int(ref.group(2)))
            if self.row > self.max_row or self.col > self.max_col:
                self.max_row, self.max_col = (
                    max(self.max_row, self.row),
                    max(self.max_col, self.col),
                )
                if self.max_row * self.max_col > self.max_cells:
                    raise _cells_refused(self.max_row, self.max_col, self.max_cells, declared=False)


def _scan_sheet(chunks, *, max_cells: int) -> None:
    """Stream one worksheet's XML: its declared <dimension> is checked first, then the real
    extent of its rows and cells, chunk by chunk (about 1 MB), never holding more in memory.
    Rows and cells normally carry their reference (r="XFD1048576"): a few regular expressions
    per chunk then find the largest; a sheet that leaves references out is read tag by tag."""
    tail = b""
    max_row = max_col = 0
    exact: _ExactScan | None = None
    first = True
    for chunk in chunks:
        buf = tail + chunk
        cut = buf.rfind(b"<")
        if cut < 0 or buf.find(b">", cut) >= 0:
            cut = len(buf)
        buf, tail = buf[:cut], buf[cut:]
        if len(tail) > 65536:  # a tag that never closes
            raise ValidationError("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")
        if first:
            first = False
            dim = _DIMENSION.search(buf)
            ref = _REF.search(dim.group(1)) if dim else None
            if ref and ref.group(4):
                rows = int(ref.group(4)) - int(ref.group(2)) + 1
                cols = _column_number(ref.group(3) or b"A") - _column_number(ref.group(1) or b"A")
                if rows * (cols + 1) > max_cells:
                    raise _cells_refused(rows, cols + 1, max_cells, declared=True)
        if exact is None:
            row_refs = _ROW_R.findall(buf)
            cell_refs = _CELL_R.findall(buf)
            tags_row = buf.count(b"<row ") + buf.count(b"<row>")
            tags_cell = buf.count(b"<c ") + buf.count(b"<c>") + buf.count(b"<c/>")
            prefixed = b":row" in buf or b":c " in buf
            if len(row_refs) != tags_row or len(cell_refs) != tags_cell or prefixed:
                exact = _ExactScan(max_cells, max_row, max_row, max_col)
            else:
                if row_refs:
                    max_row = max(max_row, max(map(int, row_refs)))
                if cell_refs:
                    max_col = max(max_col, max(map(_column_number, set(cell_refs))))
                if max_row * max_col > max_cells:
                    raise _cells_refused(max_row, max_col, max_cells, declared=False)
                continue
        exact.feed(buf)


def check_spreadsheet(data: bytes) -> None:
    """Refuse, before any spreadsheet library reads it, an .xlsx that would not fit: a zip bomb,
    a workbook with macros, or a sheet whose declared or real extent exceeds
    THIDUA_MAX_IMPORT_CELLS cells. Every member is decompressed as a stream, at most up to its
    declared size and THIDUA_MAX_IMPORT_UNCOMPRESSED in all."""
    archive = _zip_open(data)
    with archive:
        infos = _zip_members(archive, max_total=settings.THIDUA_MAX_IMPORT_UNCOMPRESSED)
        if _zip_has_macros(archive, infos):
            raise ValidationError(MACRO_REFUSED)
        for info in infos:
            name = info.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                _scan_sheet(_zip_stream(archive, info), max_cells=settings.THIDUA_MAX_IMPORT_CELLS)
            else:
                for _ in _zip_stream(archive, info):
                    pass


# PDFs ----------------------------------------------------------------------------------------

_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_PDF_ACTIVE = {
    b"/JavaScript": "mã JavaScript",
    b"/JS": "mã JavaScript",
    b"/Launch": "lệnh chạy chương trình",
    b"/EmbeddedFile": "tệp đính kèm bên trong",
    b"/EmbeddedFiles": "tệp đính kèm bên trong",
    b"/RichMedia": "nội dung đa phương tiện nhúng",
    b"/XFA": "biểu mẫu XFA",
}
_PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_MAX_INFLATE = 64 * 1024 * 1024


def _pdf_names(blob: bytes):
    for m in _PDF_NAME.finditer(blob):
        name = m.group(0)
        if b"#" in name:  # /Java#53cript is /JavaScript
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda h: bytes([int(h.group(1), 16)]), name)
        yield name


def _pdf_active_content(data: bytes) -> str | None:
    """What active content a PDF carries (JavaScript, also in an /OpenAction, launch actions,
    embedded files), looked for in its objects and in its compressed streams (object streams
    hide objects there); None if it has none."""
    blobs = [data]
    inflated = 0
    for m in _PDF_STREAM.finditer(data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        d = zlib.decompressobj()
        try:
            out = d.decompress(data[start:end], PDF_MAX_INFLATE - inflated)
        except zlib.error:
            continue
        inflated += len(out)
        blobs.append(out)
        if inflated >= PDF_MAX_INFLATE:
            break
    for blob in blobs:
        for name in _pdf_names(blob):
            if name in _PDF_ACTIVE:
                return _PDF_ACTIVE[name]
    return None


# Names, the virus scan, and the one check every upload goes through --------------------------

_NAME_EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "doc": {"doc"},
    "odt": {"odt"},
    "xlsx": {"xlsx"},
    "png": {"png"},
    "jpeg": {"jpg", "jpeg", "jpe", "jfif"},
}


def check_name(name: str, kind: str) -> None:
    """A file whose name says one kind and whose content is another is refused, and so is a
    name that tries to leave the upload folder or carries control characters."""
    if not name:
        return
    if "/" in name or "\\" in name or name in {".", ".."} or any(ord(c) < 32 for c in name):
        raise ValidationError("Tên tệp không hợp lệ (có đường dẫn hoặc ký tự điều khiển).")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in _NAME_EXTENSIONS.get(kind, set()):
        shown = f"«.{ext}»" if ext else "không có đuôi"
        raise ValidationError(
            f"Tên tệp ({shown}) không khớp với nội dung tệp ({KIND_LABELS[kind]}). Hãy kiểm tra "
            "lại tệp: có thể đã chọn nhầm tệp hoặc tệp đã bị đổi tên."
        )


class VirusScanUnavailable(Exception):
    pass


def virus_scan(data: bytes) -> str | None:
    """Send the bytes to ClamAV's clamd (INSTREAM) when THIDUA_CLAMD is set (a socket path, or
    host:port); return the name of what it found, or None when clean or not configured."""
    where = settings.THIDUA_CLAMD
    if not where:
        return None
    try:
        if where.startswith("/"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address: object = where
        else:
            host, _, port = where.rpartition(":")
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (host or "127.0.0.1", int(port))
        with sock:
            sock.settimeout(settings.THIDUA_CLAMD_TIMEOUT)
            sock.connect(address)
            sock.sendall(b"zINSTREAM\0")
            for i in range(0, len(data), 65536):
                chunk = data[i : i + 65536]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < 4096:
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as exc:
        raise VirusScanUnavailable(str(exc)) from None
    text = reply.rstrip(b"\0").decode("utf-8", "replace")
    if text.endswith("FOUND"):
        return text.split(":", 1)[-1].removesuffix("FOUND").strip() or "mã độc"
    if not text.endswith("OK"):
        raise VirusScanUnavailable(text)
    return None


def check_content(data: bytes, kind: str) -> None:
    """The checks by content shared by every upload: containers that would expand too far or
    carry macros, PDFs with active content, and the virus scan when configured."""
    if kind in {"docx", "odt", "xlsx"}:
        if kind == "xlsx":
            check_spreadsheet(data)
        else:
            archive = _zip_open(data)
            with archive:
                infos = _zip_members(archive, max_total=settings.THIDUA_MAX_IMPORT_UNCOMPRESSED)
                if _zip_has_macros(archive, infos):
                    raise ValidationError(MACRO_REFUSED)
    elif kind == "doc" and (b"_\x00V\x00B\x00A\x00_\x00P\x00R\x00O\x00J\x00E\x00C\x00T" in data
                            or b"M\x00a\x00c\x00r\x00o\x00s\x00" in data):  # fmt: skip
        raise ValidationError(MACRO_REFUSED)
    elif kind == "pdf":
        found = _pdf_active_content(data)
        if found:
            raise ValidationError(
                f"Tệp PDF có {found}, có thể gây hại khi mở. Hãy in lại tài liệu ra PDF thường "
                "(«In» → «Lưu dưới dạng PDF») rồi tải lên."
            )
    try:
        found = virus_scan(data)
    except VirusScanUnavailable:
        raise ValidationError(
            "Chưa kiểm tra được virus cho tệp (dịch vụ quét virus không trả lời). Vui lòng thử "
            "lại sau ít phút."
        ) from None
    if found:
        raise ValidationError(f"Tệp có virus hoặc mã độc ({found}); hệ thống không nhận tệp này.")


# The request itself -------------------------------------------------------------------------


class OversizeUpload(UploadedFile):
    """What a form receives for a file cut off at the limit: no content, and the size that
    was sent, so the form's size check refuses it with the usual message."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes a file's chunks on to Django's handlers (memory,
    then a temporary file) until the file passes the largest upload any form accepts; the rest
    is read off the connection and dropped, so an oversize file fills neither memory nor disk
    past the limit. The form then gets an OversizeUpload and answers in Vietnamese."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.seen = 0
        self.limit = max(settings.THIDUA_MAX_IMPORT_BYTES, settings.THIDUA_MAX_UPLOAD_BYTES)

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        if self.seen > self.limit:
            return None  # the handlers after this one see nothing more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.seen > self.limit:
            return OversizeUpload(self.file_name, self.seen, self.content_type)
        return None
