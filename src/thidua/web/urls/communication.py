"""Communication (truyền thông): stories, news, proposals of cases, inbox and sent
documents."""

from django.urls import path

from thidua.web import views_communication as vcm

urlpatterns = [
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
