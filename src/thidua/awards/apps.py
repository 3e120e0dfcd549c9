from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    verbose_name = "Khen thưởng: quyết định, tiền thưởng, giấy khen"

    def ready(self) -> None:
        from thidua.awards.legal import launch_check
        from thidua.campaigns import services as campaign_services

        if launch_check not in campaign_services.PUBLISH_CHECKS:
            campaign_services.PUBLISH_CHECKS.append(launch_check)
