"""Stage `titles` resumes step by step (as the seed stages do): a rerun after a failure
part-way through the round continues from the step that did not finish, instead of saying
"đã có" and skipping the rest. Reads the package's one demo build (tests/demo/conftest.py);
each test's changes are rolled back with its own transaction."""

import pytest

from thidua.awards.enums import BatchState
from thidua.campaigns.models import Campaign
from thidua.demo.campaigns import build_launched
from thidua.demo.org import build_units
from thidua.demo.titles import PROVINCE_DECISION, TITLE, build_titles
from thidua.records.models import AwardRecord

pytestmark = pytest.mark.django_db


def _seed() -> Campaign:
    """The demo's launched movement, which the command gives every stage."""
    return build_launched(build_units())


def _province_rows():
    rows = AwardRecord.objects.filter(year=2023, decision_number=PROVINCE_DECISION[0])
    return sorted(rows.values_list("unit__code", "title_code", "amount"))


def test_a_finished_round_is_left_as_it_is(demo):
    assert build_titles(_seed()) == f"đã có «{TITLE}»"


def test_a_round_stopped_before_the_provinces_decision_continues_from_there(demo):
    before = _province_rows()
    assert before
    AwardRecord.objects.filter(year=2023, decision_number=PROVINCE_DECISION[0]).delete()

    out = build_titles(_seed())

    assert out == (
        f"{len(before)} Tập thể lao động xuất sắc do tỉnh công nhận, nhập vào quá trình khen thưởng"
    )
    assert _province_rows() == before  # the same units as the first build
    assert build_titles(_seed()) == f"đã có «{TITLE}»"


def test_a_round_stopped_while_printing_prints_again_and_goes_on(demo):
    c = Campaign.objects.get(title=TITLE)
    decision = c.decisions.get()
    batch = decision.batches.get()
    printed = batch.done
    batch.state, batch.done = BatchState.FAILED, 0
    batch.save(update_fields=["state", "done"])
    AwardRecord.objects.filter(year=2023, decision_number=PROVINCE_DECISION[0]).delete()

    out = build_titles(_seed())

    assert out.startswith(f"{printed} giấy chứng nhận đã in; ")
    assert "Tập thể lao động xuất sắc do tỉnh công nhận" in out
    batch.refresh_from_db()
    assert (batch.state, batch.done) == (BatchState.DONE, printed)
    assert c.decisions.count() == 1  # the decision is not issued twice
