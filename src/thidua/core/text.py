"""Vietnamese text: NFC normalisation, accent-insensitive search keys, Vietnamese name sorting.

Search and sort keys are stored in columns so that both SQLite and PostgreSQL filter and order
with plain indexes, whatever the database collation is.
"""

import unicodedata

# Combining marks in NFD: letter modifiers (part of the letter) and tones (sorted second).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng

# The Vietnamese alphabet, with f j w z placed where Latin puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
]  # fmt: skip
_LETTER_CODE = {letter: f"{i + 1:02d}" for i, letter in enumerate(_ALPHABET)}
_OTHER_CODE = "99"
_WORD_END = "00"


def nfc(value: str) -> str:
    """Normalise to NFC and collapse runs of whitespace: decomposed input breaks search."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def search_key(value: str) -> str:
    """Lower-case, without diacritics, đ → d: "Nguyễn Văn Hưởng" → "nguyen van huong"."""
    decomposed = unicodedata.normalize("NFD", value.lower()).replace("đ", "d")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _letters_and_tones(word: str) -> tuple[str, str]:
    letters, tones = [], []
    for base in _split_graphemes(unicodedata.normalize("NFD", word.lower())):
        char, marks = base[0], base[1:]
        tone = 0
        for mark in marks:
            if mark == _BREVE and char == "a":
                char = "ă"
            elif mark == _CIRCUMFLEX and char in "aeo":
                char = {"a": "â", "e": "ê", "o": "ô"}[char]
            elif mark == _HORN and char in "ou":
                char = {"o": "ơ", "u": "ư"}[char]
            elif mark in _TONES:
                tone = _TONES[mark]
        letters.append(_LETTER_CODE.get(char, _OTHER_CODE))
        tones.append(str(tone))
    return "".join(letters), "".join(tones)


def _split_graphemes(decomposed: str) -> list[str]:
    out: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def name_sort_key(full_name: str) -> str:
    """A key that orders people as Vietnamese lists do: given name first, then family and
    middle names; letters in Vietnamese alphabet order (a < ă < â, d < đ …), tones last
    (ngang < huyền < hỏi < ngã < sắc < nặng). Digits only, so any collation agrees."""
    words = search_safe_words(full_name)
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    primary, secondary = [], []
    for word in ordered:
        letters, tones = _letters_and_tones(word)
        primary.append(letters + _WORD_END)
        secondary.append(tones)
    return "".join(primary) + _WORD_END + "".join(secondary)


def search_safe_words(value: str) -> list[str]:
    return nfc(value).split()


def given_name(full_name: str) -> str:
    words = search_safe_words(full_name)
    return words[-1] if words else ""


def slugify_vi(value: str) -> str:
    """A URL or file-name slug without diacritics: "Nguyễn Văn Hưởng" → "nguyen-van-huong"."""
    from django.utils.text import slugify

    return slugify(search_key(value))
