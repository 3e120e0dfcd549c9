"""An office's internal approval chain (quy trình duyệt nội bộ) and the dossiers moving along
it: ordered steps with a role each (chuyên viên → lãnh đạo phòng → lãnh đạo cơ quan), the
people holding each role in the office, the assignment of a received proposal to an officer,
and each step's action with its comment."""

from django.conf import settings
from django.db import models

from thidua.approvals.enums import ActionKind, AssignmentState, StepRole
from thidua.nominations.models import Proposal
from thidua.org.models import Unit


class Chain(models.Model):
    office = models.OneToOneField(
        Unit, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="approval_chain"
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "quy trình duyệt nội bộ"
        verbose_name_plural = "quy trình duyệt nội bộ"

    def __str__(self) -> str:
        return f"Quy trình duyệt của {self.office.name}"


class Step(models.Model):
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=150)
    role = models.CharField("vai trò xử lý", max_length=16, choices=StepRole.choices)

    class Meta:
        verbose_name = "bước duyệt"
        verbose_name_plural = "bước duyệt"
        ordering = ["chain_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="one_step_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name} ({self.get_role_display()})"


class Approver(models.Model):
    """A person holding a role of the chain in the office (who acts at the steps of that role)."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="approvers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.PROTECT,
        related_name="approval_roles",
    )  # fmt: skip
    role = models.CharField("vai trò", max_length=16, choices=StepRole.choices)

    class Meta:
        verbose_name = "người xử lý"
        verbose_name_plural = "người xử lý"
        ordering = ["chain_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "user", "role"], name="one_approver_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class Assignment(models.Model):
    """A proposal received by an office, assigned to one of its officers and moving along the
    office's chain (its steps copied at assignment: a later change of the chain does not move a
    dossier already under way)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="chuyên viên thụ lý", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    steps = models.JSONField("các bước", default=list)  # [{"name":…, "role":…}], in order
    current = models.PositiveSmallIntegerField("bước hiện tại", default=0)  # index in steps
    state = models.CharField(
        "trạng thái", max_length=16, choices=AssignmentState.choices,
        default=AssignmentState.IN_PROGRESS, db_index=True,
    )  # fmt: skip
    assigned_at = models.DateTimeField("phân công lúc")
    approved_at = models.DateTimeField("duyệt xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "phân công xử lý hồ sơ"
        verbose_name_plural = "phân công xử lý hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["proposal", "office"], name="one_assignment_per_office")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} – {self.office}"

    @property
    def step(self) -> dict | None:
        if self.state != AssignmentState.IN_PROGRESS or not self.steps:
            return None
        return self.steps[self.current]

    @property
    def step_label(self) -> str:
        step = self.step
        if step is None:
            return AssignmentState(self.state).label
        return f"Bước {self.current + 1}/{len(self.steps)}: {step['name']}"


class Action(models.Model):
    """One step's action, with its comment: the dossier's internal history."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=16, choices=ActionKind.choices)
    step = models.PositiveSmallIntegerField()  # the step (index) acted at
    step_name = models.CharField(max_length=150)
    comment = models.TextField("ý kiến", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.step_name}"
