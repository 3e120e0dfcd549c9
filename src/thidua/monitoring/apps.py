from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "thidua.monitoring"
    label = "monitoring"
    verbose_name = "Theo dõi, đôn đốc"

    def ready(self) -> None:
        # E-mail preferences apply to every notification, whoever sends it: core calls the
        # filters it was given (core must not import this app).
        from thidua.core import services as core_services
        from thidua.monitoring.services import email_recipients_filter

        if email_recipients_filter not in core_services.EMAIL_RECIPIENT_FILTERS:
            core_services.EMAIL_RECIPIENT_FILTERS.append(email_recipients_filter)
        # `thidua worker` runs the jobs listed in its JOBS: add the reminder rules and the
        # background jobs (each safe to run from several workers at once).
        from thidua.campaigns.management.commands import worker
        from thidua.monitoring.services import worker_jobs

        for job in worker_jobs():
            if job[0] not in {name for name, _ in worker.JOBS}:
                worker.JOBS.append(job)
