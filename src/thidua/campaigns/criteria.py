"""Criterion kinds and their parameters. The evaluators (one per kind, judging all candidates
of a campaign at once) live with the nominations; here each kind says what it needs."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from thidua.campaigns.enums import AnnualRating, CriterionKind, DataPeriod
from thidua.core.text import nfc


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    type: type
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    default: object = None
    optional: bool = False  # may be left blank (kept as "")


UP_TO = ("previous", "current")  # the year before the campaign's, or the campaign's year
UP_TO_LABELS = {"previous": "Năm trước năm xét", "current": "Năm xét"}
INITIATIVE_SCOPES = ("co_so", "tinh")  # records.enums.InitiativeScope, narrowest first
INITIATIVE_SCOPE_LABELS = {"co_so": "Cấp cơ sở", "tinh": "Cấp tỉnh"}

PARAMS: dict[str, tuple[Param, ...]] = {
    CriterionKind.ATTESTED: (),
    CriterionKind.TASKS_COMPLETED: (
        Param("min_percent", "tỷ lệ tối thiểu (%)", float, 0, 100, default=100),
    ),
    CriterionKind.COMPONENTS_IMPROVED: (
        Param("frameworks", "bộ chỉ số", list, default=["PAR_INDEX", "DDCI"]),
    ),
    CriterionKind.RATING_AT_LEAST: (
        Param(
            "rating",
            "xếp loại tối thiểu",
            str,
            choices=tuple(AnnualRating.values),
            default=AnnualRating.GOOD,
        ),
    ),
    CriterionKind.NO_DISCIPLINE: (),
    CriterionKind.REGISTERED_ON_TIME: (),
    CriterionKind.INDICATOR_THRESHOLD: (
        Param("indicator", "mã chỉ số", str),
        Param("min_value", "giá trị tối thiểu", float),
    ),
    # On the award history (records): the window is the `years` years ending the year before
    # the campaign's (up_to "previous") or the campaign's year itself (up_to "current").
    CriterionKind.CONSECUTIVE_TITLE: (
        Param("title", "danh hiệu (tên hoặc mã)", str),
        Param("years", "số năm liên tục", float, 1, 20, default=2),
        Param("up_to", "tính đến", str, choices=UP_TO, default="previous"),
    ),
    CriterionKind.INITIATIVE_RECOGNISED: (
        Param("scope", "phạm vi tối thiểu", str, choices=INITIATIVE_SCOPES, default="co_so"),
    ),
    CriterionKind.AWARDS_IN_YEARS: (
        Param("title", "hình thức, danh hiệu (tên hoặc mã)", str),
        Param("count", "số lần tối thiểu", float, 1, 50, default=1),
        Param("years", "trong số năm", float, 1, 20, default=5),
        Param("up_to", "tính đến", str, choices=UP_TO, default="previous"),
    ),
    # On the service history (org.ServicePeriod), up to the end of the data period; `only`
    # keeps the periods whose unit or position contains one of its texts (";" between them).
    CriterionKind.SERVICE_YEARS: (
        Param("years", "số năm công tác tối thiểu", float, 1, 50, default=25),
        Param(
            "only", "chỉ tính các giai đoạn có đơn vị/chức vụ chứa", str, default="", optional=True
        ),
    ),
}


def clean_params(kind: str, params: dict | None) -> dict:
    """Validated parameters for a criterion kind, with defaults filled in."""
    if kind not in PARAMS:
        raise ValidationError({"kind": f"Cách đánh giá «{kind}» không hợp lệ."})
    params = dict(params or {})
    out: dict = {}
    errors = []
    for p in PARAMS[kind]:
        value = params.pop(p.name, p.default)
        if p.optional and (value is None or value == ""):
            out[p.name] = ""
            continue
        if value is None or value == "":
            errors.append(f"Thiếu tham số «{p.label}».")
            continue
        if p.type is float:
            try:
                value = float(value)
            except (TypeError, ValueError):
                errors.append(f"Tham số «{p.label}» phải là một số.")
                continue
            if (p.minimum is not None and value < p.minimum) or (
                p.maximum is not None and value > p.maximum
            ):
                errors.append(f"Tham số «{p.label}» phải trong khoảng {p.minimum:g}–{p.maximum:g}.")
                continue
        elif p.type is list:
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(v, str) for v in value)
            ):
                errors.append(f"Tham số «{p.label}» phải là danh sách mã.")
                continue
        elif not isinstance(value, str):
            errors.append(f"Tham số «{p.label}» không hợp lệ.")
            continue
        if p.choices and value not in p.choices:
            errors.append(f"Tham số «{p.label}» không hợp lệ.")
            continue
        out[p.name] = nfc(value).strip() if isinstance(value, str) else value
    if params:
        errors.append(f"Tham số không dùng cho cách đánh giá này: {', '.join(sorted(params))}.")
    if errors:
        raise ValidationError({"params": errors})
    return out


def describe(kind: str, params: dict) -> str:
    """How the system will judge the criterion, in Vietnamese."""
    label = CriterionKind(kind).label
    if kind == CriterionKind.TASKS_COMPLETED:
        return f"Tỷ lệ hoàn thành nhiệm vụ CCHC ≥ {params['min_percent']:g}%"
    if kind == CriterionKind.COMPONENTS_IMPROVED:
        names = {"PAR_INDEX": "PAR INDEX", "DDCI": "DDCI"}
        return f"{label} ({', '.join(names.get(f, f) for f in params['frameworks'])})"
    if kind == CriterionKind.RATING_AT_LEAST:
        return f"Xếp loại từ «{AnnualRating(params['rating']).label}» trở lên"
    if kind == CriterionKind.INDICATOR_THRESHOLD:
        return f"Chỉ số {params['indicator']} ≥ {params['min_value']:g}"
    if kind == CriterionKind.INITIATIVE_RECOGNISED:
        scope = INITIATIVE_SCOPE_LABELS.get(params.get("scope", "co_so"), "")
        return f"Có sáng kiến được công nhận (phạm vi từ {scope.lower()} trở lên)"
    if kind == CriterionKind.SERVICE_YEARS:
        only = f" (chỉ tính giai đoạn tại «{params['only']}»)" if params.get("only") else ""
        return f"Đủ {params['years']:g} năm công tác{only}"
    if kind in (CriterionKind.CONSECUTIVE_TITLE, CriterionKind.AWARDS_IN_YEARS):
        last = "năm trước năm xét" if params.get("up_to") == "previous" else "năm xét"
        if kind == CriterionKind.CONSECUTIVE_TITLE:
            return f"Đạt «{params['title']}» {params['years']:g} năm liên tục (tính đến {last})"
        return (
            f"Được «{params['title']}» ít nhất {params['count']:g} lần trong "
            f"{params['years']:g} năm (tính đến {last})"
        )
    return label


# The data period: which years' results a criterion is judged on ------------------------------

#: Kinds whose data period is always the campaign's year, and why: judged on the campaign's
#: own records (its registrations, its dossiers' attestations), or carrying their own window
#: of years among their parameters.
_OWN = "dựa trên hồ sơ của chính phong trào"
_WINDOW = "đã có số năm riêng trong tham số"
PERIOD_FIXED = {
    CriterionKind.ATTESTED: _OWN,
    CriterionKind.REGISTERED_ON_TIME: _OWN,
    CriterionKind.CONSECUTIVE_TITLE: _WINDOW,
    CriterionKind.AWARDS_IN_YEARS: _WINDOW,
}
OWN_RECORDS = set(PERIOD_FIXED)


def data_years(period: str, n: int, year: int) -> list[int]:
    """The years, oldest first: ("consecutive_before", 2, 2027) → [2025, 2026]."""
    n = max(1, int(n or 1))
    if period == DataPeriod.PREVIOUS_YEAR:
        return [year - 1]
    if period == DataPeriod.YEARS_BACK:
        return [year - n]
    if period == DataPeriod.CONSECUTIVE:
        return list(range(year - n + 1, year + 1))
    if period == DataPeriod.CONSECUTIVE_BEFORE:
        return list(range(year - n, year))
    return [year]


def clean_data_period(kind: str, period: str, n: int | None) -> tuple[str, int]:
    """A valid (period, N) for a criterion kind, or a Vietnamese error per field."""
    period = period or DataPeriod.CAMPAIGN_YEAR
    if period not in DataPeriod.values:
        raise ValidationError({"data_period": "Kỳ số liệu không hợp lệ."})
    uses_n = period in (
        DataPeriod.YEARS_BACK,
        DataPeriod.CONSECUTIVE,
        DataPeriod.CONSECUTIVE_BEFORE,
    )
    if not uses_n:
        n = 1
    elif n is None or not 1 <= int(n) <= 10:
        raise ValidationError({"data_years": "Nhập N là số năm, từ 1 đến 10."})
    elif period == DataPeriod.CONSECUTIVE and int(n) < 2:
        raise ValidationError(
            {"data_years": "«N năm liên tiếp» cần N từ 2 trở lên; một năm: chọn «Năm của "
             "phong trào»."}
        )  # fmt: skip
    if kind in PERIOD_FIXED and period != DataPeriod.CAMPAIGN_YEAR:
        raise ValidationError(
            {"data_period": f"«{CriterionKind(kind).label}» {PERIOD_FIXED[kind]}; "
             "kỳ số liệu chỉ có thể là năm của phong trào."}
        )  # fmt: skip
    return period, int(n)


def describe_years(years: list[int]) -> str:
    """[2025, 2026] → "năm 2025–2026"; [2026] → "năm 2026"."""
    if len(years) == 1:
        return f"năm {years[0]}"
    return f"năm {years[0]}–{years[-1]} ({len(years)} năm liên tiếp)"
