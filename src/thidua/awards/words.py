"""Amounts in Vietnamese words, as written on decisions and payment lists:
540000 → "Năm trăm bốn mươi nghìn đồng"; 1080000 → "Một triệu không trăm tám mươi nghìn đồng"."""

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _three(n: int, full: bool) -> list[str]:
    """0–999; `full` when a higher group precedes (then "không trăm", "linh" are spoken)."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out: list[str] = []
    if hundreds or full:
        out += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones and out:
            out.append("linh")
    elif tens == 1:
        out.append("mười")
    else:
        out += [DIGITS[tens], "mươi"]
    if ones:
        if ones == 1 and tens >= 2:
            out.append("mốt")
        elif ones == 5 and tens >= 1:
            out.append("lăm")
        elif ones == 4 and tens >= 2:
            out.append("tư")
        else:
            out.append(DIGITS[ones])
    return out


def _below_billion(n: int, full: bool) -> list[str]:
    millions, thousands, rest = n // 1_000_000, n // 1000 % 1000, n % 1000
    out: list[str] = []
    for value, unit in ((millions, "triệu"), (thousands, "nghìn"), (rest, "")):
        if value:
            out += _three(value, full=full or bool(out))
            if unit:
                out.append(unit)
    return out


def number_words(n: int) -> str:
    """The number as spoken, lower case; groups above a billion repeat ("nghìn tỷ")."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return "không"
    billions, rest = divmod(n, 1_000_000_000)
    words: list[str] = []
    if billions:
        words += [number_words(billions), "tỷ"]
    words += _below_billion(rest, full=bool(billions))
    return " ".join(words)


def amount_words(amount: int) -> str:
    """Capitalised, ending in "đồng"."""
    text = f"{number_words(int(amount))} đồng"
    return text[0].upper() + text[1:]
