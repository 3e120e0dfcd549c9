from django.urls import path

from thidua.web import views
from thidua.web import views_awards as va
from thidua.web import views_campaigns as vc
from thidua.web import views_communication as vcm
from thidua.web import views_council as vco
from thidua.web import views_indicators as vi
from thidua.web import views_monitoring as vm
from thidua.web import views_nominations as vn

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("tim-kiem/", views.search, name="search"),
    path("don-vi/", views.unit_tree, name="unit_tree"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("ca-nhan/", views.person_list, name="person_list"),
    path("ca-nhan/them/", views.person_create, name="person_create"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("nhap-du-lieu/", views.import_page, name="import"),
    path("nhap-du-lieu/mau/<str:kind>.xlsx", views.import_template, name="import_template"),
    path("xuat/ca-nhan.xlsx", views.export_people, name="export_people"),
    path("xuat/don-vi.xlsx", views.export_units, name="export_units"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("tai-khoan-bi-khoa/", views.locked_logins, name="locked_logins"),
    path(
        "tai-khoan-bi-khoa/<int:pk>/mo-khoa/",
        views.locked_login_unlock,
        name="locked_login_unlock",
    ),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/da-doc/", views.notification_read, name="notifications_read"),
    # Campaigns (phong trào thi đua)
    path("phong-trao/", vc.campaign_list, name="campaign_list"),
    path("phong-trao/them/", vc.campaign_create, name="campaign_create"),
    path("phong-trao/<int:pk>/", vc.campaign_detail, name="campaign_detail"),
    path("phong-trao/<int:pk>/sua/", vc.campaign_edit, name="campaign_edit"),
    path(
        "phong-trao/<int:parent_pk>/phat-dong-cap-duoi/",
        vc.campaign_create_sub,
        name="campaign_create_sub",
    ),
    path(
        "phong-trao/<int:pk>/don-vi-tham-gia/",
        vc.campaign_participants,
        name="campaign_participants",
    ),
    path("phong-trao/<int:pk>/giai-doan/", vc.campaign_phase, name="campaign_phase"),
    path("phong-trao/<int:pk>/tieu-chi/", vc.campaign_criterion_add, name="campaign_criterion_add"),
    path(
        "phong-trao/<int:pk>/tieu-chi/<int:item_pk>/xoa/",
        vc.campaign_criterion_remove,
        name="campaign_criterion_remove",
    ),
    path(
        "phong-trao/<int:pk>/hinh-thuc-khen-thuong/",
        vc.campaign_award_add,
        name="campaign_award_add",
    ),
    path(
        "phong-trao/<int:pk>/hinh-thuc-khen-thuong/<int:item_pk>/xoa/",
        vc.campaign_award_remove,
        name="campaign_award_remove",
    ),
    path(
        "phong-trao/<int:pk>/phan-cong/", vc.campaign_assignment_add, name="campaign_assignment_add"
    ),
    path(
        "phong-trao/<int:pk>/phan-cong/<int:item_pk>/xoa/",
        vc.campaign_assignment_remove,
        name="campaign_assignment_remove",
    ),
    path(
        "phong-trao/<int:pk>/chuyen-trang-thai/",
        vc.campaign_transition,
        name="campaign_transition",
    ),
    path("phong-trao/<int:pk>/nhan-ban/", vc.campaign_clone, name="campaign_clone"),
    path("phong-trao/<int:pk>/ke-hoach.<str:fmt>", vc.campaign_plan, name="campaign_plan"),
    path("phong-trao/<int:pk>/dang-ky/", vc.campaign_register, name="campaign_register"),
    path(
        "phong-trao/<int:pk>/dang-ky/<int:reg_pk>/ke-hoach",
        vc.registration_plan,
        name="campaign_registration_plan",
    ),
    path("phong-trao/<int:pk>/theo-doi/", vc.campaign_board, name="campaign_board"),
    path(
        "phong-trao/<int:pk>/theo-doi.xlsx",
        vc.campaign_board_export,
        name="campaign_board_export",
    ),
    # Nominations (đề nghị khen thưởng)
    path("phong-trao/<int:pk>/de-nghi/", vn.proposal_start, name="proposal_start"),
    path("phong-trao/<int:pk>/ung-vien/", vn.nominee_list, name="nominee_list"),
    path("de-nghi/<int:pk>/", vn.proposal_detail, name="proposal_detail"),
    path("de-nghi/ung-vien/<int:pk>/", vn.nominee_detail, name="nominee_detail"),
    path("de-nghi/tai-lieu/<int:pk>/", vn.document_download, name="proposal_document"),
    path("de-nghi/minh-chung/<int:pk>/", vn.evidence_download, name="proposal_evidence"),
    # Indicators (chỉ số CCHC), CCHC tasks, staff ratings and discipline
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
    # Council (Hội đồng Thi đua – Khen thưởng)
    path("hoi-dong/", vco.session_list, name="council_sessions"),
    path("hoi-dong/<int:pk>/", vco.session_detail, name="council_session"),
    path("hoi-dong/<int:pk>/tien-do/", vco.session_progress, name="council_progress"),
    path("hoi-dong/<int:pk>/bo-phieu/", vco.ballot, name="council_ballot"),
    path("hoi-dong/<int:pk>/ket-qua/", vco.results, name="council_results"),
    path("hoi-dong/<int:pk>/noi-dung/", vco.session_agenda, name="council_agenda"),
    path("hoi-dong/<int:pk>/diem-danh/", vco.session_attendance, name="council_attendance"),
    path("hoi-dong/<int:pk>/thao-tac/<str:action>/", vco.session_action, name="council_action"),
    path("hoi-dong/<int:pk>/phieu-giay/<int:form_pk>/", vco.session_paper, name="council_paper"),
    path("hoi-dong/<int:pk>/phieu-van-ban/", vco.session_written, name="council_written"),
    path("hoi-dong/<int:pk>/bang-phieu/<int:form_pk>/", vco.session_tie, name="council_tie"),
    path("hoi-dong/<int:pk>/<str:kind>.<str:fmt>", vco.minutes, name="council_minutes"),
    # Awards: decisions, certificates, fund (quyết định khen thưởng, giấy khen, quỹ)
    path("quyet-dinh/", va.decision_list, name="decision_list"),
    path(
        "phong-trao/<int:campaign_pk>/quyet-dinh/them/", va.decision_create, name="decision_create"
    ),
    path("quyet-dinh/<int:pk>/", va.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/sua/", va.decision_edit, name="decision_edit"),
    path("quyet-dinh/<int:pk>/ban-hanh/", va.decision_issue, name="decision_issue"),
    path("quyet-dinh/<int:pk>/quyet-dinh.<str:fmt>", va.decision_file, name="decision_file"),
    path("quyet-dinh/<int:pk>/chi-thuong.xlsx", va.decision_payments, name="decision_payments"),
    path("quyet-dinh/<int:pk>/giay-khen/in/", va.certificate_print, name="certificate_print"),
    path(
        "quyet-dinh/<int:pk>/giay-khen/in/<int:batch_pk>/",
        va.certificate_batch_status,
        name="certificate_batch_status",
    ),
    path(
        "quyet-dinh/<int:pk>/giay-khen/in/<int:batch_pk>/tep.pdf",
        va.certificate_batch_file,
        name="certificate_batch_file",
    ),
    path(
        "quyet-dinh/<int:pk>/giay-khen/<int:cert_pk>.pdf",
        va.certificate_file,
        name="certificate_file",
    ),
    path(
        "quyet-dinh/<int:pk>/giay-khen/<int:cert_pk>/thu-hoi/",
        va.certificate_revoke,
        name="certificate_revoke",
    ),
    path("quy-thi-dua/", va.fund_list, name="fund_list"),
    path("giay-khen/can-chinh/", va.print_layout, name="print_layout"),
    path("giay-khen/can-chinh/trang-thu.pdf", va.print_test_page, name="print_test_page"),
    # Monitoring (theo dõi, đôn đốc): dashboard, reminders, exports, report, jobs, preferences
    path("theo-doi/", vm.index, name="monitoring_index"),
    path("phong-trao/<int:pk>/bang-dieu-khien/", vm.dashboard, name="monitoring_dashboard"),
    path(
        "phong-trao/<int:pk>/bang-dieu-khien/don-vi.xlsx",
        vm.dashboard_export,
        name="monitoring_export",
    ),
    path(
        "phong-trao/<int:pk>/bang-dieu-khien/nhac/", vm.dashboard_remind, name="monitoring_remind"
    ),
    path("phong-trao/<int:pk>/nhac-han/", vm.reminders, name="monitoring_reminders"),
    path(
        "phong-trao/<int:pk>/nhac-han/<int:rule_pk>/<str:action>/",
        vm.reminder_rule_action,
        name="monitoring_rule",
    ),
    path("phong-trao/<int:pk>/theo-doi/loc.xlsx", vm.board_export, name="monitoring_board_export"),
    path(
        "phong-trao/<int:pk>/ung-vien/xuat.xlsx",
        vm.nominees_export,
        name="monitoring_nominees_export",
    ),
    path(
        "phong-trao/<int:pk>/bao-cao-tong-ket.<str:fmt>",
        vm.summary_report,
        name="monitoring_summary",
    ),
    path("phong-trao/<int:pk>/viec/", vm.job_start, name="monitoring_job"),
    path("viec/", vm.job_list, name="job_list"),
    path("viec/<int:pk>/", vm.job_detail, name="job_detail"),
    path("viec/<int:pk>/tep/<int:n>/", vm.job_file, name="job_file"),
    path("thong-bao/lua-chon/", vm.preferences, name="notification_preferences"),
    # Communication (truyền thông): stories, news, proposals of cases, inbox and sent documents
    path("truyen-thong/", vcm.article_list, name="communication_articles"),
    path(
        "truyen-thong/bai-viet/them/<str:kind_slug>/",
        vcm.article_create,
        name="communication_article_create",
    ),
    path("truyen-thong/bai-viet/<int:pk>/", vcm.article_detail, name="communication_article"),
    path(
        "truyen-thong/bai-viet/<int:pk>/sua/", vcm.article_edit, name="communication_article_edit"
    ),
    path(
        "truyen-thong/bai-viet/<int:pk>/anh/", vcm.photo_upload, name="communication_photo_upload"
    ),
    path(
        "truyen-thong/bai-viet/<int:pk>/<str:action>/",
        vcm.article_action,
        name="communication_article_action",
    ),
    path("truyen-thong/anh/<int:pk>", vcm.photo_view, name="communication_photo"),
    path("truyen-thong/anh/<int:pk>/xoa/", vcm.photo_remove, name="communication_photo_remove"),
    path("truyen-thong/de-xuat/", vcm.case_list, name="communication_cases"),
    path("truyen-thong/de-xuat/<int:pk>/", vcm.case_detail, name="communication_case"),
    path(
        "truyen-thong/de-xuat/<int:pk>/<str:action>/",
        vcm.case_action,
        name="communication_case_action",
    ),
    path("truyen-thong/gioi-thieu/", vcm.profile_edit, name="communication_profile"),
    path("van-ban-den/", vcm.inbox, name="communication_inbox"),
    path("van-ban-den/<int:pk>/", vcm.inbox_open, name="communication_inbox_open"),
    path("van-ban-den/<int:pk>/tep", vcm.inbox_file, name="communication_inbox_file"),
    path("van-ban-di/", vcm.sent_list, name="communication_sent"),
    path("van-ban-di/gui-ke-hoach/", vcm.send_plan, name="communication_send_plan"),
    path("van-ban-di/gui-quyet-dinh/", vcm.send_decision, name="communication_send_decision"),
    path("van-ban-di/<int:pk>/", vcm.sent_detail, name="communication_sent_detail"),
    path("van-ban-di/<int:pk>/tep", vcm.sent_file, name="communication_sent_file"),
]
