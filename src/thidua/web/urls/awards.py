"""Awards: decisions, certificates, fund (quyết định khen thưởng, giấy khen, quỹ)."""

from django.urls import path

from thidua.web import views_awards as va

urlpatterns = [
    path("quyet-dinh/", va.decision_list, name="decision_list"),
    path(
        "phong-trao/<int:campaign_pk>/quyet-dinh/them/", va.decision_create, name="decision_create"
    ),
    path("quyet-dinh/<int:pk>/", va.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/sua/", va.decision_edit, name="decision_edit"),
    path("quyet-dinh/<int:pk>/ban-hanh/", va.decision_issue, name="decision_issue"),
    path("quyet-dinh/<int:pk>/ky-so/", va.decision_sign, name="decision_sign"),
    path("chu-ky-so/", va.signing_credential, name="signing_credential"),
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
    path(
        "quyet-dinh/<int:pk>/giay-khen/<int:cert_pk>/cap-lai/",
        va.certificate_reissue,
        name="certificate_reissue",
    ),
    path(
        "quyet-dinh/<int:pk>/khen-thuong/<int:award_pk>/huy-bo/",
        va.award_annul,
        name="award_annul",
    ),
    path("huy-bo-khen-thuong/", va.annulment_list, name="annulment_list"),
    path("huy-bo-khen-thuong/<int:pk>/", va.annulment_detail, name="annulment_detail"),
    path("quy-thi-dua/", va.fund_list, name="fund_list"),
    path("giay-khen/can-chinh/", va.print_layout, name="print_layout"),
    path("giay-khen/can-chinh/trang-thu.pdf", va.print_test_page, name="print_test_page"),
]
