from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "thidua.approvals"
    label = "approvals"
    verbose_name = "Duyệt hồ sơ nội bộ"
