"""Communication: exemplary stories and news for the public portal, proposals of cases for a
story, and what the portal says about each issuing body. (Sending documents to units' inboxes
is thidua.distribution's.)

An article is public only in the `published` state; every reader of the portal goes through
communication.selectors' public_* functions, which filter on that state.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.communication.enums import ArticleKind, ArticleState, CaseState
from thidua.core.storage import private_storage


def _user_fk(verbose: str, related_name: str = "+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class Article(models.Model):
    """A story (gương điển hình) or a news item, written by an editor, reviewed by the
    secretariat. `body` holds HTML already sanitised by communication.html.clean_html."""

    kind = models.CharField("loại bài", max_length=16, choices=ArticleKind.choices)
    state = models.CharField(
        "trạng thái",
        max_length=16,
        choices=ArticleState.choices,
        default=ArticleState.DRAFT,
        db_index=True,
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị biên tập", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField("đường dẫn", max_length=200, allow_unicode=False)
    summary = models.CharField("tóm tắt", max_length=500, blank=True)
    body = models.TextField("nội dung", blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="phong trào",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    award = models.ForeignKey(
        "awards.Award",
        verbose_name="tập thể, cá nhân được khen thưởng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    nominee = models.ForeignKey(
        "nominations.Nominee",
        verbose_name="tập thể, cá nhân được đề nghị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        "communication.CaseProposal",
        verbose_name="từ đề xuất",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    created_by = _user_fk("người viết")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField("gửi duyệt lúc", null=True, blank=True)
    reviewed_by = _user_fk("người duyệt")
    review_note = models.TextField("ý kiến khi trả lại", blank=True)
    published_at = models.DateTimeField("đăng lúc", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="one_slug_per_kind"),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["kind", "state", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in ArticleState.public()

    @property
    def public_path(self) -> str:
        prefix = "guong-dien-hinh" if self.kind == ArticleKind.STORY else "tin-tuc"
        return f"/{prefix}/{self.slug}"


class Photo(models.Model):
    """A photo of an article, stored re-encoded (resized, metadata dropped)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(storage=private_storage, upload_to="portal-photos/")
    kind = models.CharField(max_length=8)  # "png" or "jpeg", as found in the content
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    caption = models.CharField("chú thích ảnh", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    uploaded_by = _user_fk("người tải lên")
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "ảnh"
        verbose_name_plural = "ảnh"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption or f"Ảnh {self.pk}"

    @property
    def extension(self) -> str:
        return "png" if self.kind == "png" else "jpg"


class CaseProposal(models.Model):
    """A case proposed for a story by an observer (Mặt trận, đoàn thể) or a unit."""

    proposer = _user_fk("người đề xuất", related_name="+")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị đề xuất", on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField("tập thể, cá nhân được đề xuất", max_length=255)
    subject_detail = models.CharField("chức vụ, đơn vị, địa chỉ", max_length=500, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="phong trào",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField("việc làm, thành tích tiêu biểu")
    contact = models.CharField("người liên hệ, số điện thoại", max_length=255, blank=True)
    state = models.CharField(
        "trạng thái", max_length=16, choices=CaseState.choices, default=CaseState.NEW, db_index=True
    )
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    handled_by = _user_fk("người xử lý")
    handled_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    note = models.TextField("ý kiến của biên tập viên", blank=True)

    class Meta:
        verbose_name = "đề xuất gương điển hình"
        verbose_name_plural = "đề xuất gương điển hình"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject_name


class IssuerProfile(models.Model):
    """What the portal says about an issuing body (cơ quan ban hành): its introduction and
    how to reach it. `intro` is sanitised HTML."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="portal_profile")
    intro = models.TextField("giới thiệu", blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "trang giới thiệu cơ quan"
        verbose_name_plural = "trang giới thiệu cơ quan"

    def __str__(self) -> str:
        return str(self.unit)
