"""Every write of the internal approval chain. One function per change; each writes its audit
row in the same transaction.

An office's chain is configuration: ordered steps, each with a role (chain_set), and who holds
each role in the office (approver_add / approver_remove). A proposal received by the office
is assigned to an officer (assignment_create), copying the chain's steps; then whoever holds
the current step's role approves it to the next step or returns it to the previous one with
a comment (assignment_act); after the last step it is approved (đã duyệt xong).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.approvals.enums import ActionKind, AssignmentState, StepRole
from thidua.approvals.models import Action, Approver, Assignment, Chain, Step
from thidua.core.services import audit_record
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import Proposal
from thidua.org.models import Unit

MAX_STEPS = 6
NO_CHAIN = (
    "{office} chưa cấu hình quy trình duyệt nội bộ. Quản trị hệ thống cấu hình tại "
    "«Cấu hình › Quy trình duyệt hồ sơ»."
)


def _steps_of(chain: Chain) -> list[dict]:
    return [{"name": s.name, "role": s.role} for s in chain.steps.order_by("position")]


@transaction.atomic
def chain_set(*, actor, office: Unit, steps: list[tuple[str, str]]) -> Chain:
    """Replace the office's steps, in order. The first step is the assigned officer's (it is
    where a dossier starts and where it comes back)."""
    cleaned = [(nfc(name).strip(), role) for name, role in steps if nfc(name).strip()]
    if not cleaned:
        raise ValidationError("Quy trình cần ít nhất một bước.")
    if len(cleaned) > MAX_STEPS:
        raise ValidationError(f"Quy trình có tối đa {MAX_STEPS} bước.")
    if any(role not in StepRole.values for _, role in cleaned):
        raise ValidationError("Chọn vai trò xử lý cho từng bước.")
    if cleaned[0][1] != StepRole.OFFICER:
        raise ValidationError(
            f"Bước đầu tiên do «{StepRole.OFFICER.label}» thực hiện: hồ sơ được phân công cho "
            "chuyên viên rồi mới trình lên."
        )
    chain, _ = Chain.objects.select_for_update().get_or_create(office=office)
    before = _steps_of(chain)
    chain.steps.all().delete()
    Step.objects.bulk_create(
        [
            Step(chain=chain, position=i, name=name[:150], role=role)
            for i, (name, role) in enumerate(cleaned, start=1)
        ]
    )
    chain.save()
    audit_record(
        actor=actor, action="approvals.chain.set", obj=chain, unit_id=office.pk,
        before={"steps": before}, after={"steps": _steps_of(chain)},
    )  # fmt: skip
    return chain


@transaction.atomic
def approver_add(*, actor, office: Unit, user, role: str) -> Approver:
    """Someone of the office holds a role of its chain."""
    if role not in StepRole.values:
        raise ValidationError({"role": "Chọn vai trò."})
    chain, _ = Chain.objects.get_or_create(office=office)
    if Approver.objects.filter(chain=chain, user=user, role=role).exists():
        raise ValidationError({"user": "Người này đã giữ vai trò này."})
    approver = Approver.objects.create(chain=chain, user=user, role=role)
    audit_record(
        actor=actor, action="approvals.approver.add", obj=approver, unit_id=office.pk,
        after={"user": user.pk, "role": role},
    )  # fmt: skip
    return approver


@transaction.atomic
def approver_remove(*, actor, approver: Approver) -> None:
    audit_record(
        actor=actor, action="approvals.approver.remove", obj=approver,
        unit_id=approver.chain.office_id, before={"user": approver.user_id, "role": approver.role},
    )  # fmt: skip
    approver.delete()


def can_act(user, assignment: Assignment, roles: set[str] | None = None) -> bool:
    """Whether `user` acts at the assignment's current step: the assigned officer at an
    officer's step, a holder of the step's role in the office at the others. `roles` are the
    user's roles in the office's chain when already read."""
    step = assignment.step
    if step is None or not getattr(user, "is_authenticated", False):
        return False
    if step["role"] == StepRole.OFFICER:
        return assignment.officer_id == user.pk
    if roles is None:
        roles = set(
            Approver.objects.filter(chain__office_id=assignment.office_id, user=user).values_list(
                "role", flat=True
            )
        )
    return step["role"] in roles


def _action(assignment, kind, actor, comment="", step=None) -> Action:
    index = assignment.current if step is None else step
    name = assignment.steps[index]["name"] if assignment.steps else ""
    return Action.objects.create(
        assignment=assignment, kind=kind, step=index, step_name=name, comment=comment,
        actor=actor if getattr(actor, "pk", None) else None, at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def assignment_create(*, actor, proposal: Proposal, officer) -> Assignment:
    """Assign a proposal received by its campaign's issuing office to one of the office's
    officers (or hand it to another officer while it is under way)."""
    proposal = Proposal.objects.select_related("campaign__issuer").get(pk=proposal.pk)
    office = proposal.campaign.issuer
    if proposal.submitted_at is None or proposal.state == ProposalState.DRAFT:
        raise ValidationError("Hồ sơ chưa được gửi đến cơ quan nên chưa phân công xử lý.")
    chain = Chain.objects.filter(office=office).first()
    steps = _steps_of(chain) if chain else []
    if not steps:
        raise ValidationError(NO_CHAIN.format(office=office.name))
    if not Approver.objects.filter(chain=chain, user=officer, role=StepRole.OFFICER).exists():
        raise ValidationError(
            {"officer": f"Chọn người giữ vai trò «{StepRole.OFFICER.label}» của cơ quan."}
        )
    existing = Assignment.objects.select_for_update().filter(proposal=proposal, office=office)
    assignment = existing.first()
    before = None
    if assignment is not None and assignment.state == AssignmentState.APPROVED:
        raise ValidationError("Hồ sơ đã được duyệt xong; không phân công lại.")
    if assignment is None:
        assignment = Assignment.objects.create(
            proposal=proposal, office=office, officer=officer, steps=steps,
            assigned_at=timezone.now(),
        )  # fmt: skip
        action = "approvals.assignment.create"
    else:
        before = {"officer": assignment.officer_id}
        assignment.officer = officer
        assignment.save(update_fields=["officer"])
        action = "approvals.assignment.reassign"
    _action(
        assignment, ActionKind.ASSIGN, actor, comment=officer.get_full_name() or officer.username
    )
    audit_record(
        actor=actor, action=action, obj=assignment, unit_id=office.pk,
        before=before,
        after={"proposal": proposal.pk, "officer": officer.pk, "steps": steps},
    )  # fmt: skip
    return assignment


@transaction.atomic
def assignment_act(
    *, actor, assignment: Assignment, approve: bool, comment: str = ""
) -> Assignment:
    """Approve the current step (on to the next one; after the last, the dossier is approved)
    or return it to the previous step; a return needs its reason."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.state != AssignmentState.IN_PROGRESS:
        raise ValidationError("Hồ sơ đã được duyệt xong.")
    if not can_act(actor, assignment):
        raise ValidationError(
            f"Hồ sơ đang ở «{assignment.step['name']}»; bạn không phải người xử lý bước này."
        )
    comment = nfc(comment).strip()
    step = assignment.current
    if not approve:
        if not comment:
            raise ValidationError({"comment": "Ghi rõ lý do trả lại."})
        if step == 0:
            raise ValidationError("Bước đầu tiên không có bước trước để trả lại.")
        _action(assignment, ActionKind.RETURN, actor, comment)
        assignment.current = step - 1
        assignment.save(update_fields=["current"])
        audit_record(
            actor=actor, action="approvals.assignment.return", obj=assignment,
            unit_id=assignment.office_id, note=comment,
            before={"step": step}, after={"step": step - 1},
        )  # fmt: skip
        return assignment
    _action(assignment, ActionKind.APPROVE, actor, comment)
    if step + 1 < len(assignment.steps):
        assignment.current = step + 1
        assignment.save(update_fields=["current"])
        audit_record(
            actor=actor, action="approvals.assignment.approve", obj=assignment,
            unit_id=assignment.office_id, note=comment,
            before={"step": step}, after={"step": step + 1},
        )  # fmt: skip
        return assignment
    transition(
        assignment, to=AssignmentState.APPROVED, allowed_from={AssignmentState.IN_PROGRESS},
        actor=actor, action="approvals.assignment.approve_last", unit_id=assignment.office_id,
        what="hồ sơ", note=comment, timestamp="approved_at",
    )  # fmt: skip
    return assignment
