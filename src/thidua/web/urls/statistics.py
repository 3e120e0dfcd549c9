"""Statutory statistics (báo cáo thống kê) and the cadre-database export."""

from django.urls import path

from thidua.web import views_statistics as vs

urlpatterns = [
    path("thong-ke/", vs.statistics_index, name="statistics_index"),
    path("thong-ke/bao-cao.<str:fmt>", vs.statistics_download, name="statistics_download"),
]
