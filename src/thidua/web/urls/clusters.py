"""Emulation clusters and blocks (cụm, khối thi đua)."""

from django.urls import path

from thidua.web import views_clusters as vc

urlpatterns = [
    path("cum-thi-dua/", vc.cluster_list, name="cluster_list"),
    path("cum-thi-dua/<int:pk>/", vc.cluster_detail, name="cluster_detail"),
    path("cum-thi-dua/<int:pk>/<int:year>/<str:action>/", vc.cluster_action, name="cluster_action"),
    path(
        "cum-thi-dua/<int:pk>/<int:year>/giao-uoc-thi-dua",
        vc.cluster_covenant,
        name="cluster_covenant",
    ),
]
