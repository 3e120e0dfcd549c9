"""The pure parts of the engine and the verdict store, by table: a history criterion's verdict
from what a subject holds in the window, and the stored JSON text built entry by entry (the
store shares both between nominees with the same result: they must be what the one-by-one
way gives)."""

import datetime as dt
import json

import pytest

from thidua.nominations.enums import Outcome
from thidua.nominations.evaluators import awards_in_years, consecutive_title
from thidua.nominations.verdicts import digest, engine_text

D1, D2 = ("21/QĐ-UBND", dt.date(2022, 1, 10)), ("22/QĐ-UBND", dt.date(2023, 1, 10))
LDTT = "Lao động tiên tiến"


@pytest.mark.parametrize(
    ("states", "years", "outcome", "text"),
    [
        ((D1, D2), [2021, 2022], Outcome.MET,
         "Đạt «Lao động tiên tiến» các năm 2021–2022 (2021: Quyết định số 21/QĐ-UBND ngày "
         "10/01/2022; 2022: Quyết định số 22/QĐ-UBND ngày 10/01/2023)."),
        ((D2,), [2022], Outcome.MET,
         "Đạt «Lao động tiên tiến» các năm 2022 (2022: Quyết định số 22/QĐ-UBND ngày "
         "10/01/2023)."),
        ((False, D2), [2021, 2022], Outcome.NOT_MET,
         "Không đạt «Lao động tiên tiến» năm 2021 (yêu cầu 2 năm liên tục 2021–2022)."),
        ((None, D2), [2021, 2022], Outcome.NEEDS_REVIEW,
         "Chưa có dữ liệu quá trình khen thưởng năm 2021 để xác định «Lao động tiên tiến» 2 "
         "năm liên tục (2021–2022)."),
        ((None, None), [2021, 2022], Outcome.NEEDS_REVIEW,
         "Chưa có dữ liệu quá trình khen thưởng năm 2021, 2022 để xác định «Lao động tiên "
         "tiến» 2 năm liên tục (2021–2022)."),
        # one year with another award only: not met, even beside a year with nothing
        ((None, False, D2), [2020, 2021, 2022], Outcome.NOT_MET,
         "Không đạt «Lao động tiên tiến» năm 2020, 2021 (yêu cầu 3 năm liên tục 2020–2022)."),
    ],
)  # fmt: skip
def test_consecutive_title_verdict_from_the_years_held(states, years, outcome, text):
    assert consecutive_title.judge(states, years, LDTT) == (outcome, text)


GK = "Giấy khen của Chủ tịch UBND cấp huyện"


@pytest.mark.parametrize(
    ("any_held", "found", "need", "outcome", "text"),
    [
        (True, [(2019, *D1), (2021, *D2)], 2, Outcome.MET,
         "Được 2 lần «Giấy khen của Chủ tịch UBND cấp huyện» trong 2018–2022 (yêu cầu ít nhất "
         "2): 2019: Quyết định số 21/QĐ-UBND ngày 10/01/2022; 2021: Quyết định số 22/QĐ-UBND "
         "ngày 10/01/2023."),
        (True, [(2021, *D2)], 2, Outcome.NOT_MET,
         "Chỉ được 1 lần «Giấy khen của Chủ tịch UBND cấp huyện» trong 2018–2022 (yêu cầu ít "
         "nhất 2): 2021: Quyết định số 22/QĐ-UBND ngày 10/01/2023."),
        (True, [], 1, Outcome.NOT_MET,
         "Chỉ được 0 lần «Giấy khen của Chủ tịch UBND cấp huyện» trong 2018–2022 (yêu cầu ít "
         "nhất 1)."),
        (False, [], 1, Outcome.NEEDS_REVIEW,
         "Chưa có dữ liệu quá trình khen thưởng trong 2018–2022 để xác định số lần «Giấy khen "
         "của Chủ tịch UBND cấp huyện»."),
    ],
)  # fmt: skip
def test_awards_in_years_verdict_from_the_awards_found(any_held, found, need, outcome, text):
    years = [2018, 2019, 2020, 2021, 2022]
    assert awards_in_years.judge(any_held, found, years, need, GK) == (outcome, text)


ENTRIES = [
    [],
    [(1, Outcome.MET, "Đơn vị xác nhận đạt, có tài liệu minh chứng.")],
    [
        (1, Outcome.MET, "Đơn vị xác nhận đạt, có tài liệu minh chứng."),
        (2, Outcome.NEEDS_REVIEW, 'Chưa có dữ liệu "quá trình"\nnăm 2024 \\ 2025.'),
        (3, "not_met", "Bị kỷ luật trong kỳ 05/01–30/12/2025: Khiển trách."),
    ],
]


@pytest.mark.parametrize("entries", ENTRIES)
def test_the_text_built_entry_by_entry_is_the_one_by_one_text(entries):
    memo: dict = {}
    expected = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    assert engine_text(entries) == expected
    assert engine_text(entries, memo) == expected
    assert engine_text(entries, memo) == expected  # from the memo this time
    assert len(memo) == len(entries)
    assert digest(engine_text(entries, memo)) == digest(expected)


def test_a_shared_memo_gives_each_list_its_own_text():
    memo: dict = {}
    texts = [engine_text(entries, memo) for entries in ENTRIES + ENTRIES[::-1]]
    assert texts == [
        json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in ENTRIES + ENTRIES[::-1]
    ]
    assert len(memo) == 3  # three distinct entries
