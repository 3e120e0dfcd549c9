"""Home, health, search, audit log, locked logins, notifications."""

from django.urls import path

from thidua.web import views, views_calendar

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("tim-kiem/", views.search, name="search"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("tai-khoan-bi-khoa/", views.locked_logins, name="locked_logins"),
    path(
        "tai-khoan-bi-khoa/<int:pk>/mo-khoa/",
        views.locked_login_unlock,
        name="locked_login_unlock",
    ),
    path("lich-nghi/", views_calendar.calendar, name="calendar"),
    path("lich-nghi/<int:pk>/xoa/", views_calendar.holiday_remove, name="holiday_remove"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/da-doc/", views.notification_read, name="notifications_read"),
]
