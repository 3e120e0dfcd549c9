"""Organisation: units, people, Excel import and export (đơn vị, cá nhân)."""

from django.urls import path

from thidua.web import views
from thidua.web import views_unit_history as vh

urlpatterns = [
    path("don-vi/", views.unit_tree, name="unit_tree"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/doi-ten/", vh.unit_rename, name="unit_rename"),
    path("don-vi/<int:pk>/sap-nhap/", vh.unit_merge, name="unit_merge"),
    path("don-vi/<int:pk>/chia-tach/", vh.unit_split, name="unit_split"),
    path("ca-nhan/", views.person_list, name="person_list"),
    path("ca-nhan/them/", views.person_create, name="person_create"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("ca-nhan/<int:pk>/cong-tac/them/", views.service_period_add, name="service_period_add"),
    path("cong-tac/<int:pk>/sua/", views.service_period_edit, name="service_period_edit"),
    path("cong-tac/<int:pk>/xoa/", views.service_period_delete, name="service_period_delete"),
    path("nhap-du-lieu/", views.import_page, name="import"),
    path("nhap-du-lieu/mau/<str:kind>.xlsx", views.import_template, name="import_template"),
    path("xuat/ca-nhan.xlsx", views.export_people, name="export_people"),
    path("xuat/don-vi.xlsx", views.export_units, name="export_units"),
]
