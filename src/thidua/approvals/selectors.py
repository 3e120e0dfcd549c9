"""Reads of the internal approval chain, through the reader's permissions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.approvals.enums import AssignmentState, StepRole
from thidua.approvals.models import Action, Approver, Assignment, Chain
from thidua.nominations.selectors import DossierClock, proposal_clocks, proposal_get_for
from thidua.org.enums import Role
from thidua.org.selectors import units_granted


def offices_for(user) -> list:
    """The offices whose chain the reader configures (administrator's units)."""
    return units_granted(user, {Role.ADMIN})


def office_get_for(user, pk):
    offices = offices_for(user)
    found = next((u for u in offices if str(u.pk) == str(pk)), None) if pk else None
    if found is None and not pk and offices:
        return offices[0]
    if found is None or not user.has_perm("approvals.configure_chain", found):
        raise Http404("Không tìm thấy cơ quan hoặc bạn không cấu hình quy trình của cơ quan này.")
    return found


def chain_of(office) -> Chain | None:
    return Chain.objects.filter(office=office).prefetch_related("steps").first()


def approvers_of(office) -> list[Approver]:
    return list(
        Approver.objects.filter(chain__office=office).select_related("user").order_by("role", "id")
    )


def approver_get(office, pk) -> Approver:
    found = next((a for a in approvers_of(office) if str(a.pk) == str(pk)), None)
    if found is None:
        raise Http404("Không tìm thấy người xử lý.")
    return found


def users_of_office(office) -> QuerySet:
    """Active accounts holding a role in the office's subtree: who may hold a chain's role."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__unit__path__startswith=office.path)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def officers_of(office) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(approval_roles__chain__office=office, approval_roles__role=StepRole.OFFICER)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def dossier_get_for(user, pk):
    """The proposal whose internal approval the reader may see; else 404."""
    proposal = proposal_get_for(user, pk)
    if not user.has_perm("approvals.view_assignment", proposal):
        raise Http404("Không tìm thấy hồ sơ hoặc bạn không có quyền truy cập.")
    return proposal


def assignment_of(proposal) -> Assignment | None:
    return (
        Assignment.objects.filter(proposal=proposal, office_id=proposal.campaign.issuer_id)
        .select_related("officer")
        .first()
    )


def actions_of(assignment: Assignment) -> list[Action]:
    return list(assignment.actions.select_related("actor"))


@dataclass(frozen=True)
class WorkRow:
    assignment: Assignment
    clock: DossierClock | None

    @property
    def proposal(self):
        return self.assignment.proposal


def my_work(user, *, today: dt.date | None = None) -> list[WorkRow]:
    """What waits for the signed-in person: dossiers at a step they act on (the assigned
    officer at an officer's step, a holder of the step's role in the office otherwise), with
    the dossier's working-day clock, soonest due first. Five queries whatever the number."""
    if not getattr(user, "is_authenticated", False):
        return []
    roles: dict[int, set[str]] = {}
    for office_id, role in Approver.objects.filter(user=user).values_list(
        "chain__office_id", "role"
    ):
        roles.setdefault(office_id, set()).add(role)
    candidates = (
        Assignment.objects.filter(state=AssignmentState.IN_PROGRESS)
        .filter(Q(officer=user) | Q(office_id__in=list(roles)))
        .select_related("proposal__campaign__issuer", "proposal__unit", "officer", "office")
    )
    waiting = []
    for a in candidates:
        role = a.step["role"]
        if (role == StepRole.OFFICER and a.officer_id == user.pk) or (
            role != StepRole.OFFICER and role in roles.get(a.office_id, set())
        ):
            waiting.append(a)
    clocks = proposal_clocks([a.proposal for a in waiting], today=today)
    rows = [WorkRow(a, clocks.get(a.proposal_id)) for a in waiting]
    rows.sort(
        key=lambda r: (r.clock is None, r.clock.due if r.clock else dt.date.max, r.assignment.pk)
    )
    return rows
