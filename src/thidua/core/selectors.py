import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.core.calendar import Clock, WorkCalendar, clock
from thidua.core.counts import cached_unread
from thidua.core.models import AuditLog, Holiday, HolidayKind, Notification, StatutoryDuration

#: How far ahead of a clock's start its calendar is read (a statutory duration is weeks).
_HORIZON = dt.timedelta(days=400)


def audit_actions() -> list[str]:
    return list(AuditLog.objects.order_by("action").values_list("action", flat=True).distinct())


def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    """Kept in the shared cache per user until a notification of theirs is created or read."""
    return cached_unread(
        user.pk, lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
    )


def audit_history(object_type: str, object_id) -> QuerySet[AuditLog]:
    """The audit rows of one object, oldest first."""
    return AuditLog.objects.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "at", "id"
    )


def work_calendar(start: dt.date, end: dt.date) -> WorkCalendar:
    """The days off and make-up days between two dates (one query)."""
    rows = Holiday.objects.filter(day__range=(start, end)).values_list("day", "kind")
    off = frozenset(d for d, k in rows if k == HolidayKind.DAY_OFF)
    make_up = frozenset(d for d, k in rows if k == HolidayKind.MAKE_UP)
    return WorkCalendar(days_off=off, make_up_days=make_up)


def holiday_get(pk) -> Holiday:
    holiday = Holiday.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if holiday is None:
        raise Http404("Không tìm thấy ngày này trong lịch.")
    return holiday


def holidays_of(year: int) -> QuerySet[Holiday]:
    return Holiday.objects.filter(day__year=year).order_by("day")


def holiday_years() -> list[int]:
    return sorted({d.year for d in Holiday.objects.values_list("day", flat=True)}, reverse=True)


def statutory_durations() -> QuerySet[StatutoryDuration]:
    return StatutoryDuration.objects.order_by("code", "-valid_from")


def statutory_duration(code: str, on: dt.date) -> StatutoryDuration | None:
    """The duration of a procedure's step in force on `on`."""
    return (
        StatutoryDuration.objects.filter(code=code, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def statutory_durations_in(codes) -> list[StatutoryDuration]:
    """Every row of several steps, all levels and dates (one query)."""
    return list(StatutoryDuration.objects.filter(code__in=list(codes)))


def duration_in_force(
    rows: list[StatutoryDuration], *, level: str, on: dt.date
) -> StatutoryDuration | None:
    """The row in force on `on` for a level: the level's own row before a blank (every level)
    one, then the latest start."""
    found = [
        r
        for r in rows
        if r.level in ("", level)
        and r.valid_from <= on
        and (r.valid_to is None or on <= r.valid_to)
    ]
    found.sort(key=lambda r: (bool(r.level), r.valid_from), reverse=True)
    return found[0] if found else None


def statutory_clock(code: str, started: dt.date, today: dt.date | None = None):
    """(duration, Clock) of the step `code` started on `started`, or None when no duration is
    in force (two queries)."""
    duration = statutory_duration(code, started)
    if duration is None:
        return None
    today = today or timezone.localdate()
    first, last = min(started, today), max(started, today) + _HORIZON
    calendar = work_calendar(first, last)
    result: Clock = clock(started, duration.working_days, today, calendar)
    return duration, result
