import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.communication.conftest import image_upload
from thidua.communication.photos import MAX_SIDE, process_photo


def test_photo_is_resized_and_reencoded_without_metadata():
    from PIL import Image

    processed = process_photo(image_upload(size=(3200, 1600), exif=True))
    assert (processed.kind, processed.width, processed.height) == ("jpeg", MAX_SIDE, 800)
    with Image.open(io.BytesIO(processed.data)) as im:
        assert im.size == (1600, 800)
        assert dict(im.getexif()) == {}
    assert b"MayAnhBiMat" not in processed.data


def test_small_png_keeps_its_size_and_transparency():
    processed = process_photo(image_upload("a.png", size=(300, 200), fmt="PNG", mode="RGBA"))
    assert (processed.kind, processed.width, processed.height) == ("png", 300, 200)


def test_a_file_that_is_not_an_image_is_refused_in_vietnamese():
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        process_photo(fake)
    assert exc.value.messages[0].startswith(
        "Nội dung tệp không phải là tệp được chấp nhận (ảnh JPEG, ảnh PNG)"
    )


def test_a_truncated_image_is_refused_in_vietnamese():
    data = image_upload().read()[:200]
    with pytest.raises(ValidationError) as exc:
        process_photo(SimpleUploadedFile("anh.jpg", data))
    assert exc.value.messages == ["Tệp ảnh bị hỏng hoặc không đọc được; hãy chọn ảnh khác."]


def test_a_heavy_file_is_refused_by_size(settings):
    settings.THIDUA_MAX_PHOTO_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        process_photo(image_upload(size=(800, 800)))
    assert exc.value.messages[0].startswith("Tệp quá lớn")


def test_a_huge_image_is_refused_by_pixels_before_decoding():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buf, format="PNG")  # 48 megapixels, a few kB
    with pytest.raises(ValidationError) as exc:
        process_photo(SimpleUploadedFile("to.png", buf.getvalue()))
    assert exc.value.messages == [
        "Ảnh quá lớn (8000 × 6000 điểm ảnh); ảnh không được vượt quá 40 triệu điểm ảnh."
    ]
