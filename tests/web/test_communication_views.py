"""Back-office screens of communication: the editor writes, the secretariat reviews, observers
propose, documents reach each unit's inbox with read receipts. Refused personas meet data that
could leak."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.communication.conftest import image_upload
from tests.conftest import _persona, login
from thidua.communication import services
from thidua.communication.enums import ArticleKind, ArticleState, CaseState
from thidua.communication.models import Article, CaseProposal
from thidua.distribution import services as distribution_services
from thidua.distribution.enums import DocumentKind
from thidua.distribution.models import Delivery
from thidua.org.enums import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor_b(world):
    """An editor of commune B only: must not reach the district's articles."""
    return _persona("bientap.b", Role.EDITOR, world.commune_b)


def _story(world, editor, title="Gương sáng một cửa", body="<p>Nội dung</p>"):
    return services.article_create(
        actor=editor, kind=ArticleKind.STORY, unit=world.district, title=title, body=body
    )


def test_editor_writes_a_story_with_a_photo_and_the_secretariat_publishes_it(
    client, world, editor, secretariat
):
    login(client, editor)
    response = client.post(
        "/truyen-thong/bai-viet/them/guong-dien-hinh/",
        {
            "title": "Nguyễn Văn Hưởng – Phòng Nội vụ",
            "summary": "Tận tụy",
            "body": "<p>Anh Hưởng <em>tận tụy</em>.</p><script>alert(1)</script>",
            "slug": "",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == (
        f"/truyen-thong/bai-viet/{article.pk}/"
    )
    assert (article.body, article.slug) == (
        "<p>Anh Hưởng <em>tận tụy</em>.</p>",
        "nguyen-van-huong-phong-noi-vu",
    )
    client.post(
        f"/truyen-thong/bai-viet/{article.pk}/anh/",
        {"photo": image_upload(), "caption": "Anh Hưởng tại bộ phận một cửa"},
    )
    assert article.photos.get().width == 1600
    client.post(f"/truyen-thong/bai-viet/{article.pk}/gui-duyet/")
    assert client.post(f"/truyen-thong/bai-viet/{article.pk}/duyet-dang/").status_code == 403
    login(client, secretariat)
    page = client.get(f"/truyen-thong/bai-viet/{article.pk}/").content.decode()
    assert "Duyệt và đăng" in page and "Trả lại biên tập viên" in page
    client.post(f"/truyen-thong/bai-viet/{article.pk}/duyet-dang/")
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED
    client.logout()
    assert "Anh Hưởng <em>tận tụy</em>" in client.get(article.public_path).content.decode()


def test_a_photo_that_is_not_an_image_gets_a_vietnamese_message(client, world, editor):
    article = _story(world, editor)
    login(client, editor)
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(
        f"/truyen-thong/bai-viet/{article.pk}/anh/", {"photo": fake}, follow=True
    )
    assert "Nội dung tệp không phải là tệp được chấp nhận (ảnh JPEG, ảnh PNG)" in (
        response.content.decode()
    )
    assert article.photos.count() == 0


def test_returning_needs_a_reason_shown_to_the_editor(client, world, editor, secretariat):
    article = _story(world, editor)
    services.article_submit(actor=editor, article=article)
    login(client, secretariat)
    response = client.post(
        f"/truyen-thong/bai-viet/{article.pk}/tra-lai/", {"note": ""}, follow=True
    )
    assert "Cần ghi rõ lý do trả lại" in response.content.decode()
    client.post(f"/truyen-thong/bai-viet/{article.pk}/tra-lai/", {"note": "Thiếu ảnh"})
    login(client, editor)
    page = client.get(f"/truyen-thong/bai-viet/{article.pk}/").content.decode()
    assert '<dd id="review-note"><strong>Thiếu ảnh</strong></dd>' in page


def test_an_editor_of_another_unit_gets_404_and_others_are_refused(
    client, world, editor, editor_b, focal_a, observer
):
    article = _story(world, editor, title="Bài của huyện")
    photo = services.photo_add(actor=editor, article=article, upload=image_upload())
    login(client, editor_b)
    assert client.get(f"/truyen-thong/bai-viet/{article.pk}/").status_code == 404
    assert client.get(f"/truyen-thong/anh/{photo.pk}").status_code == 404
    assert client.post(f"/truyen-thong/bai-viet/{article.pk}/gui-duyet/").status_code == 404
    assert "Bài của huyện" not in client.get("/truyen-thong/").content.decode()
    for user in (focal_a, observer):
        login(client, user)
        assert client.get("/truyen-thong/").status_code == 403
        assert client.get(f"/truyen-thong/bai-viet/{article.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/truyen-thong/bai-viet/{article.pk}/").status_code == 302


def test_observer_proposes_a_case_the_editor_takes_it(client, world, observer, editor, focal_a):
    login(client, observer)
    client.post(
        "/truyen-thong/de-xuat/",
        {
            "unit": world.district.pk,
            "subject_name": "Bà Hoàng Thị Nhung",
            "subject_detail": "Hội viên Hội Phụ nữ xã Yên Lạc",
            "description": "Vận động 30 hộ làm thủ tục trực tuyến.",
            "contact": "0912 345 678",
        },
    )
    case = CaseProposal.objects.get()
    assert (case.unit, case.proposer, case.state) == (world.district, observer, CaseState.NEW)
    login(client, focal_a)
    assert client.get(f"/truyen-thong/de-xuat/{case.pk}/").status_code == 404
    assert "Hoàng Thị Nhung" not in client.get("/truyen-thong/de-xuat/").content.decode()
    login(client, editor)
    assert "Bà Hoàng Thị Nhung" in client.get("/truyen-thong/de-xuat/").content.decode()
    response = client.post(f"/truyen-thong/de-xuat/{case.pk}/nhan-viet/")
    article = Article.objects.get(case=case)
    assert response["Location"] == f"/truyen-thong/bai-viet/{article.pk}/"
    assert article.title == "Bà Hoàng Thị Nhung"


@pytest.fixture
def sent(world, secretariat):
    return distribution_services.document_distribute(
        actor=secretariat,
        kind=DocumentKind.DECISION,
        title="Tặng Giấy khen",
        reference="15/QĐ-UBND",
        units=[world.commune_a],
        sender_unit=world.district,
        file=("quyet-dinh.pdf", PDF),
    )


def test_inbox_shows_the_unit_its_documents_and_the_sender_sees_who_opened(
    client, sent, focal_a, focal_b, secretariat
):
    delivery = Delivery.objects.get()
    login(client, focal_b)
    assert "15/QĐ-UBND" not in client.get("/van-ban-den/").content.decode()
    assert client.get(f"/van-ban-den/{delivery.pk}/").status_code == 404
    assert client.get(f"/van-ban-den/{delivery.pk}/tep").status_code == 404
    assert client.get("/van-ban-di/").status_code == 403
    login(client, focal_a)
    assert "Quyết định số 15/QĐ-UBND" in client.get("/van-ban-den/").content.decode()
    download = client.get(f"/van-ban-den/{delivery.pk}/tep")
    assert b"".join(download.streaming_content) == PDF
    delivery.refresh_from_db()
    assert delivery.opened_by == focal_a
    login(client, secretariat)
    page = client.get(f"/van-ban-di/{sent.pk}/").content.decode()
    assert '<dd id="opened-count">1/1 đơn vị</dd>' in page
    assert "daumoi.a" in page


def test_secretariat_sends_a_file_to_chosen_units(client, world, secretariat, focal_b):
    login(client, secretariat)
    response = client.post(
        "/van-ban-di/",
        {
            "kind": "minutes",
            "reference": "03/BB-HĐ",
            "title": "Biên bản họp Hội đồng",
            "units": [world.commune_b.pk],
            "file": SimpleUploadedFile("bien ban.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    login(client, focal_b)
    assert "Biên bản số 03/BB-HĐ" in client.get("/van-ban-den/").content.decode()


def test_sending_a_non_document_file_is_refused_in_vietnamese(client, world, secretariat):
    login(client, secretariat)
    response = client.post(
        "/van-ban-di/",
        {
            "kind": "other",
            "title": "x",
            "units": [world.commune_b.pk],
            "file": SimpleUploadedFile("x.pdf", b"<html>", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "Nội dung tệp không phải là tệp được chấp nhận" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_article_list_query_count_is_pinned(
    count, client, world, editor, django_assert_num_queries
):
    for i in range(count):
        _story(world, editor, title=f"Bài {i}")
    login(client, editor)
    client.get("/truyen-thong/")  # the session is loaded once
    with django_assert_num_queries(9):
        response = client.get("/truyen-thong/")
    assert response.content.decode().count("/truyen-thong/bai-viet/") - 2 == count


@pytest.mark.parametrize("count", [1, 3])
def test_inbox_and_sent_query_counts_are_pinned(
    count, client, world, secretariat, focal_a, django_assert_num_queries
):
    for i in range(count):
        distribution_services.document_distribute(
            actor=secretariat,
            kind=DocumentKind.OTHER,
            title=f"Công văn {i}",
            units=[world.commune_a],
            sender_unit=world.district,
            url="/phong-trao/",
        )
    login(client, focal_a)
    with django_assert_num_queries(7):
        response = client.get("/van-ban-den/")
    assert response.content.decode().count("Công văn ") == count
    login(client, secretariat)
    with django_assert_num_queries(9):
        response = client.get("/van-ban-di/")
    assert response.content.decode().count("Công văn ") == count
