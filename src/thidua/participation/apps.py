from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "thidua.participation"
    verbose_name = "Lấy ý kiến, đề xuất của nhân dân"
