from django.db import models


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", "Cụm thi đua"
    BLOCK = "block", "Khối thi đua"
