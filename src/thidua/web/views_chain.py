"""The upward chain (chuyển hồ sơ lên cấp trên): a level sends its checked or decided nominees
up to a higher level's campaign, the higher level's inbox of received dossiers with their due
dates, and a dossier's trail across levels with its integrity check. Receiving, returning for
supplement (once, with every reason), resending and accepting happen on the dossier's own page
(views_nominations), through the same services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from thidua.awards import selectors as award_selectors
from thidua.awards.enums import DecisionState
from thidua.campaigns import selectors as campaign_selectors
from thidua.nominations import selectors, services
from thidua.nominations.enums import TrailAction
from thidua.nominations.forms import ForwardForm
from thidua.web.decorators import backoffice
from thidua.web.service_calls import service_call
from thidua.web.views_campaigns import _post


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
