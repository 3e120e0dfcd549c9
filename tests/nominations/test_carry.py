"""Which lower criterion answers a higher one (nominations/carry.py, pure), by table."""

import pytest

from thidua.nominations.carry import Crit, match_criteria

ATT = "attested"
L_ATT = Crit(1, "collective", ATT, text="Hoàn thành các nhiệm vụ được giao.", position=1)
L_TASKS = Crit(2, "collective", "tasks_completed", {"min_percent": 100}, position=2)
L_TASKS_90 = Crit(3, "collective", "tasks_completed", {"min_percent": 90}, position=3)
L_IND = Crit(4, "individual", ATT, text="Hoàn thành các nhiệm vụ được giao", position=1)
L_TASKS_PREV = Crit(5, "collective", "tasks_completed", {"min_percent": 100},
                    data_period="previous_year", position=4)  # fmt: skip
L_TASKS_AGAIN = Crit(6, "collective", "tasks_completed", {"min_percent": 100}, position=9)
LOWER = [L_TASKS_AGAIN, L_ATT, L_TASKS, L_TASKS_90, L_IND, L_TASKS_PREV]


@pytest.mark.parametrize("higher,mapping,expected", [
    # same kind and parameters: the first lower criterion by position
    (Crit(10, "collective", "tasks_completed", {"min_percent": 100}), {}, 2),
    (Crit(10, "collective", "tasks_completed", {"min_percent": 90}), {}, 3),
    (Crit(10, "collective", "tasks_completed", {"min_percent": 95}), {}, None),
    (Crit(10, "collective", "tasks_completed", {"min_percent": 100.0}), {}, 2),  # 100 = 100.0
    # the data period is part of what is asked
    (Crit(10, "collective", "tasks_completed", {"min_percent": 100},
          data_period="previous_year"), {}, 5),
    # attested: the same words (case, spaces and the final stop ignored), same subject type
    (Crit(10, "collective", ATT, text="  hoàn thành các  nhiệm vụ được giao"), {}, 1),
    (Crit(10, "individual", ATT, text="Hoàn thành các nhiệm vụ được giao."), {}, 4),
    (Crit(10, "collective", ATT, text="Hoàn thành xuất sắc nhiệm vụ được giao."), {}, None),
    # tones are not folded: «giao» and «giáo» differ
    (Crit(10, "collective", ATT, text="Hoàn thành các nhiệm vụ được giáo."), {}, None),
    # an explicit mapping wins over any match
    (Crit(10, "collective", ATT, text="Hoàn thành xuất sắc nhiệm vụ được giao."), {10: 2}, 2),
    (Crit(10, "collective", "tasks_completed", {"min_percent": 100}), {10: 3}, 3),
    # a mapping to another subject type or an unknown criterion is ignored
    (Crit(10, "collective", ATT, text="Khác."), {10: 4}, None),
    (Crit(10, "collective", "tasks_completed", {"min_percent": 100}), {10: 999}, 2),
])  # fmt: skip
def test_a_higher_criterion_takes_the_answer_of_the_lower_one_that_asks_the_same(
    higher, mapping, expected
):
    got = match_criteria([higher], LOWER, mapping)
    assert got.get(higher.id) == expected
