"""What each background job does (queued by services.job_create, run by services.job_execute
on the task queue).
A handler reads through its creator's reach, reports progress and returns the files
[(name, bytes), …] to attach to the job, or (files, what to tell the person)."""

import datetime as dt
from functools import partial

from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.core.storage import private_storage
from thidua.indicators import importers as indicator_importers
from thidua.indicators import selectors as indicator_selectors
from thidua.monitoring import exports, report, selectors
from thidua.monitoring.enums import JobKind
from thidua.nominations.enums import NomineeState
from thidua.nominations.selectors import nominees_for
from thidua.org import importers
from thidua.records import importers as records_importers


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def nominees_export(job) -> list[tuple[str, bytes]]:
    from thidua.monitoring.services import job_progress

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


def _import(job, do_import, said="Đã nhập xong: {created} thêm mới, {updated} cập nhật."):
    """An Excel import, all or nothing, as the person who uploaded it (the importer checks
    their reach row by row). Row errors are kept on the job for its page; nothing is saved."""
    from thidua.monitoring.models import Job
    from thidua.monitoring.services import job_progress

    with private_storage.open(job.params["upload"], "rb") as f:
        data = f.read()
    job_progress(job, done=0, total=1, message="Đang kiểm tra toàn bộ tệp…")
    result = do_import(actor=job.created_by, data=data)
    if not result.ok:
        errors = [[e.row, e.column, e.message] for e in result.errors]
        Job.objects.filter(pk=job.pk).update(params={**job.params, "errors": errors})
        raise ValidationError(
            f"Chưa nhập được: {len(errors)} lỗi cần sửa; không có dữ liệu nào được lưu."
        )
    job_progress(job, done=1)
    return [], said.format(created=result.created, updated=result.updated,
                           total=result.created + result.updated)  # fmt: skip


def people_import(job):
    checked = job.params.get("upload_checked_sha256")
    return _import(job, partial(importers.people_import, checked_sha256=checked))


def units_import(job):
    checked = job.params.get("upload_checked_sha256")
    return _import(job, partial(importers.units_import, checked_sha256=checked))


def results_import(job):
    """A framework's published results, with the document they were published by."""
    params = job.params
    framework = indicator_selectors.framework_get(params["framework"])
    do_import = partial(
        indicator_importers.results_import,
        framework=framework,
        doc_number=params.get("doc_number", ""),
        doc_date=dt.date.fromisoformat(params["doc_date"]) if params.get("doc_date") else None,
    )
    return _import(job, do_import, said="Đã nhập kết quả của {total} đơn vị và công bố.")


def ratings_import(job):
    return _import(job, indicator_importers.ratings_import,
                   said="Đã nhập: thêm {created}, cập nhật {updated} dòng.")  # fmt: skip


def discipline_import(job):
    return _import(job, indicator_importers.discipline_import,
                   said="Đã nhập: thêm {created}, cập nhật {updated} dòng.")  # fmt: skip


def history_import(job):
    return _import(job, records_importers.history_import,
                   said="Đã nhập {created} khen thưởng vào quá trình khen thưởng.")  # fmt: skip


HANDLERS = {
    JobKind.PEOPLE_IMPORT: people_import,
    JobKind.UNITS_IMPORT: units_import,
    JobKind.RESULTS_IMPORT: results_import,
    JobKind.RATINGS_IMPORT: ratings_import,
    JobKind.DISCIPLINE_IMPORT: discipline_import,
    JobKind.HISTORY_IMPORT: history_import,
    JobKind.NOMINEES_EXPORT: nominees_export,
    JobKind.UNITS_EXPORT: units_export,
    JobKind.SUMMARY_REPORT: summary_report,
}
