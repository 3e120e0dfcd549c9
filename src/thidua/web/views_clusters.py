"""Emulation clusters and blocks (cụm, khối thi đua): members, the yearly head and covenant,
year-end scores and ranking, and the Cờ thi đua suggestion. Every cluster is loaded through
a helper that checks the reader's permission and answers 404 outside its reach."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.enums import CampaignState, FormKind
from thidua.clusters import selectors, services
from thidua.clusters.forms import ClusterForm, CriterionForm, MemberForm, YearForm
from thidua.core.uploads import file_response
from thidua.org import selectors as org_selectors
from thidua.web.decorators import backoffice
from thidua.web.service_calls import service_call
from thidua.web.views import _page

FLAG_KINDS = {FormKind.CO_THI_DUA_TINH, FormKind.CO_THI_DUA_CHINH_PHU}


def _post(request):
    return request.POST if request.method == "POST" else None


def _year(request) -> int:
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _detail_url(cluster, year: int) -> str:
    return f"{reverse('web:cluster_detail', args=[cluster.pk])}?nam={year}"


@backoffice
def cluster_list(request):
    can_add = request.user.has_perm("clusters.add_cluster")
    form = ClusterForm(
        _post(request) if can_add else None, units=org_selectors.units_managed_by(request.user)
    )
    if request.method == "POST" and not can_add:
        raise Http404("Không có quyền lập cụm, khối thi đua.")
    if form.is_valid():
        with service_call(request, form) as attempt:
            cluster = services.cluster_create(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, f"Đã lập {cluster.name}.")
            return redirect("web:cluster_detail", cluster.pk)
    page = _page(request, selectors.clusters_for(request.user))
    return render(request, "clusters/list.html", {"page": page, "form": form, "can_add": can_add})


def _flag_campaigns(user, year: int):
    """Campaigns of the year the user may propose in that award a Cờ thi đua."""
    return [
        c
        for c in campaign_selectors.campaigns_for(user)
        .filter(year=year, award_forms__legal_kind__in=FLAG_KINDS)
        .exclude(state__in=[CampaignState.DRAFT])
        .distinct()
    ]


@backoffice
def cluster_detail(request, pk, forms=None):
    cluster = selectors.cluster_get_for(request.user, pk)
    year = _year(request)
    members = selectors.members_of(cluster)
    row = selectors.year_of(cluster, year)
    criteria, rows, leaders = selectors.standings(row, members)
    can_change = request.user.has_perm("clusters.change_cluster", cluster)
    forms = forms or {}
    member_units = org_selectors.unit_subtree(cluster.organiser, "name")
    head_units = org_selectors.units_by_ids([m.unit_id for m in members])
    initial = {"head": row.head_id, "covenant_signed_on": row.covenant_signed_on} if row else {}
    return render(request, "clusters/detail.html", {
        "cluster": cluster, "year": year, "members": members, "row": row,
        "criteria": criteria, "standings": rows, "leaders": leaders,
        "leader_rows": [s for s in rows if s.member.unit_id in leaders],
        "flag_campaigns": _flag_campaigns(request.user, year) if leaders else [],
        "can_change": can_change,
        "member_form": forms.get("member") or MemberForm(units=member_units),
        "year_form": forms.get("year") or YearForm(initial=initial, members=head_units),
        "criterion_form": forms.get("criterion") or CriterionForm(),
    })  # fmt: skip


def _scores_from(request, criteria, members) -> dict:
    """The grid's inputs "diem-<criterion>-<unit>" → points; a blank clears the score."""
    points, bad = {}, []
    for c in criteria:
        for m in members:
            raw = request.POST.get(f"diem-{c.pk}-{m.unit_id}", "").strip().replace(",", ".")
            if raw == "":
                points[(c.pk, m.unit_id)] = None
                continue
            try:
                points[(c.pk, m.unit_id)] = Decimal(raw)
            except InvalidOperation:
                bad.append(f"{m.unit.name} – {c.name}: «{raw}» không phải là số.")
    if bad:
        raise ValidationError(bad)
    return points


ACTIONS = {"thanh-vien", "nam", "tieu-chi", "cham-diem"}


@require_POST
@backoffice
def cluster_action(request, pk, year, action):
    cluster = selectors.cluster_get_for(request.user, pk, "clusters.change_cluster")
    if action not in ACTIONS or not 2000 <= year <= 2100:
        raise Http404("Không có thao tác này.")
    back = _detail_url(cluster, year)
    request.GET = request.GET.copy()
    request.GET["nam"] = str(year)
    members = selectors.members_of(cluster)
    if action == "thanh-vien":
        form = MemberForm(request.POST, units=org_selectors.unit_subtree(cluster.organiser))
        if form.is_valid():
            with service_call(request, form) as attempt:
                services.cluster_member_add(
                    actor=request.user, cluster=cluster, **form.cleaned_data
                )
            if attempt.ok:
                messages.success(request, f"Đã thêm {form.cleaned_data['unit'].name}.")
                return redirect(back)
        return cluster_detail(request, pk, forms={"member": form})
    if action == "nam":
        head_units = org_selectors.units_by_ids([m.unit_id for m in members])
        form = YearForm(request.POST, request.FILES, members=head_units)
        if form.is_valid():
            with service_call(request, form) as attempt:
                services.cluster_year_set(
                    actor=request.user, cluster=cluster, year=year, **form.cleaned_data
                )
            if attempt.ok:
                messages.success(request, f"Đã lưu trưởng cụm, khối và giao ước năm {year}.")
                return redirect(back)
        return cluster_detail(request, pk, forms={"year": form})
    if action == "tieu-chi":
        form = CriterionForm(request.POST)
        if form.is_valid():
            with service_call(request, form) as attempt:
                services.criterion_add(
                    actor=request.user, cluster=cluster, year=year, **form.cleaned_data
                )
            if attempt.ok:
                messages.success(request, "Đã thêm tiêu chí chấm điểm.")
                return redirect(back)
        return cluster_detail(request, pk, forms={"criterion": form})
    row = selectors.year_of(cluster, year)
    criteria = list(row.criteria.all()) if row else []
    with service_call(request) as attempt:
        written = services.scores_set(
            actor=request.user, cluster=cluster, year=year,
            points=_scores_from(request, criteria, members),
        )  # fmt: skip
    if attempt.ok:
        messages.success(request, f"Đã lưu {written} điểm chấm.")
        return redirect(back)
    return cluster_detail(request, pk)


@backoffice
def cluster_covenant(request, pk, year):
    cluster = selectors.cluster_get_for(request.user, pk)
    row = selectors.year_of(cluster, year)
    if row is None or not row.covenant:
        raise Http404("Chưa có văn bản giao ước thi đua năm này.")
    extension = row.covenant.name.rsplit(".", 1)[-1]
    return file_response(row.covenant, download_name=f"giao-uoc-thi-dua-{year}.{extension}")
