"""Back-office screens of indicators (PAR INDEX, DDCI), CCHC tasks, staff ratings and discipline:
parse the request, call a selector or a service, render. Every object is loaded through a
helper that checks the reader's permission and answers 404 outside its reach. Charts are SVG
drawn here, served with the page (no script, no CDN) and readable when printed: every bar
carries its number."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.campaigns.enums import CampaignState
from thidua.campaigns.selectors import campaigns_for
from thidua.core import charts
from thidua.core.uploads import file_response
from thidua.indicators import forms as f
from thidua.indicators import importers, selectors, services
from thidua.indicators.enums import AssessmentState, FrameworkState, TaskState
from thidua.indicators.models import Node
from thidua.monitoring import services as monitoring_services
from thidua.org import selectors as org_selectors
from thidua.org.models import Unit
from thidua.org.selectors import person_get_for
from thidua.web.decorators import backoffice, permission
from thidua.web.service_calls import service_call
from thidua.web.views import XLSX, _page

CHANGE = "indicators.change_framework"


def _post(request):
    return request.POST if request.method == "POST" else None


def _max_upload_bytes() -> int:
    return getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


def _managed_units(user) -> list[Unit]:
    return list(org_selectors.units_managed_by(user))


def _num(value) -> str:
    if value is None:
        return "–"
    return services._num(Decimal(value))


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Charts ----------------------------------------------------------------------------------------


# Frameworks ------------------------------------------------------------------------------------


@backoffice
def framework_list(request):
    frameworks = selectors.frameworks_for(request.user)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    years = sorted(set(frameworks.values_list("year", flat=True)), reverse=True)
    if year:
        frameworks = frameworks.filter(year=year)
    return render(
        request,
        "indicators/framework_list.html",
        {
            "page": _page(request, frameworks),
            "year": year,
            "years": years,
            "can_add": request.user.has_perm("indicators.add_framework"),
        },
    )


@permission("indicators.add_framework")
def framework_create(request):
    issuers = _managed_units(request.user)
    form = f.FrameworkForm(
        _post(request), issuers=issuers, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            framework = services.framework_create(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, f"Đã tạo bộ chỉ số «{framework.name}».")
            return redirect("web:indicator_framework", pk=framework.pk)
    return render(request, "indicators/form.html", {"form": form, "title": "Tạo bộ chỉ số"})


def _tree(nodes):
    children: dict[int | None, list[Node]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    out, stack = [], list(reversed(children.get(None, [])))
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(children.get(n.pk, [])))
    return out


def _components_chart(framework, components, nodes) -> str:
    """Last year against this year for each assigned component (one bulk read)."""
    if not components or framework.state != FrameworkState.PUBLISHED:
        return ""
    changes = selectors.component_changes_by_unit(
        unit_ids=sorted({c.unit_id for c in components}),
        year=framework.year,
        framework_kinds=[framework.kind],
    )
    seen, bars = set(), []
    for c in components:
        for change in changes[c.unit_id]:
            key = (change.code, change.subject_id)
            if change.code == c.node.code and key not in seen:
                seen.add(key)
                bars.append(
                    (
                        f"{change.code}. {change.name}",
                        change.previous,
                        change.current,
                        change.change_label,
                    )
                )
    maxima = {n.code: n.max_score for n in nodes}
    top = max((maxima.get(b[0].split(". ")[0], Decimal(0)) for b in bars), default=Decimal(10))
    return charts.paired_bars(
        bars,
        maximum=top or Decimal(10),
        title=f"Chỉ số thành phần năm {framework.year} so với năm {framework.year - 1}",
    )


def _framework_page(request, framework, **bound):
    user = request.user
    runs = user.has_perm(CHANGE, framework)
    nodes = _tree(framework.nodes.all())
    rows = selectors.score_table(framework, user=user)
    published = [r for r in rows if r.published]
    ranking = sorted(published, key=lambda r: (r.rank or 10**6, r.unit.name))
    chart = (
        charts.ranked_bars(
            [(r.unit.name, r.assessment.percent, None, False) for r in ranking],
            maximum=Decimal(100),
            suffix=" %",
            title=f"Xếp hạng {framework.name}",
        )
        if ranking
        else ""
    )
    components = selectors.components_for(user, framework)
    context = {
        "framework": framework,
        "runs": runs,
        "nodes": nodes,
        "rows": rows,
        "bands": list(framework.bands.all()),
        "ranking_chart": chart,
        "yoy_chart": _components_chart(framework, components, nodes),
        "has_survey": any(n.is_survey for n in nodes),
        "components": components,
        "waits": selectors.waiting_campaigns(framework) if runs else [],
        "synthetic": "giả lập" in framework.basis,
    }
    if runs:
        editable = framework.state == FrameworkState.DRAFT
        units = list(org_selectors.unit_subtree(framework.issuer, "depth", "position", "name"))
        context |= {
            "editable": editable,
            "node_form": bound.get("node_form") or f.NodeForm(nodes=nodes),
            "bands_form": bound.get("bands_form")
            or f.BandsForm(
                initial={
                    "bands": "\n".join(
                        f"{_num(b.min_percent)} {b.label}" for b in framework.bands.all()
                    )
                }
            ),
            "open_form": bound.get("open_form")
            or f.OpenForm(
                units=units, initial={"self_deadline": f.deadline_day(framework.self_deadline)}
            ),
            "assign_form": bound.get("assign_form")
            or f.ComponentAssignForm(nodes=nodes, units=units),
            "deadline_form": f.DeadlineForm(
                initial={"self_deadline": f.deadline_day(framework.self_deadline)}
            ),
            "publish_form": f.PublishForm(
                initial={
                    "doc_number": framework.source_doc_number,
                    "doc_date": framework.source_doc_date,
                }
            ),
            "wait_form": bound.get("wait_form") or _wait_form(request, framework),
            "can_publish": framework.state == FrameworkState.OPEN
            and rows
            and all(
                r.assessment.state in (AssessmentState.APPRAISED, AssessmentState.PUBLISHED)
                for r in rows
            ),
        }
    return render(request, "indicators/framework_detail.html", context)


def _wait_form(request, framework, data=None):
    campaigns = [
        c
        for c in campaigns_for(request.user).filter(
            state__in=[CampaignState.DRAFT, CampaignState.PUBLISHED, CampaignState.RUNNING]
        )
        if request.user.has_perm("campaigns.change_campaign", c)
    ]
    frameworks = list(selectors.frameworks_for(request.user).filter(year=framework.year))
    frameworks = [x for x in frameworks if request.user.has_perm(CHANGE, x)]
    return f.NominationWaitForm(
        data, campaigns=campaigns, frameworks=frameworks, initial={"frameworks": [framework.pk]}
    )


@backoffice
def framework_detail(request, pk):
    framework = selectors.framework_get_for(request.user, pk)
    return _framework_page(request, framework)


def _run(request, pk, call, *, done: str, anchor: str = ""):
    """A POST action on a framework run by the reader: call the service, say what happened."""
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    with service_call(request) as attempt:
        result = call(framework)
    if attempt.ok and result is not False:
        messages.success(request, done)
    url = reverse("web:indicator_framework", args=[framework.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_POST
@backoffice
def framework_node_add(request, pk):
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    form = f.NodeForm(request.POST, nodes=_tree(framework.nodes.all()))
    if form.is_valid():
        d = form.cleaned_data
        with service_call(request, form) as attempt:
            services.nodes_create(
                actor=request.user,
                framework=framework,
                rows=[
                    services.NodeRow(
                        d["code"], d["name"], d["max_score"], d["parent"] or None, d["is_survey"]
                    )
                ],
            )
        if attempt.ok:
            messages.success(request, f"Đã thêm tiêu chí {d['code']}.")
            return redirect(reverse("web:indicator_framework", args=[pk]) + "#tieu-chi")
    return _framework_page(request, framework, node_form=form)


@require_POST
@backoffice
def framework_node_remove(request, pk, node_pk):
    def call(framework):
        node = next((n for n in framework.nodes.all() if n.pk == node_pk), None)
        if node is None:
            raise Http404("Không tìm thấy tiêu chí.")
        services.node_remove(actor=request.user, node=node)

    return _run(request, pk, call, done="Đã xóa tiêu chí.", anchor="tieu-chi")


@require_POST
@backoffice
def framework_bands(request, pk):
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    form = f.BandsForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.bands_set(
                actor=request.user, framework=framework, bands=form.cleaned_data["bands"]
            )
        if attempt.ok:
            messages.success(request, "Đã lưu các mức xếp loại.")
            return redirect(reverse("web:indicator_framework", args=[pk]) + "#xep-loai")
    return _framework_page(request, framework, bands_form=form)


@require_POST
@backoffice
def framework_open(request, pk):
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    units = list(org_selectors.unit_subtree(framework.issuer))
    form = f.OpenForm(request.POST, units=units)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.framework_open(actor=request.user, framework=framework, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã đưa bộ chỉ số vào chấm điểm và thông báo các đơn vị.")
            return redirect("web:indicator_framework", pk=pk)
    return _framework_page(request, framework, open_form=form)


@require_POST
@backoffice
def framework_deadline(request, pk):
    form = f.DeadlineForm(request.POST)

    def call(framework):
        if not form.is_valid():
            raise ValidationError(" ".join(e for errs in form.errors.values() for e in errs))
        services.framework_update(
            actor=request.user,
            framework=framework,
            self_deadline=form.cleaned_data["self_deadline"],
        )

    return _run(request, pk, call, done="Đã đổi hạn tự chấm.")


@require_POST
@backoffice
def framework_copy(request, pk):
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    with service_call(request) as attempt:
        copy = services.framework_copy(actor=request.user, framework=framework)
    if not attempt.ok:
        return redirect("web:indicator_framework", pk=pk)
    messages.success(request, f"Đã sao chép sang năm {copy.year}; sửa bộ chỉ số mới nếu cần.")
    return redirect("web:indicator_framework", pk=copy.pk)


@require_POST
@backoffice
def framework_publish(request, pk):
    form = f.PublishForm(request.POST)

    def call(framework):
        if not form.is_valid():
            raise ValidationError("Ngày văn bản không hợp lệ.")
        services.framework_publish_request(
            actor=request.user,
            framework=framework,
            doc_number=form.cleaned_data["doc_number"],
            doc_date=form.cleaned_data["doc_date"],
        )

    return _run(
        request,
        pk,
        call,
        done="Đã nhận yêu cầu công bố kết quả; các đơn vị được thông báo ngay khi công bố xong.",
    )


@require_POST
@backoffice
def framework_assign(request, pk):
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    units = list(org_selectors.unit_subtree(framework.issuer))
    form = f.ComponentAssignForm(request.POST, nodes=list(framework.nodes.all()), units=units)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.component_assign(
                actor=request.user, node=form.cleaned_data["node"], unit=form.cleaned_data["unit"]
            )
        if attempt.ok:
            messages.success(request, "Đã giao chỉ số thành phần.")
            return redirect(reverse("web:indicator_framework", args=[pk]) + "#giao-chi-so")
    return _framework_page(request, framework, assign_form=form)


@require_POST
@backoffice
def framework_unassign(request, pk, item_pk):
    def call(framework):
        item = selectors.component_assignment_of(framework, item_pk)
        if item is None:
            raise Http404("Không tìm thấy.")
        services.component_unassign(actor=request.user, assignment=item)

    return _run(request, pk, call, done="Đã bỏ giao chỉ số thành phần.", anchor="giao-chi-so")


@require_POST
@backoffice
def framework_wait(request, pk):
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    form = _wait_form(request, framework, request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.nomination_wait_set(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(
                request,
                "Phong trào sẽ mở giai đoạn đề nghị khen thưởng khi các bộ "
                "chỉ số đã chọn được công bố.",
            )
            return redirect("web:indicator_framework", pk=pk)
    return _framework_page(request, framework, wait_form=form)


@backoffice
def framework_import(request, pk):
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    form = f.ResultsImportForm(_post(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        doc_date = form.cleaned_data["doc_date"]
        # Checked and saved on the task queue; the job's page shows the result or every error.
        job = monitoring_services.job_create(
            actor=request.user,
            kind="results_import",
            upload=form.cleaned_data["file"].read(),
            params={
                "framework": framework.pk,
                "doc_number": form.cleaned_data["doc_number"],
                "doc_date": doc_date.isoformat() if doc_date else "",
            },
        )
        return redirect("web:job_detail", pk=job.pk)
    return render(request, "indicators/import.html", {"framework": framework, "form": form})


@backoffice
def framework_tree_import(request, pk):
    """The structure of a draft framework from an Excel file: all rows or none."""
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    form = f.TreeImportForm(_post(request), request.FILES if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importers.framework_tree_import(
            actor=request.user, framework=framework, data=form.cleaned_data["file"].read()
        )
        if result.ok:
            messages.success(request, f"Đã thêm {result.created} tiêu chí từ tệp Excel.")
            return redirect(reverse("web:indicator_framework", args=[pk]) + "#tieu-chi")
    return render(
        request,
        "indicators/tree_import.html",
        {"framework": framework, "form": form, "result": result},
    )


@backoffice
def tree_template(request):
    return _xlsx(importers.tree_template(), "mau-cau-truc-bo-chi-so.xlsx")


@backoffice
def framework_template(request, pk):
    framework = selectors.framework_get_for(request.user, pk, CHANGE)
    return _xlsx(importers.results_template(framework), f"mau-ket-qua-{framework.pk}.xlsx")


# Assessments -----------------------------------------------------------------------------------


def _assessment_page(request, assessment, **bound):
    user = request.user
    framework = assessment.framework
    runs = user.has_perm(CHANGE, framework)
    published = assessment.state == AssessmentState.PUBLISHED
    show_appraised = published or runs
    rows = selectors.assessment_rows(assessment, appraised=show_appraised)
    rank, peers = selectors.rank_in_framework(assessment) if published else (None, 0)
    context = {
        "assessment": assessment,
        "framework": framework,
        "rows": rows,
        "runs": runs,
        "show_appraised": show_appraised,
        "published": published,
        "rank": rank,
        "peers": peers,
        "can_self": user.has_perm("indicators.self_assess", assessment),
        "can_appraise": user.has_perm("indicators.appraise", assessment),
        "synthetic": "giả lập" in framework.basis,
    }
    if published:
        bars = selectors.field_comparison(assessment)
        context["field_chart"] = charts.ranked_bars(
            [(f"{b.code}. {b.name}", b.percent, b.peer_percent, True) for b in bars],
            maximum=Decimal(100),
            suffix=" %",
            reference_label="TB: trung bình các đơn vị",
            title="Tỷ lệ điểm theo lĩnh vực so với trung bình các đơn vị",
        )
        history = selectors.unit_history(assessment.unit, kind=framework.kind)
        context["history"] = history
    if context["can_appraise"]:
        leaves = [r.node for r in rows if r.node.is_leaf]
        scores = {r.node.pk: r.score for r in rows if r.score}
        context["appraisal_form"] = bound.get("appraisal_form") or f.AppraisalForm(
            leaves=leaves, scores=scores
        )
        context["return_form"] = bound.get("return_form") or f.ReturnForm()
        form = context["appraisal_form"]
        for r in rows:
            if r.node.is_leaf:
                r.appraisal = tuple(form[f"{k}_{r.node.pk}"] for k in ("score", "comment", "na"))
    if context["can_self"]:
        context["problems"] = services.submit_problems(assessment)
    return render(request, "indicators/assessment_detail.html", context)


@backoffice
def assessment_detail(request, pk):
    assessment = selectors.assessment_get_for(request.user, pk)
    return _assessment_page(request, assessment)


@backoffice
def assessment_score(request, pk, node_pk):
    assessment = selectors.assessment_get_for(request.user, pk, "indicators.self_assess")
    node = next((n for n in assessment.framework.nodes.all() if n.pk == node_pk), None)
    if node is None or not node.is_leaf or node.is_survey:
        raise Http404("Không tìm thấy tiêu chí thành phần tự chấm.")
    score = assessment.scores.filter(node=node).prefetch_related("evidence").first()
    initial = {}
    if score is not None:
        initial = {
            "score": score.self_score,
            "not_applicable": score.not_applicable,
            "explanation": score.explanation,
        }
    form = f.SelfScoreForm(
        _post(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
        max_bytes=_max_upload_bytes(),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        evidence = [d["evidence"]] if d["evidence"] else []
        with service_call(request, form) as attempt:
            services.score_self_set(
                actor=request.user,
                assessment=assessment,
                node=node,
                score=d["score"],
                not_applicable=d["not_applicable"],
                explanation=d["explanation"],
                evidence=evidence,
                evidence_names=[getattr(form, "evidence_name", "")],
            )
        if attempt.ok:
            messages.success(request, f"Đã lưu điểm tự chấm tiêu chí {node.code}.")
            return redirect(reverse("web:indicator_assessment", args=[pk]) + f"#n{node.pk}")
    return render(
        request,
        "indicators/score_form.html",
        {
            "assessment": assessment,
            "node": node,
            "score": score,
            "form": form,
        },
    )


@require_POST
@backoffice
def assessment_submit(request, pk):
    assessment = selectors.assessment_get_for(request.user, pk, "indicators.self_assess")
    with service_call(request, done="Đã gửi kết quả tự chấm đến cơ quan thẩm định."):
        services.assessment_submit(actor=request.user, assessment=assessment)
    return redirect("web:indicator_assessment", pk=pk)


@require_POST
@backoffice
def assessment_appraise(request, pk):
    assessment = selectors.assessment_get_for(request.user, pk, "indicators.appraise")
    rows = selectors.assessment_rows(assessment, appraised=True)
    leaves = [r.node for r in rows if r.node.is_leaf]
    form = f.AppraisalForm(
        request.POST, leaves=leaves, scores={r.node.pk: r.score for r in rows if r.score}
    )
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.appraisal_save(actor=request.user, assessment=assessment, values=form.values())
            if request.POST.get("finish"):
                services.assessment_appraise(actor=request.user, assessment=assessment)
        if attempt.ok:
            done = (
                "Đã hoàn thành thẩm định."
                if request.POST.get("finish")
                else "Đã lưu điểm thẩm định."
            )
            messages.success(request, done)
            return redirect("web:indicator_assessment", pk=pk)
    return _assessment_page(request, assessment, appraisal_form=form)


@require_POST
@backoffice
def assessment_return(request, pk):
    assessment = selectors.assessment_get_for(request.user, pk, "indicators.appraise")
    form = f.ReturnForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.assessment_return(
                actor=request.user, assessment=assessment, note=form.cleaned_data["note"]
            )
        if attempt.ok:
            messages.success(request, "Đã trả lại kết quả để đơn vị giải trình.")
            return redirect("web:indicator_assessment", pk=pk)
    return _assessment_page(request, assessment, return_form=form)


@backoffice
def evidence_download(request, pk):
    evidence = selectors.evidence_get_for(request.user, pk)
    return file_response(evidence.file, download_name=evidence.name)


@require_POST
@backoffice
def evidence_remove(request, pk):
    evidence = selectors.evidence_get_for(request.user, pk)
    assessment = evidence.score.assessment
    if not request.user.has_perm("indicators.self_assess", assessment):
        raise Http404("Không tìm thấy tài liệu.")
    with service_call(request, done="Đã xóa tài liệu kiểm chứng."):
        services.evidence_remove(actor=request.user, evidence=evidence)
    return redirect("web:indicator_score", pk=assessment.pk, node_pk=evidence.score.node_id)


# CCHC tasks ------------------------------------------------------------------------------------


def _year(request) -> int:
    value = request.GET.get("year", "")
    return (
        int(value)
        if value.isdigit() and 2000 <= int(value) <= 2100
        else (timezone.localdate().year)
    )


@backoffice
def task_list(request):
    user = request.user
    years = selectors.task_years(user)
    year = _year(request) if request.GET.get("year") or not years else years[0]
    state = request.GET.get("state", "")
    if state not in TaskState.values:
        state = ""
    form = None
    if user.has_perm("indicators.add_task"):
        managed = _managed_units(user)
        form = f.TaskForm(_post(request), issuers=managed, units=managed, initial={"year": year})
        if request.method == "POST" and form.is_valid():
            with service_call(request, form) as attempt:
                task = services.task_create(actor=user, **form.cleaned_data)
            if attempt.ok:
                messages.success(request, f"Đã giao nhiệm vụ cho {task.unit.name}.")
                return redirect(f"{reverse('web:indicator_tasks')}?year={task.year}")
    elif request.method == "POST":
        raise Http404("Bạn không giao nhiệm vụ.")
    completion = selectors.task_completion_rows(user, year=year)
    chart = charts.ranked_bars(
        [(r.unit_name, r.percent, None, False) for r in completion],
        maximum=Decimal(100),
        suffix=" %",
        title=f"Tỷ lệ hoàn thành nhiệm vụ CCHC năm {year}",
    )
    return render(
        request,
        "indicators/task_list.html",
        {
            "page": _page(request, selectors.tasks_for(user, year=year, state=state)),
            "year": year,
            "years": sorted(set(years) | {year}, reverse=True),
            "state": state,
            "states": TaskState.choices,
            "form": form,
            "completion": completion,
            "chart": chart,
        },
    )


@backoffice
def task_detail(request, pk):
    task = selectors.task_get_for(request.user, pk)
    can_report = request.user.has_perm("indicators.report_task", task) and task.state in (
        TaskState.ASSIGNED,
        TaskState.IN_PROGRESS,
    )
    form = f.TaskReportForm(
        _post(request),
        request.FILES if request.method == "POST" else None,
        max_bytes=_max_upload_bytes(),
    )
    if request.method == "POST":
        if not can_report:
            raise Http404("Bạn không báo cáo nhiệm vụ này.")
        if form.is_valid():
            d = form.cleaned_data
            with service_call(request, form) as attempt:
                services.task_report(
                    actor=request.user,
                    task=task,
                    progress=d["progress"],
                    note=d["note"],
                    done=d["done"],
                    evidence=d["evidence"],
                    evidence_name=form.evidence_name,
                )
            if attempt.ok:
                messages.success(request, "Đã gửi báo cáo tiến độ.")
                return redirect("web:indicator_task", pk=pk)
    return render(
        request,
        "indicators/task_detail.html",
        {
            "task": task,
            "form": form if can_report else None,
            "runs": request.user.has_perm("indicators.change_task", task),
            "reject_form": f.TaskRejectForm(),
        },
    )


@require_POST
@backoffice
def task_confirm(request, pk):
    task = selectors.task_get_for(request.user, pk, "indicators.change_task")
    with service_call(request, done="Đã xác nhận hoàn thành nhiệm vụ."):
        services.task_confirm(actor=request.user, task=task)
    return redirect("web:indicator_task", pk=pk)


@require_POST
@backoffice
def task_reject(request, pk):
    task = selectors.task_get_for(request.user, pk, "indicators.change_task")
    form = f.TaskRejectForm(request.POST)
    with service_call(request, done="Đã trả lại, đơn vị tiếp tục thực hiện."):
        if not form.is_valid():
            raise ValidationError("Nêu lý do chưa xác nhận hoàn thành.")
        services.task_reject(actor=request.user, task=task, note=form.cleaned_data["note"])
    return redirect("web:indicator_task", pk=pk)


@backoffice
def task_evidence(request, pk, report_pk):
    task = selectors.task_get_for(request.user, pk)
    report = selectors.task_report_get_for(request.user, task, report_pk)
    return file_response(report.file, download_name=report.file_name)


# Staff ratings and discipline ------------------------------------------------------------------


@backoffice
def staff_records(request):
    user = request.user
    year = _year(request) if request.GET.get("year") else timezone.localdate().year - 1
    form = None
    if user.has_perm("indicators.import_staff_records"):
        form = f.StaffImportForm(
            _post(request), request.FILES if request.method == "POST" else None
        )
        if request.method == "POST" and form.is_valid():
            kind = "ratings" if form.cleaned_data["kind"] == "ratings" else "discipline"
            job = monitoring_services.job_create(
                actor=user, kind=f"{kind}_import", upload=form.cleaned_data["file"].read()
            )
            return redirect("web:job_detail", pk=job.pk)
    elif request.method == "POST":
        raise Http404("Bạn không nhập dữ liệu này.")
    return render(
        request,
        "indicators/staff_records.html",
        {
            "year": year,
            "ratings": _page(request, selectors.ratings_for(user, year=year)),
            "discipline": list(selectors.discipline_for(user)[:200]),
            "form": form,
        },
    )


@permission("indicators.import_staff_records")
def staff_template(request, kind):
    if kind == "xep-loai":
        return _xlsx(importers.ratings_template(), "mau-xep-loai.xlsx")
    if kind == "ky-luat":
        return _xlsx(importers.discipline_template(), "mau-ky-luat.xlsx")
    raise Http404("Không có mẫu này.")


@backoffice
def person_records(request, pk):
    person = person_get_for(request.user, pk)
    can_change = request.user.has_perm("indicators.change_staff_record", person)
    rating_form = f.RatingForm(
        request.POST if request.POST.get("what") == "rating" else None,
        initial={"year": timezone.localdate().year - 1},
    )
    discipline_form = f.DisciplineRecordForm(
        request.POST if request.POST.get("what") == "discipline" else None
    )
    if request.method == "POST":
        if not can_change:
            raise Http404("Bạn không cập nhật hồ sơ của người này.")
        form = rating_form if request.POST.get("what") == "rating" else discipline_form
        if form.is_valid():
            with service_call(request, form) as attempt:
                if form is rating_form:
                    services.rating_set(actor=request.user, person=person, **form.cleaned_data)
                else:
                    services.discipline_add(actor=request.user, person=person, **form.cleaned_data)
            if attempt.ok:
                messages.success(request, "Đã lưu.")
                return redirect("web:indicator_person", pk=pk)
    ratings, discipline = selectors.person_records(person)
    return render(
        request,
        "indicators/person_records.html",
        {
            "person": person,
            "ratings": ratings,
            "discipline": discipline,
            "can_change": can_change,
            "rating_form": rating_form,
            "discipline_form": discipline_form,
        },
    )


@require_POST
@backoffice
def discipline_remove(request, pk):
    record = selectors.discipline_get_for(request.user, pk)
    services.discipline_remove(actor=request.user, record=record)
    messages.success(request, "Đã xóa bản ghi kỷ luật.")
    return redirect("web:indicator_person", pk=record.person_id)
