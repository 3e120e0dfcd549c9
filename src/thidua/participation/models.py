"""The public's part before and around a commendation: the disclosure of a campaign's nominee
list for comments before the council meets (công khai, lấy ý kiến nhân dân; Nghị định
98/2023/NĐ-CP Điều 46 khoản 2, Nghị định 152/2025/NĐ-CP Điều 60 khoản 3), the comments
received, and proposals of commendation sent by citizens and enterprises.

What the public page shows of a nominee is what was disclosed (`DisclosedNominee`, copied when
the disclosure opened), never the live dossier. A comment is shown publicly only once the
secretariat has published it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.campaigns.enums import FormKind
from thidua.core.storage import private_storage
from thidua.participation.enums import (
    CitizenState,
    CommentState,
    DeedKind,
    DisclosureBasis,
    ProposerKind,
)


def _user_fk(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class DisclosureRequirement(models.Model):
    """Rule data: nominees of this legal award form must be disclosed to the public before the
    council meets (`by_law`), from `valid_from` to `valid_to`. The council refuses to meet, or
    to open its vote, on a list holding such a nominee until a disclosure «theo quy định của
    pháp luật» covering it has closed (participation.selectors.council_refusal)."""

    form_kind = models.CharField(
        "hình thức theo quy định", max_length=32, choices=FormKind.choices, db_index=True
    )
    name = models.CharField("hình thức khen thưởng", max_length=200)
    by_law = models.BooleanField("phải công khai theo luật", default=True)
    legal_basis = models.CharField("căn cứ", max_length=300)
    valid_from = models.DateField("áp dụng từ")
    valid_to = models.DateField("đến", null=True, blank=True)
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)

    class Meta:
        verbose_name = "hình thức phải công khai trước Hội đồng"
        verbose_name_plural = "hình thức phải công khai trước Hội đồng"
        ordering = ["form_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_kind", "valid_from"], name="one_disclosure_rule_per_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Disclosure(models.Model):
    """A campaign's nominee list published for comments from `opens_on` to `closes_on`
    (inclusive). The council does not meet on the list before the day after `closes_on`."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="phong trào",
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="cơ quan công khai", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("tiêu đề", max_length=300)
    basis = models.CharField("căn cứ công khai", max_length=16, choices=DisclosureBasis.choices)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=300, blank=True)
    min_working_days = models.PositiveSmallIntegerField(
        "số ngày làm việc tối thiểu", null=True, blank=True
    )
    opens_on = models.DateField("công khai từ ngày")
    closes_on = models.DateField("đến hết ngày")
    contact = models.CharField("địa chỉ nhận ý kiến", max_length=300, blank=True)
    created_by = _user_fk("người mở")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "công khai danh sách"
        verbose_name_plural = "công khai danh sách"
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="disclosure_closes_after"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DisclosedNominee(models.Model):
    """One line of a disclosed list, as it was published."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="entries")
    nominee = models.ForeignKey(
        "nominations.Nominee", on_delete=models.PROTECT, related_name="disclosures"
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    name = models.CharField("tập thể, cá nhân", max_length=255)
    detail = models.CharField("chức vụ, đơn vị", max_length=500, blank=True)
    award_form = models.CharField("hình thức khen thưởng", max_length=300)
    summary = models.TextField("tóm tắt thành tích", blank=True)

    class Meta:
        verbose_name = "tập thể, cá nhân được công khai"
        verbose_name_plural = "tập thể, cá nhân được công khai"
        ordering = ["disclosure_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "nominee"], name="disclosed_once")
        ]

    def __str__(self) -> str:
        return self.name


class PublicComment(models.Model):
    """A comment of the public on one disclosed nominee; shown publicly once published."""

    entry = models.ForeignKey(DisclosedNominee, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField("họ và tên", max_length=150)
    contact = models.CharField("điện thoại, thư điện tử hoặc địa chỉ", max_length=255)
    content = models.TextField("nội dung ý kiến")
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=CommentState.choices,
        default=CommentState.NEW,
        db_index=True,
    )
    submitted_at = models.DateTimeField("gửi lúc")
    address_hash = models.CharField(max_length=64, editable=False)
    moderated_by = _user_fk("người kiểm duyệt")
    moderated_at = models.DateTimeField("kiểm duyệt lúc", null=True, blank=True)
    moderation_note = models.CharField("ghi chú kiểm duyệt", max_length=500, blank=True)

    class Meta:
        verbose_name = "ý kiến của nhân dân"
        verbose_name_plural = "ý kiến của nhân dân"
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["entry", "state"])]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.content[:40]}"


class CitizenProposal(models.Model):
    """A citizen's or an enterprise's proposal to commend someone, followed by its tracking
    code; the secretariat answers it or turns it into a nominee of a campaign (`nominee`)."""

    code = models.CharField("mã theo dõi", max_length=16, unique=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="cơ quan nhận", on_delete=models.PROTECT, related_name="+"
    )
    proposer_kind = models.CharField(
        "người đề xuất là", max_length=16, choices=ProposerKind.choices
    )
    proposer_name = models.CharField("họ và tên (tên doanh nghiệp)", max_length=200)
    proposer_contact = models.CharField("điện thoại hoặc thư điện tử", max_length=200)
    proposer_address = models.CharField("địa chỉ", max_length=300, blank=True)
    subject_name = models.CharField("người (tập thể) được đề xuất khen thưởng", max_length=200)
    subject_detail = models.CharField("nơi ở, nơi công tác", max_length=300, blank=True)
    deed_kind = models.CharField("loại việc làm", max_length=16, choices=DeedKind.choices)
    happened_on = models.DateField("ngày xảy ra", null=True, blank=True)
    description = models.TextField("việc làm, thành tích")
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=CitizenState.choices,
        default=CitizenState.RECEIVED,
        db_index=True,
    )
    submitted_at = models.DateTimeField("gửi lúc")
    address_hash = models.CharField(max_length=64, editable=False)
    answer = models.TextField("trả lời", blank=True)
    handled_by = _user_fk("người xử lý")
    handled_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    nominee = models.ForeignKey(
        "nominations.Nominee",
        verbose_name="đề nghị khen thưởng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "đề xuất khen thưởng của nhân dân"
        verbose_name_plural = "đề xuất khen thưởng của nhân dân"
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code}: {self.subject_name}"


class CitizenEvidence(models.Model):
    """A file attached to a citizen's proposal, checked by content and size."""

    proposal = models.ForeignKey(CitizenProposal, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to="citizen-evidence/")
    name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
