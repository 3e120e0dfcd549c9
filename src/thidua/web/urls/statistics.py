"""Statutory statistics (báo cáo thống kê) and the cadre-database export."""

from django.urls import path

from thidua.web import views_statistics as vs

urlpatterns = [
    path("thong-ke/", vs.statistics_index, name="statistics_index"),
    path("thong-ke/bao-cao.<str:fmt>", vs.statistics_download, name="statistics_download"),
    path("thong-ke/bieu-mau/", vs.stat_forms, name="stat_forms"),
    path("thong-ke/bieu-mau/<int:pk>/", vs.stat_form, name="stat_form"),
    path(
        "thong-ke/bieu-mau/<int:pk>/phien-ban-moi/",
        vs.stat_form_new_version,
        name="stat_form_new_version",
    ),
    path("xuat-csdl-can-bo/", vs.cadre_export, name="cadre_export"),
    path(
        "xuat-csdl-can-bo/ca-nhan/<int:pk>.<str:fmt>",
        vs.cadre_export_person,
        name="cadre_export_person",
    ),
    path(
        "xuat-csdl-can-bo/don-vi/<int:pk>.<str:fmt>", vs.cadre_export_unit, name="cadre_export_unit"
    ),
]
