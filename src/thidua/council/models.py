"""The council (Hội đồng Thi đua – Khen thưởng): composition, pass rules, sessions, ballots.

Secrecy of the electronic secret ballot: `BallotReceipt` records THAT a member voted;
`SecretBallot`/`SecretVote` hold the votes. Nothing links them: no foreign key, no timestamp,
random UUID keys (no sequence that follows the order of casting). While voting is open a
ballot's choices are sealed (encrypted, council/sealing.py), because the storage order and
PostgreSQL's transaction ids would pair a ballot with the receipt written beside it; when
voting closes the ballots are unsealed and rewritten in a random order under new keys.
A written vote of an absent member is stored the same way, without a mark that would point at
the only absent member.
"""

import datetime as dt
import uuid
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thidua.campaigns.enums import FormKind, SubjectType
from thidua.campaigns.models import AwardForm, Campaign
from thidua.council.enums import (
    BallotType,
    Choice,
    CouncilRole,
    Denominator,
    RecusalReason,
    RelationKind,
    SessionState,
    TieBreakKind,
)
from thidua.council.rules_math import Rule
from thidua.documents.models import IssuedDocument
from thidua.org.enums import UnitKind
from thidua.org.models import Person, Unit


def _valid_on_q(day: dt.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class Council(models.Model):
    issuer = models.ForeignKey(
        Unit, verbose_name="cơ quan, đơn vị", on_delete=models.PROTECT, related_name="councils"
    )
    name = models.CharField("tên Hội đồng", max_length=255)
    established_by = models.CharField(
        "quyết định thành lập",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Quyết định số 15/QĐ-UBND ngày 10/01/2023 của UBND huyện",
    )
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    quorum_num = models.PositiveSmallIntegerField(
        "số thành viên dự họp tối thiểu: tử số", default=0
    )
    quorum_den = models.PositiveSmallIntegerField(
        "số thành viên dự họp tối thiểu: mẫu số", default=1, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = "Hội đồng Thi đua – Khen thưởng"
        verbose_name_plural = "Hội đồng Thi đua – Khen thưởng"
        ordering = ["-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="council_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})
        if self.quorum_den and self.quorum_num > self.quorum_den:
            raise ValidationError({"quorum_num": "Tỷ lệ thành viên dự họp phải từ 0 đến 1."})

    @property
    def quorum(self) -> Fraction:
        return Fraction(self.quorum_num, self.quorum_den or 1)


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    full_name = models.CharField("họ và tên", max_length=150)
    title = models.CharField("chức vụ", max_length=255, blank=True)
    role = models.CharField("vai trò trong Hội đồng", max_length=16, choices=CouncilRole.choices)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    # Who the member is in the staff records and where they work: a member does not vote on
    # themselves nor on nominees of their own unit (council/conflicts.py).
    person = models.ForeignKey(
        Person, verbose_name="hồ sơ cán bộ", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị công tác", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "thành viên Hội đồng"
        verbose_name_plural = "thành viên Hội đồng"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.get_role_display()}"

    @property
    def votes(self) -> bool:
        return self.role in CouncilRole.voting()

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Relation(models.Model):
    """A family relation a council member declares to a person of the staff records: the member
    does not vote on that person."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="relations")
    person = models.ForeignKey(
        Person, verbose_name="người có quan hệ", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("quan hệ", max_length=16, choices=RelationKind.choices)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    declared_at = models.DateTimeField("khai báo lúc")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "quan hệ gia đình đã khai báo"
        verbose_name_plural = "quan hệ gia đình đã khai báo"
        ordering = ["member_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "person"], name="one_relation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} – {self.person.full_name} ({self.get_kind_display()})"


class PassRule(models.Model):
    """How nominees of one legal award form pass, for councils of one level (the issuer's
    kind; blank: every level): dated data, the one in force on the session's date applies.
    A new campaign's award forms find them through their legal kind, nothing to copy."""

    form_kind = models.CharField(
        "hình thức theo quy định", max_length=32, choices=FormKind.choices, db_index=True
    )
    subject_type = models.CharField(
        "đối tượng",
        max_length=16,
        choices=SubjectType.choices,
        blank=True,
        help_text="Để trống: mọi đối tượng.",
    )
    level = models.CharField(
        "cấp của Hội đồng",
        max_length=32,
        choices=UnitKind.choices,
        blank=True,
        help_text="Loại đơn vị của cơ quan có Hội đồng; để trống: mọi cấp.",
    )
    ballot_type = models.CharField("hình thức biểu quyết", max_length=8, choices=BallotType.choices)
    denominator = models.CharField("tính trên", max_length=16, choices=Denominator.choices)
    threshold_num = models.PositiveSmallIntegerField(
        "tỷ lệ: tử số", validators=[MinValueValidator(1)]
    )
    threshold_den = models.PositiveSmallIntegerField(
        "tỷ lệ: mẫu số", validators=[MinValueValidator(1)]
    )
    strict = models.BooleanField("phải vượt quá tỷ lệ (trên)", default=False)
    quorum_num = models.PositiveSmallIntegerField(
        "số thành viên dự họp tối thiểu: tử số", default=0
    )
    quorum_den = models.PositiveSmallIntegerField(
        "số thành viên dự họp tối thiểu: mẫu số", default=1, validators=[MinValueValidator(1)]
    )
    written_votes = models.BooleanField(
        "thành viên vắng mặt được gửi phiếu bằng văn bản", default=False
    )
    tie_breakers = models.JSONField(
        "tiêu chí xếp hạng khi bằng phiếu",
        default=list,
        blank=True,
        help_text='Theo thứ tự, ví dụ: ["par_index", "submitted_at"]',
    )
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "quy tắc xét chọn"
        verbose_name_plural = "quy tắc xét chọn"
        ordering = ["form_kind", "subject_type", "level", "-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold_num__lte=models.F("threshold_den")),
                name="pass_rule_threshold_at_most_one",
            ),
            models.CheckConstraint(
                condition=Q(quorum_num__lte=models.F("quorum_den")),
                name="pass_rule_quorum_at_most_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_kind_display()}: {self.rule_text}"

    def clean(self) -> None:
        errors = {}
        if self.threshold_num and self.threshold_den and self.threshold_num > self.threshold_den:
            errors["threshold_num"] = "Tỷ lệ phải từ 0 đến 1 (tử số không lớn hơn mẫu số)."
        if self.quorum_den and self.quorum_num > self.quorum_den:
            errors["quorum_num"] = "Tỷ lệ thành viên dự họp phải từ 0 đến 1."
        bad = [t for t in self.tie_breakers or [] if t not in TieBreakKind.values]
        if not isinstance(self.tie_breakers, list) or bad:
            errors["tie_breakers"] = "Tiêu chí xếp hạng khi bằng phiếu không hợp lệ."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."
        if errors:
            raise ValidationError(errors)

    @property
    def threshold(self) -> Fraction:
        return Fraction(self.threshold_num, self.threshold_den)

    @property
    def quorum(self) -> Fraction:
        return Fraction(self.quorum_num, self.quorum_den)

    def as_rule(self) -> Rule:
        return Rule(self.denominator, self.threshold, self.strict, self.quorum, self.written_votes)

    @property
    def rule_text(self) -> str:
        from thidua.council.rules_math import rule_text

        return rule_text(self.as_rule())


class CouncilSession(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="phong trào",
        on_delete=models.PROTECT,
        related_name="council_sessions",
    )
    held_on = models.DateField("ngày họp")
    starts_at = models.TimeField("giờ họp", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=255)
    state = models.CharField(
        "trạng thái",
        max_length=8,
        choices=SessionState.choices,
        default=SessionState.DRAFT,
        db_index=True,
    )
    opened_at = models.DateTimeField("mở bỏ phiếu lúc", null=True, blank=True)
    closed_at = models.DateTimeField("kết thúc bỏ phiếu lúc", null=True, blank=True)
    staged_at = models.DateTimeField("chuyển kết quả lúc", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phiên họp Hội đồng"
        verbose_name_plural = "phiên họp Hội đồng"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.council} – {self.held_on:%d/%m/%Y}"


class AgendaItem(models.Model):
    """A nominee put before the session, with its result once voting has closed."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    nominee = models.ForeignKey(
        "nominations.Nominee", on_delete=models.PROTECT, related_name="council_items"
    )
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(
        PassRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    # Set when the nominee was already voted on in an earlier session (a second vote).
    repeat_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Paper ballot: agreeing votes entered by the secretary (against = valid − for).
    paper_for = models.PositiveSmallIntegerField(null=True, blank=True)
    # Results, computed when voting closes (reproducible from the stored votes).
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_ballots = models.PositiveSmallIntegerField(null=True, blank=True)
    taking_part = models.PositiveSmallIntegerField(null=True, blank=True)
    needed = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    within_quota = models.BooleanField(null=True, blank=True)
    decided_by = models.CharField(max_length=32, blank=True)
    tie_values = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "nội dung xét"
        verbose_name_plural = "nội dung xét"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nominee"], name="nominee_once_per_session")
        ]

    def __str__(self) -> str:
        return str(self.nominee)


class Recusal(models.Model):
    """A member who does not take part in the vote on one agenda item (conflict of interest),
    fixed when voting opens: excluded from the item's members, quorum, ballots and threshold."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("lý do", max_length=16, choices=RecusalReason.choices)
    detail = models.CharField("chi tiết", max_length=255, blank=True)

    class Meta:
        verbose_name = "thành viên không tham gia xét"
        verbose_name_plural = "thành viên không tham gia xét"
        ordering = ["item_id", "member__position", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_recusal_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} {self.text}"

    @property
    def text(self) -> str:
        """ "là người được đề nghị", "có quan hệ gia đình … (Vợ, chồng)"."""
        label = RecusalReason(self.reason).label
        return f"{label} ({self.detail})" if self.detail else label


class Attendance(models.Model):
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("có mặt")
    note = models.CharField("lý do vắng", max_length=255, blank=True)

    class Meta:
        ordering = ["member__position", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} – {'có mặt' if self.present else 'vắng mặt'}"


class BallotReceipt(models.Model):
    """That a member has voted in a session (not how). One per member and session: the
    unique constraint makes a second cast fail even when two requests race. No timestamp."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    written = models.BooleanField("phiếu gửi bằng văn bản", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_ballot_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} đã bỏ phiếu"


class SecretBallot(models.Model):
    """One anonymous ballot: a random key, the session, nothing else. While voting is open its
    choices are only in `sealed` (council/sealing.py); closing unseals them into SecretVotes
    of new ballots, in a random order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="secret_ballots"
    )
    sealed = models.BinaryField("phiếu niêm phong", null=True, editable=False)

    def __str__(self) -> str:
        return "Phiếu kín"


class SecretVote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(SecretBallot, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="secret_votes")
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "item"], name="one_secret_vote_per_item")
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class OpenVote(models.Model):
    """A named vote (open ballot)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="open_votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    written = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_open_vote_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class PaperTally(models.Model):
    """The counted result of a paper ballot for one award form, entered by the secretary."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="paper_tallies"
    )
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    issued = models.PositiveSmallIntegerField("số phiếu phát ra")
    returned = models.PositiveSmallIntegerField("số phiếu thu về")
    valid = models.PositiveSmallIntegerField("số phiếu hợp lệ")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "award_form"], name="one_tally_per_form"),
            models.CheckConstraint(
                condition=Q(returned__lte=models.F("issued")) & Q(valid__lte=models.F("returned")),
                name="tally_counts_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issued}/{self.returned}/{self.valid}"


class TieDecision(models.Model):
    """The chair's explicit choice among nominees tied across the quota's cut."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="tie_decisions"
    )
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+")
    order = models.JSONField("thứ tự đã chọn (mã nội dung xét)")
    reason = models.TextField("lý do")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "award_form"], name="one_tie_decision")
        ]

    def __str__(self) -> str:
        return f"Quyết định thứ tự: {self.order}"


class IssuedMinutes(IssuedDocument):
    """The meeting minutes (biên bản họp Hội đồng) as issued by the secretariat once the vote is
    closed: one stored PDF, immutable, that the chair and the secretary sign in turn
    (council.minutes_signing)."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="issued_minutes"
    )

    class Meta:
        verbose_name = "biên bản họp đã phát hành"
        verbose_name_plural = "biên bản họp đã phát hành"
        ordering = ["session", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["session", "version"], name="one_minutes_per_version")
        ]

    def __str__(self) -> str:
        return f"Biên bản họp {self.session} (lần {self.version})"
