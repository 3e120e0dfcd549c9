from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "thidua.indicators"
    label = "indicators"
    verbose_name = "Chỉ số CCHC, nhiệm vụ CCHC, xếp loại và kỷ luật"
