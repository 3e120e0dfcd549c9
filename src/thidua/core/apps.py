from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = "Hệ thống"

    def ready(self):
        from thidua.core import logins

        logins.connect()
