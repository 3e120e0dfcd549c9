"""Back-office screens of campaigns (phong trào thi đua): parse the request, call a selector or
a service, render. Every campaign and registration is loaded through a helper that checks the
reader's permission and answers 404 outside its reach."""

import datetime as dt
import io
import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thidua.awards import services as award_services
from thidua.awards.legal import kind_choices
from thidua.campaigns import criteria, selectors, services
from thidua.campaigns.enums import (
    TRANSITIONS,
    CampaignState,
    RegistrationStatus,
    SubjectType,
)
from thidua.campaigns.forms import (
    AssignmentForm,
    AwardFormForm,
    CampaignForm,
    CriterionForm,
    ParticipantsForm,
    PhaseForm,
    PublishForm,
    RegistrationForm,
    ReminderForm,
    TitleRegistrationForm,
)
from thidua.campaigns.rules import can_register_for, can_register_somewhere
from thidua.core.formatting import date_short, datetime_short
from thidua.core.uploads import file_response
from thidua.org import selectors as org_selectors
from thidua.org.enums import Role, StaffCategory
from thidua.org.models import Unit
from thidua.org.rules import PEOPLE_EDITORS
from thidua.org.scope import user_scope
from thidua.web.decorators import backoffice, permission
from thidua.web.service_calls import service_call
from thidua.web.views import XLSX, _page

CHANGE = "campaigns.change_campaign"

# What the button that makes each move says.
TRANSITION_LABELS = {
    CampaignState.PUBLISHED: "Ban hành",
    CampaignState.RUNNING: "Bắt đầu tổ chức thi đua",
    CampaignState.EVALUATING: "Chuyển sang xét khen thưởng",
    CampaignState.DECIDED: "Xác nhận đã quyết định khen thưởng",
    CampaignState.CLOSED: "Kết thúc phong trào",
}
STATUS_BADGES = {
    RegistrationStatus.ON_TIME: "ok",
    RegistrationStatus.LATE: "warn",
    RegistrationStatus.MISSING: "err",
    RegistrationStatus.PENDING: "",
}


def _kind_checklist_initial(campaign) -> dict:
    """The dossier the campaign's kind of commendation requires (campaigns.AwardKindRule), as
    the award-form screen pre-fills it: rows of data, edited before the form is added."""
    initial = {}
    for i, (name, scope) in enumerate(selectors.kind_checklist(campaign), start=1):
        initial[f"item_{i}"], initial[f"scope_{i}"] = name, scope
    return initial


def _post(request):
    """The submitted data, or None for a GET: an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def _max_upload_bytes() -> int:
    return getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


def _units_in_scope(user, roles: set[str]) -> list[Unit]:
    return list(org_selectors.units_with_roles(user, roles))


def _unit_choices(user, roles: set[str] | None) -> list[Unit]:
    """The units in reach with only what a choice list shows (thousands at the nation's)."""
    units = org_selectors.units_with_roles(user, roles)
    return list(units.only("id", "name", "parent_id", "position", "path"))


def _same_reach(user, roles: set[str] | None, other: set[str] | None) -> bool:
    """The user's roles in `roles` reach the same units as those in `other` (a secretariat's
    do): one list of units serves both."""
    scope = user_scope(user)
    return scope.unit_q(roles=roles) == scope.unit_q(roles=other)


def _detail_url(campaign, anchor: str = "") -> str:
    url = reverse("web:campaign_detail", args=[campaign.pk])
    return f"{url}#{anchor}" if anchor else url


def _item(items, pk: int):
    """An item of a campaign's prefetched rows (criteria, award forms…), or 404."""
    found = next((i for i in items if i.pk == pk), None)
    if found is None:
        raise Http404("Không tìm thấy.")
    return found


# List ------------------------------------------------------------------------------------------


# The list filter the home's "phong trào đang diễn ra" links to (several states).
IN_PROGRESS = "dang-dien-ra"


@backoffice
def campaign_list(request):
    campaigns = selectors.campaigns_for(request.user)
    years = sorted(set(campaigns.values_list("year", flat=True)), reverse=True)
    state = request.GET.get("state", "")
    if state not in CampaignState.values and state != IN_PROGRESS:
        state = ""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    if state == IN_PROGRESS:
        campaigns = campaigns.filter(state__in=CampaignState.in_progress())
    elif state:
        campaigns = campaigns.filter(state=state)
    if year:
        campaigns = campaigns.filter(year=year)
    campaigns = selectors.with_registration_phases(campaigns)
    return render(
        request,
        "campaigns/list.html",
        {
            "page": _page(request, campaigns),
            "state": state,
            "year": year,
            "years": years,
            "states": [(IN_PROGRESS, "Đang diễn ra"), *CampaignState.choices],
        },
    )


# Create and edit ---------------------------------------------------------------------------------


def _form_page(request, form, title: str, campaign=None, parent=None, notice: str = ""):
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "title": title, "campaign": campaign, "parent": parent, "notice": notice},
    )


def _create(request, *, issuers: list[Unit], parent=None, initial=None, title: str):
    form = CampaignForm(_post(request), issuers=issuers, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            campaign = services.campaign_create(
                actor=request.user,
                issuer=form.cleaned_data["issuer"],
                parent=parent,
                **form.changes(),
            )
        if attempt.ok:
            messages.success(request, f"Đã tạo dự thảo «{campaign.title}».")
            return redirect("web:campaign_detail", pk=campaign.pk)
    return _form_page(request, form, title, parent=parent)


@permission("campaigns.add_campaign")
def campaign_create(request):
    issuers = _units_in_scope(request.user, Role.managing())
    if not issuers:
        # A focal point launches its unit's own campaign under one its unit takes part in.
        return _form_page(
            request,
            None,
            "Phát động phong trào mới",
            notice="Cán bộ đầu mối phát động phong trào thi đua của đơn vị mình từ phong trào "
            "cấp trên mà đơn vị tham gia: mở phong trào đó và chọn «Phát động phong trào "
            "cấp dưới».",
        )
    today = timezone.localdate()
    initial = {
        "year": today.year,
        "reward_basis": award_services.plan_reward_basis(level=issuers[0].kind, on=today),
    }
    return _create(request, issuers=issuers, initial=initial, title="Phát động phong trào mới")


@permission("campaigns.add_campaign")
def campaign_create_sub(request, parent_pk):
    parent = selectors.campaign_get_for(request.user, parent_pk)
    if parent.state not in CampaignState.visible_to_participants():
        raise Http404("Phong trào cấp trên chưa ban hành.")
    units = [p.unit for p in parent.participants.select_related("unit")]
    issuers = [u for u in units if can_register_for(request.user, parent, u)]
    if not issuers:
        raise Http404("Bạn không phụ trách đơn vị nào tham gia phong trào này.")
    initial = {
        "year": parent.year,
        "period_start": parent.period_start,
        "period_end": parent.period_end,
        "parent_plan_ref": f"Thực hiện Kế hoạch số {parent.reference}"
        + (f" ngày {date_short(parent.issued_on)}" if parent.issued_on else "")
        + f" của {parent.issuer.name} về {parent.title[:1].lower()}{parent.title[1:]}.",
        "issuer_display": issuers[0].name.upper(),
        "late_policy": parent.late_policy,
        "reward_basis": award_services.plan_reward_basis(
            level=issuers[0].kind, on=timezone.localdate()
        ),
    }
    return _create(
        request,
        issuers=issuers,
        parent=parent,
        initial=initial,
        title=f"Phát động phong trào cấp dưới: {parent.title}",
    )


@backoffice
def campaign_edit(request, pk):
    campaign = selectors.campaign_get_for(request.user, pk, CHANGE)
    form = CampaignForm(_post(request), instance=campaign)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            services.campaign_update(actor=request.user, campaign=campaign, **form.changes())
        if attempt.ok:
            messages.success(request, "Đã lưu thay đổi của phong trào.")
            return redirect("web:campaign_detail", pk=campaign.pk)
    return _form_page(request, form, f"Sửa: {campaign.title}", campaign=campaign)


# Detail ----------------------------------------------------------------------------------------


def _criteria_groups(campaign) -> list[dict]:
    rows = list(campaign.criteria.all())
    groups = []
    for subject, label in SubjectType.choices:
        items = [
            {
                "criterion": c,
                "how": criteria.describe(c.kind, c.params)
                + (
                    ""
                    if c.kind in criteria.OWN_RECORDS
                    else " — số liệu "
                    + criteria.describe_years(
                        criteria.data_years(c.data_period, c.data_years, campaign.year)
                    )
                ),
            }
            for c in rows
            if c.subject_type == subject
        ]
        if items:
            groups.append({"label": label, "items": items})
    return groups


def _next_moves(campaign) -> list[tuple[str, str]]:
    return [(to, TRANSITION_LABELS[to]) for (frm, to) in TRANSITIONS if frm == campaign.state]


# Participant units listed per page of the campaign's page (a national round has thousands).
PARTICIPANTS_PAGE = 100


def _render_detail(request, campaign, **bound):
    """The campaign's page. Its cost does not grow with the participants: they are listed a
    page at a time, permissions are EXISTS queries, and the plan-editing forms (the
    participants' checkboxes over every unit in reach among them) are built only on a draft,
    the only state that shows them."""
    user = request.user
    can_change = user.has_perm(CHANGE, campaign)
    is_draft = campaign.state == CampaignState.DRAFT
    context = {
        "campaign": campaign,
        "issuer_lines": [x for x in campaign.issuer_display.splitlines() if x.strip()],
        "lines": {
            name: [x.strip() for x in getattr(campaign, name).splitlines() if x.strip()]
            for name in ("purpose", "requirements", "participants_text", "awards_text")
        },
        "categories": [
            StaffCategory(c).label
            for c in campaign.participant_categories
            if c in StaffCategory.values
        ],
        "criteria_groups": _criteria_groups(campaign),
        "registration_phase": selectors.registration_phase(campaign),
        "sub_campaigns": selectors.campaigns_for(user).filter(parent=campaign),
        "can_change": can_change,
        "can_register": campaign.state in CampaignState.visible_to_participants()
        and can_register_somewhere(user, campaign),
        "is_draft": is_draft,
    }
    context["can_launch_sub"] = context["can_register"] and user.has_perm("campaigns.add_campaign")
    if can_change and is_draft:
        participants = list(selectors.participant_units(campaign))
        managed = _unit_choices(user, PEOPLE_EDITORS)
        known = {u.pk for u in managed}
        units = managed + [u for u in participants if u.pk not in known]
        context |= {
            "participant_count": len(participants),
            "problems": services.publish_problems(campaign, participants=participants),
            "participants_form": ParticipantsForm(
                initial={"units": [u.pk for u in participants]}, units=units
            ),
            "criterion_form": CriterionForm(),
            "award_form": AwardFormForm(
                kinds=_legal_kinds(campaign), initial=_kind_checklist_initial(campaign)
            ),
            "assignment_form": AssignmentForm(
                units=managed
                if _same_reach(user, PEOPLE_EDITORS, None)
                else _unit_choices(user, None)
            ),
            "publish_form": PublishForm(initial={"issued_on": timezone.localdate()}),
        }
    else:
        page = _page(request, selectors.participant_units_listed(campaign), PARTICIPANTS_PAGE)
        context |= {"participant_count": page.paginator.count, "participants": page}
    if can_change:
        context |= {
            "moves": _next_moves(campaign),
            "schedule_open": campaign.state
            in (CampaignState.DRAFT, CampaignState.PUBLISHED, CampaignState.RUNNING),
            "phase_form": PhaseForm(),
        }
        context |= bound
    return render(request, "campaigns/detail.html", context)


def _legal_kinds(campaign) -> list[tuple[str, str]]:
    """The legal forms of the rule set in force on the campaign's planned decision date."""
    return kind_choices(campaign.planned_decision_date())


@backoffice
def campaign_detail(request, pk):
    return _render_detail(request, selectors.campaign_get_for(request.user, pk))


def _section_post(request, pk, form, call, *, key: str, anchor: str, done: str):
    """Shared shape of the plan's section forms: valid → service → back to the section;
    a refusal is shown next to the form with what was typed."""
    campaign = selectors.campaign_get_for(request.user, pk, CHANGE)
    form = form(campaign)
    if form.is_valid():
        with service_call(request, form) as attempt:
            call(campaign, form)
        if attempt.ok:
            messages.success(request, done)
            return redirect(_detail_url(campaign, anchor))
    return _render_detail(request, campaign, **{key: form})


@require_POST
@backoffice
def campaign_participants(request, pk):
    def form(campaign):
        managed = _units_in_scope(request.user, PEOPLE_EDITORS)
        known = {u.pk for u in managed}
        current = [p.unit for p in campaign.participants.select_related("unit")]
        return ParticipantsForm(
            request.POST, units=managed + [u for u in current if u.pk not in known]
        )

    def call(campaign, form):
        services.participants_set(
            actor=request.user, campaign=campaign, units=list(form.cleaned_data["units"])
        )

    return _section_post(
        request,
        pk,
        form,
        call,
        key="participants_form",
        anchor="don-vi",
        done="Đã lưu danh sách đơn vị tham gia.",
    )


@require_POST
@backoffice
def campaign_phase(request, pk):
    def call(campaign, form):
        services.phase_set(actor=request.user, campaign=campaign, **form.cleaned_data)

    return _section_post(
        request,
        pk,
        lambda c: PhaseForm(request.POST),
        call,
        key="phase_form",
        anchor="giai-doan",
        done="Đã lưu giai đoạn.",
    )


@require_POST
@backoffice
def campaign_criterion_add(request, pk):
    def call(campaign, form):
        data = form.cleaned_data
        services.criterion_add(
            actor=request.user,
            campaign=campaign,
            subject_type=data["subject_type"],
            text=data["text"],
            kind=data["kind"],
            params=form.params(),
            data_period=data["data_period"],
            data_years=data["data_years"],
        )

    return _section_post(
        request,
        pk,
        lambda c: CriterionForm(request.POST),
        call,
        key="criterion_form",
        anchor="tieu-chi",
        done="Đã thêm tiêu chí.",
    )


@require_POST
@backoffice
def campaign_award_add(request, pk):
    def call(campaign, form):
        services.award_form_add(actor=request.user, campaign=campaign, **form.service_kwargs())

    return _section_post(
        request,
        pk,
        lambda c: AwardFormForm(request.POST, kinds=_legal_kinds(c)),
        call,
        key="award_form",
        anchor="khen-thuong",
        done="Đã thêm hình thức khen thưởng.",
    )


@require_POST
@backoffice
def campaign_assignment_add(request, pk):
    def call(campaign, form):
        services.assignment_add(actor=request.user, campaign=campaign, **form.cleaned_data)

    return _section_post(
        request,
        pk,
        lambda c: AssignmentForm(request.POST, units=_units_in_scope(request.user, None)),
        call,
        key="assignment_form",
        anchor="phan-cong",
        done="Đã thêm nhiệm vụ.",
    )


def _remove(request, pk, item_pk, rows, remove, *, anchor: str, done: str):
    campaign = selectors.campaign_get_for(request.user, pk, CHANGE)
    item = _item(rows(campaign), item_pk)
    with service_call(request, done=done):
        remove(item)
    return redirect(_detail_url(campaign, anchor))


@require_POST
@backoffice
def campaign_criterion_remove(request, pk, item_pk):
    return _remove(
        request,
        pk,
        item_pk,
        lambda c: c.criteria.all(),
        lambda i: services.criterion_remove(actor=request.user, criterion=i),
        anchor="tieu-chi",
        done="Đã xóa tiêu chí.",
    )


@require_POST
@backoffice
def campaign_award_remove(request, pk, item_pk):
    return _remove(
        request,
        pk,
        item_pk,
        lambda c: c.award_forms.all(),
        lambda i: services.award_form_remove(actor=request.user, award_form=i),
        anchor="khen-thuong",
        done="Đã xóa hình thức khen thưởng.",
    )


@require_POST
@backoffice
def campaign_assignment_remove(request, pk, item_pk):
    return _remove(
        request,
        pk,
        item_pk,
        lambda c: c.assignments.all(),
        lambda i: services.assignment_remove(actor=request.user, assignment=i),
        anchor="phan-cong",
        done="Đã xóa nhiệm vụ.",
    )


@require_POST
@backoffice
def campaign_transition(request, pk):
    campaign = selectors.campaign_get_for(request.user, pk, CHANGE)
    to = request.POST.get("to", "")
    service = TRANSITIONS.get((campaign.state, to))
    if service is None:
        messages.error(request, "Không thể chuyển phong trào sang trạng thái này.")
        return redirect(_detail_url(campaign))
    extra = {}
    publish_form = None
    if to == CampaignState.PUBLISHED:
        publish_form = PublishForm(request.POST)
        if not publish_form.is_valid():
            return _render_detail(request, campaign, publish_form=publish_form)
        extra = {k: v for k, v in publish_form.cleaned_data.items() if v}
    with service_call(request, publish_form) as attempt:
        getattr(services, service)(actor=request.user, campaign=campaign, **extra)
    if not attempt.ok:
        if publish_form is None:
            return redirect(_detail_url(campaign))
        return _render_detail(request, campaign, publish_form=publish_form)
    messages.success(request, f"Phong trào chuyển sang trạng thái «{CampaignState(to).label}».")
    return redirect(_detail_url(campaign))


@require_POST
@backoffice
def campaign_clone(request, pk):
    campaign = selectors.campaign_get_for(request.user, pk, CHANGE)
    copy = services.campaign_clone(actor=request.user, campaign=campaign)
    messages.success(request, f"Đã nhân bản thành dự thảo năm {copy.year}.")
    return redirect("web:campaign_detail", pk=copy.pk)


def _ascii_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")


@backoffice
def campaign_plan(request, pk, fmt):
    campaign = selectors.campaign_get_for(request.user, pk)
    field = {"pdf": campaign.plan_pdf, "docx": campaign.plan_docx}.get(fmt)
    if not field:
        raise Http404("Kế hoạch chưa được ban hành.")
    name = _ascii_name(f"ke-hoach-{campaign.doc_number or campaign.pk}-{campaign.doc_symbol}")
    return file_response(field, download_name=f"{name}.{fmt}")


# Registration ----------------------------------------------------------------------------------


@backoffice
def campaign_register(request, pk):
    campaign = selectors.campaign_get_for(request.user, pk)
    units = [
        p.unit
        for p in campaign.participants.select_related("unit").order_by(
            "unit__position", "unit__name"
        )
        if can_register_for(request.user, campaign, p.unit)
    ]
    if not units or campaign.state == CampaignState.DRAFT:
        raise Http404("Bạn không đăng ký thi đua cho đơn vị nào của phong trào này.")
    unit = None
    if request.GET.get("unit"):
        unit = next((u for u in units if str(u.pk) == request.GET["unit"]), None)
        if unit is None:
            raise Http404("Đơn vị không thuộc phạm vi đăng ký của bạn.")
    elif len(units) == 1:
        unit = units[0]
    row = None
    if unit is not None:
        rows = selectors.registration_board(campaign, user=request.user)
        row = next((r for r in rows if r.unit.pk == unit.pk), None)
    registration = row.registration if row else None
    title_round = selectors.is_title_round(campaign)
    action = request.POST.get("action") if request.method == "POST" else None
    title_form = None
    if title_round and unit is not None:
        title_form = TitleRegistrationForm(
            request.POST if action == "title_add" else None,
            award_forms=selectors.title_forms(campaign),
            units=list(org_selectors.unit_subtree(unit)),
            people=list(org_selectors.people_in_subtree(unit)),
        )
        if action in {"title_add", "title_remove"}:
            response = _title_post(request, campaign, unit, title_form, action)
            if response is not None:
                return response
    form = RegistrationForm(
        _post(request) if action is None else None,
        request.FILES if request.method == "POST" and action is None else None,
        initial={"commitments": registration.commitments if registration else ""},
        max_bytes=_max_upload_bytes(),
    )
    if request.method == "POST" and action is None and unit is not None and form.is_valid():
        with service_call(request, form) as attempt:
            services.registration_submit(
                actor=request.user,
                campaign=campaign,
                unit=unit,
                commitments=form.cleaned_data["commitments"],
                plan=form.cleaned_data["plan"],
            )
        if attempt.ok:
            done = "Đã gửi đăng ký thi đua"
            done += " và kế hoạch của đơn vị." if form.cleaned_data["plan"] else "."
            messages.success(request, done)
            return redirect(f"{request.path}?unit={unit.pk}")
    return render(
        request,
        "campaigns/register.html",
        {
            "campaign": campaign,
            "units": units,
            "unit": unit,
            "row": row,
            "registration": registration,
            "form": form,
            "phase": selectors.registration_phase(campaign),
            "accepting": campaign.state in CampaignState.accepting_registrations(),
            "upload_open": selectors.registration_open_for_upload(campaign),
            "title_round": title_round,
            "title_form": title_form,
            "titles": selectors.title_registrations(campaign, units=[unit])
            if title_round and unit is not None
            else [],
        },
    )


def _title_post(request, campaign, unit, form, action):
    """Add or remove a title registration (đăng ký danh hiệu) of the unit; None re-renders
    the page with the form's errors."""
    back = redirect(f"{request.path}?unit={unit.pk}")
    with service_call(request, form if action == "title_add" else None) as attempt:
        if action == "title_add":
            if not form.is_valid():
                return None
            reg = services.title_register(
                actor=request.user,
                campaign=campaign,
                unit=unit,
                award_form=form.cleaned_data["award_form_obj"],
                person=form.cleaned_data["person"],
                subject_unit=form.cleaned_data["subject_unit"],
            )
            who = reg.person.full_name if reg.person_id else reg.subject_unit.name
            messages.success(request, f"Đã đăng ký «{reg.award_form.name}» cho {who}.")
        else:
            reg = next(
                (
                    r
                    for r in selectors.title_registrations(campaign, units=[unit])
                    if str(r.pk) == request.POST.get("registration")
                ),
                None,
            )
            if reg is None:
                raise Http404("Không tìm thấy đăng ký danh hiệu.")
            services.title_unregister(actor=request.user, registration=reg)
            messages.success(request, "Đã bỏ đăng ký danh hiệu.")
    if not attempt.ok and action == "title_add":
        return None
    return back


@backoffice
def registration_plan(request, pk, reg_pk):
    campaign = selectors.campaign_get_for(request.user, pk)
    registration = selectors.registration_get_for(request.user, campaign, reg_pk)
    if not registration.plan_file:
        raise Http404("Đơn vị chưa gửi kế hoạch.")
    return file_response(registration.plan_file, download_name=registration.plan_name)


# Board -----------------------------------------------------------------------------------------


@backoffice
def campaign_board(request, pk):
    campaign = selectors.campaign_get_for(request.user, pk, CHANGE)
    status = request.GET.get("status", "")
    if status not in RegistrationStatus.values:
        status = ""
    form = ReminderForm(_post(request), campaign=campaign)
    if request.method == "POST" and form.is_valid():
        units = None if form.cleaned_data["all"] else list(form.cleaned_data["units"])
        count = services.reminder_send(actor=request.user, campaign=campaign, units=units)
        if count:
            messages.success(request, f"Đã gửi nhắc nhở đến {count} đơn vị chưa nộp kế hoạch.")
        else:
            messages.error(request, "Không có đơn vị nào cần nhắc: các đơn vị đã chọn đều đã nộp.")
        return redirect(request.get_full_path())
    rows = selectors.registration_board(campaign, user=request.user)
    counts = selectors.board_counts(rows)
    reminders = selectors.reminders_by_unit(campaign)
    shown = [r for r in rows if r.status == status] if status else rows
    return render(
        request,
        "campaigns/board.html",
        {
            "campaign": campaign,
            "rows": [(r, reminders.get(r.unit.pk)) for r in shown],
            "total": len(rows),
            "counts": [
                (s, label, counts[s], STATUS_BADGES[s]) for s, label in RegistrationStatus.choices
            ],
            "status": status,
            "badges": STATUS_BADGES,
            "form": form,
            "phase": selectors.registration_phase(campaign),
            "missing": {RegistrationStatus.MISSING, RegistrationStatus.PENDING},
        },
    )


def _local_naive(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _board_xlsx(campaign, rows) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    when = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Theo dõi đăng ký")
    headers = [("STT", 6), ("Đơn vị", 34), ("Mã đơn vị", 12), ("Đăng ký lúc", 18),
               ("Nộp kế hoạch lúc", 18), ("Tình trạng", 18), ("Tên tệp kế hoạch", 26),
               ("Nội dung đăng ký", 60)]  # fmt: skip
    for c, (header, width) in enumerate(headers):
        sheet.set_column(c, c, width)
        sheet.write_string(0, c, header, bold)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        reg = row.registration
        sheet.write_number(r, 0, r)
        sheet.write_string(r, 1, row.unit.name)
        sheet.write_string(r, 2, row.unit.code)
        for c, value in ((3, reg and reg.registered_at), (4, reg and reg.plan_uploaded_at)):
            if value:
                sheet.write_datetime(r, c, _local_naive(value), when)
        sheet.write_string(r, 5, row.status_label)
        if reg:
            sheet.write_string(r, 6, reg.plan_name)
            sheet.write_string(r, 7, reg.commitments, wrap)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(headers) - 1)
    book.close()
    return buffer.getvalue()


@backoffice
def campaign_board_export(request, pk):
    campaign = selectors.campaign_get_for(request.user, pk, CHANGE)
    rows = selectors.registration_board(campaign, user=request.user)
    response = HttpResponse(_board_xlsx(campaign, rows), content_type=XLSX)
    stamp = datetime_short(timezone.now()).replace(":", "").replace("/", "").replace(" ", "-")
    response["Content-Disposition"] = (
        f'attachment; filename="theo-doi-dang-ky-{campaign.pk}-{stamp}.xlsx"'
    )
    return response
