from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "thidua.records"
    label = "records"
    verbose_name = "Quá trình khen thưởng, danh hiệu và sáng kiến"

    def ready(self) -> None:
        from thidua.records import rules  # noqa: F401  (registers the permissions)
