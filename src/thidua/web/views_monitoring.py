"""Monitoring screens (theo dõi, đôn đốc): the campaign dashboard, reminder rules and what was
sent, exports, the summary report, background jobs and e-mail preferences. Parse, call a
selector or a service, render; every campaign goes through a helper that answers 404 outside
the reader's reach."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import RegistrationStatus
from thidua.core import charts
from thidua.core.text import nfc
from thidua.core.uploads import file_response
from thidua.monitoring import exports, jobs, report, results, selectors, services
from thidua.monitoring.enums import JobKind, JobState, NotificationKind, ReminderTarget
from thidua.nominations.enums import ProposalState
from thidua.nominations.selectors import nominees_for
from thidua.records import selectors as records_selectors
from thidua.web.decorators import backoffice
from thidua.web.kept import CSRF_MARK, with_csrf
from thidua.web.results_charts import year_charts
from thidua.web.service_calls import service_call
from thidua.web.views import XLSX

CHANGE = "campaigns.change_campaign"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

REG_COLORS = {
    RegistrationStatus.ON_TIME: "ok",
    RegistrationStatus.LATE: "warn",
    RegistrationStatus.MISSING: "err",
    RegistrationStatus.PENDING: "muted",
}
PROPOSAL_COLORS = {
    ProposalState.DRAFT: "muted",
    ProposalState.SUBMITTED: "info",
    ProposalState.RETURNED: "warn",
    ProposalState.ACCEPTED: "ok",
}
ELIGIBILITY_LABELS = {"yes": "Đủ tiêu chuẩn", "no": "Chưa đủ", "review": "Cần xem xét"}
ELIGIBILITY_COLORS = {"yes": "ok", "no": "err", "review": "warn"}
BAND_COLORS = ["ok", "info", "warn", "err", "muted", "alt"]


def _managed(request, pk):
    """The campaign, for its secretariat only (404 for anyone else)."""
    reach = selectors.dashboard_reach_for(request.user, pk)
    if not reach.manages:
        raise Http404(selectors.NOT_FOUND)
    return reach.campaign


def _filters(request) -> tuple[str, str]:
    show = request.GET.get("show", "")
    if show not in {value for value, _ in selectors.SHOW_CHOICES}:
        show = ""

    # NUL and other control characters cannot be searched for (PostgreSQL refuses NUL).
    q = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())
    return show, nfc(q).strip()[:100]


def _chart_context(board) -> dict:
    reg = board.registration_counts
    reg_items = [(RegistrationStatus(s).label, reg[s], REG_COLORS[s]) for s in reg]
    prop_items = [
        (ProposalState(s).label, board.proposal_counts[s], PROPOSAL_COLORS[s])
        for s in ProposalState.values
    ]
    prop_items.append(("Chưa lập hồ sơ", board.proposal_counts["none"], "muted"))
    elig_items = [
        (ELIGIBILITY_LABELS[k], v, ELIGIBILITY_COLORS[k]) for k, v in board.eligibility.items()
    ]
    band_items = [
        (label, n, BAND_COLORS[i % len(BAND_COLORS)])
        for i, (label, n) in enumerate(board.par_bands)
    ]
    task_colors = ["ok", "info", "warn", "err", "muted"]
    task_items = [(label, n, task_colors[i]) for i, (label, n) in enumerate(board.task_buckets)]
    out = {
        "reg_chart": charts.stacked(reg_items, title="Đăng ký thi đua và kế hoạch của đơn vị"),
        "reg_items": reg_items,
        "prop_chart": charts.hbars(prop_items, title="Hồ sơ đề nghị theo tình trạng"),
        "prop_items": prop_items,
        "elig_chart": charts.stacked(elig_items, title="Kết quả kiểm tra tiêu chuẩn"),
        "elig_items": elig_items,
        "band_chart": charts.hbars(band_items, title="Chỉ số CCHC theo xếp loại")
        if band_items else "",
        "band_items": band_items,
        "task_chart": charts.hbars(task_items, title="Đơn vị theo tỷ lệ hoàn thành nhiệm vụ CCHC"),
        "task_items": task_items,
        "quota_charts": [
            (q, charts.meter(q.used, q.quota, title=f"Số lượng đã dùng: {q.name}"))
            for q in board.quotas
        ],
        "fund_chart": charts.meter(board.fund.decided, board.fund.budget,
                                   title="Quỹ thi đua, khen thưởng đã dùng",
                                   label=f"{board.fund.percent}%")
        if board.fund.budget else "",
    }  # fmt: skip
    c = board.council
    if c.sessions:
        out["council_chart"] = charts.hbars(
            [("Trường hợp được xét", c.items, "info"), ("Đã biểu quyết", c.voted, "muted"),
             ("Đạt tỷ lệ phiếu", c.passed, "ok"), ("Trong số lượng", c.within_quota, "ok")],
            title="Tiến độ xét của Hội đồng")  # fmt: skip
    if board.per_unit_charts and board.rows:
        out["unit_task_chart"] = charts.hbars(
            [(r.name, r.tasks_percent or 0, "ok" if r.tasks_percent == 100 else "warn")
             for r in board.rows], title="Tỷ lệ hoàn thành nhiệm vụ CCHC theo đơn vị",
            max_value=100, suffix="%")  # fmt: skip
        rated = [r for r in board.rows if r.par_percent is not None]
        if rated:
            out["unit_par_chart"] = charts.hbars(
                [(r.name, float(r.par_percent), "info") for r in rated],
                title="Chỉ số CCHC theo đơn vị", max_value=100, suffix="%")  # fmt: skip
    return out


@backoffice
def index(request):
    """The campaigns the reader follows, each with its dashboard."""
    campaigns = campaign_selectors.campaigns_for(request.user)[:100]
    context = {"campaigns": campaigns, "timings": selectors.on_time_by_level(request.user)}
    if results.reads_results(request.user):
        year = request.GET.get("nam", "")
        found = results.year_results(
            request.user, int(year) if year.isdigit() and len(year) <= 4 else None
        )
        context |= {
            "coverage": records_selectors.priority_coverage(request.user),
            "results": found,
            "year_charts": year_charts(found),
            "year_base": reverse("web:monitoring_index"),
        }
    return render(request, "monitoring/index.html", context)


@backoffice
def dashboard(request, pk):
    show, q = _filters(request)
    every = request.GET.get("all") == "1"
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    keep = request.GET.copy()
    keep.pop("page", None)
    decision, reach = selectors.dashboard_decision_for(request.user, pk)
    if not decision.manages:
        reach = reach or selectors.dashboard_reach_for(request.user, pk)
        context = _dashboard_context(reach, request.user, show, q, every, page, keep)
        return render(request, "monitoring/unit_dashboard.html", context)

    # The secretariat's page is kept as HTML text per reach, filters and data version; what is
    # drawn per request is the layout around it and its forms' CSRF token (web/kept.py).
    def build() -> dict:
        context = _dashboard_context(reach or selectors.dashboard_reach_for(request.user, pk),
                                     request.user, show, q, every, page, keep)  # fmt: skip
        context |= {"campaign_id": decision.campaign_id, "csrf_token": CSRF_MARK}
        body = get_template("monitoring/_dashboard_body.html").render(context)
        return {"title": context["campaign"].title, "body": body}

    filters = (show, q, page, keep.urlencode())
    parts = build() if every else selectors.dashboard_page_kept(decision, filters, build)
    context = {"title": parts["title"], "body": with_csrf(parts["body"], request)}
    return render(request, "monitoring/dashboard.html", context)


def _dashboard_context(reach, user, show, q, every, page, keep) -> dict:
    board = selectors.build_dashboard(
        reach,
        user,
        show=show,
        q=q,
        limit=None if every else selectors.ATTENTION_ROWS,
        offset=0 if every else (page - 1) * selectors.ATTENTION_ROWS,
    )
    pages = 1 if every else max(1, -(-board.rows_total // selectors.ATTENTION_ROWS))
    return {
        "board": board,
        "campaign": board.campaign,
        "rows": board.rows,
        "rows_total": board.rows_total,
        "first_number": 1 if every else (page - 1) * selectors.ATTENTION_ROWS + 1,
        "page": page,
        "pages": pages,
        "keep": keep.urlencode(),
        "show": show,
        "q": q,
        "show_choices": selectors.SHOW_CHOICES,
        "eligibility_labels": ELIGIBILITY_LABELS,
        "missing_plans": board.registration_counts[RegistrationStatus.MISSING]
        + board.registration_counts[RegistrationStatus.PENDING],
        "query": _export_query(show, q),
        # Drawn only when the rendered figures are not in the cache.
        "charts": SimpleLazyObject(lambda: _chart_context(board)),
        "figures_seconds": getattr(settings, "THIDUA_DASHBOARD_CACHE_SECONDS", 30),
        "figures_token": board.figures_token,
        "rows_token": board.rows_token,  # the table's rendered rows kept with its data
    }


def _export_query(show: str, q: str) -> str:
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    if show:
        params["show"] = show
    if q:
        params["q"] = q
    return params.urlencode()


@backoffice
def dashboard_export(request, pk):
    """The units table of the dashboard, with the page's filters, as .xlsx (every page)."""
    show, q = _filters(request)
    board = selectors.dashboard(request.user, pk, show=show, q=q, limit=None)
    return _xlsx(exports.units_xlsx(board.rows), f"theo-doi-don-vi-{board.campaign.pk}.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@backoffice
@require_POST
def dashboard_remind(request, pk):
    """Remind every unit that has not sent its plan (the campaigns app's reminder)."""
    campaign = _managed(request, pk)
    count = campaign_services.reminder_send(actor=request.user, campaign=campaign)
    if count:
        messages.success(request, f"Đã gửi nhắc nhở đến {count} đơn vị chưa nộp kế hoạch.")
    else:
        messages.error(request, "Không có đơn vị nào cần nhắc: mọi đơn vị đã nộp kế hoạch.")
    return redirect(reverse("web:monitoring_dashboard", args=[campaign.pk]))


# Board and nominee list exports, with the list's filters ---------------------------------------


@backoffice
def board_export(request, pk):
    """The registration board (campaigns) as .xlsx with its status filter applied."""
    from thidua.web.views_campaigns import _board_xlsx

    campaign = _managed(request, pk)
    status = request.GET.get("status", "")
    if status not in RegistrationStatus.values:
        status = ""
    rows = campaign_selectors.registration_board(campaign, user=request.user, status=status)
    return _xlsx(_board_xlsx(campaign, rows), f"theo-doi-dang-ky-{campaign.pk}.xlsx")


@backoffice
def nominees_export(request, pk):
    """The nominee list (/phong-trao/<pk>/ung-vien/) with its filters, as .xlsx."""
    campaign = _managed(request, pk)
    filters = jobs.nominee_filters(request.GET)
    qs = nominees_for(request.user, campaign, **filters)
    return _xlsx(exports.nominees_xlsx(qs.iterator(chunk_size=2000)),
                 f"danh-sach-de-nghi-{campaign.pk}.xlsx")  # fmt: skip


# Summary report --------------------------------------------------------------------------------


@backoffice
def summary_report(request, pk, fmt):
    campaign = _managed(request, pk)
    if fmt not in {"pdf", "docx"}:
        raise Http404("Định dạng không hợp lệ.")
    board = selectors.dashboard(request.user, campaign.pk)
    if fmt == "pdf":
        data, ctype = report.summary_pdf(board), "application/pdf"
    else:
        data, ctype = report.summary_docx(board), DOCX
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-ket-{campaign.pk}.{fmt}"'
    return response


# Reminder rules --------------------------------------------------------------------------------


def _rule_form_errors(target: str, days: str) -> tuple[list[str], int | None]:
    errors = []
    if target not in ReminderTarget.values:
        errors.append("Chọn việc cần nhắc.")
    try:
        n = int(days)
        if not 0 <= n <= 365:
            raise ValueError
    except (TypeError, ValueError):
        errors.append("Số ngày phải là số nguyên từ 0 đến 365.")
        n = None
    return errors, n


@backoffice
def reminders(request, pk):
    campaign = _managed(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        target, days = request.POST.get("target", ""), request.POST.get("days", "")
        errors, n = _rule_form_errors(target, days)
        if not errors:
            with service_call(request) as attempt:
                services.reminder_rule_add(actor=request.user, campaign=campaign, target=target,
                                           days=n)  # fmt: skip
            if attempt.ok:
                messages.success(request, "Đã thêm quy tắc nhắc hạn.")
                return redirect(reverse("web:monitoring_reminders", args=[campaign.pk]))
    return render(request, "monitoring/reminders.html", {
        "campaign": campaign,
        "rules": selectors.reminder_rules_of(campaign),
        "sent": selectors.reminders_sent(campaign),
        "targets": ReminderTarget.choices,
        "errors": errors,
        "posted": request.POST if request.method == "POST" else {},
    })  # fmt: skip


@backoffice
@require_POST
def reminder_rule_action(request, pk, rule_pk, action):
    campaign = _managed(request, pk)
    rule = selectors.reminder_rule_get(campaign, rule_pk)
    with service_call(request):
        if action == "tam-dung":
            services.reminder_rule_set_active(actor=request.user, rule=rule, active=False)
            messages.success(request, "Đã tạm dừng quy tắc.")
        elif action == "bat":
            services.reminder_rule_set_active(actor=request.user, rule=rule, active=True)
            messages.success(request, "Đã bật lại quy tắc.")
        elif action == "xoa":
            services.reminder_rule_remove(actor=request.user, rule=rule)
            messages.success(request, "Đã xóa quy tắc.")
        else:
            raise Http404("Thao tác không hợp lệ.")
    return redirect(reverse("web:monitoring_reminders", args=[campaign.pk]))


# Background jobs -------------------------------------------------------------------------------


@backoffice
@require_POST
def job_start(request, pk):
    campaign = _managed(request, pk)
    kind = request.POST.get("kind", "")
    if kind not in JobKind.values:
        messages.error(request, "Loại việc không hợp lệ.")
        return redirect(reverse("web:monitoring_dashboard", args=[campaign.pk]))
    running = selectors.job_active(request.user, kind, campaign)
    if running is not None:
        return redirect(reverse("web:job_detail", args=[running.pk]))
    keys = {"nominees_export": ("unit", "award_form", "state", "eligible"),
            "units_export": ("show", "q")}.get(kind, ())  # fmt: skip
    params = {k: "".join(ch for ch in request.POST.get(k, "") if ch.isprintable())[:100]
              for k in keys}  # fmt: skip
    job = services.job_create(actor=request.user, kind=kind, campaign=campaign, params=params)
    return redirect(reverse("web:job_detail", args=[job.pk]))


@login_required
def job_list(request):
    return render(request, "monitoring/jobs.html", {"jobs": selectors.jobs_for(request.user)[:50]})


@login_required
def job_detail(request, pk):
    job = selectors.job_get_for(request.user, pk)
    template = ("monitoring/_job_progress.html" if request.headers.get("HX-Request") == "true"
                else "monitoring/job.html")  # fmt: skip
    return render(request, template, {"job": job, "finished": job.state in JobState.finished()})


@login_required
def job_file(request, pk, n):
    job = selectors.job_get_for(request.user, pk)
    field, name = {1: (job.file, job.file_name), 2: (job.file2, job.file2_name)}.get(n, (None, ""))
    if job.state != JobState.DONE or not field:
        raise Http404("Tệp chưa sẵn sàng.")
    return file_response(field, download_name=name)


# E-mail preferences ----------------------------------------------------------------------------


@login_required
def preferences(request):
    if request.method == "POST":
        kinds = {k for k in request.POST.getlist("email") if k in NotificationKind.values}
        services.email_preferences_set(user=request.user, email_kinds=kinds)
        messages.success(request, "Đã lưu lựa chọn nhận thông báo qua thư điện tử.")
        return redirect(reverse("web:notification_preferences"))
    choices = selectors.email_choices(request.user)
    return render(request, "monitoring/preferences.html", {
        "kinds": [(k, label, choices[k]) for k, label in NotificationKind.choices],
        "has_email": bool(request.user.email),
    })  # fmt: skip
