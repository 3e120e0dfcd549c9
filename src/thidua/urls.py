from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from thidua.api.api import api
from thidua.portal import views_public as portal_views
from thidua.web import twofactor as web_twofactor
from thidua.web import views as web_views

admin.site.site_header = "Quản trị hệ thống thi đua – khen thưởng"
admin.site.site_title = "thidua"


def front_page(request):
    """`/`: the public portal for a visitor (results, stories, news, certificate checks), the
    work page for a signed-in user."""
    if request.user.is_authenticated:
        return web_views.home(request)
    return portal_views.home(request)


urlpatterns = [
    path("", front_page, name="front"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path(
        "dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # Every password change is audited (org.services.account_password_set).
    path("mat-khau/", web_twofactor.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    # "Quên mật khẩu": a one-time link by e-mail (Django's token, valid PASSWORD_RESET_TIMEOUT).
    path(
        "quen-mat-khau/",
        auth_views.PasswordResetView.as_view(
            template_name="auth/password_reset_form.html",
            email_template_name="auth/password_reset_email.txt",
            subject_template_name="auth/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="auth/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        web_twofactor.PasswordResetConfirmView.as_view(
            template_name="auth/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="auth/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("", include("thidua.portal.urls")),
    path("", include("thidua.web.urls")),
]

# A failure to reach the database answers 503 (try again), anything else the 500 page.
handler500 = "thidua.web.errors.server_error"
