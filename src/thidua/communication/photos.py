"""Photos of stories and news: judged by content (PNG or JPEG only), refused in Vietnamese when
too heavy or too large, then re-encoded — resized to at most MAX_SIDE pixels and stripped of
metadata (EXIF with GPS positions, anything appended to the file)."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from thidua.core.uploads import check_upload

PHOTO_KINDS = frozenset({"png", "jpeg"})
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is more than any phone takes; beyond: refused


def max_photo_bytes() -> int:
    return getattr(settings, "THIDUA_MAX_PHOTO_BYTES", 10 * 1024 * 1024)


@dataclass(frozen=True)
class ProcessedPhoto:
    data: bytes
    kind: str
    width: int
    height: int
    sha256: str

    @property
    def extension(self) -> str:
        return "png" if self.kind == "png" else "jpg"


def process_photo(upload) -> ProcessedPhoto:
    from PIL import Image, ImageOps

    checked = check_upload(upload, allowed=PHOTO_KINDS, max_bytes=max_photo_bytes())
    try:
        with Image.open(io.BytesIO(checked.data)) as im:
            if im.format not in {"PNG", "JPEG"}:
                raise ValidationError("Tệp ảnh không đúng định dạng PNG hoặc JPEG.")
            if im.width * im.height > MAX_PIXELS:
                raise ValidationError(
                    f"Ảnh quá lớn ({im.width} × {im.height} điểm ảnh); ảnh không được vượt quá "
                    f"{MAX_PIXELS // 1_000_000} triệu điểm ảnh."
                )
            im.load()
            image = ImageOps.exif_transpose(im)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError("Tệp ảnh bị hỏng hoặc không đọc được; hãy chọn ảnh khác.") from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    out = io.BytesIO()
    if checked.kind == "png" and has_alpha:
        image.save(out, format="PNG", optimize=True)
        kind = "png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        kind = "jpeg"
    data = out.getvalue()
    return ProcessedPhoto(
        data=data,
        kind=kind,
        width=image.width,
        height=image.height,
        sha256=hashlib.sha256(data).hexdigest(),
    )
