"""Routes of the public portal pages (communication issue); appended to portal/urls.py."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from thidua.portal import views_open_data as od
from thidua.portal import views_participation as vp
from thidua.portal import views_public as v
from thidua.portal.sitemaps import SITEMAPS

urlpatterns = [
    path("cong-thong-tin/", v.portal_home, name="home"),
    path("gioi-thieu/", v.about, name="about"),
    path("phong-trao-thi-dua/", v.campaign_list, name="campaigns"),
    path("phong-trao-thi-dua/<int:pk>/", v.campaign_detail, name="campaign"),
    path("phong-trao-thi-dua/<int:pk>/ke-hoach.pdf", v.campaign_plan_pdf, name="plan_pdf"),
    path("ket-qua/", v.result_list, name="results"),
    path("ket-qua/<int:pk>/", v.result_detail, name="result"),
    path("ket-qua/quyet-dinh/<int:pk>.pdf", v.decision_pdf, name="decision_pdf"),
    path("guong-dien-hinh/", v.story_list, name="stories"),
    path("guong-dien-hinh/<str:slug>", v.story_detail, name="story"),
    path("tin-tuc/", v.news_list, name="news_list"),
    path("tin-tuc/<str:slug>", v.news_detail, name="news"),
    path("anh/<int:pk>.<str:ext>", v.photo, name="photo"),
    path("tin-moi.atom", v.feed, name="feed"),
    path("cong-khai/", vp.disclosures, name="disclosures"),
    path("cong-khai/y-kien/<int:pk>/", vp.disclosure_comment, name="disclosure_comment"),
    path("de-xuat-khen-thuong/", vp.citizen_propose, name="citizen_propose"),
    path("de-xuat-khen-thuong/<str:code>/", vp.citizen_status, name="citizen_status"),
    path("du-lieu-mo/", od.open_data, name="open_data"),
    path("du-lieu-mo/<int:year>/khen-thuong.<str:fmt>", od.open_data_file, name="open_data_file"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "portal/sitemap.xml"},
        name="sitemap",
    ),
]
