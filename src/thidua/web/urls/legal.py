"""Configuration of the legal and council side (Cấu hình › Khen thưởng)."""

from django.urls import path

from thidua.web import views_legal as vl

urlpatterns = [
    path("cau-hinh/khen-thuong/", vl.index, name="config_legal"),
    path("cau-hinh/hoi-dong/", vl.councils, name="config_councils"),
    path("cau-hinh/hoi-dong/<int:pk>/", vl.council, name="config_council"),
    path("cau-hinh/hoi-dong/<int:pk>/thanh-vien/", vl.member_add, name="config_member_add"),
    path(
        "cau-hinh/hoi-dong/<int:pk>/thanh-vien/<int:member_pk>/",
        vl.member,
        name="config_member",
    ),
    path(
        "cau-hinh/hoi-dong/<int:pk>/thanh-vien/<int:member_pk>/xoa/",
        vl.member_remove,
        name="config_member_remove",
    ),
    path("cau-hinh/quy-tac-xet-chon/", vl.pass_rules, name="config_pass_rules"),
    path("cau-hinh/quy-tac-xet-chon/<int:pk>/", vl.pass_rule, name="config_pass_rule"),
    path(
        "cau-hinh/quy-tac-xet-chon/<int:pk>/xoa/",
        vl.pass_rule_delete,
        name="config_pass_rule_delete",
    ),
    path("cau-hinh/van-ban-muc-thuong/", vl.rule_sets, name="config_rule_sets"),
    path("cau-hinh/van-ban-muc-thuong/<int:pk>/", vl.rule_set, name="config_rule_set"),
    path(
        "cau-hinh/van-ban-muc-thuong/<int:pk>/he-so/",
        vl.coefficient_add,
        name="config_coefficient_add",
    ),
    path(
        "cau-hinh/van-ban-muc-thuong/<int:pk>/he-so/<int:item_pk>/",
        vl.coefficient,
        name="config_coefficient",
    ),
    path(
        "cau-hinh/van-ban-muc-thuong/<int:pk>/he-so/<int:item_pk>/xoa/",
        vl.coefficient_delete,
        name="config_coefficient_delete",
    ),
    path("cau-hinh/luong-co-so/", vl.base_salaries, name="config_base_salaries"),
    path("cau-hinh/luong-co-so/<int:pk>/", vl.base_salary, name="config_base_salary"),
    path("cau-hinh/mau-can-cu/", vl.bases, name="config_bases"),
    path("cau-hinh/mau-can-cu/<int:pk>/", vl.basis, name="config_basis"),
]
