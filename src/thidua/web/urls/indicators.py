"""Indicators (chỉ số CCHC), CCHC tasks, staff ratings and discipline."""

from django.urls import path

from thidua.web import views_indicators as vi

urlpatterns = [
    path("chi-so/", vi.framework_list, name="indicator_frameworks"),
    path("chi-so/them/", vi.framework_create, name="indicator_framework_create"),
    path("chi-so/<int:pk>/", vi.framework_detail, name="indicator_framework"),
    path("chi-so/<int:pk>/tieu-chi/", vi.framework_node_add, name="indicator_node_add"),
    path(
        "chi-so/<int:pk>/tieu-chi/<int:node_pk>/xoa/",
        vi.framework_node_remove,
        name="indicator_node_remove",
    ),
    path("chi-so/<int:pk>/xep-loai/", vi.framework_bands, name="indicator_bands"),
    path("chi-so/<int:pk>/dua-vao-cham-diem/", vi.framework_open, name="indicator_open"),
    path("chi-so/<int:pk>/sao-chep/", vi.framework_copy, name="indicator_copy"),
    path("chi-so/<int:pk>/han-tu-cham/", vi.framework_deadline, name="indicator_deadline"),
    path("chi-so/<int:pk>/cong-bo/", vi.framework_publish, name="indicator_publish"),
    path("chi-so/<int:pk>/giao-chi-so/", vi.framework_assign, name="indicator_assign"),
    path(
        "chi-so/<int:pk>/giao-chi-so/<int:item_pk>/xoa/",
        vi.framework_unassign,
        name="indicator_unassign",
    ),
    path("chi-so/<int:pk>/cho-ket-qua/", vi.framework_wait, name="indicator_wait"),
    path("chi-so/<int:pk>/nhap-ket-qua/", vi.framework_import, name="indicator_import"),
    path("chi-so/<int:pk>/nhap-cau-truc/", vi.framework_tree_import, name="indicator_tree_import"),
    path("chi-so/mau-cau-truc.xlsx", vi.tree_template, name="indicator_tree_template"),
    path(
        "chi-so/<int:pk>/mau-nhap-ket-qua.xlsx",
        vi.framework_template,
        name="indicator_import_template",
    ),
    path("chi-so/cham-diem/<int:pk>/", vi.assessment_detail, name="indicator_assessment"),
    path(
        "chi-so/cham-diem/<int:pk>/tieu-chi/<int:node_pk>/",
        vi.assessment_score,
        name="indicator_score",
    ),
    path("chi-so/cham-diem/<int:pk>/gui/", vi.assessment_submit, name="indicator_submit"),
    path("chi-so/cham-diem/<int:pk>/tham-dinh/", vi.assessment_appraise, name="indicator_appraise"),
    path("chi-so/cham-diem/<int:pk>/tra-lai/", vi.assessment_return, name="indicator_return"),
    path("chi-so/tai-lieu/<int:pk>/", vi.evidence_download, name="indicator_evidence"),
    path("chi-so/tai-lieu/<int:pk>/xoa/", vi.evidence_remove, name="indicator_evidence_remove"),
    path("nhiem-vu-cchc/", vi.task_list, name="indicator_tasks"),
    path("nhiem-vu-cchc/<int:pk>/", vi.task_detail, name="indicator_task"),
    path("nhiem-vu-cchc/<int:pk>/xac-nhan/", vi.task_confirm, name="indicator_task_confirm"),
    path("nhiem-vu-cchc/<int:pk>/tra-lai/", vi.task_reject, name="indicator_task_reject"),
    path(
        "nhiem-vu-cchc/<int:pk>/tai-lieu/<int:report_pk>/",
        vi.task_evidence,
        name="indicator_task_evidence",
    ),
    path("xep-loai-ky-luat/", vi.staff_records, name="indicator_staff"),
    path(
        "xep-loai-ky-luat/mau/<str:kind>.xlsx", vi.staff_template, name="indicator_staff_template"
    ),
    path("xep-loai-ky-luat/ca-nhan/<int:pk>/", vi.person_records, name="indicator_person"),
    path(
        "xep-loai-ky-luat/ky-luat/<int:pk>/xoa/",
        vi.discipline_remove,
        name="indicator_discipline_remove",
    ),
]
