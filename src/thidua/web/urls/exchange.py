"""Exchange with other systems (liên thông văn bản, edXML)."""

from django.urls import path

from thidua.web import views_exchange as vx

urlpatterns = [
    path("lien-thong/", vx.exchange_home, name="exchange_home"),
    path("lien-thong/nhap/", vx.exchange_import, name="exchange_import"),
    path(
        "quyet-dinh/<int:pk>/lien-thong/", vx.decision_exchange_send, name="decision_exchange_send"
    ),
    path("de-nghi/<int:pk>/goi-ho-so/", vx.proposal_package_export, name="proposal_package_export"),
    path("de-nghi/<int:pk>/lien-thong/", vx.proposal_exchange_send, name="proposal_exchange_send"),
]
