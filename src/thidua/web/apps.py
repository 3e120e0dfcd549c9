from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "thidua.web"
    label = "web"
    verbose_name = "Giao diện nghiệp vụ"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from thidua.web import twofactor

        user_logged_in.connect(twofactor.on_logged_in, dispatch_uid="thidua.two_factor_state")
