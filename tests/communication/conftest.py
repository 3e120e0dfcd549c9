import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.communication import services
from thidua.communication.enums import ArticleKind


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image_upload(name="anh.jpg", size=(2400, 1200), fmt="JPEG", mode="RGB", exif=False):
    from PIL import Image

    buf = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    kwargs = {}
    if exif:
        ex = Image.Exif()
        ex[0x010F] = "MayAnhBiMat"  # Make
        kwargs["exif"] = ex
    image.save(buf, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


@pytest.fixture
def story(world, editor):
    return services.article_create(
        actor=editor,
        kind=ArticleKind.STORY,
        unit=world.district,
        title="Người cán bộ tận tụy với một cửa",
        summary="Chị Đào giải quyết hồ sơ đúng hạn suốt năm.",
        body="<p>Chị <strong>Đặng Thị Bích Đào</strong> làm việc tận tụy.</p>",
    )


@pytest.fixture
def published_story(story, editor, secretariat):
    services.article_submit(actor=editor, article=story)
    return services.article_approve(actor=secretariat, article=story)
