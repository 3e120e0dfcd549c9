from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "thidua.monitoring"
    label = "monitoring"
    verbose_name = "Theo dõi, đôn đốc"

    def ready(self) -> None:
        # E-mail preferences apply to every notification, whoever sends it: core calls the
        # filters it was given (core must not import this app).
        from django.db.models.signals import post_save

        # In ready(): models (AuditLog) may be imported only once the app registry is loaded.
        from thidua.core import services as core_services
        from thidua.core.models import AuditLog
        from thidua.monitoring.figures_cache import invalidate_after_commit
        from thidua.monitoring.services import email_recipients_filter

        # Every audited change invalidates the shared dashboard figures once it commits.
        post_save.connect(invalidate_after_commit, sender=AuditLog, dispatch_uid="figures")

        if email_recipients_filter not in core_services.EMAIL_RECIPIENT_FILTERS:
            core_services.EMAIL_RECIPIENT_FILTERS.append(email_recipients_filter)
