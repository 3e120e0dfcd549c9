"""Proposal screens (đề nghị khen thưởng): the unit builds and submits its dossier, the
secretariat returns or accepts it and reads every nominee's criteria. Every object is loaded
through a selector that checks permission and answers 404 outside the reader's reach."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns.rules import can_register_for
from thidua.core.uploads import file_response
from thidua.nominations import selectors, services
from thidua.nominations.dossier_documents import can_generate
from thidua.nominations.enums import NomineeState, ProposalState
from thidua.nominations.forms import AnswerForm, NomineeForm, OverrideForm, UploadForm
from thidua.org import selectors as org_selectors
from thidua.web.decorators import backoffice
from thidua.web.service_calls import service_call
from thidua.web.views import _page
from thidua.web.views_campaigns import _max_upload_bytes, _post
from thidua.web.views_exchange import proposal_exchange_context
from thidua.web.views_signed import letter_context

CHANGE = "nominations.change_proposal"
REVIEW = "nominations.review_proposal"


def _proposal_url(proposal) -> str:
    return f"/de-nghi/{proposal.pk}/"


@backoffice
def proposal_start(request, pk):
    """The units the user proposes for in this campaign; opening one creates its proposal."""
    campaign = campaign_selectors.campaign_get_for(request.user, pk)
    units = [
        p.unit
        for p in campaign.participants.select_related("unit").order_by(
            "unit__position", "unit__name"
        )
        if can_register_for(request.user, campaign, p.unit)
    ]
    if not units:
        raise Http404("Bạn không lập hồ sơ đề nghị cho đơn vị nào của phong trào này.")
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
        if unit is None:
            raise Http404("Đơn vị không thuộc phạm vi của bạn.")
        with service_call(request) as attempt:
            proposal = services.proposal_open(actor=request.user, campaign=campaign, unit=unit)
        if attempt.ok:
            return redirect(_proposal_url(proposal))
    existing = {p.unit_id: p for p in campaign.proposals.filter(unit__in=units)}
    return render(
        request,
        "nominations/start.html",
        {
            "campaign": campaign,
            "rows": [(u, existing.get(u.pk)) for u in units],
            "window": services.nomination_window(campaign),
            "open": services.nomination_open(campaign),
            "closed_reason": services.nomination_closed_reason(campaign),
        },
    )


def _nominee_form(request, proposal):
    unit = proposal.unit
    units = list(org_selectors.unit_subtree(unit))
    people = list(org_selectors.people_in_subtree(unit))
    return NomineeForm(
        _post(request) if request.POST.get("action") == "add" else None,
        award_forms=list(proposal.campaign.award_forms.all()),
        units=units,
        people=people,
    )


@backoffice
def proposal_detail(request, pk):
    proposal = selectors.proposal_get_for(request.user, pk)
    user = request.user
    can_edit = user.has_perm(CHANGE, proposal) and proposal.state in ProposalState.editable()
    can_review = user.has_perm(REVIEW, proposal) and proposal.state == ProposalState.SUBMITTED
    form = _nominee_form(request, proposal) if can_edit else None
    if request.method == "POST":
        response = _proposal_post(request, proposal, form, can_edit, can_review)
        if response is not None:
            return response
    slots = selectors.dossier_slots(proposal)
    nominees = list(proposal.nominees.select_related("award_form", "person", "unit"))
    clock = selectors.proposal_clocks([proposal]).get(proposal.pk)
    events = list(proposal.events.select_related("actor"))
    repeats = selectors.proposal_repeats(proposal, nominees)
    for n in nominees:
        n.repeats = repeats.get(n.pk, [])
    return render(
        request,
        "nominations/proposal.html",
        {
            **letter_context(request, proposal),
            **proposal_exchange_context(request, proposal),
            "proposal": proposal,
            "clock": clock,
            "approval": user.has_perm("approvals.view_assignment", proposal),
            "campaign": proposal.campaign,
            "nominees": nominees,
            "repeated": [n for n in nominees if n.repeats],
            "shares": selectors.proposal_priority_shares(proposal),
            "cap_problems": selectors.proposal_cap_problems(proposal),
            "slots": [(s, can_generate(s.item)) for s in slots],
            "missing": [s for s in slots if s.document is None and s.item.required],
            "higher_missing": selectors.missing_higher_answers(proposal),
            "events": events,
            "returned_before": [e for e in events if e.action == "proposal_return"],
            "runs_campaign": user.has_perm("campaigns.change_campaign", proposal.campaign),
            "form": form,
            "can_edit": can_edit,
            "can_review": can_review,
            "upload_form": UploadForm(max_bytes=_max_upload_bytes()),
            "window": services.nomination_window(proposal.campaign),
            "open": services.nomination_open(proposal.campaign),
            "closed_reason": services.nomination_closed_reason(proposal.campaign),
        },
    )


def _slot_target(proposal, request):
    """The checklist item and nominee a document action names, checked against the proposal."""
    item = campaign_selectors.dossier_item_of(proposal.campaign, request.POST.get("item"))
    nominee = None
    if request.POST.get("nominee"):
        nominee = proposal.nominees.filter(pk=request.POST["nominee"]).first()
        if nominee is None:
            raise Http404("Không tìm thấy tập thể, cá nhân được đề nghị.")
    if item is None:
        raise Http404("Không tìm thấy thành phần hồ sơ.")
    return item, nominee


def _proposal_post(request, proposal, form, can_edit, can_review):
    action = request.POST.get("action")
    here = redirect(_proposal_url(proposal))
    with service_call(request, form if action == "add" else None) as attempt:
        if action in {"add", "remove", "upload", "generate", "submit"} and not can_edit:
            raise ValidationError("Hồ sơ không ở trạng thái cho phép đơn vị sửa.")
        if action in {"return", "accept"} and not can_review:
            raise ValidationError("Hồ sơ không ở trạng thái chờ xem xét.")
        if action == "add":
            if not form.is_valid():
                return None
            services.nominee_add(
                actor=request.user,
                proposal=proposal,
                award_form=form.cleaned_data["award_form_obj"],
                person=form.cleaned_data["person"],
                unit=form.cleaned_data["unit"],
                achievement=form.cleaned_data["achievement"],
                summary=form.cleaned_data["summary"],
                household_head=form.cleaned_data["household_head"],
                address=form.cleaned_data["address"],
            )
            messages.success(request, "Đã thêm vào danh sách đề nghị.")
        elif action == "remove":
            nominee = proposal.nominees.filter(pk=request.POST.get("nominee")).first()
            if nominee is None:
                raise Http404("Không tìm thấy tập thể, cá nhân được đề nghị.")
            services.nominee_remove(actor=request.user, nominee=nominee)
            messages.success(request, f"Đã bỏ {nominee.display_name} khỏi danh sách đề nghị.")
        elif action == "upload":
            item, nominee = _slot_target(proposal, request)
            upload = UploadForm(request.POST, request.FILES, max_bytes=_max_upload_bytes())
            if not upload.is_valid():
                raise ValidationError(
                    [f"{item.name.rstrip('.')}: {e}" for e in upload.errors.get("file", [])]
                )
            services.document_upload(
                actor=request.user,
                proposal=proposal,
                item=item,
                nominee=nominee,
                upload=upload.cleaned_data["file"],
            )
            messages.success(request, f"Đã tải lên {item.name.rstrip('.')}.")
        elif action == "generate":
            item, nominee = _slot_target(proposal, request)
            services.document_generate(
                actor=request.user,
                proposal=proposal,
                item=item,
                nominee=nominee,
                fmt=request.POST.get("fmt", "docx"),
            )
            messages.success(request, f"Đã tạo bản dự thảo {item.name.rstrip('.')}.")
        elif action == "submit":
            services.proposal_submit(actor=request.user, proposal=proposal)
            messages.success(request, "Đã gửi hồ sơ đề nghị khen thưởng.")
        elif action == "return":
            services.proposal_return(
                actor=request.user,
                proposal=proposal,
                reasons=_return_reasons(proposal, request),
                note=request.POST.get("note", ""),
                justification=request.POST.get("justification", ""),
            )
            messages.success(request, "Đã trả lại hồ sơ để đơn vị bổ sung.")
        elif action == "accept":
            services.proposal_accept(actor=request.user, proposal=proposal)
            messages.success(request, "Đã tiếp nhận hồ sơ; các tiêu chí đã được đánh giá.")
        else:
            raise ValidationError("Thao tác không hợp lệ.")
    if not attempt.ok and action == "add" and form is not None:
        return None
    return here


def _return_reasons(proposal, request) -> list[dict]:
    slots = {
        (str(s.item.pk), str(s.nominee.pk) if s.nominee else ""): s
        for s in selectors.dossier_slots(proposal)
    }
    reasons = []
    missing = {
        f"reason-crit-{m.criterion.pk}-{m.nominee.pk}": m
        for m in selectors.missing_higher_answers(proposal)
    }
    for key, value in request.POST.items():
        if key in missing and value.strip():  # a higher criterion left unanswered
            m = missing[key]
            reasons.append({"criterion": m.criterion, "nominee": m.nominee, "reason": value})
        elif key.startswith("reason-") and value.strip():
            _, item, nominee = (key.split("-") + [""])[:3]
            slot = slots.get((item, nominee))
            if slot is not None:
                reasons.append({"item": slot.item, "nominee": slot.nominee, "reason": value})
    return reasons


@backoffice
def document_download(request, pk):
    doc = selectors.document_get_for(request.user, pk)
    return file_response(doc.file, download_name=doc.name)


@backoffice
def evidence_download(request, pk):
    answer = selectors.answer_evidence_get_for(request.user, pk)
    return file_response(answer.evidence, download_name=answer.evidence_name)


@backoffice
def nominee_detail(request, pk):
    nominee = selectors.nominee_get_for(request.user, pk)
    proposal = nominee.proposal
    can_edit = (
        request.user.has_perm(CHANGE, proposal) and proposal.state in ProposalState.editable()
    )
    can_override = request.user.has_perm(REVIEW, proposal) and nominee.state in {
        NomineeState.ACCEPTED,
        NomineeState.SUBMITTED,
    }
    criteria = list(proposal.campaign.criteria.filter(subject_type=nominee.subject_type))
    answers = {a.criterion_id: a for a in nominee.answers.all()}
    verdicts = selectors.verdicts_of(nominee)
    bound = None
    if request.method == "POST":
        bound = _nominee_post(request, nominee, criteria, can_edit, can_override)
        if bound is None:
            return redirect(f"/de-nghi/ung-vien/{nominee.pk}/")
    documents = [
        s
        for s in selectors.dossier_slots(proposal)
        if s.nominee is None or s.nominee.pk == nominee.pk
    ]
    rows = []
    for c in criteria:
        form = AnswerForm(
            prefix=f"c{c.pk}",
            max_bytes=_max_upload_bytes(),
            initial={
                "attested": answers[c.pk].attested if c.pk in answers else False,
                "text": answers[c.pk].text if c.pk in answers else "",
            },
        )
        if bound and bound[0] == c.pk:
            form = bound[1]
        rows.append(
            {
                "criterion": c,
                "answer": answers.get(c.pk),
                "verdict": verdicts.get(c.pk),
                "form": form,
                "override": OverrideForm(prefix=f"o{c.pk}")
                if not (bound and bound[0] == -c.pk)
                else bound[1],
            }
        )
    return render(
        request,
        "nominations/nominee.html",
        {
            "nominee": nominee,
            "proposal": proposal,
            "campaign": proposal.campaign,
            "rows": rows,
            "documents": documents,
            "can_edit": can_edit,
            "can_override": can_override,
        },
    )


def _nominee_post(request, nominee, criteria, can_edit, can_override):
    """None when done (redirect); (criterion id, bound form) to show errors."""
    by_pk = {str(c.pk): c for c in criteria}
    criterion = by_pk.get(request.POST.get("criterion", ""))
    if criterion is None:
        raise Http404("Không tìm thấy tiêu chí.")
    if request.POST.get("action") == "answer" and can_edit:
        form = AnswerForm(
            request.POST, request.FILES, prefix=f"c{criterion.pk}", max_bytes=_max_upload_bytes()
        )
        if not form.is_valid():
            return criterion.pk, form
        with service_call(request, form) as attempt:
            services.answer_set(
                actor=request.user,
                nominee=nominee,
                criterion=criterion,
                attested=form.cleaned_data["attested"],
                text=form.cleaned_data["text"],
                evidence=form.cleaned_data["evidence"],
            )
        if not attempt.ok:
            return criterion.pk, form
        messages.success(request, "Đã lưu kết quả theo tiêu chí.")
        return None
    if request.POST.get("action") == "override" and can_override:
        form = OverrideForm(request.POST, prefix=f"o{criterion.pk}")
        verdict = selectors.verdict_of(nominee, criterion)
        if verdict is None:
            form.add_error(None, "Tiêu chí chưa được đánh giá.")
            return -criterion.pk, form
        if not form.is_valid():
            return -criterion.pk, form
        with service_call(request, form) as attempt:
            services.verdict_override(
                actor=request.user,
                verdict=verdict,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        if not attempt.ok:
            return -criterion.pk, form
        messages.success(request, "Đã ghi nhận kết quả đánh giá của Thường trực thi đua.")
        return None
    raise Http404("Thao tác không hợp lệ.")


@backoffice
def nominee_list(request, pk):
    campaign = campaign_selectors.campaign_get_for(
        request.user, pk, perm="campaigns.change_campaign"
    )
    filters = {k: request.GET.get(k, "") for k in ("unit", "award_form", "state", "eligible")}
    qs = selectors.nominees_for(
        request.user,
        campaign,
        unit=filters["unit"] if filters["unit"].isdigit() else None,
        award_form=filters["award_form"] if filters["award_form"].isdigit() else None,
        state=filters["state"] if filters["state"] in NomineeState.values else None,
        eligible=filters["eligible"],
    )
    page = _page(request, qs)
    verdicts = selectors.verdicts_by_nominee((n.pk for n in page), criteria=False)
    proposals = list(
        campaign.proposals.select_related("unit", "campaign__issuer").order_by("unit__name")
    )
    clocks = selectors.proposal_clocks(proposals)
    return render(
        request,
        "nominations/list.html",
        {
            "campaign": campaign,
            "page": page,
            "filters": filters,
            "rows": [(n, verdicts.get(n.pk, [])) for n in page],
            "units": [
                p.unit
                for p in campaign.participants.select_related("unit").order_by(
                    "unit__position", "unit__name"
                )
            ],
            "award_forms": list(campaign.award_forms.all()),
            "states": [s for s in NomineeState.choices if s[0] != NomineeState.DRAFT],
            "proposals": [(p, clocks.get(p.pk)) for p in proposals],
        },
    )
