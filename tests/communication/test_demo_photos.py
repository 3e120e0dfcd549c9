"""The demo's stories get drawn illustrations, one different picture per story."""

import io

from PIL import Image

from thidua.demo.communication import PHOTO_LICENCE, _photo


def test_each_story_gets_its_own_drawn_picture():
    first, second = _photo(0, "a").read(), _photo(1, "b").read()
    assert first != second
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.size) == ("JPEG", (1200, 800))
    assert len(image.resize((60, 40)).getcolors(maxcolors=4000)) > 20  # a scene, not a disc
    assert "CC0" in PHOTO_LICENCE and "không phải ảnh thật" in PHOTO_LICENCE
