from django.db import models


class DocumentKind(models.TextChoices):
    PLAN = "plan", "Kế hoạch"
    DECISION = "decision", "Quyết định"
    MINUTES = "minutes", "Biên bản"
    OTHER = "other", "Văn bản khác"
