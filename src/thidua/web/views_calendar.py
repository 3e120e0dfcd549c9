"""The public calendar (/lich-nghi/): holidays, swapped days off and make-up Saturdays by year,
and the statutory durations the clocks count; managers edit the calendar."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.core import selectors, services
from thidua.core.forms import HolidayForm
from thidua.org.enums import UnitKind
from thidua.web.decorators import permission
from thidua.web.service_calls import service_call


def _year(request) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


def _page(request, year: int, form: HolidayForm | None = None):
    can_change = request.user.has_perm("core.change_holiday")
    return render(request, "web/calendar.html", {
        "year": year, "years": sorted({*selectors.holiday_years(), year}, reverse=True),
        "holidays": selectors.holidays_of(year), "durations": [
            (d, UnitKind(d.level).label if d.level in UnitKind.values else "Mọi cấp")
            for d in selectors.statutory_durations()
        ],
        "can_change": can_change, "form": form or (HolidayForm() if can_change else None),
    })  # fmt: skip


@permission("core.view_holiday")
def calendar(request):
    if request.method != "POST":
        return _page(request, _year(request))
    if not request.user.has_perm("core.change_holiday"):
        raise PermissionDenied
    form = HolidayForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            holiday = services.holiday_set(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, f"Đã lưu {holiday}.")
            return redirect(f"{request.path}?nam={holiday.day.year}")
    return _page(request, _year(request), form)


@require_POST
@permission("core.change_holiday")
def holiday_remove(request, pk: int):
    holiday = selectors.holiday_get(pk)
    year = holiday.day.year
    with service_call(request, done=f"Đã xoá {holiday}."):
        services.holiday_remove(actor=request.user, holiday=holiday)
    return redirect(f"{reverse('web:calendar')}?nam={year}")
