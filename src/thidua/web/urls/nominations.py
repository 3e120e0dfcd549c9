"""Nominations (đề nghị khen thưởng)."""

from django.urls import path

from thidua.web import views_nominations as vn

urlpatterns = [
    path("phong-trao/<int:pk>/de-nghi/", vn.proposal_start, name="proposal_start"),
    path("phong-trao/<int:pk>/ung-vien/", vn.nominee_list, name="nominee_list"),
    path("de-nghi/<int:pk>/", vn.proposal_detail, name="proposal_detail"),
    path("de-nghi/ung-vien/<int:pk>/", vn.nominee_detail, name="nominee_detail"),
    path("de-nghi/tai-lieu/<int:pk>/", vn.document_download, name="proposal_document"),
    path("de-nghi/minh-chung/<int:pk>/", vn.evidence_download, name="proposal_evidence"),
]
