"""Recusals leaving a nominee below quorum refuse the vote's opening (council.rules_math
.recusal_shortfalls / recusal_refusal, pure), by table: the quorum counts neither the recused
among all members nor among those present."""

from fractions import Fraction as F

import pytest

from thidua.council.rules_math import (
    ALL_MEMBERS,
    RecusedItem,
    Rule,
    Shortfall,
    recusal_refusal,
    recusal_shortfalls,
)

TWO_THIRDS = Rule(ALL_MEMBERS, F(2, 3), quorum=F(2, 3))
HALF = Rule(ALL_MEMBERS, F(1, 2), strict=True, quorum=F(1, 2))
WRITTEN = Rule(ALL_MEMBERS, F(2, 3), quorum=F(2, 3), written_votes=True)
NO_QUORUM = Rule(ALL_MEMBERS, F(1, 2))


@pytest.mark.parametrize("rule,total,present,recused,recused_present,expected", [
    # 9 members, 8 present, nobody recused: 6 needed, fine
    (TWO_THIRDS, 9, 8, 0, 0, None),
    # 3 recused, all present: 5 of the 6 others present, 2/3 of 6 = 4: fine
    (TWO_THIRDS, 9, 8, 3, 3, None),
    # 6 present of 9 (exactly the quorum); 2 of them recused: 4 of 7, need 5
    (TWO_THIRDS, 9, 6, 2, 2, (4, 7, 5)),
    # the recused are absent: 6 of 7 present, need 5: fine
    (TWO_THIRDS, 9, 6, 2, 0, None),
    # more than half: 5 present of 9, 1 recused present → 4 of 8, need 4: fine
    (HALF, 9, 5, 1, 1, None),
    # … 2 recused present → 3 of 7, need 4
    (HALF, 9, 5, 2, 2, (3, 7, 4)),
    (NO_QUORUM, 9, 6, 2, 2, None),
    # written votes of absent members may still reach the quorum: left to the tally …
    (WRITTEN, 9, 3, 2, 2, None),
    # … unless nobody at all may vote on the nominee
    (WRITTEN, 3, 3, 3, 3, (0, 0, 1)),
    # every present member recused, no quorum asked: nobody can vote
    (NO_QUORUM, 9, 2, 2, 2, (0, 7, 1)),
])  # fmt: skip
def test_a_nominee_falls_below_quorum_once_the_recused_are_left_out(
    rule, total, present, recused, recused_present, expected
):
    item = RecusedItem("Xã Yên Lạc", rule, recused, recused_present)
    got = recusal_shortfalls([item], members_total=total, members_present=present)
    assert got == ([] if expected is None else [Shortfall("Xã Yên Lạc", *expected)])


def test_the_refusal_names_every_nominee_in_agenda_order_and_says_what_to_do():
    items = [
        RecusedItem("Xã Yên Lạc", TWO_THIRDS, 2, 2),
        RecusedItem("Xã Minh Tâm", TWO_THIRDS, 0, 0),
        RecusedItem("Nông Văn Dũng", TWO_THIRDS, 3, 3),
    ]
    shortfalls = recusal_shortfalls(items, members_total=9, members_present=6)
    assert [s.name for s in shortfalls] == ["Xã Yên Lạc", "Nông Văn Dũng"]
    assert recusal_refusal(shortfalls) == (
        "Không đủ số thành viên dự họp sau khi loại các thành viên không tham gia biểu quyết "
        "vì xung đột lợi ích, đối với: Xã Yên Lạc (còn 4/7 thành viên được biểu quyết có mặt, "
        "cần ít nhất 5); Nông Văn Dũng (còn 3/6 thành viên được biểu quyết có mặt, cần ít nhất "
        "4). Bổ sung thành viên Hội đồng hoặc mời thành viên dự khuyết (mục Thành viên), điểm "
        "danh lại các thành viên vắng mặt, hoặc đưa các trường hợp này ra khỏi nội dung phiên "
        "họp để xét ở phiên sau."
    )
    assert recusal_refusal([]) is None
