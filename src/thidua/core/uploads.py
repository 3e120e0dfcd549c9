"""Uploads are judged by their content, never by their name, and by their size."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
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
                if "mimetype" in names and z.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.text"
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
    return CheckedUpload(
        kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data
    )


def file_response(field_file, *, download_name: str) -> FileResponse:
    """Serve a stored private file; the caller has checked permission. Stored names end with
    the extension of the kind found at upload, so the content type is the checked one."""
    ext = field_file.name.rsplit(".", 1)[-1].lower()
    kind = {v: k for k, v in _EXTENSIONS.items()}.get(ext, "")
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name)
    response["Content-Type"] = _CONTENT_TYPES.get(kind, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
