import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import django.core.files.storage


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("awards", "0008_remote_signing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The signing credential moves from awards: its table (awards_signingcredential) stays,
        # only Django's state changes hands (awards 0011 removes it there).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SigningCredential",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("pkcs11", "Thiết bị ký số (USB token, PKCS#11)"), ("csc", "Dịch vụ ký số từ xa (CSC API)")], default="pkcs11", max_length=8, verbose_name="loại")),
                        ("module", models.CharField(blank=True, max_length=255, verbose_name="thư viện PKCS#11 của thiết bị")),
                        ("token_label", models.CharField(blank=True, max_length=64, verbose_name="nhãn thiết bị (token)")),
                        ("key_label", models.CharField(blank=True, max_length=64, verbose_name="nhãn khóa")),
                        ("service_url", models.CharField(blank=True, max_length=255, verbose_name="địa chỉ dịch vụ ký số từ xa")),
                        ("api_version", models.CharField(blank=True, max_length=4, verbose_name="phiên bản CSC API")),
                        ("account", models.CharField(blank=True, max_length=128, verbose_name="tài khoản dịch vụ")),
                        ("credential_id", models.CharField(blank=True, max_length=255, verbose_name="mã chứng thư trên dịch vụ")),
                        ("certificate_pem", models.TextField(verbose_name="chứng thư số (PEM)")),
                        ("subject", models.CharField(max_length=255, verbose_name="chủ thể chứng thư")),
                        ("not_after", models.DateTimeField(verbose_name="chứng thư hết hạn")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="signing_credential", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "chữ ký số cá nhân",
                        "verbose_name_plural": "chữ ký số cá nhân",
                        "db_table": "awards_signingcredential",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="SignedFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(db_index=True, max_length=32, verbose_name="loại văn bản")),
                ("title", models.CharField(max_length=300, verbose_name="tên văn bản")),
                ("version", models.PositiveSmallIntegerField(default=1, verbose_name="lần phát hành")),
                ("steps", models.JSONField(default=list, verbose_name="các bước ký")),
                ("pdf", models.FileField(storage=django.core.files.storage.FileSystemStorage(), upload_to="signed/")),
                ("sha256", models.CharField(max_length=64, verbose_name="mã băm tệp phát hành")),
                ("issued_at", models.DateTimeField(verbose_name="phát hành lúc")),
                ("issued_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "văn bản ký số",
                "verbose_name_plural": "văn bản ký số",
            },
        ),
        migrations.CreateModel(
            name="FileSignature",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.CharField(max_length=32, verbose_name="bước")),
                ("field_name", models.CharField(max_length=64, verbose_name="trường chữ ký trong PDF")),
                ("signer_name", models.CharField(max_length=255, verbose_name="người ký (theo chứng thư)")),
                ("certificate_serial", models.CharField(max_length=64, verbose_name="số hiệu chứng thư")),
                ("signed_at", models.DateTimeField(verbose_name="ký lúc")),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="mã băm tệp đã ký")),
                ("signed_file", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="signatures", to="documents.signedfile")),
                ("signer", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "chữ ký số trên văn bản",
                "verbose_name_plural": "chữ ký số trên văn bản",
                "ordering": ["signed_file", "signed_at", "id"],
                "constraints": [models.UniqueConstraint(fields=("signed_file", "step"), name="one_signature_per_step")],
            },
        ),
    ]
