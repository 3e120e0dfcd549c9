from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "thidua.monitoring"
    label = "monitoring"
    verbose_name = "Theo dõi, đôn đốc"

    def ready(self) -> None:
        # E-mail preferences apply to every notification, whoever sends it: core calls the
        # filters it was given (core must not import this app).
        # In ready(): models may be imported only once the app registry is loaded.
        from thidua.core import services as core_services
        from thidua.monitoring.services import email_recipients_filter

        if email_recipients_filter not in core_services.EMAIL_RECIPIENT_FILTERS:
            core_services.EMAIL_RECIPIENT_FILTERS.append(email_recipients_filter)
