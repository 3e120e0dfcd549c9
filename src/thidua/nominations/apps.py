from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "thidua.nominations"
    verbose_name = "Đề nghị khen thưởng"
