"""Nominations (đề nghị khen thưởng)."""

from django.urls import path

from thidua.web import views_chain as vc
from thidua.web import views_nominations as vn
from thidua.web import views_signed as vs

urlpatterns = [
    path("phong-trao/<int:pk>/de-nghi/", vn.proposal_start, name="proposal_start"),
    path("phong-trao/<int:pk>/ung-vien/", vn.nominee_list, name="nominee_list"),
    path("de-nghi/<int:pk>/", vn.proposal_detail, name="proposal_detail"),
    path("de-nghi/<int:pk>/to-trinh/lap/", vs.letter_issue, name="proposal_letter_issue"),
    path("de-nghi/<int:pk>/to-trinh/ky-so/", vs.letter_sign, name="proposal_letter_sign"),
    path("de-nghi/<int:pk>/to-trinh/da-lap.pdf", vs.letter_file, name="proposal_letter_file"),
    path("de-nghi/ung-vien/<int:pk>/", vn.nominee_detail, name="nominee_detail"),
    path("de-nghi/tai-lieu/<int:pk>/", vn.document_download, name="proposal_document"),
    path("de-nghi/minh-chung/<int:pk>/", vn.evidence_download, name="proposal_evidence"),
    # The upward chain: send up, the higher level's inbox, the trail.
    path("phong-trao/<int:pk>/gui-cap-tren/", vc.campaign_forward, name="campaign_forward"),
    path("ho-so-cap-duoi/", vc.received_proposals, name="received_proposals"),
    path("de-nghi/<int:pk>/nhat-ky/", vc.proposal_trail, name="proposal_trail"),
    path(
        "de-nghi/<int:pk>/tieu-chi-cap-tren/",
        vc.proposal_higher_criteria,
        name="proposal_higher_criteria",
    ),
]
