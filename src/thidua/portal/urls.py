from django.urls import path

from thidua.portal import views

app_name = "portal"

urlpatterns = [
    path("xac-thuc/", views.verify_form, name="verify_form"),
    path("xac-thuc/<str:code>", views.verify, name="verify"),
]
