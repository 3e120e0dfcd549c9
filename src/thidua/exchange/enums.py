from django.db import models


class OutgoingState(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi"


class IncomingState(models.TextChoices):
    ACCEPTED = "accepted", "Đã nhận"
    QUARANTINED = "quarantined", "Bị từ chối (cách ly)"


class RefusalKind(models.TextChoices):
    """Why a package was refused: the quarantine list groups by it."""

    UNKNOWN_SENDER = "unknown_sender", "Cơ quan gửi chưa được khai báo liên thông"
    SCHEMA = "schema", "Sai cấu trúc edXML"
    SIGNATURE = "signature", "Chữ ký số không hợp lệ"
    DUPLICATE = "duplicate", "Trùng số văn bản đã nhận"
    RECIPIENT = "recipient", "Không có đơn vị nhận"
    TRAIL = "trail", "Nhật ký chuyển hồ sơ bị thay đổi"
    CAMPAIGN = "campaign", "Phong trào không có hoặc không nhận hồ sơ"
    PROPOSAL = "proposal", "Hồ sơ đề nghị không khớp với hệ thống nhận"
