"""QR code matrices fast enough to make one per certificate.

A certificate's QR code carries its verification link and the signed statement (about 480
characters: version 17, 85 × 85 modules). segno, in pure Python, took ~8 ms for one — more
than the rest of the certificate. Everything in a QR code except its data modules depends only
on the version, the error level and the mask, so that part is built once per (version, error)
with segno's own functions and kept: where each data bit goes, what the fixed modules are and
the mask over the data. A code then costs its Reed–Solomon blocks (table-driven, one integer per
block) and one C-level gather of the bits into place (~0.2 ms).

Only byte-mode ASCII text takes this path (what segno would itself encode in byte mode); any
other text is left to segno. The result is the same matrix segno makes with ``mask=0``
(tests/documents/test_qr.py compares them); the mask is fixed because decoders read any of the
eight and choosing the "best" one cost more than rendering the certificate.
"""

from __future__ import annotations

import functools
import operator
import re
from itertools import chain

_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
_RUNS = re.compile(r"1+")


def matrix(text: str) -> tuple[str, ...]:
    """The QR code of `text` (error level M, raised while the version allows, mask 0) as rows
    of "0" and "1" (1 = dark), without the quiet zone."""
    if text.isascii() and not set(text) <= _ALNUM:
        try:
            version, error = _version(len(text))
        except ValueError:
            pass
        else:
            return _Template.get(version, error).place(text.encode("ascii"))
    return _segno_matrix(text)


def _segno_matrix(text: str) -> tuple[str, ...]:
    import segno

    code = segno.make(text, error="m", mask=0, micro=False)
    return tuple("".join("1" if m else "0" for m in row) for row in code.matrix)


def dark_runs(rows: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules."""
    return [
        (r, m.start(), m.end() - m.start())
        for r, row in enumerate(rows)
        for m in _RUNS.finditer(row)
    ]


def svg(rows: tuple[str, ...], *, scale: int = 1, border: int = 0) -> str:
    """The matrix as a small SVG (one path)."""
    size = (len(rows) + 2 * border) * scale
    path = "".join(
        f"M{(c + border) * scale} {(r + border) * scale + scale / 2:g}h{n * scale}"
        for r, c, n in dark_runs(rows)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'class="segno"><path stroke="#000" stroke-width="{scale}" d="{path}"/></svg>'
    )


@functools.cache
def _capacities() -> dict:
    from segno import consts

    return consts.SYMBOL_CAPACITY


def _version(length: int) -> tuple[int, int]:
    """The smallest version holding `length` bytes at level M, and the highest level that
    version still holds them at (segno's error boosting)."""
    from segno import consts

    levels = (consts.ERROR_LEVEL_M, consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H)
    capacity = _capacities()
    for version in range(1, 41):
        bits = 4 + (8 if version < 10 else 16) + 8 * length
        if capacity[version][levels[0]] >= bits:
            error = levels[0]
            for level in levels[1:]:
                if capacity[version][level] < bits:
                    break
                error = level
            return version, error
    raise ValueError("too long for a QR code")


class _Template:
    """What a (version, error level) fixes: block structure, placement, fixed modules, mask."""

    @classmethod
    @functools.cache
    def get(cls, version: int, error: int) -> _Template:
        return cls(version, error)

    def __init__(self, version: int, error: int):
        from segno import consts, encoder

        self.version = version
        self.capacity_bits = consts.SYMBOL_CAPACITY[version][error]
        self.count_bits = 8 if version < 10 else 16
        self.blocks = [
            (info.num_data, info.num_total - info.num_data)
            for info in consts.ECC[version][error]
            for _ in range(info.num_blocks)
        ]
        self.ec_tables = {ec: _ec_table(ec) for _d, ec in self.blocks}
        self.remainder = (
            7 if version in range(2, 7) else
            3 if version in (*range(14, 21), *range(28, 35)) else
            4 if version in range(21, 28) else 0
        )  # fmt: skip
        width = encoder.calc_matrix_size(version)
        self.width = width
        m = encoder.make_matrix(width, width)
        encoder.add_finder_patterns(m, width, width)
        encoder.add_alignment_patterns(m, width, width)
        # The data modules in placement order (segno's add_codewords, recorded).
        order = []
        for right in range(width - 1, 0, -2):
            if right <= 6:
                right -= 1
            for vertical in range(width):
                for z in (0, 1):
                    j = right - z
                    upwards = ((right & 2) == 0) ^ (j < 6)
                    i = (width - 1 - vertical) if upwards else vertical
                    if m[i][j] == 0x2:
                        order.append(i * width + j)
                        m[i][j] = 0
        self.nbits = len(order)
        # Mask 0 flips data modules where (i + j) is even; the format and version information
        # then fill their reserved places.
        self.mask = int(
            "".join("1" if (p // width + p % width) % 2 == 0 else "0" for p in order), 2
        )
        encoder.add_format_info(m, version, error, 0)
        encoder.add_version_info(m, version)
        fixed = "".join(str(m[i][j] & 1) for i in range(width) for j in range(width))
        slot = dict.fromkeys(range(width * width), -1)
        for k, p in enumerate(order):
            slot[p] = k
        # Each module's place in (data bits in placement order) + (every module's fixed value).
        self.gather = operator.itemgetter(
            *[slot[p] if slot[p] >= 0 else self.nbits + p for p in range(width * width)]
        )
        self.fixed = fixed

    def place(self, data: bytes) -> tuple[str, ...]:
        n = len(data)
        value = (0b0100 << (self.count_bits + 8 * n)) | (n << (8 * n)) | int.from_bytes(data)
        bits = 4 + self.count_bits + 8 * n
        terminator = min(4, self.capacity_bits - bits)
        value <<= terminator
        bits += terminator
        # Up to the next byte; as segno does, a whole zero byte when already there.
        value <<= 8 - bits % 8
        bits += 8 - bits % 8
        total_data = self.capacity_bits // 8
        codewords = bytearray(value.to_bytes(bits // 8)[:total_data])
        pad = b"\xec\x11" * ((total_data - len(codewords)) // 2 + 1)
        codewords += pad[: total_data - len(codewords)]
        data_blocks, ec_blocks, start = [], [], 0
        for num_data, num_ec in self.blocks:
            block = codewords[start : start + num_data]
            start += num_data
            data_blocks.append(block)
            ec_blocks.append(_ec(block, num_ec, self.ec_tables[num_ec]))
        # Interleaved by column; blocks of a version differ by one data codeword at most.
        short = min(len(b) for b in data_blocks)
        message = bytearray(chain.from_iterable(zip(*data_blocks, strict=False)))
        message += bytes(b[short] for b in data_blocks if len(b) > short)
        message += bytes(chain.from_iterable(zip(*ec_blocks, strict=True)))
        stream = (int.from_bytes(message) << self.remainder) ^ self.mask
        cells = "".join(self.gather(format(stream, f"0{self.nbits}b") + self.fixed))
        w = self.width
        return tuple(cells[i : i + w] for i in range(0, w * w, w))


@functools.cache
def _ec_table(num_ec: int) -> tuple[int, ...]:
    """For each byte value, its product with the generator polynomial as one integer (the
    remainder register of the Reed–Solomon division, `num_ec` bytes)."""
    from segno import consts

    log, exp, gen = consts.GALIOS_LOG, consts.GALIOS_EXP, consts.GEN_POLY[num_ec]
    table = [0] * 256
    for value in range(1, 256):
        lv = log[value]
        table[value] = int.from_bytes(bytes(exp[lv + g] for g in gen))
    return tuple(table)


def _ec(block: bytes, num_ec: int, table: tuple[int, ...]) -> bytes:
    shift = 8 * (num_ec - 1)
    keep = (1 << shift) - 1
    rem = 0
    for byte in block:
        rem = ((rem & keep) << 8) ^ table[byte ^ (rem >> shift)]
    return rem.to_bytes(num_ec)
