from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = "Hệ thống"

    def ready(self):
        from django.db.models.signals import post_save

        from thidua.core import logins
        from thidua.core.counts import invalidate_after_commit
        from thidua.core.models import AuditLog

        logins.connect()
        post_save.connect(invalidate_after_commit, sender=AuditLog, dispatch_uid="counts")
