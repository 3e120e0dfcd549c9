"""Open data: the awards of issued, public decisions, per year, as the decisions print them.

Only what the public results page shows leaves here (name, position and unit, form, the
decision's number, date and issuer); never a person's id, birth date, dossier, vote or the
money paid to each person. Rows come from the award history written when each decision was
issued, so the level (cấp khen thưởng) is the one the history shows.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Max, QuerySet, Sum

from thidua.awards.enums import DecisionState
from thidua.awards.models import Decision
from thidua.campaigns.enums import CampaignState, SubjectType
from thidua.records.enums import AwardLevel, RecordSource
from thidua.records.models import AwardRecord

#: The published columns, in order: (key, Vietnamese title, type) — the schema the page and
#: the JSON document describe (types as in Frictionless Table Schema).
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("nam", "Năm ban hành quyết định", "integer"),
    ("so_quyet_dinh", "Số, ký hiệu quyết định", "string"),
    ("ngay_quyet_dinh", "Ngày quyết định (ISO 8601)", "date"),
    ("co_quan_ban_hanh", "Cơ quan, người quyết định", "string"),
    ("cap", "Cấp khen thưởng", "string"),
    ("phong_trao", "Phong trào thi đua", "string"),
    ("hinh_thuc", "Danh hiệu, hình thức khen thưởng", "string"),
    ("doi_tuong", "Đối tượng (tập thể, cá nhân, hộ gia đình)", "string"),
    ("ten", "Tên tập thể, họ và tên", "string"),
    ("chuc_vu_don_vi", "Chức vụ, đơn vị", "string"),
    ("thanh_tich", "Thành tích", "string"),
)

_COLUMNS = (
    "award__decision__year",
    "award__decision__number",
    "award__decision__symbol",
    "award__decision__decided_on",
    "issuer",
    "level",
    "award__decision__campaign__title",
    "form_name",
    "subject_type",
    "award__name",
    "award__detail",
    "achievement",
)


def _published() -> QuerySet[AwardRecord]:
    return AwardRecord.objects.filter(
        source=RecordSource.DECISION,
        award__decision__state=DecisionState.ISSUED,
        award__decision__campaign__state__in=CampaignState.visible_to_participants(),
    )


def published_stamp(year: int | None = None) -> str | None:
    """What changes when the published awards (of `year`, or of every year) change: a decision
    issued or withdrawn, its campaign hidden. None when nothing is published. One small query
    on decisions, so that a file built once can be served until then."""
    decisions = Decision.objects.filter(
        state=DecisionState.ISSUED, campaign__state__in=CampaignState.visible_to_participants()
    )
    if year is not None:
        decisions = decisions.filter(year=year)
    row = decisions.aggregate(n=Count("id"), ids=Sum("id"), last=Max("issued_at"))
    if not row["n"]:
        return None
    return f"{row['n']}-{row['ids']}-{row['last'].timestamp() if row['last'] else 0}"


def published_years() -> list[dict]:
    """Each year with published awards, newest first: {"year", "total", "levels": [(label,
    count)]} (one query)."""
    years: dict[int, dict] = {}
    rows = (
        _published()
        .values_list("award__decision__year", "level")
        .annotate(n=Count("id"))
        .order_by("-award__decision__year", "level")
    )
    labels = dict(AwardLevel.choices)
    for year, level, n in rows:
        entry = years.setdefault(year, {"year": year, "total": 0, "levels": []})
        entry["total"] += n
        entry["levels"].append((labels.get(level, "Chưa xác định cấp"), n))
    return list(years.values())


def published_awards(year: int) -> Iterator[dict]:
    """The year's published awards as rows keyed by FIELDS, in decision then printed order
    (one query, streamed)."""
    levels, subjects = dict(AwardLevel.choices), dict(SubjectType.choices)
    rows = (
        _published()
        .filter(award__decision__year=year)
        .order_by("award__decision__decided_on", "award__decision__number", "award__position")
        .values_list(*_COLUMNS)
    )
    for (
        y,
        number,
        symbol,
        day,
        issuer,
        level,
        campaign,
        form,
        subject,
        name,
        detail,
        ach,
    ) in rows.iterator(chunk_size=2000):
        yield {
            "nam": y,
            "so_quyet_dinh": f"{number}/{symbol}",
            "ngay_quyet_dinh": day.isoformat(),
            "co_quan_ban_hanh": issuer,
            "cap": levels.get(level, ""),
            "phong_trao": campaign or "",
            "hinh_thuc": form,
            "doi_tuong": subjects.get(subject, subject),
            "ten": name,
            "chuc_vu_don_vi": detail,
            "thanh_tich": ach,
        }
