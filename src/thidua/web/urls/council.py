"""Council (Hội đồng Thi đua – Khen thưởng)."""

from django.urls import path

from thidua.web import views_council as vco
from thidua.web import views_signed as vmi

urlpatterns = [
    path("hoi-dong/", vco.session_list, name="council_sessions"),
    path("hoi-dong/<int:pk>/", vco.session_detail, name="council_session"),
    path("hoi-dong/<int:pk>/tien-do/", vco.session_progress, name="council_progress"),
    path("hoi-dong/<int:pk>/bo-phieu/", vco.ballot, name="council_ballot"),
    path("hoi-dong/<int:pk>/ket-qua/", vco.results, name="council_results"),
    path("hoi-dong/<int:pk>/noi-dung/", vco.session_agenda, name="council_agenda"),
    path("hoi-dong/<int:pk>/diem-danh/", vco.session_attendance, name="council_attendance"),
    path("hoi-dong/<int:pk>/thao-tac/<str:action>/", vco.session_action, name="council_action"),
    path("hoi-dong/<int:pk>/ket-thuc-bo-phieu/", vco.session_close, name="council_close"),
    path("hoi-dong/<int:pk>/phieu-giay/<int:form_pk>/", vco.session_paper, name="council_paper"),
    path("hoi-dong/<int:pk>/phieu-van-ban/", vco.session_written, name="council_written"),
    path("hoi-dong/<int:pk>/bang-phieu/<int:form_pk>/", vco.session_tie, name="council_tie"),
    path("hoi-dong/<int:pk>/bien-ban/phat-hanh/", vmi.minutes_issue, name="council_minutes_issue"),
    path("hoi-dong/<int:pk>/bien-ban/ky-so/", vmi.minutes_sign, name="council_minutes_sign"),
    path(
        "hoi-dong/<int:pk>/bien-ban/da-phat-hanh.pdf", vmi.minutes_file, name="council_minutes_file"
    ),
    path("hoi-dong/<int:pk>/<str:kind>.<str:fmt>", vco.minutes, name="council_minutes"),
    path("hoi-dong/thanh-vien/<int:pk>/quan-he/", vco.relations, name="council_relations"),
]
