"""Internal approval of dossiers (duyệt hồ sơ nội bộ) and the signed-in person's work list."""

from django.urls import path

from thidua.web import views_approvals as va

urlpatterns = [
    path("viec-cua-toi/", va.my_work, name="my_work"),
    path("duyet-ho-so/<int:pk>/", va.dossier, name="approval_dossier"),
    path("cau-hinh/quy-trinh-duyet/", va.chain_config, name="approval_chain"),
]
