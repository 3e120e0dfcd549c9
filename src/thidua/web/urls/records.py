"""Records: the initiatives register (sáng kiến)."""

from django.urls import path

from thidua.web import views_records as vr

urlpatterns = [
    path("sang-kien/", vr.initiative_list, name="initiative_list"),
    path("sang-kien/them/", vr.initiative_create, name="initiative_create"),
    path("sang-kien/<int:pk>/sua/", vr.initiative_edit, name="initiative_edit"),
    path("sang-kien/<int:pk>/xoa/", vr.initiative_delete, name="initiative_delete"),
]
