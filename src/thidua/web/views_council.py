"""Council screens (Hội đồng Thi đua – Khen thưởng): the session list, the secretary's
console (agenda, roll call, live count of who has voted, paper tallies, written votes, closing,
staging), the member's ballot page, the results table and the minutes. Every session is loaded
through council.selectors.session_get_for, which answers 404 outside the reader's reach."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.awards.legal import form_kinds_of
from thidua.council import minutes as minutes_doc
from thidua.council import selectors, services
from thidua.council.enums import BallotType, SessionState
from thidua.council.forms import (
    AgendaForm,
    AttendanceForm,
    BallotForm,
    MemberProfileForm,
    PaperTallyForm,
    RelationForm,
    SessionForm,
    TieForm,
    WrittenVoteForm,
)
from thidua.participation.selectors import comments_for_council
from thidua.records.selectors import Proposed, repeated_awards
from thidua.web.service_calls import service_call
from thidua.web.views import _is_htmx
from thidua.web.views_signed import minutes_context

RUN = "council.run_session"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC_NAMES = {"bien-ban-hop": "Biên bản họp Hội đồng", "bien-ban-kiem-phieu": "Biên bản kiểm phiếu"}


def _post(request):
    return request.POST if request.method == "POST" else None


def _console_url(session, anchor: str = "") -> str:
    url = reverse("web:council_session", args=[session.pk])
    return f"{url}#{anchor}" if anchor else url


# List and create -------------------------------------------------------------------------------


@login_required
def session_list(request):
    can_add = request.user.has_perm("council.add_session")
    form = None
    if can_add:
        form = SessionForm(
            _post(request),
            councils=selectors.councils_for(request.user),
            campaigns=selectors.campaigns_for_sessions(request.user),
        )
        if request.method == "POST" and form.is_valid():
            with service_call(request, form) as attempt:
                session = services.session_create(actor=request.user, **form.cleaned_data)
            if attempt.ok:
                messages.success(request, "Đã tạo phiên họp; hãy chọn nội dung xét và điểm danh.")
                return redirect("web:council_session", pk=session.pk)
    elif request.method == "POST":
        raise Http404("Bạn không tạo phiên họp.")
    sessions = list(selectors.sessions_for(request.user))
    return render(
        request,
        "council/list.html",
        {
            "sessions": sessions,
            "form": form,
            "memberships": selectors.memberships_of(request.user),
        },
    )


# Console ---------------------------------------------------------------------------------------


def _absent_members(session, attendance):
    voted = selectors.voted_member_ids(session)
    ids = [a.member_id for a in attendance if not a.present and a.member_id not in voted]
    return selectors.members_by_ids(ids)


def _flag_repeats(session, items) -> int:
    """One achievement, one award: mark each agenda item whose nominee already received an
    award for the same achievement (`item.repeats`, the earlier decisions). Two queries."""
    kinds = form_kinds_of({i.award_form for i in items})
    year = session.campaign.year
    repeats = repeated_awards(
        [
            Proposed(
                nominee_id=i.nominee_id,
                person_id=i.nominee.person_id,
                unit_id=i.nominee.unit_id,
                campaign_id=session.campaign_id,
                year=year,
                title_code=kinds.get(i.award_form_id),
            )
            for i in items
        ]
    )
    for i in items:
        i.repeats = repeats.get(i.nominee_id, [])
    return len(repeats)


def _console(request, session, **bound):
    user = request.user
    runs = user.has_perm(RUN, session)
    items = selectors.agenda(session)
    repeated = _flag_repeats(session, items)
    notes = services.repeat_notes(items)
    basis = selectors.recusals(session, items)
    for item in items:
        item.repeat_note = notes.get(item.pk, "")
        item.basis = basis.get(item.pk)
    attendance = selectors.attendance(session)
    public = comments_for_council(session.campaign)  # the council's papers: the public's say
    context = {
        "public_comments": [(cs[0].entry.name, cs) for cs in public.values()],
        "session": session,
        "items": items,
        "repeated": repeated,
        "attendance": attendance,
        "runs": runs,
        "may_vote": user.has_perm("council.vote", session),
        "is_chair": user.has_perm("council.resolve_tie", session),
        "progress": selectors.progress(session),
        "groups": selectors.results(session, items),
        "has_results": session.state in SessionState.with_results(),
        "doc_names": DOC_NAMES,
    }
    if context["has_results"]:
        context |= minutes_context(request, session)
    if context["may_vote"] and session.state == SessionState.VOTING:
        # A cast ballot is final (one per member, not changed before closing): say when it was
        # cast instead of offering the ballot again.
        context["voted"] = selectors.has_voted(session, user)
        context["voted_at"] = selectors.ballot_cast_at(session, user) if context["voted"] else None
    if runs and session.state == SessionState.DRAFT:
        members = selectors.members_by_ids(
            m.pk for m in services.voting_members(session.council, session.held_on)
        )
        present = [a.member_id for a in attendance if a.present]
        notes = {f"note_{a.member_id}": a.note for a in attendance}
        context["agenda_form"] = bound.get("agenda_form") or AgendaForm(
            candidates=selectors.candidates(session),
            initial={"nominees": [i.nominee_id for i in items]},
        )
        context["attendance_form"] = bound.get("attendance_form") or AttendanceForm(
            members=members, initial={"present": present} | notes
        )
    if runs and session.state == SessionState.VOTING:
        paper = {}
        for g in context["groups"]:
            if g.is_paper:
                paper[g.award_form.pk] = bound.get(f"paper_{g.award_form.pk}") or PaperTallyForm(
                    items=g.items, prefix=f"p{g.award_form.pk}"
                )
        context["paper_forms"] = [
            (g, paper[g.award_form.pk]) for g in context["groups"] if g.award_form.pk in paper
        ]
        written_items = [
            i
            for i in items
            if i.rule and i.rule.written_votes and i.rule.ballot_type in BallotType.electronic()
        ]
        absent = _absent_members(session, attendance)
        if written_items and absent:
            context["written_form"] = bound.get("written_form") or WrittenVoteForm(
                items=written_items, members=absent
            )
    if context["is_chair"] and session.state == SessionState.CLOSED:
        context["tie_forms"] = [
            (g, bound.get(f"tie_{g.award_form.pk}") or TieForm(tied=g.tied, seats=g.tie_seats))
            for g in context["groups"]
            if g.tied
        ]
    return render(request, "council/session.html", context)


@login_required
def session_detail(request, pk):
    return _console(request, selectors.session_get_for(request.user, pk))


@login_required
def session_progress(request, pk):
    """The live count (htmx polls it): how many have voted, never how."""
    session = selectors.session_get_for(request.user, pk)
    return render(
        request,
        "council/_progress.html",
        {"session": session, "progress": selectors.progress(session)},
    )


def _run_post(request, pk, handle, *, anchor: str):
    session = selectors.session_get_for(request.user, pk, RUN)
    result = handle(session)
    if result is not None:
        return result
    return redirect(_console_url(session, anchor))


@require_POST
@login_required
def session_agenda(request, pk):
    def handle(session):
        form = AgendaForm(request.POST, candidates=selectors.candidates(session))
        if form.is_valid():
            with service_call(request, form) as attempt:
                services.agenda_set(
                    actor=request.user,
                    session=session,
                    nominees=list(form.cleaned_data["nominees"]),
                )
            if attempt.ok:
                notes = services.repeat_notes(selectors.agenda(session))
                messages.success(request, "Đã lưu nội dung xét của phiên họp.")
                if notes:
                    messages.warning(
                        request,
                        f"Có {len(notes)} trường hợp được đưa ra biểu quyết lần nữa; biên bản sẽ "
                        "ghi rõ: " + " ".join(notes.values()),
                    )
                return None
        return _console(request, session, agenda_form=form)

    return _run_post(request, pk, handle, anchor="noi-dung")


@require_POST
@login_required
def session_attendance(request, pk):
    def handle(session):
        members = selectors.members_by_ids(
            m.pk for m in services.voting_members(session.council, session.held_on)
        )
        form = AttendanceForm(request.POST, members=members)
        if form.is_valid():
            with service_call(request, form) as attempt:
                services.attendance_set(
                    actor=request.user,
                    session=session,
                    present=list(form.cleaned_data["present"]),
                    notes=form.notes(),
                )
            if attempt.ok:
                messages.success(request, "Đã lưu điểm danh.")
                return None
        return _console(request, session, attendance_form=form)

    return _run_post(request, pk, handle, anchor="diem-danh")


ACTIONS = {
    "mo-bo-phieu": (services.session_open_voting, "Đã mở bỏ phiếu."),
    "ket-thuc": (services.session_close_voting, "Đã kết thúc bỏ phiếu; kết quả đã được tính."),
    "chuyen-ket-qua": (
        services.session_stage_outcomes,
        "Đã chuyển kết quả của Hội đồng sang chờ quyết định khen thưởng.",
    ),
}


@require_POST
@login_required
def session_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("Không có thao tác này.")
    call, done = ACTIONS[action]

    def handle(session):
        with service_call(request, done=done):
            call(actor=request.user, session=session)

    return _run_post(request, pk, handle, anchor="trang-thai")


@require_POST
@login_required
def session_close(request, pk):
    """The chair (or whoever runs the session) closes the vote: the button on the console."""
    session = selectors.session_get_for(request.user, pk, "council.close_voting")
    with service_call(request, done="Đã kết thúc bỏ phiếu; kết quả đã được tính."):
        services.session_close_voting(actor=request.user, session=session)
    return redirect(_console_url(session, "trang-thai"))


def _group(session, form_pk):
    group = next((g for g in selectors.results(session) if g.award_form.pk == form_pk), None)
    if group is None:
        raise Http404("Hình thức khen thưởng không có trong phiên họp.")
    return group


@require_POST
@login_required
def session_paper(request, pk, form_pk):
    def handle(session):
        group = _group(session, form_pk)
        form = PaperTallyForm(request.POST, items=group.items, prefix=f"p{form_pk}")
        if form.is_valid():
            data = form.cleaned_data
            with service_call(request, form) as attempt:
                services.paper_tally_enter(
                    actor=request.user,
                    session=session,
                    award_form=group.award_form,
                    issued=data["issued"],
                    returned=data["returned"],
                    valid=data["valid"],
                    votes_for=form.votes_for(),
                )
            if attempt.ok:
                messages.success(request, f"Đã nhập kết quả kiểm phiếu: {group.award_form.name}.")
                return None
        return _console(request, session, **{f"paper_{form_pk}": form})

    return _run_post(request, pk, handle, anchor="phieu-giay")


@require_POST
@login_required
def session_written(request, pk):
    def handle(session):
        items = [
            i
            for i in selectors.agenda(session)
            if i.rule and i.rule.written_votes and i.rule.ballot_type in BallotType.electronic()
        ]
        absent = _absent_members(session, selectors.attendance(session))
        form = WrittenVoteForm(request.POST, items=items, members=absent)
        if form.is_valid():
            member = form.cleaned_data["member"]
            # A written ballot's choice on a nominee the member is recused on is not counted.
            out = {pk for pk, ids in services.recused_of(session).items() if member.pk in ids}
            choices = {k: v for k, v in form.choices().items() if int(k) not in out}
            with service_call(request, form) as attempt:
                services.ballot_cast_written(
                    actor=request.user, session=session, member=member, choices=choices
                )
            if attempt.ok:
                messages.success(request, "Đã ghi nhận phiếu gửi bằng văn bản.")
                if out:
                    names = ", ".join(str(i.nominee) for i in items if i.pk in out)
                    messages.info(
                        request,
                        f"Không tính phiếu của {member.full_name} đối với {names} "
                        "(không tham gia biểu quyết do xung đột lợi ích).",
                    )
                return None
        return _console(request, session, written_form=form)

    return _run_post(request, pk, handle, anchor="phieu-van-ban")


@require_POST
@login_required
def session_tie(request, pk, form_pk):
    session = selectors.session_get_for(request.user, pk, "council.resolve_tie")
    group = _group(session, form_pk)
    form = TieForm(request.POST, tied=group.tied, seats=group.tie_seats)
    if form.is_valid():
        with service_call(request, form) as attempt:
            services.tie_resolve(
                actor=request.user,
                session=session,
                award_form=group.award_form,
                order=form.order(),
                reason=form.cleaned_data["reason"],
            )
        if attempt.ok:
            messages.success(request, "Đã ghi nhận quyết định của Chủ tịch Hội đồng.")
            return redirect(_console_url(session, "ket-qua"))
    return _console(request, session, **{f"tie_{form_pk}": form})


# Ballot ----------------------------------------------------------------------------------------


@login_required
def ballot(request, pk):
    session = selectors.session_get_for(request.user, pk, "council.vote")
    recused = selectors.recused_items_for(session, request.user)
    electronic = [
        i
        for i in selectors.agenda(session)
        if i.rule and i.rule.ballot_type in BallotType.electronic()
    ]
    items = [i for i in electronic if i.pk not in recused]
    voted = selectors.has_voted(session, request.user)
    form = BallotForm(_post(request), items=items)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            services.ballot_cast(actor=request.user, session=session, choices=form.choices())
        if attempt.ok:
            messages.success(request, "Phiếu của bạn đã được ghi nhận. Cảm ơn bạn.")
            return redirect("web:council_ballot", pk=session.pk)
    return render(
        request,
        "council/ballot.html",
        {
            "session": session,
            "form": form,
            "voted": voted,
            "open": session.state == SessionState.VOTING,
            "absent": session.state == SessionState.VOTING
            and not voted
            and not selectors.is_present(session, request.user),
            "secret": any(i.rule.ballot_type == BallotType.SECRET for i in electronic),
            "recused": [(i, recused[i.pk]) for i in electronic if i.pk in recused],
        },
    )


# Results and minutes -----------------------------------------------------------------------------


@login_required
def results(request, pk):
    session = selectors.session_get_for(request.user, pk)
    if session.state not in SessionState.with_results():
        raise Http404("Kết quả chỉ có sau khi kết thúc bỏ phiếu.")
    template = "council/_results_table.html" if _is_htmx(request) else "council/results.html"
    items = selectors.agenda(session)
    basis = selectors.recusals(session, items)
    for item in items:
        item.basis = basis.get(item.pk)
    return render(
        request,
        template,
        {"session": session, "groups": selectors.results(session, items), "doc_names": DOC_NAMES},
    )


@login_required
def minutes(request, pk, kind, fmt):
    session = selectors.session_get_for(request.user, pk)
    if kind not in minutes_doc.KINDS or fmt not in ("pdf", "docx"):
        raise Http404("Không có văn bản này.")
    if session.state not in SessionState.with_results():
        raise Http404("Biên bản chỉ có sau khi kết thúc bỏ phiếu.")
    data = minutes_doc.render(session, kind, fmt)
    response = HttpResponse(data, content_type=PDF if fmt == "pdf" else DOCX)
    name = re.sub(r"[^a-z0-9-]+", "-", f"{kind}-{session.pk}-{session.held_on:%Y%m%d}")
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    return response


# Conflicts of interest -------------------------------------------------------------------------


@login_required
def relations(request, pk):
    """A member's own record and unit, and the family relations they declare: the member does
    not vote on themselves, on their unit's nominees, nor on a declared relative."""
    member = selectors.member_get_for(request.user, pk)
    issuer = member.council.issuer
    action = request.POST.get("action") if request.method == "POST" else None
    profile = MemberProfileForm(
        request.POST if action == "profile" else None,
        issuer=issuer,
        initial={"person_code": member.person.code if member.person else "", "unit": member.unit},
    )
    relation = RelationForm(request.POST if action == "add" else None, issuer=issuer)
    here = reverse("web:council_relations", args=[member.pk])
    if action == "profile":
        if profile.is_valid():
            with service_call(request, profile) as attempt:
                services.member_profile_set(
                    actor=request.user, member=member,
                    person=profile.cleaned_data["person_code"], unit=profile.cleaned_data["unit"],
                )  # fmt: skip
            if attempt.ok:
                messages.success(request, "Đã lưu hồ sơ cán bộ và đơn vị công tác.")
                return redirect(here)
    elif action == "add":
        if relation.is_valid():
            with service_call(request, relation) as attempt:
                services.relation_declare(
                    actor=request.user, member=member,
                    person=relation.cleaned_data["person_code"],
                    kind=relation.cleaned_data["kind"], note=relation.cleaned_data["note"],
                )  # fmt: skip
            if attempt.ok:
                messages.success(request, "Đã khai báo quan hệ.")
                return redirect(here)
    elif action == "remove":
        found = selectors.relation_of(member, request.POST.get("relation"))
        with service_call(request) as attempt:
            services.relation_remove(actor=request.user, relation=found)
        if attempt.ok:
            messages.success(request, "Đã bỏ quan hệ đã khai báo.")
        return redirect(here)
    elif action is not None:
        messages.error(request, "Thao tác không hợp lệ.")
    return render(
        request,
        "council/relations.html",
        {
            "member": member,
            "relations": selectors.relations_of(member),
            "profile_form": profile,
            "relation_form": relation,
            "own": member.user_id == request.user.pk,
        },
    )
