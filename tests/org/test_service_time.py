"""Length of service (thời gian công tác) for awards theo niên hạn: a pure function, by table,
and the person's page reading it from the recorded periods."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from thidua.org import services
from thidua.org.service_time import person_service_length, service_length

D = dt.date


@pytest.mark.parametrize(
    "periods,on,years,months,days",
    [
        ([], D(2024, 1, 1), 0, 0, 0),
        ([(D(2004, 1, 1), None)], D(2023, 12, 31), 20, 0, 7305),
        ([(D(2004, 1, 1), D(2009, 12, 31)), (D(2012, 1, 1), None)], D(2023, 12, 31), 18, 0,
         2192 + 4383),
        # overlapping periods count once
        ([(D(2010, 1, 1), D(2015, 12, 31)), (D(2014, 1, 1), D(2019, 12, 31))], D(2024, 1, 1),
         10, 0, 3652),
        # touching periods join; a period not yet started is left out
        ([(D(2020, 1, 1), D(2020, 6, 30)), (D(2020, 7, 1), None), (D(2030, 1, 1), None)],
         D(2021, 3, 31), 1, 3, 456),
        # an open period runs to the day asked, a closed one stops at its end
        ([(D(2023, 3, 15), D(2023, 9, 14))], D(2024, 6, 1), 0, 6, 184),
    ],
)  # fmt: skip
def test_service_length_by_table(periods, on, years, months, days):
    got = service_length(periods, on=on)
    assert (got.years, got.months, got.days) == (years, months, days)


def test_without_periods_the_service_start_is_read():
    got = person_service_length([], D(2003, 9, 1), on=D(2023, 8, 31))
    assert got.label == "20 năm"
    assert person_service_length([], None, on=D(2023, 1, 1)).days == 0


def test_the_person_page_shows_the_service_and_its_length(client, world, secretariat):
    services.service_period_add(
        actor=secretariat, person=world.person_a, organisation="UBND xã Yên Lạc",
        position="Công chức Văn phòng – Thống kê", started_on=D(2005, 3, 1),
        ended_on=D(2015, 2, 28),
    )  # fmt: skip
    services.service_period_add(
        actor=secretariat, person=world.person_a, organisation="UBND xã Yên Lạc",
        position="Chủ tịch UBND xã", started_on=D(2015, 3, 1),
    )  # fmt: skip
    login(client, secretariat)
    page = client.get(reverse("web:person_detail", args=[world.person_a.pk])).content.decode()
    assert "Chủ tịch UBND xã" in page and "01/03/2005" in page
    expected = service_length([(D(2005, 3, 1), None)], on=timezone.localdate()).label
    assert f'<dd id="service-length">{expected}</dd>' in page
