"""The public portal shows only what was published: drafts, articles in review, returned or
withdrawn never appear, by list, slug, feed, sitemap or photo."""

import re

import pytest
from django.test import Client

from tests.communication.conftest import image_upload
from tests.conftest import login
from tests.portal.public_fixtures import hidden_articles, make_article, publish  # noqa: F401
from thidua.communication import services
from thidua.communication.enums import ArticleKind

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"Bí mật|NỘI-DUNG-")


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def story(world, editor, secretariat):
    article = make_article(
        world,
        editor,
        title="Nguyễn Văn Hưởng – Phòng Nội vụ",
        body="<p>Anh <strong>Hưởng</strong> tận tụy.</p>",
        summary="Mười năm một cửa không trễ hẹn.",
    )
    services.photo_add(actor=editor, article=article, upload=image_upload(), caption="Anh Hưởng")
    return publish(article, editor, secretariat)


def test_a_published_story_has_a_clean_vietnamese_url_and_open_graph_tags(visitor, story):
    assert story.public_path == "/guong-dien-hinh/nguyen-van-huong-phong-noi-vu"
    response = visitor.get(story.public_path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Nguyễn Văn Hưởng – Phòng Nội vụ</h1>" in html
    assert "<p>Anh <strong>Hưởng</strong> tận tụy.</p>" in html
    photo = story.photos.get()
    assert '<meta property="og:title" content="Nguyễn Văn Hưởng – Phòng Nội vụ">' in html
    assert '<meta property="og:description" content="Mười năm một cửa không trễ hẹn.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:image" content="http://testserver/anh/{photo.pk}.jpg">' in html
    image = visitor.get(f"/anh/{photo.pk}.jpg")
    assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(image.streaming_content)[:3] == b"\xff\xd8\xff"


def test_nothing_unpublished_is_visible_by_list_slug_feed_or_sitemap(
    visitor, story, hidden_articles
):  # noqa: F811
    for url in (
        "/",
        "/guong-dien-hinh/",
        "/tin-tuc/",
        "/tin-moi.atom",
        "/sitemap.xml",
    ):
        body = visitor.get(url).content.decode()
        assert not SECRET.search(body), url
        assert (story.slug in body) is (url != "/tin-tuc/"), url
    for article in hidden_articles.values():
        prefix = "guong-dien-hinh" if article.kind == ArticleKind.STORY else "tin-tuc"
        response = visitor.get(f"/{prefix}/{article.slug}")
        assert response.status_code == 404
        assert not SECRET.search(response.content.decode())
        for photo in article.photos.all():
            assert visitor.get(f"/anh/{photo.pk}.{photo.extension}").status_code == 404


def test_a_story_slug_is_not_found_among_news(visitor, story):
    assert visitor.get(f"/tin-tuc/{story.slug}").status_code == 404


def test_an_unknown_slug_gets_a_friendly_vietnamese_404(visitor):
    response = visitor.get("/guong-dien-hinh/khong-co-bai-nay")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy bài viết này." in html
    assert 'href="/"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/guong-dien-hinh/%3Cscript%3E",
        "/tin-tuc/" + "a" * 300,
        "/anh/999999.jpg",
        "/anh/1.exe",
        "/ket-qua/999999/",
        "/phong-trao-thi-dua/999999/ke-hoach.pdf",
        "/ket-qua/quyet-dinh/999999.pdf",
        "/guong-dien-hinh/?trang=x",
    ],
)
def test_bad_input_never_gives_a_500(visitor, url):
    assert visitor.get(url).status_code in {200, 404}


def test_feed_is_atom_with_the_published_items(visitor, story, world, editor, secretariat):
    news = publish(
        make_article(world, editor, kind=ArticleKind.NEWS, title="Hội nghị tổng kết"),
        editor,
        secretariat,
    )
    response = visitor.get("/tin-moi.atom")
    xml = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert xml.count("<entry>") == 2
    assert "<title>Tin tức: Hội nghị tổng kết</title>" in xml
    assert f'href="http://testserver{news.public_path}"' in xml


def test_sitemap_lists_pages_and_published_articles(visitor, story):
    xml = visitor.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/</loc>" in xml
    assert f"<loc>http://testserver{story.public_path}</loc>" in xml
    assert "<loc>http://testserver/xac-thuc/</loc>" in xml


def test_the_menu_reaches_certificate_verification(visitor):
    html = visitor.get("/").content.decode()
    assert '<a href="/xac-thuc/">Xác thực giấy khen</a>' in html
    assert visitor.get("/xac-thuc/").status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_home_makes_the_same_number_of_queries_for_1_or_3_items(
    count, visitor, world, editor, secretariat, django_assert_num_queries
):
    for i in range(count):
        for kind in (ArticleKind.NEWS, ArticleKind.STORY):
            a = make_article(world, editor, kind=kind, title=f"Bài {kind} {i}")
            services.photo_add(actor=editor, article=a, upload=image_upload(size=(40, 30)))
            publish(a, editor, secretariat)
    with django_assert_num_queries(6):
        response = visitor.get("/")
    assert response.content.decode().count('class="card"') == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_story_list_query_count_is_pinned(
    count, visitor, world, editor, secretariat, django_assert_num_queries
):
    for i in range(count):
        publish(make_article(world, editor, title=f"Gương {i}"), editor, secretariat)
    with django_assert_num_queries(3):
        response = visitor.get("/guong-dien-hinh/")
    assert response.content.decode().count('<article class="card">') == count


def test_the_issuing_bodys_page_shows_its_sanitised_profile_and_units(
    visitor, world, editor, secretariat
):
    from thidua.campaigns import services as campaign_services
    from thidua.communication.models import IssuerProfile

    services.profile_save(
        actor=editor,
        unit=world.district,
        intro='<p onmouseover="x()">Huyện vùng cao</p><script>x()</script>',
        address="Thị trấn Nguyên Bình",
        phone="0206 3872 123",
    )
    assert IssuerProfile.objects.get().intro == "<p>Huyện vùng cao</p>"
    assert "Huyện Nguyên Bình" not in visitor.get("/gioi-thieu/").content.decode()
    import datetime as dt

    c = campaign_services.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2023,
        title="Thi đua CCHC 2023",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2023, 1, 5),
        period_end=dt.date(2023, 12, 30),
    )
    type(c).objects.filter(pk=c.pk).update(state="published")
    html = visitor.get("/gioi-thieu/").content.decode()
    assert '<h2 style="margin-top:0">Huyện Nguyên Bình</h2>' in html
    assert "<p>Huyện vùng cao</p>" in html and "script" not in html.split("<main>")[1]
    assert "<h3>Cơ quan, đơn vị (1)</h3>\n    <p>Phòng Nội vụ</p>" in html
    assert "<h3>Xã, phường, thị trấn (2)</h3>\n    <p>Xã Ca Thành; Xã Yên Lạc</p>" in html


def test_the_front_page_is_the_portal_for_a_visitor_and_the_work_page_when_signed_in(
    visitor, story, client, secretariat
):  # noqa: F811
    front = visitor.get("/")
    html = front.content.decode()
    assert front.templates[0].name == "portal/home.html"
    assert story.title in html
    assert '<a class="login" href="/dang-nhap/">Đăng nhập</a>' in html
    assert '<a href="/xac-thuc/">Xác thực giấy khen</a>' in html
    # The old address keeps working for a visitor: it sends them to the portal's new home.
    old = visitor.get("/cong-thong-tin/")
    assert (old.status_code, old["Location"]) == (301, "/")
    # The login page leads a citizen who landed there to the portal.
    assert 'href="/">cổng thông tin</a>' in visitor.get("/dang-nhap/").content.decode()

    login(client, secretariat)
    work = client.get("/")
    assert work.templates[0].name == "web/home.html"
    # A signed-in user still reaches the portal at its old address.
    portal = client.get("/cong-thong-tin/")
    assert portal.templates[0].name == "portal/home.html" and story.title in portal.content.decode()
