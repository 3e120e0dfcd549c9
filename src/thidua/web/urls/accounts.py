"""Accounts and roles (tài khoản, phân quyền): the back office's replacement for /admin/."""

from django.urls import path

from thidua.web import twofactor as v2f
from thidua.web import views_accounts as va

urlpatterns = [
    # Two-factor login (web/twofactor.py)
    path("dang-nhap/xac-thuc/", v2f.two_factor_verify, name="two_factor_verify"),
    path("tai-khoan/xac-thuc-hai-buoc/", v2f.two_factor_setup, name="two_factor_setup"),
    path("quan-tri/xac-thuc-hai-buoc/", v2f.two_factor_accounts, name="two_factor_accounts"),
    path(
        "quan-tri/xac-thuc-hai-buoc/<int:pk>/dat-lai/",
        v2f.two_factor_reset,
        name="two_factor_reset",
    ),
    path("tai-khoan/", va.account_list, name="account_list"),
    path("tai-khoan/moi/", va.account_invite, name="account_invite"),
    path("tai-khoan/<int:pk>/", va.account_detail, name="account_detail"),
    path(
        "tai-khoan/<int:pk>/lien-ket-mat-khau/",
        va.account_password_link,
        name="account_password_link",
    ),
    path("tai-khoan/<int:pk>/khoa/", va.account_deactivate, name="account_deactivate"),
    path("tai-khoan/<int:pk>/mo-lai/", va.account_activate, name="account_activate"),
    path("tai-khoan/<int:pk>/vai-tro/", va.account_role_grant, name="account_role_grant"),
    path(
        "tai-khoan/<int:pk>/vai-tro/<int:role_pk>/bo/",
        va.account_role_revoke,
        name="account_role_revoke",
    ),
]
