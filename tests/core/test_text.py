import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import name_sort_key, nfc, search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nguyễn Văn Hưởng", "nguyen van huong"),
        ("Đặng Thị Bích Đào", "dang thi bich dao"),
        ("  ĐÀM   văn  QUÂN ", "dam van quan"),
        ("Thị trấn Tĩnh Túc", "thi tran tinh tuc"),
        (unicodedata.normalize("NFD", "Hoàng Thị Thu Hà"), "hoang thi thu ha"),
    ],
)
def test_search_key_drops_diacritics_and_maps_d_stroke(text, key):
    assert search_key(text) == key


def test_nfc_composes_decomposed_vietnamese_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn Hưởng ")
    assert decomposed != "Nguyễn Văn Hưởng"
    assert nfc(decomposed) == "Nguyễn Văn Hưởng"


def _sorted(names):
    return sorted(names, key=name_sort_key)


def test_people_sort_by_given_name_first():
    names = ["Nông Văn Bình", "Hoàng Thị An", "Lý Văn Cường"]
    assert _sorted(names) == ["Hoàng Thị An", "Nông Văn Bình", "Lý Văn Cường"]


def test_same_given_name_sorts_by_family_then_middle_name():
    names = ["Nông Văn Hùng", "Bế Văn Hùng", "Bế Đức Hùng"]
    assert _sorted(names) == ["Bế Đức Hùng", "Bế Văn Hùng", "Nông Văn Hùng"]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("Lê An", "Lê Ăn"),  # a < ă
        ("Lê Ăn", "Lê Ân"),  # ă < â
        ("Lê Dung", "Lê Đức"),  # d < đ, whatever follows
        ("Lê Dương", "Lê Đa"),
        ("Lê Ô", "Lê Ơ"),  # ô < ơ
        ("Lê Thu", "Lê Thư"),  # u < ư
        ("Lê An", "Lê Anh"),  # a prefix first
        ("Lê Ma", "Lê Mà"),  # tones: ngang < huyền < hỏi < ngã < sắc < nặng
        ("Lê Mà", "Lê Mả"),
        ("Lê Mả", "Lê Mã"),
        ("Lê Mã", "Lê Má"),
        ("Lê Má", "Lê Mạ"),
        ("Lê Mạ", "Lê Mai"),  # letters decide before tones
        ("Lê Yến", "Lý Yến"),
    ],
)
def test_vietnamese_alphabet_and_tone_order(earlier, later):
    assert name_sort_key(earlier) < name_sort_key(later)


def test_sort_key_is_digits_only_so_every_database_collation_agrees():
    assert name_sort_key("Đặng Thị Bích Đào").isdigit()


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ ", min_size=1, max_size=30))
def test_sort_key_ignores_normalisation_form(name):
    assert name_sort_key(unicodedata.normalize("NFD", name)) == name_sort_key(
        unicodedata.normalize("NFC", name)
    )
