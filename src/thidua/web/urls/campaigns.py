"""Campaigns (phong trào thi đua)."""

from django.urls import path

from thidua.web import views_campaigns as vc

urlpatterns = [
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
]
