"""What each background job does (queued by services.job_create, run by services.job_execute
on the task queue).
A handler reads through its creator's reach, reports progress and returns the files
[(name, bytes), …] to attach to the job."""

from django.utils import timezone

from thidua.monitoring import exports, report, selectors
from thidua.monitoring.enums import JobKind


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def nominees_export(job) -> list[tuple[str, bytes]]:
    from thidua.monitoring.services import job_progress
    from thidua.nominations.selectors import nominees_for

    user, campaign = job.created_by, job.campaign
    selectors.dashboard_reach_for(user, campaign.pk)  # still within reach
    qs = nominees_for(user, campaign, **nominee_filters(job.params))
    total = qs.count()
    job_progress(job, done=0, total=total, message=f"Đang ghi {total} dòng…")
    data = exports.nominees_xlsx(qs.iterator(chunk_size=2000),
                                 progress=lambda i: job_progress(job, done=i))  # fmt: skip
    job_progress(job, done=total)
    return [(f"danh-sach-de-nghi-{campaign.pk}-{_stamp()}.xlsx", data)]


def nominee_filters(params: dict) -> dict:
    """The nominee list's filters (the same parsing as the list screen)."""
    from thidua.nominations.enums import NomineeState

    unit, form = str(params.get("unit", "")), str(params.get("award_form", ""))
    state = params.get("state", "")
    return {
        "unit": unit if unit.isdigit() else None,
        "award_form": form if form.isdigit() else None,
        "state": state if state in NomineeState.values else None,
        "eligible": params.get("eligible", ""),
    }


def units_export(job) -> list[tuple[str, bytes]]:
    from thidua.monitoring.services import job_progress

    board = selectors.dashboard(job.created_by, job.campaign.pk, show=job.params.get("show", ""),
                                q=job.params.get("q", ""), limit=None)  # fmt: skip
    rows = board.rows
    job_progress(job, done=0, total=len(rows))
    data = exports.units_xlsx(rows)
    job_progress(job, done=len(rows))
    return [(f"theo-doi-don-vi-{job.campaign.pk}-{_stamp()}.xlsx", data)]


def summary_report(job) -> list[tuple[str, bytes]]:
    from thidua.monitoring.services import job_progress

    board = selectors.dashboard(job.created_by, job.campaign.pk)
    job_progress(job, done=0, total=2, message="Đang tạo bản PDF…")
    pdf = report.summary_pdf(board)
    job_progress(job, done=1, message="Đang tạo bản DOCX…")
    docx = report.summary_docx(board)
    job_progress(job, done=2)
    name = f"bao-cao-tong-ket-{job.campaign.pk}"
    return [(f"{name}.pdf", pdf), (f"{name}.docx", docx)]


HANDLERS = {
    JobKind.NOMINEES_EXPORT: nominees_export,
    JobKind.UNITS_EXPORT: units_export,
    JobKind.SUMMARY_REPORT: summary_report,
}
