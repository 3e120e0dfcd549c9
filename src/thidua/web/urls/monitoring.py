"""Monitoring (theo dõi, đôn đốc): dashboard, reminders, exports, report, jobs,
preferences."""

from django.urls import path

from thidua.web import views_monitoring as vm

urlpatterns = [
    path("theo-doi/", vm.index, name="monitoring_index"),
    path("phong-trao/<int:pk>/bang-dieu-khien/", vm.dashboard, name="monitoring_dashboard"),
    path(
        "phong-trao/<int:pk>/bang-dieu-khien/don-vi.xlsx",
        vm.dashboard_export,
        name="monitoring_export",
    ),
    path(
        "phong-trao/<int:pk>/bang-dieu-khien/nhac/", vm.dashboard_remind, name="monitoring_remind"
    ),
    path("phong-trao/<int:pk>/nhac-han/", vm.reminders, name="monitoring_reminders"),
    path(
        "phong-trao/<int:pk>/nhac-han/<int:rule_pk>/<str:action>/",
        vm.reminder_rule_action,
        name="monitoring_rule",
    ),
    path("phong-trao/<int:pk>/theo-doi/loc.xlsx", vm.board_export, name="monitoring_board_export"),
    path(
        "phong-trao/<int:pk>/ung-vien/xuat.xlsx",
        vm.nominees_export,
        name="monitoring_nominees_export",
    ),
    path(
        "phong-trao/<int:pk>/bao-cao-tong-ket.<str:fmt>",
        vm.summary_report,
        name="monitoring_summary",
    ),
    path("phong-trao/<int:pk>/viec/", vm.job_start, name="monitoring_job"),
    path("viec/", vm.job_list, name="job_list"),
    path("viec/<int:pk>/", vm.job_detail, name="job_detail"),
    path("viec/<int:pk>/tep/<int:n>/", vm.job_file, name="job_file"),
    path("thong-bao/lua-chon/", vm.preferences, name="notification_preferences"),
]
