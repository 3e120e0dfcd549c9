"""Signed documents: a person's signing key (their token or remote-signing account), and a
stored PDF that people sign in turn (a council's minutes, a unit's tờ trình), with the steps
and their signatures as data. The owning app decides who may sign which step; this app stores
the file, signs it and reads its signatures back (documents.services, documents.selectors).
"""

from django.conf import settings
from django.db import models

from thidua.core.storage import private_storage


class CredentialKind(models.TextChoices):
    PKCS11 = "pkcs11", "Thiết bị ký số (USB token, PKCS#11)"
    CSC = "csc", "Dịch vụ ký số từ xa (CSC API)"


class SigningCredential(models.Model):
    """A person's own signing key: on a PKCS#11 token (a USB token or an HSM the server
    reaches), or with a remote-signing service speaking the CSC API, with its certificate. The
    PIN (and the service password) is typed at each signature and never stored; the module or
    the service must be one the deployment allows (THIDUA_PKCS11_MODULES,
    THIDUA_CSC_SERVICES). Moved from `awards` (its table keeps its name) so that every step's
    signer (the chair on the minutes, a unit head on a tờ trình) uses the same key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_credential"
    )
    kind = models.CharField(
        "loại", max_length=8, choices=CredentialKind.choices, default=CredentialKind.PKCS11
    )
    module = models.CharField("thư viện PKCS#11 của thiết bị", max_length=255, blank=True)
    token_label = models.CharField("nhãn thiết bị (token)", max_length=64, blank=True)
    key_label = models.CharField("nhãn khóa", max_length=64, blank=True)
    service_url = models.CharField("địa chỉ dịch vụ ký số từ xa", max_length=255, blank=True)
    api_version = models.CharField("phiên bản CSC API", max_length=4, blank=True)
    account = models.CharField("tài khoản dịch vụ", max_length=128, blank=True)
    credential_id = models.CharField("mã chứng thư trên dịch vụ", max_length=255, blank=True)
    certificate_pem = models.TextField("chứng thư số (PEM)")
    subject = models.CharField("chủ thể chứng thư", max_length=255)
    not_after = models.DateTimeField("chứng thư hết hạn")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "awards_signingcredential"
        verbose_name = "chữ ký số cá nhân"
        verbose_name_plural = "chữ ký số cá nhân"

    def __str__(self) -> str:
        return f"Chữ ký số của {self.subject}"


class SignedFile(models.Model):
    """A document issued once as PDF and then immutable but for the signatures added to it:
    `steps` is the list of signing steps the owner set at issue time
    (`[{"step": "chair", "label": "Chủ tịch Hội đồng ký"}, …]`); `sha256` is the issued file's
    hash, `pdf` the file as it is now (the last signature's output)."""

    kind = models.CharField("loại văn bản", max_length=32, db_index=True)
    title = models.CharField("tên văn bản", max_length=300)
    version = models.PositiveSmallIntegerField("lần phát hành", default=1)
    steps = models.JSONField("các bước ký", default=list)
    pdf = models.FileField(storage=private_storage, upload_to="signed/")
    sha256 = models.CharField("mã băm tệp phát hành", max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("phát hành lúc")

    class Meta:
        verbose_name = "văn bản ký số"
        verbose_name_plural = "văn bản ký số"

    def __str__(self) -> str:
        return f"{self.title} (lần {self.version})"

    def step_label(self, step: str) -> str:
        return next((s["label"] for s in self.steps if s["step"] == step), step)


class FileSignature(models.Model):
    """One personal signature on a signed file (its validity is read from the PDF itself)."""

    signed_file = models.ForeignKey(SignedFile, on_delete=models.CASCADE, related_name="signatures")
    step = models.CharField("bước", max_length=32)
    field_name = models.CharField("trường chữ ký trong PDF", max_length=64)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField("người ký (theo chứng thư)", max_length=255)
    certificate_serial = models.CharField("số hiệu chứng thư", max_length=64)
    signed_at = models.DateTimeField("ký lúc")
    pdf_sha256 = models.CharField("mã băm tệp đã ký", max_length=64)

    class Meta:
        verbose_name = "chữ ký số trên văn bản"
        verbose_name_plural = "chữ ký số trên văn bản"
        ordering = ["signed_file", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["signed_file", "step"], name="one_signature_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.signer_name}"


class IssuedDocument(models.Model):
    """What an owning app keeps to link its object to the signed files issued for it (one per
    version): subclass it with the foreign key to the object and a unique (object, version)."""

    version = models.PositiveSmallIntegerField("lần phát hành", default=1)
    document = models.OneToOneField(SignedFile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
