# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""Niên hạn: "đủ N năm công tác" judged on the merged service history up to the end of the
criterion's data period — a pure function by table, then through the engine and the write
paths (configuration screen's parameters, the API's validation)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.api.conftest import bearer, writer  # noqa: F401
from tests.nominations.test_evaluators import nominees, results  # noqa: F401
from thidua.campaigns import criteria
from thidua.campaigns.enums import CriterionKind, DataPeriod, SubjectType
from thidua.campaigns.models import Criterion
from thidua.nominations.enums import Outcome
from thidua.nominations.evaluators.service_years import judge
from thidua.org import services as org
from thidua.org.service_time import counted_periods, service_length, years_reached

D = dt.date
MET, NOT, ASK = Outcome.MET, Outcome.NOT_MET, Outcome.NEEDS_REVIEW
XA, HUYEN = "UBND xã Yên Lạc", "UBND huyện Yên Lạc"


@pytest.mark.parametrize(
    "periods,start,years,only,on,outcome,length",
    [
        # one open period: exactly 25 years the day before its 25th anniversary ends
        ([(D(1998, 12, 31), None, XA, "")], None, 25, "", D(2023, 12, 30), MET, "25 năm"),
        ([(D(1999, 1, 1), None, XA, "")], None, 25, "", D(2023, 12, 30), NOT, "24 năm 11 tháng"),
        # overlapping periods count once: 1990–2010 and 2000–2015 are 26 years, not 36
        ([(D(1990, 1, 1), D(2009, 12, 31), XA, ""), (D(2000, 1, 1), D(2015, 12, 31), HUYEN, "")],
         None, 25, "", D(2023, 12, 30), MET, "26 năm"),
        # a gap is not service: 1990–1999 and 2010– open are 10 + 14 years
        ([(D(1990, 1, 1), D(1999, 12, 31), XA, ""), (D(2010, 1, 1), None, HUYEN, "")],
         None, 25, "", D(2023, 12, 30), NOT, "23 năm 11 tháng"),
        # counted up to the end of the data period: a later period is left out
        ([(D(1998, 1, 1), D(2010, 12, 31), XA, ""), (D(2024, 1, 1), None, HUYEN, "")],
         None, 10, "", D(2023, 12, 30), MET, "13 năm"),
        # leap day: from 29/02/2000, one year is reached on 28/02/2001, not a day before
        ([(D(2000, 2, 29), None, XA, "")], None, 1, "", D(2001, 2, 28), MET, "1 năm"),
        ([(D(2000, 2, 29), None, XA, "")], None, 1, "", D(2001, 2, 27), NOT, "0 năm 11 tháng"),
        # only the periods in a sector/position count (case and accents as typed, NFC)
        ([(D(1990, 1, 1), D(1999, 12, 31), XA, "Chủ tịch"), (D(2000, 1, 1), None, HUYEN, "")],
         None, 10, "ubnd xã", D(2023, 12, 30), MET, "10 năm"),
        ([(D(1990, 1, 1), D(1999, 12, 31), XA, "Chủ tịch"), (D(2000, 1, 1), None, HUYEN, "")],
         None, 11, "chủ tịch; trạm y tế", D(2023, 12, 30), NOT, "10 năm"),
        # no period: the person's service start, unless periods are filtered
        ([], D(1995, 6, 1), 25, "", D(2023, 12, 30), MET, "28 năm 6 tháng"),
        ([], D(1995, 6, 1), 25, "UBND", D(2023, 12, 30), ASK, None),
        ([], None, 25, "", D(2023, 12, 30), ASK, None),
    ],
)  # fmt: skip
def test_service_years_by_table(periods, start, years, only, on, outcome, length):
    got, text = judge(periods, start, years=years, only=only, on=on)
    assert got == outcome
    if length is not None:
        assert f": {length} (yêu cầu đủ {years:g} năm)" in text
        assert f"đến ngày {on:%d/%m/%Y}" in text
    else:
        assert text.startswith("Chưa có quá trình công tác")


def test_the_pieces_of_the_judgement():
    assert counted_periods([(D(2000, 1, 1), None, "Trạm Y tế xã", "Y sĩ")], "TRẠM Y TẾ") == [
        (D(2000, 1, 1), None)
    ]
    assert counted_periods([(D(2000, 1, 1), None, "UBND xã", "")], "trạm") == []
    almost = service_length([(D(1999, 1, 2), None)], on=D(2023, 12, 31))
    assert (almost.years, almost.months, years_reached(almost, 25)) == (24, 11, False)


@pytest.fixture
def service_criterion(campaign):
    return Criterion.objects.create(
        campaign=campaign, subject_type=SubjectType.INDIVIDUAL, text="Đủ 25 năm công tác",
        kind=CriterionKind.SERVICE_YEARS, params=criteria.clean_params("service_years", {}),
        position=9,
    )  # fmt: skip


def test_the_engine_reads_the_recorded_periods_to_the_campaigns_period_end(
    campaign, nominees, service_criterion, world, secretariat
):
    individual = nominees[1]
    assert results(campaign, individual, CriterionKind.SERVICE_YEARS)[0] == ASK
    org.service_period_add(actor=secretariat, person=world.person_a, organisation=XA,
                           started_on=D(1990, 1, 1), ended_on=D(2009, 12, 31))  # fmt: skip
    org.service_period_add(actor=secretariat, person=world.person_a, organisation=HUYEN,
                           started_on=D(2005, 1, 1))  # fmt: skip
    # campaign period ends 30/12/2023: 1990-01-01 .. 2023-12-30 is 33 years 11 months
    assert results(campaign, individual, CriterionKind.SERVICE_YEARS) == (
        MET,
        "Thời gian công tác đến ngày 30/12/2023: 33 năm 11 tháng (yêu cầu đủ 25 năm).",
    )
    service_criterion.params = {"years": 20.0, "only": "huyện"}
    service_criterion.data_period = DataPeriod.PREVIOUS_YEAR  # judged to 31/12/2022
    service_criterion.save()
    assert results(campaign, individual, CriterionKind.SERVICE_YEARS) == (
        NOT,
        "Thời gian công tác tại «huyện» đến ngày 31/12/2022: 18 năm (yêu cầu đủ 20 năm).",
    )


@pytest.mark.parametrize(
    "params,error",
    [
        ({"years": 0}, "Tham số «số năm công tác tối thiểu» phải trong khoảng 1–50."),
        ({"years": "mười"}, "Tham số «số năm công tác tối thiểu» phải là một số."),
        ({"only": 3}, "Tham số «chỉ tính các giai đoạn có đơn vị/chức vụ chứa» không hợp lệ."),
    ],
)
def test_parameters_are_checked_in_vietnamese(params, error):
    with pytest.raises(ValidationError) as exc:
        criteria.clean_params("service_years", params)
    assert error in exc.value.message_dict["params"]


def test_defaults_and_description():
    params = criteria.clean_params("service_years", {"only": " Trạm y tế "})
    assert params == {"years": 25.0, "only": "Trạm y tế"}
    assert criteria.describe("service_years", params) == (
        "Đủ 25 năm công tác (chỉ tính giai đoạn tại «Trạm y tế»)"
    )


def test_the_write_api_and_the_screen_take_the_new_kind(client, draft, secretariat, writer):
    """The same form checks both: the API's parameters are the screen's fields."""
    import json

    headers = writer(secretariat)
    url = f"/api/v1/campaigns/{draft.pk}/criteria"

    def post(params):
        body = {"subject_type": "individual", "kind": "service_years", "params": params,
                "text": "Có thời gian công tác từ đủ 25 năm trở lên."}  # fmt: skip
        return client.post(url, data=json.dumps(body), content_type="application/json",
                           headers=headers)  # fmt: skip

    made = post({"years": 25, "only": "UBND xã"})
    assert made.status_code == 201, made.content
    assert made.json()["params"] == {"years": 25.0, "only": "UBND xã"}
    refused = post({"years": 60})
    assert refused.status_code == 422
    assert "1–50" in json.dumps(refused.json(), ensure_ascii=False)
    assert Criterion.objects.filter(campaign=draft, kind="service_years").count() == 1
