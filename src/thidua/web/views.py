"""Back-office views: parse the request, call a selector or a service, render. Nothing else."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_POST

from thidua.awards.selectors import decisions_search
from thidua.campaigns.selectors import campaigns_search
from thidua.core import charts, counts
from thidua.core.counts import CachedCountPaginator
from thidua.core.selectors import audit_actions, notifications_for
from thidua.core.services import notifications_mark_read
from thidua.core.text import nfc
from thidua.monitoring import services as monitoring_services
from thidua.monitoring.home import home_for
from thidua.nominations.enums import ProposalState
from thidua.nominations.selectors import proposals_search
from thidua.org import exports, importers, selectors, services
from thidua.org.enums import StaffCategory
from thidua.org.forms import ImportForm, PersonForm, ServicePeriodForm, UnitForm
from thidua.org.scope import user_scope
from thidua.records import importers as records_importers
from thidua.records.selectors import (
    initiatives_of_person,
    records_of_person,
    records_of_unit,
)
from thidua.web.decorators import backoffice, permission
from thidua.web.results_charts import year_charts
from thidua.web.service_calls import service_call

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def _page(request, queryset, per_page: int | None = None, *, cache_count: bool = False):
    """One page of `queryset`; `cache_count` keeps the total in the shared cache per scope
    and filter (core/counts.py), for the big lists whose COUNT costs more than the page."""
    paginator = (CachedCountPaginator if cache_count else Paginator)(
        queryset, per_page or settings.PAGE_SIZE
    )
    return paginator.get_page(request.GET.get("page"))


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    scope = user_scope(request.user)
    context = {"scope": scope}
    if not scope.is_empty:
        home = home_for(request.user, year=_year(request))
        context["home"] = home
        if home.is_empty or home.summary:
            context["counts"] = selectors.unit_counts(request.user)
        if home.summary:
            context.update(_summary_charts(home.summary))
    return render(request, "web/home.html", context)


PROPOSAL_COLORS = {
    ProposalState.DRAFT: "muted",
    ProposalState.SUBMITTED: "info",
    ProposalState.RETURNED: "warn",
    ProposalState.ACCEPTED: "ok",
}


def _year(request) -> int | None:
    """The results' year asked for by `?nam=` (None: the latest)."""
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 1900 < int(raw) < 2200 else None


def _summary_charts(summary) -> dict:
    prop_items = [
        (label, summary.proposals[value], PROPOSAL_COLORS[value])
        for value, label in ProposalState.choices
    ]
    return {
        "prop_items": prop_items,
        "prop_chart": charts.hbars(prop_items, title="Hồ sơ đề nghị theo tình trạng"),
        "results": summary.results,
        "year_charts": year_charts(summary.results),
        "year_base": reverse("web:home"),
    }


@backoffice
def search(request):
    """One box: a person, a unit, a campaign, a dossier (by its unit) or a decision number,
    without diacritics, within the reader's reach only."""
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())
    query = nfc(query).strip()[:100]
    results = {}
    if query:
        results = {
            "people": list(
                selectors.people_search(request.user, query=query).select_related("unit")[:10]
            ),
            "units": list(selectors.units_search(request.user, query=query)[:10]),
            "campaigns": campaigns_search(request.user, query),
            "proposals": proposals_search(request.user, query),
            "decisions": decisions_search(request.user, query),
        }
    total = sum(len(v) for v in results.values())
    return render(request, "web/search.html", {"q": query, "results": results, "total": total})


# Units ---------------------------------------------------------------------------------------


@backoffice
def unit_tree(request):
    query = request.GET.get("q", "").strip()
    rows = selectors.unit_tree(request.user, query=query)
    return render(request, "web/unit_tree.html", {"rows": rows, "q": query})


@backoffice
def unit_detail(request, pk):
    unit = selectors.unit_get_for(request.user, pk)
    people = _page(
        request, selectors.people_search(request.user, unit=unit, include_subunits=False)
    )
    return render(
        request,
        "web/unit_detail.html",
        {
            "unit": unit,
            "children": selectors.unit_children(unit),
            "history": selectors.unit_history(unit),
            "records": records_of_unit(unit),
            "page": people,
            "can_edit": request.user.has_perm("org.change_unit", unit),
            "can_add_person": request.user.has_perm("org.change_person", unit),
        },
    )


@permission("org.add_unit")
def unit_create(request):
    initial = {}
    if "parent" in request.GET:
        initial["parent"] = selectors.unit_get_for(
            request.user, request.GET["parent"], "org.change_unit"
        )
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, f"Đã thêm đơn vị «{unit.name}».")
            return redirect("web:unit_detail", pk=unit.pk)
    return render(request, "web/form.html", {"form": form, "title": "Thêm đơn vị"})


@backoffice
def unit_edit(request, pk):
    unit = selectors.unit_get_for(request.user, pk, "org.change_unit")
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã lưu thay đổi của đơn vị.")
            return redirect("web:unit_detail", pk=unit.pk)
    return render(
        request, "web/form.html", {"form": form, "title": f"Sửa đơn vị: {unit.name}", "back": unit}
    )


# People --------------------------------------------------------------------------------------

# What a row of the people list shows (web/templatetags/rows.py): the page reads only these.
PERSON_ROW_FIELDS = ("id", "code", "full_name", "position", "category", "unit__name")
PERSON_ROWS = "web/_person_rows.html"


@backoffice
def person_list(request):
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    if category not in StaffCategory.values:
        category = ""
    unit = None
    if request.GET.get("unit"):
        unit = selectors.unit_get_for(request.user, request.GET["unit"])

    def people():  # the query, built only when the kept rows are missed
        found = selectors.people_search(request.user, query=query, unit=unit, category=category)
        return found.only(*PERSON_ROW_FIELDS)

    context = {"q": query, "unit": unit, "category": category, "request": request}
    rows = _person_rows(request, people, context)
    if _is_htmx(request):
        return HttpResponse(rows)
    context |= {
        "rows": rows,
        "categories": StaffCategory.choices,
        "can_add": request.user.has_perm("org.add_person"),
    }
    return render(request, "web/person_list.html", context)


def _person_rows(request, people, context: dict) -> str:
    """The list's count, rows and page links. With Redis, kept in the shared cache under the
    reader's reach (org.scope: readers reaching the same subtrees share it), the query string
    and the data version (core/counts.py): any audited change, a person added, edited or moved,
    shows at the next request; until then a page costs no query of its own."""

    def build() -> str:
        context["page"] = _page(request, people(), cache_count=True)
        return get_template(PERSON_ROWS).render(context)

    if not counts.enabled():
        return build()
    # The query is the reader's reach (org.selectors.people_for) filtered by the query string.
    reach = user_scope(request.user).reach_key()
    digest = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:40]
    key = f"thidua:web:people-rows:{counts.data_version()}:{reach}:{digest}"
    rows = cache.get_or_set(key, build, settings.THIDUA_LIST_CACHE_SECONDS)
    if "page" not in context:  # kept: what the page showed, for `response.context` (tests)
        context["page"] = SimpleLazyObject(lambda: _page(request, people(), cache_count=True))
    return rows


@backoffice
def person_detail(request, pk):
    person = selectors.person_get_for(request.user, pk)
    periods, service = selectors.service_of(person)
    return render(
        request,
        "web/person_detail.html",
        {
            "person": person,
            "periods": periods,
            "service": service,
            "records": records_of_person(person),
            "initiatives": initiatives_of_person(person),
            "can_edit": request.user.has_perm("org.change_person", person),
        },
    )


@permission("org.add_person")
def person_create(request):
    initial = {}
    if "unit" in request.GET:
        initial["unit"] = selectors.unit_get_for(
            request.user, request.GET["unit"], "org.change_person"
        )
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            person = services.person_create(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, f"Đã thêm «{person.full_name}».")
            return redirect("web:person_detail", pk=person.pk)
    return render(request, "web/form.html", {"form": form, "title": "Thêm cá nhân"})


@backoffice
def person_edit(request, pk):
    person = selectors.person_get_for(request.user, pk, "org.change_person")
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("web:person_detail", pk=person.pk)
    return render(
        request,
        "web/form.html",
        {"form": form, "title": f"Sửa: {person.full_name}", "back": person},
    )


# Service history (quá trình công tác) on the person's page --------------------------------


def _warn_overlaps(request, period) -> None:
    """After a save: say which other periods of the person the period overlaps."""
    periods, _length = selectors.service_of(period.person)
    for p in periods:
        if p.pk == period.pk:
            for warning in p.warnings:
                messages.warning(request, warning)


def _service_form_page(request, form, person, title: str, period=None):
    return render(
        request,
        "web/service_period_form.html",
        {"form": form, "title": title, "person": person, "period": period},
    )


@backoffice
def service_period_add(request, pk):
    person = selectors.person_get_for(request.user, pk, "org.change_person")
    form = ServicePeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            period = services.service_period_add(
                actor=request.user, person=person, **form.cleaned_data
            )
        if attempt.ok:
            messages.success(request, f"Đã thêm giai đoạn công tác tại «{period.organisation}».")
            _warn_overlaps(request, period)
            return redirect(reverse("web:person_detail", args=[person.pk]) + "#cong-tac")
    return _service_form_page(request, form, person, f"Thêm quá trình công tác: {person.full_name}")


@backoffice
def service_period_edit(request, pk):
    period = selectors.service_period_get_for(request.user, pk)
    person = period.person
    form = ServicePeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            period = services.service_period_update(
                actor=request.user, period=period, **form.cleaned_data
            )
        if attempt.ok:
            messages.success(request, "Đã lưu giai đoạn công tác.")
            _warn_overlaps(request, period)
            return redirect(reverse("web:person_detail", args=[person.pk]) + "#cong-tac")
    return _service_form_page(
        request, form, person, f"Sửa quá trình công tác: {person.full_name}", period
    )


@backoffice
@require_POST
def service_period_delete(request, pk):
    period = selectors.service_period_get_for(request.user, pk)
    person = period.person
    services.service_period_remove(actor=request.user, period=period)
    messages.success(request, f"Đã xóa giai đoạn công tác tại «{period.organisation}».")
    return redirect(reverse("web:person_detail", args=[person.pk]) + "#cong-tac")


# Import / export -----------------------------------------------------------------------------

# What may be imported: the permission it needs and its template (the import is a job).
IMPORTERS = {
    "people": ("org.import_people", importers.people_template),
    "units": ("org.import_units", importers.units_template),
    "history": ("records.import_history", records_importers.history_template),
}
TEMPLATE_NAMES = {"people": "ca-nhan", "units": "don-vi", "history": "qua-trinh-khen-thuong"}


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission("org.import_people")
def import_page(request):
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": request.GET.get("kind", "people")},
    )
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if not request.user.has_perm(IMPORTERS[kind][0]):
            raise PermissionDenied
        # Checked and saved on the task queue (a province's file takes longer than a request);
        # the job's page shows the progress, then the result or every row error.
        upload = form.cleaned_data["file"]
        job = monitoring_services.job_create(
            actor=request.user,
            kind=f"{kind}_import",
            upload=upload.read(),
            upload_checked_sha256=upload.checked_sha256,
        )
        return redirect("web:job_detail", pk=job.pk)
    return render(
        request,
        "web/import.html",
        {
            "form": form,
            "can_import_units": request.user.has_perm("org.import_units"),
            "can_import_history": request.user.has_perm("records.import_history"),
        },
    )


@permission("org.import_people")
def import_template(request, kind):
    if kind not in IMPORTERS or not request.user.has_perm(IMPORTERS[kind][0]):
        raise PermissionDenied
    return _xlsx(IMPORTERS[kind][1](), f"mau-nhap-{TEMPLATE_NAMES[kind]}.xlsx")


@backoffice
def export_people(request):
    unit = None
    if request.GET.get("unit"):
        unit = selectors.unit_get_for(request.user, request.GET["unit"])
    category = request.GET.get("category", "")
    qs = selectors.people_search(
        request.user,
        query=request.GET.get("q", ""),
        unit=unit,
        category=category if category in StaffCategory.values else "",
    )
    return _xlsx(exports.people_export(qs), "danh-sach-ca-nhan.xlsx")


@backoffice
def export_units(request):
    return _xlsx(
        exports.units_export(selectors.units_for(request.user).order_by("path")),
        "danh-sach-don-vi.xlsx",
    )


# Audit ---------------------------------------------------------------------------------------


@permission("core.view_auditlog")
def audit_log(request):
    action = request.GET.get("action", "")
    query = request.GET.get("q", "").strip()
    page = _page(request, selectors.audit_for(request.user, action=action, query=query))
    return render(
        request,
        "web/audit_log.html",
        {
            "page": page,
            "action": action,
            "q": query,
            "actions": audit_actions(),
        },
    )


# Login lockouts ------------------------------------------------------------------------------


@permission("org.unlock_login")
def locked_logins(request):
    return render(
        request, "web/locked_logins.html", {"rows": selectors.locked_logins_for(request.user)}
    )


@require_POST
@permission("org.unlock_login")
def locked_login_unlock(request, pk: int):
    what = services.login_unlock(actor=request.user, attempt_id=pk)
    messages.success(request, f"Đã mở khóa {what}.")
    return redirect("web:locked_logins")


# Notifications -------------------------------------------------------------------------------


@login_required
def notification_list(request):
    page = _page(request, notifications_for(request.user))
    return render(request, "web/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    notifications_mark_read(user=request.user, ids=ids)
    return redirect("web:notifications")
