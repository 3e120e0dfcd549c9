"""The upward chain (chuyển hồ sơ lên cấp trên): a level sends its checked or decided nominees
up to a higher level's campaign, the higher level's inbox of received dossiers with their due
dates, and a dossier's trail across levels with its integrity check. Receiving, returning for
supplement (once, with every reason), resending and accepting happen on the dossier's own page
(views_nominations), through the same services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from thidua.awards import selectors as award_selectors
from thidua.awards.enums import DecisionState
from thidua.campaigns import selectors as campaign_selectors
from thidua.nominations import selectors, services
from thidua.nominations.enums import TrailAction
from thidua.nominations.forms import AnswerForm, ForwardForm
from thidua.web.decorators import backoffice
from thidua.web.service_calls import service_call
from thidua.web.views_campaigns import _max_upload_bytes, _post


@backoffice
def campaign_forward(request, pk):
    """The campaign's secretariat prepares the package it sends up; the dossier page then
    completes and sends it («Gửi lên cấp trên»)."""
    campaign = campaign_selectors.campaign_get_for(
        request.user, pk, perm="campaigns.change_campaign"
    )
    targets = selectors.forward_targets(campaign)
    nominees = selectors.forwardable_nominees(campaign)
    decisions = [
        d
        for d in award_selectors.decisions_for(request.user, campaign=campaign)
        if d.state == DecisionState.ISSUED
    ]
    form = ForwardForm(
        _post(request) if request.method == "POST" else None,
        targets=targets,
        nominees=nominees,
        decisions=decisions,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = data["decision_obj"]
        with service_call(request, form) as attempt:
            proposal = services.proposal_forward_prepare(
                actor=request.user,
                source_campaign=campaign,
                target_campaign=data["award_form_obj"].campaign,
                award_form=data["award_form_obj"],
                nominees=data["nominee_objs"],
                decision=award_selectors.decision_trail_data(decision) if decision else None,
                note=data["note"],
            )
        if attempt.ok:
            messages.success(
                request,
                f"Đã lập hồ sơ gửi lên {proposal.campaign.issuer.name}. Bổ sung các thành phần "
                "còn thiếu rồi bấm «Gửi lên cấp trên».",
            )
            return redirect("web:proposal_detail", proposal.pk)
    return render(
        request,
        "nominations/forward.html",
        {
            "campaign": campaign,
            "form": form,
            "targets": targets,
            "nominees": nominees,
            "sent": list(campaign.forwarded_proposals.select_related("campaign__issuer")),
        },
    )


@require_GET
@backoffice
def received_proposals(request):
    """Dossiers lower levels sent up to the campaigns the reader runs, with the check's due
    date in working days."""
    return render(
        request,
        "nominations/received.html",
        {"rows": selectors.received_for(request.user)},
    )


@require_GET
@backoffice
def proposal_trail(request, pk):
    proposal = selectors.proposal_get_for(request.user, pk)
    result = selectors.trail_of(proposal)
    groups: list[tuple] = []
    for step in result.steps:
        step.broken = (step.proposal_id, step.seq) in result.check.broken_steps
        if not groups or groups[-1][0].pk != step.proposal_id:
            groups.append((step.proposal, []))
        groups[-1][1].append(step)
    return render(
        request,
        "nominations/trail.html",
        {
            "proposal": proposal,
            "trail": result,
            "groups": groups,
            "actions": dict(TrailAction.choices),
        },
    )


@backoffice
def proposal_higher_criteria(request, pk):
    """A dossier sent up by a lower level: each forwarded nominee's criteria of this level that
    nothing the lower level answered matches. The receiving office fills a result in itself
    (audited), maps the criterion to one of the lower campaign's (the answers are then carried
    over), or writes a reason into the one-stop return on the dossier's page."""
    proposal = selectors.proposal_get_for(request.user, pk)
    can_review = request.user.has_perm("nominations.review_proposal", proposal)
    forms: dict[tuple[int, int], AnswerForm] = {}
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        bound = _higher_criteria_post(request, proposal)
        if bound is None:
            return redirect(reverse("web:proposal_higher_criteria", args=[proposal.pk]))
        forms[bound[0]] = bound[1]
    rows = selectors.missing_higher_answers(proposal)
    for row in rows:
        key = (row.nominee.pk, row.criterion.pk)
        row.form = forms.get(key) or AnswerForm(
            prefix=f"n{key[0]}c{key[1]}", max_bytes=_max_upload_bytes()
        )
    criteria = {}
    for row in rows:
        criteria.setdefault(row.criterion.pk, row)
    return render(
        request,
        "nominations/higher_criteria.html",
        {
            "proposal": proposal,
            "rows": rows,
            "criteria": list(criteria.values()),
            "can_review": can_review,
            "fill_open": proposal.state in services.RECEIVED_STATES,
        },
    )


def _higher_criteria_post(request, proposal):
    """None when done; ((nominee id, criterion id), bound form) to show its errors."""
    action = request.POST.get("action")
    rows = {(r.nominee.pk, r.criterion.pk): r for r in selectors.missing_higher_answers(proposal)}
    with service_call(request):
        if action == "map":
            by_criterion = {r.criterion.pk: r for r in rows.values()}
            row = by_criterion.get(_int(request.POST.get("criterion")))
            source = row and next(
                (c for c in row.candidates if c.pk == _int(request.POST.get("source"))), None
            )
            if source is None:
                raise ValidationError("Chọn tiêu chí cấp trên và tiêu chí cấp dưới tương ứng.")
            services.criterion_map_set(actor=request.user, target=row.criterion, source=source)
            messages.success(
                request, "Đã ghi tiêu chí tương ứng; kết quả của cấp dưới đã được chuyển sang."
            )
        elif action == "fill":
            key = (_int(request.POST.get("nominee")), _int(request.POST.get("criterion")))
            row = rows.get(key)
            if row is None:
                raise ValidationError("Tiêu chí này đã có kết quả hoặc không còn trong hồ sơ.")
            form = AnswerForm(
                request.POST, request.FILES, prefix=f"n{key[0]}c{key[1]}",
                max_bytes=_max_upload_bytes(),
            )  # fmt: skip
            if not form.is_valid():
                return key, form
            services.answer_fill_received(
                actor=request.user, nominee=row.nominee, criterion=row.criterion,
                attested=form.cleaned_data["attested"], text=form.cleaned_data["text"],
                evidence=form.cleaned_data["evidence"],
            )  # fmt: skip
            messages.success(request, f"Đã điền kết quả tiêu chí của {row.nominee.display_name}.")
        else:
            raise ValidationError("Thao tác không hợp lệ.")
    return None


def _int(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 18 else None
