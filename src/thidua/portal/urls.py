from django.urls import path

from thidua.portal import views

app_name = "portal"

urlpatterns = [
    path("xac-thuc/", views.verify_form, name="verify_form"),
    path("xac-thuc/khoa-cong-khai.json", views.public_keys, name="public_keys"),
    path("xac-thuc/thu-hoi.json", views.revocations, name="revocations"),
    path("xac-thuc/ngoai-tuyen.html", views.verify_offline, name="verify_offline"),
    path("xac-thuc/<str:code>/kiem-tra-tep", views.verify_file, name="verify_file"),
    path("xac-thuc/<str:code>", views.verify, name="verify"),
]

# Public portal pages: home, issuing body, campaigns, results, stories, news, feed, sitemap
# (communication issue; routes in portal/urls_public.py).
from thidua.portal.urls_public import urlpatterns as _public_pages  # noqa: E402

urlpatterns += _public_pages
