"""The secretariat's side of the public's part: open a disclosure of a campaign's list,
read and moderate the comments (the council reads them too), and handle the proposals
citizens and enterprises send through the portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thidua.core.selectors import statutory_duration
from thidua.core.uploads import file_response
from thidua.participation import selectors, services
from thidua.participation.enums import CitizenState, CommentState
from thidua.participation.forms import AnswerForm, ConvertForm, DisclosureForm, NoteForm
from thidua.web.decorators import permission
from thidua.web.service_calls import service_call
from thidua.web.views import _page


@permission("participation.view_disclosures")
def disclosure_list(request):
    campaigns = selectors.campaigns_to_disclose(request.user)
    form = None
    if campaigns:
        form = DisclosureForm(request.POST or None, campaigns=campaigns)
        if request.method == "POST" and form.is_valid():
            with service_call(request, form) as attempt:
                disclosure = services.disclosure_open(actor=request.user, **form.cleaned_data)
            if attempt.ok:
                messages.success(
                    request, f"Đã công khai danh sách ({disclosure.entries.count()} tập thể, "
                    f"cá nhân) trên cổng thông tin đến hết ngày "
                    f"{disclosure.closes_on:%d/%m/%Y}.",
                )  # fmt: skip
                return redirect("web:disclosure", pk=disclosure.pk)
    elif request.method == "POST":
        raise PermissionDenied
    today = timezone.localdate()
    duration = statutory_duration(services.DURATION_CODE, today)
    return render(request, "participation/disclosures.html", {
        "page": _page(request, selectors.disclosures_for(request.user)), "form": form,
        "law_forms": sorted(selectors.law_requirements(today).values(), key=lambda r: r.name),
        "law_days": duration.working_days if duration else None,
    })  # fmt: skip


@require_GET
@login_required
def disclosure_detail(request, pk):
    disclosure = selectors.disclosure_get_for(request.user, pk)
    entries = selectors.disclosure_entries(disclosure)
    return render(request, "participation/disclosure.html", {
        "disclosure": disclosure, "entries": entries,
        "is_open": services.disclosure_is_open(disclosure),
        "can_moderate": request.user.has_perm("participation.moderate", disclosure),
        "waiting": sum(1 for e in entries for c in e.shown_comments
                       if c.state == CommentState.NEW),
    })  # fmt: skip


@require_POST
@login_required
def comment_moderate(request, pk, action):
    comment = selectors.comment_get_for(request.user, pk)
    if action not in {"cong-khai", "an"}:
        raise Http404("Không tìm thấy.")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with service_call(request):
        if action == "cong-khai":
            services.comment_publish(actor=request.user, comment=comment, note=note)
            messages.success(request, "Đã công khai ý kiến trên cổng thông tin.")
        else:
            services.comment_hide(actor=request.user, comment=comment, note=note)
            messages.success(request, "Đã chuyển ý kiến sang «Không công khai».")
    url = reverse("web:disclosure", args=[comment.entry.disclosure_id])
    return redirect(f"{url}#y-kien-{comment.pk}")


# Citizens' proposals -------------------------------------------------------------------------


@require_GET
@permission("participation.view_citizen_proposals")
def citizen_list(request):
    state = request.GET.get("trang_thai", "")
    state = state if state in CitizenState.values else ""
    return render(request, "participation/citizen_list.html", {
        "page": _page(request, selectors.citizen_proposals_for(request.user, state=state or None)),
        "state": state, "states": CitizenState.choices,
    })  # fmt: skip


def _citizen_page(request, proposal, *, answer_form=None, convert_form=None, status=200):
    return render(request, "participation/citizen.html", {
        "proposal": proposal, "files": list(proposal.files.all()),
        "open": proposal.state in CitizenState.open(),
        "answer_form": answer_form or AnswerForm(),
        "convert_form": convert_form or ConvertForm(user=request.user),
    }, status=status)  # fmt: skip


def _handled(request, proposal):
    """A proposal already answered or converted is not handled again: say so on its page."""
    if proposal.state in CitizenState.open():
        return None
    messages.error(request, f"Đề xuất đang ở trạng thái «{proposal.get_state_display()}».")
    return redirect("web:citizen_proposal", pk=proposal.pk)


@require_GET
@login_required
def citizen_detail(request, pk):
    return _citizen_page(request, selectors.citizen_proposal_get_for(request.user, pk))


@require_POST
@login_required
def citizen_answer(request, pk):
    proposal = selectors.citizen_proposal_get_for(request.user, pk)
    if done := _handled(request, proposal):
        return done
    form = AnswerForm(request.POST)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.citizen_proposal_answer(
                actor=request.user, proposal=proposal, answer=form.cleaned_data["answer"]
            )
        if attempt.ok:
            messages.success(request, "Đã trả lời người đề xuất.")
            return redirect("web:citizen_proposal", pk=proposal.pk)
    return _citizen_page(request, proposal, answer_form=form)


@require_POST
@login_required
def citizen_convert(request, pk):
    proposal = selectors.citizen_proposal_get_for(request.user, pk)
    if done := _handled(request, proposal):
        return done
    form = ConvertForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        award_form = data["award_form"]
        with service_call(request, form) as attempt:
            services.citizen_proposal_convert(
                actor=request.user, proposal=proposal, campaign=award_form.campaign,
                unit=data["unit"], award_form=award_form, person=data["person"],
                answer=data["reply"],
            )  # fmt: skip
        if attempt.ok:
            messages.success(request, "Đã chuyển đề xuất thành đề nghị khen thưởng.")
            return redirect("web:citizen_proposal", pk=proposal.pk)
    return _citizen_page(request, proposal, convert_form=form)


@require_GET
@login_required
def citizen_evidence(request, pk):
    evidence = selectors.citizen_evidence_get_for(request.user, pk)
    return file_response(evidence.file, download_name=evidence.name)
