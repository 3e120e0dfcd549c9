from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "thidua.distribution"
    label = "distribution"
    verbose_name = "Gửi, nhận văn bản"
