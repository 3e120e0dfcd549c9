"""Commendation: the law's money as dated data, decisions, awards, certificates and the fund.

Rule sets, coefficients and base salaries are rows with validity dates, seeded by a migration
and edited by an administrator (every change goes through awards.services and is audited).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from thidua.awards.enums import (
    BasisDocument,
    BatchState,
    CertificateState,
    CounterKind,
    DecisionState,
    FormKind,
    ReissueKind,
    RoundingMode,
)
from thidua.campaigns.enums import SubjectType
from thidua.core.storage import private_storage
from thidua.documents.models import (  # noqa: F401 (CredentialKind, SigningCredential: moved)
    CredentialKind,
    IssuedDocument,
    SigningCredential,
)
from thidua.org.enums import UnitKind


class RuleSet(models.Model):
    """A decree that sets reward money (Nghị định 91/2017/NĐ-CP …) and when it applies.
    The one in force on the decision date is used."""

    code = models.CharField("số hiệu", max_length=40, unique=True, help_text="Ví dụ: 98/2023/NĐ-CP")
    name = models.CharField("tên", max_length=200, help_text="Ví dụ: Nghị định 98/2023/NĐ-CP")
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("áp dụng đến hết ngày", null=True, blank=True)
    rounding_mode = models.CharField(
        "cách làm tròn", max_length=8, choices=RoundingMode.choices, default=RoundingMode.UP
    )
    rounding_step = models.PositiveIntegerField(
        "làm tròn đến hàng (đồng)", default=10_000, validators=[MinValueValidator(1)]
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "văn bản quy định mức thưởng"
        verbose_name_plural = "văn bản quy định mức thưởng"
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="ruleset_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết áp dụng phải sau ngày bắt đầu áp dụng."})
        if self.valid_from:
            others = RuleSet.objects.exclude(pk=self.pk).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
            )
            if self.valid_to:
                others = others.filter(valid_from__lte=self.valid_to)
            clash = others.first()
            if clash is not None:
                raise ValidationError({"valid_from": f"Thời gian áp dụng trùng với {clash.name}."})


class Coefficient(models.Model):
    """coefficient × base salary; or, with `of_individual`, × the individual's amount for the
    same form (a household under 152/2025 receives 1.5 × the individual amount)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="coefficients")
    form_kind = models.CharField("hình thức", max_length=32, choices=FormKind.choices)
    subject_type = models.CharField("đối tượng", max_length=16, choices=SubjectType.choices)
    coefficient = models.DecimalField(
        "hệ số", max_digits=6, decimal_places=3, validators=[MinValueValidator(0)]
    )
    of_individual = models.BooleanField("nhân với mức của cá nhân", default=False)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "hệ số tiền thưởng"
        verbose_name_plural = "hệ số tiền thưởng"
        ordering = ["rule_set", "form_kind", "subject_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "form_kind", "subject_type"],
                name="one_coefficient_per_form_and_subject",
            ),
        ]

    def __str__(self) -> str:
        kind, subject = self.get_form_kind_display(), self.get_subject_type_display()
        return f"{kind} – {subject}: {self.coefficient}"


class BaseSalary(models.Model):
    """Mức lương cơ sở, đ/month, from a date until `valid_to` (or until the next row)."""

    valid_from = models.DateField(
        "áp dụng từ ngày",
        unique=True,
        error_messages={"unique": "Đã có mức lương cơ sở từ ngày này."},
    )
    valid_to = models.DateField("áp dụng đến hết ngày", null=True, blank=True)
    amount = models.PositiveIntegerField(
        "mức lương cơ sở (đồng/tháng)", validators=[MinValueValidator(1)]
    )
    decree = models.CharField("văn bản quy định", max_length=100, help_text="Ví dụ: 24/2023/NĐ-CP")

    class Meta:
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="base_salary_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount:,} đ từ {self.valid_from:%d/%m/%Y}".replace(",", ".")

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết áp dụng phải sau ngày bắt đầu áp dụng."})
        if not self.valid_from:
            return
        others = BaseSalary.objects.exclude(pk=self.pk)
        # An open row ends where the next one starts, so only rows that still run on our first
        # day (or start inside our range) overlap.
        for other in others.order_by("valid_from"):
            other_end = other.valid_to
            if other_end is None:
                later = others.filter(valid_from__gt=other.valid_from).order_by("valid_from")
                nxt = later.first()
                if nxt is not None:
                    other_end = nxt.valid_from - dt.timedelta(days=1)
            if other.valid_from > self.valid_from:
                # a later row: ours must end before it starts when ours has an end date
                if self.valid_to is not None and self.valid_to >= other.valid_from:
                    raise ValidationError({"valid_to": _overlap(other, other_end)})
                continue
            if other.valid_to is not None and other.valid_to >= self.valid_from:
                raise ValidationError({"valid_from": _overlap(other, other.valid_to)})


def _overlap(other: "BaseSalary", other_end) -> str:
    until = f" đến {other_end:%d/%m/%Y}" if other_end else ""
    return (
        f"Trùng thời gian với mức lương cơ sở {other.amount:,} đ ".replace(",", ".")
        + f"({other.decree}) áp dụng từ {other.valid_from:%d/%m/%Y}{until}. "
        "Sửa ngày hết áp dụng của mức đó trước (Cấu hình › Mức lương cơ sở)."
    )


class LegalBasisTemplate(models.Model):
    """The "Căn cứ" lines a plan or a decision gets by default, per rule set and issuer level:
    the local-government law changed in 2025, so the lines are data, not code. `{nghi_dinh}`
    stands for the rule set's name and `{ke_hoach}` for the campaign's plan."""

    rule_set = models.ForeignKey(
        RuleSet,
        verbose_name="văn bản quy định mức thưởng",
        on_delete=models.CASCADE,
        related_name="legal_bases",
    )
    issuer_level = models.CharField(
        "cấp của cơ quan ban hành",
        max_length=32,
        choices=UnitKind.choices,
        blank=True,
        help_text="Để trống: dùng cho mọi cấp chưa có mẫu riêng.",
    )
    document = models.CharField("loại văn bản", max_length=16, choices=BasisDocument.choices)
    text = models.TextField(
        "căn cứ",
        help_text="Mỗi dòng một căn cứ. {nghi_dinh}: tên nghị định; {ke_hoach}: kế hoạch của "
        "phong trào.",
    )

    class Meta:
        verbose_name = "mẫu căn cứ pháp lý"
        verbose_name_plural = "mẫu căn cứ pháp lý"
        ordering = ["rule_set__valid_from", "document", "issuer_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "issuer_level", "document"], name="one_basis_template"
            ),
        ]

    def __str__(self) -> str:
        level = self.get_issuer_level_display() if self.issuer_level else "mọi cấp"
        return f"{self.get_document_display()} – {self.rule_set} – {level}"


def _user_fk(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def _lines_default() -> list:
    return []


class Counter(models.Model):
    """A register (sổ) of an issuer for a year: decisions' numbers, golden-book numbers.
    Taken under a row lock, so numbers have no gaps and no duplicates."""

    issuer = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=CounterKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "sổ đăng ký"
        verbose_name_plural = "sổ đăng ký"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "kind"], name="one_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} – {self.issuer_id}: {self.last}"


class Decision(models.Model):
    """Quyết định khen thưởng: drafted from the council's staged list, issued once."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="decisions"
    )
    issuer = models.ForeignKey(
        "org.Unit", verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="+"
    )
    fund_unit = models.ForeignKey(
        "org.Unit", verbose_name="chi từ quỹ của", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "trạng thái", max_length=16, choices=DecisionState.choices, default=DecisionState.DRAFT
    )
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=40, default="QĐ-UBND")
    decided_on = models.DateField("ngày quyết định")
    place = models.CharField("địa danh", max_length=100)
    issuer_superior = models.CharField("cơ quan chủ quản", max_length=200, blank=True)
    issuer_display = models.CharField("tên cơ quan trên văn bản", max_length=300)
    issuer_title = models.CharField(
        "thẩm quyền ban hành",
        max_length=300,
        help_text="Ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH",
    )
    summary = models.CharField("trích yếu", max_length=500)
    achievement = models.CharField(
        "thành tích",
        max_length=500,
        help_text="Ví dụ: đã có thành tích xuất sắc trong phong trào thi đua … năm 2023",
    )
    legal_bases = models.TextField("căn cứ", help_text="Mỗi dòng một căn cứ")
    proposal_text = models.TextField("xét đề nghị của", blank=True)
    executors = models.TextField("trách nhiệm thi hành (Điều 3)")
    recipients = models.JSONField("nơi nhận", default=_lines_default, blank=True)
    signing_authority = models.CharField("thẩm quyền ký", max_length=100, blank=True)
    signer_title = models.CharField("chức danh người ký", max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField("người ký", max_length=100, blank=True)
    rule_set = models.ForeignKey(
        RuleSet,
        verbose_name="mức thưởng theo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    base_salary = models.ForeignKey(
        BaseSalary, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    total = models.PositiveBigIntegerField("tổng tiền thưởng", default=0)
    over_budget_confirmed = models.BooleanField("đã xác nhận vượt dự toán quỹ", default=False)
    over_budget_reason = models.TextField("lý do chi vượt dự toán quỹ", blank=True)
    date_confirmed = models.BooleanField("đã xác nhận ngày quyết định bất thường", default=False)
    pdf = models.FileField(storage=private_storage, upload_to="decisions/", blank=True)
    docx = models.FileField(storage=private_storage, upload_to="decisions/", blank=True)
    created_by = _user_fk("người lập")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = _user_fk("người ban hành")
    issued_at = models.DateTimeField("ban hành lúc", null=True, blank=True)

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=Q(number__isnull=False),
                name="one_decision_number_per_issuer_year",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(number__isnull=False), name="issued_has_number"
            ),
        ]

    def __str__(self) -> str:
        return f"Quyết định số {self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.number or '…'}/{self.symbol}"

    @property
    def is_issued(self) -> bool:
        return self.state == DecisionState.ISSUED


class Award(models.Model):
    """One awardee of a decision, as printed: names are kept as they were on the decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="awards")
    nominee = models.ForeignKey(
        "nominations.Nominee", on_delete=models.PROTECT, related_name="awards"
    )
    award_form = models.ForeignKey(
        "campaigns.AwardForm", on_delete=models.PROTECT, related_name="awards"
    )
    subject_type = models.CharField("đối tượng", max_length=16, choices=SubjectType.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="awards")
    person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    name = models.CharField("tên tập thể, họ và tên", max_length=255)
    detail = models.CharField("chức vụ, đơn vị", max_length=500, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)
    form_kind = models.CharField(max_length=32, choices=FormKind.choices, blank=True)
    coefficient = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    amount = models.PositiveIntegerField("tiền thưởng", default=0)
    explanation = models.CharField("cách tính", max_length=500, blank=True)

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        ordering = ["decision", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "nominee"], name="one_award_per_nominee"),
        ]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """Giấy khen of one award: a golden-book number and a public verification code."""

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="certificate")
    issuer = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    register_number = models.PositiveIntegerField("số sổ vàng")
    code = models.CharField("mã xác thực", max_length=16, unique=True)
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=CertificateState.choices,
        default=CertificateState.VALID,
    )
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revoked_by = _user_fk("người thu hồi")
    revoke_reason = models.TextField("lý do thu hồi", blank=True)
    revoke_reference = models.CharField("văn bản thu hồi", max_length=200, blank=True)
    pdf = models.FileField(storage=private_storage, upload_to="certificates/", blank=True)

    class Meta:
        verbose_name = "giấy khen"
        verbose_name_plural = "giấy khen"
        ordering = ["issuer", "year", "register_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "register_number"], name="one_golden_book_number"
            ),
        ]

    def __str__(self) -> str:
        return f"Giấy khen {self.code}"

    @property
    def is_valid(self) -> bool:
        return self.state == CertificateState.VALID


class CertificateReissue(models.Model):
    """Cấp lại / cấp đổi: a lost or damaged certificate printed again under a new golden-book
    number and a new verification code. The certificate row keeps being the award's current
    certificate (it takes the new number and code); this row keeps the superseded copy's code
    and number, linked to it, so the old code still answers "đã được cấp lại" and is listed
    among the revoked codes."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reissues")
    kind = models.CharField("hình thức", max_length=16, choices=ReissueKind.choices)
    old_code = models.CharField("mã xác thực của bản cũ", max_length=16, unique=True)
    old_year = models.PositiveSmallIntegerField("năm vào sổ của bản cũ")
    old_register_number = models.PositiveIntegerField("số sổ vàng của bản cũ")
    old_pdf = models.FileField(storage=private_storage, upload_to="certificates/", blank=True)
    new_code = models.CharField("mã xác thực của bản mới", max_length=16)
    new_year = models.PositiveSmallIntegerField("năm vào sổ của bản mới")
    new_register_number = models.PositiveIntegerField("số sổ vàng của bản mới")
    reason = models.TextField("lý do")
    reference = models.CharField("văn bản cấp lại (số, ngày)", max_length=200)
    decided_on = models.DateField("ngày cấp lại")
    created_by = _user_fk("người cấp lại")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cấp lại, cấp đổi giấy khen"
        verbose_name_plural = "cấp lại, cấp đổi giấy khen"
        ordering = ["certificate", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_code} → {self.new_code}"

    @property
    def verb(self) -> str:
        return "cấp đổi" if self.kind == ReissueKind.DAMAGED else "cấp lại"


class Annulment(models.Model):
    """Hủy bỏ khen thưởng: an award obtained by a false dossier (khai man, giả mạo hồ sơ) is
    annulled by a decision of the authority that gave it. The award and its certificate stay on
    record, marked (the certificate revoked); the reward money becomes a sum to recover (phải
    thu hồi), brought back into the fund by ledger entries (FundEntry with a negative amount)."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="annulment")
    number = models.CharField("số quyết định hủy bỏ", max_length=60, help_text="Ví dụ: 15/QĐ-UBND")
    decided_on = models.DateField("ngày quyết định hủy bỏ")
    signer_name = models.CharField("người ký", max_length=100)
    signer_title = models.CharField("chức danh người ký", max_length=100, default="CHỦ TỊCH")
    reason = models.TextField("lý do hủy bỏ")
    to_recover = models.PositiveBigIntegerField("tiền thưởng phải thu hồi (đồng)", default=0)
    recovered = models.PositiveBigIntegerField("đã thu hồi (đồng)", default=0)
    created_by = _user_fk("người ghi")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hủy bỏ khen thưởng"
        verbose_name_plural = "hủy bỏ khen thưởng"
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recovered__lte=models.F("to_recover")),
                name="annulment_recovers_no_more_than_owed",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"Quyết định số {self.number} ngày {self.decided_on:%d/%m/%Y}"

    @property
    def outstanding(self) -> int:
        return int(self.to_recover) - int(self.recovered)


class IssuerKey(models.Model):
    """The public half of an issuer's statement key (Ed25519): what a certificate's QR statement
    is checked against, published at /xac-thuc/khoa-cong-khai.json. The private half is derived
    from the server's secret when it signs (core.jws) and is never stored. A key is retired when
    the secret changes; its statements stay checkable."""

    issuer = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    kid = models.CharField("mã khóa", max_length=16, unique=True)
    public_key = models.CharField("khóa công khai (base64url)", max_length=64)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    retired_at = models.DateTimeField("thôi dùng từ", null=True, blank=True)

    class Meta:
        verbose_name = "khóa xác thực của cơ quan ban hành"
        verbose_name_plural = "khóa xác thực của cơ quan ban hành"
        ordering = ["issuer", "created_at"]

    def __str__(self) -> str:
        return f"Khóa {self.kid}"


class SignatureStep(models.TextChoices):
    ISSUE = "issue", "Ký ban hành"
    COUNTERSIGN = "countersign", "Ký nháy, kiểm soát"


class IssuedDecision(IssuedDocument):
    """The issued decision's PDF as a signed document (documents.SignedFile): stored once at
    issue, then signed in turn at its steps (SignatureStep) by the people who sign it with their
    own key, through documents.services like the council's minutes and a unit's tờ trình.
    `Decision.pdf` names the same stored file, as it is now (the last signature's output)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="issued_documents"
    )

    class Meta:
        verbose_name = "quyết định đã phát hành (văn bản ký số)"
        verbose_name_plural = "quyết định đã phát hành (văn bản ký số)"
        ordering = ["decision", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "version"], name="one_issued_decision_per_version"
            )
        ]


class CertificateBatch(models.Model):
    """A run printing a decision's certificates; progress is kept on the row."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="batches")
    state = models.CharField(max_length=16, choices=BatchState.choices, default=BatchState.PENDING)
    blank_form = models.BooleanField("in trên phôi", default=False)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    print_pdf = models.FileField(storage=private_storage, upload_to="certificates/", blank=True)
    error = models.TextField(blank=True)
    created_by = _user_fk("người in")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"In giấy khen {self.pk} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class PrintLayout(models.Model):
    """Where the text fields go on an office's pre-printed blanks (phôi giấy khen), in mm
    from the sheet's top-left corner, plus a shift for the whole printer."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="print_layout")
    shift_x_mm = models.DecimalField("dịch ngang (mm)", max_digits=5, decimal_places=1, default=0)
    shift_y_mm = models.DecimalField("dịch dọc (mm)", max_digits=5, decimal_places=1, default=0)
    fields = models.JSONField("vị trí các trường", default=dict, blank=True)

    class Meta:
        verbose_name = "căn chỉnh in phôi giấy khen"
        verbose_name_plural = "căn chỉnh in phôi giấy khen"

    def __str__(self) -> str:
        return f"Căn chỉnh in phôi – {self.unit_id}"


class Fund(models.Model):
    """The issuing unit's commendation fund (quỹ thi đua, khen thưởng) for a year."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="award_funds")
    year = models.PositiveSmallIntegerField("năm")
    budget = models.PositiveBigIntegerField("dự toán (đồng)")
    spent = models.PositiveBigIntegerField("đã chi (đồng)", default=0)

    class Meta:
        verbose_name = "quỹ thi đua, khen thưởng"
        verbose_name_plural = "quỹ thi đua, khen thưởng"
        ordering = ["-year", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_fund_per_year")]

    def __str__(self) -> str:
        return f"Quỹ {self.year} – {self.unit}"

    @property
    def remaining(self) -> int:
        return int(self.budget) - int(self.spent)


class FundEntry(models.Model):
    """A line of the fund's ledger behind `Fund.spent`: a debit per issued decision, and a
    credit (negative amount) per sum recovered from an annulled award."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="fund_entry"
    )
    annulment = models.ForeignKey(
        Annulment, null=True, blank=True, on_delete=models.PROTECT, related_name="recoveries"
    )
    amount = models.BigIntegerField("số tiền")
    at = models.DateTimeField("lúc")
    note = models.CharField("nội dung", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.note or f"{self.amount}"
