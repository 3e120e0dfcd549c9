"""The public's part: disclosure of lists before the council, comments, citizens' proposals."""

from django.urls import path

from thidua.web import views_participation as vp

urlpatterns = [
    path("cong-khai-danh-sach/", vp.disclosure_list, name="disclosures"),
    path("cong-khai-danh-sach/<int:pk>/", vp.disclosure_detail, name="disclosure"),
    path(
        "cong-khai-danh-sach/y-kien/<int:pk>/<str:action>/",
        vp.comment_moderate,
        name="comment_moderate",
    ),
    path("de-xuat-cua-nhan-dan/", vp.citizen_list, name="citizen_proposals"),
    path("de-xuat-cua-nhan-dan/<int:pk>/", vp.citizen_detail, name="citizen_proposal"),
    path("de-xuat-cua-nhan-dan/<int:pk>/tra-loi/", vp.citizen_answer, name="citizen_answer"),
    path("de-xuat-cua-nhan-dan/<int:pk>/chuyen/", vp.citizen_convert, name="citizen_convert"),
    path("de-xuat-cua-nhan-dan/minh-chung/<int:pk>", vp.citizen_evidence, name="citizen_evidence"),
]
