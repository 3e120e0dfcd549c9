"""The fast QR matrices are segno's own (mask 0) for every length and block structure, and
other text still goes through segno."""

import random
import string

import pytest
import segno

from thidua.documents import qr


def _segno(text: str) -> tuple[str, ...]:
    code = segno.make(text, error="m", mask=0, micro=False)
    return tuple("".join("1" if m else "0" for m in row) for row in code.matrix)


@pytest.mark.parametrize("length", [1, 14, 15, 16, 31, 60, 97, 150, 271, 426, 476, 700, 1400, 2200])
def test_matrix_is_segnos_for_byte_mode_text(length):
    rng = random.Random(length)
    text = "https://thidua.example.vn/xac-thuc/K7QM-2XDP-9RTA#" + "".join(
        rng.choice(string.ascii_letters + string.digits + "-_.") for _ in range(length)
    )
    rows = qr.matrix(text)
    assert rows == _segno(text)
    assert (
        len(rows)
        == len(rows[0])
        == segno.make(text, error="m", micro=False).symbol_size(border=0)[0]
    )


@pytest.mark.parametrize("text", ["K7QM-2XDP-9RTA", "0123456789", "Nguyễn Thị Ánh"])
def test_other_modes_and_non_ascii_text_go_through_segno(text):
    assert qr.matrix(text) == _segno(text)


def test_svg_draws_each_dark_run():
    rows = qr.matrix("https://thidua.example.vn/xac-thuc/K7QM-2XDP-9RTA")
    svg = qr.svg(rows, scale=2, border=4)
    assert svg.startswith("<svg") and f'width="{(len(rows) + 8) * 2}"' in svg
    assert svg.count("M") == len(qr.dark_runs(rows)) > 0
