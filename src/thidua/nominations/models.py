"""A unit's proposal (đề nghị khen thưởng) for a campaign: its nominees, their dossiers and the
criteria engine's verdicts."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.campaigns.enums import SubjectType
from thidua.campaigns.models import AwardForm, Campaign, Criterion, DossierItem
from thidua.core.storage import private_storage
from thidua.documents.models import IssuedDocument
from thidua.nominations.enums import (
    CouncilOutcome,
    DocumentKind,
    NomineeState,
    ProposalState,
    TrailAction,
)
from thidua.org.models import Person, Unit


class Proposal(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="proposals")
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị đề nghị", on_delete=models.PROTECT, related_name="proposals"
    )
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=ProposalState.choices,
        default=ProposalState.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    version = models.PositiveIntegerField("lần gửi", default=0)
    # Sent up by a lower level: the campaign (or regular round) whose checked or decided
    # nominees it carries, and what that level recorded when preparing it (its decision as
    # data: number, date, hash), so the higher level sees exactly what was approved below.
    source_campaign = models.ForeignKey(
        Campaign,
        verbose_name="chuyển lên từ phong trào cấp dưới",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_proposals",
    )
    forward_data = models.JSONField("thông tin cấp dưới gửi kèm", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_proposal_per_unit")
        ]

    def __str__(self) -> str:
        return f"Đề nghị của {self.unit.name}"


class Nominee(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominees")
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name="hình thức khen thưởng",
        on_delete=models.PROTECT,
        related_name="nominees",
    )
    subject_type = models.CharField("đối tượng", max_length=16, choices=SubjectType.choices)
    # The collective itself, or the individual's unit (kept as it was when nominated).
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="nominations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="cá nhân",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    # A household (hộ gia đình): its head and address; the commune is `unit`.
    household_head = models.CharField("chủ hộ", max_length=150, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=NomineeState.choices,
        default=NomineeState.DRAFT,
        db_index=True,
    )
    eligible = models.BooleanField("đủ tiêu chuẩn", null=True, blank=True)
    evaluated_at = models.DateTimeField("đánh giá lúc", null=True, blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    achievement = models.TextField("thành tích đạt được", blank=True)
    summary = models.TextField("tóm tắt thành tích", blank=True)
    council_outcome = models.CharField(
        "kết quả xét của Hội đồng",
        max_length=16,
        blank=True,
        choices=CouncilOutcome.choices,
        default=CouncilOutcome.NONE,
    )
    council_votes = models.PositiveIntegerField("số phiếu đồng ý", null=True, blank=True)
    council_rank = models.PositiveIntegerField("thứ tự xếp hạng", null=True, blank=True)
    # The lower level's nominee this one was sent up from (upward chain).
    source_nominee = models.ForeignKey(
        "self",
        verbose_name="hồ sơ ở cấp dưới",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_as",
    )

    class Meta:
        verbose_name = "tập thể, cá nhân được đề nghị"
        verbose_name_plural = "tập thể, cá nhân được đề nghị"
        ordering = ["proposal_id", "subject_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_type=SubjectType.INDIVIDUAL, person__isnull=False)
                | (~Q(subject_type=SubjectType.INDIVIDUAL) & Q(person__isnull=True)),
                name="nominee_person_iff_individual",
            ),
            models.UniqueConstraint(
                fields=["proposal", "award_form", "person"],
                condition=Q(person__isnull=False),
                name="one_nomination_per_person_and_form",
            ),
            models.UniqueConstraint(
                fields=["proposal", "award_form", "unit"],
                condition=Q(subject_type=SubjectType.COLLECTIVE),
                name="one_nomination_per_collective_and_form",
            ),
            models.UniqueConstraint(
                fields=["proposal", "award_form", "household_head", "address"],
                condition=Q(subject_type=SubjectType.HOUSEHOLD),
                name="one_nomination_per_household_and_form",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        if self.subject_type == SubjectType.HOUSEHOLD:
            return f"Hộ {self.household_head}"
        return self.unit.name

    @property
    def campaign(self) -> Campaign:
        return self.proposal.campaign


class Document(models.Model):
    """One file of a dossier, for a checklist item; the proposal's own (Tờ trình, minutes) when
    `nominee` is empty. A replaced file is kept (superseded) so the history shows what changed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    nominee = models.ForeignKey(
        Nominee, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    item = models.ForeignKey(
        DossierItem, verbose_name="thành phần hồ sơ", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to="dossiers/")
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("tải lên lúc")
    superseded_at = models.DateTimeField(null=True, blank=True)
    # Received from another instance (exchange): the document's id there, which the received
    # trail steps name it by.
    origin_id = models.PositiveBigIntegerField("mã tài liệu ở hệ thống gửi", null=True, blank=True)

    class Meta:
        verbose_name = "tài liệu hồ sơ"
        verbose_name_plural = "tài liệu hồ sơ"
        ordering = ["item__position", "item_id", "-uploaded_at"]
        indexes = [models.Index(fields=["proposal", "superseded_at"])]

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    """The unit's own statement on one criterion for one nominee (Báo cáo thành tích): what
    the engine reads for criteria the unit attests, plus free text."""

    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="answers")
    attested = models.BooleanField("đơn vị xác nhận đạt", default=False)
    text = models.TextField("kết quả đạt được", blank=True)
    evidence = models.FileField(storage=private_storage, upload_to="evidence/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nominee", "criterion"], name="one_answer_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nominee_id}/{self.criterion_id}: {'đạt' if self.attested else 'chưa'}"


class CriterionMapping(models.Model):
    """The receiving office's word that its criterion `target` is answered, for dossiers sent
    up from `source_campaign`, by that campaign's criterion `source` (nominations/carry.py):
    the answers and evidence of forwarded nominees are carried over through it."""

    target = models.ForeignKey(
        Criterion, verbose_name="tiêu chí cấp trên", on_delete=models.CASCADE, related_name="+"
    )
    source_campaign = models.ForeignKey(
        Campaign, verbose_name="phong trào cấp dưới", on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        Criterion, verbose_name="tiêu chí cấp dưới", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tiêu chí tương ứng"
        verbose_name_plural = "tiêu chí tương ứng"
        constraints = [
            models.UniqueConstraint(
                fields=["target", "source_campaign"], name="one_mapping_per_source_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_id} ← {self.source_id}"


class VerdictSet(models.Model):
    """The criteria engine's verdicts on one nominee, and the secretariat's audited overrides,
    in one row: a campaign judges hundreds of thousands of nominees at once, and a row per
    criterion (three per person in a title round) cost each its insert, its index entries and
    two foreign-key checks (bench/README.md, title round).

    `verdicts` is a list in the criteria's order, one entry per criterion judged:
    `[criterion id, outcome, explanation]`, followed, when the secretariat overrode it, by
    `override, override reason, overridden by (user id or null), overridden at (ISO 8601)]`;
    read and written only through `nominations.verdicts` (its `Verdict` is what readers get).
    `digest` fingerprints the engine's own entries (not the overrides): a re-run whose result
    is the same writes nothing. `overridden` marks the rows holding an override."""

    nominee = models.OneToOneField(
        Nominee, primary_key=True, on_delete=models.CASCADE, related_name="verdict_set"
    )
    verdicts = models.JSONField("kết quả theo tiêu chí", default=list)
    digest = models.BigIntegerField()
    overridden = models.BooleanField(default=False)

    class Meta:
        verbose_name = "kết quả kiểm tra tiêu chuẩn"
        verbose_name_plural = "kết quả kiểm tra tiêu chuẩn"

    def __str__(self) -> str:
        return f"{self.nominee_id}: {len(self.verdicts)} tiêu chí"


class Event(models.Model):
    """The proposal's history as the unit and the secretariat see it: submitted, returned with
    reasons per document, supplemented, accepted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    version = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)
    # For a return: [{"item": id, "nominee": id|None, "reason": "..."}]
    details = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} ({self.at:%d/%m/%Y %H:%M})"


class TrailStep(models.Model):
    """One step of a dossier's trail (who, when, which level and unit, which action) with the
    SHA-256 of what the step saw (the documents' hashes, the nominees, the lower level's
    decision as data) chained to the previous step, so a document changed after its step, or a
    step edited afterwards, is found by `nominations.trail.check`. Written only by the
    services, never edited (admin is view-only)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="trail")
    seq = models.PositiveIntegerField("bước")
    action = models.CharField("thao tác", max_length=16, choices=TrailAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("người thực hiện", max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị thực hiện", on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField("tên đơn vị", max_length=300)
    level = models.CharField("cấp", max_length=100)
    at = models.DateTimeField("lúc")
    payload = models.JSONField("nội dung ghi nhận", default=dict)
    content_hash = models.CharField("mã băm nội dung", max_length=64)
    prev_hash = models.CharField("mã băm bước trước", max_length=64)
    step_hash = models.CharField("mã băm bước", max_length=64)
    # A step received from another instance with the dossier (exchange): the sending office's
    # code and the ids and time the step was hashed with there, so its hash checks here too.
    origin = models.CharField("cơ quan gửi (mã định danh)", max_length=64, blank=True)
    origin_proposal = models.PositiveBigIntegerField(
        "mã hồ sơ ở hệ thống gửi", null=True, blank=True
    )
    origin_unit = models.PositiveBigIntegerField("mã đơn vị ở hệ thống gửi", null=True, blank=True)
    origin_actor = models.PositiveBigIntegerField(
        "mã người thực hiện ở hệ thống gửi", null=True, blank=True
    )
    origin_at = models.CharField("thời điểm gốc (ISO 8601)", max_length=40, blank=True)

    class Meta:
        verbose_name = "bước chuyển hồ sơ"
        verbose_name_plural = "nhật ký chuyển hồ sơ"
        ordering = ["proposal_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "seq"], name="one_trail_step_per_seq")
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.get_action_display()} ({self.unit_name})"


class ProposalLetter(IssuedDocument):
    """The unit's tờ trình as issued: one stored PDF, immutable, that the unit head signs
    (nominations.letter_signing). A tờ trình issued again while unsigned is a new version; the
    earlier ones are kept."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="letters")
    # The proposal's `version` (how many times it had been sent) when this tờ trình was made:
    # the one made in the background at a submission is made once for that submission.
    for_version = models.PositiveIntegerField("lập cho lần gửi hồ sơ", null=True, blank=True)

    class Meta:
        verbose_name = "tờ trình đã phát hành"
        verbose_name_plural = "tờ trình đã phát hành"
        ordering = ["proposal", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "version"], name="one_letter_per_version")
        ]

    def __str__(self) -> str:
        return f"Tờ trình {self.proposal} (lần {self.version})"
